package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
)

// LoadAsOutsider loads the target case page as a user of a partner not
// involved in it, which the server refuses.
func (s *Suite) LoadAsOutsider(ctx context.Context) error {
	app, stop, err := listen(s.srv)
	if err != nil {
		return err
	}
	defer stop()
	client, err := login(ctx, app, s.targets.Outsider.Email, 2)
	if err != nil {
		return err
	}
	l := Load{Name: "outsider's case page", Request: func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/cases/%d", app, s.targets.Case), nil)
	}}
	_, err = l.Run(ctx, client, 2, 0, 100*time.Millisecond)
	return err
}

// MeetingStatus is the status of the upcoming meeting as the database holds it now.
func (s *Suite) MeetingStatus(ctx context.Context) (conference.Status, error) {
	c, err := s.srv.Store().Conference(ctx, s.targets.Upcoming.ID)
	return c.Status, err
}

// DB returns the suite's database, for the tests.
func (s *Suite) DB() *gorm.DB { return s.db }

// Handler serves one kind of request in process: h answers what req makes.
type Handler struct {
	H   http.Handler
	Req func() *http.Request
}

// Handlers returns, by load name, the app server and a request as the
// participant the HTTP loads run as: the agenda JSON with an API token, the
// agenda and case pages with the session of a real login; and the anchor
// with its own audit log, as the HTTP loads measure it; the signed minutes
// PDF as the participant's session downloads it, and the bare download of
// the same copy (anchor_pdf.go). For Go benchmarks of
// one request in process (BenchmarkRequest), without the network.
func (s *Suite) Handlers(ctx context.Context) (map[string]Handler, error) {
	app, stop, err := listen(s.srv)
	if err != nil {
		return nil, err
	}
	defer stop()
	t := s.targets
	client, err := login(ctx, app, t.Participant.Email, 1)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(app)
	var cookie string
	for _, c := range client.Jar.Cookies(base) {
		cookie += c.Name + "=" + c.Value + "; "
	}
	token, _, err := auth.NewTokens(s.db, time.Now).Create(ctx, t.Participant.ID, "benchmark")
	if err != nil {
		return nil, err
	}
	get := func(path, header, value string) func() *http.Request {
		return func() *http.Request {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set(header, value)
			return req
		}
	}
	barePDF, err := s.pdfAnchorOf(ctx, client, fmt.Sprintf("%s/conferences/%d/minutes.pdf", app, t.Signed.ID))
	if err != nil {
		return nil, err
	}
	bare, err := newAnchor(s.db, audit.New(s.db, nil), t.Participant.ID, t.Participant.OrganisationID, t.Participant.Email, t.Upcoming.ID)
	if err != nil {
		return nil, err
	}
	return map[string]Handler{
		"anchor":      {bare, get("/", "Accept", "application/json")},
		"agenda JSON": {s.srv, get(fmt.Sprintf("/api/v1/conferences/%d/agenda", t.Upcoming.ID), "Authorization", "Bearer "+token)},
		"agenda page": {s.srv, get(fmt.Sprintf("/conferences/%d", t.Upcoming.ID), "Cookie", cookie)},
		"case page":   {s.srv, get(fmt.Sprintf("/cases/%d", t.Case), "Cookie", cookie)},
		storedPDFLoad: {s.srv, get(fmt.Sprintf("/conferences/%d/minutes.pdf", t.Signed.ID), "Cookie", cookie)},
		pdfAnchorLoad: {barePDF, get("/", "Accept", "application/pdf")},
	}, nil
}
