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
	// Statement is the series' confidentiality statement in the page's language.
	Statement string
	// Live is the running meeting, while it runs.
	Live *minutesLive
}

// Outcomes lists the outcomes a case closed by applying a decision may take.
func (d minutesData) Outcomes() []conference.CaseOutcome { return conference.CaseOutcomes }

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

// FormFor returns the typed values and errors of the form target when it was
// just refused, else an empty form.
func (d minutesData) FormFor(target string) *form { return formFor(d.Failed, target) }

// MessagesFor returns the labelled errors of the form target when it was just refused.
func (d minutesData) MessagesFor(target string) []string { return messagesFor(d.Failed, target) }

type recordConflict struct {
	ItemID  int64
	Current minutes.ItemRecord
	Yours   minutes.ItemRecord
}

// PresenceOf returns the recorded presence of user id, or "" (what was
// typed, after a refused attendance form).
func (d minutesData) PresenceOf(id int64) conference.Presence {
	if f := d.FormFor("attendance"); len(f.Errors) > 0 {
		return conference.Presence(f.Get("presence." + strconv.FormatInt(id, 10)))
	}
	for _, a := range d.Minutes.Attendance {
		if a.UserID == id {
			return a.Presence
		}
	}
	if d.AcceptedBy(id) {
		// Not recorded yet, but they accepted the statement on the meeting page: present.
		return conference.Present
	}
	return ""
}

// ConfirmedOf reports whether user id confirmed the confidentiality statement.
func (d minutesData) ConfirmedOf(id int64) bool {
	if f := d.FormFor("attendance"); len(f.Errors) > 0 {
		return f.Get("confidential."+strconv.FormatInt(id, 10)) == "on"
	}
	for _, a := range d.Minutes.Attendance {
		if a.UserID == id {
			return a.ConfidentialityConfirmed
		}
	}
	return d.AcceptedBy(id)
}

// RemarkOf returns the attendance remark of user id.
func (d minutesData) RemarkOf(id int64) string {
	if f := d.FormFor("attendance"); len(f.Errors) > 0 {
		return f.Get("remark." + strconv.FormatInt(id, 10))
	}
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
	byID := make(map[int64]conference.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
		if u.Active && slices.Contains(v.Series.MemberOrganisationIDs, u.OrganisationID) && !(u.Has(conference.RoleAdmin) && len(u.Roles) == 1) {
			members = append(members, u)
		}
	}
	slices.SortStableFunc(members, func(a, b conference.User) int { return int(a.OrganisationID - b.OrganisationID) })
	// Every user is named from the list just read (attendance, owners,
	// who recorded what), not read again by id.
	n, err := s.namesWith(ctx, byID)
	if err != nil {
		s.fail(c, err)
		return
	}
	signing, err := s.minutes.Signed(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	lv, err := s.minutesLiveOf(ctx, v, v.CanRecord)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	data := minutesData{Live: lv, names: n, Minutes: v, Members: members, Kinds: minutes.DecisionKinds,
		Presences: []conference.Presence{conference.Present, conference.Excused, conference.Absent}, Conflict: conflict,
		Signing: signing, Approver: mayOrganise(u, v.Conference), UserID: u.ID, Failed: failed, Statement: v.Confidentiality}
	if v.Confidentiality == conference.DefaultConfidentiality {
		data.Statement = s.pages.translate(lang(c), "confidentiality.default")
	}
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
		list = append(list, conference.Attendance{UserID: uid, Presence: conference.Presence(vals[0]), Remark: c.PostForm("remark." + userID),
			ConfidentialityConfirmed: c.PostForm("confidential."+userID) == "on"})
	}
	slices.SortFunc(list, func(a, b conference.Attendance) int { return int(a.UserID - b.UserID) })
	err := errs.Err()
	if err == nil {
		err = s.setAttendance(c, id, list)
	}
	if err != nil {
		if inPlace(err) {
			s.showMinutes(c, http.StatusUnprocessableEntity, nil, s.failedFormOf(c, "attendance", err))
			return
		}
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
		if inPlace(err) {
			withID(c, it.ConferenceID)
			s.showMinutes(c, http.StatusUnprocessableEntity, nil, s.failedFormOf(c, fmt.Sprintf("record-%d", itemID), err))
			return
		}
		s.flashError(c, err, itemAnchor(it.ConferenceID, itemID))
		return
	}
	s.flash(c, fmt.Sprintf(s.pages.translate(lang(c), "minutes.saved_version"), rec.Version), false)
	c.Redirect(http.StatusSeeOther, itemAnchor(it.ConferenceID, itemID))
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
