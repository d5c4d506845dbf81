package web

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/privacy"
)

// findPersons searches every case for the privacy officer; the search is
// logged with its terms (a BSN masked; as text beside the chain, destroyed
// with the cases and persons found) before anything is shown.
func (s *Server) findPersons(c *gin.Context, q privacy.Query) ([]conference.PersonHit, error) {
	hits, err := s.privacy.Find(c.Request.Context(), q)
	if err != nil {
		return nil, err
	}
	terms := []string{}
	if q.BSN != "" {
		terms = append(terms, "bsn="+conference.MaskBSN(q.BSN))
	}
	if q.Name != "" {
		terms = append(terms, "name="+q.Name)
	}
	if q.BirthDate != nil {
		terms = append(terms, "birth_date="+q.BirthDate.Format(dateLayout))
	}
	e := audit.Event{Action: audit.ActionView, RecordType: "privacy_search", RecordID: "0",
		Detail: fmt.Sprintf("right of access search (%d found)", len(hits)), Text: strings.Join(terms, " "), Subjects: hitSubjects(hits)}
	if err := s.recordEvents(c, []audit.Event{e}); err != nil {
		return nil, err
	}
	return hits, nil
}

// accessReport assembles the right-of-access report on person id and logs
// that it was made (action view for the page and JSON, export for the PDF)
// before it is shown: producing a report is itself audited.
func (s *Server) accessReport(c *gin.Context, id int64, action audit.Action, format string) (privacy.Report, error) {
	r, err := s.privacy.Report(c.Request.Context(), id)
	if err != nil {
		return privacy.Report{}, err
	}
	refs := make([]string, len(r.Cases))
	for i, cr := range r.Cases {
		refs[i] = cr.Case.Reference
	}
	detail := fmt.Sprintf("right-of-access report (%s): %d person records, cases %s, %d reads", format, len(r.Persons),
		strings.Join(refs, " "), len(r.Reads))
	if err := s.recordAll(c, action, "access_report", []int64{id}, detail); err != nil {
		return privacy.Report{}, err
	}
	return r, nil
}

// recordPrivacyRequest records a request for correction or erasure with the
// decision taken, and its audit event.
func (s *Server) recordPrivacyRequest(c *gin.Context, r *privacy.Request) error {
	u := currentUser(c)
	if u == nil {
		return errLogin
	}
	if err := s.register.Record(c.Request.Context(), *u, r); err != nil {
		return err
	}
	s.record(c, audit.ActionCreate, "privacy_request", r.ID,
		fmt.Sprintf("%s: %s request on person %d, %s", r.Reference, r.Kind, r.PersonID, r.Decision))
	return nil
}
