package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

// TestPersonEditPage: whoever may see the case corrects a person's details
// on the case page (the API's rule), audited; a wrong field comes back next
// to it with nothing stored; other organisations are refused.
func TestPersonEditPage(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	ctx := context.Background()
	police := e.users["officer"]
	list, err := e.store.Persons(ctx, conference.ActorOf(&police), e.policeC.ID, true)
	if err != nil || len(list) != 2 {
		t.Fatalf("persons: %v %d", err, len(list))
	}
	child := list[1] // Verborgen, with a BSN
	casePath := fmt.Sprintf("/cases/%d", e.policeC.ID)
	editPath := fmt.Sprintf("/persons/%d/edit", child.ID)
	form := func(surname, bsn string, version int) url.Values {
		return url.Values{"e-role": {"kind"}, "e-surname": {surname}, "e-initials": {"V.J."}, "e-birth_date": {"2003-04-06"},
			"e-postcode": {"5342"}, "e-bsn": {bsn}, "e-version": {fmt.Sprint(version)}}
	}

	t.Run("ErrForbidden/other organisations", func(t *testing.T) {
		e.foreignUser(t, "corporation")
		for _, user := range []string{"nurse", "corporation", "policy"} {
			if code, body := e.raw(user, "POST", editPath, form("Anders", "", child.Version).Encode()); code != http.StatusForbidden || strings.Contains(body, "Verborgen") {
				t.Errorf("%s corrects a person of the police's case: %d", user, code)
			}
		}
		if p, _ := e.store.Person(ctx, conference.ActorOf(&police), child.ID); p.Surname != "Verborgen" {
			t.Fatalf("a refused correction changed the person: %+v", p)
		}
	})

	b := e.browser()
	b.login("officer@example.nl")
	t.Run("FormOnTheCasePage", func(t *testing.T) {
		page := b.get(casePath)
		if !strings.Contains(page.Body, `action="`+editPath+`"`) || !strings.Contains(page.Body, "Gegevens corrigeren: V. Verborgen") ||
			strings.Contains(page.Body, `name="e-bsn" value="`+secretBSN) {
			t.Fatalf("the case page lacks the correction form (or fills in the BSN): %.3000s", page.Body)
		}
		if en := b.get(casePath + "?lang=en").Body; !strings.Contains(en, "Correct details: V. Verborgen") || strings.Contains(en, "Gegevens corrigeren") {
			t.Error("the English case page has no English correction form")
		}
		b.get(casePath + "?lang=nl") // the language choice stays with the session
	})

	t.Run("Err422/elfproef, nothing stored", func(t *testing.T) {
		p := b.post(casePath, editPath, form("Verbeterd", "123456789", child.Version))
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="e-bsn-error"`) ||
			!strings.Contains(p.Body, `id="person-edit-`+fmt.Sprint(child.ID)+`" open`) || !strings.Contains(p.Body, `value="Verbeterd"`) {
			t.Fatalf("bad BSN: %d %.3000s", p.Code, p.Body)
		}
		if got, _ := e.store.Person(ctx, conference.ActorOf(&police), child.ID); got.Surname != "Verborgen" {
			t.Fatalf("a refused correction was stored: %+v", got)
		}
	})

	t.Run("OK/corrected and audited, the BSN kept", func(t *testing.T) {
		p := b.post(casePath, editPath, form("Verbeterd", "", child.Version))
		if p.Code != http.StatusSeeOther || p.Location != casePath+fmt.Sprintf("#person-%d", child.ID) {
			t.Fatalf("correct: %d %q %.500s", p.Code, p.Location, p.Body)
		}
		got, err := e.store.Person(ctx, conference.ActorOf(&police), child.ID)
		if err != nil || got.Surname != "Verbeterd" || got.Initials != "V.J." || got.Postcode != "5342" ||
			got.BirthDate == nil || got.BirthDate.Format("2006-01-02") != "2003-04-06" || got.BSNMasked != conference.MaskBSN(secretBSN) {
			t.Fatalf("after the correction: %+v, %v", got, err)
		}
		ev, err := e.audit().Latest(ctx, audit.Filter{RecordType: "person", RecordID: fmt.Sprint(child.ID), Action: audit.ActionUpdate, Limit: 1})
		if err != nil || len(ev) != 1 || ev[0].UserID != police.ID {
			t.Fatalf("the correction is not in the audit log: %+v %v", ev, err)
		}
		if page := b.get(casePath); !strings.Contains(page.Body, "Gegevens van de persoon gecorrigeerd.") {
			t.Error("no confirmation after the correction")
		}
	})

	t.Run("ErrConflict/stale version", func(t *testing.T) {
		p := b.post(casePath, editPath, form("Nogmaals", "", child.Version))
		if p.Code != http.StatusConflict {
			t.Fatalf("a stale correction: %d %.300s", p.Code, p.Body)
		}
	})
}

// TestSeriesRepeatMonthsPage: the series' repeat-referral period is set on
// its settings page by an admin (as PUT /api/v1/series/:id does); others are refused.
func TestSeriesRepeatMonthsPage(t *testing.T) {
	e := newEnv(t)
	path := fmt.Sprintf("/admin/series/%d", e.series.ID)
	values := func(months string) url.Values {
		return url.Values{"name": {e.series.Name}, "weekday": {"2"}, "start_time": {"13:30"}, "cadence": {"weekly"},
			"default_duration_minutes": {"120"}, "repeat_months": {months},
			"member_organisation_ids": {fmt.Sprint(e.police.ID), fmt.Sprint(e.ggz.ID), fmt.Sprint(e.zvh.ID)}}
	}
	for _, user := range []string{"chair", "officer", "policy"} {
		if code, _ := e.raw(user, "POST", path, values("6").Encode()); code != http.StatusForbidden {
			t.Errorf("%s sets the repeat period: %d", user, code)
		}
	}
	admin := e.browser()
	admin.loginWithSecondFactor("admin@example.nl")
	if page := admin.get(path); !strings.Contains(page.Body, `name="repeat_months" min="1" max="120" value="12"`) {
		t.Fatalf("the settings page lacks the repeat period: %.2000s", page.Body)
	}
	for _, bad := range []string{"0", "121", "een jaar"} {
		p := admin.post(path, path, values(bad))
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="repeat_months-error"`) {
			t.Errorf("repeat_months=%q: %d", bad, p.Code)
		}
	}
	if p := admin.post(path, path, values("6")); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %.500s", p.Code, p.Body)
	}
	sr, err := e.store.Series(context.Background(), e.series.ID)
	if err != nil || sr.RepeatMonths != 6 {
		t.Fatalf("after saving: %d, %v", sr.RepeatMonths, err)
	}
	if en := admin.get(path + "?lang=en").Body; !strings.Contains(en, "Repeat referral within (months)") {
		t.Error("the English settings page has no repeat period")
	}
}
