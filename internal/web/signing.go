package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/minutes"
)

// reauthenticate checks the user's password, and their TOTP code when they
// have a second factor, before a signature: approving is the user's own act.
// Failures count towards the login limiter.
func (s *Server) reauthenticate(c *gin.Context, password, code string) error {
	ctx := c.Request.Context()
	u := currentUser(c)
	key := "sign:" + strconv.FormatInt(u.ID, 10)
	ok, _, err := s.limiter.Allow(ctx, key)
	if err != nil {
		return err
	}
	if !ok {
		return &conference.ValidationError{Field: "password", Msg: "too many failed attempts; try again later"}
	}
	var errs conference.ValidationErrors
	if !auth.CheckPassword(u.PasswordHash, password) {
		errs.Add("password", "is not your password")
	}
	enrolled, err := s.totp.Enrolled(ctx, u.ID)
	if err != nil {
		return err
	}
	if enrolled {
		if err := s.totp.Verify(ctx, u.ID, strings.TrimSpace(code)); err != nil {
			if !errors.Is(err, auth.ErrInvalidCode) {
				return err
			}
			errs.Add("code", "is not a valid code")
		}
	}
	if err := errs.Err(); err != nil {
		if ferr := s.limiter.Fail(ctx, key); ferr != nil {
			return ferr
		}
		return err
	}
	return s.limiter.Reset(ctx, key)
}

type approveInput struct {
	Password string `json:"password"`
	Code     string `json:"code"`
}

func (s *Server) apiApprove(c *gin.Context) { apiWrite(s, c, http.StatusOK, s.approve) }

func (s *Server) approve(c *gin.Context, conferenceID int64, in approveInput) (minutes.Signed, error) {
	if err := s.reauthenticate(c, in.Password, in.Code); err != nil {
		return minutes.Signed{}, err
	}
	u := currentUser(c)
	sg, err := s.minutes.Approve(c.Request.Context(), actor(c), u.Name, conferenceID, sealer{s})
	if err != nil {
		return sg, err
	}
	s.record(c, audit.ActionSign, "minutes", conferenceID, "approved")
	if sg.Status == minutes.RecordSigned {
		s.record(c, audit.ActionSign, "minutes", conferenceID, "signed "+sg.Hash)
	}
	return sg, nil
}

func (s *Server) apiSigned(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.agenda.Agenda(c.Request.Context(), actor(c), id); err != nil { // members only
		apiError(c, err)
		return
	}
	sg, err := s.minutes.Signed(c.Request.Context(), id)
	if err != nil {
		apiError(c, err)
		return
	}
	sg.Content = nil // the content is shown through the minutes and the PDF, with need-to-know
	writeJSON(c, http.StatusOK, sg)
}

func (s *Server) apiAddAddendum(c *gin.Context) {
	apiWrite(s, c, http.StatusCreated, func(c *gin.Context, id int64, in textInput) (minutes.Addendum, error) {
		return s.addAddendum(c, id, in.Text)
	})
}

func (s *Server) apiApproveAddendum(c *gin.Context) { apiWrite(s, c, http.StatusOK, s.approveAddendum) }

func (s *Server) approveAddendum(c *gin.Context, id int64, in approveInput) (minutes.Addendum, error) {
	if err := s.reauthenticate(c, in.Password, in.Code); err != nil {
		return minutes.Addendum{}, err
	}
	ad, err := s.minutes.ApproveAddendum(c.Request.Context(), actor(c), currentUser(c).Name, id, sealer{s})
	if err != nil {
		return ad, err
	}
	s.record(c, audit.ActionSign, "minutes", ad.ConferenceID, fmt.Sprintf("addendum %d approved", ad.Number))
	return ad, nil
}

// Page forms.

func (s *Server) approveSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	sg, err := s.approve(c, id, approveInput{Password: c.PostForm("password"), Code: c.PostForm("code")})
	if err != nil {
		s.flashError(c, err, minutesURL(id)+"#signing")
		return
	}
	msg := "signing.approved"
	if sg.Status == minutes.RecordSigned {
		msg = "signing.signed"
	}
	s.flash(c, s.pages.translate(lang(c), msg), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id)+"#signing")
}

func (s *Server) addendumSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.addAddendum(c, id, c.PostForm("text")); err != nil {
		s.flashError(c, err, minutesURL(id)+"#signing")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "signing.addendum_added"), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id)+"#signing")
}

func (s *Server) approveAddendumSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	ad, err := s.approveAddendum(c, id, approveInput{Password: c.PostForm("password"), Code: c.PostForm("code")})
	back := "/conferences"
	if ad.ConferenceID != 0 {
		back = minutesURL(ad.ConferenceID) + "#signing"
	} else if conf, perr := strconv.ParseInt(c.PostForm("conference_id"), 10, 64); perr == nil {
		back = minutesURL(conf) + "#signing"
	}
	if err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "signing.approved"), false)
	c.Redirect(http.StatusSeeOther, back)
}
