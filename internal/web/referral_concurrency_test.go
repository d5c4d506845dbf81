package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentReferralsAllSucceed makes 200 referrals at the same moment
// through the API: every one is created (201) with a reference of its own.
// A create never answers 409: nobody else's version is involved.
func TestConcurrentReferralsAllSucceed(t *testing.T) {
	e := newEnv(t)
	body := fmt.Sprintf(`{"subject":"Gelijktijdig","theme":"high_impact","postcode":"5341","neighbourhood":"Centrum","involved_organisation_ids":[%d]}`, e.police.ID)
	const n = 200
	codes := make([]int, n)
	refs := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			code, resp := e.raw("officer", http.MethodPost, "/api/v1/cases", body)
			codes[i] = code
			var cs struct {
				Reference string `json:"reference"`
			}
			_ = json.Unmarshal([]byte(resp), &cs)
			refs[i] = cs.Reference
		}()
	}
	close(start)
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if codes[i] != http.StatusCreated {
			t.Errorf("referral %d answered %d", i, codes[i])
			continue
		}
		if refs[i] == "" || seen[refs[i]] {
			t.Errorf("referral %d has reference %q, given before or empty", i, refs[i])
		}
		seen[refs[i]] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct references for %d referrals", len(seen), n)
	}
}
