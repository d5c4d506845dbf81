package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/database"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/retention"
	"casusoverleg/internal/signing"
	"casusoverleg/internal/tsatest"
	"casusoverleg/internal/web"
	"casusoverleg/minutes"
)

// TestVerifyCommand signs a demo meeting's minutes as serve would, downloads
// the PDF and checks it with `casusoverleg verify`; a changed byte fails it.
func TestVerifyCommand(t *testing.T) {
	ctx := context.Background()
	getenv, path := sqliteEnv(t)
	if _, err := run(t, getenv, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	// The minutes are recorded at the meeting: the clock moves there once it is known.
	var at time.Time
	clock := func() time.Time {
		if at.IsZero() {
			return time.Now()
		}
		return at
	}
	cases := conference.NewStore(db, clock)
	cases.AddCaseGrant(agenda.CaseGrant)
	items := agenda.NewStore(db, clock, cases)
	mins := minutes.NewStore(db, clock, cases, items)
	actorOf := func(email string) (conference.User, conference.Actor) {
		u, err := cases.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u, conference.ActorOf(&u)
	}
	_, police := actorOf("t.verhoeven@politie.example.nl")
	chairUser, chair := actorOf("voorzitter@zvh.example.nl")
	secUser, secretary := actorOf("notulist@zvh.example.nl")
	list, _, err := cases.Conferences(ctx, conference.ConferenceFilter{Status: conference.StatusDraft})
	if err != nil || len(list) == 0 {
		t.Fatalf("no draft meeting in the demo: %v", err)
	}
	conf := list[len(list)-1]
	at = conf.StartsAt.Add(time.Hour)
	own, _, err := cases.Cases(ctx, police, conference.CaseFilter{})
	if err != nil || len(own) == 0 {
		t.Fatalf("no police case: %v", err)
	}
	it, err := items.Propose(ctx, police, agenda.Proposal{ConferenceID: conf.ID, CaseID: &own[0].ID, Reason: "bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := items.Triage(ctx, chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	rec := minutes.ItemRecord{ItemID: it.ID, Summary: "Besproken; plan van aanpak vastgesteld."}
	if err := mins.SaveItemRecord(ctx, secretary, &rec); err != nil {
		t.Fatal(err)
	}
	if err := mins.Finalise(ctx, secretary, conf.ID, "geen presentielijst bijgehouden"); err != nil {
		t.Fatal(err)
	}
	signer, _, err := signing.Load(ctx, db, signingConfig(getenv), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tsaTime := time.Now().UTC().Truncate(time.Second)
	tsa, err := tsatest.New(func() time.Time { return tsaTime })
	if err != nil {
		t.Fatal(err)
	}
	defer tsa.Close()
	srv, err := web.New(web.Config{Signer: signer, TSA: &pdfsign.TSAClient{URL: tsa.URL}}, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mins.Approve(ctx, chair, chairUser.Name, conf.ID, srv.Sealer()); err != nil {
		t.Fatal(err)
	}
	sg, err := mins.Approve(ctx, secretary, secUser.Name, conf.ID, srv.Sealer())
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	token, _, err := auth.NewTokens(db, time.Now).Create(ctx, chairUser.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	download := func() []byte {
		t.Helper()
		req, _ := http.NewRequest("GET", hs.URL+"/conferences/"+itoa(conf.ID)+"/minutes.pdf", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("minutes.pdf: %d %s", res.StatusCode, pdf)
		}
		return pdf
	}
	pdf := download()
	if again := download(); !bytes.Equal(pdf, again) {
		t.Fatal("two downloads of the signed minutes differ")
	}
	database.Close(db)

	file := filepath.Join(t.TempDir(), "verslag.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, getenv, "verify", file)
	if err != nil {
		t.Fatalf("verify: %q, %v", out, err)
	}
	for _, want := range []string{
		"signature valid (PAdES B-T)",
		"(conference " + itoa(conf.ID) + ")",
		"copy:           full copy",
		"signing time:   " + sg.SignedAt.Format(time.RFC3339),
		"timestamp time: " + tsaTime.Format(time.RFC3339),
		"the bytes equal the stored signed original",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	pdf[len(pdf)/3] ^= 0x01
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, getenv, "verify", file); err == nil || !strings.Contains(err.Error(), "NOT valid") {
		t.Fatalf("verify of a changed PDF: %v", err)
	}
	// Without a database only the signature is checked, and it says so.
	noDB := func(k string) string {
		if k == "SQLITE_PATH" {
			return filepath.Join(t.TempDir(), "absent.db")
		}
		return ""
	}
	pdf[len(pdf)/3] ^= 0x01
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, noDB, "verify", file); err != nil || !strings.Contains(out, "only the signature is checked") {
		t.Fatalf("verify without a database: %q, %v", out, err)
	}
	destroyCase(t, getenv, path, own[0].ID)
	// The copy held a destroyed case: verify says so, not "unknown".
	out, err = run(t, getenv, "verify", file)
	if err != nil || !strings.Contains(out, "DESTROYED:      this signed copy was destroyed on "+time.Now().UTC().Format("2006-01-02")+" under the retention rule") ||
		!strings.Contains(out, "signature valid") {
		t.Fatalf("verify of a destroyed copy: %q, %v", out, err)
	}
	if out, err := run(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("audit verify after destruction: %q, %v", out, err)
	}
}

// destroyCase closes case id six years ago, lets `retention list` propose
// it, approves the list as an admin would and destroys it with `retention destroy`.
func destroyCase(t *testing.T, getenv env, path string, id int64) {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	closed := time.Now().UTC().AddDate(-6, 0, 0)
	if err := db.Exec("UPDATE cases SET status = 'afgesloten', closed_at = ?, outcome = 'doel_bereikt' WHERE id = ?", closed, id).Error; err != nil {
		t.Fatal(err)
	}
	database.Close(db)
	if out, err := run(t, getenv, "retention", "destroy"); err != nil || !strings.Contains(out, "nothing destroyed") {
		t.Fatalf("retention destroy before approval: %q, %v", out, err)
	}
	out, err := run(t, getenv, "retention", "list")
	if err != nil || !strings.Contains(out, "destruction list") || !strings.Contains(out, "closed "+closed.Format("2006-01-02")) {
		t.Fatalf("retention list: %q, %v", out, err)
	}
	db, err = database.Open(ctx, database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	st := retention.New(db, time.Now, nil)
	lists, err := st.Lists(ctx)
	if err != nil || len(lists) != 1 {
		t.Fatalf("lists: %v, %v", lists, err)
	}
	if _, err := st.Approve(ctx, lists[0].ID, lists[0].Version, retention.Approver{UserID: 1, Name: "Beheerder"}, "gecontroleerd"); err != nil {
		t.Fatal(err)
	}
	// A reason typed about the case, which the audit log keeps beside its chain.
	if _, err := audit.New(db, time.Now).Record(ctx, audit.Event{Action: audit.ActionUpdate, RecordType: "case", RecordID: itoa(id),
		Detail: "linked to case 999", Text: "zelfde moeder", Subjects: audit.Subjects("case", id, 999)}); err != nil {
		t.Fatal(err)
	}
	database.Close(db)
	out, err = run(t, getenv, "retention", "destroy")
	if err != nil || !strings.Contains(out, "approved by Beheerder") || !strings.Contains(out, "signed copy of conference") {
		t.Fatalf("retention destroy: %q, %v", out, err)
	}
	out, err = run(t, getenv, "audit", "verify")
	if err != nil || !strings.Contains(out, "event texts: 0 kept and matching their hashes, 1 destroyed") {
		t.Fatalf("audit verify after retention destroy: %q, %v", out, err)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
