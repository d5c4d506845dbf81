package minutes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

func TestCommentRound(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	clock := dbtest.Now()
	store := minutes.NewStore(m.db, func() time.Time { return clock }, m.cases, m.agenda)
	rec := minutes.ItemRecord{ItemID: m.item.ID, Summary: "Concept: meldplicht eenmaal per week"}
	if err := store.SaveItemRecord(ctx, m.secretary, &rec); err != nil {
		t.Fatal(err)
	}
	deadline := clock.Add(48 * time.Hour)
	if _, err := m.agenda.Publish(ctx, m.chair, m.first.ID); err != nil {
		t.Fatal(err)
	}

	t.Run("OpenRoundErrors", func(t *testing.T) {
		if _, err := store.OpenCommentRound(ctx, m.chair, m.first.ID, deadline); !errors.Is(err, conference.ErrForbidden) {
			t.Errorf("the chair opened the round: %v", err)
		}
		for name, d := range map[string]time.Time{"Past": clock.Add(-time.Minute), "Now": clock, "TooFar": clock.AddDate(0, 0, 31), "Zero": {}} {
			var ve conference.ValidationErrors
			if _, err := store.OpenCommentRound(ctx, m.secretary, m.first.ID, d); !errors.As(err, &ve) || ve[0].Field != "deadline" {
				t.Errorf("%s: deadline %v: %v, want a validation error on deadline", name, d, err)
			}
		}
	})
	if _, err := store.AddComment(ctx, m.probation, m.item.ID, "Te vroeg"); err == nil {
		t.Fatal("a comment before the round opened")
	}
	round, err := store.OpenCommentRound(ctx, m.secretary, m.first.ID, deadline)
	if err != nil || !round.Open {
		t.Fatalf("open round: %+v, %v", round, err)
	}

	t.Run("NeedToKnow", func(t *testing.T) {
		// GGZ was present but is not involved: it sees the item redacted and may not comment on it.
		v, err := store.Comments(ctx, m.ggz, m.first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Minutes.Items) != 1 || !v.Minutes.Items[0].Redacted() || v.Minutes.Items[0].Record.Summary != "" {
			t.Errorf("GGZ sees %+v, want the item redacted", v.Minutes.Items)
		}
		if _, err := store.AddComment(ctx, m.ggz, m.item.ID, "Mag ik dit zien?"); !errors.Is(err, conference.ErrForbidden) {
			t.Errorf("GGZ commented on an item it may not see: %v", err)
		}
		// An organisation that was not present is refused altogether.
		if err := m.cases.SetAttendance(ctx, m.first.ID, []conference.Attendance{
			{UserID: m.police.UserID, Presence: conference.Present}, {UserID: m.probation.UserID, Presence: conference.Present},
			{UserID: m.ggz.UserID, Presence: conference.Excused}, {UserID: m.chair.UserID, Presence: conference.Present}}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Comments(ctx, m.ggz, m.first.ID); !errors.Is(err, conference.ErrForbidden) {
			t.Errorf("an absent organisation read the draft: %v", err)
		}
		if _, err := store.AddComment(ctx, m.ggz, m.item.ID, "x"); !errors.Is(err, conference.ErrForbidden) {
			t.Errorf("an absent organisation commented: %v", err)
		}
	})

	var c minutes.Comment
	t.Run("BeforeTheDeadline", func(t *testing.T) {
		clock = deadline.Add(-time.Second)
		v, err := store.Comments(ctx, m.probation, m.first.ID)
		if err != nil || !v.CanComment || v.Minutes.Items[0].Record.Summary != rec.Summary {
			t.Fatalf("probation reads %+v (%v), want the draft open for comments", v, err)
		}
		var ve conference.ValidationErrors
		if _, err := store.AddComment(ctx, m.probation, m.item.ID, "  "); !errors.As(err, &ve) || ve[0].Field != "text" {
			t.Errorf("empty comment: %v", err)
		}
		if c, err = store.AddComment(ctx, m.probation, m.item.ID, "Twee keer per week, niet één keer."); err != nil {
			t.Fatal(err)
		}
		if c.Status != minutes.CommentOpen || c.OrganisationID != m.probation.OrganisationID {
			t.Errorf("comment = %+v", c)
		}
		var one *conference.ValidationError
		if err := store.Finalise(ctx, m.secretary, m.first.ID, "na de ronde"); !errors.As(err, &ve) && !errors.As(err, &one) {
			t.Errorf("finalised while the round runs: %v", err)
		}
	})

	t.Run("AtTheDeadline", func(t *testing.T) {
		clock = deadline
		var ve conference.ValidationErrors
		if _, err := store.AddComment(ctx, m.police, m.item.ID, "Te laat"); !errors.As(err, &ve) || ve[0].Field != "deadline" {
			t.Errorf("a comment at the deadline: %v", err)
		}
		v, err := store.Comments(ctx, m.probation, m.first.ID)
		if err != nil || v.CanComment || len(v.Minutes.Items) != 0 || len(v.Comments) != 1 {
			t.Errorf("after the deadline probation sees %d items, %d comments, can comment %v (%v); want the comments only",
				len(v.Minutes.Items), len(v.Comments), v.CanComment, err)
		}
	})

	t.Run("Handle", func(t *testing.T) {
		if _, err := store.HandleComment(ctx, m.probation, c.ID, minutes.CommentProcessed, "zelf"); !errors.Is(err, conference.ErrForbidden) {
			t.Errorf("a participant handled a comment: %v", err)
		}
		var ve conference.ValidationErrors
		if _, err := store.HandleComment(ctx, m.secretary, c.ID, "accepted", ""); !errors.As(err, &ve) || len(ve) != 2 {
			t.Errorf("bad status and no note: %v", err)
		}
		h, err := store.HandleComment(ctx, m.secretary, c.ID, minutes.CommentProcessed, "Aangepast in de stand van zaken.")
		if err != nil || h.Status != minutes.CommentProcessed || h.HandledBy == nil || *h.HandledBy != m.secretary.UserID || !h.HandledAt.Equal(deadline) {
			t.Fatalf("handled = %+v, %v", h, err)
		}
	})

	t.Run("FinaliseAfterTheDeadline", func(t *testing.T) {
		if err := store.Finalise(ctx, m.secretary, m.first.ID, "na de ronde"); err != nil {
			t.Fatal(err)
		}
		for _, who := range []conference.Actor{m.chair, m.secretary} {
			if _, err := store.Approve(ctx, who, "x", m.first.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		sg, err := store.Signed(ctx, m.first.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Comments are history, not signed content.
		if b := sg.Content.Items[0]; b.Summary != rec.Summary || sg.Content.Hash() != sg.Hash {
			t.Errorf("signed content = %+v", b)
		}
		v, err := store.Comments(ctx, m.secretary, m.first.ID)
		if err != nil || len(v.Comments) != 1 || v.Comments[0].Note != "Aangepast in de stand van zaken." {
			t.Errorf("the comments after signing: %+v, %v", v.Comments, err)
		}
	})
}
