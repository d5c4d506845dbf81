package demo_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/demo"
	"casusoverleg/minutes"
)

// TestHistoryBringsItemsBack: after the demo seed with its history, the next
// meeting's "Vervolgpunten toevoegen" brings back the overdue and open
// actions, the mandate used, the escalated decision and the case due for
// review; seeding again changes nothing.
func TestHistoryBringsItemsBack(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	cases := conference.NewStore(db, dbtest.Now)
	seed := func() {
		t.Helper()
		if err := demo.Seed(ctx, cases, func(string) (string, error) { return "x", nil }, io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := demo.History(ctx, db, dbtest.Now, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	seed()
	count := func() (int64, int64) {
		_, confs, err := cases.Conferences(ctx, conference.ConferenceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, signed, err := cases.Conferences(ctx, conference.ConferenceFilter{Status: conference.StatusSigned})
		if err != nil {
			t.Fatal(err)
		}
		return confs, signed
	}
	confs, signed := count()
	if signed != 2 {
		t.Fatalf("%d meetings with signed minutes, want 2", signed)
	}
	seed()
	if again, signedAgain := count(); again != confs || signedAgain != signed {
		t.Fatalf("seeding again: %d meetings (%d signed), was %d (%d)", again, signedAgain, confs, signed)
	}

	chair, err := cases.UserByEmail(ctx, "voorzitter@zvh.example.nl")
	if err != nil {
		t.Fatal(err)
	}
	cases.AddCaseGrant(agenda.CaseGrant)
	items := agenda.NewStore(db, dbtest.Now, cases)
	items.AddFollowUpSource(minutes.NewStore(db, dbtest.Now, cases, items))
	all, _, _ := cases.AllSeries(ctx, conference.Page{})
	idx := slices.IndexFunc(all, func(s conference.Series) bool { return s.Name == "Justitieel casusoverleg Oss" })
	next, _, err := cases.Conferences(ctx, conference.ConferenceFilter{SeriesID: all[idx].ID, Status: conference.StatusDraft})
	if err != nil || len(next) != 1 {
		t.Fatalf("draft meetings = %+v, %v", next, err)
	}
	added, err := items.Prepare(ctx, conference.ActorOf(&chair), next[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, it := range added {
		reasons = append(reasons, it.Reason)
	}
	joined := strings.Join(reasons, "\n")
	for _, want := range []string{"actie over tijd: Passende woonruimte", "open actie: Adviesrapport", "mandaat gebruikt: 1 snelle actie",
		"opgeschaald besluit: Raad voor de Kinderbescherming", "evaluatiedatum"} {
		if !strings.Contains(joined, want) {
			t.Errorf("carry-over lacks %q; it brought:\n%s", want, joined)
		}
	}
	if len(added) != 4 {
		t.Errorf("%d cases came back, want 4:\n%s", len(added), joined)
	}
	// The decision "Gemeente wordt procesregisseur" was applied to its case.
	found, _, _ := cases.Cases(ctx, conference.System, conference.CaseFilter{Query: "R. de G."})
	if len(found) != 1 || found[0].CaseDirectorOrganisationID == nil {
		t.Fatalf("the case director was not set: %+v", found)
	}
}
