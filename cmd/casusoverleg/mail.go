package main

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/notify"
	"casusoverleg/internal/web"
)

// mailConfig reads BASE_URL, MAIL_FROM and SMTP_URL. Without SMTP_URL the
// transport is nil: messages are logged and kept for the admin's "Berichten" page.
func mailConfig(getenv env, addr string) (notify.Config, notify.Transport, error) {
	cfg := notify.Config{BaseURL: getenv("BASE_URL"), From: getenv("MAIL_FROM")}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + displayHost(addr)
	}
	raw := getenv("SMTP_URL")
	if raw == "" {
		return cfg, nil, nil
	}
	t, err := notify.ParseSMTP(raw)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, t, nil
}

// displayHost turns a listen address such as ":8080" into "localhost:8080".
func displayHost(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}

// startMail runs this server's sender and, when it holds the lease, the
// reminder job, until ctx ends. Every app server runs both: the sender
// claims each message once, and one server at a time runs the job.
func startMail(ctx context.Context, db *gorm.DB, srv *web.Server, transport notify.Transport, from string) {
	if transport == nil {
		slog.Warn("no SMTP_URL: messages are kept and logged, not sent; the admin sees them under Beheer → Berichten")
	}
	sender := notify.NewSender(db, time.Now, transport, from, slog.Default())
	go sender.Run(ctx, 15*time.Second)
	go notify.NewScheduler(db, time.Now, srv.Outbox(), slog.Default()).Run(ctx, 5*time.Minute)
}
