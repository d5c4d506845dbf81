package minutes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"casusoverleg/conference"
)

// Content is the canonical, self-contained text of signed minutes: every
// name resolved, so the signed PDF can be rendered from it alone, years later,
// whatever happened to the users, organisations or cases since. Its SHA-256
// (Hash) is what the chair and secretary sign.
type Content struct {
	Format     int             `json:"format"`
	Conference ContentMeeting  `json:"conference"`
	Attendance []ContentPerson `json:"attendance"`
	Items      []ContentItem   `json:"items"`
}

// ContentMeeting describes the meeting.
type ContentMeeting struct {
	ID        int64     `json:"id"`
	Series    string    `json:"series"`
	StartsAt  time.Time `json:"starts_at"`
	Location  string    `json:"location"`
	Chair     string    `json:"chair"`
	Secretary string    `json:"secretary"`
	// Confidentiality is the statement the people present confirmed (empty
	// in minutes signed before it was recorded).
	Confidentiality string `json:"confidentiality,omitempty"`
}

// ContentPerson is one line of the attendance list.
type ContentPerson struct {
	Name           string `json:"name"`
	OrganisationID int64  `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	Presence       string `json:"presence"`
	Remark         string `json:"remark,omitempty"`
	// ConfidentialityConfirmed: the person confirmed the confidentiality statement.
	ConfidentialityConfirmed bool `json:"confidentiality_confirmed,omitempty"`
}

// ContentItem is one agenda item with what the minutes say about it.
type ContentItem struct {
	Position      int               `json:"position"`
	CaseID        int64             `json:"case_id,omitempty"`
	Reference     string            `json:"reference,omitempty"`
	Title         string            `json:"title,omitempty"`
	Kind          string            `json:"kind"`
	Theme         string            `json:"theme,omitempty"`
	Postcode      string            `json:"postcode,omitempty"`
	Neighbourhood string            `json:"neighbourhood,omitempty"`
	Summary       string            `json:"summary"`
	Answers       []ContentAnswer   `json:"answers"`
	Decisions     []ContentDecision `json:"decisions"`
	Actions       []ContentAction   `json:"actions"`
}

// ContentAnswer is a question of an attached set with its answer.
type ContentAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// ContentDecision is a decision with the positions and its mandate.
type ContentDecision struct {
	Text       string            `json:"text"`
	Kind       string            `json:"kind"`
	Outcome    string            `json:"outcome"`
	Resolution string            `json:"resolution,omitempty"`
	Positions  []ContentPosition `json:"positions"`
	Mandate    *ContentMandate   `json:"mandate,omitempty"`
}

// ContentPosition is one organisation's stance.
type ContentPosition struct {
	Organisation string `json:"organisation"`
	Stance       string `json:"stance"`
	Remark       string `json:"remark,omitempty"`
}

// ContentAction is an agreed action.
type ContentAction struct {
	What  string    `json:"what"`
	Owner string    `json:"owner"`
	Due   time.Time `json:"due"`
}

// ContentMandate is a mandate granted by a decision.
type ContentMandate struct {
	Grantee    string    `json:"grantee"`
	Scope      string    `json:"scope"`
	Conditions string    `json:"conditions,omitempty"`
	ValidFrom  time.Time `json:"valid_from"`
	ValidUntil time.Time `json:"valid_until"`
}

// Hash is the hex SHA-256 of the canonical JSON encoding of c.
func (c Content) Hash() string {
	b, _ := json.Marshal(c) // plain structs and slices: always marshals, deterministically
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// buildContent assembles the canonical content of a conference's minutes as
// they stand, in full (no need-to-know: it is the record itself).
func (s *Store) buildContent(ctx context.Context, conferenceID int64) (Content, error) {
	v, err := s.Minutes(ctx, conference.System, conferenceID)
	if err != nil {
		return Content{}, err
	}
	var userIDs, caseIDs []int64
	userIDs = append(userIDs, ptrs(v.Conference.ChairID, v.Conference.SecretaryID)...)
	for _, a := range v.Attendance {
		userIDs = append(userIDs, a.UserID)
	}
	for _, it := range v.Items {
		if it.CaseID != nil {
			caseIDs = append(caseIDs, *it.CaseID)
		}
	}
	users, err := s.cases.UsersByID(ctx, userIDs)
	if err != nil {
		return Content{}, err
	}
	orgs, _, err := s.cases.Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return Content{}, err
	}
	orgName := func(id int64) string {
		if i := slices.IndexFunc(orgs, func(o conference.Organisation) bool { return o.ID == id }); i >= 0 {
			return orgs[i].Name
		}
		return ""
	}
	userName := func(id *int64) string {
		if id == nil {
			return ""
		}
		return users[*id].Name
	}
	c := Content{Format: 1, Attendance: []ContentPerson{}, Items: []ContentItem{},
		Conference: ContentMeeting{ID: v.Conference.ID, Series: v.Series.Name, StartsAt: v.Conference.StartsAt.UTC(),
			Location: v.Conference.Location, Chair: userName(v.Conference.ChairID), Secretary: userName(v.Conference.SecretaryID),
			Confidentiality: v.Confidentiality}}
	for _, a := range v.Attendance {
		id := a.UserID
		c.Attendance = append(c.Attendance, ContentPerson{Name: userName(&id), OrganisationID: a.OrganisationID,
			Organisation: orgName(a.OrganisationID), Presence: string(a.Presence), Remark: a.Remark, ConfidentialityConfirmed: a.ConfidentialityConfirmed})
	}
	for _, it := range v.Items {
		ci := ContentItem{Position: it.Position, Title: it.Title, Kind: string(it.Kind), Summary: it.Record.Summary,
			Answers: []ContentAnswer{}, Decisions: []ContentDecision{}, Actions: []ContentAction{}}
		if it.Case != nil {
			ci.CaseID, ci.Reference, ci.Theme = it.Case.ID, it.Case.Reference, string(it.Case.Theme)
			ci.Postcode, ci.Neighbourhood = it.Case.Postcode, it.Case.Neighbourhood
		}
		for _, qs := range it.QuestionSets {
			for _, q := range qs.Questions {
				if a := it.Record.Answers[qs.Key+"."+q.Key]; a != "" {
					ci.Answers = append(ci.Answers, ContentAnswer{Question: q.Text, Answer: a})
				}
			}
		}
		for _, d := range it.Decisions {
			cd := ContentDecision{Text: d.Text, Kind: string(d.Kind), Outcome: string(d.Outcome), Resolution: d.Resolution, Positions: []ContentPosition{}}
			for _, p := range d.Positions {
				cd.Positions = append(cd.Positions, ContentPosition{Organisation: orgName(p.OrganisationID), Stance: string(p.Stance), Remark: p.Remark})
			}
			if m := d.Mandate; m != nil {
				grantee := orgName(m.GranteeOrganisationID)
				if m.GranteeUserID != nil {
					grantee += ", " + userName(m.GranteeUserID)
				}
				cd.Mandate = &ContentMandate{Grantee: grantee, Scope: m.Scope, Conditions: m.Conditions, ValidFrom: m.ValidFrom.UTC(), ValidUntil: m.ValidUntil.UTC()}
			}
			ci.Decisions = append(ci.Decisions, cd)
		}
		for _, a := range it.Actions {
			owner := orgName(a.OwnerOrganisationID)
			if a.OwnerUserID != nil {
				owner += ", " + userName(a.OwnerUserID)
			}
			ci.Actions = append(ci.Actions, ContentAction{What: a.What, Owner: owner, Due: a.DueDate.UTC()})
		}
		c.Items = append(c.Items, ci)
	}
	return c, nil
}

func ptrs(ids ...*int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != nil {
			out = append(out, *id)
		}
	}
	return out
}
