package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/reports"
)

// reportFilter reads from, to and series_id from the query. Without from
// and to it is the current year up to today, or fallback when given.
func (s *Server) reportFilter(c *gin.Context, fallback *reports.Filter) (reports.Filter, error) {
	now := s.cfg.Now().In(amsterdam)
	f := reports.Filter{From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)}
	if fallback != nil && c.Query("from") == "" && c.Query("to") == "" {
		f.From, f.To = fallback.From, fallback.To
	}
	var errs conference.ValidationErrors
	for _, field := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := c.Query(field.name); v != "" {
			t, err := time.Parse(dateLayout, v)
			if err != nil {
				errs.Add(field.name, "must be a date (YYYY-MM-DD)")
				continue
			}
			*field.dst = t
		}
	}
	if v := c.Query("series_id"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("series_id", "must be a series")
		}
		f.SeriesID = id
	}
	return f, errs.Err()
}

// buildReport reads the filter, builds the report for the request's user
// and records the view (or export) in the audit log before anything is
// shown; when the event cannot be written, the report is not shown either.
func (s *Server) buildReport(c *gin.Context, action audit.Action, what string, fallback *reports.Filter) (*reports.Report, error) {
	f, err := s.reportFilter(c, fallback)
	if err != nil {
		return nil, err
	}
	r, err := s.reports.Report(c.Request.Context(), actor(c), f)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("%s %s..%s", what, f.From.Format(dateLayout), f.To.Format(dateLayout))
	if err := s.recordAll(c, action, "report", []int64{f.SeriesID}, detail); err != nil {
		return nil, err
	}
	return r, nil
}

// reportsData is what the reports page shows.
type reportsData struct {
	From, To   string
	SeriesID   int64
	Series     []reports.Named
	Suppressed bool
	Tables     []reportTable
	Query      string
	// QuarterQuery asks for the last complete quarter (the quarterly PDF).
	QuarterQuery string
}

func (s *Server) reportsPage(c *gin.Context) {
	series, err := s.reports.Series(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := reportsData{Series: series, QuarterQuery: reportQuery(reports.LastQuarter(s.cfg.Now()))}
	r, err := s.buildReport(c, audit.ActionView, "page", nil)
	if err != nil {
		if len(validationErrors(err)) == 0 {
			s.fail(c, err)
			return
		}
		d.From, d.To = c.Query("from"), c.Query("to")
		s.show(c, page{Code: http.StatusUnprocessableEntity, Name: "reports", Title: "reports.title", Section: "reports",
			Data: d, Form: newForm(c.Request.URL.Query(), err)})
		return
	}
	d.From, d.To, d.SeriesID = r.Filter.From.Format(dateLayout), r.Filter.To.Format(dateLayout), r.Filter.SeriesID
	d.Suppressed, d.Tables, d.Query = r.Suppressed, s.reportTables(r, lang(c)), reportQuery(r.Filter)
	s.show(c, page{Name: "reports", Title: "reports.title", Section: "reports", Data: d})
}

// reportCSV answers one table of the report as CSV (?table=…), in the page's language.
func (s *Server) reportCSV(c *gin.Context) {
	id := c.Query("table")
	if !slices.Contains(reports.TableIDs, id) {
		s.fail(c, conference.ErrNotFound)
		return
	}
	r, err := s.buildReport(c, audit.ActionExport, "csv "+id, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	var tb *reportTable
	for _, t := range s.reportTables(r, lang(c)) {
		if t.ID == id {
			tb = &t
			break
		}
	}
	if tb == nil {
		s.fail(c, conference.ErrNotFound)
		return
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(tb.Headers)
	_ = w.WriteAll(tb.Rows) // WriteAll flushes; a bytes.Buffer does not fail
	name := fmt.Sprintf("rapportage-%s-%s-%s.csv", id, r.Filter.From.Format(dateLayout), r.Filter.To.Format(dateLayout))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// reportPDF answers the report as a PDF with its charts; without a period,
// the last complete quarter (the quarterly report).
func (s *Server) reportPDF(c *gin.Context) {
	last := reports.LastQuarter(s.cfg.Now())
	r, err := s.buildReport(c, audit.ActionExport, "pdf", &last)
	if err != nil {
		s.fail(c, err)
		return
	}
	const lang = "nl" // the PDFs of the Veiligheidshuis are Dutch
	t := func(key string) string { return s.pages.translate(lang, key) }
	doc := pdfdoc.Report{Site: s.cfg.SiteName, Title: t("reports.pdf_title"), Created: s.cfg.Now(),
		Period: pdfdoc.FormatDay(r.Filter.From) + " – " + pdfdoc.FormatDay(r.Filter.To), Series: t("reports.all_series")}
	if r.Filter.SeriesID > 0 {
		if sr, err := s.store.Series(c.Request.Context(), r.Filter.SeriesID); err == nil {
			doc.Series = sr.Name
		}
	}
	if r.Suppressed {
		doc.Note = t("reports.suppressed")
	}
	for _, tb := range s.reportTables(r, lang) {
		sec := pdfdoc.ReportSection{Title: tb.Title, Chart: tb.Chart}
		for i, h := range tb.Headers {
			sec.Columns = append(sec.Columns, pdfdoc.Column{Header: h, Right: tb.Numeric[i]})
		}
		for _, row := range tb.Rows {
			sec.Rows = append(sec.Rows, pdfdoc.Texts(row...))
		}
		doc.Sections = append(doc.Sections, sec)
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteReport(&buf, doc); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("rapportage-%s-%s.pdf", r.Filter.From.Format(dateLayout), r.Filter.To.Format(dateLayout))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}
