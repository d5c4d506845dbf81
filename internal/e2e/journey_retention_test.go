package e2e

import (
	"context"
	"testing"
	"time"

	"casusoverleg/internal/retention"
)

// TestJourneyAdminApprovesDestructionList: the police case was closed six
// years ago; the daily job proposed it for destruction. A participant does
// not see the list; the admin reads it (also on a phone), is asked for the
// ground of approval, approves it, and the destruction record remains.
func TestJourneyAdminApprovesDestructionList(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	ctx := context.Background()
	closed := time.Now().UTC().AddDate(-6, 0, 0)
	if err := r.DB.Exec("UPDATE cases SET status = 'afgesloten', closed_at = ?, outcome = 'doel_bereikt', closing_reason = 'Doel bereikt' WHERE id = ?",
		closed, r.PoliceCase.ID).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := retention.New(r.DB, time.Now, nil).Propose(ctx); err != nil {
		t.Fatalf("propose: %v", err)
	}
	const page = "/admin/retention"
	var adminKey mjTOTP
	b := openTab(t, r.URL)
	b.steps(
		journeyStep{"ParticipantIsRefused", func(b *tab) {
			mjLogin(b, policeEmail, nil)
			status := b.open(page)
			if status != 403 {
				b.t.Fatalf("a participant opens the destruction list: HTTP %d", status)
			}
			b.logout()
		}},
		journeyStep{"AdminReadsTheList", func(b *tab) {
			mjLogin(b, "beheer@zvh.example.nl", &adminKey)
			status := b.open(page)
			b.wantPage(page, status, 200)
			b.wantText("Vernietigingslijst", r.PoliceCase.Reference, "60 maanden")
			b.look("destruction-list")
			narrow(b, "destruction-list-390")
		}},
		journeyStep{"ApprovalNeedsAGround", func(b *tab) {
			status := b.click(`main form[action$="/approve"] button[type=submit]`)
			b.wantPage(page+"|/admin/destruction-lists/[0-9]+/approve", status, 422)
			b.wantText("is verplicht: zeg op welke grond de lijst is goedgekeurd")
			b.look("destruction-list-no-ground")
		}},
		journeyStep{"AdminApproves", func(b *tab) {
			b.fill("#approve-reason", "Lijst gecontroleerd; bewaartermijn van vijf jaar verstreken")
			status := b.click(`main form[action$="/approve"] button[type=submit]`)
			b.wantPage(page, status, 200)
			mjWantFlash(b, "De vernietigingslijst is goedgekeurd en de casussen zijn vernietigd.")
			b.wantText("Er staat geen casus op de vernietigingslijst.", "Vernietigingsverklaringen", r.PoliceCase.Reference)
			b.look("destruction-record")
			narrow(b, "destruction-record-390")
		}},
	)
	var subject string
	if err := r.DB.Raw("SELECT subject FROM cases WHERE id = ?", r.PoliceCase.ID).Scan(&subject).Error; err != nil || subject != retention.Destroyed {
		t.Fatalf("the case after approval: subject %q, %v", subject, err)
	}
}
