package pdfdoc

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// RedactionNotice is printed on page 1 of a copy of the minutes that leaves
// out items of cases the reader may not see.
const RedactionNotice = "Deze versie is afgeschermd: agendapunten van casussen waarbij uw organisatie niet betrokken is, zijn weggelaten."

// NotSigned is printed in the signature block of minutes without signatures.
const NotSigned = "Nog niet ondertekend"

// Minutes is everything the minutes PDF (verslag) shows. Labels are already
// translated and need-to-know already applied: items the reader may not see
// arrive with Redacted set, and then only their position and reference are
// printed.
type Minutes struct {
	// Site is the issuing organisation, printed in the running header.
	Site string
	// Title is the document title, e.g. "Verslag".
	Title string
	// Series is the name of the meeting series, e.g. "Justitieel casusoverleg Oss".
	Series    string
	StartsAt  time.Time
	Location  string
	Chair     string
	Secretary string
	// Status is the translated status of the minutes, e.g. "Ondertekend".
	Status string
	// Redacted marks a copy without the items of cases the reader may not
	// see; page 1 then carries RedactionNotice. (A copy with a redacted item
	// carries it as well.)
	Redacted bool
	// GeneratedFor names the reader, printed as "Opgesteld voor: …".
	GeneratedFor string
	Attendance   []Attendee
	// Confidentiality is the statement confirmed at the meeting (see confidentiality.go).
	Confidentiality Confidentiality
	Items           []MinutesItem
	// Addenda are the signed corrections made after signing.
	Addenda []Addendum
	// Signatures are the approvals of the minutes; none prints NotSigned.
	Signatures []SignatureLine
	// ContentHash is the hex SHA-256 of the canonical content, printed in
	// the signature block.
	ContentHash string
	// Created is the creation date of the PDF (metadata only); fix it for
	// reproducible output.
	Created time.Time
}

// Attendee is one line of the attendance list.
type Attendee struct {
	Name, Organisation string
	// Presence is the translated presence, e.g. "aanwezig", "afgemeld", "afwezig".
	Presence string
	Remark   string
}

// MinutesItem is the record of one agenda item.
type MinutesItem struct {
	Position int
	// Reference is the case reference, e.g. "2026-0042"; empty for a general topic.
	Reference string
	// Redacted prints only the position, the reference and "afgeschermd";
	// every other field is ignored.
	Redacted bool
	// Title names a general topic, e.g. "Opening en mededelingen".
	Title string
	// Kind, Theme and Neighbourhood are translated, e.g. "Vervolgbespreking",
	// "Nazorg ex-gedetineerden", "5342 Schadewijk".
	Kind, Theme, Neighbourhood string
	// Summary is the state of affairs (stand van zaken) as discussed.
	Summary   string
	Answers   []Answer
	Decisions []DecisionLine
	Actions   []ActionLine
	Mandates  []MandateLine
}

// Answer is a question of a question set with the answer recorded.
type Answer struct{ Question, Answer string }

// DecisionLine is a decision with each involved organisation's position.
type DecisionLine struct {
	Text string
	// Kind and Outcome are translated, e.g. "Mandaat", "aangenomen" /
	// "opgeschaald" / "opgelost".
	Kind, Outcome string
	Positions     []PositionLine
	// Resolution is how an escalated decision was resolved.
	Resolution string
}

// PositionLine is one organisation's position on a decision.
type PositionLine struct {
	Organisation string
	// Stance is translated, e.g. "akkoord", "onthouding", "bezwaar".
	Stance string
	Remark string
}

// ActionLine is an agreed action (afspraak).
type ActionLine struct {
	What, Owner string
	Due         time.Time
	// Status is translated; when no action of an item has one, the status
	// column is left out.
	Status string
}

// MandateLine is a mandate granted to act quickly.
type MandateLine struct {
	Grantee, Scope, Conditions string
	ValidFrom, ValidUntil      time.Time
	Status                     string
	QuickActions               []string
}

// Addendum is a signed correction to signed minutes.
type Addendum struct {
	Number int
	Text   string
	// Signed says who signed it when, e.g. "ondertekend 30-11-2026 door …".
	Signed string
}

// SignatureLine is one approval of the minutes.
type SignatureLine struct {
	// Role is translated, e.g. "Voorzitter", "Notulist".
	Role, Name, Organisation string
	ApprovedAt               time.Time
}

// Layout of the minutes.
const (
	bandPad    = 1.6 // vertical padding of an item's title band
	bandNumW   = 9.0 // number column inside the band, after bandInset
	bandInset  = 2.0 // left padding of the band
	labelLead  = 5.2 // line height of a block label
	sizeLabel  = 9.5 // block labels ("Stand van zaken", "Besluiten", …)
	sizeBadge  = 7.0 // text of an outcome or status badge
	sizeHash   = 7.5 // content hash
	sigPad     = 4.0 // padding inside the signature box
	sigBarH    = 8.0 // title bar of the signature box
	sigColGap  = 8.0 // gap between signature columns
	sigMaxCols = 3   // signature columns side by side
	keepLines  = 3   // lines of a block kept with its label
	itemIndent = bandInset + bandNumW
)

// Badge colours (RGB) by outcome or status.
var (
	colGood    = rgb{30, 110, 60}
	colBad     = rgb{170, 50, 40}
	colNeutral = rgb{110, 116, 122}
)

// WriteMinutes typesets the minutes as a PDF in Dutch and writes it to w:
// title block, redaction notice, attendance, the record of every item,
// addenda and the signature block with the content hash.
func WriteMinutes(w io.Writer, m Minutes) error {
	day := ""
	if !m.StartsAt.IsZero() {
		day = FormatDay(m.StartsAt)
	}
	title := firstNonEmpty(m.Title, "Verslag")
	d, err := New(Meta{
		Site:    oneLine(m.Site),
		Title:   oneLine(joinNonEmpty(" · ", title, m.Series, day)),
		Author:  oneLine(firstNonEmpty(m.Secretary, m.Chair)),
		Subject: oneLine(joinNonEmpty(" ", title, m.Series)),
		Created: m.Created,
	})
	if err != nil {
		return err
	}
	d.minutesTitle(m, title)
	if m.Redacted || anyRedacted(m.Items) {
		d.Notice(RedactionNotice)
	}
	d.attendance(m.Attendance)
	d.confidentiality(m.Confidentiality)
	if len(m.Items) > 0 {
		// Keep the heading with the first item's band and first block.
		d.need(5 + headingH + d.itemKeep(m.Items[0]))
		d.Heading("Verslag per agendapunt")
		for i, it := range m.Items {
			d.minutesItem(it, i == len(m.Items)-1)
		}
	}
	if len(m.Addenda) > 0 {
		d.Heading("Addenda")
		for _, ad := range m.Addenda {
			d.addendum(ad)
		}
	}
	d.signatureBlock(m)
	return d.Write(w)
}

// oneLine collapses white space, line breaks included, for the running header.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func anyRedacted(items []MinutesItem) bool {
	for _, it := range items {
		if it.Redacted {
			return true
		}
	}
	return false
}

// headingH is the height of a one-line Heading.
const headingH = 6 + 1 + 3

// minutesTitle writes the title block: title, series, meeting facts, reader.
func (d *Doc) minutesTitle(m Minutes, title string) {
	p := d.pdf
	d.setFont(fontState{"B", sizeTitle, colAccent})
	d.lines(d.left(), d.width(), 9, d.split(title, d.width()), "L")
	if m.Series != "" {
		d.setFont(fontState{"", sizeSubtit, colText})
		d.lines(d.left(), d.width(), 6.5, d.split(m.Series, d.width()), "L")
	}
	p.SetY(p.GetY() + 5)

	var pairs []Pair
	if !m.StartsAt.IsZero() {
		pairs = append(pairs,
			Pair{Key: "Datum", Value: FormatDate(m.StartsAt)},
			Pair{Key: "Aanvang", Value: FormatTime(m.StartsAt) + " uur"})
	}
	for _, kv := range []Pair{
		{Key: "Locatie", Value: m.Location},
		{Key: "Voorzitter", Value: m.Chair},
		{Key: "Notulist", Value: m.Secretary},
		{Key: "Status", Value: m.Status},
	} {
		if strings.TrimSpace(kv.Value) != "" {
			pairs = append(pairs, kv)
		}
	}
	d.KeyValue(pairs)
	if reader := strings.TrimSpace(m.GeneratedFor); reader != "" {
		if !strings.HasPrefix(strings.ToLower(reader), "opgesteld voor") {
			reader = "Opgesteld voor: " + reader
		}
		d.Note(reader)
	}
}

// attendance writes the attendance table, grouped by organisation in the
// order the organisations first appear, with a count per presence above it.
func (d *Doc) attendance(people []Attendee) {
	// The heading stays with the count line and the table's first row.
	d.need(5 + headingH + leadSmall + 1.5 + tableKeep)
	d.Heading("Aanwezigheid")
	if len(people) == 0 {
		d.Note("Geen presentielijst vastgelegd.")
		return
	}
	var orgs []string
	byOrg := map[string][]Attendee{}
	var presences []string
	perPresence := map[string]int{}
	for _, a := range people {
		org := strings.TrimSpace(a.Organisation)
		if _, ok := byOrg[org]; !ok {
			orgs = append(orgs, org)
		}
		byOrg[org] = append(byOrg[org], a)
		pr := strings.TrimSpace(a.Presence)
		if pr == "" {
			continue
		}
		if perPresence[pr] == 0 {
			presences = append(presences, pr)
		}
		perPresence[pr]++
	}
	var counts []string
	for _, pr := range presences {
		counts = append(counts, fmt.Sprintf("%d %s", perPresence[pr], pr))
	}
	if len(counts) > 0 {
		d.Note(fmt.Sprintf("%d deelnemers van %d organisaties: %s.", len(people), len(orgs), strings.Join(counts, ", ")))
	}

	groups := make([]RowGroup, 0, len(orgs))
	for _, org := range orgs {
		g := RowGroup{Label: firstNonEmpty(org, "—")}
		for _, a := range byOrg[org] {
			absent := !isPresent(a.Presence)
			g.Rows = append(g.Rows, []Cell{
				{Text: a.Name, Muted: absent}, {Text: a.Presence, Muted: absent}, {Text: a.Remark, Muted: absent},
			})
		}
		groups = append(groups, g)
	}
	d.GroupedTable([]Column{
		{Header: "Organisatie", Width: 48},
		{Header: "Naam", Width: 42},
		{Header: "Aanwezigheid", Width: 27},
		{Header: "Opmerking", Width: 53},
	}, groups)
}

// isPresent reports whether a translated presence means present (or is not
// known, which is printed as it is).
func isPresent(presence string) bool {
	switch strings.ToLower(strings.TrimSpace(presence)) {
	case "afgemeld", "afwezig", "excused", "absent", "verhinderd":
		return false
	}
	return true
}

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

// actions writes the table of agreed actions.
func (d *Doc) actions(actions []ActionLine) {
	withStatus := false
	for _, a := range actions {
		if strings.TrimSpace(a.Status) != "" {
			withStatus = true
		}
	}
	rows := make([][]Cell, len(actions))
	var dues, statuses []string
	for i, a := range actions {
		due := ""
		if !a.Due.IsZero() {
			due = FormatDay(a.Due)
		}
		dues = append(dues, due)
		statuses = append(statuses, a.Status)
		rows[i] = []Cell{{Text: a.What}, {Text: a.Owner}, {Text: due}}
		if withStatus {
			rows[i] = append(rows[i], Cell{Text: a.Status, Bold: outcomeColour(a.Status) == colBad})
		}
	}
	// Date and status take what they need, what and owner share the rest.
	dueW := d.columnFit("Uiterlijk", dues, 22, 34)
	statusW := 0.0
	if withStatus {
		statusW = d.columnFit("Status", statuses, 14, 30)
	}
	rest := d.width() - dueW - statusW
	cols := []Column{
		{Header: "Wat", Width: rest * 0.6},
		{Header: "Eigenaar", Width: rest * 0.4},
		{Header: "Uiterlijk", Width: dueW},
	}
	if withStatus {
		cols = append(cols, Column{Header: "Status", Width: statusW})
	}
	d.Table(cols, rows)
}

// validity formats the period a mandate is valid.
func validity(from, until time.Time) string {
	switch {
	case from.IsZero() && until.IsZero():
		return ""
	case until.IsZero():
		return "vanaf " + FormatDay(from)
	case from.IsZero():
		return "tot en met " + FormatDay(until)
	}
	return FormatDay(from) + " tot en met " + FormatDay(until)
}

// mandatePairs are the key/value lines of a mandate.
func mandatePairs(ml MandateLine) []Pair {
	var pairs []Pair
	for _, kv := range []Pair{
		{Key: "Reikwijdte", Value: ml.Scope},
		{Key: "Voorwaarden", Value: ml.Conditions},
		{Key: "Geldig", Value: validity(ml.ValidFrom, ml.ValidUntil)},
	} {
		if strings.TrimSpace(kv.Value) != "" {
			pairs = append(pairs, kv)
		}
	}
	if len(ml.QuickActions) > 0 {
		pairs = append(pairs, Pair{Key: "Snelle acties", List: ml.QuickActions})
	}
	return pairs
}

// mandateKeep is the height of a mandate, or of its head line and first
// lines when it is long.
func (d *Doc) mandateKeep(ml MandateLine) float64 {
	h := 6.5 + d.keyValueHeight(mandatePairs(ml))
	if h > 60 {
		h = 6.5 + 2*leadBody
	}
	return h
}

// mandate writes one mandate: its grantee with a status badge, then scope,
// conditions, validity and the quick actions taken under it.
func (d *Doc) mandate(ml MandateLine) {
	p := d.pdf
	pairs := mandatePairs(ml)
	d.need(d.mandateKeep(ml))
	y := p.GetY()
	bw := d.badge(ml.Status, d.left()+d.width(), y, 5.5)
	d.font("B", sizeBody, colText)
	p.SetXY(d.left(), y)
	w := d.width() - bw - 3
	p.CellFormat(w, 5.5, fit(p, clean("Mandaat aan "+firstNonEmpty(ml.Grantee, "—")), w), "", 0, "L", false, 0, "")
	p.SetY(y + 6.5)
	d.KeyValue(pairs)
}

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
