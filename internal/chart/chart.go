// Package chart lays out the bar charts of the reports once, as shapes in
// abstract units, so that the page (SVG, no script) and the PDF (gofpdf
// vectors) draw the same picture. It knows nothing of reports or HTTP.
package chart

import (
	"math"
	"strconv"
)

// Kind is the form of a chart.
type Kind int

// The forms of a chart.
const (
	// Bars are horizontal bars, one per category, of the first series only.
	Bars Kind = iota
	// Columns are vertical columns grouped per category, one per series, with a legend.
	Columns
)

// Value is one bar. A hidden value (small-cell suppression) has no number:
// it is drawn as a dashed outline of a fixed size, labelled Text.
type Value struct {
	N      float64
	Hidden bool
	// Text is written at the bar: the number as the page writes it, or "< 5".
	Text string
}

// Series is one set of values, one per category.
type Series struct {
	Name   string
	Values []Value
}

// Chart is what to draw: a title and a description for assistive technology
// and the PDF, categories along one axis and the series' values.
type Chart struct {
	ID         string
	Title      string
	Desc       string
	Kind       Kind
	Categories []string
	Series     []Series
	// HiddenSize is the size a hidden value is drawn at (the largest count it may stand for).
	HiddenSize float64
}

// ShapeKind says what a Shape is.
type ShapeKind int

// The shapes a layout is made of.
const (
	Rect ShapeKind = iota
	Line
	Text
)

// Shape is one element of a laid-out chart, in units where the chart is Width wide.
type Shape struct {
	Kind ShapeKind
	// Rect: X, Y, W, H. Line: from (X, Y) to (X2, Y2). Text: baseline at (X, Y).
	X, Y, W, H, X2, Y2 float64
	Text               string
	// Anchor is "start", "middle" or "end" for text.
	Anchor string
	Size   float64
	Bold   bool
	Fill   string // "#rrggbb" or "" for none
	Stroke string
	Dashed bool
}

// Widths of the layouts; their heights depend on the chart.
const (
	BarsWidth    = 480.0
	ColumnsWidth = 560.0
)

// Width returns the width of c's layout.
func Width(c Chart) float64 {
	if c.Kind == Columns {
		return ColumnsWidth
	}
	return BarsWidth
}

// Palette holds the series colours: dark enough for text contrast on white.
var Palette = []string{"#1f5fa8", "#a4461a", "#2e6b30", "#6b3fa0"}

const (
	ink      = "#222222"
	gridInk  = "#c8c8c8"
	fontSize = 14.0
)

// Layout places c's shapes and returns them with the chart's height.
func Layout(c Chart) ([]Shape, float64) {
	if c.Kind == Columns {
		return columns(c)
	}
	return bars(c)
}

// scaleMax is the largest value drawn: at least 1, and at least twice the
// hidden size plus two, so that a hidden value reads as small.
func scaleMax(c Chart, series []Series) float64 {
	m := math.Max(1, 2*c.HiddenSize+2)
	for _, s := range series {
		for _, v := range s.Values {
			if !v.Hidden {
				m = math.Max(m, v.N)
			}
		}
	}
	return m
}

func bars(c Chart) ([]Shape, float64) {
	const labelW, rowH, barH, top = 170.0, 26.0, 18.0, 8.0
	x0, x1 := labelW+10, BarsWidth-50
	var series []Series
	if len(c.Series) > 0 {
		series = c.Series[:1]
	}
	m := scaleMax(c, series)
	h := top + rowH*float64(len(c.Categories)) + 8
	var out []Shape
	for i, cat := range c.Categories {
		y := top + rowH*float64(i)
		out = append(out, Shape{Kind: Text, X: labelW, Y: y + barH - 3, Text: shorten(cat, 19), Anchor: "end", Size: fontSize, Fill: ink})
		if len(series) == 0 || i >= len(series[0].Values) {
			continue
		}
		v := series[0].Values[i]
		n, fill, stroke := v.N, Palette[0], ""
		if v.Hidden {
			n, fill, stroke = c.HiddenSize, "", Palette[0]
		}
		w := (x1 - x0) * n / m
		if w > 0 {
			out = append(out, Shape{Kind: Rect, X: x0, Y: y, W: w, H: barH, Fill: fill, Stroke: stroke, Dashed: v.Hidden})
		}
		out = append(out, Shape{Kind: Text, X: x0 + w + 6, Y: y + barH - 3, Text: v.Text, Anchor: "start", Size: fontSize, Fill: ink})
	}
	out = append(out, Shape{Kind: Line, X: x0, Y: top - 4, X2: x0, Y2: h - 4, Stroke: ink})
	return out, h
}

func columns(c Chart) ([]Shape, float64) {
	const h, left, right, top, bottom = 280.0, 48.0, 10.0, 34.0, 40.0
	const width = ColumnsWidth
	plotW, plotH := width-left-right, h-top-bottom
	m := niceMax(scaleMax(c, c.Series))
	var out []Shape
	// Grid and axis labels.
	for i := 0; i <= 4; i++ {
		v := m * float64(i) / 4
		y := top + plotH - plotH*float64(i)/4
		out = append(out, Shape{Kind: Line, X: left, Y: y, X2: width - right, Y2: y, Stroke: gridInk},
			Shape{Kind: Text, X: left - 6, Y: y + 4, Text: strconv.FormatFloat(v, 'f', -1, 64), Anchor: "end", Size: fontSize - 2, Fill: ink})
	}
	// Legend.
	x := left
	for i, s := range c.Series {
		out = append(out, Shape{Kind: Rect, X: x, Y: 8, W: 12, H: 12, Fill: Palette[i%len(Palette)]},
			Shape{Kind: Text, X: x + 16, Y: 18, Text: s.Name, Anchor: "start", Size: fontSize, Fill: ink})
		x += 26 + 8.5*float64(len([]rune(s.Name)))
	}
	n := max(1, len(c.Categories))
	groupW := plotW / float64(n)
	barW := groupW * 0.8 / float64(max(1, len(c.Series)))
	showText := n*len(c.Series) <= 15
	every := max(1, (n+7)/8) // at most eight category labels
	for i, cat := range c.Categories {
		gx := left + groupW*float64(i) + groupW*0.1
		for si, s := range c.Series {
			if i >= len(s.Values) {
				continue
			}
			v := s.Values[i]
			val, fill, stroke := v.N, Palette[si%len(Palette)], ""
			if v.Hidden {
				val, fill, stroke = c.HiddenSize, "", Palette[si%len(Palette)]
			}
			bh := plotH * val / m
			bx := gx + barW*float64(si)
			if bh > 0 {
				out = append(out, Shape{Kind: Rect, X: bx, Y: top + plotH - bh, W: barW - 1, H: bh, Fill: fill, Stroke: stroke, Dashed: v.Hidden})
			}
			if showText {
				out = append(out, Shape{Kind: Text, X: bx + barW/2, Y: top + plotH - bh - 3, Text: v.Text, Anchor: "middle", Size: fontSize - 3, Fill: ink})
			}
		}
		if i%every == 0 {
			out = append(out, Shape{Kind: Text, X: left + groupW*(float64(i)+0.5), Y: top + plotH + 16, Text: cat, Anchor: "middle", Size: fontSize - 1, Fill: ink})
		}
	}
	out = append(out, Shape{Kind: Line, X: left, Y: top + plotH, X2: width - right, Y2: top + plotH, Stroke: ink})
	return out, h
}

// niceMax rounds m up to 1, 2 or 5 times a power of ten, times four (the grid lines).
func niceMax(m float64) float64 {
	step := m / 4
	p := math.Pow(10, math.Floor(math.Log10(step)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= step {
			return 4 * f * p
		}
	}
	return 4 * 10 * p
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// num writes a coordinate for SVG.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
