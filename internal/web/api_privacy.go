package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/privacy"
)

// apiPrivacyPersons finds a person on every case for the privacy officer.
func (s *Server) apiPrivacyPersons(c *gin.Context) {
	q, err := privacyQuery(c)
	var hits []conference.PersonHit
	if err == nil {
		hits, err = s.findPersons(c, q)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, hits, int64(len(hits)), conference.Page{Limit: conference.MaxLimit})
}

// apiPrivacyReport answers the right-of-access report on person :id as JSON.
func (s *Server) apiPrivacyReport(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	r, err := s.accessReport(c, id, audit.ActionView, "json")
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, r)
}

// apiPrivacyRequests lists the register of requests; ?person_id= keeps one person's.
func (s *Server) apiPrivacyRequests(c *gin.Context) {
	p, err := queryPage(c)
	var errs conference.ValidationErrors
	person := queryID(c, &errs, "person_id")
	if err = join(errs.Err(), err); err != nil {
		apiError(c, err)
		return
	}
	list, total, err := s.register.List(c.Request.Context(), person, p)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, p)
}

// privacyRequestInput is the body of POST /api/v1/privacy/requests.
type privacyRequestInput struct {
	PersonID   int64  `json:"person_id"`
	Kind       string `json:"kind"`
	ReceivedOn string `json:"received_on"`
	Asked      string `json:"asked"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
}

// apiPrivacyRecordRequest records a request for correction or erasure with its decision.
func (s *Server) apiPrivacyRecordRequest(c *gin.Context) {
	var in privacyRequestInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	var errs conference.ValidationErrors
	r := privacy.Request{PersonID: in.PersonID, Kind: privacy.RequestKind(in.Kind), Asked: in.Asked,
		Decision: privacy.Decision(in.Decision), Reason: in.Reason}
	if in.ReceivedOn != "" {
		r.ReceivedOn = parseDate(&errs, "received_on", in.ReceivedOn)
	}
	err := errs.Err()
	if err == nil {
		err = s.recordPrivacyRequest(c, &r)
	} else { // name every wrong field at once
		err = join(err, r.Validate(s.cfg.Now()))
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, r)
}
