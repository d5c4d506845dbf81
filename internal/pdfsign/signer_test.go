package pdfsign_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"casusoverleg/internal/pdfsign"
)

func TestSelfSigned(t *testing.T) {
	s := signer(t)
	c := s.Cert
	if c.Subject.CommonName != org+" — Casusoverleg" || !slices.Equal(c.Subject.Organization, []string{org}) {
		t.Errorf("subject = %s", c.Subject)
	}
	if c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment {
		t.Errorf("KeyUsage = %b", c.KeyUsage)
	}
	docSigning := asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}
	if !slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageEmailProtection) ||
		!slices.ContainsFunc(c.UnknownExtKeyUsage, docSigning.Equal) {
		t.Errorf("ExtKeyUsage = %v, %v", c.ExtKeyUsage, c.UnknownExtKeyUsage)
	}
	if got := c.NotAfter.Sub(c.NotBefore); got < 5*365*24*time.Hour || got > 5*367*24*time.Hour {
		t.Errorf("valid for %v, want 5 years", got)
	}
	if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
		t.Errorf("not self-signed: %v", err)
	}
	if _, ok := s.Key.(*rsa.PrivateKey); !ok {
		t.Errorf("key is %T, want RSA", s.Key)
	}
}

func TestWritePEMLoadSigner(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	s := signer(t)
	// An existing key file with loose permissions is tightened.
	if err := os.WriteFile(keyPath, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.WritePEM(certPath, keyPath); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	got, err := pdfsign.LoadSigner(certPath, keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Cert.Equal(s.Cert) || !got.Key.(*rsa.PrivateKey).Equal(s.Key) || len(got.Chain) != 0 {
		t.Error("loaded signer differs from the written one")
	}
	signVerify(t, got)
}

// TestLoadSignerFormats loads keys in each PEM encoding, certificate files
// with a chain in either order, and a combined file.
func TestLoadSignerFormats(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca, caKey := issue(t, "Test CA", nil, nil, true)
	rsaLeaf, _ := issue(t, "RSA-ondertekenaar", rsaKey, &issuer{ca, caKey}, false)
	ecLeaf, _ := issue(t, "EC-ondertekenaar", ecKey, &issuer{ca, caKey}, false)

	pkcs1 := pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey))
	sec1, _ := x509.MarshalECPrivateKey(ecKey)
	p8rsa, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	p8ec, _ := x509.MarshalPKCS8PrivateKey(ecKey)

	for _, tc := range []struct {
		name      string
		cert, key string
		leaf      *x509.Certificate
	}{
		{"PKCS1", pemCert(rsaLeaf, ca), pkcs1, rsaLeaf},
		{"PKCS8RSA", pemCert(rsaLeaf), pemBlock("PRIVATE KEY", p8rsa), rsaLeaf},
		{"SEC1", pemCert(ecLeaf, ca), pemBlock("EC PRIVATE KEY", sec1), ecLeaf},
		{"PKCS8EC", pemCert(ecLeaf), pemBlock("PRIVATE KEY", p8ec), ecLeaf},
		{"ChainFirst", pemCert(ca, rsaLeaf), pkcs1, rsaLeaf},
		{"OneFile", pkcs1 + pemCert(rsaLeaf, ca), "", rsaLeaf},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
			writeFile(t, certPath, tc.cert)
			if tc.key == "" {
				keyPath = certPath
			} else {
				writeFile(t, keyPath, tc.key)
			}
			s, err := pdfsign.LoadSigner(certPath, keyPath)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Cert.Equal(tc.leaf) {
				t.Errorf("Cert = %s, want %s", s.Cert.Subject, tc.leaf.Subject)
			}
			wantChain := strings.Count(tc.cert, "CERTIFICATE-----") / 2
			if len(s.Chain) != wantChain-1 {
				t.Errorf("chain has %d certificates, want %d", len(s.Chain), wantChain-1)
			}
			r := signVerify(t, s)
			if !r.Certificate.Equal(tc.leaf) {
				t.Errorf("verified certificate = %s", r.Certificate.Subject)
			}
		})
	}

	t.Run("Errors", func(t *testing.T) {
		dir := t.TempDir()
		files := map[string]string{
			"cert.pem":      pemCert(rsaLeaf),
			"ec.pem":        pemBlock("EC PRIVATE KEY", sec1),
			"encrypted.pem": pemBlock("ENCRYPTED PRIVATE KEY", []byte{1, 2, 3}),
			"empty.pem":     "",
		}
		for name, content := range files {
			writeFile(t, filepath.Join(dir, name), content)
		}
		for _, tc := range []struct{ name, cert, key string }{
			{"KeyMismatch", "cert.pem", "ec.pem"},
			{"Encrypted", "cert.pem", "encrypted.pem"},
			{"NoKey", "cert.pem", "empty.pem"},
			{"NoCert", "empty.pem", "ec.pem"},
			{"Missing", "nothere.pem", "ec.pem"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := pdfsign.LoadSigner(filepath.Join(dir, tc.cert), filepath.Join(dir, tc.key)); err == nil {
					t.Error("LoadSigner succeeded")
				}
			})
		}
	})
}

func TestLoadPKCS12(t *testing.T) {
	ca, caKey := issue(t, "Test CA", nil, nil, true)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := issue(t, "Voorzitter", key, &issuer{ca, caKey}, false)

	t.Run("OK", func(t *testing.T) {
		p12, err := pkcs12.Modern.Encode(key, leaf, []*x509.Certificate{ca}, "geheim")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "signer.p12")
		writeFile(t, path, string(p12))
		s, err := pdfsign.LoadPKCS12(path, "geheim")
		if err != nil {
			t.Fatal(err)
		}
		if !s.Cert.Equal(leaf) || len(s.Chain) != 1 || !s.Chain[0].Equal(ca) {
			t.Errorf("Cert %s, chain of %d", s.Cert.Subject, len(s.Chain))
		}
		signVerify(t, s)

		if _, err := pdfsign.LoadPKCS12(path, "fout"); err == nil {
			t.Error("LoadPKCS12 with a wrong password succeeded")
		}
	})

	// OpenSSL 3 writes PBES2/AES-256 by default, as other tools will.
	t.Run("OpenSSL", func(t *testing.T) {
		openssl, err := exec.LookPath("openssl")
		if err != nil {
			t.Skip("openssl is not installed")
		}
		dir := t.TempDir()
		p8, _ := x509.MarshalPKCS8PrivateKey(key)
		writeFile(t, filepath.Join(dir, "key.pem"), pemBlock("PRIVATE KEY", p8))
		writeFile(t, filepath.Join(dir, "cert.pem"), pemCert(leaf))
		writeFile(t, filepath.Join(dir, "ca.pem"), pemCert(ca))
		cmd := exec.Command(openssl, "pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem",
			"-certfile", "ca.pem", "-out", "signer.pfx", "-passout", "pass:geheim")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl: %v\n%s", err, out)
		}
		s, err := pdfsign.LoadPKCS12(filepath.Join(dir, "signer.pfx"), "geheim")
		if err != nil {
			t.Fatal(err)
		}
		if !s.Cert.Equal(leaf) || len(s.Chain) != 1 {
			t.Errorf("Cert %s, chain of %d", s.Cert.Subject, len(s.Chain))
		}
	})
}

// signVerify signs the test document with s and checks the result with
// Verify and, where installed, pdfsig.
func signVerify(t *testing.T, s *pdfsign.Signer) pdfsign.Result {
	t.Helper()
	out, err := pdfsign.Sign(unsigned(t), s, info)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdfsign.Verify(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdfsig"); err == nil {
		if got := pdfsig(t, out); !strings.Contains(got, "Signature Validation: Signature is Valid.") {
			t.Errorf("pdfsig:\n%s", got)
		}
	}
	return r
}

type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// issue makes a certificate for key (a new P-256 key when nil), signed by
// parent or self-signed.
func issue(t *testing.T, cn string, key crypto.Signer, parent *issuer, isCA bool) (*x509.Certificate, crypto.Signer) {
	t.Helper()
	if key == nil {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
		IsCA:                  isCA,
	}
	if isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
		tmpl.ExtKeyUsage = nil
	}
	parentCert, parentKey := tmpl, key
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

func pemBlock(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func pemCert(certs ...*x509.Certificate) string {
	var s string
	for _, c := range certs {
		s += pemBlock("CERTIFICATE", c.Raw)
	}
	return s
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
