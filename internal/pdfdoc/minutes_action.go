package pdfdoc

import (
	"strings"
	"time"
)

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
