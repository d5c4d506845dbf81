package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

// queryLog records the SQL statements gorm sends to one database while it is on.
type queryLog struct {
	mu  sync.Mutex
	on  bool
	sql []string
}

// logQueries counts every statement on db: queries, Row/Scan, Raw/Exec and the
// writes (audit records of views count too). The callbacks sit on db's own
// configuration, which no other test shares (dbtest.Open gives each test its
// own database). BEGIN and COMMIT are not gorm statements and are not counted,
// nor are subqueries, which gorm builds in a dry run of their own.
func logQueries(t *testing.T, db *gorm.DB) *queryLog {
	t.Helper()
	l := &queryLog{}
	after := func(tx *gorm.DB) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.on && !tx.DryRun && tx.Statement.SQL.Len() > 0 {
			l.sql = append(l.sql, tx.Statement.SQL.String())
		}
	}
	const name = "querycount:log"
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register(name, after),
		cb.Row().After("gorm:row").Register(name, after),
		cb.Raw().After("gorm:raw").Register(name, after),
		cb.Create().After("gorm:create").Register(name, after),
		cb.Update().After("gorm:update").Register(name, after),
		cb.Delete().After("gorm:delete").Register(name, after),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// during returns the statements that fn made.
func (l *queryLog) during(fn func()) []string {
	l.mu.Lock()
	l.on, l.sql = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return l.sql
}

// countedRoute is a GET that must not make more queries for more items. Its
// path has %d for the conference or the case; redactedCode is its answer to
// a user whose organisation is not involved in any case.
type countedRoute struct {
	path         string
	ofCase       bool
	redactedCode int
}

var countedRoutes = []countedRoute{
	{"/api/v1/conferences/%d/agenda", false, http.StatusOK},
	{"/api/v1/cases/%d", true, http.StatusOK},
	{"/api/v1/conferences/%d/minutes", false, http.StatusOK},
	{"/api/v1/cases/%d/timeline", true, http.StatusForbidden},
	{"/conferences/%d", false, http.StatusOK},
	{"/cases/%d", true, http.StatusForbidden},
	{"/conferences/%d/minutes", false, http.StatusOK},
	{"/conferences/%d/agenda.pdf", false, http.StatusOK},
}

// signedRoutes are counted once the minutes are signed.
var signedRoutes = []countedRoute{
	{"/conferences/%d/minutes.pdf", false, http.StatusOK},
	{"/conferences/%d/minutes", false, http.StatusOK},
	{"/api/v1/conferences/%d/minutes", false, http.StatusOK},
}

// countViewers see the meeting as chair, secretary, a participant involved in
// every case (officer), one involved in every other case (probation) and one
// involved in none (nurse), who gets every case redacted.
var countViewers = []string{"chair", "secretary", "officer", "probation", "nurse"}

// measured is what one request did.
type measured struct {
	code int
	sql  []string
}

// TestQueryCount requests the agenda, case and minutes routes on a meeting of
// 2 cases and on one of 12 — each case with question sets, a record, two
// decisions (one granting a mandate, one escalated), an action and a quick
// action, and the first case on as many meetings — and fails when a route
// makes more queries for the larger one: an N+1.
func TestQueryCount(t *testing.T) {
	const few, many = 2, 12
	small, large := measureQueries(t, few), measureQueries(t, many)
	keys := make([]string, 0, len(small))
	for k := range small {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		s, l := small[k], large[k]
		t.Logf("%-55s %3d queries with %d items, %3d with %d", k, len(s.sql), few, len(l.sql), many)
		if s.code != l.code {
			t.Errorf("%s: status %d with %d items, %d with %d", k, s.code, few, l.code, many)
		}
		// Exactly equal: every list on these routes is loaded with one query
		// for all its items, whatever their number.
		if len(s.sql) != len(l.sql) {
			t.Errorf("%s: %d queries with %d items, %d with %d; the queries whose number changed:\n%s",
				k, len(s.sql), few, len(l.sql), many, sqlDiff(s.sql, l.sql))
		}
	}
	if len(large) != len(small) || len(small) != len(countViewers)*(len(countedRoutes)+len(signedRoutes)) {
		t.Fatalf("measured %d and %d requests", len(small), len(large))
	}
}

// measureQueries builds a meeting of n cases and returns, per viewer and
// route, the status and the statements of one request.
func measureQueries(t *testing.T, n int) map[string]measured {
	t.Helper()
	e := newEnv(t)
	f := e.countFixture(t, n)
	log := logQueries(t, e.db)
	// The first use of a token writes its last-use time; do that before counting.
	for _, user := range countViewers {
		if code, _ := e.raw(user, "GET", "/api/v1/me", ""); code != http.StatusOK {
			t.Fatalf("me as %s: %d", user, code)
		}
	}
	out := map[string]measured{}
	measure := func(routes []countedRoute, suffix string) {
		for _, r := range routes {
			id := e.conf.ID
			if r.ofCase {
				id = f.cases[0].ID
			}
			for _, user := range countViewers {
				var m measured
				m.sql = log.during(func() { m.code, _ = e.raw(user, "GET", fmt.Sprintf(r.path, id), "") })
				want := http.StatusOK
				if user == "nurse" {
					want = r.redactedCode
				}
				if m.code != want {
					t.Errorf("%s GET %s with %d items: %d, want %d", user, fmt.Sprintf(r.path, id), n, m.code, want)
				}
				out[user+" GET "+strings.ReplaceAll(r.path, "%d", ":id")+suffix] = m
			}
		}
	}
	measure(countedRoutes, "")
	f.check(t, e, n)
	e.sign(t)
	measure(signedRoutes, " (signed)")
	return out
}

// countFixture is a meeting with n cases recorded in full.
type countFixture struct {
	cases []conference.Case
	sets  []agenda.QuestionSet
}

// countFixture adds the probation service (a member of the series, with its
// user "probation") and the municipality, and puts n cases on the env's
// meeting. Every case involves the police and the municipality, every other
// case the probation service too; none the GGZ. The first case is also on n-1
// earlier meetings, so that its timeline grows with n.
func (e *env) countFixture(t *testing.T, n int) countFixture {
	t.Helper()
	ctx := context.Background()
	probation := conference.Organisation{Name: "Reclassering", Kind: conference.OrgReclassering}
	gemeente := conference.Organisation{Name: "Gemeente", Kind: conference.OrgGemeente}
	for _, o := range []*conference.Organisation{&probation, &gemeente} {
		if err := e.store.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	u := conference.User{Name: "probation", Email: "probation@example.nl", OrganisationID: probation.ID,
		Roles: []conference.Role{conference.RoleParticipant}, Active: true, PasswordHash: e.users["officer"].PasswordHash}
	if err := e.store.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	plain, _, err := auth.NewTokens(e.db, dbtest.Now).Create(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.users["probation"], e.tokens["probation"] = u, plain
	e.series.MemberOrganisationIDs = append(e.series.MemberOrganisationIDs, probation.ID, gemeente.ID)
	if err := e.store.SaveSeries(ctx, &e.series); err != nil {
		t.Fatal(err)
	}

	ag := agenda.NewStore(e.db, dbtest.Now, e.store)
	all, err := ag.QuestionSets(ctx, true)
	if err != nil || len(all) < 2 {
		t.Fatalf("question sets: %d, %v", len(all), err)
	}
	f := countFixture{sets: all[:2]}
	officer := e.users["officer"]
	for i := range n {
		c := conference.Case{Subject: fmt.Sprintf("Persoon %d", i), Theme: conference.ThemeReturn, Postcode: "5348",
			Neighbourhood: "Ussen", Summary: "Stand van zaken", CaseDirectorID: &officer.ID,
			InvolvedOrganisationIDs: []int64{e.police.ID, gemeente.ID}}
		if i%2 == 0 {
			c.InvolvedOrganisationIDs = append(c.InvolvedOrganisationIDs, probation.ID)
		}
		if err := e.store.CreateCase(ctx, conference.ActorOf(&officer), &c); err != nil {
			t.Fatal(err)
		}
		f.cases = append(f.cases, c)
	}
	e.meeting(t, f, e.conf, f.cases)
	for k := 1; k < n; k++ {
		earlier := conference.Conference{SeriesID: e.series.ID, StartsAt: dbtest.Clock.AddDate(0, 0, -7*k)}
		if err := e.store.CreateConference(ctx, &earlier); err != nil {
			t.Fatal(err)
		}
		e.meeting(t, f, earlier, f.cases[:1])
	}
	return f
}

// meeting puts the cases on conf's agenda with the fixture's question sets,
// publishes it and records for each: a summary with answers, a mandate grant,
// an escalated decision, an action and a quick action under the mandate.
func (e *env) meeting(t *testing.T, f countFixture, conf conference.Conference, cases []conference.Case) {
	t.Helper()
	ctx := context.Background()
	ag := agenda.NewStore(e.db, e.now, e.store)
	mins := minutes.NewStore(e.db, e.now, e.store, ag)
	officer, chairUser, secUser := e.users["officer"], e.users["chair"], e.users["secretary"]
	officerA, chair, secretary := conference.ActorOf(&officer), conference.ActorOf(&chairUser), conference.ActorOf(&secUser)
	setIDs := []int64{f.sets[0].ID, f.sets[1].ID}
	var items []agenda.Item
	for _, c := range cases {
		it, err := ag.Propose(ctx, officerA, agenda.Proposal{ConferenceID: conf.ID, CaseID: &c.ID, Reason: "Bespreken"})
		if err != nil {
			t.Fatal(err)
		}
		if it, err = ag.Triage(ctx, chair, it.ID, agenda.Accept, "", it.Version); err != nil {
			t.Fatal(err)
		}
		if it, err = ag.Plan(ctx, chair, it.ID, 15, setIDs, it.Version); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	if _, err := ag.Publish(ctx, chair, conf.ID); err != nil {
		t.Fatal(err)
	}
	if at := conf.StartsAt.Add(time.Hour); at.After(e.now()) {
		e.setNow(at) // the minutes are recorded at the meeting
	}
	var att []conference.Attendance
	for _, user := range []string{"officer", "probation", "nurse", "chair", "secretary"} {
		att = append(att, conference.Attendance{UserID: e.users[user].ID, Presence: conference.Present})
	}
	if err := e.store.SetAttendance(ctx, conf.ID, att); err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		answers := map[string]string{}
		for _, qs := range f.sets {
			answers[qs.Key+"."+qs.Questions[0].Key] = "Antwoord"
		}
		if err := mins.SaveItemRecord(ctx, secretary, &minutes.ItemRecord{ItemID: it.ID, Summary: "Besproken", Answers: answers}); err != nil {
			t.Fatal(err)
		}
		positions := []minutes.Position{{OrganisationID: e.police.ID, Stance: minutes.Agree}}
		if cases[i].Involves(e.users["probation"].OrganisationID) {
			positions = append(positions, minutes.Position{OrganisationID: e.users["probation"].OrganisationID, Stance: minutes.Abstain})
		}
		grant := minutes.Decision{Text: "Mandaat", Kind: minutes.DecisionMandateGrant, Positions: positions,
			Mandate: &minutes.Mandate{GranteeOrganisationID: e.police.ID, Scope: "Meldplicht", Conditions: "in overleg met het OM",
				ValidFrom: dbtest.Clock.AddDate(0, 0, -1), ValidUntil: dbtest.Clock.AddDate(0, 1, 0)}}
		if err := mins.AddDecision(ctx, secretary, it.ID, &grant); err != nil {
			t.Fatal(err)
		}
		escalated := minutes.Decision{Text: "Woning opzeggen", Kind: minutes.DecisionEscalation,
			Positions: []minutes.Position{{OrganisationID: e.police.ID, Stance: minutes.Object, Remark: "eerst zorg"}}}
		if err := mins.AddDecision(ctx, secretary, it.ID, &escalated); err != nil {
			t.Fatal(err)
		}
		act := minutes.Action{What: "Huisbezoek", OwnerOrganisationID: e.police.ID, OwnerUserID: &officer.ID, DueDate: dbtest.Clock.AddDate(0, 0, 14)}
		if err := mins.AddAction(ctx, secretary, it.ID, &act); err != nil {
			t.Fatal(err)
		}
		if err := mins.LogQuickAction(ctx, officerA, grant.Mandate.ID, &minutes.QuickAction{TakenAt: dbtest.Clock, What: "Meldplicht opgelegd"}); err != nil {
			t.Fatal(err)
		}
	}
}

// check makes sure that the routes showed what the fixture holds, so that the
// counts are of full pages.
func (f countFixture) check(t *testing.T, e *env, n int) {
	t.Helper()
	var av agenda.View
	e.api("chair", "GET", fmt.Sprintf("/api/v1/conferences/%d/agenda", e.conf.ID), nil).JSON(t, &av)
	if len(av.Items) != n || len(av.Items[n-1].QuestionSets) != 2 || av.Items[n-1].Redacted() {
		t.Fatalf("the chair's agenda has %d items, want %d with 2 question sets each", len(av.Items), n)
	}
	var mv minutes.View
	e.api("probation", "GET", fmt.Sprintf("/api/v1/conferences/%d/minutes", e.conf.ID), nil).JSON(t, &mv)
	redacted := 0
	for _, it := range mv.Items {
		if it.Redacted() {
			redacted++
		} else if len(it.Decisions) != 2 || it.Decisions[0].Mandate == nil || len(it.Decisions[0].Mandate.QuickActions) != 1 || len(it.Actions) != 1 {
			t.Fatalf("minutes of item %d for probation: %+v", it.ID, it)
		}
	}
	if len(mv.Items) != n || redacted != n/2 {
		t.Fatalf("probation's minutes have %d items, %d redacted; want %d, %d", len(mv.Items), redacted, n, n/2)
	}
	var tl struct{ Items []minutes.Event }
	e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d/timeline", f.cases[0].ID), nil).JSON(t, &tl)
	meetings := 0
	for _, ev := range tl.Items {
		if ev.Kind == "agenda" {
			meetings++
		}
	}
	if meetings != n {
		t.Fatalf("the timeline shows %d meetings, want %d", meetings, n)
	}
	if _, body := e.raw("nurse", "GET", fmt.Sprintf("/api/v1/conferences/%d/agenda", e.conf.ID), ""); strings.Contains(body, "Persoon") {
		t.Fatal("the GGZ sees a case it is not involved in")
	}
}

// sign finalises the env's minutes and has the chair and secretary approve them.
func (e *env) sign(t *testing.T) {
	t.Helper()
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	e.finalise(t)
	for _, user := range []string{"chair", "secretary"} {
		if res := e.api(user, "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusOK {
			t.Fatalf("approve as %s: %d %s", user, res.Code, res.Body)
		}
	}
}

var inList = regexp.MustCompile(`\((?:\?|\$\d+)(?:,\s*(?:\?|\$\d+))*\)`)

// sqlDiff lists the statements (with IN lists shortened) made a different
// number of times in small and large.
func sqlDiff(small, large []string) string {
	count := func(list []string) map[string]int {
		m := map[string]int{}
		for _, s := range list {
			m[inList.ReplaceAllString(s, "(…)")]++
		}
		return m
	}
	s, l := count(small), count(large)
	var lines []string
	for q, nl := range l {
		if ns := s[q]; ns != nl {
			lines = append(lines, fmt.Sprintf("  %2d → %2d  %s", ns, nl, q))
		}
	}
	for q, ns := range s {
		if _, ok := l[q]; !ok {
			lines = append(lines, fmt.Sprintf("  %2d →  0  %s", ns, q))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
