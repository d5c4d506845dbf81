package pdfdoc

import (
	"strconv"
	"strings"
)

// minutesItem writes the record of one item.
func (d *Doc) minutesItem(it MinutesItem, last bool) {
	p := d.pdf
	d.itemBand(it)
	if !it.Redacted {
		d.indent += itemIndent
		d.itemBody(it)
		d.indent -= itemIndent
	}
	if !last {
		p.SetY(p.GetY() + 3)
	}
}

// subject is what a minutes item is about: "Casus 2026-0042" or the topic.
func (it MinutesItem) subject() string {
	if it.Reference == "" {
		if it.Redacted {
			return "Agendapunt"
		}
		return firstNonEmpty(it.Title, "Agendapunt")
	}
	s := "Casus " + it.Reference
	if !it.Redacted && strings.TrimSpace(it.Title) != "" {
		s += " — " + it.Title
	}
	return s
}

// itemMeta is the line under a visible item's band: kind, theme, neighbourhood.
func (it MinutesItem) meta() string {
	if it.Redacted {
		return ""
	}
	hood := ""
	if strings.TrimSpace(it.Neighbourhood) != "" {
		hood = "Wijk " + strings.TrimSpace(it.Neighbourhood)
	}
	return joinNonEmpty(" · ", it.Kind, it.Theme, hood)
}

// itemBand writes an item's title band: number and subject on a shaded
// band, "afgeschermd" on its right for a redacted item, and the kind line
// under it. The band is kept with the item's first block.
func (d *Doc) itemBand(it MinutesItem) {
	p := d.pdf
	right, rightW, titleW := d.bandRight(it)
	d.font("B", 11, colText)
	ls := d.bandTitle(it, titleW)
	bandH := float64(len(ls))*itemLead + 2*bandPad
	var metaLines []string
	if meta := it.meta(); meta != "" {
		d.font("", sizeSmall, colMuted)
		metaLines = d.split(meta, d.width()-itemIndent)
	}
	d.need(d.itemKeep(it))

	y := p.GetY()
	p.SetFillColor(colFill.r, colFill.g, colFill.b)
	p.Rect(d.left(), y, d.width(), bandH, "F")
	p.SetFillColor(colAccent.r, colAccent.g, colAccent.b)
	p.Rect(d.left(), y, 0.8, bandH, "F")
	d.font("B", 11, colAccent)
	p.SetXY(d.left()+bandInset, y+bandPad)
	p.CellFormat(bandNumW, itemLead, strconv.Itoa(it.Position)+".", "", 0, "L", false, 0, "")
	d.font("B", 11, colText)
	for i, l := range ls {
		p.SetXY(d.left()+itemIndent, y+bandPad+float64(i)*itemLead)
		p.CellFormat(titleW, itemLead, l, "", 0, "L", false, 0, "")
	}
	if right != "" {
		d.font("I", sizeBody, colRedacts)
		p.SetXY(d.left()+d.width()-rightW-bandInset, y+bandPad)
		p.CellFormat(rightW, itemLead, right, "", 0, "R", false, 0, "")
	}
	p.SetY(y + bandH + 1.2)
	if len(metaLines) > 0 {
		d.setFont(fontState{"", sizeSmall, colMuted})
		d.lines(d.left()+itemIndent, d.width()-itemIndent, leadSmall, metaLines, "L")
	}
	p.SetY(p.GetY() + 1)
	d.setFont(bodyFont)
}

// bandRight is the text on the right of an item's band, its width and the
// width left for the title.
func (d *Doc) bandRight(it MinutesItem) (text string, w, titleW float64) {
	if it.Redacted {
		text = RedactedText
		d.font("I", sizeBody, colRedacts)
		w = d.pdf.GetStringWidth(text) + 2
	}
	return text, w, d.width() - itemIndent - w - bandInset - 2
}

// maxBandLines is the most lines an item's title band has; a longer title
// is shortened with an ellipsis.
const maxBandLines = 4

// bandTitle wraps an item's subject for its band, in the band's font.
func (d *Doc) bandTitle(it MinutesItem, w float64) []string {
	return d.splitMax(it.subject(), w, maxBandLines)
}

// splitMax wraps text to width w in the current font into at most n lines,
// the last shortened with an ellipsis when text is longer: for boxes that
// must fit on one page.
func (d *Doc) splitMax(text string, w float64, n int) []string {
	ls := d.split(text, w)
	if len(ls) > n {
		ls = ls[:n]
		ls[n-1] = fit(d.pdf, ls[n-1]+" …", w)
	}
	return ls
}

// itemKeep is the height of an item's band and meta line with its first
// block's label and first lines: what is kept on one page.
func (d *Doc) itemKeep(it MinutesItem) float64 {
	_, _, titleW := d.bandRight(it)
	d.font("B", 11, colText)
	h := float64(len(d.bandTitle(it, titleW)))*itemLead + 2*bandPad + 2.2
	if meta := it.meta(); meta != "" {
		d.font("", sizeSmall, colMuted)
		h += float64(len(d.split(meta, d.width()-itemIndent))) * leadSmall
	}
	if !it.Redacted {
		d.indent += itemIndent
		h += d.firstBlockKeep(it)
		d.indent -= itemIndent
	}
	d.restoreFont()
	return h
}

// firstBlockKeep is the height of an item's first block label with the
// first lines of its content: what must go on the page of the item's band.
func (d *Doc) firstBlockKeep(it MinutesItem) float64 {
	lines := func(text string, w float64) float64 {
		d.font("", sizeBody, colText)
		return float64(min(len(d.split(text, w)), keepLines)) * leadBody
	}
	switch {
	case strings.TrimSpace(it.Summary) != "":
		return labelLead + 2 + lines(it.Summary, d.width())
	case len(it.Answers) > 0:
		return labelLead + 2 + d.answerKeep(it.Answers[0])
	case len(it.Decisions) > 0:
		return labelLead + 2 + d.decisionKeep(it.Decisions[0])
	case len(it.Actions) > 0:
		return labelLead + 2 + tableKeep
	case len(it.Mandates) > 0:
		return labelLead + 2 + d.mandateKeep(it.Mandates[0])
	}
	return leadSmall
}

// blockLabel starts a block of an item ("Stand van zaken", "Besluiten", …)
// and keeps it with keep millimetres of what follows.
func (d *Doc) blockLabel(text string, keep float64) {
	d.Space(2)
	d.need(labelLead + 1 + keep)
	d.setFont(fontState{"B", sizeLabel, colAccent})
	d.lines(d.left(), d.width(), labelLead, d.split(text, d.width()), "L")
	d.pdf.SetY(d.pdf.GetY() + 0.6)
	d.setFont(bodyFont)
}

// itemBody writes the blocks of a visible item.
func (d *Doc) itemBody(it MinutesItem) {
	empty := true
	if s := strings.TrimSpace(it.Summary); s != "" {
		empty = false
		d.font("", sizeBody, colText)
		d.blockLabel("Stand van zaken", float64(min(len(d.split(s, d.width())), keepLines))*leadBody)
		d.Paragraph(s)
	}
	if len(it.Answers) > 0 {
		empty = false
		d.blockLabel("Vragen en antwoorden", d.answerKeep(it.Answers[0]))
		for i, a := range it.Answers {
			d.answer(i+1, a)
		}
	}
	if len(it.Decisions) > 0 {
		empty = false
		label := "Besluit"
		if len(it.Decisions) > 1 {
			label = "Besluiten"
		}
		d.blockLabel(label, d.decisionKeep(it.Decisions[0]))
		for i, dl := range it.Decisions {
			d.decision(i+1, len(it.Decisions), dl)
		}
	}
	if len(it.Actions) > 0 {
		empty = false
		d.blockLabel("Afspraken", tableKeep)
		d.actions(it.Actions)
	}
	if len(it.Mandates) > 0 {
		empty = false
		label := "Mandaat"
		if len(it.Mandates) > 1 {
			label = "Mandaten"
		}
		d.blockLabel(label, d.mandateKeep(it.Mandates[0]))
		for _, ml := range it.Mandates {
			d.mandate(ml)
		}
	}
	if empty {
		d.Note("Geen verslaglegging bij dit agendapunt.")
	}
}

// answerKeep is the height of a question with the first lines of its answer.
func (d *Doc) answerKeep(a Answer) float64 {
	d.font("B", sizeBody, colText)
	q := len(d.split(a.Question, d.width()-numW))
	d.font("", sizeBody, colText)
	n := len(d.split(a.Answer, d.width()-numW))
	d.restoreFont()
	return float64(q+min(n, 2))*leadBody + 0.4
}

// answer writes a numbered question in bold with its answer under it.
func (d *Doc) answer(n int, a Answer) {
	p := d.pdf
	d.need(d.answerKeep(a))
	x, w := d.left()+numW, d.width()-numW
	d.font("", sizeBody, colMuted)
	p.SetX(d.left())
	p.CellFormat(numW-2.5, leadBody, strconv.Itoa(n)+".", "", 0, "R", false, 0, "")
	d.setFont(fontState{"B", sizeBody, colText})
	d.lines(x, w, leadBody, d.split(a.Question, w), "L")
	p.SetY(p.GetY() + 0.4)
	if strings.TrimSpace(a.Answer) == "" {
		d.setFont(fontState{"I", sizeBody, colMuted})
		d.lines(x, w, leadBody, []string{"Niet beantwoord."}, "L")
	} else {
		d.setFont(bodyFont)
		d.lines(x, w, leadBody, d.split(a.Answer, w), "L")
	}
	p.SetY(p.GetY() + 2)
	d.setFont(bodyFont)
}
