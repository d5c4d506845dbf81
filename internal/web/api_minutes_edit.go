package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// editedDecision is the JSON body of a corrected decision: a new decision's
// fields and the version read.
type editedDecision struct {
	Text      string               `json:"text"`
	Kind      minutes.DecisionKind `json:"kind"`
	Positions []minutes.Position   `json:"positions"`
	Mandate   *mandateInput        `json:"mandate"`
	Version   int                  `json:"version"`
}

func (s *Server) apiUpdateDecision(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in editedDecision
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	d, err := decisionInput{Text: in.Text, Kind: in.Kind, Positions: in.Positions, Mandate: in.Mandate}.domain()
	d.ID, d.Version = id, in.Version
	if err == nil {
		err = s.updateDecision(c, &d)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, d)
}

// versionQuery reads the version a DELETE names in its query (?version=3).
func versionQuery(c *gin.Context) (int, error) {
	v, err := strconv.Atoi(c.Query("version"))
	if err != nil || v <= 0 {
		return 0, &conference.ValidationError{Field: "version", Msg: "is required: the version read"}
	}
	return v, nil
}

func (s *Server) apiDeleteDecision(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	version, err := versionQuery(c)
	if err == nil {
		_, err = s.removeDecision(c, id, version)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// editedAction is the JSON body of a corrected action.
type editedAction struct {
	What                string `json:"what"`
	OwnerOrganisationID int64  `json:"owner_organisation_id"`
	OwnerUserID         *int64 `json:"owner_user_id"`
	DueDate             string `json:"due_date"`
	Version             int    `json:"version"`
}

func (s *Server) apiUpdateAction(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in editedAction
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	a, err := actionInput{What: in.What, OwnerOrganisationID: in.OwnerOrganisationID, OwnerUserID: in.OwnerUserID, DueDate: in.DueDate}.domain()
	a.ID, a.Version = id, in.Version
	if err == nil {
		err = s.updateAction(c, &a)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, a)
}

func (s *Server) apiDeleteAction(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	version, err := versionQuery(c)
	if err == nil {
		_, err = s.removeAction(c, id, version)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
