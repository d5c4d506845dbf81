package pdfdoc

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// Agenda is everything the agenda PDF shows. Labels are already translated
// and need-to-know already applied: items the reader may not see arrive with
// Redacted set (their other case fields are then ignored, never printed).
type Agenda struct {
	// Site is the issuing organisation, printed in the running header.
	Site string
	// Title is the document title, e.g. "Agenda".
	Title string
	// Series is the name of the meeting series, e.g. "Justitieel casusoverleg Oss".
	Series          string
	StartsAt        time.Time
	Location        string
	Chair           string
	Secretary       string
	DurationMinutes int
	Items           []AgendaItem
	// GeneratedFor names the reader, e.g. "A. de Vries, Reclassering Nederland";
	// it is printed as "Opgesteld voor: …" (a given "Opgesteld voor:" is kept).
	GeneratedFor string
	// Created is the creation date of the PDF; fix it for reproducible output.
	Created time.Time
	// Draft marks an agenda that is not published yet: every page says CONCEPT.
	Draft bool
	// Lang is the language of the document's own texts ("en" or Dutch); the
	// caller passes Title, kinds, themes and set names in that language.
	Lang string
}

// AgendaItem is one agenda point.
type AgendaItem struct {
	Position int
	// Kind is the translated kind, e.g. "Nieuwe casus".
	Kind string
	// Reference is the case reference, e.g. "2026-0042"; empty for a general topic.
	Reference string
	// Redacted hides everything but the position, reference and planned time.
	Redacted bool
	// Title names a general topic, e.g. "Mededelingen".
	Title string
	// Theme and Neighbourhood, e.g. "Nazorg ex-gedetineerden", "5342 Schadewijk".
	Theme, Neighbourhood string
	PlannedMinutes       int
	// StartsAt is the planned start of this item; when zero it is computed
	// from the meeting start and the preceding items.
	StartsAt     time.Time
	Reason       string
	QuestionSets []QuestionSet
}

// QuestionSet is a named, ordered list of questions attached to an item.
// The PDF prints each set once, in an annex, and the items refer to it by
// letter ("vragenset B"); sets are the same when their names are.
type QuestionSet struct {
	Name      string
	Questions []string
}

// Layout of an agenda item block.
const (
	itemNumW = 11.0 // column of the item number
	itemLead = 5.6  // line height of the item's title line
)

// WriteAgenda typesets the agenda as a PDF in Dutch and writes it to w.
func WriteAgenda(w io.Writer, a Agenda) error {
	day := ""
	if !a.StartsAt.IsZero() {
		day = formatDay(a.Lang, a.StartsAt)
	}
	title := firstNonEmpty(a.Title, "Agenda")
	meta := Meta{
		Site:    a.Site,
		Title:   joinNonEmpty(" · ", title, a.Series, day),
		Author:  a.Chair,
		Subject: joinNonEmpty(" ", title, a.Series),
		Created: a.Created,
		Lang:    a.Lang,
	}
	if a.Draft {
		meta.Mark = DraftMark
	}
	d, err := New(meta)
	if err != nil {
		return err
	}
	starts := itemStarts(a)
	annex := annexOf(a.Items)
	d.agendaTitle(a, title)
	d.agendaOverview(a, starts)
	if len(a.Items) > 0 {
		first := a.Items[0]
		d.font("", sizeBody, colMuted)
		d.headingKeep(d.tr("Agendapunten"), d.itemHeight(first, d.itemTitle(first), d.itemDetails(first, annex), d.width()-itemNumW-40))
	}
	for i, it := range a.Items {
		d.agendaItem(it, starts[i], i == len(a.Items)-1, annex)
	}
	d.agendaAnnex(annex)
	return d.Write(w)
}

// DraftMark is printed on every page of an agenda that is not published yet.
const DraftMark = "CONCEPT — nog niet gepubliceerd"

// annexSet is a question set as the annex prints it, with its letter.
type annexSet struct {
	Letter string
	QuestionSet
}

// agendaTitle writes the title block: title, series, meeting facts, reader.
func (d *Doc) agendaTitle(a Agenda, title string) {
	p := d.pdf
	d.setFont(fontState{"B", sizeTitle, colAccent})
	d.lines(d.left(), d.width(), 9, d.split(title, d.width()), "L")
	if a.Series != "" {
		d.setFont(fontState{"", sizeSubtit, colText})
		d.lines(d.left(), d.width(), 6.5, d.split(a.Series, d.width()), "L")
	}
	p.SetY(p.GetY() + 5)

	var pairs []Pair
	if !a.StartsAt.IsZero() {
		pairs = append(pairs, Pair{Key: d.tr("Datum"), Value: formatDate(a.Lang, a.StartsAt)})
		when := FormatTime(a.StartsAt)
		if a.DurationMinutes > 0 {
			end := a.StartsAt.Add(time.Duration(a.DurationMinutes) * time.Minute)
			when += " – " + FormatTime(end)
		}
		pairs = append(pairs, Pair{Key: d.tr("Tijd"), Value: d.trf("%s uur", when)})
	}
	for _, kv := range []Pair{
		{Key: d.tr("Locatie"), Value: a.Location},
		{Key: d.tr("Voorzitter"), Value: a.Chair},
		{Key: d.tr("Notulist"), Value: a.Secretary},
	} {
		if kv.Value != "" {
			pairs = append(pairs, kv)
		}
	}
	planned := 0
	for _, it := range a.Items {
		planned += it.PlannedMinutes
	}
	plan := d.trf("%s voor %d agendapunten", formatMinutes(a.Lang, planned), len(a.Items))
	if a.DurationMinutes > 0 {
		plan = d.trf("%s van %s voor %d agendapunten",
			formatMinutes(a.Lang, planned), formatMinutes(a.Lang, a.DurationMinutes), len(a.Items))
		if over := planned - a.DurationMinutes; over > 0 {
			plan += d.trf(" (%s langer dan de vergaderduur)", formatMinutes(a.Lang, over))
		}
	}
	pairs = append(pairs, Pair{Key: d.tr("Geplande tijd"), Value: plan})
	d.KeyValue(pairs)

	var note []string
	if reader := strings.TrimSpace(a.GeneratedFor); reader != "" {
		if !strings.HasPrefix(strings.ToLower(reader), "opgesteld voor") {
			reader = d.trf("Opgesteld voor: %s", reader)
		}
		note = append(note, reader)
	}
	if !a.Created.IsZero() {
		note = append(note, d.trf("Aangemaakt op %s", formatDate(a.Lang, a.Created)+", "+FormatTime(a.Created)))
	}
	for _, it := range a.Items {
		if it.Redacted {
			note = append(note, d.tr("Agendapunten over casussen waarbij uw organisatie niet betrokken is, zijn afgeschermd."))
			break
		}
	}
	if len(note) > 0 {
		d.Note(strings.Join(note, "\n"))
	}
}

// agendaOverview writes the time table of all items.
func (d *Doc) agendaOverview(a Agenda, starts []time.Time) {
	d.Heading(d.tr("Overzicht"))
	cols := []Column{
		{Header: d.tr("Nr."), Width: 8.5, Right: true},
		{Header: d.tr("Tijd"), Width: 12.5},
		{Header: d.tr("Soort"), Width: 33},
		{Header: d.tr("Casus / onderwerp"), Width: 36},
		{Header: d.tr("Thema"), Width: 38},
		{Header: d.tr("Wijk"), Width: 30.5},
		{Header: d.tr("Min."), Width: 11.5, Right: true},
	}
	rows := make([][]Cell, 0, len(a.Items))
	for i, it := range a.Items {
		start := ""
		if !starts[i].IsZero() {
			start = FormatTime(starts[i])
		}
		if it.Redacted {
			rows = append(rows, []Cell{
				{Text: strconv.Itoa(it.Position)}, {Text: start}, {Redacted: true},
				{Text: it.Reference, Bold: true}, {}, {}, {Text: count(it.PlannedMinutes)},
			})
			continue
		}
		rows = append(rows, []Cell{
			{Text: strconv.Itoa(it.Position)}, {Text: start}, {Text: it.Kind},
			{Text: itemSubject(it), Bold: true}, {Text: it.Theme}, {Text: it.Neighbourhood},
			{Text: count(it.PlannedMinutes)},
		})
	}
	d.Table(cols, rows)
}

// itemTitle is an item's title line: "Casus 2026-0042" or the topic.
func (d *Doc) itemTitle(it AgendaItem) string {
	if it.Redacted {
		return d.trf("Casus %s", it.Reference)
	}
	if it.Reference != "" {
		return d.trf("Casus %s", itemSubject(it))
	}
	return itemSubject(it)
}

// agendaItem writes one item: number, kind and subject, time, then details
// and the letters of its question sets in the annex. Items follow each other
// on the page; an item is kept together when it fits on a page.
func (d *Doc) agendaItem(it AgendaItem, start time.Time, last bool, annex []annexSet) {
	p := d.pdf
	// Right: planned time.
	when := minutes(it.PlannedMinutes)
	if !start.IsZero() {
		when = FormatTime(start)
		if it.PlannedMinutes > 0 {
			when += " – " + FormatTime(start.Add(time.Duration(it.PlannedMinutes)*time.Minute)) +
				" · " + minutes(it.PlannedMinutes)
		}
	}
	d.font("", sizeBody, colMuted)
	whenW := p.GetStringWidth(when) + 1

	// Keep the item on one page when it fits on one, else keep its title
	// with the first lines of the details.
	subject, details := d.itemTitle(it), d.itemDetails(it, annex)
	h := d.itemHeight(it, subject, details, d.width()-itemNumW-whenW-4)
	if h > bodyBottom-bodyTop {
		h = itemLead + 3*leadBody + 2
	}
	d.need(h)
	d.font("", sizeBody, colMuted)
	y := p.GetY()
	p.SetXY(d.left()+d.width()-whenW, y)
	p.CellFormat(whenW, itemLead, when, "", 0, "R", false, 0, "")

	// Left: number, then kind and subject.
	d.font("B", 11, colAccent)
	p.SetXY(d.left(), y)
	p.CellFormat(itemNumW, itemLead, strconv.Itoa(it.Position)+".", "", 0, "L", false, 0, "")

	d.indent += itemNumW
	defer func() { d.indent -= itemNumW }()
	titleW := d.width() - whenW - 4
	d.setFont(fontState{"B", 11, colText})
	p.SetY(y)
	d.lines(d.left(), titleW, itemLead, d.split(subject, titleW), "L")
	if !it.Redacted && it.Kind != "" {
		d.setFont(fontState{"", sizeSmall, colMuted})
		d.lines(d.left(), titleW, leadSmall, d.split(it.Kind, titleW), "L")
	}
	p.SetY(p.GetY() + 1.5)

	if it.Redacted {
		d.Redacted()
		p.SetY(p.GetY() + 1.5)
	} else {
		d.KeyValue(details)
	}
	if !last {
		p.SetY(p.GetY() + 1)
		d.indent -= itemNumW
		d.rule(p.GetY(), 0.15)
		d.indent += itemNumW
		p.SetY(p.GetY() + 4)
	}
}

// itemDetails are the key/value lines of a visible item.
func (d *Doc) itemDetails(it AgendaItem, annex []annexSet) []Pair {
	if it.Redacted {
		return nil
	}
	var pairs []Pair
	for _, kv := range []Pair{
		{Key: d.tr("Thema"), Value: it.Theme},
		{Key: d.tr("Wijk"), Value: it.Neighbourhood},
		{Key: d.tr("Aanleiding"), Value: it.Reason},
		{Key: d.tr("Vragensets"), Value: d.setRefs(it, annex)},
	} {
		if strings.TrimSpace(kv.Value) != "" {
			pairs = append(pairs, kv)
		}
	}
	return pairs
}

// itemHeight estimates the height agendaItem takes without a page break;
// it mirrors agendaItem's layout.
func (d *Doc) itemHeight(it AgendaItem, subject string, details []Pair, titleW float64) float64 {
	d.font("B", 11, colText)
	h := float64(len(d.split(subject, titleW)))*itemLead + 1.5
	if it.Redacted {
		return h + leadBody + 1.5
	}
	if it.Kind != "" {
		d.font("", sizeSmall, colMuted)
		h += float64(len(d.split(it.Kind, titleW))) * leadSmall
	}
	d.indent += itemNumW
	defer func() { d.indent -= itemNumW }()
	h += d.keyValueHeight(details)
	return h
}

// itemStarts returns each item's planned start: its own, else the previous
// item's end, beginning at the meeting start.
func itemStarts(a Agenda) []time.Time {
	out := make([]time.Time, len(a.Items))
	next := a.StartsAt
	for i, it := range a.Items {
		s := it.StartsAt
		if s.IsZero() {
			s = next
		}
		out[i] = s
		if !s.IsZero() {
			next = s.Add(time.Duration(it.PlannedMinutes) * time.Minute)
		}
	}
	return out
}

// itemSubject is what an item is about: the case reference or the topic.
func itemSubject(it AgendaItem) string {
	if it.Reference != "" {
		return it.Reference
	}
	return it.Title
}

func minutes(m int) string {
	if m <= 0 {
		return ""
	}
	return strconv.Itoa(m) + " min"
}

func count(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinNonEmpty(sep string, s ...string) string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, sep)
}
