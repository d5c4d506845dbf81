package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"casusoverleg/internal/notify"
)

// tlsServer is an SMTP server that offers STARTTLS and PLAIN authentication
// (only over TLS), with a certificate for 127.0.0.1 that the client trusts.
type tlsServer struct {
	addr string
	pool *x509.CertPool
	mu   sync.Mutex
	// log records, per delivered mail, whether TLS was on and who authenticated.
	log []string
}

func newTLSServer(t *testing.T) *tlsServer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	ts := &tlsServer{pool: x509.NewCertPool()}
	ts.pool.AddCert(cert)
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &tlsSession{ts: ts, conn: c}, nil }))
	srv.Domain = "mail.test"
	srv.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below is expected
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ts
}

type tlsSession struct {
	ts   *tlsServer
	conn *smtp.Conn
	user string
}

func (s *tlsSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *tlsSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "zvh" || pass != "geheim wachtwoord" {
			return errors.New("invalid credentials")
		}
		s.user = user
		return nil
	}), nil
}
func (s *tlsSession) Reset()                               {}
func (s *tlsSession) Logout() error                        { return nil }
func (s *tlsSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *tlsSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *tlsSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	_, tlsOn := s.conn.TLSConnectionState()
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if tlsOn {
		s.ts.log = append(s.ts.log, "tls "+s.user)
	} else {
		s.ts.log = append(s.ts.log, "plain "+s.user)
	}
	return nil
}

func TestSMTPUpgradesWithSTARTTLSAndAuthenticates(t *testing.T) {
	ts := newTLSServer(t)
	tr, err := notify.ParseSMTP("smtp://zvh:geheim%20wachtwoord@" + ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	tr.TLS = &tls.Config{RootCAs: ts.pool, ServerName: "127.0.0.1"}
	msg := []byte("Subject: test\r\n\r\nhallo\r\n")
	if err := tr.Send(context.Background(), "noreply@zvh.example.nl", []string{"p@x.nl"}, msg); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ts.log, ",") != "tls zvh" {
		t.Fatalf("server saw %v, want one mail over TLS from user zvh", ts.log)
	}
	// A certificate the client does not trust stops the delivery: no fallback to plain text.
	tr.TLS = &tls.Config{ServerName: "127.0.0.1"}
	if err := tr.Send(context.Background(), "noreply@zvh.example.nl", []string{"p@x.nl"}, msg); err == nil || !strings.Contains(err.Error(), "starttls") {
		t.Fatalf("Send with an untrusted certificate = %v", err)
	}
}

func TestParseSMTP(t *testing.T) {
	for raw, ok := range map[string]bool{
		"smtp://user:pass@mail.example.nl:587": true, "smtps://mail.example.nl": true, "smtp://mail.example.nl": true,
		"http://mail.example.nl": false, "smtp://": false, "smtp://mail.example.nl:abc": false, "::": false,
	} {
		if _, err := notify.ParseSMTP(raw); (err == nil) != ok {
			t.Errorf("ParseSMTP(%q) = %v", raw, err)
		}
	}
}
