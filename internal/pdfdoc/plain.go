package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WritePlain writes a title and paragraphs as running text in the document
// fonts, with nothing else: no header, tables, bands or page-break rules. It
// is the floor that any PDF of that text costs with gofpdf; the benchmark
// compares the minutes (rendered and signed) with it.
func WritePlain(w io.Writer, title string, paragraphs []string, created time.Time) error {
	pdf, err := newPDF()
	if err != nil {
		return err
	}
	pdf.SetCreationDate(created.UTC())
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.AddPage()
	pdf.SetFont(family, "B", 14)
	pdf.MultiCell(0, 7, clean(title), "", "L", false)
	pdf.SetFont(family, "", 10)
	for _, p := range paragraphs {
		pdf.MultiCell(0, 5, clean(p), "", "L", false)
	}
	return pdf.Output(w)
}

// Text lists the text of the minutes in reading order, a paragraph per
// entry: what WritePlain needs to write the same words.
func (m Minutes) Text() []string {
	out := []string{m.Site, m.Series, FormatDateTime(m.StartsAt) + " · " + m.Location,
		"Voorzitter: " + m.Chair + " · Notulist: " + m.Secretary, m.Status, m.GeneratedFor}
	for _, a := range m.Attendance {
		out = append(out, strings.Join([]string{a.Name, a.Organisation, a.Presence, a.Remark}, " · "))
	}
	for _, it := range m.Items {
		out = append(out, fmt.Sprintf("%d. %s %s", it.Position, it.Reference, it.Title))
		if it.Redacted {
			out = append(out, RedactedText)
			continue
		}
		out = append(out, strings.Join([]string{it.Kind, it.Theme, it.Neighbourhood}, " · "), it.Summary)
		for _, a := range it.Answers {
			out = append(out, a.Question, a.Answer)
		}
		for _, d := range it.Decisions {
			out = append(out, d.Text, d.Kind+" · "+d.Outcome, d.Resolution)
			for _, p := range d.Positions {
				out = append(out, p.Organisation+": "+p.Stance+" "+p.Remark)
			}
		}
		for _, a := range it.Actions {
			out = append(out, a.What+" · "+a.Owner+" · "+FormatDate(a.Due)+" "+a.Status)
		}
		for _, ml := range it.Mandates {
			out = append(out, ml.Grantee, ml.Scope, ml.Conditions, validity(ml.ValidFrom, ml.ValidUntil)+" "+ml.Status)
			out = append(out, ml.QuickActions...)
		}
	}
	for _, ad := range m.Addenda {
		out = append(out, fmt.Sprintf("Addendum %d", ad.Number), ad.Text, ad.Signed)
	}
	for _, s := range m.Signatures {
		out = append(out, s.Role+": "+s.Name+" "+s.Organisation+" "+FormatDateTime(s.ApprovedAt))
	}
	return append(out, m.ContentHash, Classification)
}
