package pdfsign

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Info is what the signature dictionary says about the signing. Name is the
// person who signs (/Name); Time is the signing time, stored as /M (the zero
// value means now): a PAdES signature carries no CMS signing-time attribute.
// With TSA set, the signature gets an RFC 3161 timestamp (PAdES B-T); without,
// it is PAdES B-B.
type Info struct {
	Name, Reason, Location, ContactInfo string
	Time                                time.Time
	TSA                                 Timestamper
}

// FieldName is the name (/T) of the first signature field; later ones are
// "Ondertekening 2", "Ondertekening 3", ….
const FieldName = "Ondertekening"

// contentsSize is the minimum room for the DER-encoded CMS in /Contents, in
// bytes (twice as many hex digits). A signature with one RSA-2048
// certificate takes about 1.5 KiB; the room grows with the chain.
const contentsSize = 8192

// byteRangeWidth is the fixed width of the /ByteRange array text, so that
// filling in the numbers moves nothing: "[0 a b c]" padded with spaces.
const byteRangeWidth = len("[0 1234567890 1234567890 1234567890]")

// Sign is SignContext with a background context.
func Sign(pdf []byte, s *Signer, info Info) ([]byte, error) {
	return SignContext(context.Background(), pdf, s, info)
}

// SignContext returns pdf with a PAdES baseline signature (/SubFilter
// /ETSI.CAdES.detached) appended as an incremental update. The bytes of pdf
// are the unchanged start of the result. Signing a signed PDF adds a further
// signature (field "Ondertekening 2", …); the earlier ones stay valid. It
// refuses, with ErrUnsupported, PDFs with cross-reference streams or
// encryption; a failing info.TSA fails the signing (wrapping ErrTimestamp).
// ctx bounds the request to the TSA.
func SignContext(ctx context.Context, pdf []byte, s *Signer, info Info) ([]byte, error) {
	if s == nil || s.Cert == nil || s.Key == nil {
		return nil, errors.New("pdfsign: incomplete signer")
	}
	if _, err := newSigner(s.Key, []*x509.Certificate{s.Cert}); err != nil {
		return nil, errors.New("pdfsign: the certificate does not match the private key")
	}
	if info.Time.IsZero() {
		info.Time = time.Now()
	}
	d, err := openDocument(pdf)
	if err != nil {
		return nil, err
	}
	room := contentsRoom(s)
	if info.TSA != nil {
		room += tsaRoom
	}
	u, err := d.update(info, room)
	if err != nil {
		return nil, err
	}

	out := make([]byte, 0, len(pdf)+len(u.buf))
	out = append(append(out, pdf...), u.buf...)
	a := int64(u.contents)     // first byte of "<…>"
	b := a + int64(2+2*u.room) // first byte after it
	c := int64(len(out)) - b   // length of the second range
	br := fmt.Sprintf("[0 %d %d %d]", a, b, c)
	if len(br) > byteRangeWidth {
		return nil, errors.New("pdfsign: document too large")
	}
	copy(out[u.byteRange:], br+strings.Repeat(" ", byteRangeWidth-len(br)))

	signed := make([]byte, 0, a+c)
	signed = append(append(signed, out[:a]...), out[b:]...)
	der, err := cades(ctx, signed, s, info.TSA)
	if err != nil {
		return nil, err
	}
	if len(der) > u.room {
		return nil, fmt.Errorf("pdfsign: signature of %d bytes does not fit in %d", len(der), u.room)
	}
	hex.Encode(out[a+1:], der)
	return out, nil
}

// contentsRoom is the room for the CMS: the certificates plus 4 KiB for the
// signer info, at least contentsSize.
func contentsRoom(s *Signer) int {
	n := len(s.Cert.Raw) + 4096
	for _, c := range s.Chain {
		n += len(c.Raw)
	}
	return max(n, contentsSize)
}

// tsaRoom is the room added for a timestamp token with its TSA's
// certificates.
const tsaRoom = 12288

// update is the text of an incremental update with its placeholders.
type update struct {
	buf       []byte
	contents  int // offset in the whole file of the '<' of /Contents
	room      int // bytes of room in /Contents
	byteRange int // offset in the whole file of the /ByteRange array text
}

// update builds the incremental update: signature dictionary, widget, last
// page, catalog, cross-reference section and trailer.
func (d *document) update(info Info, room int) (*update, error) {
	rootRef, _ := d.trailer.get("Root")
	catalog, err := d.dictRef(rootRef, "catalog (/Root)")
	if err != nil {
		return nil, err
	}
	pagesRef, _ := catalog.get("Pages")
	pageRef, page, err := d.lastPage(pagesRef)
	if err != nil {
		return nil, err
	}
	size, _ := d.trailer.get("Size")
	if size.kind != kInt || size.num < 1 {
		return nil, errors.New("pdfsign: bad /Size in trailer")
	}
	// New objects go after /Size, or after the highest object number in use
	// should a sloppy writer have set /Size too low.
	next := size.num
	for n := range d.offsets {
		next = max(next, n+1)
	}
	sigNum, widgetNum := next, next+1

	acroForm, fields, err := d.acroForm(catalog)
	if err != nil {
		return nil, err
	}
	name, err := d.fieldName(fields)
	if err != nil {
		return nil, err
	}
	annots, err := d.annots(page)
	if err != nil {
		return nil, err
	}
	widget := fmt.Sprintf("%d 0 R", widgetNum)

	w := &writer{base: len(d.b)}
	if n := len(d.b); d.b[n-1] != '\n' && d.b[n-1] != '\r' {
		w.buf.WriteByte('\n')
	}
	u := &update{room: room}

	// The signature dictionary.
	w.begin(sigNum, 0)
	w.printf("<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange ")
	u.byteRange = w.offset()
	w.printf("%s\n/Contents ", strings.Repeat(" ", byteRangeWidth))
	u.contents = w.offset()
	w.printf("<%s>\n/M %s\n", strings.Repeat("0", 2*room), textString(pdfDate(info.Time)))
	for _, e := range []struct{ key, val string }{
		{"Name", info.Name}, {"Reason", info.Reason}, {"Location", info.Location}, {"ContactInfo", info.ContactInfo},
	} {
		if e.val != "" {
			w.printf("/%s %s\n", e.key, textString(e.val))
		}
	}
	w.printf(">>")
	w.end()

	// The signature field, merged with its invisible widget annotation.
	w.begin(widgetNum, 0)
	w.printf("<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T %s\n/V %d 0 R\n/Rect [0 0 0 0]\n/F 132\n/P %d %d R\n>>",
		textString(name), sigNum, pageRef.num, pageRef.gen)
	w.end()

	// The last page, with the widget added to its /Annots.
	w.begin(pageRef.num, pageRef.gen)
	w.dict(d.b, page, map[string]string{"Annots": "[" + strings.Join(append(annots, widget), " ") + "]"}, []string{"Annots"})
	w.end()

	// The catalog, with the field in its /AcroForm.
	af := &writer{}
	af.dict(d.b, acroForm, map[string]string{
		"Fields":   "[" + strings.Join(append(fields, widget), " ") + "]",
		"SigFlags": "3",
	}, []string{"Fields", "SigFlags"})
	w.begin(rootRef.num, rootRef.gen)
	w.dict(d.b, catalog, map[string]string{"AcroForm": af.buf.String()}, []string{"AcroForm"})
	w.end()

	// Cross-reference section and trailer.
	xref := w.offset()
	w.xref()
	w.printf("trailer\n<<\n/Size %d\n/Root %d %d R\n", widgetNum+1, rootRef.num, rootRef.gen)
	for _, k := range []string{"Info", "ID"} {
		if v, ok := d.trailer.get(k); ok {
			w.printf("/%s %s\n", k, d.b[v.start:v.end])
		}
	}
	w.printf("/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", d.startxref, xref)

	u.buf = w.buf.Bytes()
	return u, nil
}

// acroForm returns the catalog's interactive form dictionary (an empty one
// if there is none) and the references in its /Fields.
func (d *document) acroForm(catalog object) (object, []string, error) {
	v, ok := catalog.get("AcroForm")
	if !ok {
		return object{kind: kDict}, nil, nil
	}
	af, err := d.resolve(v)
	if err != nil {
		return object{}, nil, err
	}
	if af.kind != kDict {
		return object{}, nil, errors.New("pdfsign: /AcroForm is not a dictionary")
	}
	fields, err := d.refList(af, "Fields")
	return af, fields, err
}

// annots returns the source text of the items of a page's /Annots.
func (d *document) annots(page object) ([]string, error) {
	return d.refList(page, "Annots")
}

// refList returns the source text of the items of the array at key in dict,
// which may be given directly or by reference.
func (d *document) refList(dict object, key string) ([]string, error) {
	v, ok := dict.get(key)
	if !ok {
		return nil, nil
	}
	arr, err := d.resolve(v)
	if err != nil {
		return nil, err
	}
	if arr.kind == kNull {
		return nil, nil
	}
	if arr.kind != kArray {
		return nil, fmt.Errorf("pdfsign: /%s is not an array", key)
	}
	items := make([]string, len(arr.items))
	for i, it := range arr.items {
		items[i] = string(d.b[it.start:it.end])
	}
	return items, nil
}

// fieldName returns the first of FieldName, "FieldName 2", … that no field
// in fields is named (/T) already.
func (d *document) fieldName(fields []string) (string, error) {
	taken := map[string]bool{}
	for _, f := range fields {
		l := &lexer{b: []byte(f)}
		ref, err := l.object(0)
		if err != nil {
			return "", err
		}
		field, err := d.resolve(ref)
		if err != nil {
			return "", err
		}
		if t, ok := field.get("T"); ok && t.kind == kString {
			taken[decodeText(t.str)] = true
		}
	}
	name := FieldName
	for i := 2; taken[name]; i++ {
		name = FieldName + " " + strconv.Itoa(i)
	}
	return name, nil
}

// writer appends the text of an incremental update and records where each
// object starts.
type writer struct {
	buf     bytes.Buffer
	base    int             // length of the file before the update
	objects map[int64]int64 // object number → offset
	gens    map[int64]int64
}

func (w *writer) offset() int { return w.base + w.buf.Len() }

func (w *writer) printf(format string, a ...any) { fmt.Fprintf(&w.buf, format, a...) }

func (w *writer) begin(num, gen int64) {
	if w.objects == nil {
		w.objects, w.gens = map[int64]int64{}, map[int64]int64{}
	}
	w.objects[num], w.gens[num] = int64(w.offset()), gen
	w.printf("%d %d obj\n", num, gen)
}

func (w *writer) end() { w.printf("\nendobj\n") }

// dict writes dictionary o (source text in src) with the entries in set
// replaced or added, in the order given; other entries are copied as they
// are.
func (w *writer) dict(src []byte, o object, set map[string]string, order []string) {
	w.printf("<<\n")
	for i, k := range o.keys {
		if _, ok := set[string(k.str)]; ok {
			continue
		}
		v := o.items[i]
		w.printf("%s %s\n", src[k.start:k.end], src[v.start:v.end])
	}
	for _, k := range order {
		w.printf("/%s %s\n", k, set[k])
	}
	w.printf(">>")
}

// xref writes a cross-reference section with the objects written so far,
// in subsections of consecutive numbers. Each entry is exactly 20 bytes.
func (w *writer) xref() {
	nums := make([]int64, 0, len(w.objects))
	for n := range w.objects {
		nums = append(nums, n)
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
	w.printf("xref\n")
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		w.printf("%d %d\n", nums[i], j-i)
		for _, n := range nums[i:j] {
			w.printf("%010d %05d n\r\n", w.objects[n], w.gens[n])
		}
		i = j
	}
}
