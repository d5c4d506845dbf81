package pdfdoc

import (
	"strconv"
	"strings"
)

// Type scale: sizes in points, line heights in millimetres.
const (
	sizeBody   = 10.0
	leadBody   = 5.0
	sizeSmall  = 8.5
	leadSmall  = 4.2
	sizeTable  = 8.5
	leadTable  = 4.2
	padTable   = 1.6 // vertical padding inside table cells
	padX       = 1.3 // horizontal padding inside table cells
	sizeH1     = 13.0
	sizeH2     = 10.5
	sizeTitle  = 20.0
	sizeSubtit = 13.0
)

// Pair is one line of a key/value block. A redacted pair prints its key and
// the word "afgeschermd"; its Value is never printed. A pair with a List
// prints the list's entries as bulleted lines with hanging indentation
// instead of Value.
type Pair struct {
	Key, Value string
	Redacted   bool
	List       []string
}

// Cell is one table cell. A redacted cell prints "afgeschermd" in the
// redacted style; its Text is never printed.
type Cell struct {
	Text     string
	Bold     bool
	Redacted bool
	// Muted prints the text in grey, e.g. for people who were absent.
	Muted bool
}

// Column is one table column: its header, its width and whether its cells
// are right-aligned (numbers). Widths are weights: they are scaled to fill
// the available width, so millimetres adding up to 170 are used as they are.
// A column without a width gets the average width of the others.
type Column struct {
	Header string
	Width  float64
	Right  bool
}

// Texts turns strings into plain cells, for building table rows.
func Texts(s ...string) []Cell {
	cells := make([]Cell, len(s))
	for i, t := range s {
		cells[i] = Cell{Text: t}
	}
	return cells
}

// left is the x of block content, width its available width.
func (d *Doc) left() float64  { return margin + d.indent }
func (d *Doc) width() float64 { return contentWidth - d.indent }

// need starts a new page unless h millimetres fit above the footer.
// It reports whether it did.
func (d *Doc) need(h float64) bool {
	if d.pdf.GetY()+h <= bodyBottom {
		return false
	}
	d.pdf.AddPage()
	return true
}

// atTop reports whether nothing has been written yet on this page.
func (d *Doc) atTop() bool { return d.pdf.GetY() <= bodyTop+0.01 }

// Space adds vertical space (mm), unless at the top of a page.
func (d *Doc) Space(h float64) {
	if d.atTop() {
		return
	}
	if d.pdf.GetY()+h > bodyBottom {
		d.pdf.AddPage()
		return
	}
	d.pdf.SetY(d.pdf.GetY() + h)
}

// EnsureSpace starts a new page unless h millimetres are left on this one;
// use it to keep a block together.
func (d *Doc) EnsureSpace(h float64) { d.need(h) }

// split wraps text to width w in the current font. It always returns at
// least one line.
func (d *Doc) split(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(clean(text), "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.pdf.SplitText(para, w)...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// lines draws wrapped lines at x, breaking pages between lines.
func (d *Doc) lines(x, w, lead float64, ls []string, align string) {
	p := d.pdf
	for _, l := range ls {
		if d.need(lead) {
			d.restoreFont()
		}
		p.SetX(x)
		p.CellFormat(w, lead, l, "", 2, align, false, 0, "")
	}
}

// The running header changes the font; these remember what to go back to.
type fontState struct {
	style string
	size  float64
	col   rgb
}

var bodyFont = fontState{"", sizeBody, colText}

func (d *Doc) setFont(f fontState) {
	d.cur = f
	d.font(f.style, f.size, f.col)
}

func (d *Doc) restoreFont() { d.font(d.cur.style, d.cur.size, d.cur.col) }

// Heading starts a section: a bold, coloured title with a rule under it,
// kept on the same page as at least a few lines of what follows.
func (d *Doc) Heading(text string) { d.headingKeep(text, 3*leadBody) }

// headingKeep writes a heading and keeps it on one page with the next
// millimetres of what follows, so that it never stands alone at the foot.
func (d *Doc) headingKeep(text string, next float64) {
	d.Space(5)
	d.need(8 + next)
	d.setFont(fontState{"B", sizeH1, colAccent})
	p := d.pdf
	ls := d.split(text, d.width())
	d.lines(d.left(), d.width(), 6, ls, "L")
	y := p.GetY() + 1
	p.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
	p.SetLineWidth(0.4)
	p.Line(d.left(), y, d.left()+d.width(), y)
	p.SetY(y + 3)
	d.setFont(bodyFont)
}

// Subheading starts a subsection: a bold title in body colour.
func (d *Doc) Subheading(text string) {
	d.Space(2.5)
	d.need(5.5 + 2*leadBody)
	d.setFont(fontState{"B", sizeH2, colText})
	d.lines(d.left(), d.width(), 5.5, d.split(text, d.width()), "L")
	d.pdf.SetY(d.pdf.GetY() + 1)
	d.setFont(bodyFont)
}

// Paragraph writes wrapped body text followed by a little space. Line breaks
// in text start new lines; an empty line leaves a blank line.
func (d *Doc) Paragraph(text string) {
	d.setFont(bodyFont)
	d.lines(d.left(), d.width(), leadBody, d.split(text, d.width()), "L")
	d.pdf.SetY(d.pdf.GetY() + 2)
}

// Note writes small grey text, for remarks and explanations.
func (d *Doc) Note(text string) {
	d.setFont(fontState{"", sizeSmall, colMuted})
	d.lines(d.left(), d.width(), leadSmall, d.split(text, d.width()), "L")
	d.pdf.SetY(d.pdf.GetY() + 1.5)
	d.setFont(bodyFont)
}

// Redacted writes the word "afgeschermd" in the redacted style (grey italic)
// as a line of its own.
func (d *Doc) Redacted() {
	d.setFont(fontState{"I", sizeBody, colRedacts})
	d.lines(d.left(), d.width(), leadBody, []string{d.tr(RedactedText)}, "L")
	d.setFont(bodyFont)
}

// KeyValue writes pairs as two aligned columns: keys in grey, values wrapped
// in the second column. The key column is as wide as the widest key (at
// most a third of the width).
func (d *Doc) KeyValue(pairs []Pair) {
	if len(pairs) == 0 {
		return
	}
	p := d.pdf
	keyW, valW := d.keyValueWidths(pairs)
	for _, kv := range pairs {
		d.setFont(bodyFont)
		var vals []string
		val := fontState{"", sizeBody, colText}
		switch {
		case kv.Redacted:
			vals, val = []string{d.tr(RedactedText)}, fontState{"I", sizeBody, colRedacts}
		case len(kv.List) > 0:
			vals = d.listLines(kv.List, valW)
		default:
			vals = d.split(kv.Value, valW)
		}
		d.setFont(fontState{"", sizeBody, colMuted})
		keys := d.split(kv.Key, keyW-3)
		// Keep short values together with their key.
		d.need(float64(min(max(len(vals), len(keys)), 3)) * leadBody)
		y := p.GetY()
		d.lines(d.left(), keyW, leadBody, keys, "L")
		yKeys, pageKeys := p.GetY(), p.PageNo()
		p.SetY(y)
		d.setFont(val)
		if len(kv.List) > 0 && !kv.Redacted {
			d.listValue(d.left()+keyW, valW, kv.List)
		} else {
			d.lines(d.left()+keyW, valW, leadBody, vals, "L")
		}
		if p.PageNo() == pageKeys {
			p.SetY(max(p.GetY(), yKeys))
		}
		p.SetY(p.GetY() + 0.8)
	}
	p.SetY(p.GetY() + 1.5)
	d.setFont(bodyFont)
}

// keyValueWidths returns the widths of the key and value columns.
func (d *Doc) keyValueWidths(pairs []Pair) (keyW, valW float64) {
	d.font("", sizeBody, colMuted)
	for _, kv := range pairs {
		keyW = max(keyW, d.pdf.GetStringWidth(clean(kv.Key)))
	}
	keyW = min(keyW+5, d.width()/3)
	return keyW, d.width() - keyW
}

// keyValueHeight is the height KeyValue(pairs) takes when it has no page break.
func (d *Doc) keyValueHeight(pairs []Pair) float64 {
	if len(pairs) == 0 {
		return 0
	}
	keyW, valW := d.keyValueWidths(pairs)
	h := 1.5
	for _, kv := range pairs {
		n := 1
		if !kv.Redacted {
			d.font("", sizeBody, colText)
			n = len(d.split(kv.Value, valW))
			if len(kv.List) > 0 {
				n = len(d.listLines(kv.List, valW))
			}
		}
		d.font("", sizeBody, colMuted)
		n = max(n, len(d.split(kv.Key, keyW-3)))
		h += float64(n)*leadBody + 0.8
	}
	d.restoreFont()
	return h
}

// numberedListHeight is the height NumberedList(items) takes when it has no page break.
func (d *Doc) numberedListHeight(items []string) float64 {
	return d.listHeight(items, bodyFont, leadBody, 0.8)
}

// listHeight is the height numberedList(items, f, lead, gap) takes.
func (d *Doc) listHeight(items []string, f fontState, lead, gap float64) float64 {
	d.font(f.style, f.size, f.col)
	h := 1.0
	for _, it := range items {
		h += float64(len(d.split(it, d.width()-numW)))*lead + gap
	}
	d.restoreFont()
	return h
}

// numW is the width of the number column of a numbered list.
const numW = 8.0

// NumberedList writes items as a numbered list with hanging indentation.
func (d *Doc) NumberedList(items []string) { d.numberedList(items, bodyFont, leadBody, 0.8) }

// numberedList writes items as a numbered list in font f, with line height
// lead and gap between the items.
func (d *Doc) numberedList(items []string, f fontState, lead, gap float64) {
	p := d.pdf
	d.setFont(f)
	for i, it := range items {
		ls := d.split(it, d.width()-numW)
		d.need(float64(min(len(ls), 2)) * lead)
		p.SetX(d.left())
		d.font("", f.size, colMuted)
		p.CellFormat(numW-2.5, lead, strconv.Itoa(i+1)+".", "", 0, "R", false, 0, "")
		d.restoreFont()
		d.lines(d.left()+numW, d.width()-numW, lead, ls, "L")
		p.SetY(p.GetY() + gap)
	}
	p.SetY(p.GetY() + 1)
}

// bulletW is the width of the bullet column of a list value.
const bulletW = 4.0

// listLines wraps the entries of a list value: all their lines, in order.
func (d *Doc) listLines(list []string, w float64) []string {
	var out []string
	for _, it := range list {
		out = append(out, d.split(it, w-bulletW)...)
	}
	return out
}

// listValue writes a list value at x: a bullet, then the entry's lines with
// hanging indentation, an entry kept together when it is short.
func (d *Doc) listValue(x, w float64, list []string) {
	p := d.pdf
	for _, it := range list {
		ls := d.split(it, w-bulletW)
		if d.need(float64(min(len(ls), 2)) * leadBody) {
			d.restoreFont()
		}
		p.SetX(x)
		p.CellFormat(bulletW, leadBody, "•", "", 0, "L", false, 0, "")
		d.lines(x+bulletW, w-bulletW, leadBody, ls, "L")
	}
}

// Notice writes text in a shaded box with a coloured bar on its left, for
// what the reader must not miss (e.g. that a copy is redacted). The box is
// kept on one page.
func (d *Doc) Notice(text string) {
	const pad, bar = 3.0, 1.2
	p := d.pdf
	d.setFont(fontState{"", sizeBody, colText})
	w := d.width() - 2*pad - bar
	ls := d.split(text, w)
	h := float64(len(ls))*leadBody + 2*pad
	d.Space(2)
	d.need(h)
	y := p.GetY()
	p.SetFillColor(colFill.r, colFill.g, colFill.b)
	p.Rect(d.left(), y, d.width(), h, "F")
	p.SetFillColor(colAccent.r, colAccent.g, colAccent.b)
	p.Rect(d.left(), y, bar, h, "F")
	p.SetY(y + pad)
	d.lines(d.left()+bar+pad, w, leadBody, ls, "L")
	p.SetY(y + h + 4)
	d.setFont(bodyFont)
}
