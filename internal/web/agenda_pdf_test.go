package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/pdfdoc"
)

// TestAgendaPDFFollowsThePageRule: before publication a participant gets no
// agenda PDF (the agenda page shows them none either), the chair and the
// secretary get one marked CONCEPT; after publication everyone gets it,
// without the mark.
func TestAgendaPDFFollowsThePageRule(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	store := agenda.NewStore(e.db, dbtest.Now, e.store)
	officer, chair := e.users["officer"], e.users["chair"]
	it, err := store.Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &e.policeC.ID, Reason: "Bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Triage(ctx, conference.ActorOf(&chair), it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/conferences/%d/agenda.pdf", e.conf.ID)
	get := func(user string) (int, string) {
		code, body := e.raw(user, "GET", path, "")
		if code == http.StatusOK {
			if !strings.HasPrefix(body, "%PDF") {
				t.Fatalf("agenda.pdf for %s: 200 without a PDF", user)
			}
			return code, pdfText(t, []byte(body))
		}
		return code, body
	}
	t.Run("Draft/ErrForbidden", func(t *testing.T) {
		for _, user := range []string{"officer", "nurse"} {
			if code, body := get(user); code != http.StatusForbidden {
				t.Errorf("participant %s gets the unpublished agenda PDF: %d\n%.300s", user, code, body)
			}
		}
	})
	t.Run("Draft/Organisers", func(t *testing.T) {
		for _, user := range []string{"chair", "secretary"} {
			code, text := get(user)
			if code != http.StatusOK {
				t.Fatalf("%s: %d", user, code)
			}
			pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
			for i, p := range pages {
				if !strings.Contains(p, pdfdoc.DraftMark) {
					t.Errorf("%s: page %d of the unpublished agenda lacks %q", user, i+1, pdfdoc.DraftMark)
				}
			}
		}
	})
	t.Run("Draft/English", func(t *testing.T) {
		code, body := e.raw("chair", "GET", path+"?lang=en", "")
		if code != http.StatusOK {
			t.Fatalf("chair, English: %d", code)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(body))), " ")
		for _, want := range []string{"DRAFT — not published yet", "Agenda items", "Page 1 of", "Confidential"} {
			if !strings.Contains(text, want) {
				t.Errorf("the English agenda PDF lacks %q", want)
			}
		}
		for _, dutch := range []string{"CONCEPT", "Agendapunten", "Pagina", "Vertrouwelijk"} {
			if strings.Contains(text, dutch) {
				t.Errorf("the English agenda PDF shows the Dutch %q", dutch)
			}
		}
	})
	if _, err := store.Publish(ctx, conference.ActorOf(&chair), e.conf.ID); err != nil {
		t.Fatal(err)
	}
	t.Run("Published", func(t *testing.T) {
		for _, user := range []string{"officer", "chair"} {
			code, text := get(user)
			if code != http.StatusOK || strings.Contains(text, "CONCEPT") || !strings.Contains(text, e.policeC.Reference) {
				t.Errorf("%s: %d, CONCEPT %v, reference %v", user, code, strings.Contains(text, "CONCEPT"), strings.Contains(text, e.policeC.Reference))
			}
		}
	})
}
