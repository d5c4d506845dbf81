package e2e

import (
	"regexp"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casusoverleg/internal/demo"
)

var base32Secret = regexp.MustCompile(`^[A-Z2-7]{16,}=*$`)

// TestJourneyChairEnrolsTOTP: a chair's first login leads to setting up the
// second factor with the secret shown on the page; the next login asks for
// a code. The server accepts a code of the current 30-second step or one
// step either side, but never a step at or before the last accepted one
// (internal/auth/totp.go), so the second login uses the code of the next
// step: the enrolment code is a replay and is refused.
func TestJourneyChairEnrolsTOTP(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	var secret, enrolCode string
	var recovery []string

	b.steps(
		journeyStep{"PasswordLeadsToEnrolment", func(b *tab) {
			status := b.login(chairEmail, demo.Password)
			b.wantPage("/account/totp", status, 200)
			b.look("totp-enrol")
			secret = b.text("main code")
			if !base32Secret.MatchString(secret) {
				b.t.Fatalf("enrolment page shows secret %q, want base32", secret)
			}
			if alt := b.attr("main img.qr", "alt"); alt == "" {
				b.t.Errorf("QR code has no alt text")
			}
		}},
		journeyStep{"NavigationWaitsForEnrolment", func(b *tab) {
			// Until the second factor is set up, every page leads back here.
			status := b.open("/cases")
			b.wantPage("/account/totp", status, 200)
			b.a11y()
			secret = b.text("main code") // a new page begins a new enrolment
		}},
		journeyStep{"EnrolmentCodeOpensConferences", func(b *tab) {
			code, err := totp.GenerateCode(secret, time.Now())
			if err != nil {
				b.t.Fatal(err)
			}
			enrolCode = code
			b.fill("#code", code)
			status := b.click(`main form[action="/account/totp"] button[type=submit]`)
			recovery = noteRecoveryCodes(b, status)
			b.look("recovery-codes")
			narrow(b, "recovery-codes-390")
			status = b.click(`main a.button.primary`)
			b.wantPage("/conferences", status, 200)
			b.a11y()
			b.wantText("Marieke van den Heuvel")
		}},
		journeyStep{"LogoutLandsOnLogin", func(b *tab) {
			status := b.logout()
			b.wantPage("/login", status, 200) // login() below checks this page
		}},
		journeyStep{"PasswordLeadsToCodeStep", func(b *tab) {
			status := b.login(chairEmail, demo.Password)
			b.wantPage("/login/totp", status, 200)
			b.look("login-totp")
		}},
		journeyStep{"ReplayedCodeRefused", func(b *tab) {
			b.fill("#code", enrolCode)
			status := b.click(`main form[action="/login/totp"] button[type=submit]`)
			b.wantPage("/login/totp", status, 401)
			if msg := b.text(`main [role="alert"]`); msg != "Deze code is niet geldig. Probeer de volgende code." {
				b.t.Errorf("alert %q, want the invalid-code message", msg)
			}
			b.look("login-totp-refused")
		}},
		journeyStep{"NextStepCodeOpensConferences", func(b *tab) {
			code, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
			if err != nil {
				b.t.Fatal(err)
			}
			b.fill("#code", code)
			status := b.click(`main form[action="/login/totp"] button[type=submit]`)
			b.wantPage("/conferences", status, 200)
			b.look("conferences-after-totp")
			b.wantText("Marieke van den Heuvel", "Uitloggen")
		}},
		journeyStep{"RecoveryCodeInsteadOfPhone", func(b *tab) {
			b.logout()
			status := b.login(chairEmail, demo.Password)
			b.wantPage("/login/totp", status, 200)
			mjTap(b, "main details.recovery > summary")
			b.fill("#recovery_code", recovery[0])
			status = b.click(`main details.recovery form button[type=submit]`)
			b.wantPage("/conferences", status, 200)
		}},
		journeyStep{"RecoveryCodeWorksOnce", func(b *tab) {
			b.logout()
			status := b.login(chairEmail, demo.Password)
			b.wantPage("/login/totp", status, 200)
			mjTap(b, "main details.recovery > summary")
			b.fill("#recovery_code", recovery[0])
			status = b.click(`main details.recovery form button[type=submit]`)
			b.wantPage("/login/totp", status, 401)
			if msg := b.text(`main [role="alert"]`); msg != "Deze herstelcode is niet geldig of al gebruikt." {
				b.t.Errorf("alert %q, want the used-code message", msg)
			}
			if open := b.attr("main details.recovery", "open"); open == "" && !evalJS[bool](b, `document.querySelector("main details.recovery").open`) {
				b.t.Errorf("the recovery form is closed after a refused code")
			}
			b.look("login-recovery-refused")
		}},
	)
}
