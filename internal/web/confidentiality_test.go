package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
	"casusoverleg/templates"
)

func TestConfidentialityAtEveryMeeting(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	path := fmt.Sprintf("/api/v1/series/%d/confidentiality", e.series.ID)
	const own = "Alles wat hier gezegd wordt, blijft in deze kamer."

	t.Run("OK/default for a member", func(t *testing.T) {
		var cf conference.Confidentiality
		e.api("officer", "GET", path, nil).JSON(t, &cf)
		if cf.Own || cf.Text != conference.DefaultConfidentiality {
			t.Fatalf("default statement = %+v", cf)
		}
	})
	t.Run("Err403/only an admin edits", func(t *testing.T) {
		for _, user := range []string{"officer", "nurse", "chair", "secretary"} {
			if res := e.api(user, "PUT", path, map[string]any{"text": "x"}); res.Code != http.StatusForbidden {
				t.Fatalf("%s set the statement: %d", user, res.Code)
			}
		}
	})
	t.Run("Err422/too long", func(t *testing.T) {
		if res := e.api("admin", "PUT", path, map[string]any{"text": strings.Repeat("x", 4001)}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"text"`) {
			t.Fatalf("too long: %d %s", res.Code, res.Body)
		}
	})
	t.Run("OK/admin sets, audited", func(t *testing.T) {
		var cf conference.Confidentiality
		res := e.api("admin", "PUT", path, map[string]any{"text": own})
		res.JSON(t, &cf)
		if res.Code != http.StatusOK || !cf.Own || cf.Text != own {
			t.Fatalf("set: %d %+v", res.Code, cf)
		}
		if _, n, _ := e.audit().List(t.Context(), audit.Filter{RecordType: "series", RecordID: fmt.Sprint(e.series.ID)}); n != 1 {
			t.Fatalf("%d audit events of the statement", n)
		}
	})
	attendance := fmt.Sprintf("/api/v1/conferences/%d/attendance", e.conf.ID)
	t.Run("Err422/an absent person cannot confirm", func(t *testing.T) {
		res := e.api("secretary", "PUT", attendance, map[string]any{"items": []map[string]any{
			{"user_id": e.users["nurse"].ID, "presence": "excused", "confidentiality_confirmed": true}}})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "confidentiality_confirmed") {
			t.Fatalf("excused and confirmed: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Err403/foreign secretary records attendance", func(t *testing.T) {
		if res := e.api("othersecretary", "PUT", attendance, map[string]any{"items": []map[string]any{}}); res.Code != http.StatusForbidden {
			t.Fatalf("foreign secretary: %d", res.Code)
		}
	})
	t.Run("OK/page records the confirmation", func(t *testing.T) {
		// The enrolment code is made at the test clock; the meeting is recorded an hour into it.
		b := e.browser()
		e.setNow(dbtest.Clock)
		b.loginWithSecondFactor("secretary@example.nl")
		e.startMeeting()
		page := fmt.Sprintf("/conferences/%d/minutes", e.conf.ID)
		p := b.get(page)
		if !strings.Contains(p.Body, own) || !strings.Contains(p.Body, fmt.Sprintf(`name="confidential.%d"`, e.users["officer"].ID)) {
			t.Fatalf("the attendance form lacks the statement or the confirmation: %.3000s", p.Body)
		}
		uid := fmt.Sprint(e.users["officer"].ID)
		p = b.post(page, fmt.Sprintf("/conferences/%d/attendance", e.conf.ID), url.Values{"presence." + uid: {"present"}, "confidential." + uid: {"on"}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("attendance: %d %.2000s", p.Code, p.Body)
		}
		var v minutes.View
		e.api("secretary", "GET", fmt.Sprintf("/api/v1/conferences/%d/minutes", e.conf.ID), nil).JSON(t, &v)
		if v.Confidentiality != own || len(v.Attendance) != 1 || !v.Attendance[0].ConfidentialityConfirmed {
			t.Fatalf("minutes: statement %q, attendance %+v", v.Confidentiality, v.Attendance)
		}
		nurse := fmt.Sprint(e.users["nurse"].ID)
		p = b.post(page, fmt.Sprintf("/conferences/%d/attendance", e.conf.ID), url.Values{"presence." + uid: {"present"},
			"presence." + nurse: {"absent"}, "confidential." + nurse: {"on"}, "remark." + nurse: {"ziek"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "alleen een aanwezige bevestigt de geheimhoudingsverklaring") ||
			!strings.Contains(p.Body, `value="ziek"`) {
			t.Fatalf("a refused attendance is not shown in place with what was typed: %d", p.Code)
		}
	})
	t.Run("OK/the signed PDF states it", func(t *testing.T) {
		_ = r
		// The page test enrolled the secretary; approving through the API then asks a code.
		if err := auth.NewTOTP(e.db, dbtest.Now, "test").Remove(t.Context(), e.users["secretary"].ID); err != nil {
			t.Fatal(err)
		}
		e.sign(t)
		text := strings.Join(strings.Fields(pdfText(t, e.minutesPDF(t, "chair"))), " ")
		for _, want := range []string{"Geheimhouding", own, "Bevestigd door: officer."} {
			if !strings.Contains(text, want) {
				t.Errorf("the minutes PDF lacks %q", want)
			}
		}
	})
}

func TestConfidentialityAdminPage(t *testing.T) {
	e := newEnv(t)
	page := fmt.Sprintf("/admin/series/%d/confidentiality", e.series.ID)
	nurse := e.browser()
	nurse.login("nurse@example.nl")
	if p := nurse.get(page); p.Code != http.StatusForbidden {
		t.Fatalf("a participant opened the statement page: %d", p.Code)
	}
	b := e.browser()
	b.loginWithSecondFactor("admin@example.nl")
	if p := b.get(page); p.Code != http.StatusOK || !strings.Contains(p.Body, "Dit is de standaardtekst") {
		t.Fatalf("statement page: %d", p.Code)
	}
	long := strings.Repeat("y", 4001)
	if p := b.post(page, page, url.Values{"text": {long}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="text-error"`) || !strings.Contains(p.Body, long) {
		t.Fatalf("too long a statement: %d", p.Code)
	}
	if p := b.post(page, page, url.Values{"text": {"Eigen tekst van de overlegvorm."}}); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", p.Code)
	}
	if p := b.get(page); !strings.Contains(p.Body, "Eigen tekst van de overlegvorm.") || strings.Contains(p.Body, "Dit is de standaardtekst") {
		t.Fatal("the saved statement is not shown")
	}
}

// The Dutch default on the pages is the one the signed minutes keep.
func TestConfidentialityDefaultIsTheDutchText(t *testing.T) {
	b, err := templates.FS.ReadFile("i18n/nl.json")
	if err != nil {
		t.Fatal(err)
	}
	var nl map[string]string
	if err := json.Unmarshal(b, &nl); err != nil {
		t.Fatal(err)
	}
	if nl["confidentiality.default"] != conference.DefaultConfidentiality {
		t.Fatalf("nl.json confidentiality.default differs from conference.DefaultConfidentiality")
	}
}
