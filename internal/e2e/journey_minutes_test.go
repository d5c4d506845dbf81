package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/demo"
	"casusoverleg/minutes"
)

var mjHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// mjAmsterdam is the time zone of the dates the forms take.
var mjAmsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// TestJourneyMinutesRecordAndQuickAction: the secretary records this
// morning's meeting — attendance, a summary that saves itself, an answer, a
// decision that grants reclassering a mandate, a decision reclassering
// objects to, and an action for the police that is already overdue. The
// probation officer uses the mandate (and is refused a date before it
// began); the police officer completes the action; the chair prepares the
// next meeting, on which the case comes back by itself for the mandate used
// and the escalated decision. Then the secretary makes the minutes final and
// both approve with password and TOTP code: the minutes are signed, the
// forms are gone, and the API returns what was recorded.
//
// Each person uses a browser of their own, as in the meeting room.
func TestJourneyMinutesRecordAndQuickAction(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	shots := new(int)
	open := func() *tab {
		b := openTab(t, r.URL)
		b.shots = shots
		return b
	}
	var (
		police     = r.Org(conference.OrgPolitie)
		probation  = r.Org(conference.OrgReclassering)
		prosecutor = r.Org(conference.OrgOM)
		officer    = r.User(t, policeEmail)
		probOff    = r.User(t, mjProbationEmail)
		lawyer     = r.User(t, mjProsecutorMail)
		secretary  = r.User(t, mjSecretaryEmail)
		chair      = r.User(t, chairEmail)
		item       = r.Items[0].ID
		ref        = r.Case.Reference
		meetingURL = fmt.Sprintf("/conferences/%d", r.Meeting.ID)
		minutesURL = meetingURL + "/minutes"
		nextURL    = fmt.Sprintf("/conferences/%d", r.Next.ID)
		inItem     = func(sel string) string { return fmt.Sprintf("#item-%d %s", item, sel) }

		secKey, chairKey mjTOTP
		mandateURL       string
		actionID         string
		signedHash       string

		now       = time.Now().In(mjAmsterdam)
		today     = now.Format(time.DateOnly)
		until     = now.AddDate(0, 0, 30).Format(time.DateOnly)
		yesterday = now.AddDate(0, 0, -1).Format(time.DateOnly)
	)
	const (
		summary     = "Politie meldt twee nieuwe incidenten in Ussen; de reclassering ziet hem wekelijks, maar hij komt afspraken slecht na."
		answerKey   = "answers.buurtgericht.de-buurt"
		answer      = "Woont sinds 2019 in Ussen bij zijn moeder; overlast rond het winkelcentrum."
		mandateText = "Reclassering mag bij het niet nakomen van afspraken een meldplicht opleggen."
		scope       = "Meldplicht opleggen als lichte dwang"
		conditions  = "in overleg met het OM"
		objected    = "Wijkagent en reclassering leggen samen een huisbezoek af."
		objection   = "Eerst een eigen gesprek; een gezamenlijk bezoek schaadt de werkrelatie."
		actionWhat  = "Wijkagent brengt de onrust in de straat van het slachtoffer in kaart."
		quickWhat   = "Meldplicht opgelegd: dinsdag en vrijdag melden bij de reclassering."
		doneNote    = "Buurtonderzoek gedaan; twee buren gesproken, verslag in BVH."
	)

	// (a)–(e): the secretary records the meeting.
	sec := open()
	sec.steps(
		journeyStep{"SecretaryOpensMinutesOfMeeting", func(b *tab) {
			mjLogin(b, mjSecretaryEmail, &secKey)
			status := b.click(fmt.Sprintf(`main table a[href=%q]`, meetingURL))
			b.wantPage(meetingURL, status, 200)
			b.a11y()
			if got := b.text(fmt.Sprintf(`main a[href=%q]`, minutesURL)); got != "Verslag" {
				b.t.Fatalf("meeting page links %q to the minutes, want Verslag", got)
			}
			status = b.click(fmt.Sprintf(`main a[href=%q]`, minutesURL))
			b.wantPage(minutesURL, status, 200)
			b.look("minutes-empty")
			if n := mjCount(b, "section.minutes-item form[data-autosave]"); n != 3 {
				b.t.Errorf("%d record forms, want one per item (3)", n)
			}
			b.wantText(ref, "Top X / high impact crime · 5348 Ussen", "Nog niet opgeslagen")
		}},
		journeyStep{"AttendanceSaved", func(b *tab) {
			for _, u := range []conference.User{officer, probOff, secretary, chair} {
				b.choose(fmt.Sprintf("#presence-%d", u.ID), string(conference.Present))
			}
			b.choose(fmt.Sprintf("#presence-%d", lawyer.ID), string(conference.Excused))
			b.fill(fmt.Sprintf("#remark-%d", lawyer.ID), "verhinderd; stukken vooraf gedeeld")
			status := b.click(`#attendance button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			for id, want := range map[int64]string{officer.ID: "present", probOff.ID: "present", lawyer.ID: "excused"} {
				if got := b.value(fmt.Sprintf("#presence-%d", id)); got != want {
					b.t.Errorf("#presence-%d holds %q after saving, want %q", id, got, want)
				}
			}
			// Only present involved organisations state a position: not the excused OM.
			for org, want := range map[int64]int{police: 1, probation: 1, prosecutor: 0} {
				if n := mjCount(b, fmt.Sprintf("#st-%d-%d", item, org)); n != want {
					b.t.Errorf("%d position fields for organisation %d, want %d", n, org, want)
				}
			}
		}},
		journeyStep{"SummarySavesItself", func(b *tab) {
			b.fill(inItem("textarea[name=summary]"), summary)
			got := mjWaitText(b, inItem(".save-state"), "Automatisch opgeslagen", 12*time.Second)
			if !strings.HasSuffix(got, "(v1)") {
				b.t.Errorf("save state %q, want version 1", got)
			}
			mjReload(b)
			if got := b.value(inItem("textarea[name=summary]")); got != summary {
				b.t.Fatalf("after a reload the summary reads %q, want %q", got, summary)
			}
			if got := b.text(inItem(".save-state")); !strings.HasPrefix(got, "Opgeslagen om") || !strings.HasSuffix(got, "(v1)") {
				b.t.Errorf("after a reload the save state reads %q, want Opgeslagen om … (v1)", got)
			}
		}},
		journeyStep{"AnswerSavedExplicitly", func(b *tab) {
			field := inItem(fmt.Sprintf("textarea[name=%q]", answerKey))
			mjTap(b, inItem(fmt.Sprintf("details.qs:has(textarea[name=%q]) > summary", answerKey)))
			b.fill(field, answer)
			status := b.click(inItem("form.record button[type=submit]"))
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen (versie 2).")
			if got := b.value(field); got != answer {
				b.t.Errorf("answer reads %q after saving, want %q", got, answer)
			}
			if got := b.value(inItem("textarea[name=summary]")); got != summary {
				b.t.Errorf("summary reads %q after saving the answer, want it kept", got)
			}
		}},
		journeyStep{"MandateGrantAdopted", func(b *tab) {
			form := fmt.Sprintf(`form[action="/items/%d/decisions"]`, item)
			mjTap(b, inItem(fmt.Sprintf("details.add:has(%s) > summary", form)))
			b.fill(fmt.Sprintf("#d-text-%d", item), mandateText)
			b.choose(fmt.Sprintf("#d-kind-%d", item), string(minutes.DecisionMandateGrant))
			b.choose(fmt.Sprintf("#st-%d-%d", item, police), string(minutes.Agree))
			b.choose(fmt.Sprintf("#st-%d-%d", item, probation), string(minutes.Agree))
			b.choose(fmt.Sprintf("#g-%d", item), fmt.Sprint(probation))
			b.fill(fmt.Sprintf("#scope-%d", item), scope)
			b.fill(fmt.Sprintf("#cond-%d", item), conditions)
			mjSet(b, fmt.Sprintf("#vf-%d", item), today)
			mjSet(b, fmt.Sprintf("#vu-%d", item), until)
			status := b.click(form + " button[type=submit]")
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			d := b.text(inItem(".decision.adopted"))
			for _, want := range []string{"aangenomen", "mandaatverlening", mandateText, "akkoord", "Mandaat: " + scope, r.Orgs[conference.OrgReclassering].Name} {
				if !strings.Contains(d, want) {
					b.t.Errorf("decision shows %q, want %q in it", d, want)
				}
			}
			mandateURL = b.attr(inItem(".decision.adopted a[href^='/mandates/']"), "href")
			if !regexp.MustCompile(`^/mandates/[0-9]+$`).MatchString(mandateURL) {
				b.t.Fatalf("decision links the mandate as %q", mandateURL)
			}
		}},
		journeyStep{"ObjectionEscalates", func(b *tab) {
			form := fmt.Sprintf(`form[action="/items/%d/decisions"]`, item)
			mjTap(b, inItem(fmt.Sprintf("details.add:has(%s) > summary", form)))
			b.fill(fmt.Sprintf("#d-text-%d", item), objected)
			b.choose(fmt.Sprintf("#d-kind-%d", item), string(minutes.DecisionPlan))
			b.choose(fmt.Sprintf("#st-%d-%d", item, police), string(minutes.Agree))
			b.choose(fmt.Sprintf("#st-%d-%d", item, probation), string(minutes.Object))
			b.fill(fmt.Sprintf("#rm-%d-%d", item, probation), objection)
			status := b.click(form + " button[type=submit]")
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			d := b.text(inItem(".decision.escalated"))
			for _, want := range []string{"opgeschaald", "plan van aanpak", objected, "bezwaar — " + objection} {
				if !strings.Contains(d, want) {
					b.t.Errorf("escalated decision shows %q, want %q in it", d, want)
				}
			}
			if n := mjCount(b, inItem(".decision")); n != 2 {
				b.t.Errorf("%d decisions shown, want 2", n)
			}
		}},
		journeyStep{"ActionDueYesterdayIsOverdue", func(b *tab) {
			form := fmt.Sprintf(`form[action="/items/%d/actions"]`, item)
			mjTap(b, inItem(fmt.Sprintf("details.add:has(%s) > summary", form)))
			b.fill(fmt.Sprintf("#what-%d", item), actionWhat)
			b.choose(fmt.Sprintf("#owner-%d", item), fmt.Sprint(police))
			mjSet(b, fmt.Sprintf("#due-%d", item), yesterday)
			status := b.click(form + " button[type=submit]")
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Opgeslagen.")
			row := b.text(inItem("table tbody tr"))
			for _, want := range []string{actionWhat, r.Orgs[conference.OrgPolitie].Name, now.AddDate(0, 0, -1).Format("02-01-2006"), "over tijd"} {
				if !strings.Contains(row, want) {
					b.t.Errorf("action row shows %q, want %q in it", row, want)
				}
			}
			if got := b.text(inItem("table tbody tr .badge.overdue")); got != "over tijd" {
				b.t.Errorf("overdue badge reads %q", got)
			}
			b.look("minutes-recorded")
		}},
	)
	if t.Failed() {
		return
	}
	mjClose(sec)

	// (f): the probation officer uses the mandate.
	prob := open()
	prob.steps(
		journeyStep{"ProbationOpensMandateFromMinutes", func(b *tab) {
			mjLogin(b, mjProbationEmail, nil)
			b.click(fmt.Sprintf(`main table a[href=%q]`, meetingURL))
			status := b.click(fmt.Sprintf(`main a[href=%q]`, minutesURL))
			b.wantPage(minutesURL, status, 200)
			b.look("minutes-participant")
			if n := mjCount(b, "main form"); n != 0 {
				b.t.Errorf("a participant sees %d forms on the minutes, want none", n)
			}
			b.wantText(summary, answer, mandateText, objected)
			status = b.click(fmt.Sprintf(`#item-%d .decision a[href=%q]`, item, mandateURL))
			b.wantPage(mandateURL, status, 200)
			b.look("mandate")
			if h, want := b.text("main h1"), "Mandaat — "+ref; h != want {
				b.t.Errorf("heading %q, want %q", h, want)
			}
			facts := b.text("main dl.facts")
			for _, want := range []string{"actief", r.Orgs[conference.OrgReclassering].Name, scope, conditions, now.Format("02-01-2006"), now.AddDate(0, 0, 30).Format("02-01-2006")} {
				if !strings.Contains(facts, want) {
					b.t.Errorf("mandate facts %q, want %q in them", facts, want)
				}
			}
		}},
		journeyStep{"QuickActionLogged", func(b *tab) {
			mjSet(b, "#taken_at", time.Now().In(mjAmsterdam).Format("2006-01-02T15:04"))
			b.fill("#what", quickWhat)
			status := b.click(`main form[action$="/quick-actions"] button[type=submit]`)
			b.wantPage(mandateURL, status, 200)
			mjWantFlash(b, "De snelle actie is vastgelegd; zij komt op de volgende agenda.")
			if n := mjCount(b, "main table tbody tr"); n != 1 {
				b.t.Fatalf("%d quick actions listed, want 1", n)
			}
			if row := b.text("main table tbody tr"); !strings.Contains(row, quickWhat) || !strings.Contains(row, probOff.Name) {
				b.t.Errorf("quick action row %q, want %q by %s", row, quickWhat, probOff.Name)
			}
		}},
		journeyStep{"QuickActionBeforeMandateRefused", func(b *tab) {
			mjSet(b, "#taken_at", yesterday+"T22:00")
			b.fill("#what", "Meldplicht al gisteravond opgelegd.")
			status := b.click(`main form[action$="/quick-actions"] button[type=submit]`)
			b.wantPage(mandateURL+"/quick-actions", status, 422)
			b.look("mandate-refused")
			if got := b.value("#what"); got != "Meldplicht al gisteravond opgelegd." {
				b.t.Errorf("the typed text was lost: %q", got)
			}
			msg := b.text(`#taken_at-error`)
			if !strings.Contains(msg, now.Format("02-01-2006")) {
				b.t.Errorf("alert %q, want a refusal naming the start of the mandate (%s)", msg, now.Format("02-01-2006"))
			}
			b.t.Logf("refusal reads %q", msg)
			if n := mjCount(b, "main table tbody tr"); n != 1 {
				b.t.Errorf("%d quick actions listed after the refusal, want still 1", n)
			}
		}},
	)
	if t.Failed() {
		return
	}
	mjClose(prob)

	// (g): the police officer completes the overdue action.
	cop := open()
	cop.steps(
		journeyStep{"PoliceCompletesOverdueAction", func(b *tab) {
			mjLogin(b, policeEmail, nil)
			status := b.click(`header nav a[href="/actions"]`)
			b.wantPage("/actions", status, 200)
			b.look("actions-overdue")
			actionID = b.eval(fmt.Sprintf(`(() => {
				const tr = [...document.querySelectorAll('main tr[id^="action-"]')].find(tr => tr.innerText.includes(%q));
				return tr ? tr.id.slice(7) : '';
			})()`, actionWhat))
			if actionID == "" {
				b.t.Fatalf("Mijn acties does not list %q:\n%s", actionWhat, b.bodyText())
			}
			row := "#action-" + actionID
			if got := b.text(row + " .badge"); got != "over tijd" {
				b.t.Errorf("action badge reads %q, want over tijd", got)
			}
			if got := b.text(row + " a"); got != ref {
				b.t.Errorf("action links case %q, want %s", got, ref)
			}
			b.fill("#note-"+actionID, doneNote)
			status = b.click(row + " button[type=submit]")
			b.wantPage("/actions", status, 200)
			mjWantFlash(b, "De afspraak is afgerond.")
			if got := b.text(row + " .badge"); got != "afgerond" {
				b.t.Errorf("action badge reads %q after completing, want afgerond", got)
			}
			if got := b.text(row); !strings.Contains(got, doneNote) {
				b.t.Errorf("completed action row %q, want the note %q", got, doneNote)
			}
			b.a11y()
		}},
	)
	if t.Failed() {
		return
	}
	mjClose(cop)

	// (h): the chair prepares the next meeting. The chair's browser stays
	// open for the signature in (i).
	ch := open()
	ch.steps(
		journeyStep{"NextMeetingGetsCaseBack", func(b *tab) {
			mjLogin(b, chairEmail, &chairKey)
			status := b.click(fmt.Sprintf(`main table a[href=%q]`, nextURL))
			b.wantPage(nextURL, status, 200)
			b.a11y()
			b.wantText("Er staan nog geen punten op de agenda.")
			status = b.click(fmt.Sprintf(`main form[action="%s/prepare"] button[type=submit]`, nextURL))
			b.wantPage(nextURL, status, 200)
			b.look("next-agenda-prepared")
			mjWantFlash(b, "1 vervolgpunt(en) toegevoegd.")
			if n := mjCount(b, "#agenda-items li.item"); n != 1 {
				b.t.Fatalf("%d items on the next agenda, want the one case:\n%s", n, b.bodyText())
			}
			it := b.text("#agenda-items li.item")
			for _, want := range []string{ref, "automatisch toegevoegd", "vervolgbespreking",
				"opgeschaald besluit: " + objected, "mandaat gebruikt: 1 snelle actie(s) sinds het vorige overleg"} {
				if !strings.Contains(it, want) {
					b.t.Errorf("carried-over item reads %q, want %q in it", it, want)
				}
			}
			if strings.Contains(it, "actie over tijd") || strings.Contains(it, "open actie") {
				b.t.Errorf("carried-over item names the completed action: %q", it)
			}
		}},
	)
	if t.Failed() {
		return
	}

	// (i): the secretary makes the minutes final and approves; then the chair.
	sec2 := open()
	sec2.steps(
		journeyStep{"SecretaryFinalisesAndApproves", func(b *tab) {
			mjLogin(b, mjSecretaryEmail, &secKey)
			b.click(fmt.Sprintf(`main table a[href=%q]`, meetingURL))
			status := b.click(fmt.Sprintf(`main a[href=%q]`, minutesURL))
			b.wantPage(minutesURL, status, 200)
			if got := b.text(fmt.Sprintf(`main a[href="%s/finalise"]`, minutesURL)); got != "Verslag definitief maken…" {
				b.t.Fatalf("finalise link reads %q", got)
			}
			status = b.click(fmt.Sprintf(`main a[href="%s/finalise"]`, minutesURL))
			b.wantPage(minutesURL+"/finalise", status, 200)
			// Two items have no minutes and an escalation is open: a reason is needed.
			b.wantText("Agendapunten zonder verslag, besluit of afspraak", objected)
			b.fill("#reason", "De twee andere casussen zijn niet besproken wegens tijdgebrek.")
			status = b.click(`main form[action$="/minutes/finalise"] button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			mjWantFlash(b, "Het verslag is definitief.")
			for _, sel := range []string{"form[data-autosave]", `form[action^="/items/"]`, `form[action$="/attendance"]`, `form[action$="/finalise"]`} {
				if n := mjCount(b, sel); n != 0 {
					b.t.Errorf("final minutes still have %d %s", n, sel)
				}
			}
			b.fill("#approve-password", demo.Password)
			b.fill("#approve-code", secKey.code(b.t))
			status = b.click(`#signing form[action$="/minutes/approve"] button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			b.look("minutes-approved-secretary")
			mjWantFlash(b, "Uw goedkeuring is vastgelegd.")
			if got := b.text("#signing ul"); !strings.Contains(got, "Notulist: "+secretary.Name) {
				b.t.Errorf("approvals %q, want the secretary's", got)
			}
			if n := mjCount(b, "#approve-password"); n != 0 {
				b.t.Errorf("the secretary is asked to approve again")
			}
		}},
	)
	if t.Failed() {
		return
	}
	mjClose(sec2)

	ch.steps(
		journeyStep{"ChairApprovesAndMinutesAreSigned", func(b *tab) {
			b.click(`header nav a[href="/conferences"]`)
			b.click(fmt.Sprintf(`main table a[href=%q]`, meetingURL))
			status := b.click(fmt.Sprintf(`main a[href=%q]`, minutesURL))
			b.wantPage(minutesURL, status, 200)
			b.wantText("definitief", "Notulist: "+secretary.Name)
			b.fill("#approve-password", demo.Password)
			b.fill("#approve-code", chairKey.code(b.t))
			status = b.click(`#signing form[action$="/minutes/approve"] button[type=submit]`)
			b.wantPage(minutesURL, status, 200)
			b.look("minutes-signed")
			mjWantFlash(b, "Het verslag is ondertekend.")
			if got := b.text("#signing .badge.signed"); got != "ondertekend" {
				b.t.Errorf("signing badge reads %q, want ondertekend", got)
			}
			signedHash = b.text("#signing code.hash")
			if !mjHash.MatchString(signedHash) {
				b.t.Errorf("content hash %q, want 64 hex digits", signedHash)
			}
			approvals := b.text("#signing ul")
			for _, want := range []string{"Notulist: " + secretary.Name, "Voorzitter: " + chair.Name} {
				if !strings.Contains(approvals, want) {
					b.t.Errorf("approvals %q, want %q", approvals, want)
				}
			}
			for _, sel := range []string{"form[data-autosave]", `form[action^="/items/"]`, "#approve-password"} {
				if n := mjCount(b, sel); n != 0 {
					b.t.Errorf("signed minutes still have %d %s", n, sel)
				}
			}
		}},
		journeyStep{"APIReturnsSignedMinutes", func(b *tab) {
			res := mjFetch(b, fmt.Sprintf("/api/v1/conferences/%d/minutes", r.Meeting.ID))
			if res.Status != 200 {
				b.t.Fatalf("GET minutes: HTTP %d %s", res.Status, res.Body)
			}
			var v minutes.View
			if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
				b.t.Fatalf("minutes JSON: %v\n%s", err, res.Body)
			}
			if v.Status != minutes.RecordSigned || v.CanRecord {
				b.t.Errorf("minutes status %q, can_record %v; want signed, false", v.Status, v.CanRecord)
			}
			presence := map[int64]conference.Presence{}
			for _, a := range v.Attendance {
				presence[a.UserID] = a.Presence
			}
			for id, want := range map[int64]conference.Presence{officer.ID: conference.Present, probOff.ID: conference.Present, lawyer.ID: conference.Excused} {
				if presence[id] != want {
					b.t.Errorf("attendance of user %d is %q, want %q", id, presence[id], want)
				}
			}
			if len(v.Items) != 3 || v.Items[0].ID != item {
				b.t.Fatalf("minutes have %d items, first %d; want 3, first %d", len(v.Items), v.Items[0].ID, item)
			}
			it := v.Items[0]
			if it.Record.Summary != summary || it.Record.Answers[strings.TrimPrefix(answerKey, "answers.")] != answer || it.Record.Version != 2 {
				b.t.Errorf("record %+v, want the summary, the answer and version 2", it.Record)
			}
			if len(it.Decisions) != 2 {
				b.t.Fatalf("%d decisions, want 2: %+v", len(it.Decisions), it.Decisions)
			}
			grant, plan := it.Decisions[0], it.Decisions[1]
			if grant.Kind != minutes.DecisionMandateGrant || grant.Outcome != minutes.Adopted || grant.Text != mandateText {
				b.t.Errorf("first decision %s/%s %q, want an adopted mandate grant", grant.Kind, grant.Outcome, grant.Text)
			}
			wantPositions := []minutes.Position{{OrganisationID: police, Stance: minutes.Agree}, {OrganisationID: probation, Stance: minutes.Agree}}
			if fmt.Sprint(grant.Positions) != fmt.Sprint(wantPositions) {
				b.t.Errorf("positions %+v, want %+v", grant.Positions, wantPositions)
			}
			if m := grant.Mandate; m == nil {
				b.t.Error("the mandate grant carries no mandate")
			} else {
				if fmt.Sprintf("/mandates/%d", m.ID) != mandateURL || m.GranteeOrganisationID != probation || m.Scope != scope || m.Conditions != conditions {
					b.t.Errorf("mandate %+v, want %s for reclassering: %q, %q", m, mandateURL, scope, conditions)
				}
				if from := m.ValidFrom.In(mjAmsterdam); from.Format(time.DateOnly) != today || from.Hour() != 0 {
					b.t.Errorf("mandate valid from %v, want the start of %s", from, today)
				}
				if to := m.ValidUntil.In(mjAmsterdam); to.Format(time.DateOnly) != until || to.Hour() != 23 {
					b.t.Errorf("mandate valid until %v, want the end of %s", to, until)
				}
				if len(m.QuickActions) != 1 || m.QuickActions[0].What != quickWhat || m.QuickActions[0].ByUserID != probOff.ID {
					b.t.Errorf("quick actions %+v, want one by %s", m.QuickActions, probOff.Name)
				}
			}
			if plan.Outcome != minutes.Escalated || plan.Kind != minutes.DecisionPlan || plan.Text != objected || plan.Mandate != nil {
				b.t.Errorf("second decision %s/%s %q, want an escalated plan without mandate", plan.Kind, plan.Outcome, plan.Text)
			}
			if len(plan.Positions) != 2 || plan.Positions[1] != (minutes.Position{OrganisationID: probation, Stance: minutes.Object, Remark: objection}) {
				b.t.Errorf("positions on the escalated decision %+v, want reclassering objecting", plan.Positions)
			}
			if len(it.Actions) != 1 {
				b.t.Fatalf("%d actions, want 1", len(it.Actions))
			}
			a := it.Actions[0]
			if fmt.Sprint(a.ID) != actionID || a.OwnerOrganisationID != police || a.Status != minutes.ActionDone || a.DoneNote != doneNote ||
				a.DueDate.Format(time.DateOnly) != yesterday {
				b.t.Errorf("action %+v, want #%s of the police, due %s, done with the note", a, actionID, yesterday)
			}

			res = mjFetch(b, fmt.Sprintf("/api/v1/conferences/%d/signature", r.Meeting.ID))
			if res.Status != 200 {
				b.t.Fatalf("GET signature: HTTP %d %s", res.Status, res.Body)
			}
			var sg minutes.Signed
			if err := json.Unmarshal([]byte(res.Body), &sg); err != nil {
				b.t.Fatalf("signature JSON: %v\n%s", err, res.Body)
			}
			if sg.Status != minutes.RecordSigned || sg.Hash != signedHash || sg.SignedAt == nil {
				b.t.Errorf("signature %s %q at %v, want signed with the page's hash %q", sg.Status, sg.Hash, sg.SignedAt, signedHash)
			}
			roles := map[minutes.Role]int64{}
			for _, ap := range sg.Approvals {
				roles[ap.Role] = ap.UserID
			}
			if len(sg.Approvals) != 2 || roles[minutes.RoleSecretary] != secretary.ID || roles[minutes.RoleChair] != chair.ID {
				b.t.Errorf("approvals %+v, want the secretary and the chair", sg.Approvals)
			}
		}},
	)
}
