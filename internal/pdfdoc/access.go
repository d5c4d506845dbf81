package pdfdoc

import (
	"io"
	"time"
)

// AccessReport is a right-of-access report (AVG art. 15) on one person: a
// title block, then sections of key/value pairs, paragraphs and tables. The
// caller gives every text in the report's language.
type AccessReport struct {
	Site     string
	Title    string
	Subtitle string
	// Lang is "en" for English, anything else for Dutch (header and footer).
	Lang     string
	Created  time.Time
	Sections []AccessSection
}

// AccessSection is one part of an access report. Empty is printed when the
// section has no pairs, paragraphs or rows.
type AccessSection struct {
	Title      string
	Pairs      []Pair
	Paragraphs []string
	Columns    []Column
	Rows       [][]Cell
	Empty      string
}

// WriteAccessReport typesets r as a PDF and writes it to w. Its footer says
// that it holds personal data (Classification).
func WriteAccessReport(w io.Writer, r AccessReport) error {
	d, err := New(Meta{Site: r.Site, Title: r.Title, Subject: r.Title, Lang: r.Lang, Created: r.Created})
	if err != nil {
		return err
	}
	d.setFont(fontState{"B", sizeTitle, colAccent})
	d.lines(d.left(), d.width(), 9, d.split(r.Title, d.width()), "L")
	d.setFont(fontState{"", sizeSubtit, colText})
	d.lines(d.left(), d.width(), 6.5, d.split(r.Subtitle, d.width()), "L")
	d.setFont(bodyFont)
	d.Space(2)
	for _, s := range r.Sections {
		d.Heading(s.Title)
		if len(s.Pairs) == 0 && len(s.Paragraphs) == 0 && len(s.Rows) == 0 {
			d.Note(s.Empty)
			continue
		}
		if len(s.Pairs) > 0 {
			d.KeyValue(s.Pairs)
		}
		for _, p := range s.Paragraphs {
			d.Paragraph(p)
		}
		if len(s.Rows) > 0 {
			d.Table(s.Columns, s.Rows)
		}
	}
	return d.Write(w)
}
