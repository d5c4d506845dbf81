package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
)

// listBody is the envelope of every list answer.
type listBody[T any] struct {
	Items  []T   `json:"items"`
	Total  int64 `json:"total"`
	Limit  int   `json:"limit"`
	Offset int   `json:"offset"`
}

func answerList[T any](c *gin.Context, items []T, total int64, p conference.Page) {
	if items == nil {
		items = []T{}
	}
	writeJSON(c, http.StatusOK, listBody[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset})
}

func (s *Server) apiMe(c *gin.Context) { writeJSON(c, http.StatusOK, currentUser(c)) }

func (s *Server) apiOrganisations(c *gin.Context) {
	p, err := queryPage(c)
	if err != nil {
		apiError(c, err)
		return
	}
	kind := conference.OrgKind(c.Query("kind"))
	if kind != "" && !kind.Valid() {
		apiError(c, &conference.ValidationError{Field: "kind", Msg: "must be one of the organisation kinds"})
		return
	}
	list, total, err := s.store.Organisations(c.Request.Context(), kind, p)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, p)
}

func (s *Server) apiOrganisation(c *gin.Context) {
	o, _, ok := byID(s, c, s.store.Organisation)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, o)
}

func (s *Server) apiCreateOrganisation(c *gin.Context) {
	var o conference.Organisation
	if err := decodeJSON(c, &o); err != nil {
		apiError(c, err)
		return
	}
	if err := s.createOrganisation(c, &o); err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, o)
}

func (s *Server) apiUpdateOrganisation(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var o conference.Organisation
	if err := decodeJSON(c, &o); err != nil {
		apiError(c, err)
		return
	}
	o.ID = id
	if err := s.store.UpdateOrganisation(c.Request.Context(), &o); err != nil {
		apiError(c, err)
		return
	}
	s.record(c, auditUpdate, "organisation", o.ID, o.Name)
	writeJSON(c, http.StatusOK, o)
}

// userInput is the JSON body of a user create or update; password is optional on update.
type userInput struct {
	Name           string            `json:"name"`
	Email          string            `json:"email"`
	OrganisationID int64             `json:"organisation_id"`
	Roles          []conference.Role `json:"roles"`
	Active         *bool             `json:"active"`
	Password       string            `json:"password"`
}

func (in userInput) domain(id int64, passwordRequired bool) (conference.User, error) {
	u := conference.User{ID: id, Name: in.Name, Email: in.Email, OrganisationID: in.OrganisationID, Roles: in.Roles, Active: true}
	if in.Active != nil {
		u.Active = *in.Active
	}
	var errs conference.ValidationErrors
	if err := u.Validate(); err != nil && !errors.As(err, &errs) {
		return u, err
	}
	setPassword := in.Password != "" || passwordRequired
	if setPassword {
		if err := auth.ValidatePassword(in.Password); err != nil {
			errs.Add("password", err.Error())
		}
	}
	if err := errs.Err(); err != nil || !setPassword {
		return u, err
	}
	hash, err := auth.HashPassword(in.Password)
	u.PasswordHash = hash
	return u, err
}

func (s *Server) apiUsers(c *gin.Context) {
	var errs conference.ValidationErrors
	f := conference.UserFilter{OrganisationID: queryID(c, &errs, "organisation_id"), Role: conference.Role(c.Query("role"))}
	p, err := queryPage(c)
	if err := errs.Err(); err != nil {
		apiError(c, err)
		return
	}
	if err != nil {
		apiError(c, err)
		return
	}
	f.Page = p
	list, total, err := s.store.Users(c.Request.Context(), f)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, p)
}

func (s *Server) apiUser(c *gin.Context) {
	u, _, ok := byID(s, c, s.store.User)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, u)
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var in userInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	u, err := in.domain(0, true)
	if err == nil {
		err = s.createUser(c, &u)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, u)
}

func (s *Server) apiUpdateUser(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in userInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	u, err := in.domain(id, false)
	if err == nil {
		err = s.updateUser(c, &u)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, u)
}

func (s *Server) apiSeriesList(c *gin.Context) {
	p, err := queryPage(c)
	if err != nil {
		apiError(c, err)
		return
	}
	list, total, err := s.store.AllSeries(c.Request.Context(), p)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, p)
}

func (s *Server) apiSeries(c *gin.Context) {
	sr, _, ok := byID(s, c, s.store.Series)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, sr)
}

func (s *Server) apiCreateSeries(c *gin.Context) { s.saveSeries(c, 0, http.StatusCreated) }

func (s *Server) apiUpdateSeries(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.store.Series(c.Request.Context(), id); err != nil {
		apiError(c, err)
		return
	}
	s.saveSeries(c, id, http.StatusOK)
}

func (s *Server) saveSeries(c *gin.Context, id int64, code int) {
	var sr conference.Series
	if err := decodeJSON(c, &sr); err != nil {
		apiError(c, err)
		return
	}
	sr.ID = id
	if err := s.storeSeries(c, &sr); err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, code, sr)
}
