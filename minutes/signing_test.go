package minutes_test

import (
	"context"
	"errors"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

func TestSigning(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	rec := minutes.ItemRecord{ItemID: m.item.ID, Summary: "Besproken: één plan, geëvalueerd"}
	if err := m.minutes.SaveItemRecord(ctx, m.secretary, &rec); err != nil {
		t.Fatal(err)
	}
	if _, err := m.minutes.Approve(ctx, m.chair, "Voorzitter", m.first.ID, nil); err == nil {
		t.Fatal("draft minutes were approved")
	}
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "zonder aanwezigheid"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.minutes.Approve(ctx, m.police, "Agent", m.first.ID, nil); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant approved: %v", err)
	}
	sg, err := m.minutes.Approve(ctx, m.chair, "Voorzitter", m.first.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sg.Status != minutes.RecordFinal || len(sg.Approvals) != 1 || sg.Hash != "" {
		t.Fatalf("after the chair: %+v", sg)
	}
	sg, err = m.minutes.Approve(ctx, m.secretary, "Notulist", m.first.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sg.Status != minutes.RecordSigned || len(sg.Approvals) != 2 || len(sg.Hash) != 64 || sg.Content == nil {
		t.Fatalf("after both: %+v", sg)
	}
	if sg.Content.Items[0].Summary != "Besproken: één plan, geëvalueerd" || sg.Content.Hash() != sg.Hash {
		t.Fatalf("signed content = %+v", sg.Content.Items)
	}

	t.Run("Immutable", func(t *testing.T) {
		conf, _ := m.cases.Conference(ctx, m.first.ID)
		if conf.Status != conference.StatusSigned {
			t.Fatalf("conference status = %s", conf.Status)
		}
		conf.Location = "elders"
		if err := m.cases.UpdateConference(ctx, &conf); err == nil {
			t.Fatal("a signed meeting was changed")
		}
		rec.Summary = "achteraf"
		if err := m.minutes.SaveItemRecord(ctx, m.secretary, &rec); !errors.Is(err, minutes.ErrFinal) {
			t.Fatalf("record after signing: %v", err)
		}
		// The case changes afterwards; the signed content does not.
		m.c.Neighbourhood = "Ussen-Noord"
		if err := m.cases.UpdateCase(ctx, m.police, &m.c); err != nil {
			t.Fatal(err)
		}
		again, err := m.minutes.Signed(ctx, m.first.ID)
		if err != nil || again.Hash != sg.Hash || again.Content.Items[0].Neighbourhood != "Ussen" {
			t.Fatalf("signed content moved with the case: %+v (%v)", again.Content.Items[0], err)
		}
	})
	t.Run("Addendum", func(t *testing.T) {
		if _, err := m.minutes.AddAddendum(ctx, m.chair, m.first.ID, "x"); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("the chair wrote an addendum: %v", err)
		}
		ad, err := m.minutes.AddAddendum(ctx, m.secretary, m.first.ID, "Correctie: de meldplicht geldt twee keer per week.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.minutes.ApproveAddendum(ctx, m.secretary, "Notulist", ad.ID, nil); err != nil {
			t.Fatal(err)
		}
		ad, err = m.minutes.ApproveAddendum(ctx, m.chair, "Voorzitter", ad.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ad.Number != 1 || ad.SignedAt == nil || ad.Hash != minutes.AddendumHash(sg.Hash, 1, ad.Text) {
			t.Fatalf("addendum = %+v", ad)
		}
		if _, err := m.minutes.ApproveAddendum(ctx, m.chair, "Voorzitter", ad.ID, nil); err == nil {
			t.Fatal("a signed addendum was approved again")
		}
	})
}
