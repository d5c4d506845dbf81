package pdfdoc

import (
	"fmt"
	"strings"
)

// addendum writes one signed addendum.
func (d *Doc) addendum(ad Addendum) {
	d.font("", sizeBody, colText)
	d.blockLabel(fmt.Sprintf("Addendum %d", ad.Number), float64(min(len(d.split(ad.Text, d.width())), keepLines))*leadBody)
	d.Paragraph(ad.Text)
	if s := strings.TrimSpace(ad.Signed); s != "" {
		d.Note(s)
	}
}

// signatureBlock writes the boxed "Ondertekening" section: one column per
// approval (role, name, organisation, date and time) or NotSigned, then the
// content hash. The box is kept on one page.
func (d *Doc) signatureBlock(m Minutes) {
	p := d.pdf
	d.Space(6)
	innerX, innerW := d.left()+sigPad, d.width()-2*sigPad

	// Columns of approvals, laid out in rows.
	cols := min(max(len(m.Signatures), 1), sigMaxCols)
	if len(m.Signatures) == 4 {
		cols = 2
	}
	colW := (innerW - float64(cols-1)*sigColGap) / float64(cols)
	type sigLines struct {
		role, name, org, when []string
	}
	sigs := make([]sigLines, len(m.Signatures))
	sigH := func(s sigLines) float64 {
		return float64(len(s.role))*leadSmall + float64(len(s.name))*5.4 +
			float64(len(s.org))*leadSmall + 1.5 + float64(len(s.when))*leadSmall
	}
	for i, s := range m.Signatures {
		var l sigLines
		d.font("B", sizeSmall, colMuted)
		l.role = d.splitMax(firstNonEmpty(s.Role, "Ondertekenaar"), colW, 2)
		d.font("B", 11, colText)
		l.name = d.splitMax(s.Name, colW, 3)
		d.font("", sizeSmall, colText)
		if strings.TrimSpace(s.Organisation) != "" {
			l.org = d.splitMax(s.Organisation, colW, 3)
		}
		when := "Goedgekeurd: datum onbekend"
		if !s.ApprovedAt.IsZero() {
			when = "Goedgekeurd op " + FormatDay(s.ApprovedAt) + " om " + FormatTime(s.ApprovedAt) + " uur"
		}
		l.when = d.splitMax(when, colW, 3)
		sigs[i] = l
	}
	var rowHs []float64
	for i := 0; i < len(sigs); i += cols {
		h := 0.0
		for j := i; j < min(i+cols, len(sigs)); j++ {
			h = max(h, sigH(sigs[j]))
		}
		rowHs = append(rowHs, h)
	}

	d.font("", sizeSmall, colMuted)
	intro := "Dit verslag is vastgesteld en goedgekeurd door:"
	if len(sigs) == 0 {
		intro = "Dit verslag is nog niet door de voorzitter en de notulist goedgekeurd."
	}
	introLines := d.split(intro, innerW)
	var hashLines []string
	if h := strings.TrimSpace(m.ContentHash); h != "" {
		d.font("", sizeHash, colText)
		hashLines = d.splitMax("Inhoudshash (SHA-256): "+h, innerW, 4)
	}
	var closing []string
	if len(sigs) > 0 {
		d.font("", sizeSmall, colMuted)
		closing = d.split("Na ondertekening is dit verslag onveranderlijk; correcties worden vastgelegd als ondertekende addenda.", innerW)
	}

	// Height of the box, top to bottom.
	h := sigBarH + sigPad + float64(len(introLines))*leadSmall + 3
	if len(sigs) == 0 {
		h += 7
	}
	for _, rh := range rowHs {
		h += rh + 4
	}
	if len(hashLines) > 0 || len(closing) > 0 {
		h += 2.5
	}
	h += float64(len(hashLines))*3.8 + float64(len(closing))*leadSmall
	if len(hashLines) > 0 && len(closing) > 0 {
		h += 1.2
	}
	h += sigPad - 1
	d.need(h)

	y0 := p.GetY()
	// Frame and title bar.
	p.SetFillColor(colFill.r, colFill.g, colFill.b)
	p.Rect(d.left(), y0, d.width(), sigBarH, "F")
	p.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
	p.SetLineWidth(0.5)
	p.Rect(d.left(), y0, d.width(), h, "D")
	p.SetLineWidth(0.2)
	p.Line(d.left(), y0+sigBarH, d.left()+d.width(), y0+sigBarH)
	d.font("B", 11, colAccent)
	p.SetXY(innerX, y0)
	p.CellFormat(innerW, sigBarH, "Ondertekening", "", 0, "L", false, 0, "")
	if status := strings.Join(strings.Fields(clean(m.Status)), " "); status != "" {
		d.font("", sizeSmall, colMuted)
		p.SetXY(innerX+innerW/2, y0)
		p.CellFormat(innerW/2, sigBarH, fit(p, status, innerW/2), "", 0, "R", false, 0, "")
	}

	y := y0 + sigBarH + sigPad
	d.font("", sizeSmall, colMuted)
	d.cellLines(innerX, y, innerW, leadSmall, introLines, false)
	y += float64(len(introLines))*leadSmall + 3

	if len(sigs) == 0 {
		d.font("B", 11, colBad)
		p.SetXY(innerX, y)
		p.CellFormat(innerW, 6, NotSigned, "", 0, "L", false, 0, "")
		y += 7
	}
	for r, rh := range rowHs {
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= len(sigs) {
				break
			}
			s := sigs[i]
			x := innerX + float64(c)*(colW+sigColGap)
			// A rule above each approval, as on a signature page.
			p.SetDrawColor(colRule.r, colRule.g, colRule.b)
			p.SetLineWidth(0.3)
			p.Line(x, y-1, x+colW, y-1)
			yy := y
			d.font("B", sizeSmall, colMuted)
			d.cellLines(x, yy, colW, leadSmall, s.role, false)
			yy += float64(len(s.role)) * leadSmall
			d.font("B", 11, colText)
			d.cellLines(x, yy, colW, 5.4, s.name, false)
			yy += float64(len(s.name)) * 5.4
			d.font("", sizeSmall, colText)
			d.cellLines(x, yy, colW, leadSmall, s.org, false)
			yy += float64(len(s.org))*leadSmall + 1.5
			d.font("", sizeSmall, colMuted)
			d.cellLines(x, yy, colW, leadSmall, s.when, false)
		}
		y += rh + 4
	}
	if len(hashLines) > 0 || len(closing) > 0 {
		p.SetDrawColor(colRule.r, colRule.g, colRule.b)
		p.SetLineWidth(0.15)
		p.Line(innerX, y, innerX+innerW, y)
		y += 2.5
	}
	if len(hashLines) > 0 {
		d.font("", sizeHash, colText)
		d.cellLines(innerX, y, innerW, 3.8, hashLines, false)
		y += float64(len(hashLines)) * 3.8
		if len(closing) > 0 {
			y += 1.2
		}
	}
	if len(closing) > 0 {
		d.font("", sizeSmall, colMuted)
		d.cellLines(innerX, y, innerW, leadSmall, closing, false)
	}
	p.SetY(y0 + h + 2)
	d.setFont(bodyFont)
}
