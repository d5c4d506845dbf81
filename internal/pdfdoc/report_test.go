package pdfdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/chart"
	"casusoverleg/internal/pdfdoc"
)

func TestWriteReport(t *testing.T) {
	c := chart.Chart{ID: "wijken", Title: "Casussen per wijk", Desc: "Aangemeld per wijk", HiddenSize: 4,
		Categories: []string{"5341 Centrum", "5348 Ussen"},
		Series:     []chart.Series{{Name: "Aangemeld", Values: []chart.Value{{N: 6, Text: "6"}, {Hidden: true, Text: "< 5"}}}}}
	trend := c
	trend.Kind, trend.ID = chart.Columns, "trend"
	r := pdfdoc.Report{Site: "ZVH", Title: "Kwartaalrapportage", Period: "1 juli – 30 september 2026", Series: "Alle overleggen",
		Note: "Aantallen van 1 tot 4 staan er als < 5.", Created: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Sections: []pdfdoc.ReportSection{{Title: "Per wijk", Chart: &c,
			Columns: []pdfdoc.Column{{Header: "PC4"}, {Header: "Wijk"}, {Header: "Aangemeld", Right: true}},
			Rows:    [][]pdfdoc.Cell{pdfdoc.Texts("5341", "Centrum", "6"), pdfdoc.Texts("5348", "Ussen", "< 5")}},
			{Title: "Per kwartaal", Chart: &trend}}}
	var buf bytes.Buffer
	if err := pdfdoc.WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Kwartaalrapportage", "Per wijk", "5348 Ussen", "< 5", "Centrum", "geen persoonsgegevens"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}
