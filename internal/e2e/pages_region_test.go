package e2e

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/minutes"
)

// pageRegion is the minutes region with one item recorded (a summary, a
// decision that grants the police a mandate, an action for the police), API
// tokens for the users who open the pages, and the id that fills each route
// parameter.
type pageRegion struct {
	*minutesRegion
	// tokens are bearer tokens by user, in the order pages are tried.
	tokens []pageUser
	// ids fill ":id" by the path segment before it ("conferences" → a meeting).
	ids map[string]int64
}

// pageUser is one user the every-page tests open pages as; an empty token is nobody.
type pageUser struct {
	name, token string
}

// startPageRegion serves the demo region with recorded minutes and returns it.
func startPageRegion(t *testing.T) *pageRegion {
	t.Helper()
	ctx := context.Background()
	r := &pageRegion{minutesRegion: startMinutesRegion(t)}
	mins := minutes.NewStore(r.DB, time.Now, r.Store, r.Agenda)
	sec := r.User(t, mjSecretaryEmail)
	secretary := conference.ActorOf(&sec)
	officer := r.User(t, policeEmail)
	police := r.Org(conference.OrgPolitie)
	if err := r.Store.SetAttendance(ctx, r.Meeting.ID, []conference.Attendance{{UserID: officer.ID, Presence: conference.Present}}); err != nil {
		t.Fatal(err)
	}
	item := r.Items[0].ID
	if err := mins.SaveItemRecord(ctx, secretary, &minutes.ItemRecord{ItemID: item, Summary: "Toezicht loopt; meldplicht wordt niet nagekomen."}); err != nil {
		t.Fatal(err)
	}
	d := minutes.Decision{Text: "De politie mag een gebiedsverbod voorbereiden.", Kind: minutes.DecisionMandateGrant,
		Positions: []minutes.Position{{OrganisationID: police, Stance: minutes.Agree}},
		Mandate: &minutes.Mandate{GranteeOrganisationID: police, Scope: "Gebiedsverbod voorbereiden", Conditions: "in overleg met het OM",
			ValidFrom: time.Now().AddDate(0, 0, -1), ValidUntil: time.Now().AddDate(0, 1, 0)}}
	if err := mins.AddDecision(ctx, secretary, item, &d); err != nil {
		t.Fatal(err)
	}
	act := minutes.Action{What: "Huisbezoek afleggen", OwnerOrganisationID: police, DueDate: time.Now().AddDate(0, 0, 14)}
	if err := mins.AddAction(ctx, secretary, item, &act); err != nil {
		t.Fatal(err)
	}
	sets, err := r.Agenda.QuestionSets(ctx, false)
	if err != nil || len(sets) == 0 {
		t.Fatalf("question sets: %v (%d)", err, len(sets))
	}
	persons, err := r.Store.Persons(ctx, conference.System, r.Case.ID, false)
	if err != nil || len(persons) == 0 {
		t.Fatalf("persons of the case: %v (%d)", err, len(persons))
	}
	r.ids = map[string]int64{
		"persons":       persons[0].ID,
		"conferences":   r.Meeting.ID,
		"cases":         r.Case.ID,
		"mandates":      d.Mandate.ID,
		"users":         officer.ID,
		"question-sets": sets[0].ID,
		"series":        r.Series.ID,
		"items":         item,
		"actions":       act.ID,
		"decisions":     d.ID,
	}
	// Who opens the pages, in this order: nobody (the login pages), the chair
	// (the agenda and its cases), the secretary, the admin, a participant, the
	// privacy officer (the access reports).
	tokens := auth.NewTokens(r.DB, time.Now)
	r.tokens = []pageUser{{name: "nobody"}}
	for _, email := range []string{chairEmail, mjSecretaryEmail, "beheer@zvh.example.nl", policeEmail, privacyEmail} {
		u, err := r.Store.UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("demo user %s: %v", email, err)
		}
		plain, _, err := tokens.Create(ctx, u.ID, "every page")
		if err != nil {
			t.Fatal(err)
		}
		r.tokens = append(r.tokens, pageUser{name: email, token: plain})
	}
	return r
}

// appPage is one page of the application: the route, the path it is opened
// at and the user who may see it.
type appPage struct {
	route string
	path  string
	user  pageUser
}

// appPages lists every GET route of the router that renders an HTML page,
// with real ids, and the first user (see pageRegion.tokens) to whom it
// answers 200 with HTML. Routes that answer something else (JSON, PDF,
// calendar, CSS, a redirect) are not pages. A route with a parameter this
// region cannot fill, or that answers nobody, fails the test: give it an id
// in startPageRegion so that it is covered.
func (r *pageRegion) appPages(t *testing.T, routes []string) []appPage {
	t.Helper()
	var out []appPage
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, route := range routes {
		if strings.HasPrefix(route, "/api/") {
			continue // the JSON API renders no page
		}
		path, err := r.fill(route)
		if err != nil {
			t.Errorf("route GET %s: %v", route, err)
			continue
		}
		var codes []string
		found, notPage := false, false
		for _, u := range r.tokens {
			code, ctype := r.head(t, client, path, u.token)
			codes = append(codes, fmt.Sprintf("%s %d", u.name, code))
			if code >= 300 && code < 400 {
				notPage = true // a redirect, e.g. "/" to the meetings
				continue
			}
			if code != http.StatusOK {
				continue
			}
			if ctype != "text/html" {
				notPage, found = true, false
				break
			}
			out = append(out, appPage{route: route, path: path, user: u})
			found = true
			break
		}
		if !found && !notPage {
			t.Errorf("route GET %s (%s) shows its page to nobody: %s", route, path, strings.Join(codes, ", "))
		}
	}
	return out
}

// fill puts the region's ids into the parameters of route.
func (r *pageRegion) fill(route string) (string, error) {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") && !strings.HasPrefix(p, "*") {
			continue
		}
		id, ok := int64(0), false
		if i > 0 {
			id, ok = r.ids[parts[i-1]]
		}
		if !ok {
			return "", fmt.Errorf("no id for %s after /%s: add one to pageRegion.ids", p, parts[max(i-1, 0)])
		}
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, "/"), nil
}

// head fetches path with token (none when empty) and returns the status and media type.
func (r *pageRegion) head(t *testing.T, client *http.Client, path, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	_ = res.Body.Close()
	mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	return res.StatusCode, mt
}

// getRoutes returns the paths of the router's GET routes, sorted.
func (r *pageRegion) getRoutes() []string {
	var out []string
	for _, rt := range r.Server.Routes() {
		if rt.Method == http.MethodGet {
			out = append(out, rt.Path)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
