package retention_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/retention"
)

// approveDue proposes the list at the clock and approves it.
func approveDue(t *testing.T, f *fixture, st *retention.Store) retention.List {
	t.Helper()
	ctx := context.Background()
	l, err := st.Propose(ctx)
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	l, err = st.Approve(ctx, l.ID, l.Version, retention.Approver{UserID: f.admin.ID, Name: f.admin.Name}, "Bewaartermijn verstreken; lijst gecontroleerd")
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	return l
}

func TestCaseUnderRetentionIsUntouched(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := retention.New(f.db, f.clock.now, nil)
	// One day before the moment the period ends: not due.
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 0).Add(-24 * time.Hour)
	if due, err := st.Due(ctx); err != nil || len(due) != 0 {
		t.Fatalf("due a day early: %v, %v", due, err)
	}
	if _, err := st.Propose(ctx); !errors.Is(err, conference.ErrNotFound) {
		t.Fatalf("a list a day early: %v", err)
	}
	if recs, err := st.Destroy(ctx); err != nil || len(recs) != 0 {
		t.Fatalf("destroyed a day early: %v, %v", recs, err)
	}
	if hits := dbtest.Scan(t, f.db, marker); len(hits) == 0 {
		t.Fatal("the case's texts are gone before its period ended")
	}
	// The period passed: proposed, approved, destroyed.
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 0).Add(time.Minute)
	l := approveDue(t, f, st)
	if len(l.Cases) != 1 || l.Cases[0].CaseID != f.doomed.ID {
		t.Fatalf("list = %+v; want the closed case only", l.Cases)
	}
	if recs, err := st.Destroy(ctx); err != nil || len(recs) != 1 {
		t.Fatalf("destroy: %v, %v", recs, err)
	}
}

func TestApprovalNeedsReasonAndCurrentVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := retention.New(f.db, f.clock.now, nil)
	f.clock.t = f.closedAt.AddDate(6, 0, 0)
	l, err := st.Propose(ctx)
	if err != nil {
		t.Fatal(err)
	}
	by := retention.Approver{UserID: f.admin.ID, Name: f.admin.Name}
	var ve conference.ValidationErrors
	if _, err := st.Approve(ctx, l.ID, l.Version, by, " "); !errors.As(err, &ve) || ve[0].Field != "reason" {
		t.Fatalf("approve without reason: %v", err)
	}
	if _, err := st.Approve(ctx, l.ID, l.Version+1, by, "ok"); !errors.Is(err, conference.ErrConflict) {
		t.Fatalf("approve of another version: %v", err)
	}
	if _, err := st.Approve(ctx, l.ID+99, 1, by, "ok"); !errors.Is(err, conference.ErrNotFound) {
		t.Fatalf("approve of no list: %v", err)
	}
}

// TestDestructionLeavesNoPersonalData is the proof: after destruction no
// text column of any table, the audit log's included, holds the person's
// name, BSN (or its hash and name keys), date of birth or the case's texts;
// the other case of the meeting keeps its data and its audit texts; the
// record remains; the audit log still verifies and counts the destroyed
// texts as destroyed.
func TestDestructionLeavesNoPersonalData(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	log := audit.New(f.db, f.clock.now)
	texts := f.auditTexts(t, log)
	markers := append([]string{surname, bsn, birthISO, birthNL, marker}, f.personKeys...)
	for _, m := range markers {
		if len(dbtest.Scan(t, f.db, m)) == 0 && m != birthNL {
			t.Fatalf("the fixture holds no %q: the scan proves nothing", m)
		}
	}
	for _, m := range []string{surname, marker, birthISO, birthNL} {
		if !slices.Contains(dbtest.Scan(t, f.db, m), "audit_event_texts.text") {
			t.Fatalf("the audit log's texts hold no %q: the scan proves nothing there", m)
		}
	}
	st := retention.New(f.db, f.clock.now, retention.LogAuditor{Log: log})
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 1)
	l := approveDue(t, f, st)
	recs, err := st.Destroy(ctx)
	if err != nil || len(recs) != 1 {
		t.Fatalf("destroy: %v, %v", recs, err)
	}
	for _, m := range markers {
		if hits := dbtest.Scan(t, f.db, m); len(hits) > 0 {
			t.Errorf("%q still in %v after destruction", m, hits)
		}
	}
	rec := recs[0]
	if rec.Reference != f.doomed.Reference || rec.ListID != l.ID || rec.ApproverName != f.admin.Name || rec.Counts["persons"] != 1 ||
		len(rec.Originals) != 1 || rec.Originals[0].SHA256 != f.pdfSHA || rec.Originals[0].ContentHash != f.pdfCH {
		t.Fatalf("record = %+v", rec)
	}
	if o, err := st.DestroyedOriginal(ctx, f.pdfSHA); err != nil || !o.DestroyedAt.Equal(f.clock.t.UTC()) {
		t.Fatalf("destroyed original: %+v, %v", o, err)
	}
	kept, err := f.cases.Case(ctx, conference.System, f.kept.ID)
	if err != nil || kept.Summary != "Blijft bewaard" || len(kept.Persons) != 1 {
		t.Fatalf("the other case of the meeting: %+v, %v", kept, err)
	}
	gone, err := f.cases.Case(ctx, conference.System, f.doomed.ID)
	if err != nil || gone.DestroyedAt == nil || gone.Subject != retention.Destroyed || len(gone.Persons) != 0 {
		t.Fatalf("the destroyed case: %+v, %v", gone, err)
	}
	lists, err := st.Lists(ctx)
	if err != nil || len(lists) != 1 || lists[0].Status != retention.ListDestroyed {
		t.Fatalf("lists = %+v, %v", lists, err)
	}
	rep, err := log.Check(ctx)
	if err != nil || rep.Texts != 1 || rep.Destroyed != int64(len(texts.destroyed)) {
		t.Fatalf("audit check after destruction: %+v, %v; want 1 text kept, %d destroyed", rep, err, len(texts.destroyed))
	}
	events, _, err := log.List(ctx, audit.Filter{Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		switch {
		case ev.Seq == texts.seq && ev.Text != texts.text:
			t.Errorf("the other case's audit text = %q; want %q", ev.Text, texts.text)
		case texts.destroyed[ev.Seq] && (ev.Text != "" || ev.TextDestroyedBy == 0 || ev.TextHash == ""):
			t.Errorf("audit event %d after destruction: %+v", ev.Seq, ev)
		}
	}
	// Destroyed means destroyed: no second record, no reopening.
	if again, err := st.Destroy(ctx); err != nil || len(again) != 0 {
		t.Fatalf("destroy again: %v, %v", again, err)
	}
	_, err = f.cases.ReopenCase(ctx, conference.System, conference.Reopen{CaseID: f.doomed.ID, Version: gone.Version, Reason: "terug", RetentionEnds: f.clock.t.AddDate(1, 0, 0)})
	var ve conference.ValidationErrors
	if !errors.As(err, &ve) || ve[0].Field != "status" {
		t.Fatalf("reopen a destroyed case: %v", err)
	}
}

// TestTwoRunnersDestroyOnce: two app servers (two stores on one database)
// run the job at once; the case is destroyed once, with one record.
func TestTwoRunnersDestroyOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 1)
	approveDue(t, f, retention.New(f.db, f.clock.now, nil))
	runners := []*retention.Store{retention.New(f.db, f.clock.now, nil), retention.New(f.db, f.clock.now, nil)}
	var wg sync.WaitGroup
	ran, made := make([]bool, 2), make([]int, 2)
	errs := make([]error, 2)
	for i, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var recs []retention.Record
			ran[i], recs, errs[i] = r.RunOnce(ctx)
			made[i] = len(recs)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if ran[0] == ran[1] || made[0]+made[1] != 1 {
		t.Fatalf("ran %v, made %v records; want one runner, one record", ran, made)
	}
	// Destroy itself, called by both at once, also destroys once.
	f2 := newFixture(t)
	f2.clock.t = f2.closedAt.AddDate(0, retention.DefaultCaseMonths, 1)
	approveDue(t, f2, retention.New(f2.db, f2.clock.now, nil))
	counts := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs, err := retention.New(f2.db, f2.clock.now, nil).Destroy(ctx)
			if err != nil {
				errs[i] = err
			}
			counts[i] = len(recs)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || counts[0]+counts[1] != 1 {
		t.Fatalf("two Destroy calls: %v records, errors %v", counts, errs)
	}
	var n int64
	if err := f2.db.Table("destruction_records").Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("%d records, %v", n, err)
	}
}

func TestReopenWithinRetention(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := retention.New(f.db, f.clock.now, nil)
	ends, err := st.RetentionEnds(ctx, f.doomed.ID)
	if err != nil || !ends.Equal(f.closedAt.AddDate(0, retention.DefaultCaseMonths, 0)) {
		t.Fatalf("retention ends %v, %v", ends, err)
	}
	chair := conference.Actor{UserID: f.admin.ID, OrganisationID: f.admin.OrganisationID, Roles: []conference.Role{conference.RoleChair}}
	participant := conference.Actor{UserID: f.admin.ID, OrganisationID: f.admin.OrganisationID, Roles: []conference.Role{conference.RoleParticipant}}
	r := conference.Reopen{CaseID: f.doomed.ID, Version: f.doomed.Version, Reason: "Nieuwe melding", RetentionEnds: ends}
	if _, err := f.cases.ReopenCase(ctx, participant, r); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant reopens: %v", err)
	}
	f.clock.t = ends
	var ve conference.ValidationErrors
	if _, err := f.cases.ReopenCase(ctx, chair, r); !errors.As(err, &ve) || !strings.Contains(ve[0].Msg, "retention period") {
		t.Fatalf("reopen at the end of the period: %v", err)
	}
	f.clock.t = ends.Add(-time.Hour)
	c, err := f.cases.ReopenCase(ctx, chair, r)
	if err != nil || c.Status != conference.CaseInProgress || c.ClosedAt != nil || c.Outcome != "" {
		t.Fatalf("reopen within the period: %+v, %v", c, err)
	}
	if due, err := st.Due(ctx); err != nil || len(due) != 0 {
		t.Fatalf("a reopened case is due: %v, %v", due, err)
	}
}

func TestSettings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := retention.New(f.db, f.clock.now, nil)
	got, err := st.Settings(ctx)
	if err != nil || got.CaseMonths != retention.DefaultCaseMonths || got.AuditMonths != retention.DefaultAuditMonths {
		t.Fatalf("defaults: %+v, %v", got, err)
	}
	var ve conference.ValidationErrors
	if _, err := st.SaveSettings(ctx, f.admin.ID, retention.Settings{CaseMonths: 0, AuditMonths: 1}); !errors.As(err, &ve) || len(ve) != 2 {
		t.Fatalf("out of range: %v", err)
	}
	if _, err := st.SaveSettings(ctx, f.admin.ID, retention.Settings{CaseMonths: 60, AuditMonths: 84, Series: []retention.SeriesPeriod{{SeriesID: 999, Months: 12}}}); !errors.As(err, new(*conference.ValidationError)) {
		t.Fatalf("unknown series: %v", err)
	}
	// A longer period for the series keeps the case past the region default.
	if _, err := st.SaveSettings(ctx, f.admin.ID, retention.Settings{CaseMonths: 60, AuditMonths: 84, Series: []retention.SeriesPeriod{{SeriesID: f.series.ID, Months: 120}}}); err != nil {
		t.Fatal(err)
	}
	f.clock.t = f.closedAt.AddDate(6, 0, 0)
	if due, err := st.Due(ctx); err != nil || len(due) != 0 {
		t.Fatalf("due under the series' longer period: %v, %v", due, err)
	}
	f.clock.t = f.closedAt.AddDate(10, 0, 1)
	if due, err := st.Due(ctx); err != nil || len(due) != 1 || due[0].Months != 120 {
		t.Fatalf("due after the series' period: %v, %v", due, err)
	}
}

// TestLongerPeriodAfterApprovalKeepsTheCase: the period set when the job
// destroys wins over the one the list was made under.
func TestLongerPeriodAfterApprovalKeepsTheCase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st := retention.New(f.db, f.clock.now, nil)
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 1)
	approveDue(t, f, st)
	if _, err := st.SaveSettings(ctx, f.admin.ID, retention.Settings{CaseMonths: 120, AuditMonths: 84}); err != nil {
		t.Fatal(err)
	}
	if recs, err := st.Destroy(ctx); err != nil || len(recs) != 0 {
		t.Fatalf("destroyed under the old period: %v, %v", recs, err)
	}
	if hits := dbtest.Scan(t, f.db, marker); len(hits) == 0 {
		t.Fatal("the case's texts are gone")
	}
}

// failingAuditor fails while fail is set, then acts as LogAuditor.
type failingAuditor struct {
	retention.LogAuditor
	fail *bool
}

func (a failingAuditor) DestroyedCase(ctx context.Context, caseID int64, persons []int64, detail string) error {
	if *a.fail {
		return errors.New("audit log unreachable")
	}
	return a.LogAuditor.DestroyedCase(ctx, caseID, persons, detail)
}

// TestAuditToldAfterAFailure: when the audit log cannot be told of a
// destroyed case, the case stays destroyed and the next run tells it, so
// that its texts there are destroyed in the end, once.
func TestAuditToldAfterAFailure(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	log := audit.New(f.db, f.clock.now)
	texts := f.auditTexts(t, log)
	fail := true
	st := retention.New(f.db, f.clock.now, failingAuditor{retention.LogAuditor{Log: log}, &fail})
	f.clock.t = f.closedAt.AddDate(0, retention.DefaultCaseMonths, 1)
	approveDue(t, f, st)
	if recs, err := st.Destroy(ctx); err == nil || len(recs) != 1 {
		t.Fatalf("destroy with the audit log unreachable: %v, %v", recs, err)
	}
	if hits := dbtest.Scan(t, f.db, surname); !slices.Equal(hits, []string{"audit_event_texts.text"}) {
		t.Fatalf("after the failed run %q is in %v; want only the audit texts", surname, hits)
	}
	fail = false
	if recs, err := st.Destroy(ctx); err != nil || len(recs) != 0 {
		t.Fatalf("the next run: %v, %v", recs, err)
	}
	if hits := dbtest.Scan(t, f.db, surname); len(hits) > 0 {
		t.Fatalf("after the next run %q is in %v", surname, hits)
	}
	if _, err := st.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	deletions, _, err := log.List(ctx, audit.Filter{Action: audit.ActionDelete})
	if err != nil || len(deletions) != 1 {
		t.Fatalf("deletions logged: %+v, %v; want one", deletions, err)
	}
	if rep, err := log.Check(ctx); err != nil || rep.Destroyed != int64(len(texts.destroyed)) || rep.Texts != 1 {
		t.Fatalf("audit check: %+v, %v", rep, err)
	}
}
