package web

import (
	"context"

	"casusoverleg/conference"
)

// organisesActionMeeting lets through the organisers of the meeting where
// action id was agreed (to correct or remove it while the minutes are a draft).
func (s *Server) organisesActionMeeting(ctx context.Context, a conference.Actor, id int64) error {
	_, confID, err := s.minutes.Where(ctx, "action", id)
	if err != nil {
		return err
	}
	return s.organisesConference(ctx, a, confID)
}
