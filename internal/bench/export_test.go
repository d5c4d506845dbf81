package bench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
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
