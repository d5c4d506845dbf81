// Package tsatest runs an RFC 3161 time-stamping authority in the test
// process (an httptest server with its own self-signed TSA certificate), so
// that signing with a timestamp (PAdES B-T) is tested without the network.
package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/digitorus/timestamp"
)

// TSA is a running test time-stamping authority.
type TSA struct {
	*httptest.Server
	// Cert is the TSA's certificate, sent along with every token.
	Cert *x509.Certificate
	key  crypto.Signer

	mu       sync.Mutex
	now      func() time.Time
	failing  bool
	requests int
}

// New starts a TSA whose tokens carry the time now() returns. Close it
// when done (t.Cleanup(tsa.Close)).
func New(now func() time.Time) (*TSA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	start := now().Add(-time.Hour)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(3161),
		Subject:               pkix.Name{CommonName: "Test TSA", Organization: []string{"Casusoverleg tests"}},
		NotBefore:             start,
		NotAfter:              start.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	t := &TSA{Cert: cert, key: key, now: now}
	t.Server = httptest.NewServer(http.HandlerFunc(t.serve))
	return t, nil
}

// Fail makes the TSA answer 503 (true) or work again (false).
func (t *TSA) Fail(failing bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failing = failing
}

// Requests is how many time-stamp queries the TSA has answered.
func (t *TSA) Requests() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.requests
}

func (t *TSA) serve(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	failing, now := t.failing, t.now()
	t.requests++
	t.mu.Unlock()
	if failing {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := timestamp.ParseRequest(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ts := timestamp.Timestamp{
		HashAlgorithm:     req.HashAlgorithm,
		HashedMessage:     req.HashedMessage,
		Time:              now.UTC(),
		Policy:            asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1},
		Nonce:             req.Nonce,
		AddTSACertificate: req.Certificates,
	}
	resp, err := ts.CreateResponseWithOpts(t.Cert, t.key, crypto.SHA256)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	_, _ = w.Write(resp)
}
