package agenda

import (
	"context"
	"fmt"
	"slices"
	"time"

	"casusoverleg/conference"
)

// Entry is an item as the actor may see it: the case redacted to its
// reference when the actor's organisation is not involved, and then without
// reason, answers or question sets either.
type Entry struct {
	Item
	Case         *conference.Case `json:"case,omitempty"`
	QuestionSets []QuestionSet    `json:"question_sets"`
	// StartsAt is the planned start of an accepted item.
	StartsAt time.Time `json:"starts_at,omitzero"`
	// PersonMatches is the known-person check of a referral: persons of other
	// cases that match. The chair and secretary see every match; a referrer
	// only those in cases their organisation may see.
	PersonMatches []conference.PersonMatch `json:"person_matches,omitempty"`
	// KnownPerson tells a referrer that a person of the referral is known in a
	// case they may not see — without saying which.
	KnownPerson bool `json:"known_person,omitempty"`
}

// Redacted reports whether the entry's case is hidden from the actor.
func (e Entry) Redacted() bool { return e.Case != nil && e.Case.Redacted }

// View is a conference's agenda as one actor may see it.
type View struct {
	Conference conference.Conference `json:"conference"`
	Series     conference.Series     `json:"series"`
	// Items are the accepted items in order: the agenda itself. Participants
	// see them once the agenda is published.
	Items []Entry `json:"items"`
	// Proposals await triage; Decided were rejected or deferred. The chair and
	// secretary see all; a participant sees those of their own organisation.
	Proposals []Entry `json:"proposals"`
	Decided   []Entry `json:"decided"`
	// PlannedMinutes adds up the planned time of the items.
	PlannedMinutes int `json:"planned_minutes"`
	// Chair and Organiser say what the actor may do with it.
	Chair     bool `json:"chair"`
	Organiser bool `json:"organiser"`
	Published bool `json:"published"`
}

// Published reports whether participants may see the agenda of conf.
func Published(conf conference.Conference) bool { return conf.Status != conference.StatusDraft }

// Agenda returns the agenda of a conference as a may see it. Only members of
// the series (and its chair and secretary) see it at all.
// Returns conference.ErrNotFound when there is no such conference and ErrForbidden when a's
// organisation takes no part in it.
func (s *Store) Agenda(ctx context.Context, a conference.Actor, conferenceID int64) (View, error) {
	conf, series, err := s.conferenceOf(ctx, conferenceID)
	if err != nil {
		return View{}, err
	}
	if !isMember(a, conf, series) {
		return View{}, fmt.Errorf("organisation %d is not a member of series %d: %w", a.OrganisationID, series.ID, ErrForbidden)
	}
	v := View{Conference: conf, Series: series, Chair: chairs(a, conf), Organiser: organises(a, conf), Published: Published(conf),
		Items: []Entry{}, Proposals: []Entry{}, Decided: []Entry{}}
	items, err := s.viewItems(ctx, a, conferenceID, v.Organiser)
	if err != nil {
		return View{}, err
	}
	// The items shown, in place; counted by list so that each is made once.
	shown, accepted, proposed := items[:0], 0, 0
	var setIDs []int64
	for _, it := range items {
		own := it.ProposingOrgID == a.OrganisationID && !it.AutoAdded
		switch {
		case it.Status == StatusAccepted && (v.Organiser || v.Published):
			accepted++
		case it.Status != StatusAccepted && (v.Organiser || own):
			if it.Status == StatusProposed {
				proposed++
			}
		default:
			continue
		}
		shown = append(shown, it)
		if it.Case == nil || !it.Case.Redacted {
			setIDs = append(setIDs, it.QuestionSetIDs...)
		}
	}
	v.Items, v.Proposals = make([]Entry, 0, accepted), make([]Entry, 0, proposed)
	v.Decided = make([]Entry, 0, len(shown)-accepted-proposed)
	sets, err := s.QuestionSetsByID(ctx, setIDs)
	if err != nil {
		return View{}, err
	}
	start := conf.StartsAt
	for _, vi := range shown {
		it := vi.Item
		e := Entry{Item: it, Case: vi.Case, QuestionSets: []QuestionSet{}}
		if e.Redacted() {
			e.Item = redactItem(it)
			if v.Organiser {
				// The chair's own decision note is no case data; keep it for the organisers.
				e.DecisionNote = it.DecisionNote
			}
		} else {
			for _, id := range it.QuestionSetIDs {
				if qs, ok := sets[id]; ok {
					e.QuestionSets = append(e.QuestionSets, qs)
				}
			}
		}
		switch it.Status {
		case StatusAccepted:
			e.StartsAt = start
			start = start.Add(time.Duration(it.PlannedMinutes) * time.Minute)
			v.PlannedMinutes += it.PlannedMinutes
			v.Items = append(v.Items, e)
		case StatusProposed:
			v.Proposals = append(v.Proposals, e)
		default:
			v.Decided = append(v.Decided, e)
		}
	}
	if err := s.addMatches(ctx, a, &v); err != nil {
		return View{}, err
	}
	return v, nil
}

// redactItem keeps what the agenda's order and timing need, and drops what
// would tell something about the case — even its kind, since a mandate
// report tells that a mandate was used.
func redactItem(it Item) Item {
	return Item{ID: it.ID, ConferenceID: it.ConferenceID, CaseID: it.CaseID, Status: it.Status,
		PlannedMinutes: it.PlannedMinutes, Position: it.Position, Version: it.Version, QuestionSetIDs: []int64{}}
}

// CaseIDs lists the ids of the cases on the agenda that the view shows in full.
func (v View) CaseIDs() []int64 {
	var ids []int64
	for _, list := range [][]Entry{v.Items, v.Proposals, v.Decided} {
		for _, e := range list {
			if e.Case != nil && !e.Case.Redacted && !slices.Contains(ids, e.Case.ID) {
				ids = append(ids, e.Case.ID)
			}
		}
	}
	return ids
}

// HasSet reports whether question set id is attached to the entry's item.
func (e Entry) HasSet(id int64) bool { return slices.Contains(e.QuestionSetIDs, id) }
