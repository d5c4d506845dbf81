package web

import (
	"fmt"
	"net/url"
	"strconv"

	"casusoverleg/minutes"
)

// recordForm is what the decision_form and action_form partials of the
// minutes page show: a new decision or action of an item, or the correction
// of one, with the values typed (after a refusal) or stored.
type recordForm struct {
	// V is the page's view (translations, CSRF token).
	V      any
	Data   minutesData
	It     minutes.ItemMinutes
	F      *form
	Target string
	// Suffix makes the ids of the form's fields unique: the item's id for a
	// new decision or action, "d<id>" or "a<id>" for a correction.
	Suffix string
	Action string
	// Version is the version read, for a correction; 0 for a new one.
	Version int
	Edit    bool
	// Label is the message key of the submit button of a remove form.
	Label string
	// Messages are the labelled errors of a refused form.
	Messages []string
}

// DecisionForm returns the form of a new decision of it (d nil) or of the
// correction of d.
func (d minutesData) DecisionForm(v any, it minutes.ItemMinutes, dec *minutes.Decision) recordForm {
	rf := recordForm{V: v, Data: d, It: it, Target: fmt.Sprintf("decision-new-%d", it.ID), Action: fmt.Sprintf("/items/%d/decisions", it.ID),
		Suffix: fmt.Sprint(it.ID)}
	if dec != nil {
		rf.Target, rf.Action, rf.Version, rf.Edit = fmt.Sprintf("decision-%d", dec.ID), fmt.Sprintf("/decisions/%d/edit", dec.ID), dec.Version, true
		rf.Suffix = fmt.Sprintf("d%d", dec.ID)
	}
	rf.F, rf.Messages = d.FormFor(rf.Target), d.MessagesFor(rf.Target)
	if len(rf.F.Errors) == 0 && dec != nil {
		rf.F = newForm(decisionValues(*dec), nil)
	}
	return rf
}

// decisionValues are the form values of a stored decision.
func decisionValues(d minutes.Decision) url.Values {
	v := url.Values{"text": {d.Text}, "kind": {string(d.Kind)}}
	for _, p := range d.Positions {
		org := strconv.FormatInt(p.OrganisationID, 10)
		v.Set("stance."+org, string(p.Stance))
		v.Set("remark."+org, p.Remark)
	}
	if m := d.Mandate; m != nil {
		v.Set("grantee_organisation_id", strconv.FormatInt(m.GranteeOrganisationID, 10))
		v.Set("scope", m.Scope)
		v.Set("conditions", m.Conditions)
		v.Set("valid_from", m.ValidFrom.In(amsterdam).Format("2006-01-02"))
		v.Set("valid_until", m.ValidUntil.In(amsterdam).Format("2006-01-02"))
	}
	return v
}

// ActionForm returns the form of a new action of it (a nil) or of the correction of a.
func (d minutesData) ActionForm(v any, it minutes.ItemMinutes, a *minutes.Action) recordForm {
	rf := recordForm{V: v, Data: d, It: it, Target: fmt.Sprintf("action-new-%d", it.ID), Action: fmt.Sprintf("/items/%d/actions", it.ID),
		Suffix: fmt.Sprint(it.ID)}
	if a != nil {
		rf.Target, rf.Action, rf.Version, rf.Edit = fmt.Sprintf("action-%d", a.ID), fmt.Sprintf("/actions/%d/edit", a.ID), a.Version, true
		rf.Suffix = fmt.Sprintf("a%d", a.ID)
	}
	rf.F, rf.Messages = d.FormFor(rf.Target), d.MessagesFor(rf.Target)
	if len(rf.F.Errors) == 0 && a != nil {
		rf.F = newForm(url.Values{"what": {a.What}, "owner_organisation_id": {strconv.FormatInt(a.OwnerOrganisationID, 10)},
			"due_date": {a.DueDate.Format("2006-01-02")}}, nil)
	}
	return rf
}

// RemoveForm returns the form that removes decision or action id (kind
// "decision" or "action") at version.
func (d minutesData) RemoveForm(v any, kind string, id int64, version int) recordForm {
	target := fmt.Sprintf("%s-%d-remove", kind, id)
	return recordForm{V: v, Data: d, F: d.FormFor(target), Messages: d.MessagesFor(target), Target: target, Action: fmt.Sprintf("/%ss/%d/remove", kind, id),
		Version: version, Label: "minutes.remove_" + kind}
}

// Open reports whether the form's details element starts open: after a refusal.
func (rf recordForm) Open() bool { return len(rf.F.Errors) > 0 }
