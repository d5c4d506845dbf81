package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/retention"
)

// retentionInput is the body of PUT /api/v1/retention.
type retentionInput struct {
	CaseMonths  int `json:"case_months"`
	AuditMonths int `json:"audit_months"`
	Series      []struct {
		SeriesID int64 `json:"series_id"`
		Months   int   `json:"months"`
	} `json:"series"`
}

// versionedReason is the body of a list approval and of a case reopening.
type versionedReason struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func (s *Server) apiRetention(c *gin.Context) {
	st, err := s.retention.Settings(c.Request.Context())
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, st)
}

func (s *Server) apiSaveRetention(c *gin.Context) {
	var in retentionInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	st := retention.Settings{CaseMonths: in.CaseMonths, AuditMonths: in.AuditMonths}
	for _, p := range in.Series {
		st.Series = append(st.Series, retention.SeriesPeriod{SeriesID: p.SeriesID, Months: p.Months})
	}
	out, err := s.saveRetention(c, st)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, out)
}

func (s *Server) apiDestructionLists(c *gin.Context) {
	lists, err := s.retention.Lists(c.Request.Context())
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": lists})
}

func (s *Server) apiApproveList(c *gin.Context) {
	apiWrite(s, c, http.StatusOK, func(c *gin.Context, id int64, in versionedReason) (retention.List, error) {
		return s.approveDestruction(c, id, in.Version, in.Reason)
	})
}

func (s *Server) apiDestructionRecords(c *gin.Context) {
	recs, err := s.retention.Records(c.Request.Context())
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": recs})
}

func (s *Server) apiReopenCase(c *gin.Context) {
	apiWrite(s, c, http.StatusOK, func(c *gin.Context, id int64, in versionedReason) (conference.Case, error) {
		return s.reopenCase(c, id, in.Version, in.Reason)
	})
}
