package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// The forms of decisions and actions on the minutes page: add, correct and
// remove while the minutes are a draft. A refused form is shown again in its
// place with what was typed and a message next to each wrong field.

// refuseAt shows the minutes page again with the form target marked as
// refused by err, or, for an error that is not about the form's fields (the
// minutes are final, forbidden, not found), answers it as usual.
func (s *Server) refuseAt(c *gin.Context, conferenceID int64, target string, err error) {
	if !inPlace(err) {
		s.flashError(c, err, minutesURL(conferenceID)+"#"+target)
		return
	}
	withID(c, conferenceID)
	ff := s.failedFormOf(c, target, stripPrefix(err, "mandate."))
	s.showMinutes(c, http.StatusUnprocessableEntity, nil, ff)
}

// savedAt confirms a change and returns to the item.
func (s *Server) savedAt(c *gin.Context, conferenceID, itemID int64, msgKey string) {
	s.flash(c, s.pages.translate(lang(c), msgKey), false)
	c.Redirect(http.StatusSeeOther, itemAnchor(conferenceID, itemID))
}

// decisionFromForm reads a decision form: stance.<org> and remark.<org> per
// present involved organisation, and the mandate fields for a mandate grant.
func decisionFromForm(c *gin.Context) (minutes.Decision, error) {
	var errs conference.ValidationErrors
	in := decisionInput{Text: c.PostForm("text"), Kind: minutes.DecisionKind(c.PostForm("kind"))}
	for key, vals := range c.Request.PostForm {
		org, ok := strings.CutPrefix(key, "stance.")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		id, err := strconv.ParseInt(org, 10, 64)
		if err != nil {
			errs.Add(key, "is not an organisation")
			continue
		}
		in.Positions = append(in.Positions, minutes.Position{OrganisationID: id, Stance: minutes.Stance(vals[0]), Remark: c.PostForm("remark." + org)})
	}
	slices.SortFunc(in.Positions, func(a, b minutes.Position) int { return int(a.OrganisationID - b.OrganisationID) })
	if in.Kind == minutes.DecisionMandateGrant {
		grantee := formIDs(c.Request.PostForm, "grantee_organisation_id", &errs)
		in.Mandate = &mandateInput{Scope: c.PostForm("scope"), Conditions: c.PostForm("conditions"),
			ValidFrom: c.PostForm("valid_from"), ValidUntil: c.PostForm("valid_until")}
		if len(grantee) == 1 {
			in.Mandate.GranteeOrganisationID = grantee[0]
		}
		if person := formIDs(c.Request.PostForm, "grantee_user_id", &errs); len(person) == 1 {
			in.Mandate.GranteeUserID = &person[0]
		}
	}
	d, err := in.domain()
	d.Version = formInt(c, &errs, "version")
	return d, join(errs.Err(), err)
}

// actionFromForm reads an action form.
func actionFromForm(c *gin.Context) (minutes.Action, error) {
	var errs conference.ValidationErrors
	in := actionInput{What: c.PostForm("what"), DueDate: c.PostForm("due_date")}
	if org := formIDs(c.Request.PostForm, "owner_organisation_id", &errs); len(org) == 1 {
		in.OwnerOrganisationID = org[0]
	}
	if person := formIDs(c.Request.PostForm, "owner_user_id", &errs); len(person) == 1 {
		in.OwnerUserID = &person[0]
	}
	a, err := in.domain()
	a.Version = formInt(c, &errs, "version")
	return a, join(errs.Err(), err)
}

// itemOf reads the item of the :id path for a form posted to it.
func (s *Server) itemOf(c *gin.Context) (itemID, conferenceID int64, ok bool) {
	id, ok := s.idOf(c)
	if !ok {
		return 0, 0, false
	}
	it, err := s.agenda.Item(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return 0, 0, false
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errBadRequest)
		return 0, 0, false
	}
	return it.ID, it.ConferenceID, true
}

// recordOf reads the decision or action of the :id path for a form posted to it.
func (s *Server) recordOf(c *gin.Context, kind string) (id, itemID, conferenceID int64, ok bool) {
	id, ok = s.idOf(c)
	if !ok {
		return 0, 0, 0, false
	}
	itemID, conferenceID, err := s.minutes.Where(c.Request.Context(), kind, id)
	if err != nil {
		s.fail(c, err)
		return 0, 0, 0, false
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errBadRequest)
		return 0, 0, 0, false
	}
	return id, itemID, conferenceID, true
}

func (s *Server) decisionSubmit(c *gin.Context) {
	itemID, confID, ok := s.itemOf(c)
	if !ok {
		return
	}
	d, err := decisionFromForm(c)
	if err == nil {
		err = s.addDecision(c, itemID, &d)
	}
	if err != nil {
		s.refuseAt(c, confID, fmt.Sprintf("decision-new-%d", itemID), err)
		return
	}
	s.savedAt(c, confID, itemID, "minutes.saved")
}

func (s *Server) decisionEditSubmit(c *gin.Context) {
	id, itemID, confID, ok := s.recordOf(c, "decision")
	if !ok {
		return
	}
	d, err := decisionFromForm(c)
	d.ID = id
	if err == nil {
		err = s.updateDecision(c, &d)
	}
	if err != nil {
		s.refuseAt(c, confID, fmt.Sprintf("decision-%d", id), err)
		return
	}
	s.savedAt(c, confID, itemID, "minutes.changed")
}

func (s *Server) decisionRemoveSubmit(c *gin.Context) {
	s.removeRecordSubmit(c, "decision", func(id int64, version int) error {
		_, err := s.removeDecision(c, id, version)
		return err
	})
}

func (s *Server) actionSubmit(c *gin.Context) {
	itemID, confID, ok := s.itemOf(c)
	if !ok {
		return
	}
	a, err := actionFromForm(c)
	if err == nil {
		err = s.addAction(c, itemID, &a)
	}
	if err != nil {
		s.refuseAt(c, confID, fmt.Sprintf("action-new-%d", itemID), err)
		return
	}
	s.savedAt(c, confID, itemID, "minutes.saved")
}

func (s *Server) actionEditSubmit(c *gin.Context) {
	id, itemID, confID, ok := s.recordOf(c, "action")
	if !ok {
		return
	}
	a, err := actionFromForm(c)
	a.ID = id
	if err == nil {
		err = s.updateAction(c, &a)
	}
	if err != nil {
		s.refuseAt(c, confID, fmt.Sprintf("action-%d", id), err)
		return
	}
	s.savedAt(c, confID, itemID, "minutes.changed")
}

func (s *Server) actionRemoveSubmit(c *gin.Context) {
	s.removeRecordSubmit(c, "action", func(id int64, version int) error {
		_, err := s.removeAction(c, id, version)
		return err
	})
}

// removeRecordSubmit removes the decision or action (kind) of the path at the
// version the form read, and returns to its item; a refusal shows in place.
func (s *Server) removeRecordSubmit(c *gin.Context, kind string, remove func(id int64, version int) error) {
	id, itemID, confID, ok := s.recordOf(c, kind)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	err := errs.Err()
	if err == nil {
		err = remove(id, version)
	}
	if err != nil {
		s.refuseAt(c, confID, fmt.Sprintf("%s-%d-remove", kind, id), err)
		return
	}
	s.savedAt(c, confID, itemID, "minutes.removed")
}
