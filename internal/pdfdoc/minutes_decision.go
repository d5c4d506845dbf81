package pdfdoc

import (
	"fmt"
	"strings"
)

// outcomeColour is the badge colour of a translated outcome or status.
func outcomeColour(s string) rgb {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "aangenomen", "adopted", "opgelost", "resolved", "actief", "active", "verleend", "granted", "afgerond", "done":
		return colGood
	case "opgeschaald", "escalated", "bezwaar", "objection", "verlopen", "expired", "ingetrokken", "revoked", "te laat", "overdue":
		return colBad
	}
	return colNeutral
}

// badge draws text as a small rounded label whose right edge is at right,
// vertically centred on a line of height lead at y. It returns its width.
func (d *Doc) badge(text string, right, y, lead float64) float64 {
	p := d.pdf
	text = clean(strings.TrimSpace(text))
	if text == "" {
		return 0
	}
	c := outcomeColour(text)
	d.font("B", sizeBadge, rgb{255, 255, 255})
	w := p.GetStringWidth(text) + 3.6
	const h = 4.4
	top := y + (lead-h)/2
	p.SetFillColor(c.r, c.g, c.b)
	p.RoundedRect(right-w, top, w, h, 1.1, "1234", "F")
	p.SetXY(right-w, top)
	p.CellFormat(w, h, text, "", 0, "C", false, 0, "")
	d.restoreFont()
	return w
}

// tableKeep is the height of a table's header row with a one-line row.
const tableKeep = leadSmall + leadTable + 4*padTable

// decisionKeep is the height of a decision's head line with the first lines
// of its text (and the positions table's first row when the text is short).
func (d *Doc) decisionKeep(dl DecisionLine) float64 {
	d.font("", sizeBody, colText)
	n := len(d.split(dl.Text, d.width()))
	keep := 6.5 + float64(min(n, keepLines))*leadBody + 2
	if len(dl.Positions) > 0 && n <= keepLines {
		keep += tableKeep
	}
	d.restoreFont()
	return keep
}

// decision writes one decision: a line with its number, kind and outcome
// badge, the decision text, the positions table and the resolution.
func (d *Doc) decision(n, of int, dl DecisionLine) {
	p := d.pdf
	d.need(d.decisionKeep(dl))

	y := p.GetY()
	bw := d.badge(dl.Outcome, d.left()+d.width(), y, 5.5)
	head := ""
	if of > 1 {
		head = fmt.Sprintf("Besluit %d", n)
	}
	headW := d.width() - bw - 3
	p.SetXY(d.left(), y)
	if head != "" {
		d.font("B", sizeBody, colText)
		hw := p.GetStringWidth(head + "  ")
		p.CellFormat(hw, 5.5, head, "", 0, "L", false, 0, "")
		headW -= hw
	}
	if dl.Kind != "" {
		d.font("", sizeSmall, colMuted)
		p.CellFormat(headW, 5.5, fit(p, clean(dl.Kind), headW), "", 0, "L", false, 0, "")
	}
	p.SetY(y + 6.5)
	d.Paragraph(dl.Text)
	if len(dl.Positions) > 0 {
		rows := make([][]Cell, len(dl.Positions))
		var stances []string
		for i, ps := range dl.Positions {
			objects := outcomeColour(ps.Stance) == colBad
			rows[i] = []Cell{{Text: ps.Organisation}, {Text: ps.Stance, Bold: objects}, {Text: ps.Remark}}
			stances = append(stances, ps.Stance)
		}
		stanceW := d.columnFit("Standpunt", stances, 22, 34) + 2
		orgW := (d.width() - stanceW) * 0.38
		d.Table([]Column{
			{Header: "Organisatie", Width: orgW},
			{Header: "Standpunt", Width: stanceW},
			{Header: "Toelichting", Width: d.width() - stanceW - orgW},
		}, rows)
	}
	if r := strings.TrimSpace(dl.Resolution); r != "" {
		d.KeyValue([]Pair{{Key: "Oplossing", Value: r}})
	}
	p.SetY(p.GetY() + 1)
}

// columnFit is the width (mm) of a table column that fits its header and
// every text on one line (bold, to be safe), between lo and hi.
func (d *Doc) columnFit(header string, texts []string, lo, hi float64) float64 {
	p := d.pdf
	d.font("B", sizeSmall, colText)
	w := p.GetStringWidth(clean(header))
	d.font("B", sizeTable, colText)
	for _, t := range texts {
		w = max(w, p.GetStringWidth(clean(t)))
	}
	d.restoreFont()
	return min(max(w+2*padX+1, lo), hi)
}
