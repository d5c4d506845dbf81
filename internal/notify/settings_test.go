package notify_test

import (
	"context"
	"errors"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/notify"
)

func TestSettings(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	t.Run("Defaults", func(t *testing.T) {
		s, err := r.outbox.Settings(ctx, r.police.UserID)
		if err != nil || s.Language != "nl" || s.Digest || len(s.Off) != 0 {
			t.Fatalf("Settings() = %+v, %v", s, err)
		}
	})
	t.Run("ErrForbidden/someone else's", func(t *testing.T) {
		s := notify.Settings{UserID: r.police.UserID, Language: "en"}
		if err := r.outbox.SaveSettings(ctx, r.ggz, &s); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("SaveSettings(other user) = %v", err)
		}
		if got, _ := r.outbox.Settings(ctx, r.police.UserID); got.Language != "nl" {
			t.Fatalf("another user changed the settings: %+v", got)
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		s := notify.Settings{UserID: r.police.UserID, Language: "de", DigestHour: 24, Off: []conference.EventKind{"spam"}}
		var ve conference.ValidationErrors
		if err := r.outbox.SaveSettings(ctx, r.police, &s); !errors.As(err, &ve) || len(ve) != 3 {
			t.Fatalf("SaveSettings(bad) = %v", err)
		}
	})
	t.Run("Off/no message", func(t *testing.T) {
		s := notify.Settings{UserID: r.ggz.UserID, Language: "nl", Off: []conference.EventKind{conference.EventAgendaPublished}}
		if err := r.outbox.SaveSettings(ctx, r.ggz, &s); err != nil {
			t.Fatal(err)
		}
		en := notify.Settings{UserID: r.probation.UserID, Language: "en"}
		if err := r.outbox.SaveSettings(ctx, r.probation, &en); err != nil {
			t.Fatal(err)
		}
		if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
			t.Fatal(err)
		}
		list := r.messages(t)
		if got := ofKind(list, conference.EventAgendaPublished); slices.Contains(got, "g@x.nl") || !slices.Contains(got, "p@x.nl") {
			t.Fatalf("agenda published to %v; g@x.nl switched it off", got)
		}
		for _, m := range list {
			if m.To == "r@x.nl" && (m.Language != "en" || !strings.HasPrefix(m.Subject, "Agenda published: Justitieel casusoverleg Oss, 23 November 2026")) {
				t.Errorf("English message = %s %q", m.Language, m.Subject)
			}
		}
	})
}

func TestDailyDigest(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	ms := newMailServer(t)
	s := notify.Settings{UserID: r.police.UserID, Language: "nl", Digest: true, DigestHour: 17}
	if err := r.outbox.SaveSettings(ctx, r.police, &s); err != nil {
		t.Fatal(err)
	}
	it := r.propose(t)
	if _, err := r.agenda.Triage(ctx, r.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
		t.Fatal(err)
	}
	amsterdam, _ := time.LoadLocation("Europe/Amsterdam")
	at := time.Date(2026, 11, 23, 17, 0, 0, 0, amsterdam) // the clock reads 10:00 in Amsterdam
	var mine int
	for _, m := range r.messages(t) {
		if m.To == "p@x.nl" {
			mine++
			if !m.Digest || !m.NextAttemptAt.Equal(at) {
				t.Errorf("digest message %s due at %s, want %s", m.Kind, m.NextAttemptAt, at)
			}
		}
	}
	if mine != 2 {
		t.Fatalf("%d messages for the digest user, want 2", mine)
	}
	sender := notify.NewSender(r.db, r.clock.Now, smtpTo(t, ms), "", quiet)
	if _, err := sender.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms.mails() {
		if m.To[0] == "p@x.nl" {
			t.Fatal("the digest user got a mail before the digest hour")
		}
	}
	r.clock.Set(at.Add(-time.Second))
	if _, err := sender.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(at)
	if _, err := sender.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var digests []string
	for _, m := range ms.mails() {
		if m.To[0] == "p@x.nl" {
			msg, _ := mail.ReadMessage(strings.NewReader(m.Data))
			subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			digests = append(digests, subj)
			if !strings.Contains(m.Data, "method=REQUEST") {
				t.Error("the digest lost the invite")
			}
		}
	}
	if !slices.Equal(digests, []string{"Dagelijks overzicht: 2 berichten uit Casusoverleg"}) {
		t.Fatalf("digest mails = %q", digests)
	}
}
