// Package pdfsign signs PDF documents with a PAdES baseline signature and
// verifies such signatures.
//
// Sign appends an incremental update to a PDF: a signature dictionary
// (/Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached) whose /ByteRange
// covers the whole file except its own /Contents hex string, an invisible
// signature field on the last page, the catalog with an /AcroForm that lists
// the field (/SigFlags 3), a cross-reference section for those objects only
// and a trailer pointing back (/Prev) at the previous one. The bytes of the
// original revision are not changed, so earlier signatures stay valid and a
// second Sign adds a second signature.
//
// Verify (the last signature) and VerifyAll (each) find the signatures
// again, check their byte ranges and verify each CMS SignedData over the
// covered bytes. They do not judge trust: compare Result.Certificate with
// the certificate you expect, and treat CoversWholeFile == false as "changed
// after signing".
//
// The CMS is PAdES baseline (ETSI EN 319 142-1): signed attributes
// content-type, message-digest and signing-certificate-v2, no signing-time
// (the signing time is /M), the certificate chain embedded (B-B); with a
// Timestamper, an RFC 3161 token over the signature value as an unsigned
// attribute (B-T). Verify reports the level and the timestamp's time.
//
// The package reads just enough of a PDF to do this: the classic
// cross-reference tables and trailers (cross-reference streams and compressed
// object streams are refused with ErrUnsupported), the catalog, the page tree
// and the last page. It does not use a PDF library; the CMS is made with
// encoding/asn1 (cades.go) and checked by github.com/smallstep/pkcs7; the
// timestamp query and token are github.com/digitorus/timestamp's.
package pdfsign
