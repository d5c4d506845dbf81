package pdfdoc

import (
	"io"
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
	// Copy says which copy this is, e.g. "volledig" or "afgeschermd,
	// weergave van Politie", printed as "Exemplaar".
	Copy       string
	Attendance []Attendee
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
		{Key: "Exemplaar", Value: m.Copy},
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
