package benchdata

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// ErrNotEmpty is returned when the database holds organisations already: the
// generated region is meant for a database of its own.
var ErrNotEmpty = errors.New("the database is not empty: generate a benchmark region into a new database")

// Options are what Generate needs besides the size.
type Options struct {
	// Now is the moment the region is generated for: the history lies before
	// it, the published meeting of each series after it. Zero means time.Now.
	Now time.Time
	// PasswordHash is the stored password hash of every generated user.
	PasswordHash string
	// Progress receives a line per step; nil means silence.
	Progress io.Writer
	// Seed makes the region reproducible; the same seed gives the same data.
	Seed uint64
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Generate fills an empty, migrated database with a region of the given
// size: organisations, users, series and neighbourhood question sets through
// the domain stores (validated as any other), and the history — meetings,
// cases, agenda items, attendance, minutes with decisions, positions, actions,
// mandates and quick actions — validated by the domain types and written in
// batched inserts, one transaction per table.
func Generate(ctx context.Context, db *gorm.DB, size Size, opts Options) (Summary, error) {
	if err := size.Validate(); err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g := &gen{db: db, size: size, now: opts.Now.UTC(), hash: opts.PasswordHash,
		rng: rand.New(rand.NewPCG(opts.Seed, 2026)), out: newProgress(opts.Progress),
		usersOf: map[int64][]int64{}}
	g.conf = conference.NewStore(db, func() time.Time { return g.now })
	g.agenda = agenda.NewStore(db, func() time.Time { return g.now }, g.conf)
	var n int64
	if err := db.WithContext(ctx).Table("organisations").Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	if err := g.reference(ctx); err != nil {
		return nil, err
	}
	if err := g.plan(); err != nil {
		return nil, err
	}
	if err := g.write(ctx); err != nil {
		return nil, err
	}
	if err := g.sign(ctx); err != nil {
		return nil, err
	}
	g.out.done(g.summary)
	return g.summary, nil
}

type gen struct {
	db     *gorm.DB
	size   Size
	now    time.Time
	hash   string
	rng    *rand.Rand
	out    *progress
	conf   *conference.Store
	agenda *agenda.Store

	orgs    []conference.Organisation
	zvh     int64
	usersOf map[int64][]int64 // organisation → its participants
	series  []plannedSeries
	sets    []agenda.QuestionSet

	rows    tables
	summary Summary
}

type plannedSeries struct {
	conference.Series
	themes   []conference.Theme
	meetings []meeting // Weeks held, then the published one, then a draft
}

type meeting struct {
	id     int64
	starts time.Time
	cases  []*plannedCase // the case items in order
}

type plannedCase struct {
	conference.Case
	series   int
	meetings []int // indexes of the series' meetings where it is discussed
	created  time.Time
	seq      int // number of the case in the year of its referral
}

// tables holds the planned rows, in the order they are written.
type tables struct {
	conferences []conferenceRow
	cases       []caseRow
	caseOrgs    []caseOrgRow
	persons     []personRow // see persons.go
	attendance  []attendanceRow
	items       []itemRow
	itemSets    []itemSetRow
	records     []recordRow
	itemRecords []itemRecordRow
	decisions   []decisionRow
	positions   []positionRow
	mandates    []mandateRow
	quick       []quickActionRow
	actions     []actionRow
}

func (g *gen) pick(n int) int { return g.rng.IntN(n) }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pickFrom[T any](g *gen, list []T) T { return list[g.pick(len(list))] }

// nextSlot is the first meeting time of a series at or after now.
func nextSlot(now time.Time, weekday, hour, minute int) time.Time {
	local := now.In(amsterdam)
	monday := local.AddDate(0, 0, -((int(local.Weekday()) + 6) % 7))
	t := time.Date(monday.Year(), monday.Month(), monday.Day()+weekday, hour, minute, 0, 0, amsterdam)
	for t.Before(now) {
		t = t.AddDate(0, 0, 7)
	}
	return t
}

func dateOf(t time.Time) time.Time {
	l := t.In(amsterdam)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}
