package agenda

import (
	"context"
	"fmt"

	"casusoverleg/conference"
)

// Membership is a's place in a conference: Organiser when a chairs it or
// takes its minutes. Returns ErrForbidden when a's organisation is not a
// member of the series and a does not organise it, ErrNotFound for an
// unknown conference. It reads two rows, for routes that need no agenda.
func (s *Store) Membership(ctx context.Context, a conference.Actor, conferenceID int64) (organiser bool, err error) {
	conf, series, err := s.conferenceOf(ctx, conferenceID)
	if err != nil {
		return false, err
	}
	if !isMember(a, conf, series) {
		return false, fmt.Errorf("organisation %d is not a member of series %d: %w", a.OrganisationID, series.ID, ErrForbidden)
	}
	return organises(a, conf), nil
}
