package benchdata

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/tabwriter"
	"time"

	"gorm.io/gorm"
)

// Summary counts the generated rows per table, in the order written.
type Summary []TableCount

// TableCount is the number of rows generated for one table.
type TableCount struct {
	Table string
	Rows  int
}

// Rows returns the count of table, or 0.
func (s Summary) Rows(table string) int {
	for _, t := range s {
		if t.Table == table {
			return t.Rows
		}
	}
	return 0
}

// write inserts the planned rows table by table, parents before children.
func (g *gen) write(ctx context.Context) error {
	db := g.db.WithContext(ctx)
	r := &g.rows
	for _, step := range []func() error{
		func() error { return insert(db, g, r.conferences) },
		func() error { return insert(db, g, r.cases) },
		func() error { return insert(db, g, r.caseOrgs) },
		func() error { return insert(db, g, r.persons) },
		func() error { return insert(db, g, r.attendance) },
		func() error { return insert(db, g, r.items) },
		func() error { return insert(db, g, r.itemSets) },
		func() error { return insert(db, g, r.records) },
		func() error { return insert(db, g, r.itemRecords) },
		func() error { return insert(db, g, r.decisions) },
		func() error { return insert(db, g, r.positions) },
		func() error { return insert(db, g, r.mandates) },
		func() error { return insert(db, g, r.quick) },
		func() error { return insert(db, g, r.actions) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	// Statistics for the query planner, which would otherwise plan for empty tables.
	if err := db.Exec("ANALYZE").Error; err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	if db.Dialector.Name() == "postgres" {
		// The ids were given explicitly; move the sequences past them.
		for _, t := range []string{"conferences", "cases", "persons", "agenda_items", "decisions", "mandates", "quick_actions", "actions"} {
			q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)", t, t)
			if err := db.Exec(q).Error; err != nil {
				return fmt.Errorf("sequence of %s: %w", t, err)
			}
		}
	}
	return nil
}

// insert writes rows in one transaction, in multi-row INSERTs that stay under
// the bound-parameter limits of SQLite and PostgreSQL.
func insert[T interface{ TableName() string }](db *gorm.DB, g *gen, rows []T) error {
	var zero T
	table := zero.TableName()
	start := time.Now()
	batch := min(1000, 30000/reflect.TypeFor[T]().NumField())
	err := db.Transaction(func(tx *gorm.DB) error {
		for i := 0; i < len(rows); i += batch {
			end := min(i+batch, len(rows))
			if err := tx.Create(rows[i:end]).Error; err != nil {
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			g.out.step(table, i, end, len(rows), start)
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.summary = append(g.summary, TableCount{Table: table, Rows: len(rows)})
	return nil
}

// progress prints what the generator does: a line per step and, for the
// big tables, one at each quarter.
type progress struct {
	w     io.Writer
	start time.Time
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		w = io.Discard
	}
	return &progress{w: w, start: time.Now()}
}

func (p *progress) line(what string, a, b int, since time.Time) {
	fmt.Fprintf(p.w, "%-28s %8d %8d  %6.1fs\n", what, a, b, time.Since(since).Seconds())
}

func (p *progress) step(table string, before, done, total int, since time.Time) {
	quarter := max(total/4, 1)
	if done == total || before/quarter != done/quarter {
		fmt.Fprintf(p.w, "%-28s %8d/%-8d %5.0f%%  %6.1fs\n", table, done, total, 100*float64(done)/float64(total), time.Since(since).Seconds())
	}
}

func (p *progress) done(s Summary) {
	total := 0
	for _, t := range s {
		total += t.Rows
	}
	fmt.Fprintf(p.w, "%s rows written in %.1fs\n", thousands(total), time.Since(p.start).Seconds())
}

// String prints the summary as a table.
func (s Summary) String() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, t := range s {
		fmt.Fprintf(tw, "%s\t%s\t\n", t.Table, thousands(t.Rows))
	}
	tw.Flush()
	return b.String()
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
