package notify_test

import (
	"context"
	"errors"
	"mime"
	"mime/multipart"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/ical"
	"casusoverleg/internal/notify"
)

func smtpTo(t *testing.T, ms *mailServer) *notify.SMTP {
	t.Helper()
	tr, err := notify.ParseSMTP("smtp://" + ms.addr)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// parts returns the MIME parts of a received mail by content type.
func parts(t *testing.T, data string) (*mail.Message, map[string]string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := p.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		out[p.Header.Get("Content-Type")] = b.String()
	}
	return msg, out
}

func TestAgendaPublishedDelivered(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	ms := newMailServer(t)
	if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
		t.Fatal(err)
	}
	want := []string{"p@x.nl", "r@x.nl", "r2@x.nl", "g@x.nl", "c@x.nl", "s@x.nl"} // not the outsider
	if got := ofKind(r.messages(t), conference.EventAgendaPublished); !slices.Equal(got, want) {
		t.Fatalf("agenda published to %v, want %v", got, want)
	}
	sender := notify.NewSender(r.db, r.clock.Now, smtpTo(t, ms), "noreply@zvh.example.nl", quiet)
	n, err := sender.RunOnce(ctx)
	if err != nil || n != len(want) {
		t.Fatalf("RunOnce() = %d, %v; want %d sent", n, err, len(want))
	}
	mails := ms.mails()
	if len(mails) != len(want) {
		t.Fatalf("server received %d mails, want %d", len(mails), len(want))
	}
	msg, ps := parts(t, mails[0].Data)
	if subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); !strings.HasPrefix(subj, "Agenda gepubliceerd: Justitieel casusoverleg Oss, 23 november 2026 12:00") {
		t.Errorf("subject = %q", subj)
	}
	if mails[0].To[0] != "p@x.nl" || mails[0].From != "noreply@zvh.example.nl" {
		t.Errorf("envelope = %v from %s", mails[0].To, mails[0].From)
	}
	if !strings.Contains(ps["text/plain; charset=utf-8"], "https://zvh.example.nl/conferences/") {
		t.Errorf("text part has no link: %q", ps["text/plain; charset=utf-8"])
	}
	cal := ps["text/calendar; charset=utf-8; method=REQUEST"]
	events, err := ical.Parse(strings.NewReader(cal))
	if err != nil || len(events) != 1 || !strings.Contains(cal, "METHOD:REQUEST") {
		t.Fatalf("invite = %q (%v)", cal, err)
	}
	if events[0].UID == "" || events[0].OrganizerEmail != "c@x.nl" || !events[0].Start.Equal(r.first.StartsAt) {
		t.Errorf("invite event = %+v", events[0])
	}
	for _, m := range r.messages(t) {
		if m.Status != notify.StatusSent || m.SentAt == nil {
			t.Errorf("message %d status %s after delivery", m.ID, m.Status)
		}
	}
	if n, err := sender.RunOnce(ctx); n != 0 || err != nil || len(ms.mails()) != len(want) {
		t.Fatalf("a second run sent again: %d, %v", n, err)
	}
}

func TestRefusingServerThenRecovery(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	ms := newMailServer(t)
	it := r.propose(t)
	if _, err := r.agenda.Triage(ctx, r.chair, it.ID, "reject", "past niet in dit overleg", it.Version); err != nil {
		t.Fatal(err)
	}
	if got := ofKind(r.messages(t), conference.EventReferralRejected); !slices.Equal(got, []string{"p@x.nl"}) {
		t.Fatalf("rejection went to %v, want the referrer", got)
	}
	sender := notify.NewSender(r.db, r.clock.Now, smtpTo(t, ms), "noreply@zvh.example.nl", quiet)
	ms.setRefuse(true)
	if n, err := sender.RunOnce(ctx); n != 0 || err != nil {
		t.Fatalf("RunOnce() against a refusing server = %d, %v", n, err)
	}
	m := r.messages(t)[0]
	if m.Status != notify.StatusPending || m.Attempts != 1 || !strings.Contains(m.LastError, "451") ||
		!m.NextAttemptAt.Equal(r.clock.Now().Add(notify.Backoff(1))) {
		t.Fatalf("after a refusal: %+v", m)
	}
	ms.setRefuse(false)
	if n, _ := sender.RunOnce(ctx); n != 0 {
		t.Fatal("retried before the backoff passed")
	}
	r.clock.Set(m.NextAttemptAt)
	if n, err := sender.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("retry = %d, %v", n, err)
	}
	r.clock.Set(m.NextAttemptAt.Add(time.Hour))
	if n, _ := sender.RunOnce(ctx); n != 0 || len(ms.mails()) != 1 {
		t.Fatalf("delivered %d times, want once", len(ms.mails()))
	}
	if m := r.messages(t)[0]; m.Status != notify.StatusSent || m.Attempts != 1 {
		t.Fatalf("after recovery: %+v", m)
	}
}

func TestBackoffAndGivingUp(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 5: 16 * time.Minute, 20: 6 * time.Hour} {
		if got := notify.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
	ctx := context.Background()
	r := newRegion(t)
	ms := newMailServer(t)
	ms.setRefuse(true)
	it := r.propose(t)
	if _, err := r.agenda.Triage(ctx, r.chair, it.ID, "accept", "", it.Version); err != nil {
		t.Fatal(err)
	}
	sender := notify.NewSender(r.db, r.clock.Now, smtpTo(t, ms), "", quiet)
	sender.MaxAttempts = 2
	for range 2 {
		if _, err := sender.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		r.clock.Set(r.clock.Now().Add(time.Hour))
	}
	if m := r.messages(t)[0]; m.Status != notify.StatusFailed || m.Attempts != 2 {
		t.Fatalf("after MaxAttempts refusals: %+v", m)
	}
}

func TestTwoSendersEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	ms := newMailServer(t)
	if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.agenda.Publish(ctx, r.chair, r.second.ID); err != nil {
		t.Fatal(err)
	}
	total := len(r.messages(t))
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		s := notify.NewSender(r.db, r.clock.Now, smtpTo(t, ms), "", quiet)
		s.Batch = 3
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := s.RunOnce(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range ms.mails() {
		msg, _ := mail.ReadMessage(strings.NewReader(m.Data))
		seen[msg.Header.Get("Message-Id")]++
	}
	if len(seen) != total || len(ms.mails()) != total {
		t.Fatalf("%d mails with %d distinct ids for %d messages", len(ms.mails()), len(seen), total)
	}
}

func TestRolledBackChangeHasNoMessage(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	t.Run("change rolled back", func(t *testing.T) {
		boom := errors.New("later step failed")
		err := r.db.Transaction(func(tx *gorm.DB) error {
			conf := r.first
			conf.Status = conference.StatusPublished
			if err := r.cases.WithDB(tx).UpdateConference(ctx, &conf); err != nil {
				return err
			}
			if err := r.outbox.Notify(ctx, tx, conference.Event{Kind: conference.EventAgendaPublished, ConferenceID: conf.ID}); err != nil {
				return err
			}
			if n := countIn(t, tx); n == 0 {
				t.Fatal("the outbox wrote nothing inside the transaction")
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := len(r.messages(t)); n != 0 {
			t.Fatalf("%d messages survived the rollback", n)
		}
	})
	t.Run("message fails, change rolled back", func(t *testing.T) {
		// An event naming a record that does not exist fails the outbox;
		// the change in the same transaction goes with it.
		err := r.db.Transaction(func(tx *gorm.DB) error {
			conf := r.first
			conf.Location = "Elders"
			if err := r.cases.WithDB(tx).UpdateConference(ctx, &conf); err != nil {
				return err
			}
			return r.outbox.Notify(ctx, tx, conference.Event{Kind: conference.EventActionAssigned, ActionID: 999})
		})
		if err == nil {
			t.Fatal("Notify of a missing action succeeded")
		}
		if got, _ := r.cases.Conference(ctx, r.first.ID); got.Location == "Elders" || got.Status != conference.StatusDraft {
			t.Fatalf("the change was kept without its message: %+v", got)
		}
	})
}

func countIn(t *testing.T, tx *gorm.DB) int64 {
	t.Helper()
	var n int64
	if err := tx.Table("messages").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCleanupKeepsWhatIsPendingOrRecent(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
		t.Fatal(err)
	}
	total := len(r.messages(t))
	sender := notify.NewSender(r.db, r.clock.Now, nil, "", quiet) // no SMTP: kept
	if n, err := sender.RunOnce(ctx); err != nil || n != total {
		t.Fatalf("RunOnce() without SMTP = %d, %v", n, err)
	}
	if _, err := r.agenda.Publish(ctx, r.chair, r.second.ID); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(dbtest.Clock.Add(notify.KeepMessages))
	if n, err := r.outbox.Cleanup(ctx); err != nil || n != 0 {
		t.Fatalf("Cleanup() at the limit = %d, %v", n, err)
	}
	r.clock.Set(dbtest.Clock.Add(notify.KeepMessages + time.Second))
	if n, err := r.outbox.Cleanup(ctx); err != nil || int(n) != total {
		t.Fatalf("Cleanup() past the limit = %d, %v; want the %d kept messages", n, err, total)
	}
	for _, m := range r.messages(t) {
		if m.Status != notify.StatusPending {
			t.Errorf("left %s message %d", m.Status, m.ID)
		}
	}
}
