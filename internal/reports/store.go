package reports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// builders make the tables of a report, in display order.
var builders = []func(*query) (Table, error){(*query).summary, (*query).neighbourhoods, (*query).themes,
	(*query).referrers, (*query).trend, (*query).repeatsPerSeries, (*query).actions, (*query).mandates,
	(*query).escalations, (*query).attendance}

// lanes group the builders (by their index) that run one after another on
// one connection. The two lanes run side by side and cost about the same:
// the first reads cases, the second actions, meetings and decisions. Every
// connection starts a report with an empty page cache (SQLite drops it when
// another connection wrote, as each report view's audit event does), so
// one connection per builder read the pages they share once for each; and
// ten queries at once on two cores finish no sooner than two lanes. On an
// in-memory test database (one connection) the lanes run one after the other.
var lanes = [][]int{{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}}

// Store builds reports from the records of the other packages with
// aggregate queries; it reads their tables and writes nothing.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a Store on db; now is the clock (tests pass a fixed one).
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// held are the conference states of a meeting that took place.
var held = []string{string(conference.StatusInSession), string(conference.StatusClosed), string(conference.StatusSigned)}

// Report builds the report for f as a may see it: small counts hidden unless
// a chairs or takes minutes. Returns conference.ErrForbidden when a may not
// read reports, a *conference.ValidationError for a bad filter or an
// unknown series.
func (s *Store) Report(ctx context.Context, a conference.Actor, f Filter) (*Report, error) {
	if !MaySee(a) {
		return nil, fmt.Errorf("reports: %w", conference.ErrForbidden)
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	q := &query{db: s.db.WithContext(ctx), f: f, start: f.start(), end: f.end(), now: s.now().UTC()}
	if f.SeriesID > 0 {
		var n int64
		if err := q.db.Table("series").Where("id = ?", f.SeriesID).Count(&n).Error; err != nil {
			return nil, dbError(err)
		}
		if n == 0 {
			return nil, &conference.ValidationError{Field: "series_id", Msg: "does not exist"}
		}
	}
	r := &Report{Filter: f, Tables: make([]Table, len(builders))}
	errs := make([]error, len(lanes))
	var wg sync.WaitGroup
	for l, lane := range lanes {
		wg.Go(func() {
			errs[l] = q.db.Connection(func(conn *gorm.DB) error {
				lq := *q
				lq.db = conn.Session(&gorm.Session{NewDB: true})
				for _, i := range lane {
					var err error
					if r.Tables[i], err = builders[i](&lq); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if Suppresses(a) {
		r.suppress()
	}
	return r, nil
}

// Series lists the series a report can be limited to, by name.
func (s *Store) Series(ctx context.Context) ([]Named, error) {
	var out []Named
	if err := s.db.WithContext(ctx).Table("series").Select("id, name").Order("name").Scan(&out).Error; err != nil {
		return nil, dbError(err)
	}
	return out, nil
}

// Named is a record's id and name.
type Named struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func dbError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("report query: %w", err)
}

// query is one report being built: the filter as instants and the SQL helpers.
type query struct {
	db         *gorm.DB
	f          Filter
	start, end time.Time
	now        time.Time
}

// days is the SQL for the number of days (fractional) from a to b.
func (q *query) days(a, b string) string {
	if q.db.Dialector.Name() == "postgres" {
		return fmt.Sprintf("(EXTRACT(EPOCH FROM (%s - %s)) / 86400.0)", b, a)
	}
	return fmt.Sprintf("(julianday(%s) - julianday(%s))", b, a)
}

// caseSeries limits a query on cases to those on an agenda of the chosen series.
func (q *query) caseSeries(sql string, args []any) (string, []any) {
	if q.f.SeriesID == 0 {
		return sql, args
	}
	return sql + ` AND EXISTS (SELECT 1 FROM agenda_items si JOIN conferences sc ON sc.id = si.conference_id
		WHERE si.case_id = cases.id AND sc.series_id = ?)`, append(args, q.f.SeriesID)
}

// confJoin joins the conferences of table's rows when a series is chosen: without one, it is not needed.
func (q *query) confJoin(table string) string {
	if q.f.SeriesID == 0 {
		return ""
	}
	return " JOIN conferences ON conferences.id = " + table + ".conference_id"
}

// confSeries limits a query that joins conferences to the chosen series.
func (q *query) confSeries(sql string, args []any) (string, []any) {
	if q.f.SeriesID == 0 {
		return sql, args
	}
	return sql + " AND conferences.series_id = ?", append(args, q.f.SeriesID)
}

// scan runs sql and scans its rows into dest.
func (q *query) scan(dest any, sql string, args ...any) error {
	if err := q.db.Raw(sql, args...).Scan(dest).Error; err != nil {
		return dbError(err)
	}
	return nil
}

// dueDay is midnight UTC of t's calendar day in Amsterdam: how due dates are stored.
func dueDay(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func indicator(key string, v Value) Row { return Row{Labels: []string{key}, Values: []Value{v}} }

func indicatorTable(id string, rows ...Row) Table {
	return Table{ID: id, Columns: []Column{{Key: "indicator", Label: true, Translate: "reports.ind."}, {Key: "value"}}, Rows: rows}
}

// median returns the median of xs (sorted in place).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
