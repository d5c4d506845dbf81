package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// commentEnv is an env with recorded minutes, its clock an hour into the
// meeting: the police case on the agenda, the officer (police) and the nurse
// (GGZ, not involved) present.
func commentEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.recordMinutes(t)
	err := e.store.SetAttendance(context.Background(), e.conf.ID, []conference.Attendance{
		{UserID: e.users["officer"].ID, Presence: conference.Present}, {UserID: e.users["nurse"].ID, Presence: conference.Present}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCommentRoundAPI(t *testing.T) {
	e := commentEnv(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	deadline := e.now().Add(time.Hour)
	var view minutes.CommentsView
	if res := e.api("secretary", "GET", conf+"/comments", nil); res.Code != http.StatusOK {
		t.Fatalf("comments before a round: %d %s", res.Code, res.Body)
	} else if res.JSON(t, &view); view.Round != nil || view.CanComment {
		t.Fatalf("a round before one was opened: %+v", view.Round)
	}
	itemID := view.Minutes.Items[0].ID

	t.Run("OpenRound", func(t *testing.T) {
		if res := e.api("officer", "PUT", conf+"/comment-round", map[string]any{"deadline": deadline}); res.Code != http.StatusForbidden {
			t.Errorf("a participant opened the round: %d", res.Code)
		}
		res := e.api("secretary", "PUT", conf+"/comment-round", map[string]any{"deadline": e.now().Add(-time.Minute)})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"deadline"`) {
			t.Errorf("a deadline in the past: %d %s", res.Code, res.Body)
		}
		if res := e.api("secretary", "PUT", conf+"/comment-round", map[string]any{"deadline": deadline}); res.Code != http.StatusOK {
			t.Fatalf("open the round: %d %s", res.Code, res.Body)
		}
	})

	t.Run("NeedToKnow", func(t *testing.T) {
		// The nurse's organisation was present but is not involved: the item is redacted.
		res := e.api("nurse", "GET", conf+"/comments", nil)
		if res.Code != http.StatusOK {
			t.Fatalf("nurse: %d %s", res.Code, res.Body)
		}
		for _, s := range secrets {
			if strings.Contains(string(res.Body), s) {
				t.Errorf("the nurse's view leaks %q", s)
			}
		}
		if res := e.api("nurse", "POST", fmt.Sprintf("/api/v1/items/%d/comments", itemID), map[string]any{"text": "x"}); res.Code != http.StatusForbidden {
			t.Errorf("the nurse commented on a case of another organisation: %d %s", res.Code, res.Body)
		}
		// An organisation outside the series, and one not present, are refused.
		e.foreignUser(t, "corporation")
		if res := e.api("corporation", "GET", conf+"/comments", nil); res.Code != http.StatusForbidden {
			t.Errorf("an organisation outside the series: %d", res.Code)
		}
		if res := e.api("officer", "GET", conf+"/comments", nil); res.Code != http.StatusOK || !strings.Contains(string(res.Body), "Vertrouwelijke stand van zaken") {
			t.Errorf("the officer does not read the draft: %d %.300s", res.Code, res.Body)
		}
	})

	var comment minutes.Comment
	t.Run("BeforeTheDeadline", func(t *testing.T) {
		e.setNow(deadline.Add(-time.Second))
		path := fmt.Sprintf("/api/v1/items/%d/comments", itemID)
		if res := e.api("officer", "POST", path, map[string]any{"text": " "}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"text"`) {
			t.Errorf("an empty comment: %d %s", res.Code, res.Body)
		}
		res := e.api("officer", "POST", path, map[string]any{"text": "De meldplicht is twee keer per week."})
		if res.Code != http.StatusCreated {
			t.Fatalf("comment: %d %s", res.Code, res.Body)
		}
		res.JSON(t, &comment)
		if res := e.api("secretary", "POST", conf+"/minutes/finalise", nil); res.Code != http.StatusUnprocessableEntity {
			t.Errorf("finalised while the round runs: %d %s", res.Code, res.Body)
		}
	})

	t.Run("AtTheDeadline", func(t *testing.T) {
		e.setNow(deadline)
		path := fmt.Sprintf("/api/v1/items/%d/comments", itemID)
		if res := e.api("officer", "POST", path, map[string]any{"text": "Te laat"}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"deadline"`) {
			t.Errorf("a comment at the deadline: %d %s", res.Code, res.Body)
		}
		res := e.api("officer", "GET", conf+"/comments", nil)
		if res.Code != http.StatusOK || strings.Contains(string(res.Body), "Vertrouwelijke stand van zaken") || !strings.Contains(string(res.Body), "twee keer per week") {
			t.Errorf("after the deadline the officer should see the comments, not the draft: %d %.500s", res.Code, res.Body)
		}
	})

	t.Run("Handle", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/comments/%d/handle", comment.ID)
		if res := e.api("officer", "POST", path, map[string]any{"status": "processed", "note": "zelf"}); res.Code != http.StatusForbidden {
			t.Errorf("a participant handled a comment: %d", res.Code)
		}
		if res := e.api("secretary", "POST", path, map[string]any{"status": "weg", "note": ""}); res.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `"field":"status"`) || !strings.Contains(string(res.Body), `"field":"note"`) {
			t.Errorf("bad handling: %d %s", res.Code, res.Body)
		}
		res := e.api("secretary", "POST", path, map[string]any{"status": "declined", "note": "Het besluit noemt één keer per week."})
		var got minutes.Comment
		if res.Code != http.StatusOK {
			t.Fatalf("handle: %d %s", res.Code, res.Body)
		}
		if res.JSON(t, &got); got.Status != minutes.CommentDeclined || got.HandledAt == nil || !got.HandledAt.Equal(deadline) {
			t.Errorf("handled = %+v", got)
		}
		if res := e.api("secretary", "POST", conf+"/minutes/finalise", map[string]any{"reason": "na de ronde"}); res.Code != http.StatusOK {
			t.Errorf("finalise after the deadline: %d %s", res.Code, res.Body)
		}
	})
}

func TestCommentRoundPage(t *testing.T) {
	e := commentEnv(t)
	page := fmt.Sprintf("/conferences/%d/comments", e.conf.ID)
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	past, future := e.now().Add(-time.Hour).In(ams).Format("2006-01-02T15:04"), e.now().AddDate(0, 0, 2).In(ams).Format("2006-01-02T15:04")
	if code, body := e.raw("secretary", "POST", fmt.Sprintf("/conferences/%d/comment-round", e.conf.ID), "deadline="+past); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="deadline-error"`) {
		t.Fatalf("a deadline in the past: %d", code)
	}
	if code, body := e.raw("secretary", "POST", fmt.Sprintf("/conferences/%d/comment-round", e.conf.ID), "deadline="+future); code != http.StatusSeeOther {
		t.Fatalf("open the round: %d %.300s", code, body)
	}
	code, body := e.raw("officer", "GET", page, "")
	if code != http.StatusOK || !strings.Contains(body, "Vertrouwelijke stand van zaken") || !strings.Contains(body, "open tot") {
		t.Fatalf("the officer's page: %d %.500s", code, body)
	}
	itemID := e.onAgendaID(t)
	if code, body := e.raw("officer", "POST", fmt.Sprintf("/items/%d/comments", itemID), url.Values{"text": {""}}.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="text-error"`) {
		t.Errorf("an empty comment: %d", code)
	}
	if code, _ := e.raw("officer", "POST", fmt.Sprintf("/items/%d/comments", itemID), url.Values{"text": {"Graag de datum van het huisbezoek opnemen."}}.Encode()); code != http.StatusSeeOther {
		t.Fatalf("comment: %d", code)
	}
	code, body = e.raw("nurse", "GET", page, "")
	if code != http.StatusOK || !strings.Contains(body, "afgeschermd") {
		t.Errorf("the nurse's page: %d", code)
	}
	for _, s := range append(secrets, "huisbezoek opnemen") {
		if strings.Contains(body, s) {
			t.Errorf("the nurse's page leaks %q", s)
		}
	}
	if code, _ := e.raw("nurse", "POST", fmt.Sprintf("/items/%d/comments", itemID), "text=x"); code != http.StatusForbidden {
		t.Errorf("the nurse commented: %d", code)
	}
	_, body = e.raw("secretary", "GET", page, "")
	if !strings.Contains(body, "huisbezoek opnemen") || !strings.Contains(body, "/handle") {
		t.Fatalf("the secretary does not see the comment with a handling form")
	}
	var v minutes.CommentsView
	e.api("secretary", "GET", fmt.Sprintf("/api/v1/conferences/%d/comments", e.conf.ID), nil).JSON(t, &v)
	handle := fmt.Sprintf("/comments/%d/handle", v.Comments[0].ID)
	if code, body := e.raw("secretary", "POST", handle, "status=processed&note="); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="note-error"`) {
		t.Errorf("handling without a note: %d", code)
	}
	if code, _ := e.raw("secretary", "POST", handle, "status=processed&note=Opgenomen+in+de+afspraak."); code != http.StatusSeeOther {
		t.Fatalf("handle: %d", code)
	}
	if _, body := e.raw("officer", "GET", page, ""); !strings.Contains(body, "verwerkt") || !strings.Contains(body, "Opgenomen in de afspraak.") {
		t.Errorf("the officer does not see how the comment was handled")
	}
}

// onAgendaID is the id of the env's police item.
func (e *env) onAgendaID(t *testing.T) int64 {
	t.Helper()
	var v minutes.CommentsView
	e.api("secretary", "GET", fmt.Sprintf("/api/v1/conferences/%d/comments", e.conf.ID), nil).JSON(t, &v)
	return v.Minutes.Items[0].ID
}
