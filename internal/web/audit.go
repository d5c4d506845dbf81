package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

type auditAction = audit.Action

const (
	auditCreate = audit.ActionCreate
	auditUpdate = audit.ActionUpdate
	auditDelete = audit.ActionDelete
)

// record appends an audit event for the request's user. The action already
// happened, so a failure to log is logged, not shown to the user.
func (s *Server) record(c *gin.Context, action audit.Action, recordType string, id int64, detail string) {
	e := audit.Event{Action: action, RecordType: recordType, RecordID: strconv.FormatInt(id, 10), Detail: detail, IP: c.ClientIP()}
	if u := currentUser(c); u != nil {
		e.UserID, e.UserEmail, e.OrganisationID = u.ID, u.Email, u.OrganisationID
	}
	if _, err := s.audit.Record(c.Request.Context(), e); err != nil {
		logInternal(c, err)
	}
}

// recordText appends an audit event whose text, free text that may be
// personal data (a reason typed), is kept beside the chain and destroyed
// with the records of subjects (audit.Event.Text); detail says only what
// happened. Like record, a failure to log is logged.
func (s *Server) recordText(c *gin.Context, action audit.Action, recordType string, id int64, detail, text string, subjects []audit.Subject) {
	e := audit.Event{Action: action, RecordType: recordType, RecordID: strconv.FormatInt(id, 10), Detail: detail,
		Text: strings.TrimSpace(text), Subjects: subjects, IP: c.ClientIP()}
	if u := currentUser(c); u != nil {
		e.UserID, e.UserEmail, e.OrganisationID = u.ID, u.Email, u.OrganisationID
	}
	if _, err := s.audit.Record(c.Request.Context(), e); err != nil {
		logInternal(c, err)
	}
}

// hitSubjects are the cases and persons a person search found: its terms
// are destroyed with any of them.
func hitSubjects(hits []conference.PersonHit) []audit.Subject {
	var out []audit.Subject
	for _, h := range hits {
		out = append(out, audit.Subjects("case", h.CaseID)...)
		if h.ID != 0 {
			out = append(out, audit.Subjects("person", h.ID)...)
		}
	}
	return out
}

// recordView logs a read of case data before it is shown. When the read
// cannot be logged it is not shown either: it answers 500 and returns false.
func (s *Server) recordView(c *gin.Context, recordType string, id int64, detail string) bool {
	return s.recordViews(c, recordType, []int64{id}, detail)
}

// recordViews logs the reads of several records in one write.
func (s *Server) recordViews(c *gin.Context, recordType string, ids []int64, detail string) bool {
	if err := s.recordAll(c, audit.ActionView, recordType, ids, detail); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// recordAll appends one audit event for the request's user naming the
// records: for one record its id, for several the list of them (the audit
// log finds the event by each, see audit.Log.ReadsOf). Nothing is written
// for none.
func (s *Server) recordAll(c *gin.Context, action audit.Action, recordType string, ids []int64, detail string) error {
	if len(ids) == 0 {
		return nil
	}
	e := audit.Event{Action: action, RecordType: recordType, Detail: detail, IP: c.ClientIP()}
	if len(ids) == 1 {
		e.RecordID = strconv.FormatInt(ids[0], 10)
	} else {
		e.Records = idStrings(ids)
	}
	if u := currentUser(c); u != nil {
		e.UserID, e.UserEmail, e.OrganisationID = u.ID, u.Email, u.OrganisationID
	}
	_, err := s.audit.Record(c.Request.Context(), e)
	return err
}

// idStrings returns ids in decimal.
func idStrings(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}
