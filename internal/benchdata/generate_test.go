package benchdata_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/benchdata"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

type stores struct {
	conf    *conference.Store
	agenda  *agenda.Store
	minutes *minutes.Store
}

// wire builds the stores as the server does.
func wire(db *gorm.DB) stores {
	s := stores{conf: conference.NewStore(db, dbtest.Now)}
	s.conf.AddCaseGrant(agenda.CaseGrant)
	s.agenda = agenda.NewStore(db, dbtest.Now, s.conf)
	s.minutes = minutes.NewStore(db, dbtest.Now, s.conf, s.agenda)
	s.agenda.AddFollowUpSource(s.minutes)
	return s
}

func generate(t *testing.T, size benchdata.Size) (*gorm.DB, benchdata.Summary, string) {
	t.Helper()
	db := dbtest.Open(t)
	var out bytes.Buffer
	sum, err := benchdata.Generate(context.Background(), db, size, benchdata.Options{Now: dbtest.Now(), PasswordHash: "x", Progress: &out, Seed: 7})
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, out.String())
	}
	return db, sum, out.String()
}

func TestGenerateSmallRegion(t *testing.T) {
	ctx := context.Background()
	size := benchdata.Small()
	db, sum, progress := generate(t, size)
	t.Log("\n" + sum.String())

	meetings := size.Series * (size.Weeks + 2)
	if got := sum.Rows("conferences"); got != meetings {
		t.Errorf("conferences = %d, want %d", got, meetings)
	}
	if got, want := sum.Rows("agenda_items"), size.Series*(size.Weeks+1)*size.ItemsPerMeeting; got < want || got > want*11/10 {
		t.Errorf("agenda items = %d, want %d accepted (every meeting but the draft one full) and a few turned down", got, want)
	}
	if got := sum.Rows("cases"); got != size.Cases {
		t.Errorf("cases = %d, want %d", got, size.Cases)
	}
	for _, table := range []string{"case_organisations", "attendances", "item_records", "decisions", "decision_positions", "actions", "minutes_records"} {
		if sum.Rows(table) == 0 {
			t.Errorf("no rows in %s", table)
		}
	}
	if !strings.Contains(progress, "agenda_items") || !strings.Contains(progress, "rows written") {
		t.Errorf("progress does not name the tables and the total:\n%s", progress)
	}

	s := wire(db)
	tg, err := benchdata.Find(ctx, s.conf, s.agenda)
	if err != nil {
		t.Fatal(err)
	}
	if _, total, err := s.conf.Users(ctx, conference.UserFilter{}); err != nil || int(total) != size.Users {
		t.Errorf("users = %d (%v), want %d", total, err, size.Users)
	}

	// The chair sees the full published agenda; the participant sees it with
	// the cases of other partners redacted.
	chair := conference.ActorOf(&tg.Chair)
	view, err := s.agenda.Agenda(ctx, chair, tg.Upcoming.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Items) != size.ItemsPerMeeting {
		t.Errorf("upcoming agenda has %d items, want %d", len(view.Items), size.ItemsPerMeeting)
	}
	pv, err := s.agenda.Agenda(ctx, conference.ActorOf(&tg.Participant), tg.Upcoming.ID)
	if err != nil {
		t.Fatal(err)
	}
	full, redacted := 0, 0
	for _, e := range pv.Items {
		switch {
		case e.Case == nil:
		case e.Redacted():
			redacted++
		case !e.Case.Involves(tg.Participant.OrganisationID):
			t.Errorf("participant sees case %s in full without being involved", e.Case.Reference)
		default:
			full++
		}
	}
	if full == 0 {
		t.Errorf("participant sees no case in full (redacted %d)", redacted)
	}
	if ok, err := s.conf.CanSeeCase(ctx, conference.ActorOf(&tg.Outsider), tg.Case); err != nil || ok {
		t.Errorf("outsider may see the target case: %v, %v", ok, err)
	}

	// Building the draft agenda carries cases over.
	added, err := s.agenda.Prepare(ctx, chair, tg.Draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) == 0 {
		t.Error("preparing the draft agenda carried nothing over")
	}

	// The last held meeting has minutes with decisions, read through the domain.
	mv, err := s.minutes.Minutes(ctx, conference.ActorOf(&tg.Secretary), tg.Held.ID)
	if err != nil {
		t.Fatal(err)
	}
	decisions := 0
	for _, it := range mv.Items {
		decisions += len(it.Decisions)
	}
	held, err := s.agenda.Agenda(ctx, chair, tg.Held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mv.Items) != size.ItemsPerMeeting || len(held.Items) != size.ItemsPerMeeting || decisions == 0 {
		t.Errorf("held meeting: %d items in the minutes, %d accepted on the agenda, %d decisions", len(mv.Items), len(held.Items), decisions)
	}

	sg, err := s.minutes.Signed(ctx, tg.Signed.ID)
	if err != nil || sg.Hash == "" || len(sg.Content.Items) == 0 {
		t.Errorf("signed minutes: hash %q, %d items, %v", sg.Hash, len(sg.Content.Items), err)
	}
	if got, want := sum.Rows("minutes_signed"), size.Series*benchdata.SignedWeeks; got != want {
		t.Errorf("signed minutes = %d, want %d", got, want)
	}

	// A region goes into an empty database only.
	_, err = benchdata.Generate(ctx, db, size, benchdata.Options{Now: dbtest.Now()})
	if !errors.Is(err, benchdata.ErrNotEmpty) {
		t.Errorf("second generate: %v, want ErrNotEmpty", err)
	}
}

func TestGenerateIsReproducible(t *testing.T) {
	_, a, _ := generate(t, benchdata.Small())
	_, b, _ := generate(t, benchdata.Small())
	if a.String() != b.String() {
		t.Errorf("same seed, different regions:\n%s\n%s", a, b)
	}
}

func TestSizeValidate(t *testing.T) {
	if err := benchdata.Region().Validate(); err != nil {
		t.Errorf("region size: %v", err)
	}
	bad := benchdata.Size{Organisations: 2, Users: 1, Series: 9, Weeks: 1, Cases: 0, ItemsPerMeeting: 1}
	err := bad.Validate()
	for _, field := range []string{"organisations", "series", "users", "weeks", "cases", "items per meeting"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("error %v does not name %s", err, field)
		}
	}
}
