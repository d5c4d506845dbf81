package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// signedMeeting records the police case and a GGZ-only case on the env's
// meeting, finalises and signs the minutes; it returns the GGZ case.
func (e *env) signedMeeting(t *testing.T) conference.Case {
	t.Helper()
	e.recordMinutes(t)
	ggzCase := e.ggzOnAgenda(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	e.finalise(t)
	for _, user := range []string{"chair", "secretary"} {
		if res := e.api(user, "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusOK {
			t.Fatalf("approve as %s: %d %s", user, res.Code, res.Body)
		}
	}
	return ggzCase
}

// ggzCaseReason is why the GGZ proposed the case ggzOnAgenda puts on the agenda.
const ggzCaseReason = "Zorgmijding in de Ruwaard"

// ggzOnAgenda adds a case of the GGZ's, proposed by the nurse and accepted
// by the chair onto the env's conference: beside the police case, one the
// police may not see.
func (e *env) ggzOnAgenda(t *testing.T) conference.Case {
	t.Helper()
	ctx := context.Background()
	nurse, chair := e.users["nurse"], e.users["chair"]
	ggzCase := conference.Case{Subject: "GGZ-cliënt Z.", Theme: conference.ThemeCare, Postcode: "5343", Neighbourhood: "Ruwaard",
		Summary: "Zorgmijdend"}
	if err := e.store.CreateCase(ctx, conference.ActorOf(&nurse), &ggzCase); err != nil {
		t.Fatal(err)
	}
	ag := agenda.NewStore(e.db, dbtest.Now, e.store)
	it, err := ag.Propose(ctx, conference.ActorOf(&nurse), agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &ggzCase.ID, Reason: ggzCaseReason})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ag.Triage(ctx, conference.ActorOf(&chair), it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	return ggzCase
}

func (e *env) minutesPDF(t *testing.T, user string) []byte {
	t.Helper()
	code, body := e.raw(user, "GET", fmt.Sprintf("/conferences/%d/minutes.pdf", e.conf.ID), "")
	if code != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
		t.Fatalf("minutes.pdf for %s: %d %.200s", user, code, body)
	}
	return []byte(body)
}

// pdfsig runs poppler's pdfsig and reports whether it calls the signature valid.
func pdfsig(t *testing.T, pdf []byte) bool {
	t.Helper()
	if _, err := exec.LookPath("pdfsig"); err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatal("pdfsig is not installed (apt-get install poppler-utils)")
		}
		t.Skip("pdfsig is not installed")
	}
	path := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", path).CombinedOutput()
	return strings.Contains(string(out), "Signature Validation: Signature is Valid.")
}

func TestSignedMinutesPDF(t *testing.T) {
	e := newEnv(t)
	ggzCase := e.signedMeeting(t)

	full := e.minutesPDF(t, "chair")            // the chair sees both cases through the agenda
	if dir := os.Getenv("PDF_DIR"); dir != "" { // to look at it: PDF_DIR=/tmp go test -run SignedMinutesPDF
		_ = os.WriteFile(filepath.Join(dir, "minutes-full.pdf"), full, 0o600)
		_ = os.WriteFile(filepath.Join(dir, "minutes-redacted.pdf"), e.minutesPDF(t, "officer"), 0o600)
	}
	text := pdfText(t, full)
	for _, want := range []string{"Geheim besluit over de aanpak", "5343 Ruwaard", "Zorg en overlast", "Ondertekening", "Inhoudshash", "Pagina 1 van"} {
		if !strings.Contains(text, want) {
			t.Errorf("full PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "afgeschermd") {
		t.Error("the chair's copy is redacted")
	}
	if !pdfsig(t, full) {
		t.Fatal("pdfsig does not call the signature valid")
	}

	redacted := pdfText(t, e.minutesPDF(t, "officer"))
	if !strings.Contains(redacted, "Deze versie is afgeschermd") || !strings.Contains(redacted, ggzCase.Reference) {
		t.Errorf("the police copy does not say it is redacted, or lacks the reference:\n%s", redacted)
	}
	for _, secret := range []string{"Zorg en overlast", "Ruwaard", "5343"} {
		if strings.Contains(redacted, secret) {
			t.Errorf("the police copy contains %q of the GGZ case", secret)
		}
	}
	if !strings.Contains(redacted, "Geheim besluit over de aanpak") {
		t.Error("the police copy lacks their own case")
	}
	if code, _ := e.raw("nurse", "GET", "/conferences/999/minutes.pdf", ""); code != http.StatusNotFound {
		t.Errorf("unknown meeting: %d", code)
	}
}

func TestVerifyPage(t *testing.T) {
	e := newEnv(t)
	e.signedMeeting(t)
	pdf := e.minutesPDF(t, "officer")
	upload := func(content []byte) (int, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "verslag.pdf")
		fw.Write(content)
		w.Close()
		req, _ := http.NewRequest("POST", e.http.URL+"/verify", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+e.tokens["nurse"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(res.Body)
		return res.StatusCode, out.String()
	}
	if code, body := upload(pdf); code != http.StatusOK || !strings.Contains(body, "De handtekening is geldig") || !strings.Contains(body, "afgeschermde versie") {
		t.Fatalf("valid PDF: %d %.2000s", code, body)
	}
	tampered := bytes.Clone(pdf)
	i := bytes.Index(tampered, []byte("stream")) + 20
	tampered[i] ^= 0x01
	if code, body := upload(tampered); code != http.StatusUnprocessableEntity || !strings.Contains(body, "na ondertekening gewijzigd") {
		t.Fatalf("tampered PDF: %d", code)
	}
	if pdfsig(t, tampered) {
		t.Fatal("pdfsig calls a tampered PDF valid")
	}
	if code, body := upload([]byte("%PDF-1.4 niets")); code != http.StatusUnprocessableEntity || !strings.Contains(body, "geen digitale handtekening") {
		t.Fatalf("unsigned file: %d", code)
	}
}
