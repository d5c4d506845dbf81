package notify

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// message is one e-mail: a text and zero or more calendar attachments.
type email struct {
	From, To, Subject, Text, MessageID string
	Date                               time.Time
	Calendars                          []calendar
}

type calendar struct{ Method, Body string }

// render writes m as an RFC 5322 message with MIME parts.
func (m email) render() ([]byte, error) {
	var buf bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", (&mail.Address{Name: "Casusoverleg", Address: m.From}).String())
	h("To", m.To)
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", m.MessageID)
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated")
	mw := multipart.NewWriter(&buf)
	h("Content-Type", `multipart/mixed; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	part, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"}})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(part)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Text, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	for i, c := range m.Calendars {
		name := "uitnodiging.ics"
		if i > 0 {
			name = fmt.Sprintf("uitnodiging-%d.ics", i+1)
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {"text/calendar; charset=utf-8; method=" + c.Method},
			"Content-Disposition":       {`attachment; filename="` + name + `"`},
			"Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(part)
		if _, err := qp.Write([]byte(c.Body)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
