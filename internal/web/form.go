package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"casusoverleg/conference"
)

// form carries a submitted HTML form back to its page with a message per field.
type form struct {
	Values url.Values
	Errors map[string]string
}

func newForm(values url.Values, err error) *form {
	f := &form{Values: values, Errors: map[string]string{}}
	for _, fe := range validationErrors(err) {
		if _, seen := f.Errors[baseField(fe.Field)]; !seen {
			f.Errors[baseField(fe.Field)] = fe.Message
		}
	}
	return f
}

// baseField maps "involved_organisation_ids[0]" to its form field name.
func baseField(f string) string {
	for i, r := range f {
		if r == '[' {
			return f[:i]
		}
	}
	return f
}

// Get returns the submitted value of field.
func (f *form) Get(field string) string { return f.Values.Get(field) }

// Has reports whether id was among the values submitted for field.
func (f *form) Has(field string, id int64) bool {
	return slices.Contains(f.Values[field], strconv.FormatInt(id, 10))
}

// HasString reports whether v was among the values submitted for field.
func (f *form) HasString(field, v string) bool { return slices.Contains(f.Values[field], v) }

// fieldMessage is what the field_error partial shows.
type fieldMessage struct{ ID, Msg string }

// Error returns the message for field, or nil.
func (f *form) Error(field string) *fieldMessage {
	if msg, ok := f.Errors[field]; ok {
		return &fieldMessage{ID: field, Msg: msg}
	}
	return nil
}

// Invalid returns the ARIA attributes of a field with an error.
func (f *form) Invalid(field string) template.HTMLAttr {
	if _, ok := f.Errors[field]; !ok {
		return ""
	}
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(field) + `-error"`)
}

// formIDs reads a multi-valued id field; a value that is not an id is named in errs.
func formIDs(values url.Values, field string, errs *conference.ValidationErrors) []int64 {
	var ids []int64
	for _, v := range values[field] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add(field, "is not a valid choice")
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// takenAsField turns a duplicate (ErrConflict on create or rename) into a
// validation error on field, so that the form shows it next to that field.
func takenAsField(err error, field string) error {
	if status(err) == http.StatusConflict {
		return &conference.ValidationError{Field: field, Msg: "is already in use"}
	}
	return err
}
