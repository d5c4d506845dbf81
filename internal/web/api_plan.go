package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) apiPlanMeetings(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in struct {
		Count int `json:"count"`
	}
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	list, err := s.planMeetings(c, id, in.Count)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, gin.H{"items": list})
}

type cancelInput struct {
	Reason   string `json:"cancel_reason"`
	Version  int    `json:"version"`
	PlanNext bool   `json:"plan_next"`
}

func (s *Server) apiCancelConference(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in cancelInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	next, err := s.cancelMeeting(c, id, in.Reason, in.Version, in.PlanNext)
	if err != nil {
		apiError(c, err)
		return
	}
	cancelled, err := s.store.Conference(c.Request.Context(), id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"cancelled": cancelled, "next": next})
}
