package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/auth"
)

// TargetReportP95 is the target for the reports page of one year.
const TargetReportP95 = 200 * time.Millisecond

// minReportRuns is the fewest measured runs the report's p95 is taken from.
const minReportRuns = 40

// ReportYear measures the reports page for the last full calendar year as
// the chair sees it (no suppression): every aggregate query, the charts as
// SVG and the page, through the server with an API token. Each run is
// audited like any report view.
func (s *Suite) ReportYear(b *testing.B) {
	ctx := context.Background()
	tokens := auth.NewTokens(s.db, time.Now)
	token, tok, err := tokens.Create(ctx, s.targets.Chair.ID, "benchmark reports")
	if err != nil {
		s.fail(b, err)
	}
	defer tokens.Revoke(context.WithoutCancel(ctx), tok.ID)
	year := time.Now().Year() - 1
	path := fmt.Sprintf("/reports?from=%d-01-01&to=%d-12-31", year, year)
	view := func() time.Duration {
		t0 := time.Now()
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.srv.ServeHTTP(rec, req)
		d := time.Since(t0)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="chart-trend-title"`) {
			s.fail(b, fmt.Errorf("reports page: status %d without the trend chart", rec.Code))
		}
		return d
	}
	// One view first, unmeasured, as the HTTP figures warm up: a running
	// server's pool has its connections open and its plans made.
	view()
	var times []time.Duration
	for b.Loop() {
		times = append(times, view())
	}
	// A 95th percentile of the few runs a second holds would be the slowest
	// run; take at least minReportRuns.
	for len(times) < minReportRuns {
		times = append(times, view())
	}
	sorted := slices.Sorted(slices.Values(times))
	b.ReportMetric(float64(percentile(sorted, 0.95).Microseconds())/1000, "p95-ms")
}
