package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

// TestConfidentialityAcceptedOnTheMeetingPage: a participant accepts the
// series' statement on the meeting page while the meeting is in session; the
// secretary's confirmation of presence shows and stores who accepted; an
// organisation outside the series is refused, before and during the meeting.
func TestConfidentialityAcceptedOnTheMeetingPage(t *testing.T) {
	e := newEnv(t)
	e.outsider(t)
	e.onAgenda(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)
	api := "/api/v1" + conf + "/confidentiality"
	nurseID := e.users["nurse"].ID

	refused := func(when string) {
		t.Helper()
		for _, path := range []string{conf + "/confidentiality", api} {
			if code, body := e.raw("outsider", http.MethodPost, path, ""); code != http.StatusForbidden {
				t.Errorf("outsider %s on %s: status %d, %s", when, path, code, body)
			}
		}
	}
	refused("before the meeting")
	if res := e.api("nurse", http.MethodPost, api, nil); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"status"`) {
		t.Fatalf("accepted before the meeting: %d %s", res.Code, res.Body)
	}
	nurse := e.browser()
	nurse.login("nurse@example.nl")
	// The second factor is enrolled at the test clock, before the meeting starts.
	sec := e.browser()
	sec.loginWithSecondFactor("secretary@example.nl")
	if strings.Contains(nurse.get(conf).Body, `action="`+conf+`/confidentiality"`) {
		t.Fatal("the statement is offered before the meeting is in session")
	}

	e.startMeeting()
	if res := e.api("chair", http.MethodPost, "/api/v1"+conf+"/start", nil); res.Code != http.StatusOK {
		t.Fatalf("start: %d %s", res.Code, res.Body)
	}
	refused("in session")

	page := nurse.get(conf)
	if !strings.Contains(page.Body, "Wat in dit overleg wordt besproken is vertrouwelijk") || !strings.Contains(page.Body, `action="`+conf+`/confidentiality"`) {
		t.Fatalf("the nurse's meeting page does not offer the statement: %.2000s", page.Body)
	}
	if p := nurse.post(conf, conf+"/confidentiality", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", p.Code, p.Body)
	}
	page = nurse.get(conf)
	if !strings.Contains(page.Body, "U hebt de verklaring aanvaard om") || strings.Contains(page.Body, `action="`+conf+`/confidentiality"`) {
		t.Fatal("the nurse's page does not say the statement is accepted")
	}
	en := nurse.get(conf + "?lang=en").Body
	if !strings.Contains(en, "You accepted the statement at") || !strings.Contains(en, "What is discussed in this meeting is confidential") {
		t.Error("the English page lacks the accepted statement")
	}
	nurse.get(conf + "?lang=nl")

	// Accepting again keeps the first time.
	var first, again conference.Acceptance
	acc, err := e.store.Acceptances(t.Context(), e.conf.ID)
	if err != nil || len(acc) != 1 {
		t.Fatalf("acceptances = %v, %v", acc, err)
	}
	first = acc[nurseID]
	e.setNow(e.now().Add(5 * time.Minute))
	res := e.api("nurse", http.MethodPost, api, nil)
	res.JSON(t, &again)
	if res.Code != http.StatusOK || !again.AcceptedAt.Equal(first.AcceptedAt) || again.StatementSHA256 == "" {
		t.Fatalf("accepting again: %d %+v, first %+v", res.Code, again, first)
	}
	if _, n, _ := e.audit().List(t.Context(), audit.Filter{RecordType: "attendance", RecordID: fmt.Sprint(e.conf.ID)}); n != 2 {
		t.Errorf("%d audit events of acceptances, want 2", n)
	}

	// The secretary sees who accepted, and confirming presence stores it.
	page = sec.get(conf)
	if !strings.Contains(page.Body, "verklaring aanvaard") || !strings.Contains(page.Body, fmt.Sprintf(`name="confidential.%d" value="on"`, nurseID)) {
		t.Fatalf("the secretary's confirmation does not carry the acceptance: %.3000s", page.Body)
	}
	mins := sec.get(conf + "/minutes").Body
	if !strings.Contains(mins, `<option value="present" selected>`) || !strings.Contains(mins, fmt.Sprintf(`name="confidential.%d" checked`, nurseID)) ||
		!strings.Contains(mins, "verklaring aanvaard") {
		t.Error("the minutes' attendance form does not propose the nurse present with the statement confirmed")
	}
	form := url.Values{fmt.Sprintf("presence.%d", nurseID): {"present"}, fmt.Sprintf("confidential.%d", nurseID): {"on"}}
	if p := sec.post(conf, conf+"/attendance", form); p.Code != http.StatusSeeOther {
		t.Fatalf("confirm attendance: %d %s", p.Code, p.Body)
	}
	att, err := e.store.Attendance(t.Context(), e.conf.ID)
	if err != nil || len(att) != 1 || att[0].UserID != nurseID || att[0].Presence != conference.Present || !att[0].ConfidentialityConfirmed {
		t.Fatalf("attendance = %+v, %v", att, err)
	}
	if acc, _ := e.store.Acceptances(t.Context(), e.conf.ID); len(acc) != 1 {
		t.Fatalf("the outsider's attempts were stored: %v", acc)
	}
}
