package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// proposalInput is the JSON body of a proposal: case_id for an existing case,
// new_case for a referral.
type proposalInput struct {
	CaseID           *int64            `json:"case_id"`
	NewCase          *caseInput        `json:"new_case"`
	Kind             agenda.Kind       `json:"kind"`
	Title            string            `json:"title"`
	Reason           string            `json:"reason"`
	RequestedMinutes int               `json:"requested_minutes"`
	Answers          map[string]string `json:"answers"`
}

func (in proposalInput) domain(conferenceID int64) (agenda.Proposal, error) {
	p := agenda.Proposal{ConferenceID: conferenceID, CaseID: in.CaseID, Kind: in.Kind, Title: in.Title, Reason: in.Reason,
		RequestedMinutes: in.RequestedMinutes, Answers: in.Answers}
	if in.NewCase != nil {
		c, err := in.NewCase.domain(0)
		if err != nil {
			return p, prefixed(err, "new_case.")
		}
		p.NewCase = &c
	}
	return p, nil
}

// prefixed puts prefix before each field name of a validation error.
func prefixed(err error, prefix string) error {
	out := validationErrors(err)
	if out == nil {
		return err
	}
	var errs conference.ValidationErrors
	for _, e := range out {
		errs.Add(prefix+e.Field, e.Message)
	}
	return errs
}

// agendaView loads the agenda as the request's user may see it and logs the
// cases it shows in full. It answers the error itself and returns false.
func (s *Server) agendaView(c *gin.Context, conferenceID int64) (agenda.View, bool) {
	v, err := s.agenda.Agenda(c.Request.Context(), actor(c), conferenceID)
	if err != nil {
		s.fail(c, err)
		return v, false
	}
	return v, s.recordViews(c, "case", v.CaseIDs(), "agenda") && s.recordMatches(c, v)
}

func (s *Server) apiAgenda(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if v, ok := s.agendaView(c, id); ok {
		writeJSON(c, http.StatusOK, v)
	}
}

func (s *Server) apiPropose(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in proposalInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	p, err := in.domain(id)
	var it agenda.Item
	if err == nil {
		it, err = s.propose(c, p)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, it)
}

type triageInput struct {
	Decision     agenda.Decision `json:"decision"`
	DecisionNote string          `json:"decision_note"`
	Version      int             `json:"version"`
	// PlanNext plans the next meeting of the series when a deferral finds none.
	PlanNext bool `json:"plan_next"`
}

func (s *Server) apiTriage(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in triageInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	it, err := s.triage(c, id, in.Decision, in.DecisionNote, in.Version, in.PlanNext)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, it)
}

type planInput struct {
	PlannedMinutes int     `json:"planned_minutes"`
	QuestionSetIDs []int64 `json:"question_set_ids"`
	Version        int     `json:"version"`
}

func (s *Server) apiPlanItem(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in planInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	it, err := s.plan(c, id, in.PlannedMinutes, in.QuestionSetIDs, in.Version)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, it)
}

func (s *Server) apiRemoveItem(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.removeItem(c, id); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiOrder(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in struct {
		ItemIDs []int64 `json:"item_ids"`
	}
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	if err := s.order(c, id, in.ItemIDs); err != nil {
		apiError(c, err)
		return
	}
	s.apiAgenda(c)
}

func (s *Server) apiPrepare(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	added, err := s.prepare(c, id)
	if err != nil {
		apiError(c, err)
		return
	}
	if added == nil {
		added = []agenda.Item{}
	}
	writeJSON(c, http.StatusOK, gin.H{"added": added})
}

func (s *Server) apiPublish(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	conf, err := s.publish(c, id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, conf)
}
