package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// The comment round: the secretary shares the draft minutes with the present
// organisations until a deadline; participants comment per item; the
// secretary marks each comment processed or declined with a note.

type roundInput struct {
	Deadline string `json:"deadline"`
}

type commentInput struct {
	Text string `json:"text"`
}

type handleInput struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

// commentsURL is the page of a conference's comment round.
func commentsURL(conferenceID int64) string {
	return fmt.Sprintf("/conferences/%d/comments", conferenceID)
}

// commentsView loads the comment round as the user sees it and logs the
// reads of the cases whose draft it shows.
func (s *Server) commentsView(c *gin.Context, conferenceID int64) (minutes.CommentsView, bool) {
	v, err := s.minutes.Comments(c.Request.Context(), actor(c), conferenceID)
	if err != nil {
		s.fail(c, err)
		return v, false
	}
	var ids []int64
	for _, it := range v.Minutes.Items {
		if it.CaseID != nil && !it.Redacted() {
			ids = append(ids, *it.CaseID)
		}
	}
	return v, s.recordViews(c, "case", ids, "draft minutes (comment round)")
}

// commentsOnItem is the guard of commenting: the user's organisation was
// present and the user sees the item.
func (s *Server) commentsOnItem(ctx context.Context, a conference.Actor, id int64) error {
	_, err := s.minutes.CheckCommenter(ctx, a, id)
	return err
}

// organisesComment lets through the organisers of the conference of comment id.
func (s *Server) organisesComment(ctx context.Context, a conference.Actor, id int64) error {
	confID, err := s.minutes.ConferenceOfComment(ctx, id)
	if err != nil {
		return err
	}
	return s.organisesConference(ctx, a, confID)
}

// API.

func (s *Server) apiComments(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if v, ok := s.commentsView(c, id); ok {
		writeJSON(c, http.StatusOK, v)
	}
}

func (s *Server) apiOpenRound(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in roundInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	r, err := s.openRound(c, id, in)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, r)
}

func (s *Server) apiAddComment(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in commentInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	cm, err := s.addComment(c, id, in)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, cm)
}

func (s *Server) apiHandleComment(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in handleInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	cm, err := s.handleComment(c, id, in)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cm)
}
