package pdfdoc

import (
	"io"
	"strconv"
	"time"

	"casusoverleg/internal/chart"
)

// ReportClassification is the footer of a management report: it holds aggregates only.
const ReportClassification = "Managementinformatie — alleen geaggregeerde aantallen, geen persoonsgegevens"

// Report is a management report (e.g. the quarterly report): a title
// block, then sections of a chart and/or a table. It holds aggregates only;
// the caller has already hidden small counts.
type Report struct {
	Site     string
	Title    string
	Period   string
	Series   string
	Note     string
	Created  time.Time
	Sections []ReportSection
}

// ReportSection is one part of a report: a heading, an optional chart drawn
// as vectors, and an optional table with the same numbers.
type ReportSection struct {
	Title   string
	Chart   *chart.Chart
	Columns []Column
	Rows    [][]Cell
}

// WriteReport typesets r as a PDF and writes it to w.
func WriteReport(w io.Writer, r Report) error {
	d, err := New(Meta{Site: r.Site, Title: joinNonEmpty(" · ", r.Title, r.Period), Subject: r.Title,
		Classification: ReportClassification, Created: r.Created})
	if err != nil {
		return err
	}
	d.setFont(fontState{"B", sizeTitle, colAccent})
	d.lines(d.left(), d.width(), 9, d.split(r.Title, d.width()), "L")
	d.setFont(fontState{"", sizeSubtit, colText})
	d.lines(d.left(), d.width(), 6.5, d.split(joinNonEmpty(" · ", r.Period, r.Series), d.width()), "L")
	d.Space(2)
	if r.Note != "" {
		d.Note(r.Note)
	}
	for _, s := range r.Sections {
		d.Heading(s.Title)
		if s.Chart != nil {
			d.Chart(*s.Chart)
		}
		if len(s.Columns) > 0 {
			d.Table(s.Columns, s.Rows)
		}
	}
	return d.Write(w)
}

// Chart draws c across the content width with the shapes the page's SVG
// has (package chart lays out both), as PDF vectors and text.
func (d *Doc) Chart(c chart.Chart) {
	shapes, h := chart.Layout(c)
	w := chart.Width(c)
	scale := min(d.width(), w*0.3) / w // at most 0.3 mm a unit: 14 units are 12 pt
	d.need(h*scale + 2)
	p := d.pdf
	x0, y0 := d.left(), p.GetY()
	for _, s := range shapes {
		switch s.Kind {
		case chart.Rect:
			style := ""
			if s.Fill != "" {
				r := hexColour(s.Fill)
				p.SetFillColor(r.r, r.g, r.b)
				style += "F"
			}
			if s.Stroke != "" {
				r := hexColour(s.Stroke)
				p.SetDrawColor(r.r, r.g, r.b)
				p.SetLineWidth(0.35)
				style += "D"
			}
			if s.Dashed {
				p.SetDashPattern([]float64{1.2, 0.9}, 0)
			}
			p.Rect(x0+s.X*scale, y0+s.Y*scale, s.W*scale, s.H*scale, style)
			p.SetDashPattern(nil, 0)
		case chart.Line:
			r := hexColour(s.Stroke)
			p.SetDrawColor(r.r, r.g, r.b)
			p.SetLineWidth(0.2)
			p.Line(x0+s.X*scale, y0+s.Y*scale, x0+s.X2*scale, y0+s.Y2*scale)
		case chart.Text:
			style := ""
			if s.Bold {
				style = "B"
			}
			d.font(style, s.Size*scale*72/25.4, hexColour(s.Fill))
			text := clean(s.Text)
			x := x0 + s.X*scale
			switch s.Anchor {
			case "middle":
				x -= p.GetStringWidth(text) / 2
			case "end":
				x -= p.GetStringWidth(text)
			}
			p.Text(x, y0+s.Y*scale, text)
		}
	}
	p.SetDrawColor(colRule.r, colRule.g, colRule.b)
	p.SetY(y0 + h*scale + 2)
	d.setFont(bodyFont)
}

// hexColour reads "#rrggbb"; anything else is the text colour.
func hexColour(s string) rgb {
	if len(s) != 7 || s[0] != '#' {
		return colText
	}
	n, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return colText
	}
	return rgb{int(n >> 16 & 0xff), int(n >> 8 & 0xff), int(n & 0xff)}
}
