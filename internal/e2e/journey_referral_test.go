package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

// TestJourneyReferralFormShowsFieldErrors: a participant submits a new
// referral with a bad postcode and no person, sees the form again with a
// message next to each of those fields and what they typed kept, corrects
// it and lands on the new case.
func TestJourneyReferralFormShowsFieldErrors(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	ggz := r.Orgs[conference.OrgGGZ].ID
	police := r.Orgs[conference.OrgPolitie].ID
	checkbox := func(id int64) string {
		return fmt.Sprintf(`input[name="involved_organisation_ids"][value="%d"]`, id)
	}
	const (
		neighbourhood = "Berghem"
		summary       = "Jongere (16) gezien bij drugsoverlast bij het station; school meldt verzuim."
		submit        = `main form[action="/cases"][method="post"] button[type=submit]`
	)

	b.steps(
		journeyStep{"OpensNewReferral", func(b *tab) {
			status := b.login(policeEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			b.a11y()
			status = b.click(`header nav a[href="/cases"]`)
			b.wantPage("/cases", status, 200)
			b.a11y()
			status = b.click(`main a[href="/cases/new"]`)
			b.wantPage("/cases/new", status, 200)
			b.look("case-new")
			if h := b.text("main h1"); h != "Nieuwe aanmelding" {
				b.t.Errorf("heading %q, want Nieuwe aanmelding", h)
			}
			if !evalJS[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, checkbox(police))) {
				b.t.Errorf("own organisation (police) is not checked by default")
			}
		}},
		journeyStep{"BadPostcodeAndNoPersonShowFieldErrors", func(b *tab) {
			b.choose("#theme", string(conference.ThemeYouth))
			b.fill("#postcode", "53")
			b.fill("#neighbourhood", neighbourhood)
			b.fill("#summary", summary)
			b.check(checkbox(ggz))
			status := b.click(submit)
			b.wantPage("/cases", status, 422)
			b.look("case-new-errors")

			if msg := b.text(`main [role="alert"]`); msg == "" {
				b.t.Errorf("no alert above the form")
			}
			for field, want := range map[string]string{
				"p0-surname": "is verplicht: vul ten minste de hoofdpersoon in",
				"postcode":   "moet een postcodegebied van vier cijfers zijn, bijvoorbeeld 5341",
			} {
				got := evalJS[fieldState](b, fmt.Sprintf(fieldStateJS, field))
				if !got.Found {
					b.t.Fatalf("no field #%s on %s", field, b.path())
				}
				if got.Invalid != "true" {
					b.t.Errorf("#%s has aria-invalid=%q, want \"true\"", field, got.Invalid)
				}
				if got.NextID != field+"-error" || got.NextText != want {
					b.t.Errorf("after #%s comes #%s %q, want #%s-error %q", field, got.NextID, got.NextText, field, want)
				}
				if got.DescribedBy != field+"-error" {
					b.t.Errorf("#%s has aria-describedby=%q, want %s-error", field, got.DescribedBy, field)
				}
			}
			for _, field := range []string{"theme", "neighbourhood", "summary"} {
				if got := b.attr("#"+field, "aria-invalid"); got != "" {
					b.t.Errorf("#%s has aria-invalid=%q, want none", field, got)
				}
			}
			for sel, want := range map[string]string{
				"#p0-surname": "", "#theme": string(conference.ThemeYouth), "#postcode": "53",
				"#neighbourhood": neighbourhood, "#summary": summary,
			} {
				if got := b.value(sel); got != want {
					b.t.Errorf("%s holds %q after the error, want %q (typed value kept)", sel, got, want)
				}
			}
			for _, id := range []int64{police, ggz} {
				if !evalJS[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, checkbox(id))) {
					b.t.Errorf("involved organisation %d is no longer checked", id)
				}
			}
		}},
		journeyStep{"CorrectedReferralOpensNewCase", func(b *tab) {
			b.fill("#p0-surname", "Bakker")
			b.fill("#p0-initials", "K.")
			b.choose("#p0-birth_date", "2010-02-03")
			b.fill("#postcode", "5351")
			status := b.click(submit)
			b.wantPage(`/cases/[0-9]+`, status, 200)
			b.look("case-created")
			ref := regexp.MustCompile(`^Casus (` + strconv.Itoa(time.Now().Year()) + `-[0-9]{4}) — K\. B\. \(2010\)$`)
			h := b.text("main h1")
			if !ref.MatchString(h) {
				b.t.Fatalf("heading %q, want Casus %d-NNNN — K. B. (2010)", h, time.Now().Year())
			}
			b.wantText(summary, "5351 "+neighbourhood, "Jeugd")
		}},
	)
}

// fieldState is what the journey checks of a form field and the element after it.
type fieldState struct {
	Found       bool   `json:"found"`
	Invalid     string `json:"invalid"`
	DescribedBy string `json:"describedBy"`
	NextID      string `json:"nextID"`
	NextText    string `json:"nextText"`
}

const fieldStateJS = `(() => {
	const e = document.getElementById(%q);
	if (!e) return {found: false};
	const n = e.nextElementSibling;
	return {
		found: true,
		invalid: e.getAttribute('aria-invalid') || '',
		describedBy: e.getAttribute('aria-describedby') || '',
		nextID: n ? n.id : '',
		nextText: n ? n.innerText.trim() : '',
	};
})()`
