package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/web"
	"casusoverleg/minutes"
)

// env is a running server with a small region: the police and GGZ as
// partners, a case that involves only the police, and a token per user.
type env struct {
	t       *testing.T
	db      *gorm.DB
	srv     *web.Server
	http    *httptest.Server
	store   *conference.Store
	police  conference.Organisation
	ggz     conference.Organisation
	zvh     conference.Organisation
	users   map[string]conference.User // officer, nurse, chair, secretary, admin, otherchair, othersecretary, policy, privacy
	tokens  map[string]string
	policeC conference.Case
	series  conference.Series
	conf    conference.Conference
	// clock is the env's time in Unix nanoseconds; zero means dbtest.Clock.
	clock atomic.Int64
}

// now is the clock of the env's server and stores.
func (e *env) now() time.Time {
	if n := e.clock.Load(); n != 0 {
		return time.Unix(0, n).UTC()
	}
	return dbtest.Now()
}

// setNow moves the env's clock to t.
func (e *env) setNow(t time.Time) { e.clock.Store(t.UnixNano()) }

// startMeeting moves the clock to an hour into the env's conference:
// attendance, decisions and actions are recorded at the meeting.
func (e *env) startMeeting() { e.setNow(e.conf.StartsAt.Add(time.Hour)) }

const testPassword = "correct horse battery"

func newEnv(t *testing.T) *env { t.Helper(); return newEnvConfig(t, nil) }

// newEnvConfig is newEnv with the server's configuration changed by configure.
func newEnvConfig(t *testing.T, configure func(*web.Config)) *env {
	t.Helper()
	return newEnvOn(t, dbtest.Open(t), configure)
}

// newEnvOn is newEnvConfig on db.
func newEnvOn(t *testing.T, db *gorm.DB, configure func(*web.Config)) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, users: map[string]conference.User{}, tokens: map[string]string{}}
	// Event streams end after a second, so that a request to one (the route matrix) ends too.
	cfg := web.Config{Now: e.now, SiteName: "ZVH Test", StreamLifetime: time.Second}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := web.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	e.srv, e.store = srv, srv.Store()
	e.http = httptest.NewServer(srv)
	t.Cleanup(e.http.Close)
	for _, o := range []*conference.Organisation{
		{Name: "Politie", Kind: conference.OrgPolitie}, {Name: "GGZ", Kind: conference.OrgGGZ}, {Name: "ZVH", Kind: conference.OrgOther}} {
		if err := e.store.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	orgs, _, _ := e.store.Organisations(ctx, "", conference.Page{})
	for _, o := range orgs {
		switch o.Name {
		case "Politie":
			e.police = o
		case "GGZ":
			e.ggz = o
		case "ZVH":
			e.zvh = o
		}
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	tokens := auth.NewTokens(db, dbtest.Now)
	for _, spec := range []struct {
		key  string
		org  int64
		role conference.Role
	}{
		{"officer", e.police.ID, conference.RoleParticipant},
		{"nurse", e.ggz.ID, conference.RoleParticipant},
		{"chair", e.zvh.ID, conference.RoleChair},
		{"secretary", e.zvh.ID, conference.RoleSecretary},
		{"admin", e.zvh.ID, conference.RoleAdmin},
		// A chair and a secretary who do not organise the env's conference.
		{"otherchair", e.zvh.ID, conference.RoleChair},
		{"othersecretary", e.zvh.ID, conference.RoleSecretary},
		// The municipality's policy officer, in the police's organisation on
		// purpose: involvement in a case must not let a policy officer see it.
		{"policy", e.police.ID, conference.RolePolicyOfficer},
		// The privacy officer, also in the police's organisation on purpose:
		// access reports only, never the police's case page.
		{"privacy", e.police.ID, conference.RolePrivacyOfficer},
	} {
		u := conference.User{Name: spec.key, Email: spec.key + "@example.nl", OrganisationID: spec.org,
			Roles: []conference.Role{spec.role}, Active: true, PasswordHash: hash}
		if err := e.store.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		e.users[spec.key] = u
		plain, _, err := tokens.Create(ctx, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[spec.key] = plain
	}
	officer := e.users["officer"]
	e.policeC = conference.Case{Subject: "Geheime Persoon", Theme: conference.ThemeHighImpact, Postcode: "5348",
		Neighbourhood: "Ussen", Summary: "Vertrouwelijke stand van zaken"}
	if err := e.store.CreateCase(ctx, conference.ActorOf(&officer), &e.policeC); err != nil {
		t.Fatal(err)
	}
	chair, sec := e.users["chair"].ID, e.users["secretary"].ID
	e.series = conference.Series{Name: "Casusoverleg", DefaultChairID: &chair, DefaultSecretaryID: &sec,
		MemberOrganisationIDs: []int64{e.police.ID, e.ggz.ID, e.zvh.ID}}
	if err := e.store.SaveSeries(ctx, &e.series); err != nil {
		t.Fatal(err)
	}
	e.conf = conference.Conference{SeriesID: e.series.ID, StartsAt: dbtest.Clock.AddDate(0, 0, 7)}
	if err := e.store.CreateConference(ctx, &e.conf); err != nil {
		t.Fatal(err)
	}
	return e
}

// apiResponse is an answer of the JSON API.
type apiResponse struct {
	Code int
	Body []byte
}

// JSON decodes the body into v.
func (r apiResponse) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
}

// api calls the JSON API as user (a key of env.users, or "" for nobody).
func (e *env) api(user, method, path string, body any) apiResponse {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return apiResponse{Code: res.StatusCode, Body: b}
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, base: e.http.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// pageResponse is one HTTP answer of a page.
type pageResponse struct {
	Code     int
	Body     string
	Location string
}

func (b *browser) get(path string) pageResponse {
	b.t.Helper()
	res, err := b.client.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return readPage(b.t, res)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// post submits form values to path with the CSRF token of the page at from.
func (b *browser) post(from, path string, values url.Values) pageResponse {
	b.t.Helper()
	m := csrfField.FindStringSubmatch(b.get(from).Body)
	if m == nil {
		b.t.Fatalf("no csrf_token on %s", from)
	}
	values.Set("csrf_token", m[1])
	res, err := b.client.PostForm(b.base+path, values)
	if err != nil {
		b.t.Fatal(err)
	}
	return readPage(b.t, res)
}

func readPage(t *testing.T, res *http.Response) pageResponse {
	t.Helper()
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return pageResponse{Code: res.StatusCode, Body: string(body), Location: res.Header.Get("Location")}
}

// login logs a participant in with the password.
func (b *browser) login(email string) {
	b.t.Helper()
	p := b.post("/login", "/login", url.Values{"email": {email}, "password": {testPassword}})
	if p.Code != http.StatusSeeOther {
		b.t.Fatalf("login %s: status %d, body %s", email, p.Code, p.Body)
	}
}

// audit reads the audit log of the env's database.
func (e *env) audit() *audit.Log { return audit.New(e.db, dbtest.Now) }

// secondServer starts another app server on the same database and returns its URL.
func (e *env) secondServer(t *testing.T) string {
	t.Helper()
	srv, err := web.New(web.Config{Now: e.now, SiteName: "ZVH Test"}, e.db)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL
}

// onAgenda puts the police case on the conference's agenda (proposed by the
// officer, accepted by the chair) and publishes the agenda; it returns the item.
func (e *env) onAgenda(t *testing.T) agenda.Item {
	t.Helper()
	ctx := context.Background()
	store := agenda.NewStore(e.db, dbtest.Now, e.store)
	officer, chair := e.users["officer"], e.users["chair"]
	it, err := store.Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &e.policeC.ID,
		Reason: "Vertrouwelijke stand van zaken bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	if it, err = store.Triage(ctx, conference.ActorOf(&chair), it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Publish(ctx, conference.ActorOf(&chair), e.conf.ID); err != nil {
		t.Fatal(err)
	}
	return it
}

// recorded holds the minutes the env records on the police case.
type recorded struct {
	item     agenda.Item
	decision minutes.Decision
	action   minutes.Action
	mandate  minutes.Mandate
}

// record puts the police case on the agenda and records minutes for it: the
// police present, a summary, a decision granting the police a mandate and an action.
func (e *env) recordMinutes(t *testing.T) recorded {
	t.Helper()
	ctx := context.Background()
	r := recorded{item: e.onAgenda(t)}
	e.startMeeting()
	cases := e.store
	ag := agenda.NewStore(e.db, e.now, cases)
	mins := minutes.NewStore(e.db, e.now, cases, ag)
	sec := e.users["secretary"]
	secretary := conference.ActorOf(&sec)
	if err := cases.SetAttendance(ctx, e.conf.ID, []conference.Attendance{{UserID: e.users["officer"].ID, Presence: conference.Present}}); err != nil {
		t.Fatal(err)
	}
	rec := minutes.ItemRecord{ItemID: r.item.ID, Summary: "Vertrouwelijke stand van zaken uit het verslag"}
	if err := mins.SaveItemRecord(ctx, secretary, &rec); err != nil {
		t.Fatal(err)
	}
	r.decision = minutes.Decision{Text: "Geheim besluit over de aanpak", Kind: minutes.DecisionMandateGrant,
		Positions: []minutes.Position{{OrganisationID: e.police.ID, Stance: minutes.Agree}},
		Mandate: &minutes.Mandate{GranteeOrganisationID: e.police.ID, Scope: "Geheim mandaat: meldplicht", Conditions: "in overleg met het OM",
			ValidFrom: dbtest.Clock.AddDate(0, 0, -1), ValidUntil: dbtest.Clock.AddDate(0, 1, 0)}}
	if err := mins.AddDecision(ctx, secretary, r.item.ID, &r.decision); err != nil {
		t.Fatal(err)
	}
	r.mandate = *r.decision.Mandate
	r.action = minutes.Action{What: "Geheime afspraak: huisbezoek", OwnerOrganisationID: e.police.ID, DueDate: dbtest.Clock.AddDate(0, 0, 14)}
	if err := mins.AddAction(ctx, secretary, r.item.ID, &r.action); err != nil {
		t.Fatal(err)
	}
	return r
}

// finalise has the secretary make the env's minutes final (once the meeting
// has started), with a reason in case something is incomplete.
func (e *env) finalise(t *testing.T) {
	t.Helper()
	if e.clock.Load() == 0 {
		e.startMeeting()
	}
	res := e.api("secretary", "POST", fmt.Sprintf("/api/v1/conferences/%d/minutes/finalise", e.conf.ID), map[string]any{"reason": "vastgesteld zoals besproken"})
	if res.Code != http.StatusOK {
		t.Fatalf("finalise: %d %s", res.Code, res.Body)
	}
}
