package bench

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/web"
)

// TargetLoadP95 is issue 18's target for the load mix's 95th percentile.
const TargetLoadP95 = 250 * time.Millisecond

// MixConfig says how to run the load mix (casusoverleg bench --load).
type MixConfig struct {
	// Sessions is the number of concurrent users, each logged in with a
	// session of its own and sending its next request as soon as the answer is read.
	Sessions         int
	Warmup, Duration time.Duration
	// Servers is the number of app servers the sessions are spread over,
	// round-robin per request; every server beyond the first gets a pool of
	// its own from OpenDB, as a second machine would.
	Servers int
	// Think is the mean pause of a session between an answer and its next
	// request (drawn from an exponential distribution, as users' pauses are);
	// zero sends back to back, as issue 18 measured (a closed loop).
	Think  time.Duration
	OpenDB func() (*gorm.DB, error)
	// Progress receives a line per phase; nil means silence.
	Progress io.Writer
	// CPUProfile, when set, is a directory that receives a CPU profile
	// (pprof) of the measured run, load.pprof: server and sessions alike.
	CPUProfile string
}

// MixResult is what the load mix measured, and what was checked afterwards.
type MixResult struct {
	Sessions, Servers          int
	Think                      time.Duration
	Requests, Errors           int
	Writes, FailedWrites       int
	Elapsed                    time.Duration
	P50, P95, P99              time.Duration
	FirstError                 string
	DuplicateReferences        int64 // case references held by more than one case
	SessionsValidOnEvery       bool  // every session was accepted by every server afterwards
	AuditChecked               int64 // events found intact by audit verify
	AuditError                 string
	ReadsPerKind, WritesByKind map[string]int
	// P95PerKind is the 95th percentile of each kind of request, reads and writes.
	P95PerKind map[string]time.Duration
}

// PerSecond is the mix's throughput.
func (r MixResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Met reports whether the targets hold: p95 below TargetLoadP95, no
// error, no failed write, no duplicate reference, sessions valid everywhere
// and an intact audit chain.
func (r MixResult) Met() bool {
	return r.P95 < TargetLoadP95 && r.Errors == 0 && r.FailedWrites == 0 && r.DuplicateReferences == 0 &&
		r.SessionsValidOnEvery && r.AuditError == ""
}

// Print writes the result as a few lines.
func (r MixResult) Print(w io.Writer) {
	think := "back to back"
	if r.Think > 0 {
		think = "think time " + r.Think.String() + " on average"
	}
	fmt.Fprintf(w, "Load mix: %d sessions over %d app server(s) for %s (85%% reads, 15%% writes; %s)\n", r.Sessions, r.Servers,
		r.Elapsed.Round(time.Second), think)
	fmt.Fprintf(w, "  %s req/s; p50 %s, p95 %s (target < %s: %s), p99 %s\n", thousands(r.PerSecond()), ms(r.P50), ms(r.P95), ms(TargetLoadP95),
		verdict(r.P95 < TargetLoadP95), ms(r.P99))
	fmt.Fprintf(w, "  %d requests, %d errors, %d writes of which %d failed\n", r.Requests, r.Errors, r.Writes, r.FailedWrites)
	fmt.Fprintf(w, "  reads %v; writes %v\n", r.ReadsPerKind, r.WritesByKind)
	kinds := slices.Sorted(maps.Keys(r.P95PerKind))
	per := make([]string, len(kinds))
	for i, k := range kinds {
		per[i] = k + " " + ms(r.P95PerKind[k])
	}
	fmt.Fprintf(w, "  p95 per kind: %s\n", strings.Join(per, ", "))
	if r.FirstError != "" {
		fmt.Fprintf(w, "  first error: %s\n", r.FirstError)
	}
	fmt.Fprintf(w, "  afterwards: %d duplicate case references; sessions valid on every server: %v; audit verify: %d events intact%s\n",
		r.DuplicateReferences, r.SessionsValidOnEvery, r.AuditChecked, map[bool]string{true: "", false: ", BROKEN: " + r.AuditError}[r.AuditError == ""])
	fmt.Fprintf(w, "  verdict: %s\n", verdict(r.Met()))
}

// mixUser is one session of the mix.
type mixUser struct {
	client *http.Client
	csrf   string
	orgID  int64
	caseID int64 // a case the user's organisation is involved in
}

// mixStep is one kind of request of the mix, with its weight in per cent.
type mixStep struct {
	name   string
	weight int
	write  bool
	send   func(ctx context.Context, base string, u *mixUser, rnd *rand.Rand) (*http.Request, error)
	want   int
}

// Mix runs the load mix of issue 18 on the region: cfg.Sessions users of the
// partners in the target series, logged in through the login form, reading
// the meetings and cases lists, a case of theirs, the agenda (page and
// JSON), the held meeting's minutes and "Mijn acties" (85%), and writing
// (15%): referrals of new cases to the draft meeting and persons added to
// a case of theirs, through the API with their session and CSRF token, and
// actions recorded on the held meeting's items by its secretary's token.
// Afterwards it checks the references, the sessions on every server and the
// audit chain.
func (s *Suite) Mix(ctx context.Context, cfg MixConfig) (MixResult, error) {
	if cfg.Sessions <= 0 {
		cfg.Sessions = 200
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 60 * time.Second
	}
	if cfg.Servers <= 0 {
		cfg.Servers = 1
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	res := MixResult{Sessions: cfg.Sessions, Servers: cfg.Servers, Think: cfg.Think, ReadsPerKind: map[string]int{}, WritesByKind: map[string]int{},
		P95PerKind: map[string]time.Duration{}}
	// The app servers.
	bases := make([]string, cfg.Servers)
	for i := range cfg.Servers {
		srv := s.srv
		if i > 0 {
			if cfg.OpenDB == nil {
				return res, fmt.Errorf("load: %d servers need OpenDB", cfg.Servers)
			}
			db, err := cfg.OpenDB()
			if err != nil {
				return res, err
			}
			if sqlDB, err := db.DB(); err == nil {
				defer sqlDB.Close()
			}
			if srv, err = web.New(web.Config{SiteName: "Zorg- en Veiligheidshuis Brabant Noordoost", Signer: s.signer}, db); err != nil {
				return res, err
			}
		}
		base, stop, err := listen(srv)
		if err != nil {
			return res, err
		}
		defer stop()
		bases[i] = base
	}
	var next atomic.Uint64
	pick := func() string { return bases[next.Add(1)%uint64(len(bases))] }

	users, err := s.mixUsers(ctx, cfg, pick)
	if err != nil {
		return res, err
	}
	var held string
	if err := s.db.WithContext(ctx).Table("conferences").Where("id = ?", s.targets.Held.ID).Pluck("status", &held).Error; err != nil {
		return res, err
	}
	if err := s.db.WithContext(ctx).Table("conferences").Where("id = ?", s.targets.Held.ID).Update("status", string(conference.StatusInSession)).Error; err != nil {
		return res, err
	}
	defer s.db.WithContext(context.WithoutCancel(ctx)).Table("conferences").Where("id = ?", s.targets.Held.ID).Update("status", held)
	steps, err := s.mixSteps(ctx)
	if err != nil {
		return res, err
	}
	total := 0
	for _, st := range steps {
		total += st.weight
	}
	run := func(d time.Duration, record bool) {
		deadline := time.Now().Add(d)
		var (
			mu     sync.Mutex
			lats   []time.Duration
			byKind = map[string][]time.Duration{}
			wg     sync.WaitGroup
		)
		start := time.Now()
		for i, u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rnd := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
				var own []time.Duration
				ownKind := map[string][]time.Duration{}
				reads, writes := map[string]int{}, map[string]int{}
				errs, writeN, failed := 0, 0, 0
				first := ""
				if cfg.Think > 0 {
					// Users who read between requests do not all click at the
					// same instant: each starts after a pause of its own, or
					// every run would open with all sessions queued at once.
					pause(ctx, time.Duration(rnd.Float64()*float64(cfg.Think)), deadline)
				}
				for time.Now().Before(deadline) && ctx.Err() == nil {
					st := steps[len(steps)-1]
					for n, k := rnd.IntN(total), 0; k < len(steps); k++ {
						if n < steps[k].weight {
							st = steps[k]
							break
						}
						n -= steps[k].weight
					}
					t0 := time.Now()
					status, body, err := sendStep(ctx, st, pick(), u, rnd)
					own = append(own, time.Since(t0))
					ownKind[st.name] = append(ownKind[st.name], own[len(own)-1])
					if st.write {
						writeN++
						writes[st.name]++
					} else {
						reads[st.name]++
					}
					if cfg.Think > 0 {
						pause(ctx, time.Duration(rnd.ExpFloat64()*float64(cfg.Think)), deadline)
					}
					if err != nil || status != st.want {
						errs++
						if st.write {
							failed++
						}
						if first == "" {
							first = fmt.Sprintf("%s: status %d %v %.200s", st.name, status, err, body)
						}
					}
				}
				if !record {
					return
				}
				mu.Lock()
				lats = append(lats, own...)
				for k, v := range ownKind {
					byKind[k] = append(byKind[k], v...)
				}
				res.Errors += errs
				res.Writes += writeN
				res.FailedWrites += failed
				if res.FirstError == "" {
					res.FirstError = first
				}
				for k, v := range reads {
					res.ReadsPerKind[k] += v
				}
				for k, v := range writes {
					res.WritesByKind[k] += v
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if record {
			res.Elapsed = time.Since(start)
			slices.Sort(lats)
			res.Requests = len(lats)
			res.P50, res.P95, res.P99 = percentile(lats, 0.50), percentile(lats, 0.95), percentile(lats, 0.99)
			for k, v := range byKind {
				slices.Sort(v)
				res.P95PerKind[k] = percentile(v, 0.95)
			}
		}
	}
	if cfg.Warmup > 0 {
		fmt.Fprintf(cfg.Progress, "load: warming up for %s\n", cfg.Warmup)
		run(cfg.Warmup, false)
	}
	fmt.Fprintf(cfg.Progress, "load: %d sessions on %d server(s) for %s\n", cfg.Sessions, cfg.Servers, cfg.Duration)
	stopProfile, err := startProfile(cfg.CPUProfile, "load")
	if err != nil {
		return res, err
	}
	run(cfg.Duration, true)
	stopProfile()

	// Afterwards: references, sessions on every server, the audit chain.
	fmt.Fprintln(cfg.Progress, "load: checking references, sessions and the audit chain")
	err = s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM (SELECT reference FROM cases GROUP BY reference HAVING COUNT(*) > 1) d").
		Scan(&res.DuplicateReferences).Error
	if err != nil {
		return res, err
	}
	res.SessionsValidOnEvery = true
	for _, u := range users {
		for _, base := range bases {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/me", nil)
			resp, err := u.client.Do(req)
			if err != nil {
				return res, err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				res.SessionsValidOnEvery = false
			}
		}
	}
	n, err := audit.New(s.db, nil).Verify(ctx)
	res.AuditChecked = n
	if err != nil {
		res.AuditError = err.Error()
	}
	return res, nil
}

// pause waits d, or until the run's deadline or the context's end.
func pause(ctx context.Context, d time.Duration, deadline time.Time) {
	if left := time.Until(deadline); d > left {
		d = left
	}
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
