package bench

// The load mix's sessions and the steps they take: logging the users in,
// the weighted reads and writes, and sending one step.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"casusoverleg/internal/auth"
)

func sendStep(ctx context.Context, st mixStep, base string, u *mixUser, rnd *rand.Rand) (int, []byte, error) {
	req, err := st.send(ctx, base, u, rnd)
	if err != nil {
		return 0, nil, err
	}
	client := u.client
	if req.Header.Get("Authorization") != "" {
		client = tokenClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != st.want {
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body, nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil, err
}

// tokenClient sends the requests that carry a bearer token: no cookies.
var tokenClient = newClient(64, nil)

// mixUsers logs cfg.Sessions users of the target series' partners in, each
// with a session of its own (a user may hold several), and finds a case of
// each user's organisation.
func (s *Suite) mixUsers(ctx context.Context, cfg MixConfig, pick func() string) ([]*mixUser, error) {
	type row struct {
		Email          string
		OrganisationID int64
		CaseID         int64
	}
	var rows []row
	err := s.db.WithContext(ctx).Raw(`SELECT u.email, u.organisation_id,
	    (SELECT MIN(co.case_id) FROM case_organisations co WHERE co.organisation_id = u.organisation_id) AS case_id
	  FROM users u JOIN series_organisations so ON so.organisation_id = u.organisation_id
	  WHERE so.series_id = ? AND u.active = ? AND u.roles = ? ORDER BY u.id`, s.targets.Series.ID, true, ",participant,").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(rows, func(r row) bool { return r.CaseID == 0 })
	if len(rows) == 0 {
		return nil, fmt.Errorf("load: no participant of the series %q with a case", s.targets.Series.Name)
	}
	fmt.Fprintf(cfg.Progress, "load: logging in %d sessions (%d users)\n", cfg.Sessions, min(cfg.Sessions, len(rows)))
	users := make([]*mixUser, cfg.Sessions)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, 8)
	for i := range users {
		r := rows[i%len(rows)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			client, csrf, err := loginCSRF(ctx, pick(), r.Email, 4)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			users[i] = &mixUser{client: client, csrf: csrf, orgID: r.OrganisationID, caseID: r.CaseID}
		}()
	}
	wg.Wait()
	return users, firstErr
}

// mixSteps is the mix: what each request is and how often.
func (s *Suite) mixSteps(ctx context.Context) ([]mixStep, error) {
	t := s.targets
	get := func(path string) func(context.Context, string, *mixUser, *rand.Rand) (*http.Request, error) {
		return func(ctx context.Context, base string, u *mixUser, _ *rand.Rand) (*http.Request, error) {
			p := path
			if p == "case" {
				p = fmt.Sprintf("/cases/%d", u.caseID)
			}
			return http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
		}
	}
	post := func(ctx context.Context, url string, u *mixUser, body any) (*http.Request, error) {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", u.csrf)
		return req, nil
	}
	// Referrals answer every question of the active sets.
	sets, err := s.srv.Agenda().QuestionSets(ctx, true)
	if err != nil {
		return nil, err
	}
	answers := map[string]string{}
	for _, set := range sets {
		for _, q := range set.Questions {
			answers[q.Key] = "antwoord"
		}
	}
	// Actions are recorded by the held meeting's secretary, with a token.
	tokens := auth.NewTokens(s.db, time.Now)
	secretaryToken, _, err := tokens.Create(ctx, t.Secretary.ID, "load mix")
	if err != nil {
		return nil, err
	}
	// The held meeting is minuted as if still in session while the mix runs
	// (its status is put back by the caller's restore).
	type itemOwner struct{ ID, Org int64 }
	var items []itemOwner
	err = s.db.WithContext(ctx).Raw(`SELECT i.id AS id, MIN(co.organisation_id) AS org FROM agenda_items i
	  JOIN case_organisations co ON co.case_id = i.case_id
	  WHERE i.conference_id = ? AND i.status = ? GROUP BY i.id ORDER BY i.id`, t.Held.ID, "accepted").Scan(&items).Error
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("load: the held meeting %d has no items with a case", t.Held.ID)
	}
	due := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	return []mixStep{
		{name: "meetings", weight: 12, send: get("/conferences"), want: http.StatusOK},
		{name: "cases", weight: 12, send: get("/cases"), want: http.StatusOK},
		{name: "case", weight: 18, send: get("case"), want: http.StatusOK},
		{name: "agenda page", weight: 15, send: get(fmt.Sprintf("/conferences/%d", t.Upcoming.ID)), want: http.StatusOK},
		{name: "agenda JSON", weight: 10, send: get(fmt.Sprintf("/api/v1/conferences/%d/agenda", t.Upcoming.ID)), want: http.StatusOK},
		{name: "minutes", weight: 8, send: get(fmt.Sprintf("/conferences/%d/minutes", t.Held.ID)), want: http.StatusOK},
		{name: "my actions", weight: 10, send: get("/actions"), want: http.StatusOK},
		{name: "referral", weight: 6, write: true, want: http.StatusCreated,
			send: func(ctx context.Context, base string, u *mixUser, rnd *rand.Rand) (*http.Request, error) {
				return post(ctx, fmt.Sprintf("%s/api/v1/conferences/%d/items", base, t.Draft.ID), u, map[string]any{
					"reason": "aanmelding (belasting)", "answers": answers,
					"new_case": map[string]any{"theme": "huiselijk_geweld", "postcode": "5342", "neighbourhood": "Ruwaard",
						"persons": []map[string]any{{"surname": fmt.Sprintf("Last%d", rnd.IntN(1_000_000)), "initials": "L",
							"birth_date": "1990-01-01"}}}})
			}},
		{name: "person on a case", weight: 4, write: true, want: http.StatusCreated,
			send: func(ctx context.Context, base string, u *mixUser, rnd *rand.Rand) (*http.Request, error) {
				return post(ctx, fmt.Sprintf("%s/api/v1/cases/%d/persons", base, u.caseID), u, map[string]any{
					"surname": fmt.Sprintf("Extra%d", rnd.IntN(1_000_000)), "initials": "E", "birth_date": "1985-02-03", "role": "overig"})
			}},
		{name: "item record (action)", weight: 5, write: true, want: http.StatusCreated,
			send: func(ctx context.Context, base string, u *mixUser, rnd *rand.Rand) (*http.Request, error) {
				it := items[rnd.IntN(len(items))]
				req, err := post(ctx, fmt.Sprintf("%s/api/v1/items/%d/actions", base, it.ID), u, map[string]any{
					"what": "afspraak (belasting)", "due_date": due, "owner_organisation_id": it.Org})
				if err == nil {
					req.Header.Del("X-CSRF-Token")
					req.Header.Set("Authorization", "Bearer "+secretaryToken)
				}
				return req, err
			}},
	}, nil
}
