package pdfsign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Signer is a signing certificate with its private key and the certificates
// that chain it to a root (issuer first); the chain may be empty.
type Signer struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate
}

// oidExtKeyUsageDocumentSigning is id-kp-documentSigning (RFC 9336).
var oidExtKeyUsageDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// LoadSigner reads a PEM certificate file (the signing certificate, then
// optionally its chain) and a PEM private key (PKCS#8 "PRIVATE KEY", PKCS#1
// "RSA PRIVATE KEY" or SEC 1 "EC PRIVATE KEY"; not encrypted). Both may be
// the same file. The certificate whose public key matches the key is the
// signing certificate, the others form the chain.
func LoadSigner(certPath, keyPath string) (*Signer, error) {
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	s, err := ParsePEM(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%w (%s, %s)", err, certPath, keyPath)
	}
	return s, nil
}

// ParsePEM reads a signer from PEM text: the certificate (followed by its
// chain) and the private key (PKCS#8, PKCS#1 or SEC1).
func ParsePEM(certPEM, keyPEM []byte) (*Signer, error) {
	var certs []*x509.Certificate
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("pdfsign: certificate: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("pdfsign: no PEM certificate")
	}
	key, err := parseKeyPEM(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: key: %w", err)
	}
	return newSigner(key, certs)
}

// parseKeyPEM returns the first private key in a PEM file.
func parseKeyPEM(data []byte) (crypto.Signer, error) {
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, errors.New("no PEM private key")
		}
		var k any
		var err error
		switch b.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(b.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("encrypted private keys are not supported")
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		return asSigner(k)
	}
}

// asSigner accepts the key types the CMS library can sign with.
func asSigner(k any) (crypto.Signer, error) {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return nil, errors.New("Ed25519 keys are not supported for PDF signatures")
	}
	return nil, fmt.Errorf("unsupported private key type %T", k)
}

// newSigner picks the certificate that matches key; the rest is the chain.
func newSigner(key crypto.Signer, certs []*x509.Certificate) (*Signer, error) {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	pub, ok := key.Public().(equaler)
	if !ok {
		return nil, errors.New("pdfsign: unsupported public key")
	}
	for i, c := range certs {
		if pub.Equal(c.PublicKey) {
			chain := append(append([]*x509.Certificate{}, certs[:i]...), certs[i+1:]...)
			return &Signer{Cert: c, Key: key, Chain: chain}, nil
		}
	}
	return nil, errors.New("pdfsign: no certificate matches the private key")
}

// LoadPKCS12 reads a PKCS#12 (.p12, .pfx) file with a private key, its
// certificate and optionally the chain.
func LoadPKCS12(path, password string) (*Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	k, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %s: %w", path, err)
	}
	key, err := asSigner(k)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %s: %w", path, err)
	}
	return newSigner(key, append([]*x509.Certificate{cert}, chain...))
}

// SelfSigned makes an RSA-2048 key and a self-signed certificate for org,
// valid for five years from now: CN "<org> — Casusoverleg", O org, key usage
// digital signature and non-repudiation, extended key usage document signing
// (RFC 9336) and e-mail protection, for readers that do not know the former.
func SelfSigned(org string, now time.Time) (*Signer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	now = now.UTC().Truncate(time.Second)
	subject := pkix.Name{CommonName: org + " — Casusoverleg", Organization: []string{org}}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		Issuer:                subject,
		NotBefore:             now,
		NotAfter:              now.AddDate(5, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidExtKeyUsageDocumentSigning},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	return &Signer{Cert: cert, Key: key}, nil
}

// WritePEM writes the certificate and its chain to certPath (mode 0644) and
// the private key as PKCS#8 to keyPath (mode 0600).
func (s *Signer) WritePEM(certPath, keyPath string) error {
	certPEM, keyPEM, err := s.PEM()
	if err != nil {
		return err
	}
	if err := writeFile(keyPath, keyPEM, 0o600); err != nil {
		return err
	}
	return writeFile(certPath, certPEM, 0o644)
}

// PEM returns the certificate with its chain and the PKCS#8 private key as PEM text.
func (s *Signer) PEM() (certPEM, keyPEM []byte, err error) {
	if s == nil || s.Cert == nil || s.Key == nil {
		return nil, nil, errors.New("pdfsign: incomplete signer")
	}
	for _, c := range append([]*x509.Certificate{s.Cert}, s.Chain...) {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	der, err := x509.MarshalPKCS8PrivateKey(s.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("pdfsign: %w", err)
	}
	return certPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// writeFile writes data to path and sets its mode, also when the file
// already existed with another one.
func writeFile(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return fmt.Errorf("pdfsign: %w", err)
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("pdfsign: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("pdfsign: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("pdfsign: %w", err)
	}
	return nil
}
