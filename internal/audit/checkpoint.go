package audit

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// Checkpoint stands in for the events a Prune removed: the seq and hash of the
// last pruned event (the pruned head), signed with the deployment key, so that
// Verify can start the chain from it.
type Checkpoint struct {
	Seq      int64     // seq of the pruned head; the next event has Seq+1
	Hash     string    // the pruned head's hash; the next event's PrevHash
	EventAt  time.Time // when the pruned head was recorded
	Before   time.Time // Prune's cut: the events removed were all older than this
	Pruned   int64     // how many events this prune removed
	PrunedAt time.Time // when the prune ran (the Log's clock)
	// CertSHA256 is the hex fingerprint of the certificate whose key signed.
	CertSHA256 string
	// Signature is the deployment key's signature over the canonical encoding
	// of the fields above (base64).
	Signature string
}

// checkpointVersion starts the encoding a checkpoint's signature covers.
const checkpointVersion = "casusoverleg-audit-checkpoint-v1"

// signedBytes is the canonical encoding the signature covers: netstrings of
// the version tag and every field but Signature.
func (c Checkpoint) signedBytes() []byte {
	var buf []byte
	for _, f := range [...]string{
		checkpointVersion,
		strconv.FormatInt(c.Seq, 10),
		c.Hash,
		c.EventAt.UTC().Format(time.RFC3339Nano),
		c.Before.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(c.Pruned, 10),
		c.PrunedAt.UTC().Format(time.RFC3339Nano),
		c.CertSHA256,
	} {
		buf = strconv.AppendInt(buf, int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
		buf = append(buf, ',')
	}
	return buf
}

// Option configures a Log.
type Option func(*Log)

// WithKey gives the Log the deployment's signing key and certificate
// (internal/signing, the same key that signs the minutes): Prune signs its
// checkpoint with key, Verify checks checkpoints against cert. A Log that
// only verifies may pass a nil key.
func WithKey(key crypto.Signer, cert *x509.Certificate) Option {
	return func(l *Log) { l.key, l.cert = key, cert }
}

func fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// sign sets c's CertSHA256 and Signature with key, whose certificate is cert.
func sign(c *Checkpoint, key crypto.Signer, cert *x509.Certificate) error {
	if key == nil || cert == nil {
		return fmt.Errorf("audit: checkpoint: %w", ErrNoKey)
	}
	c.CertSHA256 = fingerprint(cert)
	msg := c.signedBytes()
	var sig []byte
	var err error
	switch key.Public().(type) {
	case ed25519.PublicKey:
		sig, err = key.Sign(rand.Reader, msg, crypto.Hash(0))
	case *rsa.PublicKey, *ecdsa.PublicKey:
		digest := sha256.Sum256(msg)
		sig, err = key.Sign(rand.Reader, digest[:], crypto.SHA256)
	default:
		return fmt.Errorf("audit: checkpoint: key type %T cannot sign", key.Public())
	}
	if err != nil {
		return fmt.Errorf("audit: checkpoint: sign: %w", err)
	}
	c.Signature = base64.StdEncoding.EncodeToString(sig)
	return nil
}

// checkSignature reports whether c was signed by cert's key; a failure is a
// *BrokenError at c.Seq.
func checkSignature(c Checkpoint, cert *x509.Certificate) error {
	if cert == nil {
		return fmt.Errorf("audit: checkpoint at event %d: %w", c.Seq, ErrNoKey)
	}
	if c.CertSHA256 != fingerprint(cert) {
		return &BrokenError{Seq: c.Seq, Reason: "checkpoint was not signed with this deployment's certificate"}
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil {
		return &BrokenError{Seq: c.Seq, Reason: "checkpoint signature is not readable"}
	}
	var algo x509.SignatureAlgorithm
	switch cert.PublicKey.(type) {
	case ed25519.PublicKey:
		algo = x509.PureEd25519
	case *rsa.PublicKey:
		algo = x509.SHA256WithRSA
	case *ecdsa.PublicKey:
		algo = x509.ECDSAWithSHA256
	}
	if err := cert.CheckSignature(algo, c.signedBytes(), sig); err != nil {
		return &BrokenError{Seq: c.Seq, Reason: "checkpoint signature does not match its contents"}
	}
	return nil
}
