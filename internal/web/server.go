package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/cache"
	"casusoverleg/internal/database"
	"casusoverleg/internal/live"
	"casusoverleg/internal/notify"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/privacy"
	"casusoverleg/internal/reports"
	"casusoverleg/internal/retention"
	"casusoverleg/minutes"
)

// Config holds what the HTTP side needs to know about its deployment.
type Config struct {
	// SiteName is the name of the Veiligheidshuis shown in the header.
	SiteName string
	// SecureCookies sets the Secure flag on cookies (serve behind TLS).
	SecureCookies bool
	// SessionIdle and SessionLifetime bound a session; zero means 30 minutes and 12 hours.
	SessionIdle, SessionLifetime time.Duration
	// LoginMaxFailures within LoginWindow blocks further logins for an e-mail or address.
	LoginMaxFailures int
	LoginWindow      time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Signer signs exported minutes; see package signing.
	Signer *pdfsign.Signer
	// TSA, when set, timestamps every signature (PAdES B-T); nil signs B-B.
	TSA pdfsign.Timestamper
	// Mail says where links in messages point and who sends them.
	Mail notify.Config
	// MailDelivery is true when a mail server is configured (SMTP_URL); the
	// "Berichten" page says so when messages are only kept.
	MailDelivery bool
	// StreamLifetime ends a meeting's event stream after this long (zero
	// means 10 minutes); the browser reconnects at once, through the login
	// and need-to-know checks again, and catches up from its last event.
	StreamLifetime time.Duration
}

// Server answers every HTTP request of the application.
type Server struct {
	cfg       Config
	db        *gorm.DB
	store     *conference.Store
	agenda    *agenda.Store
	minutes   *minutes.Store
	outbox    *notify.Outbox
	reports   *reports.Store
	retention *retention.Store
	audit     *audit.Log
	privacy   *privacy.Reporter
	register  *privacy.Register
	sessions  *scs.SessionManager
	sessStore *auth.SessionStore
	tokens    *auth.Tokens
	totp      *auth.TOTP
	limiter   *auth.Limiter
	pages     *pages
	live      *live.Hub
	handler   http.Handler
	engine    *gin.Engine
	// versions lets a request trust the stores' cached records (package cache).
	versions *cache.Versions
}

// New builds the server on db, which must be migrated.
func New(cfg Config, db *gorm.DB) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Zorg- en Veiligheidshuis"
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 30 * time.Minute
	}
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.LoginMaxFailures == 0 {
		cfg.LoginMaxFailures = 5
	}
	if cfg.StreamLifetime == 0 {
		cfg.StreamLifetime = 10 * time.Minute
	}
	if cfg.LoginWindow == 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.Signer == nil {
		// Normally the caller passes the deployment's key (package signing);
		// without one, an in-memory certificate keeps exports working.
		signer, err := pdfsign.SelfSigned(cfg.SiteName, time.Now().Add(-time.Hour))
		if err != nil {
			return nil, err
		}
		cfg.Signer = signer
	}
	p, err := loadPages()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	sessionStore := auth.NewSessionStore(db, cfg.Now)
	sm := scs.New()
	sm.Store = sessionStore
	sm.IdleTimeout = cfg.SessionIdle
	sm.Lifetime = cfg.SessionLifetime
	sm.Cookie.Name = "casusoverleg_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	store := conference.NewStore(db, cfg.Now)
	store.AddCaseGrant(agenda.CaseGrant)
	outbox := notify.NewOutbox(db, cfg.Now, cfg.Mail)
	store.SetNotifier(outbox)
	agendaStore := agenda.NewStore(db, cfg.Now, store)
	minutesStore := minutes.NewStore(db, cfg.Now, store, agendaStore)
	agendaStore.AddFollowUpSource(minutesStore)
	s := &Server{
		cfg:       cfg,
		db:        db,
		store:     store,
		agenda:    agendaStore,
		minutes:   minutesStore,
		outbox:    outbox,
		reports:   reports.NewStore(db, cfg.Now),
		audit:     audit.New(db, cfg.Now, audit.WithKey(cfg.Signer.Key, cfg.Signer.Cert)),
		sessions:  sm,
		sessStore: sessionStore,
		tokens:    auth.NewTokens(db, cfg.Now),
		totp:      auth.NewTOTP(db, cfg.Now, cfg.SiteName),
		limiter:   auth.NewLimiter(db, cfg.Now, cfg.LoginMaxFailures, cfg.LoginWindow),
		pages:     p,
		live:      live.NewHub(db, cfg.Now),
		versions:  cache.NewVersions(db),
	}
	s.retention = retention.New(db, cfg.Now, retention.LogAuditor{Log: s.audit})
	s.privacy = privacy.NewReporter(store, minutesStore, s.audit, cfg.Now)
	s.register = privacy.NewRegister(db, store, cfg.Now)
	s.engine = s.routes()
	s.handler = sm.LoadAndSave(s.engine)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(s.versions.Begin(r.Context()))
	if isEventStream(r) {
		s.serveStream(w, r)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// isEventStream reports whether r asks for a meeting's event stream.
func isEventStream(r *http.Request) bool {
	p := r.URL.Path
	return r.Method == http.MethodGet && strings.HasSuffix(p, "/events") &&
		(strings.HasPrefix(p, "/conferences/") || strings.HasPrefix(p, "/api/v1/conferences/"))
}

// serveStream serves an event stream with the session read but never written
// back. A stream lasts minutes; written back, the session as it was when the
// stream began would undo what the page's other requests wrote meanwhile
// (the flash message of a form sent while the stream was opening). The
// session's idle time is renewed by the page's own requests.
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	token := ""
	if c, err := r.Cookie(s.sessions.Cookie.Name); err == nil {
		token = c.Value
	}
	ctx, err := s.sessions.Load(r.Context(), token)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	s.engine.ServeHTTP(w, r.WithContext(ctx))
}

// Routes lists the registered routes (method and path), for tests and the API document check.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// Store returns the conference store the server uses.
func (s *Server) Store() *conference.Store { return s.store }

// Agenda returns the agenda store the server uses, wired to its follow-up sources.
func (s *Server) Agenda() *agenda.Store { return s.agenda }

// Outbox returns the outbox the server's stores write messages into.
func (s *Server) Outbox() *notify.Outbox { return s.outbox }

// Retention returns the retention store (settings, destruction lists) the server uses.
func (s *Server) Retention() *retention.Store { return s.retention }

// Minutes returns the minutes store the server uses.
func (s *Server) Minutes() *minutes.Store { return s.minutes }

func (s *Server) healthz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := database.Ping(ctx, s.db); err != nil {
		writeJSON(c, http.StatusServiceUnavailable, gin.H{"status": "database unreachable"})
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"status": "ok"})
}

// Cleanup deletes expired sessions, old login attempts and old messages
// (personal data that is no longer needed), old meeting events and stale
// presence. serve runs it periodically; any server may.
func (s *Server) Cleanup(ctx context.Context) error {
	if _, err := s.sessStore.Cleanup(ctx); err != nil {
		return err
	}
	if _, err := s.outbox.Cleanup(ctx); err != nil {
		return err
	}
	if _, err := s.limiter.Cleanup(ctx); err != nil {
		return err
	}
	return s.live.Cleanup(ctx)
}
