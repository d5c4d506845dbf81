package web

import (
	"context"
	"slices"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// A guard checks, before a write route reads its body, that the actor has
// business with the record the path names; the operation itself then applies
// its exact rule. So an outsider is refused (403/404) whatever it sends, and
// never learns the validation rules of a record it may not see.
type guard func(ctx context.Context, a conference.Actor, id int64) error

// guarded runs g on the route's :id before the handler.
func (s *Server) guarded(g guard) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := s.idOf(c)
		if !ok {
			return
		}
		if err := g(c.Request.Context(), actor(c), id); err != nil {
			s.fail(c, err)
			return
		}
		c.Next()
	}
}

// organisesConference lets through the chair and the secretary of conference id.
func (s *Server) organisesConference(ctx context.Context, a conference.Actor, id int64) error {
	conf, err := s.store.Conference(ctx, id)
	if err != nil {
		return err
	}
	if (conf.ChairID != nil && *conf.ChairID == a.UserID) || (conf.SecretaryID != nil && *conf.SecretaryID == a.UserID) {
		return nil
	}
	return conference.ErrForbidden
}

// takesPartIn lets through the organisers of conference id and the members of its series.
func (s *Server) takesPartIn(ctx context.Context, a conference.Actor, id int64) error {
	if err := s.organisesConference(ctx, a, id); err == nil {
		return nil
	}
	conf, err := s.store.Conference(ctx, id)
	if err != nil {
		return err
	}
	series, err := s.store.Series(ctx, conf.SeriesID)
	if err != nil {
		return err
	}
	if slices.Contains(series.MemberOrganisationIDs, a.OrganisationID) {
		return nil
	}
	return conference.ErrForbidden
}

// organisesItem lets through the organisers of the conference of agenda item id.
func (s *Server) organisesItem(ctx context.Context, a conference.Actor, id int64) error {
	it, err := s.agenda.Item(ctx, id)
	if err != nil {
		return err
	}
	return s.organisesConference(ctx, a, it.ConferenceID)
}

// organisesDecision lets through the organisers of the conference of decision id.
func (s *Server) organisesDecision(ctx context.Context, a conference.Actor, id int64) error {
	confID, err := s.minutes.ConferenceOfDecision(ctx, id)
	if err != nil {
		return err
	}
	return s.organisesConference(ctx, a, confID)
}

// organisesAddendum lets through the organisers of the conference of addendum id.
func (s *Server) organisesAddendum(ctx context.Context, a conference.Actor, id int64) error {
	confID, err := s.minutes.ConferenceOfAddendum(ctx, id)
	if err != nil {
		return err
	}
	return s.organisesConference(ctx, a, confID)
}

// ownsAction lets through the users of the organisation that owns action id.
func (s *Server) ownsAction(ctx context.Context, a conference.Actor, id int64) error {
	owner, err := s.minutes.ActionOwner(ctx, id)
	if err != nil {
		return err
	}
	if owner != a.OrganisationID {
		return conference.ErrForbidden
	}
	return nil
}

// seesMandate lets through those who may see the case of mandate id.
func (s *Server) seesMandate(ctx context.Context, a conference.Actor, id int64) error {
	_, err := s.minutes.Mandate(ctx, a, id)
	return err
}

// seesCase lets through those who may see case id in full.
func (s *Server) seesCase(ctx context.Context, a conference.Actor, id int64) error {
	cs, err := s.store.Case(ctx, a, id)
	if err != nil {
		return err
	}
	if cs.Redacted {
		return conference.ErrForbidden
	}
	return nil
}

// editsCase lets through those who may edit case id: the chair, the
// secretary, the case director's organisation (see conference.Store.MayEditCase).
func (s *Server) editsCase(ctx context.Context, a conference.Actor, id int64) error {
	ok, err := s.store.MayEditCase(ctx, a, id)
	if err == nil && !ok {
		err = conference.ErrForbidden
	}
	return err
}

// appliesDecision lets through those who may apply decision id to its case.
func (s *Server) appliesDecision(ctx context.Context, a conference.Actor, id int64) error {
	return s.minutes.MayApplyDecision(ctx, a, id)
}

// chairsConference lets through the chair of conference id, who moves and cancels it.
func (s *Server) chairsConference(ctx context.Context, a conference.Actor, id int64) error {
	conf, err := s.store.Conference(ctx, id)
	if err == nil && !conference.MayMove(a, conf) {
		err = conference.ErrForbidden
	}
	return err
}

// seriesExists answers 404 for an unknown series.
func (s *Server) seriesExists(ctx context.Context, _ conference.Actor, id int64) error {
	_, err := s.store.Series(ctx, id)
	return err
}
