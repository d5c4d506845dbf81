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

	// Form routes read their body after the access checks, through formText.

	// Pages without login.
	r.GET("/login", s.loginPage)
	r.POST("/login", s.formText, s.loginSubmit)
	r.GET("/login/totp", s.totpLoginPage)
	r.POST("/login/totp", s.formText, s.totpLoginSubmit)
	r.POST("/logout", s.formText, s.logout)

	// Every write route is guarded before it reads its body (guard.go).
	byConf, byItem := s.guarded(s.organisesConference), s.guarded(s.organisesItem)
	admin := s.requireRole(conference.RoleAdmin)
	organiser := s.requireRole(conference.RoleAdmin, conference.RoleChair)

	// Second-factor enrolment: logged in with the password only.
	enrol := r.Group("/account", s.requireLogin)
	enrol.GET("/totp", s.totpEnrolPage)
	enrol.POST("/totp", s.formText, s.totpEnrolSubmit)

	// Pages that need a full login.
	r.GET("/", s.requireLogin, s.requireSecondFactor, s.home)
	p := r.Group("/", s.requireLogin, s.requireSecondFactor, s.refusePolicyOfficer)
	p.GET("/conferences", s.conferencesPage)
	p.GET("/conferences/:id", s.conferencePage)
	p.GET("/conferences/:id/propose", s.proposePage)
	p.POST("/conferences/:id/items", s.guarded(s.takesPartIn), s.formText, s.proposeSubmit)
	p.POST("/conferences/:id/prepare", byConf, s.formText, s.prepareSubmit)
	p.POST("/conferences/:id/publish", byConf, s.formText, s.publishSubmit)
	p.GET("/conferences/:id/agenda.pdf", s.agendaPDF)
	p.GET("/conferences/:id/invite.ics", s.inviteICS)
	p.POST("/items/:id/triage", byItem, s.formText, s.triageSubmit)
	p.POST("/items/:id/plan", byItem, s.formText, s.planSubmit)
	p.POST("/items/:id/move", byItem, s.formText, s.moveSubmit)
	p.POST("/items/:id/remove", byItem, s.formText, s.removeItemSubmit)
	p.GET("/conferences/:id/minutes", s.minutesPage)
	p.POST("/conferences/:id/attendance", byConf, s.formText, s.attendanceSubmit)
	p.POST("/conferences/:id/minutes/finalise", byConf, s.formText, s.finaliseSubmit)
	p.POST("/conferences/:id/minutes/approve", byConf, s.formText, s.approveSubmit)
	p.POST("/conferences/:id/addenda", byConf, s.formText, s.addendumSubmit)
	p.POST("/addenda/:id/approve", s.guarded(s.organisesAddendum), s.formText, s.approveAddendumSubmit)
	p.POST("/items/:id/record", byItem, s.formText, s.recordSubmit)
	p.POST("/items/:id/decisions", byItem, s.formText, s.decisionSubmit)
	p.POST("/items/:id/actions", byItem, s.formText, s.actionSubmit)
	p.POST("/decisions/:id/resolve", s.guarded(s.organisesDecision), s.formText, s.resolveSubmit)
	p.GET("/conferences/:id/minutes.pdf", s.minutesPDF)
	p.GET("/verify", s.verifyPage)
	p.POST("/verify", s.formText, s.verifySubmit)
	p.GET("/actions", s.actionsPage)
	p.POST("/actions/:id/done", s.guarded(s.ownsAction), s.formText, s.actionDoneSubmit)
	p.GET("/mandates/:id", s.mandatePage)
	p.POST("/mandates/:id/quick-actions", s.guarded(s.seesMandate), s.formText, s.quickActionSubmit)
	p.POST("/mandates/:id/revoke", s.guarded(s.seesMandate), s.formText, s.revokeSubmit)
	p.GET("/cases", s.casesPage)
	p.GET("/cases/new", s.caseNewPage)
	p.POST("/cases", s.formText, s.caseCreateSubmit)
	p.GET("/cases/:id", s.casePage)
	p.GET("/admin/users", admin, s.adminUsersPage)
	p.POST("/admin/users", admin, s.formText, s.adminUserCreateSubmit)
	p.GET("/admin/users/:id", admin, s.adminUserPage)
	p.POST("/admin/users/:id", admin, s.formText, s.adminUserUpdateSubmit)
	p.GET("/admin/organisations", admin, s.adminOrganisationsPage)
	p.POST("/admin/organisations", admin, s.formText, s.adminOrganisationCreateSubmit)
	p.GET("/admin/audit", admin, s.adminAuditPage)
	p.GET("/admin/question-sets", admin, s.adminQuestionSetsPage)
	p.GET("/admin/question-sets/new", admin, s.adminQuestionSetNewPage)
	p.POST("/admin/question-sets", admin, s.formText, s.adminQuestionSetCreateSubmit)
	p.GET("/admin/question-sets/:id", admin, s.adminQuestionSetPage)
	p.POST("/admin/question-sets/:id", admin, s.formText, s.adminQuestionSetUpdateSubmit)

	// JSON API.
	// Reports: aggregates only, for chair, secretary, admin and the policy officer.
	rep := r.Group("/", s.requireLogin, s.requireSecondFactor,
		s.requireRole(conference.RoleChair, conference.RoleSecretary, conference.RoleAdmin, conference.RolePolicyOfficer))
	rep.GET("/reports", s.reportsPage)
	rep.GET("/reports.csv", s.reportCSV)
	rep.GET("/reports.pdf", s.reportPDF)
	rep.GET("/api/v1/reports", s.apiReport)
	rep.GET("/api/v1/reports/:table", s.apiReportTable)

	api := r.Group("/api/v1", s.requireLogin, s.requireSecondFactor, s.refusePolicyOfficer)
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
	api.PUT("/cases/:id", s.guarded(s.seesCase), s.apiUpdateCase)
	api.GET("/conferences/:id/agenda", s.apiAgenda)
	api.POST("/conferences/:id/items", s.guarded(s.takesPartIn), s.apiPropose)
	api.PUT("/conferences/:id/order", byConf, s.apiOrder)
	api.POST("/conferences/:id/prepare", byConf, s.apiPrepare)
	api.POST("/conferences/:id/publish", byConf, s.apiPublish)
	api.POST("/items/:id/triage", byItem, s.apiTriage)
	api.PUT("/items/:id", byItem, s.apiPlanItem)
	api.DELETE("/items/:id", byItem, s.apiRemoveItem)
	api.GET("/conferences/:id/minutes", s.apiMinutes)
	api.POST("/conferences/:id/minutes/finalise", byConf, s.apiFinalise)
	api.POST("/conferences/:id/minutes/approve", byConf, s.apiApprove)
	api.GET("/conferences/:id/signature", s.apiSigned)
	api.POST("/conferences/:id/addenda", byConf, s.apiAddAddendum)
	api.POST("/addenda/:id/approve", s.guarded(s.organisesAddendum), s.apiApproveAddendum)
	api.PUT("/items/:id/record", byItem, s.apiSaveRecord)
	api.POST("/items/:id/decisions", byItem, s.apiAddDecision)
	api.POST("/items/:id/actions", byItem, s.apiAddAction)
	api.POST("/decisions/:id/resolve", s.guarded(s.organisesDecision), s.apiResolveDecision)
	api.GET("/actions", s.apiMyActions)
	api.POST("/actions/:id/done", s.guarded(s.ownsAction), s.apiCompleteAction)
	api.GET("/mandates/:id", s.apiMandate)
	api.POST("/mandates/:id/quick-actions", s.guarded(s.seesMandate), s.apiLogQuickAction)
	api.POST("/mandates/:id/revoke", s.guarded(s.seesMandate), s.apiRevokeMandate)
	api.GET("/cases/:id/timeline", s.apiTimeline)
	api.GET("/question-sets", s.apiQuestionSets)
	api.POST("/question-sets", admin, s.apiCreateQuestionSet)
	api.GET("/question-sets/:id", s.apiQuestionSet)
	api.PUT("/question-sets/:id", admin, s.apiUpdateQuestionSet)
	api.GET("/audit", admin, s.apiAudit)
	return r
}
