package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// referralAnswers are the first-referral answers of the case the police
// refers in TestJourneyMinutesYouCanTrust.
var referralAnswers = map[string]string{
	"aanleiding":               "Twee meldingen van bedreiging van de buurvrouw in één maand.",
	"al-geprobeerd":            "Gesprek door de wijkagent; geen verbetering.",
	"betrokken-organisaties":   "Politie (wijkagent), woningcorporatie.",
	"grondslag":                "Grondslag uit het privacyconvenant van het Zorg- en Veiligheidshuis",
	"betrokkene-geinformeerd":  "ja",
	"urgentie":                 "Hoog: binnen twee weken",
	"vraag-aan-overleg":        "Eén gezamenlijk plan en een procesregisseur.",
	"voorstel-procesregisseur": "Gemeente",
}

// TestJourneyMinutesYouCanTrust: the secretary records a meeting and nothing
// typed is lost — text typed and at once another button clicked, or the page
// left, is saved; the referrer's first-referral answers are there already;
// headings name subject and referrer with the numbers of the contents. A
// decision is corrected (a refused correction shows its errors in place, with
// what was typed), an action removed. Finalising first shows what is missing
// and needs a reason; the chair sends the minutes back, which the history shows.
func TestJourneyMinutesYouCanTrust(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	referral := addReferral(t, r)
	shots := new(int)
	var secKey, chairKey mjTOTP
	var (
		police     = r.Org(conference.OrgPolitie)
		item       = r.Items[0].ID
		second     = r.Items[1].ID
		meetingURL = fmt.Sprintf("/conferences/%d", r.Meeting.ID)
		minutesURL = meetingURL + "/minutes"
		inItem     = func(id int64, sel string) string { return fmt.Sprintf("#item-%d %s", id, sel) }
		decisionID int64
	)
	const (
		typed     = "Wijkagent: de dreiging is afgenomen sinds de meldplicht. Gesproken met de moeder."
		leftText  = "Stand van zaken voor de tweede casus, getypt vlak voor het wegklikken."
		decision  = "Reclassering en politie bespreken samen de meldplicht."
		corrected = "Reclassering en politie bespreken samen de meldplicht en het gebiedsverbod."
		reason    = "Twee casussen zijn niet besproken; ze komen volgende week terug."
		sendBack  = "Het besluit over het gebiedsverbod ontbreekt nog."
	)

	sec := openTab(t, r.URL)
	sec.shots = shots
	sec.steps(
		journeyStep{"HeadingsNameSubjectAndProposer", func(b *tab) {
			mjLogin(b, mjSecretaryEmail, &secKey)
			status := b.open(minutesURL)
			b.wantPage(minutesURL, status, 200)
			b.look("minutes-trust")
			narrow(b, "minutes-trust-390")
			numbers := evalJS[[]string](b, `[...document.querySelectorAll("nav.item-index ol li")].map(li => li.value + ". " + li.querySelector("a").textContent)`)
			heads := evalJS[[]string](b, `[...document.querySelectorAll("section.minutes-item h2")].map(h => h.textContent.trim())`)
			if len(numbers) != 4 || len(heads) != 4 {
				b.t.Fatalf("contents %q and headings %q, want 4 of each", numbers, heads)
			}
			for i := range numbers {
				if numbers[i] != heads[i] {
					b.t.Errorf("contents line %q and heading %q differ", numbers[i], heads[i])
				}
			}
			if want := "1. " + r.Case.Reference + " — " + r.Case.Subject; heads[0] != want {
				b.t.Errorf("first heading %q, want %q", heads[0], want)
			}
			if meta := b.text(inItem(item, ".item-meta")); !strings.Contains(meta, "aangemeld door "+r.Orgs[conference.OrgPolitie].Name) {
				b.t.Errorf("item meta %q, want the proposing organisation", meta)
			}
		}},
		journeyStep{"ReferralAnswersPrefilled", func(b *tab) {
			field := inItem(referral, `textarea[name="answers.eerste-aanmelding.aanleiding"]`)
			if got := b.value(field); got != referralAnswers["aanleiding"] {
				b.t.Errorf("referral answer holds %q, want the referrer's %q", got, referralAnswers["aanleiding"])
			}
			if got := b.value(inItem(referral, `select[name="answers.eerste-aanmelding.urgentie"]`)); got != referralAnswers["urgentie"] {
				b.t.Errorf("urgency holds %q", got)
			}
			if n := mjCount(b, inItem(referral, "details.qs[open] .badge.referral")); n != len(referralAnswers) {
				b.t.Errorf("%d answers marked as given at referral, want %d", n, len(referralAnswers))
			}
			if got := b.text(inItem(referral, ".badge.referral")); got != "gegeven bij aanmelding" {
				b.t.Errorf("marker reads %q", got)
			}
		}},
		journeyStep{"AttendanceRecordsConfidentiality", func(b *tab) {
			if got := b.text("#confidentiality blockquote"); !strings.HasPrefix(got, "Wat in dit overleg wordt besproken is vertrouwelijk.") {
				b.t.Errorf("the statement reads %q", got)
			}
			officer, probOff := r.User(t, policeEmail), r.User(t, mjProbationEmail)
			b.choose(fmt.Sprintf("#presence-%d", officer.ID), string(conference.Present))
			b.choose(fmt.Sprintf("#presence-%d", probOff.ID), string(conference.Present))
			mjTap(b, fmt.Sprintf("#confidential-%d", officer.ID))
			status := b.click(`#attendance button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			if !evalJS[bool](b, fmt.Sprintf(`document.querySelector("#confidential-%d").checked && !document.querySelector("#confidential-%d").checked`, officer.ID, probOff.ID)) {
				b.t.Errorf("the confirmations are not kept as recorded")
			}
		}},
		journeyStep{"TypedTextKeptWhenAnotherButtonIsClickedAtOnce", func(b *tab) {
			mjTap(b, inItem(item, fmt.Sprintf(`details.add:has(form[action="/items/%d/decisions"]) > summary`, item)))
			b.fill(fmt.Sprintf("#d-text-%d", item), decision)
			b.fill(inItem(item, "textarea[name=summary]"), typed)
			status := b.click(inItem(item, fmt.Sprintf(`form[action="/items/%d/decisions"] button[type=submit]`, item)))
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			if got := b.value(inItem(item, "textarea[name=summary]")); got != typed {
				b.t.Fatalf("after adding the decision the summary reads %q, want the typed %q", got, typed)
			}
			b.wantText(decision)
			decisionID = evalJS[int64](b, fmt.Sprintf(`Number(document.querySelector("#item-%d .decision").id.slice(9))`, item))
		}},
		journeyStep{"TypedTextKeptWhenThePageIsLeft", func(b *tab) {
			b.fill(inItem(second, "textarea[name=summary]"), leftText)
			// No "leave site?" question: a dialog would stop this click.
			status := b.click(fmt.Sprintf(`main p a[href=%q]`, meetingURL))
			b.wantPage(meetingURL, status, 200)
			var got string
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				var v minutes.View
				if err := json.Unmarshal([]byte(mjFetch(b, "/api/v1"+minutesURL).Body), &v); err != nil {
					b.t.Fatal(err)
				}
				if got = v.Items[1].Record.Summary; got == leftText {
					break
				}
			}
			if got != leftText {
				b.t.Fatalf("after leaving the page the second summary reads %q, want %q", got, leftText)
			}
			b.open(minutesURL)
		}},
		journeyStep{"RefusedCorrectionShowsErrorsInPlace", func(b *tab) {
			form := fmt.Sprintf("#decision-%d", decisionID)
			mjTap(b, form+" details.edit > summary")
			b.fill(fmt.Sprintf("#d-text-d%d", decisionID), corrected)
			b.choose(fmt.Sprintf("#d-kind-d%d", decisionID), string(minutes.DecisionMandateGrant))
			status := b.click(form + " details.edit button[type=submit]")
			b.wantPage(fmt.Sprintf("/decisions/%d/edit", decisionID), status, 422)
			b.look("decision-correction-refused")
			if !evalJS[bool](b, fmt.Sprintf(`document.querySelector("%s details.edit").open`, form)) {
				b.t.Errorf("the refused correction is not open in its place")
			}
			if n := mjCount(b, form+` details.edit .error[id$="-error"]`); n == 0 {
				b.t.Errorf("no message next to a field of the refused correction")
			}
			if n := mjCount(b, fmt.Sprintf(`section.minutes-item .error:not(%s .error)`, form)); n != 0 {
				b.t.Errorf("%d messages outside the refused correction", n)
			}
			if got := b.value(fmt.Sprintf("#d-text-d%d", decisionID)); got != corrected {
				b.t.Errorf("the typed correction was lost: %q", got)
			}
		}},
		journeyStep{"DecisionCorrected", func(b *tab) {
			b.choose(fmt.Sprintf("#d-kind-d%d", decisionID), string(minutes.DecisionPlan))
			status := b.click(fmt.Sprintf("#decision-%d details.edit button[type=submit]", decisionID))
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "De wijziging is opgeslagen.")
			if got := b.text(fmt.Sprintf("#decision-%d > p", decisionID)); !strings.Contains(got, corrected) {
				b.t.Errorf("decision reads %q, want the correction", got)
			}
		}},
		journeyStep{"ActionAddedAndRemoved", func(b *tab) {
			mjTap(b, inItem(item, fmt.Sprintf(`details.add:has(form[action="/items/%d/actions"]) > summary`, item)))
			b.fill(fmt.Sprintf("#what-%d", item), "Verkeerd genoteerde afspraak")
			b.choose(fmt.Sprintf("#owner-%d", item), fmt.Sprint(police))
			mjSet(b, fmt.Sprintf("#due-%d", item), time.Now().AddDate(0, 0, 14).Format(time.DateOnly))
			b.click(inItem(item, fmt.Sprintf(`form[action="/items/%d/actions"] button[type=submit]`, item)))
			if n := mjCount(b, inItem(item, "table tbody tr")); n != 1 {
				b.t.Fatalf("%d actions after adding one", n)
			}
			mjTap(b, inItem(item, "details.edit:has(form.remove[action^='/actions/']) > summary"))
			status := b.click(inItem(item, "form.remove[action^='/actions/'] button[type=submit]"))
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Verwijderd.")
			if n := mjCount(b, inItem(item, "table tbody tr")); n != 0 {
				b.t.Errorf("%d actions after removing it", n)
			}
		}},
		journeyStep{"FinaliseShowsWhatIsMissing", func(b *tab) {
			status := b.click(fmt.Sprintf(`main a[href="%s/finalise"]`, minutesURL))
			b.wantPage(minutesURL+"/finalise", status, 200)
			b.look("finalise-check")
			narrow(b, "finalise-check-390")
			b.wantText("Agendapunten zonder verslag, besluit of afspraak",
				"Aanwezigen die de geheimhoudingsverklaring niet hebben bevestigd", r.User(t, mjProbationEmail).Name)
			// Without a reason the server refuses too (the browser's own check taken away).
			evalJS[bool](b, `(document.querySelector("#reason").removeAttribute("required"), true)`)
			status = b.click(`main form[action$="/minutes/finalise"] button[type=submit]`)
			b.wantPage(minutesURL+"/finalise", status, 422)
			if got := b.text("#reason-error"); got != "is verplicht als het verslag niet compleet is" {
				b.t.Errorf("reason error reads %q", got)
			}
			b.fill("#reason", reason)
			status = b.click(`main form[action$="/minutes/finalise"] button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Het verslag is definitief.")
			if got := b.text("#history"); !strings.Contains(got, "definitief gemaakt") || !strings.Contains(got, reason) {
				b.t.Errorf("history reads %q", got)
			}
		}},
	)
	if t.Failed() {
		return
	}
	mjClose(sec)

	ch := openTab(t, r.URL)
	ch.shots = shots
	ch.steps(journeyStep{"ChairSendsMinutesBack", func(b *tab) {
		mjLogin(b, chairEmail, &chairKey)
		status := b.open(minutesURL)
		b.wantPage(minutesURL, status, 200)
		b.fill("#reopen-reason", sendBack)
		status = b.click(`#reopen button[type=submit]`)
		b.wantPage(minutesURL, status, 200)
		mjWantFlash(b, "Het verslag is teruggezet naar concept.")
		b.look("minutes-sent-back")
		if got := b.text("#history"); !strings.Contains(got, "teruggezet naar concept") || !strings.Contains(got, sendBack) {
			b.t.Errorf("history reads %q", got)
		}
		if n := mjCount(b, "form[data-autosave]"); n == 0 {
			b.t.Errorf("the minutes are not editable again")
		}
	}})
}

// addReferral has the police refer a new case to the meeting with the
// first-referral answers, accepted by the chair; it returns the item's id.
func addReferral(t *testing.T, r *minutesRegion) int64 {
	t.Helper()
	ctx := context.Background()
	officer, chairUser := r.Users[policeEmail], r.Users[chairEmail]
	c := conference.Case{Subject: "J. K. (1988)", Theme: conference.ThemeHighImpact, Postcode: "5348", Neighbourhood: "Ussen",
		InvolvedOrganisationIDs: []int64{r.Org(conference.OrgPolitie)}}
	it, err := r.Agenda.Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: r.Meeting.ID, NewCase: &c,
		Reason: referralAnswers["aanleiding"], RequestedMinutes: 10, Answers: referralAnswers})
	if err != nil {
		t.Fatalf("referral: %v", err)
	}
	if _, err := r.Agenda.Triage(ctx, conference.ActorOf(&chairUser), it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatalf("accept referral: %v", err)
	}
	return it.ID
}
