package pdfsign_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/pdfsign"
)

var amsterdam = mustLocation("Europe/Amsterdam")

// clock is the fixed time of the documents and of /M.
var clock = time.Date(2026, 11, 23, 10, 0, 0, 0, amsterdam)

const org = "Zorg- en Veiligheidshuis Brabant Noordoost"

func mustLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// testSigner is made once: RSA key generation is the slow part. Its
// validity starts an hour before the wall clock, because the CMS
// signing-time attribute is the wall clock and must lie within it.
var testSigner = sync.OnceValues(func() (*pdfsign.Signer, error) {
	return pdfsign.SelfSigned(org, time.Now().Add(-time.Hour))
})

func signer(t *testing.T) *pdfsign.Signer {
	t.Helper()
	s, err := testSigner()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var info = pdfsign.Info{
	Name:        "mr. É. van den Bosch (voorzitter)",
	Reason:      "Notulen vastgesteld",
	Location:    "Oss",
	ContactInfo: "zvh@example.nl",
	Time:        clock,
}

// minutesPDF typesets a document of a few pages with internal/pdfdoc.
var minutesPDF = sync.OnceValues(func() ([]byte, error) {
	d, err := pdfdoc.New(pdfdoc.Meta{
		Site: org, Title: "Notulen Justitieel casusoverleg Oss",
		Author: "Secretariaat", Subject: "Notulen", Created: clock,
	})
	if err != nil {
		return nil, err
	}
	d.Heading("Notulen Justitieel casusoverleg Oss")
	for i := range 12 {
		d.Heading("Agendapunt " + string(rune('A'+i)))
		d.Paragraph(strings.Repeat("Besproken is de gezinsbrede aanpak; politie en reclassering stemmen het toezicht af. ", 8))
		d.KeyValue([]pdfdoc.Pair{{Key: "Besluit", Value: "Procesregie bij de gemeente"}, {Key: "Actie", Value: "Wijkteam, binnen twee weken"}})
	}
	var buf bytes.Buffer
	err = d.Write(&buf)
	return buf.Bytes(), err
})

func unsigned(t *testing.T) []byte {
	t.Helper()
	b, err := minutesPDF()
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Clone(b)
}

func signed(t *testing.T) []byte {
	t.Helper()
	out, err := pdfsign.Sign(unsigned(t), signer(t), info)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tool returns the path of a poppler tool, or skips the test when it is
// missing; with REQUIRE_BROWSER=1 a missing tool fails the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatalf("%s is not installed (Debian package poppler-utils)", name)
		}
		t.Skipf("%s is not installed (Debian package poppler-utils)", name)
	}
	return p
}

// pdfsig runs poppler's pdfsig on pdf and returns what it prints.
func pdfsig(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdfsig")
	out, err := exec.Command(bin, "-no-ocsp", writeTemp(t, pdf)).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("pdfsig: %v", err)
	}
	return string(out)
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "notulen.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
