package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"casusoverleg/templates/fonts"
)

// Classification is printed in the footer of every page.
const Classification = "Vertrouwelijk — bevat persoonsgegevens (AVG art. 9/10)"

// RedactedText is what a redacted value prints instead of its content.
const RedactedText = "afgeschermd"

// Page geometry in millimetres (A4 portrait).
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	margin       = 20.0
	contentWidth = pageWidth - 2*margin
	headerY      = 12.0 // top of the running header, inside the top margin
	bodyTop      = 24.0 // first line of content under the header rule
	footerY      = pageHeight - 14.0
	bodyBottom   = footerY - 6.0 // page break trigger
)

const family = "DejaVu"

// Colours (RGB).
var (
	colText    = rgb{33, 37, 41}
	colMuted   = rgb{100, 106, 112}
	colRule    = rgb{190, 195, 200}
	colFill    = rgb{236, 239, 242}
	colAccent  = rgb{21, 66, 115}
	colRedacts = rgb{128, 128, 128}
	colMark    = rgb{164, 22, 26}
)

type rgb struct{ r, g, b int }

// Meta describes a document: what the header and the PDF metadata show.
type Meta struct {
	// Site is printed left in the running header, e.g. "Zorg- en Veiligheidshuis Brabant Noordoost".
	Site string
	// Title is the document title: printed right in the running header and
	// stored as PDF metadata.
	Title   string
	Author  string
	Subject string
	// Classification replaces the footer's default (Classification) when set.
	Classification string
	// Lang is the language of the document's own texts: "en" for English,
	// anything else for Dutch.
	Lang string
	// Mark, when set, is printed in bold red in the middle of the running
	// header of every page, e.g. "CONCEPT" for an agenda not yet published.
	Mark string
	// Created is stored as CreationDate and ModDate; the zero value means now.
	// Golden tests set it so that the output is byte for byte reproducible.
	Created time.Time
}

// Doc builds one PDF document. Create it with New, add content, then call
// Write once. Methods do nothing after an error; Write reports it.
type Doc struct {
	pdf  *gofpdf.Fpdf
	meta Meta
	// indent shifts block content right of the left margin (mm).
	indent float64
	// cur is the block font, restored after the running header on a new page.
	cur fontState
}

// New starts an A4 portrait document with 20 mm side margins, the DejaVu
// fonts, a running header (site left, title right, thin rule) and a footer
// (classification, "Pagina N van M") on every page, and opens the first page.
func New(m Meta) (*Doc, error) {
	pdf, err := newPDF()
	if err != nil {
		return nil, err
	}
	// After the fonts: gofpdf then keeps the digits in every font subset,
	// which the page total substituted for the alias needs.
	pdf.AliasNbPages("{nb}")

	created := m.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC()
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(clean(m.Title), true)
	pdf.SetAuthor(clean(m.Author), true)
	pdf.SetSubject(clean(m.Subject), true)
	pdf.SetCreator("Casusoverleg", true)
	pdf.SetDisplayMode("fullwidth", "single")

	pdf.SetMargins(margin, bodyTop, margin)
	// Page breaks are made by need(), which knows what must stay together.
	pdf.SetAutoPageBreak(false, pageHeight-bodyBottom)
	pdf.SetCellMargin(0)

	d := &Doc{pdf: pdf, meta: m}
	pdf.SetHeaderFuncMode(d.header, true)
	pdf.SetFooterFunc(d.footer)
	pdf.AddPage()
	d.setFont(bodyFont)
	return d, pdf.Error()
}

// newPDF starts an A4 portrait gofpdf document with the DejaVu fonts.
func newPDF() (*gofpdf.Fpdf, error) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	for _, f := range []struct{ style, file string }{
		{"", "DejaVuSans.ttf"},
		{"B", "DejaVuSans-Bold.ttf"},
		{"I", "DejaVuSans-Oblique.ttf"},
	} {
		b, err := fonts.FS.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: read font: %w", err)
		}
		pdf.AddUTF8FontFromBytes(family, f.style, b)
	}
	return pdf, nil
}

// header draws the running header: site left, title right, thin rule.
func (d *Doc) header() {
	p := d.pdf
	d.font("", 8, colMuted)
	p.SetXY(margin, headerY)
	site := clean(d.meta.Site)
	title := clean(d.meta.Title)
	// Keep the two from colliding: the title gets what the site leaves over.
	siteW := min(p.GetStringWidth(site), contentWidth*0.55)
	p.CellFormat(siteW, 4, fit(p, site, siteW), "", 0, "L", false, 0, "")
	titleW := contentWidth - siteW - 4
	p.SetX(pageWidth - margin - titleW)
	p.CellFormat(titleW, 4, fit(p, title, titleW), "", 0, "R", false, 0, "")
	d.rule(headerY+5.5, 0.2)
	if mark := clean(d.meta.Mark); mark != "" {
		// Under the rule, above the content, centred in bold red.
		d.font("B", 9, colMark)
		p.SetXY(margin, headerY+6.5)
		p.CellFormat(contentWidth, 4.5, d.tr(mark), "", 0, "C", false, 0, "")
	}
	p.SetXY(margin, bodyTop)
	d.font("", 10, colText)
}

// footer draws the rule, the classification line and the page number.
func (d *Doc) footer() {
	p := d.pdf
	d.rule(footerY-1.5, 0.2)
	d.font("", 7.5, colMuted)
	p.SetXY(margin, footerY)
	p.CellFormat(contentWidth-32, 4, firstNonEmpty(d.meta.Classification, d.tr(Classification)), "", 0, "L", false, 0, "")
	// Left-aligned at a fixed x: the width of the alias {nb} is not the width
	// of the number that replaces it, so right alignment would be off.
	p.SetXY(pageWidth-margin-p.GetStringWidth(d.tr("Pagina 888 van 888")), footerY)
	p.CellFormat(30, 4, d.trf("Pagina %d van {nb}", p.PageNo()), "", 0, "L", false, 0, "")
}

// Write finishes the document and writes the PDF to w.
func (d *Doc) Write(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// font selects family style, size (pt) and text colour.
func (d *Doc) font(style string, size float64, c rgb) {
	d.pdf.SetFont(family, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// rule draws a horizontal line across the content width at y.
func (d *Doc) rule(y, width float64) {
	p := d.pdf
	p.SetDrawColor(colRule.r, colRule.g, colRule.b)
	p.SetLineWidth(width)
	p.Line(margin, y, pageWidth-margin, y)
}

// fit shortens s with an ellipsis until it fits in width w.
func fit(p *gofpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// clean makes text safe for gofpdf's UTF-8 fonts: line breaks become "\n",
// tabs spaces, other control characters are dropped, and characters outside
// the Basic Multilingual Plane (which gofpdf's width tables do not cover and
// would panic on) become U+FFFD.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r' || r == '\u00a0':
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			// control character: drop
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
