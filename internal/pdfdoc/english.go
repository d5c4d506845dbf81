package pdfdoc

import (
	"fmt"
	"time"
)

// english is the English of the documents' own Dutch texts, keyed by the
// Dutch; a document with Meta.Lang "en" prints these. What users typed and
// the labels the caller passes in are printed as given.
var english = map[string]string{
	Classification:                     "Confidential — contains personal data (GDPR art. 9/10)",
	"Pagina %d van {nb}":               "Page %d of {nb}",
	"Pagina 888 van 888":               "Page 888 of 888",
	RedactedText:                       "shielded",
	DraftMark:                          "DRAFT — not published yet",
	"Agendapunten":                     "Agenda items",
	"Overzicht":                        "Overview",
	"Datum":                            "Date",
	"Tijd":                             "Time",
	"%s uur":                           "%s",
	"Locatie":                          "Location",
	"Voorzitter":                       "Chair",
	"Notulist":                         "Secretary",
	"Geplande tijd":                    "Planned time",
	"%s voor %d agendapunten":          "%s for %d agenda items",
	"%s van %s voor %d agendapunten":   "%s of %s for %d agenda items",
	" (%s langer dan de vergaderduur)": " (%s longer than the meeting)",
	"Opgesteld voor: %s":               "Prepared for: %s",
	"Aangemaakt op %s":                 "Created on %s",
	"Agendapunten over casussen waarbij uw organisatie niet betrokken is, zijn afgeschermd.": "Agenda items about cases your organisation is not involved in are shielded.",
	"Nr.":                 "No.",
	"Soort":               "Kind",
	"Casus / onderwerp":   "Case / topic",
	"Thema":               "Theme",
	"Wijk":                "Neighbourhood",
	"Min.":                "Min.",
	"Casus %s":            "Case %s",
	"Aanleiding":          "Reason",
	"Vragensets":          "Question sets",
	"vragenset %s (%s)":   "question set %s (%s)",
	"%s, bijlage":         "%s, annex",
	"Bijlage: vragensets": "Annex: question sets",
	"Vragenset %s — %s":   "Question set %s — %s",
}

// tr returns the document's text nl in the document's language.
func (d *Doc) tr(nl string) string {
	if d.meta.Lang == "en" {
		if en, ok := english[nl]; ok {
			return en
		}
	}
	return nl
}

// trf formats the document's text nl, in the document's language, with args.
func (d *Doc) trf(nl string, args ...any) string { return fmt.Sprintf(d.tr(nl), args...) }

// formatDate is FormatDate in lang: "Monday 30 November 2026" in English.
func formatDate(lang string, t time.Time) string {
	if lang == "en" {
		return t.In(amsterdam).Format("Monday 2 January 2006")
	}
	return FormatDate(t)
}

// formatDay is FormatDay in lang: "30 November 2026" in English.
func formatDay(lang string, t time.Time) string {
	if lang == "en" {
		return t.In(amsterdam).Format("2 January 2006")
	}
	return FormatDay(t)
}

// formatMinutes is FormatMinutes in lang: "2 h 30 min" in English.
func formatMinutes(lang string, m int) string {
	if lang != "en" || m < 60 {
		return FormatMinutes(m)
	}
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
