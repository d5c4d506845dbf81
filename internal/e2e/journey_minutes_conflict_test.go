package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestJourneyMinutesConflict: chair and secretary edit the same item at the
// same time. The secretary's save, begun before the chair's, loses: the page
// shows both texts with the message, keeps what the secretary typed, and the
// merged text saves. The chair's page, now behind, notices on its autosave
// and asks for an explicit save, which shows both texts again.
func TestJourneyMinutesConflict(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	shots := new(int)
	var secKey, chairKey mjTOTP
	item := r.Items[0].ID
	minutesURL := fmt.Sprintf("/conferences/%d/minutes", r.Meeting.ID)
	field := fmt.Sprintf("#item-%d textarea[name=summary]", item)
	save := fmt.Sprintf("#item-%d form.record button[type=submit]", item)
	const (
		chairText = "Voorzitter: de burgemeester is via de BIJ geïnformeerd."
		secText   = "Notulist: reclassering ziet hem wekelijks."
		chairMore = " Gebiedsverbod wordt voorbereid."
		influence = "answers.buurtgericht.invloed-buurt" // a choice question
		question  = "Welke invloed heeft de buurt op het leven van de cliënt?"
		choice    = "Gemengd"
	)
	choiceField := fmt.Sprintf("#item-%d select[name=%q]", item, influence)

	sec := openTab(t, r.URL)
	sec.shots = shots
	ch := openTab(t, r.URL)
	ch.shots = shots

	sec.steps(journeyStep{"SecretaryOpensMinutes", func(b *tab) {
		mjLogin(b, mjSecretaryEmail, &secKey)
		status := b.open(minutesURL)
		b.wantPage(minutesURL, status, 200)
	}})
	if t.Failed() {
		return
	}
	ch.steps(journeyStep{"ChairSavesFirst", func(b *tab) {
		mjLogin(b, chairEmail, &chairKey)
		status := b.open(minutesURL)
		b.wantPage(minutesURL, status, 200)
		b.fill(field, chairText)
		status = b.click(save)
		b.wantPage(minutesURL, status, 200)
		mjWantFlash(b, "Opgeslagen (versie 1).")
	}})
	if t.Failed() {
		return
	}
	sec.steps(
		journeyStep{"SecretarySeesBothTexts", func(b *tab) {
			b.fill(field, secText)
			mjTap(b, fmt.Sprintf("#item-%d details.qs:has(select[name=%q]) > summary", item, influence))
			b.choose(choiceField, choice)
			status := b.click(save)
			// The page is the answer to the POST, so that nothing typed is lost.
			b.wantPage(fmt.Sprintf("/items/%d/record", item), status, 409)
			b.look("conflict")
			if got := b.eval(`document.activeElement ? document.activeElement.getAttribute('role') || document.activeElement.tagName : ''`); got != "alert" {
				b.t.Errorf("focus is on %q, want the conflict alert (far down a long page)", got)
			}
			alert := b.text(fmt.Sprintf(`#item-%d [role="alert"]`, item))
			for _, want := range []string{"Iemand anders heeft dit punt intussen opgeslagen", chairText, secText, r.User(t, chairEmail).Name, question + "\n" + choice} {
				if !strings.Contains(alert, want) {
					b.t.Errorf("conflict alert %q, want %q in it", alert, want)
				}
			}
			if got := b.value(field); got != secText {
				b.t.Errorf("the summary field holds %q, want the secretary's text kept", got)
			}
			if got := b.value(choiceField); got != choice {
				b.t.Errorf("the answer field holds %q, want the secretary's answer %q kept", got, choice)
			}
			if got := b.value(fmt.Sprintf(`#item-%d input[name=version]`, item)); got != "1" {
				b.t.Errorf("the form carries version %q, want the stored 1", got)
			}
		}},
		journeyStep{"MergedTextSaves", func(b *tab) {
			b.fill(field, chairText+"\n"+secText)
			status := b.click(save)
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen (versie 2).")
			if got := b.value(field); got != chairText+"\n"+secText {
				b.t.Errorf("saved summary %q, want both texts", got)
			}
			if got := b.value(choiceField); got != choice {
				b.t.Errorf("saved answer %q, want %q", got, choice)
			}
		}},
	)
	if t.Failed() {
		return
	}
	ch.steps(journeyStep{"ChairAutosaveNoticesAndSaveShowsBoth", func(b *tab) {
		b.fill(field, chairText+chairMore)
		mjWaitText(b, fmt.Sprintf("#item-%d .save-state", item), "Iemand anders heeft dit punt intussen opgeslagen", 12*time.Second)
		status := b.click(save)
		b.wantPage(fmt.Sprintf("/items/%d/record", item), status, 409)
		b.a11y()
		alert := b.text(fmt.Sprintf(`#item-%d [role="alert"]`, item))
		for _, want := range []string{secText, chairText + chairMore, r.User(t, mjSecretaryEmail).Name} {
			if !strings.Contains(alert, want) {
				b.t.Errorf("conflict alert %q, want %q in it", alert, want)
			}
		}
	}})
}
