package pdfdoc

import "strings"

// The agenda's annex: each question set printed once, lettered, and the
// references the items make to it.

// annexOf letters the distinct question sets of the visible items A, B, C…
// in the order they first appear; a redacted item's sets are never listed.
func annexOf(items []AgendaItem) []annexSet {
	var out []annexSet
	seen := map[string]bool{}
	for _, it := range items {
		if it.Redacted {
			continue
		}
		for _, qs := range it.QuestionSets {
			if seen[qs.Name] {
				continue
			}
			seen[qs.Name] = true
			out = append(out, annexSet{Letter: letter(len(out)), QuestionSet: qs})
		}
	}
	return out
}

// letter is A…Z, then AA, AB…
func letter(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return letter(i/26-1) + letter(i%26)
}

// setRefs names an item's question sets by their letters in the annex:
// "vragenset B (Buurtgerichte vragen), bijlage".
func (d *Doc) setRefs(it AgendaItem, annex []annexSet) string {
	var refs []string
	for _, qs := range it.QuestionSets {
		for _, s := range annex {
			if s.Name == qs.Name {
				refs = append(refs, d.trf("vragenset %s (%s)", s.Letter, s.Name))
			}
		}
	}
	if len(refs) == 0 {
		return ""
	}
	return d.trf("%s, bijlage", strings.Join(refs, "; "))
}

// agendaAnnex prints each question set once, after the items.
func (d *Doc) agendaAnnex(annex []annexSet) {
	if len(annex) == 0 {
		return
	}
	d.font("B", sizeSmall, colMuted)
	first := 2*leadSmall + d.listHeight(annex[0].Questions[:min(3, len(annex[0].Questions))], annexFont, leadAnnex, 0.2)
	d.headingKeep(d.tr("Bijlage: vragensets"), first)
	for _, s := range annex {
		d.questionSet(QuestionSet{Name: d.trf("Vragenset %s — %s", s.Letter, s.Name), Questions: s.Questions})
	}
}

// The annex's questions are set a little smaller than the body.
var annexFont = fontState{"", 9, colText}

const leadAnnex = 4.2

// questionSet writes a question set's title and its numbered questions,
// keeping the title with the first questions.
func (d *Doc) questionSet(qs QuestionSet) {
	p := d.pdf
	d.Space(2)
	d.need(leadSmall + 2*leadBody)
	d.setFont(fontState{"B", sizeSmall + 1, colText})
	d.lines(d.left(), d.width(), leadSmall+0.6, d.split(qs.Name, d.width()), "L")
	p.SetY(p.GetY() + 0.6)
	d.numberedList(qs.Questions, annexFont, leadAnnex, 0.2)
	d.setFont(bodyFont)
}
