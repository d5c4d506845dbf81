package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// A refused form of the agenda or minutes page is shown again in its place:
// the page is rendered with the form marked by its target (an element id such
// as "item-12" or "decision-7"), what was typed, a message next to each wrong
// field and, beside the form, each message with the field's label.

// failedForm is a refused form of a page: which one and what was typed, with the errors.
type failedForm struct {
	Target string
	Form   *form
	// Messages are the errors as "Label: message", in the page's language.
	Messages []string
}

// inPlace reports whether err is about what was typed in a form (a field
// refused, or a stale version), so that the form is shown again with it.
func inPlace(err error) bool {
	switch status(err) {
	case http.StatusUnprocessableEntity:
		return fieldErrors(err) != nil && !errors.Is(err, minutes.ErrFinal)
	case http.StatusConflict:
		return true
	}
	return false
}

// failedFormOf makes the refused form target of the request's form values and err.
func (s *Server) failedFormOf(c *gin.Context, target string, err error) *failedForm {
	if status(err) == http.StatusConflict {
		err = &conference.ValidationError{Field: "version", Msg: "was changed by someone else in the meantime; reload the page"}
	}
	l := lang(c)
	ff := &failedForm{Target: target, Form: newForm(c.Request.PostForm, err)}
	for field, msg := range ff.Form.Errors {
		ff.Form.Errors[field] = s.pages.translateMsg(l, msg)
	}
	for _, fe := range fieldErrors(err) {
		label := fe.Field
		if m, ok := s.pages.messages[l]["field."+baseField(fe.Field)]; ok {
			label = m
		}
		ff.Messages = append(ff.Messages, label+": "+s.pages.translateMsg(l, fe.Message))
	}
	return ff
}

// formFor returns the typed values and errors of form target when it is the
// refused one, else an empty form.
func formFor(failed *failedForm, target string) *form {
	if failed != nil && failed.Target == target {
		return failed.Form
	}
	return newForm(nil, nil)
}

// messagesFor returns the labelled messages of form target when it is the refused one.
func messagesFor(failed *failedForm, target string) []string {
	if failed != nil && failed.Target == target {
		return failed.Messages
	}
	return nil
}

// withID sets the :id path parameter, to render another page than the one posted to.
func withID(c *gin.Context, id int64) {
	c.Params = append(c.Params[:0], gin.Param{Key: "id", Value: strconv.FormatInt(id, 10)})
}
