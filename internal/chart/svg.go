package chart

import (
	"fmt"
	"html"
	"strings"
)

// SVG writes c as an inline SVG image: role="img", labelled by its <title>
// and described by its <desc>, scaled to the width of its container.
func SVG(c Chart) string {
	shapes, h := Layout(c)
	esc := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Verdana, sans-serif" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc">`,
		num(Width(c)), num(h), esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	for _, s := range shapes {
		switch s.Kind {
		case Rect:
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s"%s/>`, num(s.X), num(s.Y), num(s.W), num(s.H), paint(s))
		case Line:
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s"%s/>`, num(s.X), num(s.Y), num(s.X2), num(s.Y2), paint(s))
		case Text:
			weight := ""
			if s.Bold {
				weight = ` font-weight="bold"`
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" font-size="%s"%s fill="%s">%s</text>`,
				num(s.X), num(s.Y), s.Anchor, num(s.Size), weight, s.Fill, esc(s.Text))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func paint(s Shape) string {
	fill := s.Fill
	if fill == "" {
		fill = "none"
	}
	out := fmt.Sprintf(` fill="%s"`, fill)
	if s.Stroke != "" {
		// The same line width at every size, so a dashed outline stays visible on a phone.
		out += fmt.Sprintf(` stroke="%s" stroke-width="2" vector-effect="non-scaling-stroke"`, s.Stroke)
	}
	if s.Dashed {
		out += ` stroke-dasharray="4 3"`
	}
	return out
}
