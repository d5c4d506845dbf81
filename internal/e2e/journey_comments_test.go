package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// TestJourneyCommentRound: after this morning's meeting the secretary has
// written the draft minutes and shares them with the organisations that were
// present until tomorrow. The probation officer (present) reads the items
// reclassering may see — the other cases stay redacted — and comments on the
// first; the prosecutor's organisation was not present and is refused. The
// secretary marks the comment processed with a note, and the probation
// officer sees how it was handled. The officer's page is also checked at
// 390 px wide.
func TestJourneyCommentRound(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	ctx := context.Background()
	secretaryUser, probOff := r.User(t, mjSecretaryEmail), r.User(t, mjProbationEmail)
	officer, lawyer := r.User(t, policeEmail), r.User(t, mjProsecutorMail)
	err := r.Store.SetAttendance(ctx, r.Meeting.ID, []conference.Attendance{
		{UserID: officer.ID, Presence: conference.Present}, {UserID: probOff.ID, Presence: conference.Present},
		{UserID: lawyer.ID, Presence: conference.Excused}})
	if err != nil {
		t.Fatal(err)
	}
	mins := minutes.NewStore(r.DB, time.Now, r.Store, r.Agenda)
	const draft = "Reclassering ziet hem eenmaal per week; de meldplicht wordt opgelegd."
	secretary := conference.ActorOf(&secretaryUser)
	for i, it := range r.Items {
		rec := minutes.ItemRecord{ItemID: it.ID, Summary: fmt.Sprintf("Punt %d besproken.", i+1)}
		if i == 0 {
			rec.Summary = draft
		}
		if err := mins.SaveItemRecord(ctx, secretary, &rec); err != nil {
			t.Fatal(err)
		}
	}
	shots := new(int)
	open := func() *tab {
		b := openTab(t, r.URL)
		b.shots = shots
		return b
	}
	var (
		commentsURL = fmt.Sprintf("/conferences/%d/comments", r.Meeting.ID)
		item        = r.Items[0].ID
		secKey      mjTOTP
		deadline    = time.Now().In(mjAmsterdam).AddDate(0, 0, 1).Truncate(time.Minute)
	)
	const comment = "Het is twee keer per week, niet eenmaal."
	const note = "Aangepast in de stand van zaken."

	sec, prob, om := open(), open(), open()
	sec.steps(
		journeyStep{"SecretaryOpensTheRound", func(b *tab) {
			mjLogin(b, mjSecretaryEmail, &secKey)
			b.wantPage(`/conferences/\d+/minutes`, b.open(fmt.Sprintf("/conferences/%d/minutes", r.Meeting.ID)), 200)
			b.wantPage(`/conferences/\d+/comments`, b.click(fmt.Sprintf(`main a[href="%s"]`, commentsURL)), 200)
			b.wantText("geen ronde geopend")
			mjSet(b, "#deadline", deadline.Format("2006-01-02T15:04"))
			b.wantPage(`/conferences/\d+/comments`, b.click(`main form[action$="/comment-round"] button[type=submit]`), 200)
			if got := mjFlash(b); !strings.Contains(got, "De opmerkingenronde loopt tot "+deadline.Format("02-01-2006 15:04")) {
				b.t.Fatalf("flash %q", got)
			}
			b.wantText("open tot")
			b.look("secretary-round-open")
		}},
	)
	prob.steps(
		journeyStep{"ProbationReadsAndComments", func(b *tab) {
			mjLogin(b, mjProbationEmail, nil)
			b.wantPage(`/conferences/\d+/comments`, b.open(commentsURL), 200)
			b.wantText(draft, r.Case.Reference)
			redacted := 0
			for _, it := range r.Items[1:] {
				cs, err := r.Store.Case(ctx, conference.ActorOf(&probOff), *it.CaseID)
				if err != nil {
					b.t.Fatal(err)
				}
				got := b.text(fmt.Sprintf("#item-%d", it.ID))
				if cs.Redacted {
					redacted++
					if !strings.Contains(got, "afgeschermd") || strings.Contains(got, "besproken") {
						b.t.Errorf("item %d for reclassering reads %q, want it redacted", it.ID, got)
					}
				} else if !strings.Contains(got, "besproken") {
					b.t.Errorf("item %d for reclassering reads %q, want its draft", it.ID, got)
				}
			}
			if redacted == 0 {
				b.t.Error("no item is redacted for reclassering: the journey does not show need-to-know")
			}
			b.fill(fmt.Sprintf("#comment-%d", item), comment)
			b.wantPage(`/conferences/\d+/comments`, b.click(fmt.Sprintf(`main form[action="/items/%d/comments"] button[type=submit]`, item)), 200)
			mjWantFlash(b, "Uw opmerking is geplaatst.")
			if got := b.text(fmt.Sprintf("#item-%d .comments", item)); !strings.Contains(got, comment) || !strings.Contains(got, "open") {
				b.t.Fatalf("the comment list reads %q", got)
			}
			b.look("probation-commented")
		}},
		journeyStep{"NarrowScreen", func(b *tab) {
			sctx, cancel := b.stepCtx()
			defer cancel()
			if err := chromedp.Do(sctx, chromedp.EmulateViewport(390, 844)); err != nil {
				b.t.Fatal(err)
			}
			mjReload(b)
			if w := evalJS[int](b, `document.documentElement.scrollWidth`); w > 390 {
				b.t.Errorf("the page is %d px wide at a 390 px screen", w)
			}
			b.look("probation-390px")
			if err := chromedp.Do(sctx, chromedp.EmulateViewport(1280, 900)); err != nil {
				b.t.Fatal(err)
			}
		}},
	)
	om.steps(
		journeyStep{"AbsentOrganisationRefused", func(b *tab) {
			mjLogin(b, mjProsecutorMail, nil)
			status := b.open(commentsURL)
			b.wantPage(`/conferences/\d+/comments`, status, 403)
			if strings.Contains(b.bodyText(), draft) {
				b.t.Error("the absent organisation reads the draft")
			}
			b.a11y()
			mjClose(b)
		}},
	)
	sec.steps(
		journeyStep{"SecretaryProcessesTheComment", func(b *tab) {
			b.wantPage(`/conferences/\d+/comments`, b.open(commentsURL), 200)
			b.wantText(comment, "Reclassering")
			mjTap(b, fmt.Sprintf("#item-%d details.add summary", item))
			mjSet(b, fmt.Sprintf("#item-%d select[name=status]", item), "processed")
			b.fill(fmt.Sprintf("#item-%d textarea[name=note]", item), note)
			b.wantPage(`/conferences/\d+/comments`, b.click(fmt.Sprintf(`#item-%d form[action$="/handle"] button[type=submit]`, item)), 200)
			mjWantFlash(b, "De opmerking is gemarkeerd.")
			b.look("secretary-processed")
			mjClose(b)
		}},
	)
	prob.steps(
		journeyStep{"ProbationSeesTheHandling", func(b *tab) {
			b.wantPage(`/conferences/\d+/comments`, b.open(commentsURL), 200)
			if got := b.text(fmt.Sprintf("#item-%d .comments", item)); !strings.Contains(got, "verwerkt") || !strings.Contains(got, note) {
				b.t.Fatalf("the comment reads %q, want it processed with the note", got)
			}
			mjClose(b)
		}},
	)
}
