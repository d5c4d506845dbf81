package pdfsign

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/smallstep/pkcs7"
)

// Errors of Verify.
var (
	// ErrNotSigned means the document has no signature at all.
	ErrNotSigned = errors.New("pdfsign: the document is not signed")
	// ErrInvalidSignature means a signature is there but does not verify:
	// the signed bytes were changed, or the signature itself is damaged.
	ErrInvalidSignature = errors.New("pdfsign: invalid signature")
)

// Result describes one verified signature.
type Result struct {
	// SignerName is the /Name of the signature dictionary, else the common
	// name of the signing certificate.
	SignerName string
	// SignedAt is the CMS signing-time attribute, else /M (PAdES signatures
	// carry only /M).
	SignedAt time.Time
	// SubFilter is the signature's /SubFilter, e.g. "ETSI.CAdES.detached".
	SubFilter string
	// Level is the PAdES baseline level: "B-T" with a valid timestamp,
	// "B-B" for ETSI.CAdES.detached with the signing-certificate-v2
	// attribute, else empty (an adbe.pkcs7.detached signature).
	Level string
	// TimestampedAt is the time of the RFC 3161 timestamp over the signature
	// value (B-T), zero without one.
	TimestampedAt time.Time
	// Certificate is the signing certificate from the CMS. Its trust is not
	// checked: compare it with the certificate you expect.
	Certificate *x509.Certificate
	// CoversWholeFile is false when bytes were appended after the signed
	// revision (for instance a later incremental update).
	CoversWholeFile bool
	// SignedBytes is the signed revision of the document, pdf[:b+c] for the
	// /ByteRange [0 a b c]: a complete PDF, every byte of which is covered by
	// the signature except the /Contents hex string at [a, b). When
	// CoversWholeFile is true it is the whole input. It shares memory with
	// the input.
	SignedBytes []byte
	// Reason and Location are those of the signature dictionary.
	Reason, Location string
	// ByteRange is the /ByteRange of the signature dictionary.
	ByteRange [4]int64
}

// Verify checks every signature in pdf and describes the last one: the one
// added last, which covers the others. It returns ErrNotSigned for a PDF
// without signatures and an error wrapping ErrInvalidSignature when any
// signature does not verify.
func Verify(pdf []byte) (Result, error) {
	rs, err := VerifyAll(pdf)
	if err != nil {
		return Result{}, err
	}
	return rs[len(rs)-1], nil
}

// VerifyAll checks every signature in pdf and describes each, in the order
// of the file (the first signature first).
func VerifyAll(pdf []byte) ([]Result, error) {
	sigs, damaged := findSignatures(pdf)
	if len(sigs) == 0 {
		for _, m := range signatureMarkers {
			if bytes.Contains(pdf, []byte(m)) {
				return nil, fmt.Errorf("%w: a signature dictionary is damaged", ErrInvalidSignature)
			}
		}
		return nil, ErrNotSigned
	}
	if damaged > 0 {
		return nil, fmt.Errorf("%w: %d signature dictionaries cannot be read", ErrInvalidSignature, damaged)
	}
	rs := make([]Result, 0, len(sigs))
	for i, sig := range sigs {
		r, err := verifyOne(pdf, sig)
		if err != nil {
			return nil, fmt.Errorf("%w (signature %d of %d)", err, i+1, len(sigs))
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// signatureMarkers are names that only a signed PDF holds. When one is
// present but no signature dictionary can be read, the signature was
// damaged rather than never there.
var signatureMarkers = []string{"/ByteRange", "/adbe.pkcs7", "/ETSI.CAdES", "/Adobe.PPKLite"}

// headerWindow is how far before a /ByteRange key its object may start.
const headerWindow = 1 << 18

// findSignatures returns the dictionaries that hold a /ByteRange, in the
// order of the file, and how many /ByteRange keys lie in objects that
// cannot be read. It reads the file text rather than the object graph, so
// that it also finds signatures in files whose later updates it cannot
// parse.
func findSignatures(b []byte) (sigs []object, damaged int) {
	seen := map[int]bool{}
	key := []byte("/ByteRange")
	for from := 0; ; {
		i := bytes.Index(b[from:], key)
		if i < 0 {
			return sigs, damaged
		}
		i += from
		from = i + len(key)
		start, ok := objectStart(b, i)
		if !ok {
			damaged++
			continue
		}
		_, _, o, err := indirect(b, start)
		if err != nil {
			damaged++
			continue
		}
		// Not found: the text lies in a string or stream of a readable object.
		if sig, ok := dictWithKeyAt(o, "ByteRange", i); ok && !seen[sig.start] {
			seen[sig.start] = true
			sigs = append(sigs, sig)
		}
	}
}

// objectStart returns the offset of the "N G obj" header of the indirect
// object that offset i lies in, looking back at most headerWindow bytes.
func objectStart(b []byte, i int) (int, bool) {
	lo := max(0, i-headerWindow)
	for j := i; j > lo; {
		k := bytes.LastIndex(b[lo:j], []byte("obj"))
		if k < 0 {
			return 0, false
		}
		k += lo
		j = k
		if k+3 < len(b) && isRegular(b[k+3]) {
			continue // "object", "objects", …
		}
		if k >= 3 && string(b[k-3:k]) == "end" {
			return 0, false // i lies after the end of an object
		}
		// Back over " G " and "N".
		p := k
		for _, class := range []func(byte) bool{isSpace, isDigit, isSpace, isDigit} {
			q := p
			for q > lo && class(b[q-1]) {
				q--
			}
			if q == p {
				p = -1
				break
			}
			p = q
		}
		if p >= 0 && (p == 0 || !isRegular(b[p-1])) {
			return p, true
		}
	}
	return 0, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// dictWithKeyAt returns the innermost dictionary within o that has key and
// spans offset at.
func dictWithKeyAt(o object, key string, at int) (object, bool) {
	if at < o.start || at >= o.end {
		return object{}, false
	}
	for _, it := range o.items {
		if d, ok := dictWithKeyAt(it, key, at); ok {
			return d, true
		}
	}
	if _, ok := o.get(key); ok {
		return o, true
	}
	return object{}, false
}

// verifyOne checks one signature dictionary.
func verifyOne(pdf []byte, sig object) (Result, error) {
	br, err := byteRange(pdf, sig)
	if err != nil {
		return Result{}, err
	}
	contents, _ := sig.get("Contents")
	der, err := cmsBytes(contents.str)
	if err != nil {
		return Result{}, err
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrInvalidSignature, err)
	}
	signed := make([]byte, 0, br[1]+br[3])
	signed = append(append(signed, pdf[:br[1]]...), pdf[br[2]:br[2]+br[3]]...)
	p7.Content = signed
	if err := p7.Verify(); err != nil {
		// Only detached signatures are verified; a changed byte can make the
		// /SubFilter look like another one, so that is no excuse.
		if sf, _ := sig.get("SubFilter"); !sf.isName("adbe.pkcs7.detached") && !sf.isName("ETSI.CAdES.detached") {
			return Result{}, fmt.Errorf("%w: %v (/SubFilter /%s is not supported)", ErrInvalidSignature, err, sf.str)
		}
		return Result{}, fmt.Errorf("%w: %v", ErrInvalidSignature, err)
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return Result{}, fmt.Errorf("%w: not exactly one signer", ErrInvalidSignature)
	}
	if err := checkIssued(cert, p7.Certificates); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrInvalidSignature, err)
	}

	r := Result{
		Certificate:     cert,
		CoversWholeFile: br[2]+br[3] == int64(len(pdf)),
		SignedBytes:     pdf[:br[2]+br[3]],
		Reason:          textValue(sig, "Reason"),
		Location:        textValue(sig, "Location"),
		ByteRange:       br,
		SignerName:      textValue(sig, "Name"),
	}
	if r.SignerName == "" {
		r.SignerName = cert.Subject.CommonName
	}
	sf, _ := sig.get("SubFilter")
	r.SubFilter = string(sf.str)
	if err := pades(p7, cert, &r); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrInvalidSignature, err)
	}
	var t time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &t); err == nil {
		r.SignedAt = t
	} else if m, ok := parsePDFDate(textValue(sig, "M")); ok {
		r.SignedAt = m
	}
	return r, nil
}

// checkIssued checks the signature on the signing certificate when its
// issuer is at hand: itself, or a certificate in the CMS. The CMS signature
// does not cover the certificate, so without this check its names could be
// edited unnoticed while the public key stays. Trust is not checked.
func checkIssued(cert *x509.Certificate, certs []*x509.Certificate) error {
	for _, p := range append([]*x509.Certificate{cert}, certs...) {
		if bytes.Equal(p.RawSubject, cert.RawIssuer) {
			if err := p.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err == nil {
				return nil
			}
		}
	}
	if bytes.Equal(cert.RawSubject, cert.RawIssuer) {
		return errors.New("the self-signed certificate's signature does not verify")
	}
	for _, p := range certs {
		if bytes.Equal(p.RawSubject, cert.RawIssuer) {
			return errors.New("the certificate's signature does not verify against its issuer")
		}
	}
	return nil // issuer not included: nothing to check against
}

// byteRange reads /ByteRange [0 a b c] and checks that it is sane: inside
// the file, and leaving out exactly the /Contents hex string.
func byteRange(pdf []byte, sig object) ([4]int64, error) {
	var br [4]int64
	v, _ := sig.get("ByteRange")
	if v.kind != kArray || len(v.items) != 4 {
		return br, fmt.Errorf("%w: /ByteRange is not an array of four numbers", ErrInvalidSignature)
	}
	for i, it := range v.items {
		if it.kind != kInt || it.num < 0 {
			return br, fmt.Errorf("%w: /ByteRange is not an array of four numbers", ErrInvalidSignature)
		}
		br[i] = it.num
	}
	n := int64(len(pdf))
	if br[0] != 0 || br[1] > n || br[2] > n || br[3] > n-br[2] {
		return br, fmt.Errorf("%w: /ByteRange %v lies outside the file", ErrInvalidSignature, br)
	}
	contents, ok := sig.get("Contents")
	if !ok || contents.kind != kString || pdf[contents.start] != '<' {
		return br, fmt.Errorf("%w: no hex string /Contents", ErrInvalidSignature)
	}
	if br[1] != int64(contents.start) || br[2] != int64(contents.end) {
		return br, fmt.Errorf("%w: /ByteRange %v does not leave out exactly /Contents", ErrInvalidSignature, br)
	}
	return br, nil
}

// cmsBytes cuts the DER CMS from the zero-padded /Contents. The padding
// must be zeros.
func cmsBytes(c []byte) ([]byte, error) {
	n, ok := derLength(c)
	if !ok {
		return nil, fmt.Errorf("%w: /Contents holds no DER-encoded CMS", ErrInvalidSignature)
	}
	if len(bytes.Trim(c[n:], "\x00")) != 0 {
		return nil, fmt.Errorf("%w: bytes after the signature in /Contents", ErrInvalidSignature)
	}
	return c[:n], nil
}

// derLength returns the length of the definite-length DER SEQUENCE at the
// start of b.
func derLength(b []byte) (int, bool) {
	if len(b) < 2 || b[0] != 0x30 {
		return 0, false
	}
	l, hdr := int(b[1]), 2
	if l&0x80 != 0 {
		k := l & 0x7f
		if k == 0 || k > 4 || len(b) < 2+k {
			return 0, false
		}
		l = 0
		for _, c := range b[2 : 2+k] {
			l = l<<8 | int(c)
		}
		hdr += k
	}
	if l < 0 || hdr+l > len(b) {
		return 0, false
	}
	return hdr + l, true
}

// textValue decodes the text string at key, or returns "".
func textValue(d object, key string) string {
	v, ok := d.get(key)
	if !ok || v.kind != kString {
		return ""
	}
	return decodeText(v.str)
}
