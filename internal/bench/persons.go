package bench

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"casusoverleg/conference"
)

// TargetKnownPersonP95 is the known-person check of one referral, 95th percentile.
const TargetKnownPersonP95 = 10 * time.Millisecond

// KnownPersonCheck measures the known-person check of one referral against
// every person of the region: its persons' BSN hashes, name keys and
// identities looked up among all persons, and the matching cases' summaries
// (reference, status, closing date, involved organisations) loaded. It runs
// over the region's newest referrals in turn; p95-ms is their 95th
// percentile and matches the share that found a known person.
func (s *Suite) KnownPersonCheck(b *testing.B) {
	ctx := context.Background()
	ids, err := s.newestCases(ctx, 500)
	if err != nil {
		s.fail(b, err)
	}
	var times []time.Duration
	found := 0
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		t0 := time.Now()
		m, err := s.srv.Store().PersonMatches(ctx, []int64{id})
		if err != nil {
			s.fail(b, err)
		}
		times = append(times, time.Since(t0))
		if len(m[id]) > 0 {
			found++
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(percentile(times, 0.95).Microseconds())/1000, "p95-ms")
	b.ReportMetric(100*float64(found)/float64(max(i, 1)), "known-%")
}

// newestCases returns the ids of the n newest cases of the region.
func (s *Suite) newestCases(ctx context.Context, n int) ([]int64, error) {
	list, _, err := s.srv.Store().Cases(ctx, conference.System, conference.CaseFilter{Page: conference.Page{Limit: n}})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("no cases in the region")
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids, nil
}
