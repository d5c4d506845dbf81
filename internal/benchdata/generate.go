package benchdata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
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

// reference creates organisations, users, series and question sets through the stores.
func (g *gen) reference(ctx context.Context) error {
	start := time.Now()
	for i := range g.size.Organisations {
		o := conference.Organisation{Name: fmt.Sprintf("Sociaal wijkteam %d", i), Kind: conference.OrgWijkteam}
		if i < len(orgSpecs) {
			o.Name, o.Kind = orgSpecs[i].name, orgSpecs[i].kind
		}
		if err := g.conf.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		g.orgs = append(g.orgs, o)
	}
	g.zvh = g.orgs[0].ID

	user := func(name, email string, org int64, roles ...conference.Role) (int64, error) {
		u := conference.User{Name: name, Email: email, OrganisationID: org, Roles: roles, Active: true, PasswordHash: g.hash}
		if err := g.conf.CreateUser(ctx, &u); err != nil {
			return 0, fmt.Errorf("user %s: %w", email, err)
		}
		return u.ID, nil
	}
	made := 0
	if _, err := user("Beheer Veiligheidshuis", "beheer@zvh.example.nl", g.zvh, conference.RoleAdmin); err != nil {
		return err
	}
	made++
	chairs := make([][2]int64, g.size.Series)
	for s := range g.size.Series {
		var err error
		chairs[s][0], err = user(g.personName(), fmt.Sprintf("voorzitter%d@zvh.example.nl", s+1), g.zvh,
			conference.RoleChair, conference.RoleParticipant)
		if err != nil {
			return err
		}
		chairs[s][1], err = user(g.personName(), fmt.Sprintf("notulist%d@zvh.example.nl", s+1), g.zvh,
			conference.RoleSecretary, conference.RoleParticipant)
		if err != nil {
			return err
		}
		g.usersOf[g.zvh] = append(g.usersOf[g.zvh], chairs[s][0], chairs[s][1])
		made += 2
	}
	for i := 0; made < g.size.Users; i++ {
		org := g.orgs[1+i%(len(g.orgs)-1)]
		id, err := user(g.personName(), fmt.Sprintf("deelnemer%03d@org%02d.example.nl", i+1, 1+i%(len(g.orgs)-1)), org.ID,
			conference.RoleParticipant)
		if err != nil {
			return err
		}
		g.usersOf[org.ID] = append(g.usersOf[org.ID], id)
		made++
	}
	g.out.line("organisations and users", len(g.orgs), made, start)

	start = time.Now()
	for s := range g.size.Series {
		spec := seriesSpecs[s]
		members := []int64{g.zvh}
		for _, o := range g.orgs[1:] {
			if s == 0 || g.chance(0.6) {
				members = append(members, o.ID)
			}
		}
		for len(members) < 4 { // a series needs partners to discuss anything
			if o := pickFrom(g, g.orgs[1:]); !slices.Contains(members, o.ID) {
				members = append(members, o.ID)
			}
		}
		sr := conference.Series{Name: spec.name, Description: "Wekelijks casusoverleg van de zorg- en veiligheidspartners.",
			DefaultLocation: spec.location, DefaultDurationMinutes: 180, MemberOrganisationIDs: members,
			DefaultChairID: &chairs[s][0], DefaultSecretaryID: &chairs[s][1]}
		if err := g.conf.SaveSeries(ctx, &sr); err != nil {
			return fmt.Errorf("series %s: %w", sr.Name, err)
		}
		g.series = append(g.series, plannedSeries{Series: sr, themes: spec.themes})
	}
	// Neighbourhood question sets beside the built-in ones, four areas each.
	for i := 0; i+4 <= len(areas); i += 4 {
		qs := agenda.QuestionSet{Key: fmt.Sprintf("wijk-%s", areas[i].pc4), Name: "Wijkvragen " + areas[i].name + " e.o.",
			Description: "Vragen van het gebiedsteam over de buurt van de cliënt.", Position: 50 + i, Active: true,
			ItemKinds: []agenda.Kind{agenda.KindNew, agenda.KindFollowUp}}
		for _, a := range areas[i : i+4] {
			qs.Postcodes = append(qs.Postcodes, a.pc4)
		}
		qs.Questions = []agenda.Question{
			{Key: "netwerk", Text: "Wie in de buurt kent de cliënt, en wie is een steun of een risico?", Kind: agenda.AnswerText},
			{Key: "overlast", Text: "Zijn er meldingen van overlast in de straat?", Kind: agenda.AnswerYesNo},
			{Key: "wijkagent", Text: "Wat ziet de wijkagent?", Kind: agenda.AnswerText},
		}
		if err := g.agenda.CreateQuestionSet(ctx, &qs); err != nil {
			return fmt.Errorf("question set %s: %w", qs.Key, err)
		}
	}
	sets, err := g.agenda.QuestionSets(ctx, true)
	if err != nil {
		return err
	}
	g.sets = sets
	g.out.line("series and question sets", len(g.series), len(sets), start)
	return nil
}

func (g *gen) personName() string { return pickFrom(g, firstNames) + " " + pickFrom(g, lastNames) }

// SignedWeeks is how many of the last meetings before the one still being
// minuted have signed minutes; older ones are final.
const SignedWeeks = 4

// sign has the chair and the secretary of each series approve the final
// minutes of the last SignedWeeks meetings, through the minutes store, so
// that the signed content and its hash are what the application makes.
func (g *gen) sign(ctx context.Context) error {
	start := time.Now()
	var clock time.Time
	store := minutes.NewStore(g.db, func() time.Time { return clock }, g.conf, g.agenda)
	signed := 0
	for _, sr := range g.series {
		chair, err := g.conf.User(ctx, *sr.DefaultChairID)
		if err != nil {
			return err
		}
		secretary, err := g.conf.User(ctx, *sr.DefaultSecretaryID)
		if err != nil {
			return err
		}
		held := g.size.Weeks - 1
		for k := max(held-SignedWeeks, 0); k < held; k++ {
			m := sr.meetings[k]
			clock = m.starts.AddDate(0, 0, 3)
			for _, u := range []conference.User{chair, secretary} {
				if _, err := store.Approve(ctx, conference.ActorOf(&u), u.Name, m.id); err != nil {
					return fmt.Errorf("sign the minutes of %s: %w", m.starts.Format(time.DateOnly), err)
				}
			}
			signed++
		}
	}
	g.summary = append(g.summary, TableCount{Table: "minutes_signed", Rows: signed})
	g.out.line("signed minutes", signed, signed, start)
	return nil
}

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

// plan works out every row of the history in memory.
func (g *gen) plan() error {
	start := time.Now()
	weeks := g.size.Weeks
	held, upcoming, draft := weeks-1, weeks, weeks+1 // indexes: the last held, the published, the draft meeting
	var confID int64
	for s := range g.series {
		spec := seriesSpecs[s]
		next := nextSlot(g.now, spec.weekday, spec.hour, spec.minute)
		for k := 0; k <= draft; k++ {
			g.series[s].meetings = append(g.series[s].meetings, meeting{starts: next.AddDate(0, 0, 7*(k-upcoming)).UTC()})
		}
	}
	// Conference ids follow time, as they would have been created.
	for k := 0; k <= draft; k++ {
		for s := range g.series {
			sr := &g.series[s]
			confID++
			m := &sr.meetings[k]
			m.id = confID
			status := conference.StatusClosed
			switch k {
			case upcoming:
				status = conference.StatusPublished
			case draft:
				status = conference.StatusDraft
			}
			c := conference.Conference{SeriesID: sr.ID, StartsAt: m.starts, DurationMinutes: sr.DefaultDurationMinutes,
				Location: sr.DefaultLocation, ChairID: sr.DefaultChairID, SecretaryID: sr.DefaultSecretaryID, Status: status}
			if err := c.Validate(); err != nil {
				return fmt.Errorf("meeting: %w", err)
			}
			created := m.starts.AddDate(0, 0, -14)
			g.rows.conferences = append(g.rows.conferences, conferenceRow{ID: m.id, SeriesID: c.SeriesID, StartsAt: c.StartsAt,
				DurationMinutes: c.DurationMinutes, Location: c.Location, ChairID: c.ChairID, SecretaryID: c.SecretaryID,
				Status: string(c.Status), Version: 1, CreatedAt: created, UpdatedAt: created})
		}
	}

	cases := g.planCases()
	if err := g.caseRows(cases, held, draft); err != nil {
		return err
	}
	for s := range g.series {
		sr := &g.series[s]
		for k := 0; k <= upcoming; k++ {
			if err := g.meetingRows(sr, k, held, upcoming); err != nil {
				return err
			}
		}
	}
	g.out.line("planned", len(g.rows.conferences), len(g.rows.items), start)
	return nil
}

// planCases spreads the cases over the series and their meetings: each case
// is discussed three to nine times, every other week from its first meeting.
func (g *gen) planCases() []*plannedCase {
	weeks, draft := g.size.Weeks, g.size.Weeks+1
	perMeeting := g.size.ItemsPerMeeting - 2 // an opening and a closing item
	var all []*plannedCase
	for s := range g.series {
		sr := &g.series[s]
		n := g.size.Cases / len(g.series)
		if s < g.size.Cases%len(g.series) {
			n++
		}
		var members []int64
		for _, id := range sr.MemberOrganisationIDs {
			if id != g.zvh {
				members = append(members, id)
			}
		}
		for j := range n {
			pc := &plannedCase{series: s}
			first := j * (weeks + 1) / n
			for k, times := first, 3+g.pick(7); k <= draft && times > 0; k, times = k+2, times-1 {
				pc.meetings = append(pc.meetings, k)
			}
			area := pickFrom(g, areas)
			theme := pickFrom(g, sr.themes)
			referrer := pickFrom(g, members)
			involved := []int64{referrer}
			for want := 1 + g.pick(4); len(involved) <= want && len(involved) < len(members); {
				if o := pickFrom(g, members); !slices.Contains(involved, o) {
					involved = append(involved, o)
				}
			}
			pc.Case = conference.Case{Subject: g.subject(theme), Theme: theme, Postcode: area.pc4, Neighbourhood: area.name,
				ReferringOrganisationID: referrer, InvolvedOrganisationIDs: involved, Summary: pickFrom(g, summaries[theme])}
			if g.chance(0.6) {
				if us := g.usersOf[referrer]; len(us) > 0 {
					id := pickFrom(g, us)
					pc.CaseDirectorID = &id
				}
			}
			pc.created = sr.meetings[first].starts.AddDate(0, 0, -7-g.pick(14))
			all = append(all, pc)
			for _, k := range pc.meetings {
				if k < len(sr.meetings) && k != draft {
					m := &sr.meetings[k]
					m.cases = append(m.cases, pc)
				}
			}
		}
		// A meeting takes as many cases as fit; a case that does not fit is not discussed that week.
		for k := range sr.meetings {
			m := &sr.meetings[k]
			if len(m.cases) > perMeeting {
				for _, pc := range m.cases[perMeeting:] {
					pc.meetings = slices.DeleteFunc(pc.meetings, func(x int) bool { return x == k })
				}
				m.cases = m.cases[:perMeeting]
			}
		}
	}
	// Ids and references follow the order of referral.
	slices.SortStableFunc(all, func(a, b *plannedCase) int { return a.created.Compare(b.created) })
	seq := map[int]int{}
	for i, pc := range all {
		pc.ID = int64(i + 1)
		year := pc.created.In(amsterdam).Year()
		seq[year]++
		pc.seq = seq[year]
		pc.Reference = conference.FormatReference(year, pc.seq)
	}
	return all
}

func (g *gen) subject(theme conference.Theme) string {
	switch theme {
	case conference.ThemeDomestic:
		return "Gezin " + pickFrom(g, familyInitials)
	case conference.ThemeYouth:
		return fmt.Sprintf("%s (%d) %s", pickFrom(g, initials), 12+g.pick(6), pickFrom(g, familyInitials))
	}
	return fmt.Sprintf("%s %s (%d)", pickFrom(g, initials), pickFrom(g, familyInitials), 1960+g.pick(46))
}

// caseRows sets each case's status and review date from its discussions: a
// case due at the draft meeting has that day as review date, so that the
// agenda build carries it over; recent cases are in progress, older ones
// mostly closed.
func (g *gen) caseRows(cases []*plannedCase, held, draft int) error {
	for _, pc := range cases {
		sr := &g.series[pc.series]
		last := -1
		for _, k := range pc.meetings {
			if k <= held+1 {
				last = k
			}
		}
		pc.Status = conference.CaseClosed
		switch {
		case last < 0: // only planned for the draft meeting, or never fitted in
			pc.Status = conference.CaseReferred
		case slices.Contains(pc.meetings, draft):
			pc.Status = conference.CaseInProgress
			d := dateOf(sr.meetings[draft].starts)
			pc.ReviewDate = &d
		case last >= held-3:
			pc.Status = conference.CaseInProgress
			d := dateOf(sr.meetings[last].starts.AddDate(0, 0, 42))
			pc.ReviewDate = &d
		case g.chance(0.1):
			pc.Status = conference.CaseMonitoring
			d := dateOf(sr.meetings[draft].starts.AddDate(0, 0, 7*(4+g.pick(22))))
			pc.ReviewDate = &d
		}
		if err := pc.Validate(); err != nil {
			return fmt.Errorf("case %s: %w", pc.Reference, err)
		}
		updated := pc.created
		if last >= 0 {
			updated = sr.meetings[last].starts
		}
		g.rows.cases = append(g.rows.cases, caseRow{ID: pc.ID, Year: pc.created.In(amsterdam).Year(), Seq: pc.seq,
			Reference: pc.Reference, Subject: pc.Subject, Theme: string(pc.Theme), Postcode: pc.Postcode,
			Neighbourhood: pc.Neighbourhood, ReferringOrganisationID: pc.ReferringOrganisationID, CaseDirectorID: pc.CaseDirectorID,
			Status: string(pc.Status), Summary: pc.Summary, ReviewDate: pc.ReviewDate, Version: 1,
			CreatedAt: pc.created, UpdatedAt: updated})
		for _, o := range pc.InvolvedOrganisationIDs {
			g.rows.caseOrgs = append(g.rows.caseOrgs, caseOrgRow{CaseID: pc.ID, OrganisationID: o})
		}
	}
	return nil
}

// meetingRows plans the agenda of meeting k and, for a held meeting, its
// attendance and minutes.
func (g *gen) meetingRows(sr *plannedSeries, k, held, upcoming int) error {
	m := sr.meetings[k]
	chair, secretary := *sr.DefaultChairID, *sr.DefaultSecretaryID
	present := g.attendance(sr, k, chair, secretary)
	if k <= held {
		rec := recordRow{ConferenceID: m.id, Status: string(minutes.RecordFinal)}
		if k == held {
			rec.Status = string(minutes.RecordDraft) // the secretary is still working on these
		} else {
			at := m.starts.AddDate(0, 0, 2)
			rec.FinalisedAt, rec.FinalisedBy = &at, &secretary
		}
		g.rows.records = append(g.rows.records, rec)
	}
	pos := 0
	general := func(title string) error {
		pos++
		it := agenda.Item{ID: g.nextItemID(), ConferenceID: m.id, Title: title, Kind: agenda.KindGeneral, Status: agenda.StatusAccepted,
			ProposedByID: &chair, ProposingOrgID: g.zvh, RequestedMinutes: 5, PlannedMinutes: 5, Position: pos}
		if err := g.item(it, m, nil); err != nil {
			return err
		}
		if k <= held {
			g.rows.itemRecords = append(g.rows.itemRecords, itemRecordRow{ItemID: it.ID, ConferenceID: m.id,
				Summary: "Geen bijzonderheden.", Version: 1, UpdatedBy: secretary, UpdatedAt: m.starts.Add(3 * time.Hour)})
		}
		return nil
	}
	if err := general(generalTitles[0]); err != nil {
		return err
	}
	for _, pc := range m.cases {
		nth := slices.Index(pc.meetings, k)
		caseID := pc.ID
		it := agenda.Item{ID: g.nextItemID(), ConferenceID: m.id, CaseID: &caseID, Kind: agenda.KindFollowUp,
			Status: agenda.StatusAccepted, ProposingOrgID: pc.ReferringOrganisationID, RequestedMinutes: 10, PlannedMinutes: 10,
			Reason: "evaluatie van de afspraken uit het vorige overleg"}
		switch {
		case nth == 0:
			it.Kind, it.RequestedMinutes, it.PlannedMinutes = agenda.KindNew, 15, 15
			it.Reason = "nieuwe aanmelding: " + pc.Summary
			if us := g.usersOf[pc.ReferringOrganisationID]; len(us) > 0 {
				id := pickFrom(g, us)
				it.ProposedByID = &id
			}
		case g.chance(0.06):
			it.Kind, it.Reason = agenda.KindMandateReport, "mandaat gebruikt sinds het vorige overleg"
			it.AutoAdded = true
		default:
			it.AutoAdded = g.chance(0.7)
		}
		if k < upcoming {
			switch r := g.rng.Float64(); {
			case r > 0.98:
				it.Status, it.DecisionNote = agenda.StatusRejected, "Past beter in het overleg van het wijkteam."
			case r > 0.95:
				it.Status, it.DecisionNote = agenda.StatusDeferred, "Informatie van de partners nog niet compleet; volgende week."
				next := sr.meetings[k+1].id
				it.DeferredToID = &next
			}
		}
		// Only the accepted items are on the agenda, in order; a rejected or
		// deferred proposal comes on top of the meeting's items.
		var sets []agenda.QuestionSet
		if it.Status == agenda.StatusAccepted {
			pos++
			it.Position = pos
			sets = agenda.Select(g.sets, pc.Case, it.Kind)
		}
		if err := g.item(it, m, sets); err != nil {
			return err
		}
		if k <= held && it.Status == agenda.StatusAccepted {
			if err := g.minutesOf(pc, it, m, sets, present, secretary, nth == len(pc.meetings)-1); err != nil {
				return err
			}
		}
	}
	for i := 1; pos < g.size.ItemsPerMeeting; i++ {
		title := generalTitles[1+i%(len(generalTitles)-1)]
		if pos == g.size.ItemsPerMeeting-1 {
			title = generalTitles[1]
		}
		if err := general(title); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) nextItemID() int64 { return int64(len(g.rows.items) + 1) }

func (g *gen) item(it agenda.Item, m meeting, sets []agenda.QuestionSet) error {
	for _, qs := range sets {
		it.QuestionSetIDs = append(it.QuestionSetIDs, qs.ID)
	}
	if err := it.Validate(); err != nil {
		return fmt.Errorf("agenda item: %w", err)
	}
	created := m.starts.AddDate(0, 0, -7)
	g.rows.items = append(g.rows.items, itemRow{ID: it.ID, ConferenceID: it.ConferenceID, CaseID: it.CaseID, Title: it.Title,
		Kind: string(it.Kind), Status: string(it.Status), Reason: it.Reason, DecisionNote: it.DecisionNote,
		ProposedByID: it.ProposedByID, ProposingOrgID: it.ProposingOrgID, RequestedMinutes: it.RequestedMinutes,
		PlannedMinutes: it.PlannedMinutes, Position: it.Position, AutoAdded: it.AutoAdded, DeferredToID: it.DeferredToID,
		Version: 1, CreatedAt: created, UpdatedAt: created})
	for i, id := range it.QuestionSetIDs {
		g.rows.itemSets = append(g.rows.itemSets, itemSetRow{ItemID: it.ID, QuestionSetID: id, Position: i + 1})
	}
	return nil
}

// attendance plans who came to a held meeting (one person per member
// organisation) and returns the organisations present. Meetings ahead have
// no attendance yet.
func (g *gen) attendance(sr *plannedSeries, k int, chair, secretary int64) []int64 {
	if k >= g.size.Weeks {
		return nil
	}
	m := sr.meetings[k]
	present := []int64{g.zvh}
	g.rows.attendance = append(g.rows.attendance,
		attendanceRow{ConferenceID: m.id, UserID: chair, OrganisationID: g.zvh, Presence: string(conference.Present)},
		attendanceRow{ConferenceID: m.id, UserID: secretary, OrganisationID: g.zvh, Presence: string(conference.Present)})
	for _, org := range sr.MemberOrganisationIDs {
		us := g.usersOf[org]
		if org == g.zvh || len(us) == 0 {
			continue
		}
		p, remark := conference.Present, ""
		switch r := g.rng.Float64(); {
		case r > 0.97:
			p = conference.Absent
		case r > 0.90:
			p, remark = conference.Excused, "Schriftelijke inbreng gestuurd."
		}
		if p == conference.Present {
			present = append(present, org)
		}
		g.rows.attendance = append(g.rows.attendance, attendanceRow{ConferenceID: m.id, UserID: us[k%len(us)],
			OrganisationID: org, Presence: string(p), Remark: remark})
	}
	return present
}

// minutesOf plans the record of a case item: a summary, answers, decisions
// with the positions of the present involved organisations, now and then a
// mandate, and actions.
func (g *gen) minutesOf(pc *plannedCase, it agenda.Item, m meeting, sets []agenda.QuestionSet, present []int64, secretary int64, last bool) error {
	at := m.starts.Add(time.Duration(it.Position*10) * time.Minute)
	caseID := pc.ID
	rec := minutes.ItemRecord{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Summary: pickFrom(g, recordSummaries),
		Answers: map[string]string{}}
	for _, qs := range sets {
		for _, q := range qs.Questions {
			if q.Kind == agenda.AnswerText {
				rec.Answers[qs.Key+"."+q.Key] = "Besproken; zie het verslag van de casusregisseur."
				break
			}
		}
	}
	if err := rec.Validate(); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	answers, _ := json.Marshal(rec.Answers) // a map of strings always marshals
	g.rows.itemRecords = append(g.rows.itemRecords, itemRecordRow{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID,
		Summary: rec.Summary, Answers: string(answers), Version: 1, UpdatedBy: secretary, UpdatedAt: at})

	var involved []int64
	for _, o := range pc.InvolvedOrganisationIDs {
		if slices.Contains(present, o) {
			involved = append(involved, o)
		}
	}
	decisions := 1
	switch r := g.rng.Float64(); {
	case r < 0.10:
		decisions = 0
	case r > 0.85:
		decisions = 2
	}
	for i := range decisions {
		d := minutes.Decision{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Text: pickFrom(g, decisionTexts),
			Kind: minutes.DecisionPlan}
		switch {
		case it.Kind == agenda.KindNew && i == 0:
		case last && pc.Status == conference.CaseClosed && i == 0:
			d.Kind, d.Text = minutes.DecisionClosure, "De casus wordt afgesloten; de partners zetten de zorg regulier voort."
		case len(involved) > 0 && g.chance(0.04):
			d.Kind = minutes.DecisionMandateGrant
			grantee := pickFrom(g, involved)
			d.Mandate = &minutes.Mandate{ConferenceID: m.id, CaseID: caseID, GranteeOrganisationID: grantee,
				Scope: pickFrom(g, mandateScopes), Conditions: "Terugkoppeling in het eerstvolgende overleg.",
				ValidFrom: m.starts, ValidUntil: m.starts.AddDate(0, 0, 56)}
			if us := g.usersOf[grantee]; len(us) > 0 && g.chance(0.5) {
				id := pickFrom(g, us)
				d.Mandate.GranteeUserID = &id
			}
		case len(involved) > 1 && g.chance(0.02):
			d.Kind, d.Text = minutes.DecisionEscalation, "Voorstel om de zorg te beëindigen; niet alle partners stemmen in."
		case g.chance(0.3):
			d.Kind = minutes.DecisionOther
		}
		for j, o := range involved {
			p := minutes.Position{OrganisationID: o, Stance: minutes.Agree}
			switch {
			case d.Kind == minutes.DecisionEscalation && j == 1:
				p.Stance, p.Remark = minutes.Object, "Risico's zijn onvoldoende afgedekt."
			case g.chance(0.04):
				p.Stance = minutes.Abstain
			}
			d.Positions = append(d.Positions, p)
		}
		if err := d.Validate(involved); err != nil {
			return fmt.Errorf("decision: %w", err)
		}
		d.Outcome = minutes.Decide(d.Positions, involved)
		d.ID = int64(len(g.rows.decisions) + 1)
		row := decisionRow{ID: d.ID, ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Text: d.Text, Kind: string(d.Kind),
			Outcome: string(d.Outcome), CreatedBy: secretary, CreatedAt: at}
		if d.Outcome == minutes.Escalated && m.starts.Before(g.now.AddDate(0, 0, -28)) {
			resolved := m.starts.AddDate(0, 0, 10)
			row.Outcome, row.Resolution, row.ResolvedAt = string(minutes.Resolved), "In de stuurgroep besloten de zorg voort te zetten.", &resolved
		}
		g.rows.decisions = append(g.rows.decisions, row)
		for _, p := range d.Positions {
			g.rows.positions = append(g.rows.positions, positionRow{DecisionID: d.ID, OrganisationID: p.OrganisationID,
				Stance: string(p.Stance), Remark: p.Remark})
		}
		if md := d.Mandate; md != nil {
			g.mandate(d.ID, md, at)
		}
	}

	actions := []int{0, 1, 1, 2, 2, 3}[g.pick(6)]
	for range actions {
		owner := pickFrom(g, pc.InvolvedOrganisationIDs)
		a := minutes.Action{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, What: pickFrom(g, actionTexts),
			OwnerOrganisationID: owner, DueDate: dateOf(m.starts.AddDate(0, 0, 14+7*g.pick(3)))}
		if us := g.usersOf[owner]; len(us) > 0 && g.chance(0.5) {
			id := pickFrom(g, us)
			a.OwnerUserID = &id
		}
		if err := a.Validate(); err != nil {
			return fmt.Errorf("action: %w", err)
		}
		row := actionRow{ID: int64(len(g.rows.actions) + 1), ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, What: a.What,
			OwnerOrganisationID: owner, OwnerUserID: a.OwnerUserID, DueDate: a.DueDate, CreatedAt: at}
		// Old actions are done (a few linger); recent ones are half done.
		done := g.chance(0.4)
		if a.DueDate.Before(g.now.AddDate(0, 0, -7)) {
			done = g.chance(0.998)
		}
		if done {
			doneAt := a.DueDate.AddDate(0, 0, -g.pick(10))
			if !doneAt.After(m.starts) {
				doneAt = m.starts.AddDate(0, 0, 1)
			}
			if doneAt.After(g.now) {
				doneAt = g.now
			}
			by := a.OwnerUserID
			if by == nil {
				if us := g.usersOf[owner]; len(us) > 0 {
					by = &us[0]
				}
			}
			row.DoneAt, row.DoneNote, row.DoneBy = &doneAt, "Uitgevoerd en teruggekoppeld.", by
		}
		g.rows.actions = append(g.rows.actions, row)
	}
	return nil
}

// mandate plans a mandate and, for three in ten, quick actions taken under it.
func (g *gen) mandate(decisionID int64, md *minutes.Mandate, at time.Time) {
	md.ID = int64(len(g.rows.mandates) + 1)
	g.rows.mandates = append(g.rows.mandates, mandateRow{ID: md.ID, DecisionID: decisionID, ConferenceID: md.ConferenceID,
		CaseID: md.CaseID, GranteeOrganisationID: md.GranteeOrganisationID, GranteeUserID: md.GranteeUserID, Scope: md.Scope,
		Conditions: md.Conditions, ValidFrom: md.ValidFrom, ValidUntil: md.ValidUntil, CreatedAt: at})
	us := g.usersOf[md.GranteeOrganisationID]
	if len(us) == 0 || !g.chance(0.3) {
		return
	}
	for range 1 + g.pick(2) {
		taken := md.ValidFrom.Add(time.Duration(1+g.pick(54*24)) * time.Hour)
		if taken.After(g.now) {
			continue
		}
		by := us[0]
		if md.GranteeUserID != nil {
			by = *md.GranteeUserID
		}
		g.rows.quick = append(g.rows.quick, quickActionRow{ID: int64(len(g.rows.quick) + 1), MandateID: md.ID, TakenAt: taken,
			What: "Direct gesprek gevoerd en de partners geïnformeerd.", ByUserID: by, LoggedAt: taken.Add(time.Hour)})
	}
}
