package pdfsign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/smallstep/pkcs7"
)

// Object identifiers of the CMS (RFC 5652), ESS (RFC 5035) and RFC 3161
// structures a PAdES baseline signature is made of.
var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStampToken       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA256WithRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
)

// Timestamper asks a time-stamping authority (RFC 3161) for a token over the
// SHA-256 digest of a signature value. TSAClient is the HTTP one.
type Timestamper interface {
	Timestamp(ctx context.Context, digest []byte) (token []byte, err error)
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue // [0] EXPLICIT, tagged by hand
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue // [0] IMPLICIT, tagged by hand
	SignerInfos      []signerInfo  `asn1:"set"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional"`
}

// essCertIDv2 is ESSCertIDv2 with the default hash algorithm (SHA-256) left out.
type essCertIDv2 struct {
	CertHash     []byte
	IssuerSerial issuerSerial
}

type issuerSerial struct {
	Issuer []asn1.RawValue // GeneralNames: one directoryName
	Serial *big.Int
}

type signingCertificateV2 struct {
	Certs []essCertIDv2
}

// cades makes a detached CMS SignedData over data as PAdES baseline asks
// (ETSI EN 319 142-1): SHA-256, signed attributes content-type,
// message-digest and signing-certificate-v2, no signing-time (the time is
// /M of the signature dictionary); with ts set, the RFC 3161 token over the
// signature value as the unsigned signature-time-stamp attribute (B-T).
func cades(ctx context.Context, data []byte, s *Signer, ts Timestamper) ([]byte, error) {
	digest := sha256.Sum256(data)
	certHash := sha256.Sum256(s.Cert.Raw)
	dirName, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: s.Cert.RawIssuer})
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	scv2, err := asn1.Marshal(signingCertificateV2{Certs: []essCertIDv2{{
		CertHash:     certHash[:],
		IssuerSerial: issuerSerial{Issuer: []asn1.RawValue{{FullBytes: dirName}}, Serial: s.Cert.SerialNumber},
	}}})
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	ct, _ := asn1.Marshal(oidData)
	md, _ := asn1.Marshal(digest[:])
	attrs, err := attributeSet([]attrValue{{oidContentType, ct}, {oidMessageDigest, md}, {oidSigningCertificateV2, scv2}})
	if err != nil {
		return nil, err
	}
	sigAlg, sig, err := signAttributes(s.Key, attrs)
	if err != nil {
		return nil, err
	}
	si := signerInfo{
		Version:            1,
		SID:                issuerAndSerial{Issuer: asn1.RawValue{FullBytes: s.Cert.RawIssuer}, Serial: s.Cert.SerialNumber},
		DigestAlgorithm:    pkix.AlgorithmIdentifier{Algorithm: oidSHA256},
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: setContents(attrs)},
		SignatureAlgorithm: sigAlg,
		Signature:          sig,
	}
	if ts != nil {
		sum := sha256.Sum256(sig)
		token, err := ts.Timestamp(ctx, sum[:])
		if err != nil {
			return nil, err
		}
		unsigned, err := attributeSet([]attrValue{{oidTimeStampToken, token}})
		if err != nil {
			return nil, err
		}
		si.UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: setContents(unsigned)}
	}
	var certs []byte
	for _, c := range append([]*x509.Certificate{s.Cert}, s.Chain...) {
		certs = append(certs, c.Raw...)
	}
	sd := signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{{Algorithm: oidSHA256}},
		EncapContentInfo: encapContentInfo{EContentType: oidData},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:      []signerInfo{si},
	}
	inner, err := asn1.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	der, err := asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	return der, nil
}

// attrValue is an attribute with its one DER-encoded value.
type attrValue struct {
	oid asn1.ObjectIdentifier
	der []byte
}

// attributeSet encodes attributes as a DER SET OF Attribute, its elements
// sorted as DER requires.
func attributeSet(values []attrValue) ([]byte, error) {
	var elems [][]byte
	for _, v := range values {
		a := attribute{Type: v.oid, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v.der}}
		b, err := asn1.Marshal(a)
		if err != nil {
			return nil, fmt.Errorf("pdfsign: %w", err)
		}
		elems = append(elems, b)
	}
	sort.Slice(elems, func(i, j int) bool { return bytes.Compare(elems[i], elems[j]) < 0 })
	set, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: bytes.Join(elems, nil)})
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	return set, nil
}

// setContents returns the contents of a DER SET (its elements), for
// re-tagging it as [0] or [1] IMPLICIT.
func setContents(set []byte) []byte {
	var rv asn1.RawValue
	if _, err := asn1.Unmarshal(set, &rv); err != nil {
		return nil
	}
	return rv.Bytes
}

// signAttributes signs the DER SET of signed attributes with key (SHA-256).
func signAttributes(key crypto.Signer, attrs []byte) (pkix.AlgorithmIdentifier, []byte, error) {
	h := sha256.Sum256(attrs)
	var alg pkix.AlgorithmIdentifier
	switch key.Public().(type) {
	case *rsa.PublicKey:
		alg = pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA, Parameters: asn1.NullRawValue}
	case *ecdsa.PublicKey:
		alg = pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}
	default:
		return alg, nil, errors.New("pdfsign: unsupported key type")
	}
	sig, err := key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return alg, nil, fmt.Errorf("pdfsign: %w", err)
	}
	return alg, sig, nil
}

// pades checks what makes a PAdES baseline signature and sets r.Level and
// r.TimestampedAt: a signing-certificate-v2 attribute that names cert (a
// signature that has one and names another certificate is invalid), and a
// timestamp token, when there is one, that verifies and covers the
// signature value.
func pades(p7 *pkcs7.PKCS7, cert *x509.Certificate, r *Result) error {
	if len(p7.Signers) != 1 {
		return errors.New("not exactly one signer")
	}
	si := p7.Signers[0]
	var scv2 signingCertificateV2
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &scv2); err != nil {
		if r.SubFilter == "ETSI.CAdES.detached" {
			return errors.New("a CAdES signature without the signing-certificate-v2 attribute")
		}
		return nil
	}
	sum := sha256.Sum256(cert.Raw)
	if len(scv2.Certs) == 0 || !bytes.Equal(scv2.Certs[0].CertHash, sum[:]) {
		return errors.New("the signing-certificate-v2 attribute names another certificate")
	}
	if r.SubFilter != "ETSI.CAdES.detached" {
		return nil
	}
	r.Level = "B-B"
	for _, a := range si.UnauthenticatedAttributes {
		if !a.Type.Equal(oidTimeStampToken) {
			continue
		}
		digest := sha256.Sum256(si.EncryptedDigest)
		ts, err := parseToken(a.Value.Bytes, digest[:])
		if err != nil {
			return fmt.Errorf("timestamp: %v", err)
		}
		if len(ts.Certificates) == 0 {
			return errors.New("timestamp: the token carries no TSA certificate to check it with")
		}
		r.Level, r.TimestampedAt = "B-T", ts.Time
	}
	return nil
}
