package web

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/retention"
)

// The operations of the privacy lifecycle: reopening a closed case, the
// retention settings and the approval of a destruction list. Each records
// its own audit event; the page and the API share them.

// reopenCase takes closed case id back into treatment, within its retention period.
func (s *Server) reopenCase(c *gin.Context, id int64, version int, reason string) (conference.Case, error) {
	ctx := c.Request.Context()
	ends, err := s.retention.RetentionEnds(ctx, id)
	if err != nil {
		return conference.Case{}, err
	}
	cs, err := s.store.ReopenCase(ctx, actor(c), conference.Reopen{CaseID: id, Version: version, Reason: reason, RetentionEnds: ends})
	if err != nil {
		return cs, err
	}
	s.record(c, auditUpdate, "case", id, "reopened")
	return cs, nil
}

// saveRetention stores the retention settings; the event says what they are now.
func (s *Server) saveRetention(c *gin.Context, st retention.Settings) (retention.Settings, error) {
	out, err := s.retention.SaveSettings(c.Request.Context(), actor(c).UserID, st)
	if err != nil {
		return out, err
	}
	var series []string
	for _, p := range out.Series {
		series = append(series, fmt.Sprintf("%d:%d", p.SeriesID, p.Months))
	}
	s.record(c, auditUpdate, "retention_settings", 0, fmt.Sprintf("cases %d months, audit log %d months, series [%s]",
		out.CaseMonths, out.AuditMonths, strings.Join(series, " ")))
	return out, nil
}

// approveDestruction signs destruction list id off and destroys its cases
// at once (the daily job would otherwise do it at its next run).
func (s *Server) approveDestruction(c *gin.Context, id int64, version int, reason string) (retention.List, error) {
	ctx := c.Request.Context()
	by := retention.Approver{UserID: actor(c).UserID}
	if u := currentUser(c); u != nil {
		by.Name = u.Name
	}
	l, err := s.retention.Approve(ctx, id, version, by, reason)
	if err != nil {
		return l, err
	}
	s.record(c, auditUpdate, "destruction_list", id, fmt.Sprintf("approved: %d cases", len(l.Cases)))
	if _, err := s.retention.Destroy(ctx); err != nil {
		return l, err
	}
	return s.retention.List(ctx, id)
}
