package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// ErrUnsupported is returned by Sign for a PDF this package cannot update:
// cross-reference streams, objects in object streams, encryption.
var ErrUnsupported = errors.New("pdfsign: unsupported PDF")

// document is what Sign needs to know of an existing PDF.
type document struct {
	b         []byte
	startxref int64           // offset of the newest cross-reference section
	trailer   object          // the newest trailer dictionary
	offsets   map[int64]int64 // object number → offset of objects in use
	gens      map[int64]int64 // object number → generation
}

// openDocument reads the cross-reference sections of b, newest first.
func openDocument(b []byte) (*document, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return nil, errors.New("pdfsign: not a PDF (no %PDF- header)")
	}
	sx, err := lastStartxref(b)
	if err != nil {
		return nil, err
	}
	d := &document{b: b, startxref: sx, offsets: map[int64]int64{}, gens: map[int64]int64{}}
	seen := map[int64]bool{}
	deleted := map[int64]bool{}
	for off, first := sx, true; ; first = false {
		if seen[off] {
			return nil, errors.New("pdfsign: cross-reference sections form a loop (/Prev)")
		}
		seen[off] = true
		trailer, err := d.section(off, deleted)
		if err != nil {
			return nil, err
		}
		if first {
			d.trailer = trailer
		}
		prev, ok := trailer.get("Prev")
		if !ok {
			break
		}
		if prev.kind != kInt || prev.num < 0 {
			return nil, errors.New("pdfsign: bad /Prev in trailer")
		}
		off = prev.num
	}
	if _, ok := d.trailer.get("Encrypt"); ok {
		return nil, fmt.Errorf("%w: the document is encrypted", ErrUnsupported)
	}
	return d, nil
}

// lastStartxref returns the offset after the last "startxref" keyword.
func lastStartxref(b []byte) (int64, error) {
	tail := b[max(0, len(b)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, errors.New("pdfsign: no startxref at the end of the file")
	}
	l := &lexer{b: tail, pos: i + len("startxref")}
	n, err := l.int()
	if err != nil || n < 0 || n >= int64(len(b)) {
		return 0, errors.New("pdfsign: bad startxref offset")
	}
	return n, nil
}

// section reads the classic cross-reference table at off and its trailer.
// Entries already known from a newer section win; free entries hide older
// ones.
func (d *document) section(off int64, deleted map[int64]bool) (object, error) {
	if off < 0 || off >= int64(len(d.b)) {
		return object{}, fmt.Errorf("pdfsign: cross-reference offset %d outside the file", off)
	}
	l := &lexer{b: d.b, pos: int(off)}
	save := l.pos
	if w := l.word(); string(w) != "xref" {
		l.pos = save
		if _, _, o, err := indirect(d.b, int(off)); err == nil {
			if t, _ := o.get("Type"); t.isName("XRef") {
				return object{}, fmt.Errorf("%w: cross-reference streams (PDF 1.5) are not supported", ErrUnsupported)
			}
		}
		return object{}, fmt.Errorf("pdfsign: no cross-reference table at offset %d", off)
	}
	for {
		save := l.pos
		w := l.word()
		if string(w) == "trailer" {
			break
		}
		first, err := strconv.ParseInt(string(w), 10, 64)
		if err != nil || first < 0 {
			l.pos = save
			return object{}, l.errorf("bad cross-reference subsection")
		}
		count, err := l.int()
		if err != nil || count < 0 || count > int64(len(d.b)/18) {
			return object{}, l.errorf("bad cross-reference subsection count")
		}
		for i := int64(0); i < count; i++ {
			o, err := l.int()
			if err != nil {
				return object{}, err
			}
			g, err := l.int()
			if err != nil {
				return object{}, err
			}
			typ := string(l.word())
			num := first + i
			if _, known := d.offsets[num]; known || deleted[num] {
				continue
			}
			switch typ {
			case "n":
				d.offsets[num] = o
				d.gens[num] = g
			case "f":
				deleted[num] = true
			default:
				return object{}, l.errorf("bad cross-reference entry type %q", truncate([]byte(typ)))
			}
		}
	}
	t, err := l.object(0)
	if err != nil {
		return object{}, err
	}
	if t.kind != kDict {
		return object{}, errors.New("pdfsign: trailer is not a dictionary")
	}
	return t, nil
}

// resolve follows a reference; other objects are returned as they are.
func (d *document) resolve(o object) (object, error) {
	if o.kind != kRef {
		return o, nil
	}
	off, ok := d.offsets[o.num]
	if !ok || d.gens[o.num] != o.gen {
		if _, ok := d.trailer.get("XRefStm"); ok {
			return object{}, fmt.Errorf("%w: object %d is in an object stream", ErrUnsupported, o.num)
		}
		return object{}, fmt.Errorf("pdfsign: object %d %d not found", o.num, o.gen)
	}
	num, gen, v, err := indirect(d.b, int(off))
	if err != nil {
		return object{}, err
	}
	if num != o.num || gen != o.gen {
		return object{}, fmt.Errorf("pdfsign: cross-reference entry for object %d points at object %d", o.num, num)
	}
	return v, nil
}

// dictRef resolves ref, which must be a reference to a dictionary.
func (d *document) dictRef(ref object, what string) (object, error) {
	if ref.kind != kRef {
		return object{}, fmt.Errorf("pdfsign: %s is not an indirect object", what)
	}
	o, err := d.resolve(ref)
	if err != nil {
		return object{}, err
	}
	if o.kind != kDict {
		return object{}, fmt.Errorf("pdfsign: %s is not a dictionary", what)
	}
	return o, nil
}

// lastPage walks the page tree from the root /Pages node down its last kids
// and returns the reference and dictionary of the last page.
func (d *document) lastPage(pages object) (object, object, error) {
	ref := pages
	for depth := 0; depth < maxDepth; depth++ {
		node, err := d.dictRef(ref, "page tree node")
		if err != nil {
			return object{}, object{}, err
		}
		typ, _ := node.get("Type")
		if typ.isName("Page") {
			return ref, node, nil
		}
		kv, _ := node.get("Kids")
		kids, err := d.resolve(kv)
		if err != nil {
			return object{}, object{}, err
		}
		if kids.kind != kArray || len(kids.items) == 0 {
			return object{}, object{}, errors.New("pdfsign: the document has no pages")
		}
		ref = kids.items[len(kids.items)-1]
	}
	return object{}, object{}, errors.New("pdfsign: page tree too deep")
}
