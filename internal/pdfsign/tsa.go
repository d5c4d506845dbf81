package pdfsign

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// ErrTimestamp means the time-stamping authority gave no usable token; the
// document is then not signed.
var ErrTimestamp = errors.New("pdfsign: the time-stamping authority gave no timestamp")

// TSAClient asks an RFC 3161 time-stamping authority over HTTP.
type TSAClient struct {
	// URL is the TSA's address, e.g. https://freetsa.org/tsr.
	URL string
	// HTTP is the client to use; nil means one with a 15-second timeout.
	HTTP *http.Client
}

// Timestamp sends a time-stamp query (SHA-256, with the TSA's certificate
// asked for) and returns the token of a granted response whose message
// imprint is digest. Every failure wraps ErrTimestamp and names the TSA.
func (c *TSAClient) Timestamp(ctx context.Context, digest []byte) ([]byte, error) {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrTimestamp, c.URL, fmt.Sprintf(format, a...))
	}
	req := timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest, Certificates: true}
	body, err := req.Marshal()
	if err != nil {
		return nil, fail("%v", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fail("%v", err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	client := c.HTTP
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, fail("%v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fail("HTTP status %d", resp.StatusCode)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fail("%v", err)
	}
	ts, err := timestamp.ParseResponse(raw)
	if err != nil {
		return nil, fail("%v", err)
	}
	if ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest) {
		return nil, fail("the token is not over the signature")
	}
	return ts.RawToken, nil
}

// parseToken reads a timestamp token and checks that it covers digest.
func parseToken(token, digest []byte) (*timestamp.Timestamp, error) {
	ts, err := timestamp.Parse(token)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(ts.HashedMessage, digest) {
		return nil, errors.New("the timestamp is not over this signature")
	}
	return ts, nil
}
