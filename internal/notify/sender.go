package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Sender delivers due messages. Several app servers may each run one: a
// message is claimed by one sender at a time (FOR UPDATE SKIP LOCKED on
// PostgreSQL, and on both databases a conditional UPDATE that only one claim
// wins), so each message is sent once. A sender that dies mid-delivery leaves
// its claim to expire after Lease, and the message is tried again.
type Sender struct {
	db        *gorm.DB
	now       func() time.Time
	transport Transport
	from      string
	log       *slog.Logger
	// Batch is how many messages one round claims; zero means 50.
	Batch int
	// Lease is how long a claim holds; zero means five minutes.
	Lease time.Duration
	// MaxAttempts is how often a message is tried before it is marked failed; zero means 10.
	MaxAttempts int
}

// NewSender returns a Sender. With a nil transport (no SMTP_URL) messages are
// logged and kept for the admin's "Berichten" page instead of sent.
func NewSender(db *gorm.DB, now func() time.Time, transport Transport, from string, log *slog.Logger) *Sender {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	if from == "" {
		from = "casusoverleg@localhost"
	}
	return &Sender{db: db, now: now, transport: transport, from: from, log: log}
}

// Backoff is the wait before attempt n+1 after n failed attempts: one
// minute, doubling, at most six hours.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// RunOnce claims the messages that are due, delivers them and records the
// outcome. It returns how many messages were delivered (or kept).
func (s *Sender) RunOnce(ctx context.Context) (int, error) {
	rows, token, err := s.claim(ctx)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	done := 0
	for _, group := range groups(rows) {
		err := s.deliver(ctx, group)
		if err := s.record(ctx, group, token, err); err != nil {
			return done, err
		}
		if err == nil {
			done += len(group)
		}
	}
	return done, nil
}

// Run sends every interval until ctx ends.
func (s *Sender) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("sending messages", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// claim marks up to Batch due messages as this round's and returns them.
func (s *Sender) claim(ctx context.Context) ([]messageRow, string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	token, now := hex.EncodeToString(b), s.now().UTC()
	lease, batch := s.Lease, s.Batch
	if lease == 0 {
		lease = 5 * time.Minute
	}
	if batch == 0 {
		batch = 50
	}
	due := "status = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
	var rows []messageRow
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Model(&messageRow{}).Where(due, StatusPending, now, now).Order("id").Limit(batch)
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var ids []int64
		if err := q.Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		// The condition is checked again by the UPDATE itself: of two
		// senders that read the same rows, only one claim matches.
		if err := tx.Model(&messageRow{}).Where("id IN ?", ids).Where(due, StatusPending, now, now).
			Updates(map[string]any{"claimed_by": token, "claimed_until": now.Add(lease)}).Error; err != nil {
			return err
		}
		return tx.Where("claimed_by = ? AND id IN ?", token, ids).Order("id").Find(&rows).Error
	})
	if err != nil {
		return nil, "", fmt.Errorf("outbox: claim: %w", err)
	}
	return rows, token, nil
}

// groups puts each user's digest messages into one mail and every other message into its own.
func groups(rows []messageRow) [][]messageRow {
	var out [][]messageRow
	digest := map[int64]int{}
	for _, r := range rows {
		if r.Digest {
			if i, ok := digest[r.UserID]; ok {
				out[i] = append(out[i], r)
				continue
			}
			digest[r.UserID] = len(out)
		}
		out = append(out, []messageRow{r})
	}
	return out
}

// deliver sends one group as one mail, or logs it when there is no transport.
func (s *Sender) deliver(ctx context.Context, group []messageRow) error {
	first := group[0]
	if s.transport == nil {
		for _, r := range group {
			s.log.Info("message kept (no SMTP_URL)", "id", r.ID, "kind", r.Kind, "to", r.ToAddress, "subject", r.Subject)
		}
		return nil
	}
	m := email{From: s.from, To: first.ToAddress, Subject: first.Subject, Text: first.Body, Date: s.now(),
		MessageID: fmt.Sprintf("<outbox-%d@%s>", first.ID, domainOf(s.from))}
	if len(group) > 1 || first.Digest {
		f := frame[first.Language]
		m.Subject = fmt.Sprintf(f.DigestSubject, len(group))
		var b strings.Builder
		b.WriteString(f.DigestIntro + "\n\n")
		for _, r := range group {
			fmt.Fprintf(&b, "* %s\n  %s\n\n", r.Subject, r.Link)
		}
		m.Text = b.String()
	}
	for _, r := range group {
		if r.Calendar != "" {
			m.Calendars = append(m.Calendars, calendar{Method: r.CalendarMethod, Body: r.Calendar})
		}
	}
	msg, err := m.render()
	if err != nil {
		return err
	}
	return s.transport.Send(ctx, s.from, []string{first.ToAddress}, msg)
}

// record marks a group sent (or kept), or schedules its retry after sendErr.
func (s *Sender) record(ctx context.Context, group []messageRow, token string, sendErr error) error {
	ids := make([]int64, len(group))
	for i, r := range group {
		ids[i] = r.ID
	}
	now := s.now().UTC()
	db := s.db.WithContext(ctx)
	if sendErr == nil {
		status := StatusSent
		if s.transport == nil {
			status = StatusKept
		}
		return db.Model(&messageRow{}).Where("id IN ? AND claimed_by = ?", ids, token).
			Updates(map[string]any{"status": string(status), "sent_at": now, "claimed_until": nil, "last_error": ""}).Error
	}
	maxAttempts := s.MaxAttempts
	if maxAttempts == 0 {
		maxAttempts = 10
	}
	msg := sendErr.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	s.log.Warn("message not delivered; will retry", "ids", ids, "attempt", group[0].Attempts+1, "err", msg)
	for _, r := range group {
		fields := map[string]any{"attempts": r.Attempts + 1, "last_error": msg, "claimed_until": nil,
			"next_attempt_at": now.Add(Backoff(r.Attempts + 1))}
		if r.Attempts+1 >= maxAttempts {
			fields["status"] = string(StatusFailed)
		}
		if err := db.Model(&messageRow{}).Where("id = ? AND claimed_by = ?", r.ID, token).Updates(fields).Error; err != nil {
			return err
		}
	}
	return nil
}

func domainOf(addr string) string {
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	if i := strings.LastIndex(addr, "@"); i >= 0 {
		return addr[i+1:]
	}
	return "casusoverleg"
}
