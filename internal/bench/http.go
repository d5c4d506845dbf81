package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/demo"
	"casusoverleg/minutes"
)

// listen serves h on a loopback port and returns its base URL and a stop function.
func listen(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() { hs.Close() }, nil
}

// emptyGin is the framework's own limit: a gin engine, set up as the
// application's is (release mode, no middleware), answering one route with
// two bytes.
func emptyGin() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	return r
}

func newClient(concurrency int, jar http.CookieJar) *http.Client {
	return &http.Client{
		Jar:       jar,
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency, DisableCompression: true},
		// A redirect (to the login page, say) is an answer to report, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// login logs email in through the login form, as a browser does, and
// returns the client that carries the session.
func login(ctx context.Context, base, email string, concurrency int) (*http.Client, error) {
	client, _, err := loginCSRF(ctx, base, email, concurrency)
	return client, err
}

// loginCSRF is login that also returns the session's CSRF token, for the
// API writes a browser session makes (header X-CSRF-Token).
func loginCSRF(ctx context.Context, base, email string, concurrency int) (*http.Client, string, error) {
	jar, _ := cookiejar.New(nil)
	client := newClient(concurrency, jar)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/login", nil)
	res, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		return nil, "", errors.New("login page has no CSRF token")
	}
	form := url.Values{"email": {email}, "password": {demo.Password}, "csrf_token": {string(m[1])}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err = client.Do(req)
	if err != nil {
		return nil, "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, "", fmt.Errorf("login %s: status %d", email, res.StatusCode)
	}
	return client, string(m[1]), nil
}

// HTTPConfig says how hard and how long to load the server.
type HTTPConfig struct {
	Concurrency      int
	Warmup, Duration time.Duration
	// Profile, when set, is called around each measured run (see Config.CPUProfile).
	Profile func(name string, run func() error) error
	// Only, when set, names the loads to run besides the empty handler and the anchor.
	Only []string
}

// HTTP loads the running server with the agenda JSON, the agenda page, a
// case page and the signed minutes PDF, each as the participant of the
// partner most involved, the signed minutes PDF also as the chair (the full
// copy, where the participant gets a redacted one), and an empty gin handler in the same process with
// the same load, and the anchor: the agenda's work by a bare net/http handler
// (anchor.go). The empty handler's result comes first, the anchor's second.
func (s *Suite) HTTP(ctx context.Context, cfg HTTPConfig) ([]LoadResult, error) {
	app, stopApp, err := listen(s.srv)
	if err != nil {
		return nil, err
	}
	defer stopApp()
	empty, stopEmpty, err := listen(emptyGin())
	if err != nil {
		return nil, err
	}
	defer stopEmpty()
	t := s.targets
	bare, err := newAnchor(s.db, audit.New(s.db, nil), t.Participant.ID, t.Participant.OrganisationID, t.Participant.Email, t.Upcoming.ID)
	if err != nil {
		return nil, err
	}
	anchorURL, stopAnchor, err := listen(bare)
	if err != nil {
		return nil, err
	}
	defer stopAnchor()

	pages, err := login(ctx, app, t.Participant.Email, cfg.Concurrency)
	if err != nil {
		return nil, err
	}
	tokens := auth.NewTokens(s.db, time.Now)
	token, tok, err := tokens.Create(ctx, t.Participant.ID, "benchmark")
	if err != nil {
		return nil, err
	}
	defer tokens.Revoke(context.WithoutCancel(ctx), tok.ID)
	// The chair downloads with a token: a page session would ask a chair's second factor.
	chairToken, chairTok, err := tokens.Create(ctx, t.Chair.ID, "benchmark")
	if err != nil {
		return nil, err
	}
	defer tokens.Revoke(context.WithoutCancel(ctx), chairTok.ID)
	api := newClient(cfg.Concurrency, nil)
	pdfURL := fmt.Sprintf("%s/conferences/%d/minutes.pdf", app, t.Signed.ID)
	barePDF, err := s.pdfAnchorOf(ctx, pages, pdfURL)
	if err != nil {
		return nil, err
	}
	bareURL, stopBare, err := listen(barePDF)
	if err != nil {
		return nil, err
	}
	defer stopBare()

	get := func(u string, header ...string) func(context.Context) (*http.Request, error) {
		return func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			for i := 0; err == nil && i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			return req, err
		}
	}
	caseRef := ""
	for _, e := range s.entries {
		if e.Case != nil && e.Case.ID == t.Case {
			caseRef = e.Case.Reference
		}
	}
	contains := func(what string) func(int, []byte) error {
		return func(_ int, body []byte) error {
			if !strings.Contains(string(body), what) {
				return fmt.Errorf("the answer lacks %q", what)
			}
			return nil
		}
	}
	runs := []struct {
		client *http.Client
		load   Load
	}{
		{api, Load{Name: "empty gin handler", Request: get(empty + "/"), Check: contains("ok")}},
		{api, Load{Name: anchorLoad, Request: get(anchorURL + "/"), Check: func(_ int, body []byte) error { return s.checkAgendaJSON(body) }}},
		{api, Load{Name: "agenda JSON", Request: get(fmt.Sprintf("%s/api/v1/conferences/%d/agenda", app, t.Upcoming.ID),
			"Authorization", "Bearer "+token), Check: func(_ int, body []byte) error { return s.checkAgendaJSON(body) }}},
		{pages, Load{Name: "agenda page", Request: get(fmt.Sprintf("%s/conferences/%d", app, t.Upcoming.ID)), Check: contains(caseRef)}},
		{pages, Load{Name: "case page", Request: get(fmt.Sprintf("%s/cases/%d", app, t.Case)), Check: contains(caseRef)}},
		{pages, Load{Name: storedPDFLoad, Request: get(pdfURL), Check: s.checkCopy(ctx, conference.ActorOf(&t.Participant))}},
		{api, Load{Name: pdfAnchorLoad, Request: get(bareURL + "/"), Check: s.checkCopy(ctx, conference.ActorOf(&t.Participant))}},
		{api, Load{Name: storedPDFChairLoad, Request: get(pdfURL, "Authorization", "Bearer "+chairToken), Check: s.checkCopy(ctx, conference.Actor{})}},
	}
	var out []LoadResult
	for i, r := range runs {
		if i > 1 && !slices.Contains(SelectableLoads, r.load.Name) {
			return nil, fmt.Errorf("load %q is missing from SelectableLoads, so --only cannot choose it", r.load.Name)
		}
		if i > 1 && len(cfg.Only) > 0 && !slices.Contains(cfg.Only, r.load.Name) {
			continue
		}
		var res LoadResult
		run := func() error {
			var err error
			res, err = r.load.Run(ctx, r.client, cfg.Concurrency, cfg.Warmup, cfg.Duration)
			return err
		}
		if cfg.Profile != nil {
			err = cfg.Profile(r.load.Name, run)
		} else {
			err = run()
		}
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// checkCopy makes sure a download of the signed minutes is the stored copy
// its reader is to get: for a participant (reader with an organisation) the
// redacted copy that shows exactly the cases on it the reader may see, for
// the chair (the zero Actor) the full copy.
func (s *Suite) checkCopy(ctx context.Context, reader conference.Actor) func(int, []byte) error {
	return func(status int, body []byte) error {
		if status != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF-")) {
			return fmt.Errorf("status %d, not a PDF", status)
		}
		sum := sha256.Sum256(body)
		o, err := s.srv.Minutes().OriginalBySHA256(ctx, hex.EncodeToString(sum[:]))
		if err != nil {
			return fmt.Errorf("the PDF is no stored original: %w", err)
		}
		if reader.OrganisationID == 0 {
			if o.Kind != minutes.CopyFull {
				return fmt.Errorf("the chair got the %s copy, want the full one", o.Kind)
			}
			return nil
		}
		full, err := s.srv.Minutes().LatestFull(ctx, o.ConferenceID)
		if err != nil {
			return err
		}
		visible, err := s.srv.Store().CanSeeCases(ctx, reader, full.CaseIDs)
		if err != nil {
			return err
		}
		if o.Kind != minutes.CopyRedacted || len(o.CaseIDs) != len(visible) || len(visible) == len(full.CaseIDs) {
			return fmt.Errorf("the participant got the %s copy of %d cases; they may see %d of %d, want their redacted copy",
				o.Kind, len(o.CaseIDs), len(visible), len(full.CaseIDs))
		}
		for _, id := range o.CaseIDs {
			if !visible[id] {
				return fmt.Errorf("the participant's copy shows case %d, which they may not see", id)
			}
		}
		return nil
	}
}

// checkAgendaJSON makes sure the participant gets the whole agenda, with the
// cases of their own partner in full and the others redacted.
func (s *Suite) checkAgendaJSON(body []byte) error {
	var v struct {
		Items []struct {
			Case *struct {
				Redacted bool `json:"redacted"`
			} `json:"case"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	full := 0
	for _, it := range v.Items {
		if it.Case != nil && !it.Case.Redacted {
			full++
		}
	}
	if len(v.Items) != len(s.entries) || full == 0 {
		return fmt.Errorf("agenda JSON has %d items (%d in full), want %d", len(v.Items), full, len(s.entries))
	}
	return nil
}
