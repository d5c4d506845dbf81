package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

type minutesData struct {
	*names
	Minutes minutes.View
	// Members are the people of the member organisations, for the attendance form.
	Members   []conference.User
	Kinds     []minutes.DecisionKind
	Presences []conference.Presence
	// Conflict holds, for an item whose save lost, the stored and the typed record.
	Conflict *recordConflict
	// Failed is a decision or action form that was refused, shown again with its errors.
	Failed *failedForm
	// Signing is the approval state; Approver says the user chairs or takes the minutes.
	Signing  minutes.Signed
	Approver bool
	UserID   int64
}

// NextStatuses lists the statuses a case in status from may take, for applying a decision.
func (d minutesData) NextStatuses(from conference.CaseStatus) []conference.CaseStatus {
	return conference.NextStatuses(from)
}

// Approved reports whether user id approved among approvals.
func (d minutesData) Approved(approvals []minutes.Approval) bool {
	for _, a := range approvals {
		if a.UserID == d.UserID {
			return true
		}
	}
	return false
}

// failedForm is a refused item form: which item, which form, what was typed.
type failedForm struct {
	ItemID int64
	Kind   string // "decision" or "action"
	Form   *form
}

// FormFor returns the typed values and errors of item's form of kind when it
// was just refused, else an empty form.
func (d minutesData) FormFor(itemID int64, kind string) *form {
	if d.Failed != nil && d.Failed.ItemID == itemID && d.Failed.Kind == kind {
		return d.Failed.Form
	}
	return newForm(nil, nil)
}

type recordConflict struct {
	ItemID  int64
	Current minutes.ItemRecord
	Yours   minutes.ItemRecord
}

// PresenceOf returns the recorded presence of user id, or "".
func (d minutesData) PresenceOf(id int64) conference.Presence {
	for _, a := range d.Minutes.Attendance {
		if a.UserID == id {
			return a.Presence
		}
	}
	return ""
}

// RemarkOf returns the attendance remark of user id.
func (d minutesData) RemarkOf(id int64) string {
	for _, a := range d.Minutes.Attendance {
		if a.UserID == id {
			return a.Remark
		}
	}
	return ""
}

// Involved lists the organisations involved in an item's case, for the owner select.
func (d minutesData) Involved(it minutes.ItemMinutes) []conference.Organisation {
	var out []conference.Organisation
	for _, o := range d.Organisations() {
		if it.Case == nil || it.Case.Involves(o.ID) {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) minutesPage(c *gin.Context) { s.showMinutes(c, http.StatusOK, nil, nil) }

func (s *Server) showMinutes(c *gin.Context, code int, conflict *recordConflict, failed *failedForm) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v, ok := s.minutesView(c, id)
	if !ok {
		return
	}
	users, _, err := s.store.Users(ctx, conference.UserFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		s.fail(c, err)
		return
	}
	var members []conference.User
	var ids []int64
	for _, u := range users {
		ids = append(ids, u.ID)
		if u.Active && slices.Contains(v.Series.MemberOrganisationIDs, u.OrganisationID) && !(u.Has(conference.RoleAdmin) && len(u.Roles) == 1) {
			members = append(members, u)
		}
	}
	slices.SortStableFunc(members, func(a, b conference.User) int { return int(a.OrganisationID - b.OrganisationID) })
	n, err := s.loadNames(ctx, ids)
	if err != nil {
		s.fail(c, err)
		return
	}
	signing, err := s.minutes.Signed(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	data := minutesData{names: n, Minutes: v, Members: members, Kinds: minutes.DecisionKinds,
		Presences: []conference.Presence{conference.Present, conference.Excused, conference.Absent}, Conflict: conflict,
		Signing: signing, Approver: mayOrganise(u, v.Conference), UserID: u.ID, Failed: failed}
	s.show(c, page{Code: code, Name: "minutes", Title: "minutes.title", Section: "conferences", Data: data})
}

func minutesURL(id int64) string { return fmt.Sprintf("/conferences/%d/minutes", id) }

func itemAnchor(conferenceID, itemID int64) string {
	return minutesURL(conferenceID) + "#item-" + strconv.FormatInt(itemID, 10)
}

// attendanceSubmit stores the attendance form: presence.<user> and remark.<user>.
func (s *Server) attendanceSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, ok := s.organisedConference(c, id); !ok {
		return
	}
	var list []conference.Attendance
	var errs conference.ValidationErrors
	for key, vals := range c.Request.PostForm {
		userID, ok := strings.CutPrefix(key, "presence.")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		uid, err := strconv.ParseInt(userID, 10, 64)
		if err != nil {
			errs.Add(key, "is not a person")
			continue
		}
		list = append(list, conference.Attendance{UserID: uid, Presence: conference.Presence(vals[0]), Remark: c.PostForm("remark." + userID)})
	}
	slices.SortFunc(list, func(a, b conference.Attendance) int { return int(a.UserID - b.UserID) })
	err := errs.Err()
	if err == nil {
		err = s.setAttendance(c, id, list)
	}
	if err != nil {
		s.flashError(c, err, minutesURL(id)+"#attendance")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.saved"), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id)+"#attendance")
}

// recordSubmit saves an item's summary and answers. A lost save shows the
// page again with both texts side by side: nothing typed is lost.
func (s *Server) recordSubmit(c *gin.Context) {
	it, itemID, ok := byID(s, c, s.agenda.Item)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	rec := minutes.ItemRecord{ItemID: itemID, Summary: c.PostForm("summary"), Version: formInt(c, &errs, "version"), Answers: map[string]string{}}
	for key, vals := range c.Request.PostForm {
		if q, ok := strings.CutPrefix(key, "answers."); ok && len(vals) > 0 {
			rec.Answers[q] = vals[0]
		}
	}
	sent := rec
	err := errs.Err()
	if err == nil {
		err = s.saveRecord(c, &rec)
	}
	var ce *minutes.ConflictError
	if errors.As(err, &ce) {
		c.Params = append(c.Params[:0], gin.Param{Key: "id", Value: strconv.FormatInt(it.ConferenceID, 10)})
		s.showMinutes(c, http.StatusConflict, &recordConflict{ItemID: itemID, Current: ce.Current, Yours: sent}, nil)
		return
	}
	if err != nil {
		s.flashError(c, err, itemAnchor(it.ConferenceID, itemID))
		return
	}
	s.flash(c, fmt.Sprintf(s.pages.translate(lang(c), "minutes.saved_version"), rec.Version), false)
	c.Redirect(http.StatusSeeOther, itemAnchor(it.ConferenceID, itemID))
}

// itemForm runs fn for the item of the :id path and returns to it on the
// minutes page. A refused form is shown again with what was typed and a
// message next to each wrong field.
func (s *Server) itemForm(c *gin.Context, kind string, fn func(itemID int64) error) {
	it, itemID, ok := byID(s, c, s.agenda.Item)
	if !ok {
		return
	}
	if err := fn(itemID); err != nil {
		if status(err) != http.StatusUnprocessableEntity || errors.Is(err, minutes.ErrFinal) {
			s.flashError(c, err, itemAnchor(it.ConferenceID, itemID))
			return
		}
		c.Params = append(c.Params[:0], gin.Param{Key: "id", Value: strconv.FormatInt(it.ConferenceID, 10)})
		f := newForm(c.Request.PostForm, stripPrefix(err, "mandate."))
		for field, msg := range f.Errors {
			f.Errors[field] = s.pages.translateMsg(lang(c), msg)
		}
		s.showMinutes(c, http.StatusUnprocessableEntity, nil, &failedForm{ItemID: itemID, Kind: kind, Form: f})
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.saved"), false)
	c.Redirect(http.StatusSeeOther, itemAnchor(it.ConferenceID, itemID))
}

// decisionSubmit records a decision: stance.<org> and remark.<org> per
// present involved organisation, and the mandate fields for a mandate grant.
func (s *Server) decisionSubmit(c *gin.Context) {
	s.itemForm(c, "decision", func(itemID int64) error {
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
		if err = join(errs.Err(), err); err == nil {
			err = s.addDecision(c, itemID, &d)
		}
		return err
	})
}

func (s *Server) actionSubmit(c *gin.Context) {
	s.itemForm(c, "action", func(itemID int64) error {
		var errs conference.ValidationErrors
		in := actionInput{What: c.PostForm("what"), DueDate: c.PostForm("due_date")}
		if org := formIDs(c.Request.PostForm, "owner_organisation_id", &errs); len(org) == 1 {
			in.OwnerOrganisationID = org[0]
		}
		if person := formIDs(c.Request.PostForm, "owner_user_id", &errs); len(person) == 1 {
			in.OwnerUserID = &person[0]
		}
		a, err := in.domain()
		if err = join(errs.Err(), err); err == nil {
			err = s.addAction(c, itemID, &a)
		}
		return err
	})
}

func (s *Server) resolveSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/conferences"
	}
	if _, err := s.resolveDecision(c, id, strings.TrimSpace(c.PostForm("resolution"))); err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.saved"), false)
	c.Redirect(http.StatusSeeOther, back)
}

func (s *Server) finaliseSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := s.finalise(c, id); err != nil {
		s.flashError(c, err, minutesURL(id))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.finalised"), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id))
}
