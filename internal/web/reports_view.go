package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"casusoverleg/internal/chart"
	"casusoverleg/internal/reports"
)

// reportTable is one table of a report as pages, CSV and PDF show it:
// translated headers and labels, and values as text ("< 5" when hidden).
type reportTable struct {
	ID      string
	Title   string
	Headers []string
	// Numeric marks the value columns (right-aligned).
	Numeric []bool
	Rows    [][]string
	// Chart is the table's picture, when it has one.
	Chart *chart.Chart
	// SVG is Chart drawn for the page.
	SVG template.HTML
}

// chartTopN is how many neighbourhoods the bar chart shows; the table shows all.
const chartTopN = 15

// reportTables translates r into lang, with the charts of the neighbourhoods, themes and trend.
func (s *Server) reportTables(r *reports.Report, lang string) []reportTable {
	t := func(key string) string { return s.pages.translate(lang, key) }
	out := make([]reportTable, 0, len(r.Tables))
	for _, tb := range r.Tables {
		rt := reportTable{ID: tb.ID, Title: t("reports.table." + tb.ID)}
		for _, c := range tb.Columns {
			rt.Headers = append(rt.Headers, t("reports.col."+c.Key))
			rt.Numeric = append(rt.Numeric, !c.Label)
		}
		for _, row := range tb.Rows {
			var cells []string
			for i, l := range row.Labels {
				cells = append(cells, s.reportLabel(tb.Columns[i], l, lang))
			}
			for _, v := range row.Values {
				cells = append(cells, v.Text(lang))
			}
			rt.Rows = append(rt.Rows, cells)
		}
		rt.Chart = s.reportChart(tb, rt, lang)
		if rt.Chart != nil {
			rt.SVG = template.HTML(chart.SVG(*rt.Chart)) // built from escaped text only
		}
		out = append(out, rt)
	}
	return out
}

// reportLabel translates one row label.
func (s *Server) reportLabel(c reports.Column, label, lang string) string {
	switch {
	case label == "∑":
		return s.pages.translate(lang, "reports.total")
	case c.Translate != "":
		return s.pages.translate(lang, c.Translate+label)
	case c.Key == "quarter":
		year, q, _ := strings.Cut(label, "-Q")
		return year + " " + s.pages.translate(lang, "reports.quarter_prefix") + q
	}
	return label
}

// reportChart draws the tables that have a picture: bars per neighbourhood
// (the largest fifteen) and per theme, columns per quarter.
func (s *Server) reportChart(tb reports.Table, rt reportTable, lang string) *chart.Chart {
	t := func(key string) string { return s.pages.translate(lang, key) }
	c := chart.Chart{ID: "chart-" + tb.ID, Title: rt.Title, HiddenSize: reports.SmallCell}
	labels := 0
	for _, col := range tb.Columns {
		if col.Label {
			labels++
		}
	}
	switch tb.ID {
	case reports.TableNeighbourhoods, reports.TableThemes:
		c.Kind = chart.Bars
		c.Desc = t("reports.chart_desc." + tb.ID)
		ser := chart.Series{Name: t("reports.col.referred")}
		for i, row := range tb.Rows {
			if tb.ID == reports.TableNeighbourhoods && i >= chartTopN {
				break
			}
			c.Categories = append(c.Categories, strings.Join(rt.Rows[i][:labels], " "))
			ser.Values = append(ser.Values, chartValue(row.Values[0], lang))
		}
		c.Series = []chart.Series{ser}
	case reports.TableTrend:
		c.Kind = chart.Columns
		c.Desc = t("reports.chart_desc.trend")
		for i, row := range tb.Rows {
			c.Categories = append(c.Categories, rt.Rows[i][0])
			n := 0 // the counts are drawn; a share (the repeat rate) stays in the table
			for vi, v := range row.Values {
				if v.Kind == reports.KindPercent {
					continue
				}
				if len(c.Series) <= n {
					c.Series = append(c.Series, chart.Series{Name: rt.Headers[labels+vi]})
				}
				c.Series[n].Values = append(c.Series[n].Values, chartValue(v, lang))
				n++
			}
		}
	default:
		return nil
	}
	if len(c.Categories) == 0 {
		return nil
	}
	return &c
}

func chartValue(v reports.Value, lang string) chart.Value {
	return chart.Value{N: v.Number, Hidden: v.Hidden, Text: v.Text(lang)}
}

// reportQuery is the query string that asks for the same report again.
func reportQuery(f reports.Filter) string {
	q := url.Values{}
	q.Set("from", f.From.Format(dateLayout))
	q.Set("to", f.To.Format(dateLayout))
	if f.SeriesID > 0 {
		q.Set("series_id", strconv.FormatInt(f.SeriesID, 10))
	}
	return q.Encode()
}

// dateLayout is how report periods are written in forms and URLs.
const dateLayout = "2006-01-02"
