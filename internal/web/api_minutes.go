package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/minutes"
)

// minutesView loads the minutes as the user may see them and logs the cases shown in full.
func (s *Server) minutesView(c *gin.Context, conferenceID int64) (minutes.View, bool) {
	v, err := s.minutes.Minutes(c.Request.Context(), actor(c), conferenceID)
	if err != nil {
		s.fail(c, err)
		return v, false
	}
	var ids []int64
	for _, it := range v.Items {
		if it.CaseID != nil && !it.Redacted() {
			ids = append(ids, *it.CaseID)
		}
	}
	return v, s.recordViews(c, "case", ids, "minutes")
}

func (s *Server) apiMinutes(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if v, ok := s.minutesView(c, id); ok {
		writeJSON(c, http.StatusOK, v)
	}
}

// conflictBody answers a lost save with both texts: the stored one and the one sent.
func conflictBody(err error, sent minutes.ItemRecord) (gin.H, bool) {
	var ce *minutes.ConflictError
	if !errors.As(err, &ce) {
		return nil, false
	}
	return gin.H{"errors": []fieldError{{Field: "version", Message: "the item was saved by someone else; both texts are included"}}, "current": ce.Current, "yours": sent}, true
}

func (s *Server) apiSaveRecord(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var rec minutes.ItemRecord
	if err := decodeJSON(c, &rec); err != nil {
		apiError(c, err)
		return
	}
	rec.ItemID = id
	sent := rec
	if err := s.saveRecord(c, &rec); err != nil {
		if body, ok := conflictBody(err, sent); ok {
			c.AbortWithStatusJSON(http.StatusConflict, body)
			return
		}
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, rec)
}

func (s *Server) apiAddDecision(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in decisionInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	d, err := in.domain()
	if err == nil {
		err = s.addDecision(c, id, &d)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, d)
}

func (s *Server) apiResolveDecision(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in struct {
		Resolution string `json:"resolution"`
	}
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	d, err := s.resolveDecision(c, id, in.Resolution)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, d)
}

func (s *Server) apiAddAction(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in actionInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	a, err := in.domain()
	if err == nil {
		err = s.addAction(c, id, &a)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, a)
}

// apiMyActions lists the open actions of the caller's organisation and a
// page (limit, offset) of its done ones, in one list as before pages existed.
func (s *Server) apiMyActions(c *gin.Context) {
	p, err := queryPage(c)
	if err != nil {
		apiError(c, err)
		return
	}
	list, err := s.minutes.MyActions(c.Request.Context(), actor(c), p)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list.All(), "open_total": list.OpenTotal, "done_total": list.DoneTotal})
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Server) apiCompleteAction(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	a, err := s.completeAction(c, id, in.Note)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, a)
}

func (s *Server) apiMandate(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	m, err := s.minutes.Mandate(c.Request.Context(), actor(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	if !s.recordView(c, "case", m.CaseID, "mandate") {
		return
	}
	writeJSON(c, http.StatusOK, m)
}

func (s *Server) apiLogQuickAction(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in quickActionInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	q, err := in.domain()
	if err == nil {
		err = s.logQuickAction(c, id, &q)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, q)
}

func (s *Server) apiRevokeMandate(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	m, err := s.revokeMandate(c, id, in.Reason)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, m)
}

func (s *Server) apiTimeline(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	events, err := s.minutes.Timeline(c.Request.Context(), actor(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	if !s.recordView(c, "case", id, "timeline") {
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": nonNilSlice(events)})
}
