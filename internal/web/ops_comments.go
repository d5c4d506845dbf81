package web

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// The comment round's write operations, each with its own audit event (see ops_agenda.go).

// openRound opens or moves the comment round and records it.
func (s *Server) openRound(c *gin.Context, conferenceID int64, in roundInput) (minutes.CommentRound, error) {
	var errs conference.ValidationErrors
	deadline := parseMoment(&errs, "deadline", in.Deadline, false)
	if err := errs.Err(); err != nil {
		return minutes.CommentRound{}, err
	}
	r, err := s.minutes.OpenCommentRound(c.Request.Context(), actor(c), conferenceID, *deadline)
	if err != nil {
		return r, err
	}
	s.record(c, auditUpdate, "minutes", conferenceID, "comment round until "+r.Deadline.UTC().Format(time.RFC3339))
	return r, nil
}

// addComment records a comment on an item and its audit event.
func (s *Server) addComment(c *gin.Context, itemID int64, in commentInput) (minutes.Comment, error) {
	cm, err := s.minutes.AddComment(c.Request.Context(), actor(c), itemID, in.Text)
	if err != nil {
		return cm, err
	}
	s.record(c, auditCreate, "minutes", cm.ConferenceID, fmt.Sprintf("comment %d on item %d", cm.ID, itemID))
	return cm, nil
}

// handleComment marks a comment processed or declined and records it.
func (s *Server) handleComment(c *gin.Context, id int64, in handleInput) (minutes.Comment, error) {
	cm, err := s.minutes.HandleComment(c.Request.Context(), actor(c), id, minutes.CommentStatus(in.Status), in.Note)
	if err != nil {
		return cm, err
	}
	s.record(c, auditUpdate, "minutes", cm.ConferenceID, fmt.Sprintf("comment %d %s", cm.ID, cm.Status))
	return cm, nil
}
