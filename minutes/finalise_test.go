package minutes_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

func TestFinaliseNeedsAStartedMeeting(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	at := func(t0 time.Time) *minutes.Store {
		return minutes.NewStore(m.db, func() time.Time { return t0 }, m.cases, m.agenda)
	}
	var ve *conference.ValidationError
	before := at(m.second.StartsAt.Add(-time.Second))
	if err := before.Finalise(ctx, m.secretary, m.second.ID, "niemand aanwezig"); !errors.As(err, &ve) || ve.Field != "conference" {
		t.Fatalf("finalise a second before the start = %v", err)
	}
	if err := at(m.second.StartsAt).Finalise(ctx, m.secretary, m.second.ID, "niemand aanwezig"); err != nil {
		t.Fatalf("finalise at the start = %v", err)
	}
}

func TestFinaliseShowsWhatIsIncomplete(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	d := minutes.Decision{Text: "Woning opzeggen", Kind: minutes.DecisionPlan, Positions: []minutes.Position{
		{OrganisationID: m.probation.OrganisationID, Stance: minutes.Object}}}
	if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); err != nil {
		t.Fatal(err)
	}
	inc, err := m.minutes.Incomplete(ctx, m.secretary, m.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Any() || !slices.Equal(inc.OpenEscalations, []int64{d.ID}) || len(inc.ItemsWithoutRecord) != 0 || inc.AttendanceMissing || len(inc.Unconfirmed) != 4 {
		t.Fatalf("incomplete = %+v", inc)
	}
	var ve *conference.ValidationError
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "  "); !errors.As(err, &ve) || ve.Field != "reason" {
		t.Fatalf("finalise incomplete minutes without a reason = %v", err)
	}
	if _, err := m.minutes.ResolveDecision(ctx, m.chair, d.ID, "Reclassering gaat akkoord na overleg"); err != nil {
		t.Fatal(err)
	}
	att, _ := m.cases.Attendance(ctx, m.first.ID)
	for i := range att {
		att[i].ConfidentialityConfirmed = true
	}
	if err := m.cases.SetAttendance(ctx, m.first.ID, att); err != nil {
		t.Fatal(err)
	}
	if inc, _ = m.minutes.Incomplete(ctx, m.secretary, m.first.ID); inc.Any() {
		t.Fatalf("complete minutes still incomplete: %+v", inc)
	}
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, ""); err != nil {
		t.Fatalf("finalise complete minutes without a reason = %v", err)
	}
}

func TestChairSendsMinutesBack(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	if err := m.minutes.Reopen(ctx, m.chair, m.first.ID, "nog concept"); field(err) != "minutes" {
		t.Fatalf("reopen a draft = %v", err)
	}
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "snel rond"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.minutes.Approve(ctx, m.secretary, "Notulist", m.first.ID, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.minutes.Reopen(ctx, m.secretary, m.first.ID, "ik wil terug"); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("the secretary sent the minutes back: %v", err)
	}
	if err := m.minutes.Reopen(ctx, m.chair, m.first.ID, ""); field(err) != "reason" {
		t.Fatalf("reopen without a reason = %v", err)
	}
	if err := m.minutes.Reopen(ctx, m.chair, m.first.ID, "besluit over de woning ontbreekt"); err != nil {
		t.Fatal(err)
	}
	sg, err := m.minutes.Signed(ctx, m.first.ID)
	if err != nil || sg.Status != minutes.RecordDraft || len(sg.Approvals) != 0 {
		t.Fatalf("after reopening: %+v (%v)", sg, err)
	}
	rec := minutes.ItemRecord{ItemID: m.item.ID, Summary: "aangevuld"}
	if err := m.minutes.SaveItemRecord(ctx, m.secretary, &rec); err != nil {
		t.Fatalf("record after reopening: %v", err)
	}
	h, err := m.minutes.History(ctx, m.first.ID)
	if err != nil || len(h) != 2 || h[0].Kind != "finalised" || h[1].Kind != "reopened" || h[1].Reason != "besluit over de woning ontbreekt" {
		t.Fatalf("history = %+v (%v)", h, err)
	}
	// Once both approve, the minutes are signed and can no longer be sent back.
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "aangevuld"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []conference.Actor{m.chair, m.secretary} {
		if _, err := m.minutes.Approve(ctx, a, "x", m.first.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.minutes.Reopen(ctx, m.chair, m.first.ID, "te laat"); field(err) != "minutes" {
		t.Fatalf("reopen signed minutes = %v", err)
	}
}

// field names the (first) field of a validation error, or "".
func field(err error) string {
	var one *conference.ValidationError
	var list conference.ValidationErrors
	switch {
	case errors.As(err, &list) && len(list) > 0:
		return list[0].Field
	case errors.As(err, &one):
		return one.Field
	}
	return ""
}
