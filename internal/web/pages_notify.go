package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/notify"
)

// The user's own message settings and the admin's list of messages (Berichten).

type settingsData struct {
	Kinds []conference.EventKind
	Hours []int
}

var digestHours = func() []int {
	h := make([]int, 24)
	for i := range h {
		h[i] = i
	}
	return h
}()

// settingsValues fills the settings form from s.
func settingsValues(s notify.Settings) url.Values {
	v := url.Values{"language": {s.Language}, "digest_hour": {strconv.Itoa(s.DigestHour)}}
	for _, k := range conference.EventKinds {
		if s.Wants(k) {
			v.Add("on", string(k))
		}
	}
	if s.Digest {
		v.Set("digest", "on")
	}
	return v
}

func (s *Server) showSettings(c *gin.Context, code int, f *form) {
	s.show(c, page{Name: "settings_notifications", Title: "settings.notifications", Section: "settings",
		Data: settingsData{Kinds: conference.EventKinds, Hours: digestHours}, Form: f, Code: code})
}

func (s *Server) settingsPage(c *gin.Context) {
	st, err := s.outbox.Settings(c.Request.Context(), actor(c).UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showSettings(c, 0, newForm(settingsValues(st), nil))
}

func (s *Server) settingsSubmit(c *gin.Context) {
	v := c.Request.PostForm
	st := notify.Settings{UserID: actor(c).UserID, Language: v.Get("language"), Digest: v.Get("digest") == "on", Off: []conference.EventKind{}}
	st.DigestHour = -1 // not a number: Validate names the field
	if h, err := strconv.Atoi(v.Get("digest_hour")); err == nil {
		st.DigestHour = h
	}
	for _, k := range conference.EventKinds {
		if !slices.Contains(v["on"], string(k)) {
			st.Off = append(st.Off, k)
		}
	}
	if err := s.saveSettings(c, &st); err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showSettings(c, http.StatusUnprocessableEntity, newForm(v, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "settings.saved"), false)
	c.Redirect(http.StatusSeeOther, "/settings/notifications")
}

func (s *Server) apiSettings(c *gin.Context) {
	st, err := s.outbox.Settings(c.Request.Context(), actor(c).UserID)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, st)
}

// settingsInput is the body of PUT /api/v1/me/notification-settings.
type settingsInput struct {
	Language   string                 `json:"language"`
	Off        []conference.EventKind `json:"off"`
	Digest     bool                   `json:"digest"`
	DigestHour int                    `json:"digest_hour"`
}

func (s *Server) apiSaveSettings(c *gin.Context) {
	var in settingsInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	st := notify.Settings{UserID: actor(c).UserID, Language: in.Language, Off: in.Off, Digest: in.Digest, DigestHour: in.DigestHour}
	if err := s.saveSettings(c, &st); err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, st)
}

type messagesData struct {
	Messages   []notify.Message
	Status     notify.Status
	Statuses   []notify.Status
	Delivering bool
}

var messageStatuses = []notify.Status{notify.StatusPending, notify.StatusSent, notify.StatusKept, notify.StatusFailed}

func messageFilter(c *gin.Context) (notify.MessageFilter, error) {
	p, err := queryPage(c)
	f := notify.MessageFilter{Status: notify.Status(c.Query("status")), Page: p}
	if f.Status != "" && !slices.Contains(messageStatuses, f.Status) {
		err = join(err, &conference.ValidationError{Field: "status", Msg: "must be pending, sent, kept or failed"})
	}
	return f, err
}

func (s *Server) adminMessagesPage(c *gin.Context) {
	f, err := messageFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, total, err := s.outbox.Messages(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := messagesData{Messages: list, Status: f.Status, Statuses: messageStatuses, Delivering: s.cfg.MailDelivery}
	s.show(c, page{Name: "admin_messages", Title: "admin.messages", Section: "admin", Data: data, Pager: newPager(c.Request.URL, f.Page, total)})
}

func (s *Server) apiMessages(c *gin.Context) {
	f, err := messageFilter(c)
	if err != nil {
		apiError(c, err)
		return
	}
	list, total, err := s.outbox.Messages(c.Request.Context(), f)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, f.Page)
}
