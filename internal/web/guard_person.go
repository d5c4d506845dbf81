package web

import (
	"context"

	"casusoverleg/conference"
)

// seesPerson lets through those who may see the case of person id.
func (s *Server) seesPerson(ctx context.Context, a conference.Actor, id int64) error {
	_, err := s.store.Person(ctx, a, id)
	return err
}

// chairsOrMinutes reports whether a chairs meetings or takes their minutes:
// the roles that see known-person matches, and may link cases and merge persons.
func chairsOrMinutes(a conference.Actor) bool {
	return a.Has(conference.RoleChair) || a.Has(conference.RoleSecretary)
}

// organisesCase lets through a chair or secretary who may see case id (the
// referral on their agenda): they may link it to another case.
func (s *Server) organisesCase(ctx context.Context, a conference.Actor, id int64) error {
	if !chairsOrMinutes(a) {
		return conference.ErrForbidden
	}
	return s.seesCase(ctx, a, id)
}

// reopensCase lets through a chair who may see case id: only a chair
// reopens a closed case.
func (s *Server) reopensCase(ctx context.Context, a conference.Actor, id int64) error {
	if !a.Has(conference.RoleChair) {
		return conference.ErrForbidden
	}
	return s.seesCase(ctx, a, id)
}

// organisesPerson lets through a chair or secretary who may see the case of
// person id: they may merge a duplicate into it.
func (s *Server) organisesPerson(ctx context.Context, a conference.Actor, id int64) error {
	if !chairsOrMinutes(a) {
		return conference.ErrForbidden
	}
	return s.seesPerson(ctx, a, id)
}
