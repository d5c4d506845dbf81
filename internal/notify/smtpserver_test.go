package notify_test

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// mailServer is a real SMTP server in the test process, on 127.0.0.1 and a free port.
type mailServer struct {
	addr string
	mu   sync.Mutex
	got  []received
	// refuse makes the server answer 451 to every recipient.
	refuse bool
}

type received struct {
	From string
	To   []string
	Data string
}

func newMailServer(t *testing.T) *mailServer {
	t.Helper()
	ms := &mailServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{ms: ms}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ms
}

func (ms *mailServer) setRefuse(v bool) { ms.mu.Lock(); ms.refuse = v; ms.mu.Unlock() }

func (ms *mailServer) mails() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.got...)
}

type session struct {
	ms   *mailServer
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ms.mu.Lock()
	refuse := s.ms.refuse
	s.ms.mu.Unlock()
	if refuse {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(s.to) == 0 {
		return errors.New("no recipients")
	}
	s.ms.mu.Lock()
	s.ms.got = append(s.ms.got, received{From: s.from, To: s.to, Data: string(b)})
	s.ms.mu.Unlock()
	return nil
}
