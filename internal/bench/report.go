package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Report is what one run measured, a row per figure.
type Report struct {
	When               time.Time
	Dialect            string
	Procs, Concurrency int
	// GC is the collector's settings in force (gcsettings).
	GC                     string
	Duration               time.Duration
	Cases, Items, Meetings int64
	Rows                   []Row
}

// Row is one figure, with its baseline, the ratio to it and the target.
type Row struct {
	What, Figure, Baseline, Ratio, Target, Met string
}

func (r *Report) add(row Row) { r.Rows = append(r.Rows, row) }

// Missed lists the rows whose target was missed.
func (r Report) Missed() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Met == verdict(false) {
			out = append(out, row)
		}
	}
	return out
}

// Print writes the report as one table.
func (r Report) Print(w io.Writer) error {
	fmt.Fprintf(w, "Casusoverleg benchmark, %s, %s, GOMAXPROCS %d, %s; region: %s meetings, %s cases, %s agenda items; HTTP: %d clients × %s\n\n",
		r.When.Format("2006-01-02 15:04"), r.Dialect, r.Procs, r.GC, thousands(float64(r.Meetings)), thousands(float64(r.Cases)),
		thousands(float64(r.Items)), r.Concurrency, r.Duration)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHAT\tFIGURE\tBASELINE\tRATIO\tTARGET\t")
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t\n", row.What, row.Figure, dash(row.Baseline), dash(row.Ratio), dash(row.Target), row.Met)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
