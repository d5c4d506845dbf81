package web

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

// recordMatches logs every known-person match the view shows: for the chair
// and secretary each match (record: the other case), for a referrer the
// notice that a person is known (record: the referral's own case).
func (s *Server) recordMatches(c *gin.Context, v agenda.View) bool {
	var events []audit.Event
	add := func(id int64, detail string) {
		e := audit.Event{Action: audit.ActionView, RecordType: "person_match", RecordID: fmt.Sprint(id), Detail: detail, IP: c.ClientIP()}
		if u := currentUser(c); u != nil {
			e.UserID, e.UserEmail, e.OrganisationID = u.ID, u.Email, u.OrganisationID
		}
		events = append(events, e)
	}
	for _, list := range [][]agenda.Entry{v.Items, v.Proposals, v.Decided} {
		for _, e := range list {
			if e.Case == nil {
				continue
			}
			for _, m := range e.PersonMatches {
				add(m.Other.ID, fmt.Sprintf("known-person check: referral %s matches %s by %s", e.Case.Reference, m.Other.Reference, m.By))
			}
			if e.KnownPerson {
				add(e.Case.ID, "known-person notice for referral "+e.Case.Reference)
			}
		}
	}
	if len(events) == 0 {
		return true
	}
	if _, err := s.audit.RecordMany(c.Request.Context(), events); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// searchTerms describes a person search for the audit log's text (kept
// beside the chain, destroyed with the cases and persons found); a BSN is
// logged masked, so the log does not become a second BSN register.
func searchTerms(q conference.PersonQuery) string {
	var parts []string
	if q.Name != "" {
		parts = append(parts, "name="+q.Name)
	}
	if q.BirthDate != nil {
		parts = append(parts, "birth_date="+q.BirthDate.Format("2006-01-02"))
	}
	if q.BSN != "" {
		parts = append(parts, "bsn="+conference.MaskBSN(q.BSN))
	}
	return strings.Join(parts, " ")
}

// recordSearch logs a person search with its terms (as text) and the cases it found
// before the result is shown; when it cannot be logged, nothing is shown.
func (s *Server) recordSearch(c *gin.Context, q conference.PersonQuery, hits []conference.PersonHit) bool {
	ids := make([]int64, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.CaseID)
	}
	e := audit.Event{Action: audit.ActionView, RecordType: "person_search", RecordID: "-",
		Detail: fmt.Sprintf("person search (%d found: cases %v)", len(hits), ids), Text: searchTerms(q), Subjects: hitSubjects(hits), IP: c.ClientIP()}
	if u := currentUser(c); u != nil {
		e.UserID, e.UserEmail, e.OrganisationID = u.ID, u.Email, u.OrganisationID
	}
	if _, err := s.audit.RecordMany(c.Request.Context(), []audit.Event{e}); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}
