package retention_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

// The markers of the person and the case texts; after destruction no table holds any.
const (
	surname  = "Zwartkruis"
	bsn      = "111222333"
	marker   = "MARKERTEKST"
	birthISO = "1987-06-05"
	birthNL  = "05-06-1987"
)

// clock is a movable injected clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// fixture is a region with one meeting that discussed two cases: doomed,
// closed on closedAt with every table holding its markers, and kept, another
// case of the same meeting that stays.
type fixture struct {
	db            *gorm.DB
	clock         *clock
	cases         *conference.Store
	admin         conference.User
	series        conference.Series
	conf          conference.Conference
	doomed, kept  conference.Case
	closedAt      time.Time
	personKeys    []string // bsn hash, name key, surname key of the doomed person
	pdfSHA, pdfCH string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	f := &fixture{db: db, clock: &clock{t: dbtest.Clock}}
	f.cases = conference.NewStore(db, f.clock.now)
	org := conference.Organisation{Name: "Politie", Kind: conference.OrgOther}
	if err := f.cases.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	officer := conference.User{Name: "Agent", Email: "agent@politie.nl", OrganisationID: org.ID, Roles: []conference.Role{conference.RoleParticipant}, Active: true}
	f.admin = conference.User{Name: "Beheerder", Email: "beheer@zvh.nl", OrganisationID: org.ID, Roles: []conference.Role{conference.RoleAdmin}, Active: true}
	for _, u := range []*conference.User{&officer, &f.admin} {
		if err := f.cases.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	f.series = conference.Series{Name: "Justitieel casusoverleg", MemberOrganisationIDs: []int64{org.ID}, RepeatMonths: 12, DefaultDurationMinutes: 60}
	if err := f.cases.SaveSeries(ctx, &f.series); err != nil {
		t.Fatal(err)
	}
	f.conf = conference.Conference{SeriesID: f.series.ID, StartsAt: dbtest.Clock.Add(-48 * time.Hour), DurationMinutes: 60, Status: conference.StatusDraft}
	if err := f.cases.CreateConference(ctx, &f.conf); err != nil {
		t.Fatal(err)
	}
	birth := time.Date(1987, 6, 5, 0, 0, 0, 0, time.UTC)
	mk := func(p conference.Person, summary string) conference.Case {
		c := conference.Case{Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard", Summary: summary, Persons: []conference.Person{p}}
		if err := f.cases.CreateCase(ctx, conference.ActorOf(&officer), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.doomed = mk(conference.Person{Surname: surname, Initials: "Q.X.", BirthDate: &birth, BSN: bsn}, "Samenvatting "+marker)
	other := time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)
	f.kept = mk(conference.Person{Surname: "Bewaard", Initials: "K.", BirthDate: &other}, "Blijft bewaard")
	var keys struct{ BSNHash, NameKey, SurnameKey string }
	if err := db.Table("persons").Select("bsn_hash, name_key, surname_key").Where("case_id = ?", f.doomed.ID).Scan(&keys).Error; err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{keys.BSNHash, keys.NameKey, keys.SurnameKey} {
		if k != "" {
			f.personKeys = append(f.personKeys, k)
		}
	}
	f.discuss(t)
	// Closed, with an outcome, at the clock.
	f.closedAt = f.clock.t
	cs, err := f.cases.EditCase(ctx, conference.System, conference.CaseEdit{CaseID: f.doomed.ID, Version: f.doomed.Version,
		Status: conference.CaseClosed, ClosingReason: "Afgesloten " + marker, Outcome: conference.OutcomeTransferred, OutcomeDetail: "GGZ " + marker})
	if err != nil {
		t.Fatal(err)
	}
	f.doomed = cs
	return f
}

// discuss fills every table that can hold the doomed case's data, the way
// the domain writes them, with the markers in each text.
func (f *fixture) discuss(t *testing.T) {
	t.Helper()
	db := f.db
	now := f.clock.t
	ins := func(table string, row map[string]any) int64 {
		t.Helper()
		if err := db.Table(table).Create(row).Error; err != nil {
			t.Fatalf("insert %s: %v", table, err)
		}
		var id int64
		if _, ok := row["id"]; ok {
			id = row["id"].(int64)
		}
		return id
	}
	item := func(id, caseID int64, text string) {
		ins("agenda_items", map[string]any{"id": id, "conference_id": f.conf.ID, "case_id": caseID, "title": text, "kind": "new",
			"status": "accepted", "reason": text, "decision_note": text, "proposed_by_id": nil, "proposing_org_id": f.admin.OrganisationID,
			"requested_minutes": 10, "planned_minutes": 10, "position": id, "auto_added": false, "answers": `{"q1":"` + text + `"}`,
			"version": 1, "created_at": now, "updated_at": now})
		ins("item_records", map[string]any{"item_id": id, "conference_id": f.conf.ID, "case_id": caseID, "summary": text,
			"answers": `{"q1":"` + text + `"}`, "version": 1, "updated_by": f.admin.ID, "updated_at": now})
	}
	item(9001, f.doomed.ID, "Bespreking "+surname+" "+marker)
	item(9002, f.kept.ID, "Bespreking bewaard")
	d := f.doomed.ID
	ins("decisions", map[string]any{"id": int64(9101), "item_id": 9001, "conference_id": f.conf.ID, "case_id": d, "text": "Besluit " + marker,
		"kind": "approach", "outcome": "escalated", "resolution": "Opgelost " + marker, "created_by": f.admin.ID, "created_at": now, "version": 1})
	ins("decision_positions", map[string]any{"decision_id": 9101, "organisation_id": f.admin.OrganisationID, "stance": "object", "remark": "Bezwaar " + marker})
	ins("actions", map[string]any{"id": int64(9201), "item_id": 9001, "conference_id": f.conf.ID, "case_id": d, "what": "Actie " + marker,
		"owner_organisation_id": f.admin.OrganisationID, "due_date": now, "done_note": "Gedaan " + marker, "created_at": now, "version": 1})
	ins("mandates", map[string]any{"id": int64(9301), "decision_id": 9101, "conference_id": f.conf.ID, "case_id": d,
		"grantee_organisation_id": f.admin.OrganisationID, "scope": "Mandaat " + marker, "conditions": "In overleg " + marker,
		"valid_from": now, "valid_until": now.AddDate(0, 1, 0), "revoke_reason": "Ingetrokken " + marker, "created_at": now})
	ins("quick_actions", map[string]any{"id": int64(9401), "mandate_id": 9301, "taken_at": now, "what": "Snelle actie " + marker, "by_user_id": f.admin.ID, "logged_at": now})
	ins("minutes_comments", map[string]any{"id": int64(9501), "conference_id": f.conf.ID, "item_id": 9001, "user_id": f.admin.ID,
		"organisation_id": f.admin.OrganisationID, "text": "Opmerking " + marker, "created_at": now, "status": "open", "note": "Notitie " + marker})
	ins("case_changes", map[string]any{"case_id": d, "at": now, "user_id": f.admin.ID, "kind": "status", "status": "in_behandeling", "reason": "Reden " + marker})
	ins("case_links", map[string]any{"case_id": f.kept.ID, "other_case_id": d, "reason": "Gekoppeld " + marker, "created_by_id": f.admin.ID, "created_at": now})
	ins("messages", map[string]any{"kind": "referral_accepted", "user_id": f.admin.ID, "to_address": "beheer@zvh.nl", "language": "nl",
		"subject": "Aanmelding " + f.doomed.Reference, "body": "Zie /cases/" + itoa(d), "reference": f.doomed.Reference, "link": "/cases/" + itoa(d),
		"digest": false, "status": "kept", "attempts": 0, "next_attempt_at": now, "created_at": now})
	ins("live_events", map[string]any{"conference_id": f.conf.ID, "kind": "minutes", "ref": 9001, "version": 1, "at": now})
	// The meeting's signed content and copies: the full copy holds both cases.
	ins("minutes_records", map[string]any{"conference_id": f.conf.ID, "status": "signed"})
	ins("minutes_signed", map[string]any{"conference_id": f.conf.ID, "hash": "c0ffee", "content": `{"items":["` + surname + " " + birthNL + " " + marker + `"]}`, "signed_at": now})
	ins("minutes_history", map[string]any{"conference_id": f.conf.ID, "kind": "reopened", "user_id": f.admin.ID, "reason": "Terug: " + surname + " " + marker, "at": now})
	ins("minutes_addenda", map[string]any{"id": int64(9601), "conference_id": f.conf.ID, "number": 1, "text": "Addendum " + marker, "created_by": f.admin.ID, "created_at": now, "hash": "addhash"})
	f.pdfSHA, f.pdfCH = "ab"+itoa(f.conf.ID)+"cd", "c0ffee"
	ins("minutes_originals", map[string]any{"conference_id": f.conf.ID, "revision": 0, "view_key": "full", "kind": "full", "organisations": "",
		"case_ids": itoa(d) + "," + itoa(f.kept.ID), "content_hash": f.pdfCH, "sha256": f.pdfSHA, "size": 10, "signed_at": now, "level": "B-B",
		"created_at": now, "pdf": []byte("%PDF " + surname + " " + bsn + " " + birthISO + " " + marker)})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// auditTexts are the audit events with a text the fixture logs.
type auditTexts struct {
	destroyed map[int64]bool // the seqs whose texts concern the doomed case or its person
	seq       int64          // the event whose text concerns only the kept case
	text      string         // its text
}

// auditTexts logs, the way the web layer does (internal/web: audit_person.go,
// persons.go, ops_privacy.go, ops_minutes_edit.go), the audit events whose
// texts hold the doomed person's data: person searches, a right-of-access
// search, the reasons typed for linking the cases and merging persons, the
// reason the meeting's minutes went back to draft; and a read of the case.
// One link reason concerns the kept case only.
func (f *fixture) auditTexts(t *testing.T, log *audit.Log) auditTexts {
	t.Helper()
	ctx := context.Background()
	d, k := f.doomed.ID, f.kept.ID
	var pd, pk int64
	for _, p := range []struct {
		caseID int64
		id     *int64
	}{{d, &pd}, {k, &pk}} {
		if err := f.db.Table("persons").Select("id").Where("case_id = ?", p.caseID).Scan(p.id).Error; err != nil || *p.id == 0 {
			t.Fatalf("person of case %d: %v", p.caseID, err)
		}
	}
	found := append(audit.Subjects("case", d), audit.Subjects("person", pd)...)
	events := []audit.Event{
		{Action: audit.ActionView, RecordType: "case", RecordID: itoa(d), Detail: f.doomed.Reference},
		{Action: audit.ActionView, RecordType: "person_search", RecordID: "-", Detail: "person search (1 found)",
			Text: "name=" + surname + " birth_date=" + birthISO, Subjects: found},
		{Action: audit.ActionView, RecordType: "person_search", RecordID: "-", Detail: "person search (1 found)",
			Text: "bsn=*****2333 name=Q.X. " + surname, Subjects: found},
		{Action: audit.ActionView, RecordType: "privacy_search", RecordID: "0", Detail: "right of access search (1 found)",
			Text: "name=" + surname + " birth_date=" + birthISO, Subjects: found},
		{Action: audit.ActionUpdate, RecordType: "case", RecordID: itoa(d), Detail: "linked to case " + itoa(k),
			Text: "Zelfde gezin " + surname + " " + marker, Subjects: audit.Subjects("case", d, k)},
		{Action: audit.ActionUpdate, RecordType: "case", RecordID: itoa(k), Detail: "linked to case " + itoa(d),
			Text: "Zelfde gezin " + surname + " " + marker, Subjects: audit.Subjects("case", k, d)},
		{Action: audit.ActionUpdate, RecordType: "person", RecordID: itoa(pd), Detail: "merged person " + itoa(pk),
			Text: surname + " is dezelfde, geboren " + birthNL, Subjects: audit.Subjects("person", pd, pk)},
		{Action: audit.ActionUpdate, RecordType: "minutes", RecordID: itoa(f.conf.ID), Detail: "back to draft",
			Text: "Besluit over " + surname + " ontbreekt " + marker, Subjects: audit.Subjects("case", d, k)},
		{Action: audit.ActionUpdate, RecordType: "case", RecordID: itoa(k), Detail: "linked to case 77",
			Text: "Bewaard gezin", Subjects: audit.Subjects("case", k, 77)},
	}
	stored, err := log.RecordMany(ctx, events)
	if err != nil {
		t.Fatal(err)
	}
	out := auditTexts{destroyed: map[int64]bool{}}
	for _, e := range stored[1 : len(stored)-1] {
		out.destroyed[e.Seq] = true
	}
	last := stored[len(stored)-1]
	out.seq, out.text = last.Seq, last.Text
	return out
}
