package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/reports"
)

// apiReport answers the whole report for ?from, ?to and ?series_id.
func (s *Server) apiReport(c *gin.Context) {
	r, err := s.buildReport(c, audit.ActionView, "api", nil)
	if err != nil {
		apiError(c, err)
		return
	}
	reportJSON(c, r)
}

// apiReportTable answers one table of the report, in the same shape.
func (s *Server) apiReportTable(c *gin.Context) {
	id := c.Param("table")
	if !slices.Contains(reports.TableIDs, id) {
		apiError(c, conference.ErrNotFound)
		return
	}
	r, err := s.buildReport(c, audit.ActionView, "api "+id, nil)
	if err != nil {
		apiError(c, err)
		return
	}
	t, ok := r.Table(id)
	if !ok {
		apiError(c, conference.ErrNotFound)
		return
	}
	r.Tables = []reports.Table{t}
	reportJSON(c, r)
}

// reportJSON writes r with "< 5" as it is, not as "\u003c 5".
func reportJSON(c *gin.Context, r *reports.Report) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		apiError(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}
