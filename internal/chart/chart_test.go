package chart_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"casusoverleg/internal/chart"
)

func sample(kind chart.Kind, hidden float64) chart.Chart {
	return chart.Chart{ID: "themes", Title: "Casussen per thema", Desc: "Aangemelde casussen per thema.", Kind: kind, HiddenSize: 4,
		Categories: []string{"Nazorg", "Jeugd & <zorg>"},
		Series: []chart.Series{{Name: "Aangemeld", Values: []chart.Value{{N: 12, Text: "12"}, {N: hidden, Hidden: true, Text: "< 5"}}},
			{Name: "Besproken", Values: []chart.Value{{N: 7, Text: "7"}, {N: 0, Text: "0"}}}}}
}

func TestSVG(t *testing.T) {
	for name, kind := range map[string]chart.Kind{"Bars": chart.Bars, "Columns": chart.Columns} {
		t.Run(name, func(t *testing.T) {
			svg := chart.SVG(sample(kind, 0))
			for _, want := range []string{`role="img"`, `aria-labelledby="themes-title themes-desc"`,
				`<title id="themes-title">Casussen per thema</title>`, `<desc id="themes-desc">Aangemelde casussen per thema.</desc>`,
				`&lt; 5`, `stroke-dasharray`, `Jeugd &amp; &lt;zorg&gt;`} {
				if !strings.Contains(svg, want) {
					t.Errorf("SVG lacks %s:\n%s", want, svg)
				}
			}
			if strings.Contains(svg, "<script") {
				t.Fatal("SVG has a script")
			}
			d := xml.NewDecoder(strings.NewReader(svg))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
				}
			}
			// A hidden value draws the same whatever number it stood for.
			if other := chart.SVG(sample(kind, 3)); other != svg {
				t.Fatal("a hidden value changes the picture")
			}
		})
	}
}

func TestLayoutScalesToLargest(t *testing.T) {
	shapes, h := chart.Layout(sample(chart.Bars, 0))
	if h <= 0 {
		t.Fatal("no height")
	}
	var widths []float64
	for _, s := range shapes {
		if s.Kind == chart.Rect {
			widths = append(widths, s.W)
		}
	}
	if len(widths) != 2 || widths[1] >= widths[0] || widths[1] <= 0 {
		t.Fatalf("bar widths %v: want the hidden bar smaller than 12 and drawn", widths)
	}
}
