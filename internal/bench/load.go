package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Load is one HTTP load run: concurrent clients, each sending the same
// request again as soon as the answer is read, over keep-alive connections.
type Load struct {
	Name string
	// Request builds the request; it is called once per request.
	Request func(ctx context.Context) (*http.Request, error)
	// Check, when set, is called with the first answer's body; it reports an
	// answer that is not what the load means to measure (say, a login page).
	Check func(status int, body []byte) error
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Name     string
	Requests int
	Elapsed  time.Duration
	P50, P95 time.Duration
}

// PerSecond is the throughput of the run.
func (r LoadResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Run sends the load with the given concurrency: first for warmup, not
// counted, then for duration. Any answer other than 200 stops the run with an
// error: a benchmark of error pages measures nothing.
func (l Load) Run(ctx context.Context, client *http.Client, concurrency int, warmup, duration time.Duration) (LoadResult, error) {
	if err := l.check(ctx, client); err != nil {
		return LoadResult{}, err
	}
	if warmup > 0 {
		if _, err := l.run(ctx, client, concurrency, warmup); err != nil {
			return LoadResult{}, err
		}
	}
	return l.run(ctx, client, concurrency, duration)
}

func (l Load) check(ctx context.Context, client *http.Client) error {
	status, body, err := l.send(ctx, client, true)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("%s: status %d: %.200s", l.Name, status, body)
	}
	if l.Check != nil {
		if err := l.Check(status, body); err != nil {
			return fmt.Errorf("%s: %w", l.Name, err)
		}
	}
	return nil
}

func (l Load) send(ctx context.Context, client *http.Client, keep bool) (int, []byte, error) {
	req, err := l.Request(ctx)
	if err != nil {
		return 0, nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", l.Name, err)
	}
	defer res.Body.Close()
	if keep || res.StatusCode != http.StatusOK {
		body, err := io.ReadAll(res.Body)
		return res.StatusCode, body, err
	}
	_, err = io.Copy(io.Discard, res.Body) // read to the end, so the connection is reused
	return res.StatusCode, nil, err
}

func (l Load) run(ctx context.Context, client *http.Client, concurrency int, duration time.Duration) (LoadResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	deadline := time.Now().Add(duration)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		firstErr  error
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var own []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				status, body, err := l.send(ctx, client, false)
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("%s: status %d: %.200s", l.Name, status, body)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil && ctx.Err() == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					break
				}
				own = append(own, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, own...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return LoadResult{}, firstErr
	}
	if err := ctx.Err(); err != nil && len(latencies) == 0 {
		return LoadResult{}, err
	}
	slices.Sort(latencies)
	return LoadResult{Name: l.Name, Requests: len(latencies), Elapsed: elapsed,
		P50: percentile(latencies, 0.50), P95: percentile(latencies, 0.95)}, nil
}

// percentile returns the p-th percentile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
