package e2e

import (
	"fmt"
	"testing"
)

// TestJourneyAdminSetsConfidentiality: the admin gives a series its own
// confidentiality statement; the secretary's minutes show it.
func TestJourneyAdminSetsConfidentiality(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	var adminKey, secKey mjTOTP
	page := fmt.Sprintf("/admin/series/%d/confidentiality", r.Series.ID)
	const own = "Wat hier besproken wordt, gebruik ik alleen voor de aanpak van deze casussen."
	b := openTab(t, r.URL)
	b.steps(
		journeyStep{"AdminEditsStatement", func(b *tab) {
			mjLogin(b, "beheer@zvh.example.nl", &adminKey)
			status := b.open(page)
			b.wantPage(page, status, 200)
			b.look("confidentiality-admin")
			narrow(b, "confidentiality-admin-390")
			b.wantText("Dit is de standaardtekst")
			b.fill("#text", own)
			status = b.click(`main form[action$="/confidentiality"] button[type=submit]`)
			b.wantPage(page, status, 200)
			mjWantFlash(b, "De geheimhoudingsverklaring is opgeslagen.")
			if got := b.text("main .statement blockquote"); got != own {
				b.t.Errorf("statement reads %q", got)
			}
			b.logout()
		}},
		journeyStep{"MinutesShowOwnStatement", func(b *tab) {
			mjLogin(b, mjSecretaryEmail, &secKey)
			minutesURL := fmt.Sprintf("/conferences/%d/minutes", r.Meeting.ID)
			status := b.open(minutesURL)
			b.wantPage(minutesURL, status, 200)
			if got := b.text("#confidentiality blockquote"); got != own {
				b.t.Errorf("the minutes show statement %q, want the series' own", got)
			}
		}},
	)
}
