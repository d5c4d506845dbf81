package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"casusoverleg/minutes"
)

// commentsData is what the comment round page shows.
type commentsData struct {
	*names
	Round minutes.CommentsView
	// Groups are the sections of the page: one per item with its draft and
	// comments, or — when the draft is no longer shared — one with every
	// comment the reader may see.
	Groups []commentGroup
	// Failed is a refused form shown again: the round ("round"), an item's
	// comment ("comment", by item id) or a handling ("handle", by comment id).
	Failed *failedForm
	// DeadlineValue fills the deadline field: the current deadline, or two
	// working days from now.
	DeadlineValue string
}

// commentGroup is an item (nil for the history section) with its comments.
type commentGroup struct {
	Item     *minutes.ItemMinutes
	Comments []minutes.Comment
}

// FormFor returns the typed values and errors of the refused form of kind
// for id, else an empty form.
func (d commentsData) FormFor(id int64, kind string) *form {
	return formFor(d.Failed, commentTarget(kind, id))
}

func (s *Server) commentsPage(c *gin.Context) { s.showComments(c, http.StatusOK, nil) }

func (s *Server) showComments(c *gin.Context, code int, failed *failedForm) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v, ok := s.commentsView(c, id)
	if !ok {
		return
	}
	var userIDs []int64
	byItem := map[int64][]minutes.Comment{}
	for _, cm := range v.Comments {
		userIDs = append(userIDs, cm.UserID)
		byItem[cm.ItemID] = append(byItem[cm.ItemID], cm)
	}
	var groups []commentGroup
	for i := range v.Minutes.Items {
		it := &v.Minutes.Items[i]
		groups = append(groups, commentGroup{Item: it, Comments: byItem[it.ID]})
	}
	if len(v.Minutes.Items) == 0 {
		groups = []commentGroup{{Comments: v.Comments}}
	}
	n, err := s.loadNames(ctx, userIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	deadline := s.cfg.Now().In(amsterdam).AddDate(0, 0, 2)
	if v.Round != nil {
		deadline = v.Round.Deadline.In(amsterdam)
	}
	data := commentsData{names: n, Round: v, Groups: groups, Failed: failed, DeadlineValue: deadline.Format("2006-01-02T15:04")}
	s.show(c, page{Code: code, Name: "comments", Title: "comments.title", Section: "conferences", Data: data})
}

// refused shows the page again with a refused form, or fails for anything
// but a validation error.
func (s *Server) refusedComments(c *gin.Context, err error, id int64, kind string) {
	if status(err) != http.StatusUnprocessableEntity {
		s.fail(c, err)
		return
	}
	s.showComments(c, http.StatusUnprocessableEntity, &failedForm{Target: commentTarget(kind, id), Form: newForm(c.Request.PostForm, err)})
}

func (s *Server) openRoundSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	r, err := s.openRound(c, id, roundInput{Deadline: c.PostForm("deadline")})
	if err != nil {
		s.refusedComments(c, err, id, "round")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "comments.round_opened")+" "+r.Deadline.In(amsterdam).Format("02-01-2006 15:04"), false)
	c.Redirect(http.StatusSeeOther, commentsURL(id))
}

func (s *Server) commentSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	it, err := s.agenda.Item(c.Request.Context(), id) // the route's guard let the commenter through
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.addComment(c, id, commentInput{Text: c.PostForm("text")}); err != nil {
		// The page to show again is the item's conference's.
		c.Params = gin.Params{{Key: "id", Value: strconv.FormatInt(it.ConferenceID, 10)}}
		s.refusedComments(c, err, id, "comment")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "comments.added"), false)
	c.Redirect(http.StatusSeeOther, commentsURL(it.ConferenceID)+"#item-"+strconv.FormatInt(id, 10))
}

func (s *Server) handleCommentSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	confID, err := s.minutes.ConferenceOfComment(c.Request.Context(), id) // the route's guard let the organiser through
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.handleComment(c, id, handleInput{Status: c.PostForm("status"), Note: c.PostForm("note")}); err != nil {
		c.Params = gin.Params{{Key: "id", Value: strconv.FormatInt(confID, 10)}}
		s.refusedComments(c, err, id, "handle")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "comments.handled"), false)
	c.Redirect(http.StatusSeeOther, commentsURL(confID)+"#comment-"+strconv.FormatInt(id, 10))
}

// commentTarget names the form of kind for record id on the comments page.
func commentTarget(kind string, id int64) string { return kind + "-" + strconv.FormatInt(id, 10) }
