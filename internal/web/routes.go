package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/docs"
	"casusoverleg/templates"
)

// routes is the one place that lists every route of the application.
func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery(), securityHeaders, s.language, s.loadUser, s.csrf)
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { s.fail(c, conference.ErrNotFound) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, errMethod) })

	r.GET("/healthz", s.healthz)
	r.GET("/api/v1/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", docs.OpenAPI) })
	r.StaticFileFS("/static/app.css", "static/app.css", http.FS(templates.FS))
	r.StaticFileFS("/static/app.js", "static/app.js", http.FS(templates.FS))

	// Pages without login.
	r.GET("/login", s.loginPage)
	r.POST("/login", s.loginSubmit)
	r.GET("/login/totp", s.totpLoginPage)
	r.POST("/login/totp", s.totpLoginSubmit)
	r.POST("/logout", s.logout)

	admin := s.requireRole(conference.RoleAdmin)
	organiser := s.requireRole(conference.RoleAdmin, conference.RoleChair)

	// Second-factor enrolment: logged in with the password only.
	enrol := r.Group("/account", s.requireLogin)
	enrol.GET("/totp", s.totpEnrolPage)
	enrol.POST("/totp", s.totpEnrolSubmit)

	// Pages that need a full login.
	p := r.Group("/", s.requireLogin, s.requireSecondFactor)
	p.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/conferences") })
	p.GET("/conferences", s.conferencesPage)
	p.GET("/conferences/:id", s.conferencePage)
	p.GET("/conferences/:id/propose", s.proposePage)
	p.POST("/conferences/:id/items", s.proposeSubmit)
	p.POST("/conferences/:id/prepare", s.prepareSubmit)
	p.POST("/conferences/:id/publish", s.publishSubmit)
	p.GET("/conferences/:id/agenda.pdf", s.agendaPDF)
	p.GET("/conferences/:id/invite.ics", s.inviteICS)
	p.POST("/items/:id/triage", s.triageSubmit)
	p.POST("/items/:id/plan", s.planSubmit)
	p.POST("/items/:id/move", s.moveSubmit)
	p.POST("/items/:id/remove", s.removeItemSubmit)
	p.GET("/conferences/:id/minutes", s.minutesPage)
	p.POST("/conferences/:id/attendance", s.attendanceSubmit)
	p.POST("/conferences/:id/minutes/finalise", s.finaliseSubmit)
	p.POST("/items/:id/record", s.recordSubmit)
	p.POST("/items/:id/decisions", s.decisionSubmit)
	p.POST("/items/:id/actions", s.actionSubmit)
	p.POST("/decisions/:id/resolve", s.resolveSubmit)
	p.GET("/actions", s.actionsPage)
	p.POST("/actions/:id/done", s.actionDoneSubmit)
	p.GET("/mandates/:id", s.mandatePage)
	p.POST("/mandates/:id/quick-actions", s.quickActionSubmit)
	p.POST("/mandates/:id/revoke", s.revokeSubmit)
	p.GET("/cases", s.casesPage)
	p.GET("/cases/new", s.caseNewPage)
	p.POST("/cases", s.caseCreateSubmit)
	p.GET("/cases/:id", s.casePage)
	p.GET("/admin/users", admin, s.adminUsersPage)
	p.POST("/admin/users", admin, s.adminUserCreateSubmit)
	p.GET("/admin/organisations", admin, s.adminOrganisationsPage)
	p.POST("/admin/organisations", admin, s.adminOrganisationCreateSubmit)
	p.GET("/admin/audit", admin, s.adminAuditPage)

	// JSON API.
	api := r.Group("/api/v1", s.requireLogin, s.requireSecondFactor)
	api.GET("/me", s.apiMe)
	api.GET("/organisations", s.apiOrganisations)
	api.POST("/organisations", admin, s.apiCreateOrganisation)
	api.GET("/organisations/:id", s.apiOrganisation)
	api.PUT("/organisations/:id", admin, s.apiUpdateOrganisation)
	api.GET("/users", s.apiUsers)
	api.POST("/users", admin, s.apiCreateUser)
	api.GET("/users/:id", s.apiUser)
	api.PUT("/users/:id", admin, s.apiUpdateUser)
	api.GET("/series", s.apiSeriesList)
	api.POST("/series", admin, s.apiCreateSeries)
	api.GET("/series/:id", s.apiSeries)
	api.PUT("/series/:id", admin, s.apiUpdateSeries)
	api.GET("/conferences", s.apiConferences)
	api.POST("/conferences", organiser, s.apiCreateConference)
	api.GET("/conferences/:id", s.apiConference)
	api.PUT("/conferences/:id", s.apiUpdateConference)
	api.GET("/conferences/:id/attendance", s.apiAttendance)
	api.PUT("/conferences/:id/attendance", s.apiSetAttendance)
	api.GET("/cases", s.apiCases)
	api.POST("/cases", s.apiCreateCase)
	api.GET("/cases/:id", s.apiCase)
	api.PUT("/cases/:id", s.apiUpdateCase)
	api.GET("/conferences/:id/agenda", s.apiAgenda)
	api.POST("/conferences/:id/items", s.apiPropose)
	api.PUT("/conferences/:id/order", s.apiOrder)
	api.POST("/conferences/:id/prepare", s.apiPrepare)
	api.POST("/conferences/:id/publish", s.apiPublish)
	api.POST("/items/:id/triage", s.apiTriage)
	api.PUT("/items/:id", s.apiPlanItem)
	api.DELETE("/items/:id", s.apiRemoveItem)
	api.GET("/conferences/:id/minutes", s.apiMinutes)
	api.POST("/conferences/:id/minutes/finalise", s.apiFinalise)
	api.PUT("/items/:id/record", s.apiSaveRecord)
	api.POST("/items/:id/decisions", s.apiAddDecision)
	api.POST("/items/:id/actions", s.apiAddAction)
	api.POST("/decisions/:id/resolve", s.apiResolveDecision)
	api.GET("/actions", s.apiMyActions)
	api.POST("/actions/:id/done", s.apiCompleteAction)
	api.GET("/mandates/:id", s.apiMandate)
	api.POST("/mandates/:id/quick-actions", s.apiLogQuickAction)
	api.POST("/mandates/:id/revoke", s.apiRevokeMandate)
	api.GET("/cases/:id/timeline", s.apiTimeline)
	api.GET("/question-sets", s.apiQuestionSets)
	api.POST("/question-sets", admin, s.apiCreateQuestionSet)
	api.GET("/question-sets/:id", s.apiQuestionSet)
	api.PUT("/question-sets/:id", admin, s.apiUpdateQuestionSet)
	api.GET("/audit", admin, s.apiAudit)
	return r
}
