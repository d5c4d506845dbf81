package pdfsign_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"casusoverleg/internal/pdfsign"
)

func TestPdfsig(t *testing.T) {
	t.Run("Valid", func(t *testing.T) {
		out := pdfsig(t, signed(t))
		t.Logf("pdfsig:\n%s", out)
		if !strings.Contains(out, "Signature Validation: Signature is Valid.") {
			t.Errorf("pdfsig does not find a valid signature:\n%s", out)
		}
		for _, want := range []string{"Signature Field Name: Ondertekening", "Total document signed", "ETSI.CAdES.detached", "SHA-256"} {
			if !strings.Contains(out, want) {
				t.Errorf("pdfsig output lacks %q", want)
			}
		}
	})
	t.Run("Tampered", func(t *testing.T) {
		out := pdfsig(t, tamper(t, signed(t)))
		if strings.Contains(out, "Signature is Valid") {
			t.Errorf("pdfsig still says valid after tampering:\n%s", out)
		}
	})
}

func TestPdftotext(t *testing.T) {
	bin := tool(t, "pdftotext")
	path := writeTemp(t, signed(t))
	out, err := exec.Command(bin, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Notulen Justitieel casusoverleg Oss", "Agendapunt L", "gezinsbrede aanpak"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

// tamper flips one byte inside the first page's content stream, which lies
// in the first signed byte range.
func tamper(t *testing.T, pdf []byte) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte("stream\n"))
	if i < 0 {
		t.Fatal("no stream in the PDF")
	}
	out := bytes.Clone(pdf)
	out[i+len("stream\n")+20] ^= 0x01
	return out
}

func TestTampered(t *testing.T) {
	out := signed(t)

	t.Run("ErrInvalidSignature", func(t *testing.T) {
		_, err := pdfsign.Verify(tamper(t, out))
		if !errors.Is(err, pdfsign.ErrInvalidSignature) {
			t.Fatalf("Verify = %v, want ErrInvalidSignature", err)
		}
	})

	t.Run("AnyCoveredByte", func(t *testing.T) {
		r, err := pdfsign.Verify(out)
		if err != nil {
			t.Fatal(err)
		}
		a, b := int(r.ByteRange[1]), int(r.ByteRange[2])
		unsignedLen := len(unsigned(t))
		// Every byte of the update outside /Contents, and a sample of the rest.
		var positions []int
		for i := 0; i < unsignedLen; i += 499 {
			positions = append(positions, i)
		}
		for i := unsignedLen; i < len(out); i++ {
			if i == a {
				i = b
			}
			positions = append(positions, i)
		}
		for _, i := range positions {
			bad := bytes.Clone(out)
			bad[i] ^= 0x01
			if _, err := pdfsign.Verify(bad); !errors.Is(err, pdfsign.ErrInvalidSignature) {
				t.Errorf("byte %d (%q) flipped: Verify = %v, want ErrInvalidSignature", i, out[i], err)
			}
		}
	})

	// Breaking the dictionary of the last of two signatures must not leave
	// the first, which no longer covers the file, to answer alone.
	t.Run("DamagedLastSignature", func(t *testing.T) {
		twice, err := pdfsign.Sign(out, signer(t), info)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.LastIndex(twice, []byte("/Type /Sig"))
		bad := bytes.Clone(twice)
		bad[i-2] = '(' // the "<<" that opens it
		if _, err := pdfsign.Verify(bad); !errors.Is(err, pdfsign.ErrInvalidSignature) {
			t.Errorf("Verify = %v, want ErrInvalidSignature", err)
		}
	})

	// /Contents lies outside the signed ranges and the CMS signature does
	// not cover the certificate in it: its own signature must be checked.
	t.Run("CertificateEdited", func(t *testing.T) {
		sig := []byte(hex.EncodeToString(signer(t).Cert.Signature[:16]))
		i := bytes.Index(out, sig)
		if i < 0 {
			t.Fatal("certificate signature not found in /Contents")
		}
		bad := bytes.Clone(out)
		if bad[i] = '0'; out[i] == '0' { // another hex digit
			bad[i] = '1'
		}
		if _, err := pdfsign.Verify(bad); !errors.Is(err, pdfsign.ErrInvalidSignature) {
			t.Errorf("Verify = %v, want ErrInvalidSignature", err)
		}
	})

	t.Run("ContentsPadding", func(t *testing.T) {
		r, err := pdfsign.Verify(out)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(out)
		bad[r.ByteRange[2]-2] = '1' // the last padding digit
		if _, err := pdfsign.Verify(bad); !errors.Is(err, pdfsign.ErrInvalidSignature) {
			t.Errorf("Verify = %v, want ErrInvalidSignature", err)
		}
	})
}

// TestAwkwardInfo: text that looks like PDF syntax stays text.
func TestAwkwardInfo(t *testing.T) {
	awkward := pdfsign.Info{Name: "a) /ByteRange [0 1 2 3] >> endobj (", Reason: "\\ (", Location: "’s-Hertogenbosch"}
	out, err := pdfsign.Sign(unsigned(t), signer(t), awkward)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdfsign.Verify(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.SignerName != awkward.Name || r.Reason != awkward.Reason || r.Location != awkward.Location {
		t.Errorf("got %q, %q, %q", r.SignerName, r.Reason, r.Location)
	}
	if !strings.Contains(string(out[len(unsigned(t)):]), "/M (D:") {
		t.Error("zero Info.Time: no /M")
	}
}

func TestAppended(t *testing.T) {
	out := signed(t)
	more := append(bytes.Clone(out), "\n% appended\n"...)
	r, err := pdfsign.Verify(more)
	if err != nil {
		t.Fatal(err)
	}
	if r.CoversWholeFile {
		t.Error("CoversWholeFile = true after bytes were appended")
	}
	if !bytes.Equal(r.SignedBytes, out) {
		t.Error("SignedBytes is not the signed revision")
	}
}

func TestNotSigned(t *testing.T) {
	for name, pdf := range map[string][]byte{
		"Unsigned": unsigned(t),
		"NotAPDF":  []byte("hello"),
		"Empty":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := pdfsign.Verify(pdf); !errors.Is(err, pdfsign.ErrNotSigned) {
				t.Errorf("Verify = %v, want ErrNotSigned", err)
			}
		})
	}
}
