package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/templates"
)

// pages holds one parsed template set per page (layout + partials + page),
// so that pages never overwrite each other's blocks, and the messages.
type pages struct {
	sets     map[string]*template.Template
	messages map[string]map[string]string
	// missing remembers every "lang key" that was asked for and not found,
	// so that a test can render every page and name the missing translations.
	missing sync.Map
	// fragments keeps rendered parts of pages that many readers share.
	fragments *fragments
}

// shared are the files every page set includes besides the page itself.
var shared = []string{"html/layout.html", "html/partials.html", "html/admin_nav.html"}

func loadPages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}, messages: map[string]map[string]string{}, fragments: newFragments(fragmentBytes)}
	files, err := fs.Glob(templates.FS, "html/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if isShared(f) {
			continue
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := template.New(name).ParseFS(templates.FS, append(shared, f)...)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		p.sets[name] = t
	}
	for _, l := range []string{"nl", "en"} {
		b, err := templates.FS.ReadFile("i18n/" + l + ".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n/%s.json: %w", l, err)
		}
		p.messages[l] = m
	}
	return p, nil
}

func isShared(f string) bool {
	for _, s := range shared {
		if s == f {
			return true
		}
	}
	return false
}

// translate returns the message key in lang, falling back to Dutch, then the key.
func (p *pages) translate(lang, key string) string {
	if m, ok := p.messages[lang][key]; ok {
		return m
	}
	p.missing.Store(lang+" "+key, true)
	if m, ok := p.messages["nl"][key]; ok {
		return m
	}
	return key
}

// translateMsg translates a validation message when a translation exists.
func (p *pages) translateMsg(lang, msg string) string { return p.apiMessage(lang, msg) }

// apiMessage translates an API error message into lang: the catalogue's
// "apierror." or "validation." entry for the whole message, else for its
// fixed start up to ": " or a number ("must have at most 20 choices" has its
// own entry; "must be one of: a b" is found by "must be one of"), else msg.
func (p *pages) apiMessage(lang, msg string) string {
	if lang == "en" {
		return msg
	}
	for _, prefix := range []string{"apierror.", "validation."} {
		if m, ok := p.messages[lang][prefix+msg]; ok {
			return m
		}
	}
	if head, rest, ok := strings.Cut(msg, ": "); ok {
		if m, ok := p.messages[lang]["validation."+head]; ok {
			return m + ": " + rest
		}
	}
	return msg
}

// view is what every page template receives.
type view struct {
	Lang    string
	Title   string
	Site    string
	Section string
	User    *conference.User
	OrgName string
	IsAdmin bool
	CSRF    string
	Form    *form
	Pager   *pager
	Data    any
	// SecondFactorDue hides the navigation while the user must still pass TOTP.
	SecondFactorDue bool
	// Flash is a message from the previous request (after a redirect).
	Flash    string
	FlashBad bool
	p        *pages
	loc      *time.Location
	// t is the page's template set; sets memoises QuestionSet's answerless renderings.
	t    *template.Template
	sets map[int64]template.HTML
	// setKeys memoises the hash of each question set's JSON for the keys of
	// kept agenda items (agendaItemKey).
	setKeys map[int64][32]byte
}

// T translates a message key into the page's language.
func (v view) T(key string) string { return v.p.translate(v.Lang, key) }

// part is the page's view with one more value, Item, for a template that
// shows a part of the page's data (the same table for two lists, say).
type part struct {
	view
	Item any
}

// With passes x to a template beside the page's own view: {{template "t" ($.With x)}}.
func (v view) With(x any) part { return part{view: v, Item: x} }

// caseRef is a case reference as the case_ref template shows it.
type caseRef struct {
	ID        int64
	Reference string
	Redacted  bool
	// Label says, in the page's language, that the case is shielded.
	Label string
}

// Ref prepares a case (a conference.Case or a pointer to one) for the
// case_ref template: its reference, and "afgeschermd" in the page's language.
func (v view) Ref(c any) caseRef {
	var cs conference.Case
	switch x := c.(type) {
	case conference.Case:
		cs = x
	case *conference.Case:
		if x != nil {
			cs = *x
		}
	}
	return caseRef{ID: cs.ID, Reference: cs.Reference, Redacted: cs.Redacted, Label: v.T("case.redacted")}
}

// AuditDetail shows the detail of an audit event in the page's language:
// the program's own words ("list", "minutes: decision", "agenda item
// accepted") are translated, anything else (a reference, an e-mail address)
// is shown as recorded. The recorded text itself never changes: the log is
// hash-chained.
func (v view) AuditDetail(detail string) string {
	if m, ok := v.p.messages[v.Lang]["auditdetail."+detail]; ok {
		return m
	}
	for _, prefix := range []string{"minutes: ", "agenda item ", "decision "} {
		if rest, ok := strings.CutPrefix(detail, prefix); ok {
			head, ok := v.p.messages[v.Lang]["auditdetail."+strings.TrimRight(prefix, ": ")]
			if !ok {
				break
			}
			return head + ": " + v.AuditDetail(rest)
		}
	}
	for _, words := range []string{"itemstatus.", "outcome."} {
		if m, ok := v.p.messages[v.Lang][words+detail]; ok {
			return m
		}
	}
	return detail
}

// DateTime formats t in the local time of the Veiligheidshuis.
func (v view) DateTime(t time.Time) string {
	return v.weekday(t) + " " + t.In(v.loc).Format("02-01-2006 15:04")
}

// Date formats a calendar date.
func (v view) Date(t time.Time) string { return t.In(v.loc).Format("02-01-2006") }

// Time formats the clock time of t.
func (v view) Time(t time.Time) string { return t.In(v.loc).Format("15:04") }

func (v view) weekday(t time.Time) string {
	return v.T("weekday." + strings.ToLower(t.In(v.loc).Weekday().String()[:3]))
}

// amsterdam is the time zone the meetings are held in.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// page is everything a handler says about the page it shows: the template,
// its title (a message key), the navigation section it belongs to, its data,
// and the form and pager when it has them. Code 0 means 200.
type page struct {
	Code    int
	Name    string
	Title   string
	Section string
	Data    any
	Form    *form
	Pager   *pager
}

// show renders p; the page is rendered into a buffer first so that a template
// error never sends half a page.
func (s *Server) show(c *gin.Context, p page) {
	ctx := c.Request.Context()
	v := view{Lang: lang(c), Site: s.cfg.SiteName, Section: p.Section, User: currentUser(c), Form: p.Form, Pager: p.Pager,
		Data: p.Data, p: s.pages, loc: amsterdam, CSRF: s.sessions.GetString(ctx, sessCSRF)}
	v.Title = v.T(p.Title)
	if v.Form == nil {
		v.Form = &form{}
	}
	for field, msg := range v.Form.Errors {
		v.Form.Errors[field] = s.pages.translateMsg(v.Lang, msg)
	}
	if msg := s.sessions.PopString(ctx, sessFlash); msg != "" {
		v.Flash, v.FlashBad = msg, s.sessions.PopBool(ctx, sessFlashBad)
	}
	if v.User != nil {
		v.IsAdmin = v.User.Has(conference.RoleAdmin)
		v.SecondFactorDue = needsSecondFactor(v.User) && !s.sessions.GetBool(ctx, sessMFA) &&
			!strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ")
		if o, err := s.store.Organisation(ctx, v.User.OrganisationID); err == nil {
			v.OrgName = o.Name
		}
	}
	t, ok := s.pages.sets[p.Name]
	if !ok {
		s.fail(c, fmt.Errorf("no template %q", p.Name))
		return
	}
	v.t, v.sets, v.setKeys = t, map[int64]template.HTML{}, map[int64][32]byte{}
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledPage {
			pageBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		logInternal(c, fmt.Errorf("render %s: %w", p.Name, err))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
		c.Abort()
		return
	}
	code := p.Code
	if code == 0 {
		code = http.StatusOK
	}
	c.Data(code, "text/html; charset=utf-8", buf.Bytes())
}

// pageBuffers hold rendered pages between requests: a page of the agenda is
// about 100 KB, and a buffer grown to it afresh for every view was a third of
// all the bytes the agenda page allocated. c.Data writes the bytes out (the
// session middleware copies them) before the buffer goes back.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage keeps a rare very large page's buffer out of the pool.
const maxPooledPage = 1 << 20

// errorData is what the error page shows: a message key and, for invalid
// input, each field's problem in the page's language.
type errorData struct {
	Message string
	Fields  []fieldError
}

// renderError shows the error page with a translated message.
func (s *Server) renderError(c *gin.Context, code int, msgKey string) {
	s.show(c, page{Code: code, Name: "error", Title: "error.title", Data: errorData{Message: msgKey}})
	c.Abort()
}

// renderInvalid shows the error page for input refused before its form could
// be shown again, naming each field and its problem in the page's language.
func (s *Server) renderInvalid(c *gin.Context, err error) {
	l := lang(c)
	var fields []fieldError
	for _, fe := range validationErrors(err) {
		label := fe.Field
		if t, ok := s.pages.messages[l]["field."+baseField(lastSegment(fe.Field))]; ok {
			label = t
		}
		fields = append(fields, fieldError{Field: label, Message: s.pages.translateMsg(l, fe.Message)})
	}
	s.show(c, page{Code: http.StatusUnprocessableEntity, Name: "error", Title: "error.title", Data: errorData{Message: "error.invalid", Fields: fields}})
	c.Abort()
}
