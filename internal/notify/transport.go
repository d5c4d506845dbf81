package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"strconv"
	"time"
)

// Transport hands one finished message to a mail server.
type Transport interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}

// SMTP delivers over SMTP: smtp://user:pass@host:587 upgrades with STARTTLS
// when the server offers it; smtps://…:465 speaks TLS from the start. With a
// user in the URL it authenticates with PLAIN, which Go's net/smtp allows only
// over TLS or to localhost.
type SMTP struct {
	host, addr string
	implicit   bool
	auth       smtp.Auth
	// TLS configures the TLS connection; nil means verify the server's name.
	TLS *tls.Config
	// Timeout bounds one delivery; zero means 30 seconds.
	Timeout time.Duration
}

// ParseSMTP reads an SMTP_URL.
func ParseSMTP(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	t := &SMTP{host: u.Hostname()}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		t.implicit = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, errors.New("SMTP_URL: the scheme must be smtp or smtps")
	}
	if t.host == "" {
		return nil, errors.New("SMTP_URL: no host")
	}
	if _, err := strconv.Atoi(port); err != nil {
		return nil, errors.New("SMTP_URL: the port is not a number")
	}
	t.addr = net.JoinHostPort(t.host, port)
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		t.auth = smtp.PlainAuth("", u.User.Username(), pass, t.host)
	}
	return t, nil
}

// Send delivers msg to the recipients in one SMTP transaction.
func (t *SMTP) Send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := t.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tlsConf := t.TLS
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: t.host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return fmt.Errorf("smtp: dial: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if t.implicit {
		conn = tls.Client(conn, tlsConf)
	}
	c, err := smtp.NewClient(conn, t.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !t.implicit {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if t.auth != nil {
		if err := c.Auth(t.auth); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("smtp: mail from: %w", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return fmt.Errorf("smtp: rcpt to: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: data: %w", err)
	}
	return c.Quit()
}
