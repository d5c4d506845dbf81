package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

type adminUsersData struct {
	*names
	Users []conference.User
	Roles []conference.Role
}

func (s *Server) adminUsersPage(c *gin.Context) {
	s.showAdminUsers(c, http.StatusOK, newForm(nil, nil))
}

func (s *Server) showAdminUsers(c *gin.Context, code int, f *form) {
	ctx := c.Request.Context()
	users, _, err := s.store.Users(ctx, conference.UserFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.loadNames(ctx, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "admin_users", Title: "admin.users", Section: "admin", Data: adminUsersData{names: n, Users: users, Roles: conference.Roles}, Form: f})
}

func (s *Server) adminUserCreateSubmit(c *gin.Context) {
	v := c.Request.PostForm
	var errs conference.ValidationErrors
	orgs := formIDs(v, "organisation_id", &errs)
	in := userInput{Name: v.Get("name"), Email: v.Get("email"), Password: v.Get("password")}
	if len(orgs) == 1 {
		in.OrganisationID = orgs[0]
	}
	for _, r := range v["roles"] {
		in.Roles = append(in.Roles, conference.Role(r))
	}
	u, err := in.domain(0, true)
	err = join(errs.Err(), err)
	if err == nil {
		err = s.createUser(c, &u)
	}
	if err = takenAsField(err, "email"); err != nil {
		if status(err) == http.StatusUnprocessableEntity {
			s.showAdminUsers(c, http.StatusUnprocessableEntity, newForm(v, err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

type adminOrganisationsData struct {
	*names
	Kinds []conference.OrgKind
}

func (s *Server) adminOrganisationsPage(c *gin.Context) {
	s.showAdminOrganisations(c, http.StatusOK, newForm(nil, nil))
}

func (s *Server) showAdminOrganisations(c *gin.Context, code int, f *form) {
	n, err := s.loadNames(c.Request.Context(), nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "admin_organisations", Title: "admin.organisations", Section: "admin", Data: adminOrganisationsData{names: n, Kinds: conference.OrgKinds}, Form: f})
}

func (s *Server) adminOrganisationCreateSubmit(c *gin.Context) {
	v := c.Request.PostForm
	o := conference.Organisation{Name: v.Get("name"), Kind: conference.OrgKind(v.Get("kind"))}
	if err := takenAsField(s.createOrganisation(c, &o), "name"); err != nil {
		if status(err) == http.StatusUnprocessableEntity {
			s.showAdminOrganisations(c, http.StatusUnprocessableEntity, newForm(v, err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/organisations")
}

// auditFilter reads the audit list filters from the query string.
func auditFilter(c *gin.Context) (audit.Filter, conference.Page, error) {
	var errs conference.ValidationErrors
	f := audit.Filter{Action: audit.Action(c.Query("action")), RecordType: c.Query("record_type"), RecordID: c.Query("record_id"),
		UserID: queryID(c, &errs, "user_id"), OrganisationID: queryID(c, &errs, "organisation_id")}
	p, err := queryPage(c)
	f.Limit, f.Offset = p.Limit, p.Offset
	return f, p, join(errs.Err(), err)
}

type adminAuditData struct {
	*names
	Events  []audit.Event
	Filter  audit.Filter
	Actions []audit.Action
}

func (s *Server) adminAuditPage(c *gin.Context) {
	ctx := c.Request.Context()
	f, p, err := auditFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, total, err := s.audit.List(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.loadNames(ctx, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := adminAuditData{names: n, Events: events, Filter: f, Actions: auditActions}
	s.show(c, page{Name: "admin_audit", Title: "admin.audit", Section: "admin", Data: data, Pager: newPager(c.Request.URL, p, total)})
}

var auditActions = []audit.Action{audit.ActionView, audit.ActionCreate, audit.ActionUpdate, audit.ActionDelete,
	audit.ActionExport, audit.ActionSign, audit.ActionLogin, audit.ActionLoginFailed, audit.ActionLogout}

func (s *Server) apiAudit(c *gin.Context) {
	f, p, err := auditFilter(c)
	if err != nil {
		apiError(c, err)
		return
	}
	events, total, err := s.audit.List(c.Request.Context(), f)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, events, total, p)
}

type adminUserData struct {
	*names
	User  conference.User
	Roles []conference.Role
}

// adminUserPage shows one user for editing: name, e-mail, organisation,
// roles, whether the account is active, and optionally a new password.
func (s *Server) adminUserPage(c *gin.Context) {
	u, _, ok := byID(s, c, s.store.User)
	if !ok {
		return
	}
	values := url.Values{"name": {u.Name}, "email": {u.Email}, "organisation_id": {strconv.FormatInt(u.OrganisationID, 10)}}
	for _, r := range u.Roles {
		values.Add("roles", string(r))
	}
	if u.Active {
		values.Set("active", "on")
	}
	s.showAdminUser(c, http.StatusOK, u, newForm(values, nil))
}

func (s *Server) showAdminUser(c *gin.Context, code int, u conference.User, f *form) {
	n, err := s.loadNames(c.Request.Context(), nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "admin_user", Title: "admin.edit_user", Section: "admin", Data: adminUserData{names: n, User: u, Roles: conference.Roles}, Form: f})
}

func (s *Server) adminUserUpdateSubmit(c *gin.Context) {
	old, id, ok := byID(s, c, s.store.User)
	if !ok {
		return
	}
	v := c.Request.PostForm
	var errs conference.ValidationErrors
	active := v.Get("active") == "on"
	in := userInput{Name: v.Get("name"), Email: v.Get("email"), Password: v.Get("password"), Active: &active}
	if orgs := formIDs(v, "organisation_id", &errs); len(orgs) == 1 {
		in.OrganisationID = orgs[0]
	}
	for _, r := range v["roles"] {
		in.Roles = append(in.Roles, conference.Role(r))
	}
	u, err := in.domain(id, false)
	err = join(errs.Err(), err)
	if err == nil {
		err = s.updateUser(c, &u)
	}
	if err = takenAsField(err, "email"); err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showAdminUser(c, http.StatusUnprocessableEntity, old, newForm(v, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "admin.user_saved"), false)
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
