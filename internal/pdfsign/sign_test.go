package pdfsign_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"casusoverleg/internal/pdfsign"
)

func TestSignVerify(t *testing.T) {
	pdf := unsigned(t)
	out, err := pdfsign.Sign(pdf, signer(t), info)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("IncrementalUpdate", func(t *testing.T) {
		if !bytes.Equal(out[:len(pdf)], pdf) {
			t.Error("the original bytes are not the unchanged start of the signed file")
		}
		if !bytes.HasSuffix(out, []byte("%%EOF\n")) {
			t.Errorf("signed file ends in %q", out[len(out)-20:])
		}
	})

	t.Run("OK", func(t *testing.T) {
		r, err := pdfsign.Verify(out)
		if err != nil {
			t.Fatal(err)
		}
		if r.SignerName != info.Name {
			t.Errorf("SignerName = %q, want %q", r.SignerName, info.Name)
		}
		if r.Reason != info.Reason || r.Location != info.Location {
			t.Errorf("Reason, Location = %q, %q", r.Reason, r.Location)
		}
		if !r.CoversWholeFile {
			t.Error("CoversWholeFile = false")
		}
		if !bytes.Equal(r.SignedBytes, out) {
			t.Error("SignedBytes is not the whole signed file")
		}
		if !r.Certificate.Equal(signer(t).Cert) {
			t.Errorf("Certificate = %s", r.Certificate.Subject)
		}
		if want := org + " — Casusoverleg"; r.Certificate.Subject.CommonName != want {
			t.Errorf("certificate CN = %q, want %q", r.Certificate.Subject.CommonName, want)
		}
		// PAdES has no CMS signing-time: the signing time is /M, the time given.
		if !r.SignedAt.Equal(clock) {
			t.Errorf("SignedAt = %v, want %v", r.SignedAt, clock)
		}
		if r.SubFilter != "ETSI.CAdES.detached" || r.Level != "B-B" || !r.TimestampedAt.IsZero() {
			t.Errorf("SubFilter %q, Level %q, TimestampedAt %v; want ETSI.CAdES.detached, B-B, none", r.SubFilter, r.Level, r.TimestampedAt)
		}
		if br := r.ByteRange; br[0] != 0 || br[2]+br[3] != int64(len(out)) || out[br[1]] != '<' || out[br[2]-1] != '>' {
			t.Errorf("ByteRange = %v", br)
		}
	})

	t.Run("SignatureDictionary", func(t *testing.T) {
		update := string(out[len(pdf):])
		for _, want := range []string{
			"/Type /Sig", "/Filter /Adobe.PPKLite", "/SubFilter /ETSI.CAdES.detached",
			"/M (D:20261123100000+01'00')", "/Reason (Notulen vastgesteld)",
			"/FT /Sig", "/T (Ondertekening)", "/F 132", "/Rect [0 0 0 0]",
			"/SigFlags 3", "/Prev ", "/Info ",
		} {
			if !strings.Contains(update, want) {
				t.Errorf("update lacks %q", want)
			}
		}
	})

	t.Run("Structure", func(t *testing.T) {
		// pdfcpu reads the file on its own and validates it strictly: the
		// cross-reference offsets, the trailer chain, the page tree.
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationStrict
		ctx, err := api.ReadContext(bytes.NewReader(out), conf)
		if err != nil {
			t.Fatal(err)
		}
		if err := api.ValidateContext(ctx); err != nil {
			t.Fatalf("pdfcpu: %v", err)
		}
		if ctx.PageCount < 2 {
			t.Fatalf("want a document of several pages, got %d", ctx.PageCount)
		}
		if ctx.XRefTable.Form == nil {
			t.Error("no /AcroForm in the catalog")
		}
		for p := 1; p <= ctx.PageCount; p++ {
			d, _, _, err := ctx.PageDict(p, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := d["Annots"]; ok != (p == ctx.PageCount) {
				t.Errorf("page %d of %d has /Annots: %v", p, ctx.PageCount, ok)
			}
		}
	})
}

// TestSignTwice: a second Sign adds a second signature in a second
// incremental update (chair, then secretary); the first stays valid but no
// longer covers the whole file.
func TestSignTwice(t *testing.T) {
	once := signed(t)
	second := info
	second.Name = "J. Jansen (secretaris)"
	twice, err := pdfsign.Sign(once, signer(t), second)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := pdfsign.VerifyAll(twice)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("got %d signatures, want 2", len(rs))
	}
	if rs[0].SignerName != info.Name || rs[1].SignerName != second.Name {
		t.Errorf("signers = %q, %q", rs[0].SignerName, rs[1].SignerName)
	}
	if rs[0].CoversWholeFile || !rs[1].CoversWholeFile {
		t.Errorf("CoversWholeFile = %v, %v; want false, true", rs[0].CoversWholeFile, rs[1].CoversWholeFile)
	}
	if !bytes.Equal(rs[0].SignedBytes, once) {
		t.Error("the first signature's SignedBytes is not the once-signed file")
	}
	last, err := pdfsign.Verify(twice)
	if err != nil || last.SignerName != second.Name {
		t.Errorf("Verify = %q, %v; want the second signature", last.SignerName, err)
	}
	if !bytes.Contains(twice[len(once):], []byte("/T (Ondertekening 2)")) {
		t.Error("second field is not named \"Ondertekening 2\"")
	}
	if _, err := pdfsign.Verify(tamper(t, twice)); !errors.Is(err, pdfsign.ErrInvalidSignature) {
		t.Errorf("tampered: Verify = %v, want ErrInvalidSignature", err)
	}

	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(twice), conf); err != nil {
		t.Errorf("pdfcpu: %v", err)
	}

	if _, err := exec.LookPath("pdfsig"); err == nil || os.Getenv("REQUIRE_BROWSER") == "1" {
		out := pdfsig(t, twice)
		if n := strings.Count(out, "Signature Validation: Signature is Valid."); n != 2 {
			t.Errorf("pdfsig finds %d valid signatures, want 2:\n%s", n, out)
		}
		if !strings.Contains(out, "Signature Field Name: Ondertekening 2") {
			t.Errorf("pdfsig does not list the second field:\n%s", out)
		}
	}
}

func TestSignErrors(t *testing.T) {
	s := signer(t)
	other, err := pdfsign.SelfSigned("Ander", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	xrefStream := []byte("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 1 1] /Root 2 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
	for _, tc := range []struct {
		name   string
		pdf    []byte
		signer *pdfsign.Signer
		is     error
	}{
		{"NotAPDF", []byte("hello"), s, nil},
		{"NoStartxref", []byte("%PDF-1.3\n"), s, nil},
		{"Truncated", unsigned(t)[:len(unsigned(t))/2], s, nil},
		{"NilSigner", unsigned(t), nil, nil},
		{"KeyMismatch", unsigned(t), &pdfsign.Signer{Cert: s.Cert, Key: other.Key}, nil},
		{"ErrUnsupported", xrefStream, s, pdfsign.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := pdfsign.Sign(tc.pdf, tc.signer, info)
			if err == nil {
				t.Fatalf("Sign succeeded (%d bytes)", len(out))
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Sign = %v, want %v", err, tc.is)
			}
		})
	}
}

// handmadePDF is a small PDF with what gofpdf never writes: a nested page
// tree, /Annots and /AcroForm given by reference, a form field already
// there, and a string with ">>" and escaped parentheses in it.
func handmadePDF() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R >>",
		"<< /Type /Pages /Parent 2 0 R /Kids [6 0 R] /Count 1 >>",
		"<< /Length 18 >>\nstream\n0 0 m 100 100 l S\nendstream",
		"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 200 200] /Contents 5 0 R /Annots 8 0 R >>",
		"<< /Fields 9 0 R /DA (/Helv 0 Tf 0 g) /NeedAppearances false >>",
		"[10 0 R]",
		"[10 0 R]",
		"<< /Type /Annot /Subtype /Widget /FT /Tx /T (Naam \\(a >> b\\)) /V (x) /Rect [10 10 100 30] /F 4 /P 6 0 R >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /ID [<0102> <0102>] >>\nstartxref\n%d\n%%%%EOF", len(objects)+1, xref)
	return []byte(b.String())
}

func TestSignHandmade(t *testing.T) {
	pdf := handmadePDF()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		t.Fatalf("the test PDF itself is invalid: %v", err)
	}
	out, err := pdfsign.Sign(pdf, signer(t), info)
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Validate(bytes.NewReader(out), conf); err != nil {
		t.Errorf("pdfcpu: %v", err)
	}
	update := string(out[len(pdf):])
	for _, want := range []string{
		"\n6 0 obj\n", "/Annots [10 0 R 12 0 R]", "/Fields [10 0 R 12 0 R]",
		"/DA (/Helv 0 Tf 0 g)", "/ID [<0102> <0102>]", "/Prev ", "/P 6 0 R",
	} {
		if !strings.Contains(update, want) {
			t.Errorf("update lacks %q", want)
		}
	}
	if _, err := pdfsign.Verify(out); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdfsig"); err == nil {
		if got := pdfsig(t, out); !strings.Contains(got, "Signature Validation: Signature is Valid.") {
			t.Errorf("pdfsig:\n%s", got)
		}
	}
}
