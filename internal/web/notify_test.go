package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/notify"
)

func TestPublishAndTriageWriteMessages(t *testing.T) {
	e := newEnv(t)
	it := e.onAgenda(t) // proposed by the officer, accepted and published by the chair
	res := e.api("admin", "GET", "/api/v1/messages?limit=100", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/messages = %d %s", res.Code, res.Body)
	}
	var list struct {
		Items []notify.Message `json:"items"`
		Total int              `json:"total"`
	}
	res.JSON(t, &list)
	to := map[conference.EventKind][]string{}
	for _, m := range list.Items {
		to[m.Kind] = append(to[m.Kind], m.To)
		for _, s := range secrets {
			if strings.Contains(m.Subject+m.Body+m.Calendar, s) {
				t.Errorf("%s message carries %q", m.Kind, s)
			}
		}
	}
	if got := to[conference.EventReferralAccepted]; !slices.Equal(got, []string{"officer@example.nl"}) {
		t.Errorf("referral accepted went to %v", got)
	}
	// Everyone of the member organisations who takes part in meetings; not the admin.
	if got := to[conference.EventAgendaPublished]; len(got) != 6 || slices.Contains(got, "admin@example.nl") {
		t.Errorf("agenda published went to %v, want the six meeting people of the member organisations", got)
	}
	if it.CaseID == nil || !strings.Contains(string(res.Body), e.policeC.Reference) {
		t.Error("the messages do not name the case reference")
	}
}

func TestMessagesPageIsTheAdmins(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t)
	for _, user := range []string{"officer", "nurse", "chair", "secretary"} {
		if res := e.api(user, "GET", "/admin/messages", nil); res.Code != http.StatusForbidden {
			t.Errorf("%s: GET /admin/messages = %d, want 403", user, res.Code)
		}
		if res := e.api(user, "GET", "/api/v1/messages", nil); res.Code != http.StatusForbidden {
			t.Errorf("%s: GET /api/v1/messages = %d, want 403", user, res.Code)
		}
	}
	res := e.api("admin", "GET", "/admin/messages", nil)
	if res.Code != http.StatusOK || !strings.Contains(string(res.Body), "Agenda gepubliceerd") ||
		!strings.Contains(string(res.Body), "geen mailserver ingesteld") {
		t.Fatalf("admin: GET /admin/messages = %d", res.Code)
	}
	for _, s := range secrets {
		if strings.Contains(string(res.Body), s) {
			t.Errorf("the Berichten page shows %q", s)
		}
	}
	if res := e.api("admin", "GET", "/api/v1/messages?status=lost", nil); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"status"`) {
		t.Errorf("bad status filter = %d %s", res.Code, res.Body)
	}
}

func TestSettingsAreOnlyYourOwn(t *testing.T) {
	e := newEnv(t)
	res := e.api("officer", "PUT", "/api/v1/me/notification-settings", `{"language":"en","off":["agenda_published"],"digest":true,"digest_hour":7}`)
	if res.Code != http.StatusOK {
		t.Fatalf("PUT own settings = %d %s", res.Code, res.Body)
	}
	var mine, theirs notify.Settings
	e.api("officer", "GET", "/api/v1/me/notification-settings", nil).JSON(t, &mine)
	e.api("nurse", "GET", "/api/v1/me/notification-settings", nil).JSON(t, &theirs)
	if mine.UserID != e.users["officer"].ID || mine.Language != "en" || !mine.Digest || mine.DigestHour != 7 || !slices.Equal(mine.Off, []conference.EventKind{"agenda_published"}) {
		t.Errorf("own settings = %+v", mine)
	}
	if theirs.UserID != e.users["nurse"].ID || theirs.Language != "nl" || theirs.Digest {
		t.Errorf("another user's settings changed: %+v", theirs)
	}
	// There is no way to name another user: the settings are always the caller's.
	res = e.api("nurse", "PUT", "/api/v1/me/notification-settings", fmt.Sprintf(`{"user_id":%d,"language":"nl","digest_hour":9}`, e.users["officer"].ID))
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"user_id"`) {
		t.Fatalf("PUT = %d %s", res.Code, res.Body)
	}
	e.api("officer", "GET", "/api/v1/me/notification-settings", nil).JSON(t, &mine)
	if mine.Language != "en" || mine.DigestHour != 7 {
		t.Errorf("the nurse changed the officer's settings: %+v", mine)
	}
	for body, field := range map[string]string{`{"language":"fr","digest_hour":8}`: "language", `{"language":"nl","digest_hour":25}`: "digest_hour",
		`{"language":"nl","off":["spam"]}`: "off"} {
		if res := e.api("officer", "PUT", "/api/v1/me/notification-settings", body); res.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), `"field":"`+field+`"`) {
			t.Errorf("PUT %s = %d %s", body, res.Code, res.Body)
		}
	}
	if res := e.api("officer", "PUT", "/api/v1/me/notification-settings", `{"language":`); res.Code != http.StatusBadRequest {
		t.Errorf("unreadable body = %d", res.Code)
	}
}

func TestSettingsPage(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("nurse@example.nl")
	p := b.get("/settings/notifications")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "Berichtinstellingen") || !strings.Contains(p.Body, `value="agenda_published" checked`) {
		t.Fatalf("GET /settings/notifications = %d", p.Code)
	}
	p = b.post("/settings/notifications", "/settings/notifications", url.Values{"language": {"en"}, "digest": {"on"}, "digest_hour": {"18"},
		"on": {"referral_rejected", "action_assigned"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("POST = %d %s", p.Code, p.Body)
	}
	p = b.get("/settings/notifications")
	if !strings.Contains(p.Body, "zijn opgeslagen") || !strings.Contains(p.Body, `value="action_assigned" checked`) ||
		strings.Contains(p.Body, `value="agenda_published" checked`) || !strings.Contains(p.Body, `<option value="18" selected>`) {
		t.Fatalf("the page does not show the saved settings")
	}
	p = b.post("/settings/notifications", "/settings/notifications", url.Values{"language": {"fr"}, "digest_hour": {"x"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="digest_hour-error"`) || !strings.Contains(p.Body, "moet nl of en zijn") {
		t.Fatalf("bad form = %d", p.Code)
	}
	var st notify.Settings
	e.api("nurse", "GET", "/api/v1/me/notification-settings", nil).JSON(t, &st)
	if st.Language != "en" || !st.Digest || st.DigestHour != 18 || slices.Contains(st.Off, conference.EventActionAssigned) || !slices.Contains(st.Off, conference.EventAgendaPublished) {
		t.Fatalf("stored settings = %+v", st)
	}
}

// messagesOf returns the messages of kind, failing on any message (of any
// kind) that carries case data.
func (e *env) messagesOf(t *testing.T, kind conference.EventKind) []notify.Message {
	t.Helper()
	res := e.api("admin", "GET", "/api/v1/messages?limit=100", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/messages = %d %s", res.Code, res.Body)
	}
	var list struct {
		Items []notify.Message `json:"items"`
	}
	res.JSON(t, &list)
	var out []notify.Message
	for _, m := range list.Items {
		for _, s := range append(slices.Clone(secrets), e.policeC.Summary, e.policeC.Subject) {
			if strings.Contains(m.Subject+m.Body+m.Calendar, s) {
				t.Errorf("%s message to %s carries %q", m.Kind, m.To, s)
			}
		}
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

func TestCommentRoundNotifiesThePresentOrganisations(t *testing.T) {
	e := commentEnv(t) // the officer (police) and the nurse (GGZ) present
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	if res := e.api("secretary", "PUT", conf+"/comment-round", map[string]any{"deadline": e.now().Add(48 * time.Hour)}); res.Code != http.StatusOK {
		t.Fatalf("open the round: %d %s", res.Code, res.Body)
	}
	msgs := e.messagesOf(t, conference.EventMinutesShared)
	var to []string
	for _, m := range msgs {
		to = append(to, m.To)
		if want := fmt.Sprintf("/conferences/%d", e.conf.ID); !strings.Contains(m.Link, want) {
			t.Errorf("the message to %s has no link to the meeting: %q", m.To, m.Link)
		}
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"nurse@example.nl", "officer@example.nl"}) {
		t.Errorf("minutes shared went to %v, want the participants of the present organisations", to)
	}
	// Moving the deadline is no new round.
	if res := e.api("secretary", "PUT", conf+"/comment-round", map[string]any{"deadline": e.now().Add(72 * time.Hour)}); res.Code != http.StatusOK {
		t.Fatalf("move the deadline: %d %s", res.Code, res.Body)
	}
	if n := len(e.messagesOf(t, conference.EventMinutesShared)); n != 2 {
		t.Errorf("after moving the deadline %d messages, want still 2", n)
	}
}
