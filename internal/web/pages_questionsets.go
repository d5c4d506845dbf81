package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

type adminQuestionSetsData struct {
	Sets []agenda.QuestionSet
}

func (s *Server) adminQuestionSetsPage(c *gin.Context) {
	sets, err := s.agenda.QuestionSets(c.Request.Context(), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Name: "admin_questionsets", Title: "admin.question_sets", Section: "admin", Data: adminQuestionSetsData{Sets: sets}})
}

// adminQuestionSetData is what the form of one question set shows.
type adminQuestionSetData struct {
	// Set is the stored set; its ID is 0 on the form for a new set.
	Set         agenda.QuestionSet
	Rows        []questionRow
	Themes      []conference.Theme
	ItemKinds   []agenda.Kind
	AnswerKinds []agenda.AnswerKind
	// Current is the stored set when a save lost to someone else's; the
	// form keeps what was typed, with Current's version to save over it.
	Current *agenda.QuestionSet
}

// Action is the address the form posts to.
func (d adminQuestionSetData) Action() string {
	if d.Set.ID == 0 {
		return "/admin/question-sets"
	}
	return "/admin/question-sets/" + strconv.FormatInt(d.Set.ID, 10)
}

func (s *Server) adminQuestionSetNewPage(c *gin.Context) {
	f := rowForm(url.Values{"active": {"on"}}, nil)
	s.showQuestionSet(c, http.StatusOK, agenda.QuestionSet{}, withEmptyRows(nil), f, nil)
}

func (s *Server) adminQuestionSetPage(c *gin.Context) {
	q, _, ok := byID(s, c, s.agenda.QuestionSet)
	if !ok {
		return
	}
	s.showQuestionSet(c, http.StatusOK, q, withEmptyRows(questionRowsOf(q.Questions)), rowForm(questionSetValues(q), nil), nil)
}

func (s *Server) showQuestionSet(c *gin.Context, code int, q agenda.QuestionSet, rows []questionRow, f *form, current *agenda.QuestionSet) {
	title := "questionsets.new"
	if q.ID != 0 {
		title = "questionsets.edit"
	}
	data := adminQuestionSetData{Set: q, Rows: rows, Themes: conference.Themes, ItemKinds: agenda.Kinds,
		AnswerKinds: agenda.AnswerKinds, Current: current}
	s.show(c, page{Code: code, Name: "admin_questionset", Title: title, Section: "admin", Data: data, Form: f})
}

func (s *Server) adminQuestionSetCreateSubmit(c *gin.Context) {
	in := readQuestionSetForm(c.Request.PostForm, true)
	q := in.set
	err := in.errs.Err()
	if err == nil {
		err = s.createQuestionSet(c, &q)
	} else {
		err = join(err, q.Validate())
	}
	if err != nil {
		s.questionSetNotSaved(c, agenda.QuestionSet{}, q, in.rows, err)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "questionsets.saved"), false)
	c.Redirect(http.StatusSeeOther, "/admin/question-sets")
}

func (s *Server) adminQuestionSetUpdateSubmit(c *gin.Context) {
	stored, id, ok := byID(s, c, s.agenda.QuestionSet)
	if !ok {
		return
	}
	in := readQuestionSetForm(c.Request.PostForm, false)
	q := in.set
	q.ID = id
	if stored.BuiltIn {
		q.Key = stored.Key // read-only on the form; the store refuses a change anyway
	}
	err := in.errs.Err()
	if err == nil {
		err = s.updateQuestionSet(c, &q)
	} else {
		err = join(err, q.Validate())
	}
	if err != nil {
		s.questionSetNotSaved(c, stored, q, in.rows, err)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "questionsets.saved"), false)
	c.Redirect(http.StatusSeeOther, "/admin/question-sets")
}

// questionSetNotSaved shows the form again with what was typed: a validation
// error next to its field, or, when someone else saved the set first, their
// version next to the typed one. It never saves over their change itself.
func (s *Server) questionSetNotSaved(c *gin.Context, stored, typed agenda.QuestionSet, rows []questionRow, err error) {
	values := questionSetValues(typed)
	values.Set("version", c.Request.PostForm.Get("version"))
	values.Set("position", c.Request.PostForm.Get("position"))
	values.Set("postcodes", c.Request.PostForm.Get("postcodes"))
	switch status(err) {
	case http.StatusUnprocessableEntity:
		f := rowForm(values, s.questionSetMessages(c, typed, err))
		s.showQuestionSet(c, http.StatusUnprocessableEntity, stored, withEmptyRows(rows), f, nil)
	case http.StatusConflict:
		current, cerr := s.agenda.QuestionSet(c.Request.Context(), stored.ID)
		if cerr != nil {
			s.fail(c, cerr)
			return
		}
		values.Set("version", strconv.Itoa(current.Version))
		s.showQuestionSet(c, http.StatusConflict, current, withEmptyRows(rows), rowForm(values, nil), &current)
	default:
		s.fail(c, err)
	}
}

// questionSetMessages words the validation errors of q for the form: a
// repeated question key names no JSON path, and the bad postcodes are named
// in one message (the form has one field for all of them).
func (s *Server) questionSetMessages(c *gin.Context, q agenda.QuestionSet, err error) error {
	var out conference.ValidationErrors
	var badPostcodes []string
	postcodeMsg := ""
	for _, fe := range validationErrors(err) {
		msg := fe.Message
		if strings.HasPrefix(msg, "is already used by questions[") {
			msg = "is already used by another question"
		}
		var i int
		if _, scanErr := fmt.Sscanf(fe.Field, "postcodes[%d]", &i); scanErr == nil && i >= 0 && i < len(q.Postcodes) {
			badPostcodes, postcodeMsg = append(badPostcodes, q.Postcodes[i]), msg
			continue
		}
		out.Add(fe.Field, msg)
	}
	if len(badPostcodes) > 0 {
		out.Add("postcodes", strings.Join(badPostcodes, ", ")+": "+s.pages.translateMsg(lang(c), postcodeMsg))
	}
	return out.Err()
}
