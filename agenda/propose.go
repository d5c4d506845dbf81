package agenda

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Proposal is a participant's request to put a case (or a general topic) on
// the agenda of a conference: an existing case by CaseID, or a new referral
// (aanmelding) in NewCase with the facts the referral question sets ask for
// in Answers.
type Proposal struct {
	ConferenceID     int64
	CaseID           *int64
	NewCase          *conference.Case
	Kind             Kind
	Title            string
	Reason           string
	RequestedMinutes int
	Answers          map[string]string
}

// Propose puts p on the agenda as a proposed item on behalf of a. The
// organisation of a must be a member of the conference's series (or a chairs
// or takes the minutes of it), and must be able to see an existing case. A new
// referral creates the case in the same transaction. The question sets that
// match the case's theme and neighbourhood are attached.
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a's
// organisation takes no part in the meeting or may not see the case, and a
// conference.ValidationError naming the field for invalid input, a case that does not exist or is
// already on the agenda, or a meeting that has started or is closed.
func (s *Store) Propose(ctx context.Context, a conference.Actor, p Proposal) (Item, error) {
	conf, series, err := s.conferenceOf(ctx, p.ConferenceID)
	if err != nil {
		return Item{}, err
	}
	if !isMember(a, conf, series) {
		return Item{}, fmt.Errorf("organisation %d is not a member of series %d: %w", a.OrganisationID, series.ID, ErrForbidden)
	}
	switch conf.Status {
	case conference.StatusClosed, conference.StatusSigned:
		return Item{}, &conference.ValidationError{Field: "conference_id", Msg: "the meeting is closed; propose for a later meeting"}
	case conference.StatusInSession:
		return Item{}, &conference.ValidationError{Field: "conference_id", Msg: "the meeting has started; propose for a later meeting"}
	}
	if p.Kind == "" {
		p.Kind = KindFollowUp
		if p.NewCase != nil {
			p.Kind = KindNew
		}
	}
	var errs conference.ValidationErrors
	if p.NewCase != nil && p.CaseID != nil {
		errs.Add("case_id", "give an existing case or a new referral, not both")
	}
	if p.RequestedMinutes == 0 {
		p.RequestedMinutes = 10
	}
	if strings.TrimSpace(p.Reason) == "" {
		errs.Add("reason", "is required")
	}
	sets, err := s.QuestionSets(ctx, true)
	if err != nil {
		return Item{}, err
	}
	var out Item
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cases := s.cases.WithDB(tx)
		// addItem writes the item for case c (if any); for a new referral it
		// runs before the case takes its reference number, the last statement
		// of the transaction, so the counter's row is locked only briefly.
		addItem := func(c conference.Case) error {
			it := Item{ConferenceID: conf.ID, CaseID: p.CaseID, Title: p.Title, Kind: p.Kind, Status: StatusProposed,
				Reason: p.Reason, ProposedByID: &a.UserID, ProposingOrgID: a.OrganisationID,
				RequestedMinutes: p.RequestedMinutes, PlannedMinutes: p.RequestedMinutes, Answers: p.Answers}
			if err := it.Validate(); err != nil {
				errs = append(errs, err.(conference.ValidationErrors)...)
			}
			if err := errs.Err(); err != nil {
				return err
			}
			if p.CaseID != nil {
				it.QuestionSetIDs = uniqueInOrder(append(activeIDs(sets, series.DefaultQuestionSetIDs), setIDs(Select(sets, c, it.Kind))...))
			}
			if err := insertItem(tx, &it); err != nil {
				return err
			}
			if it.Kind == KindNew && p.CaseID != nil {
				if err := s.markRepeat(ctx, tx, series, *p.CaseID); err != nil {
					return err
				}
			}
			out = it
			return nil
		}
		var c conference.Case
		switch {
		case p.NewCase != nil:
			c = *p.NewCase
			if c.ReferringOrganisationID == 0 {
				c.ReferringOrganisationID = a.OrganisationID
			}
			if err := c.Validate(); err != nil {
				for _, e := range err.(conference.ValidationErrors) {
					errs.Add("case."+e.Field, e.Msg)
				}
			}
			errs = append(errs, missingAnswers(sets, c, p.Kind, p.Answers)...)
			if err := errs.Err(); err != nil {
				return err
			}
			itemFailed := false
			err := cases.CreateCaseThen(ctx, a, &c, func() error {
				p.CaseID = &c.ID
				err := addItem(c)
				itemFailed = err != nil
				return err
			})
			if err != nil && !itemFailed {
				return prefixFields(err, "case.")
			}
			return err
		case p.CaseID != nil:
			if c, err = cases.Case(ctx, a, *p.CaseID); err != nil {
				if isNotFound(err) {
					errs.Add("case_id", "refers to a case that does not exist")
					return errs
				}
				return err
			}
			if c.Redacted {
				return fmt.Errorf("case %s: %w", c.Reference, ErrForbidden)
			}
			on, err := caseOnAgenda(tx, conf.ID, c.ID)
			if err != nil {
				return err
			}
			if on {
				errs.Add("case_id", "is already on this agenda")
			}
		}
		return addItem(c)
	})
	return out, err
}

// missingAnswers names each question of a referral-only set (one that applies
// to new items only) that has no answer.
func missingAnswers(sets []QuestionSet, c conference.Case, kind Kind, answers map[string]string) conference.ValidationErrors {
	var errs conference.ValidationErrors
	for _, set := range Select(sets, c, kind) {
		if !slices.Equal(set.ItemKinds, []Kind{KindNew}) {
			continue
		}
		for _, q := range set.Questions {
			if strings.TrimSpace(answers[q.Key]) == "" {
				errs.Add("answers."+q.Key, "is required for a referral")
			}
		}
	}
	return errs
}

// prefixFields puts prefix before the field names of a validation error.
func prefixFields(err error, prefix string) error {
	var ve conference.ValidationErrors
	var one *conference.ValidationError
	switch {
	case asErr(err, &ve):
		out := make(conference.ValidationErrors, len(ve))
		for i, e := range ve {
			out[i] = &conference.ValidationError{Field: prefix + e.Field, Msg: e.Msg}
		}
		return out
	case asErr(err, &one):
		return &conference.ValidationError{Field: prefix + one.Field, Msg: one.Msg}
	}
	return err
}

// activeIDs keeps the ids of want that are among sets (the active ones), in want's order.
func activeIDs(sets []QuestionSet, want []int64) []int64 {
	var out []int64
	for _, id := range want {
		if slices.ContainsFunc(sets, func(q QuestionSet) bool { return q.ID == id }) {
			out = append(out, id)
		}
	}
	return out
}

func setIDs(sets []QuestionSet) []int64 {
	ids := make([]int64, len(sets))
	for i, s := range sets {
		ids[i] = s.ID
	}
	return ids
}

// conferenceOf returns a conference and its series.
func (s *Store) conferenceOf(ctx context.Context, id int64) (conference.Conference, conference.Series, error) {
	conf, err := s.cases.Conference(ctx, id)
	if err != nil {
		return conference.Conference{}, conference.Series{}, err
	}
	series, err := s.cases.Series(ctx, conf.SeriesID)
	return conf, series, err
}

// chairs reports whether a chairs conf.
func chairs(a conference.Actor, conf conference.Conference) bool {
	return conf.ChairID != nil && *conf.ChairID == a.UserID
}

// organises reports whether a chairs conf or takes its minutes.
func organises(a conference.Actor, conf conference.Conference) bool {
	return chairs(a, conf) || (conf.SecretaryID != nil && *conf.SecretaryID == a.UserID)
}

// isMember reports whether a may take part in conf: its organisation is a
// member of the series, or a organises the meeting.
func isMember(a conference.Actor, conf conference.Conference, series conference.Series) bool {
	return a.IsSystem() || organises(a, conf) || slices.Contains(series.MemberOrganisationIDs, a.OrganisationID)
}
