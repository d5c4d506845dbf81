package minutes_test

import (
	"errors"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

func TestDecide(t *testing.T) {
	const police, probation, ggz, absent = 1, 2, 3, 4
	present := []int64{police, probation, ggz}
	p := func(org int64, s minutes.Stance) minutes.Position {
		return minutes.Position{OrganisationID: org, Stance: s}
	}
	tests := []struct {
		name      string
		positions []minutes.Position
		want      minutes.Outcome
	}{
		{"Adopted/all agree", []minutes.Position{p(police, minutes.Agree), p(probation, minutes.Agree), p(ggz, minutes.Agree)}, minutes.Adopted},
		{"Adopted/abstention", []minutes.Position{p(police, minutes.Agree), p(ggz, minutes.Abstain)}, minutes.Adopted},
		{"Adopted/no positions", nil, minutes.Adopted},
		{"Adopted/absent objects", []minutes.Position{p(police, minutes.Agree), p(absent, minutes.Object)}, minutes.Adopted},
		{"Escalated/one objection", []minutes.Position{p(police, minutes.Agree), p(probation, minutes.Object)}, minutes.Escalated},
		{"Escalated/all object", []minutes.Position{p(police, minutes.Object), p(probation, minutes.Object), p(ggz, minutes.Object)}, minutes.Escalated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := minutes.Decide(tt.positions, present); got != tt.want {
				t.Fatalf("Decide() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestActionStatusAt(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	done := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		now  time.Time
		done *time.Time
		want minutes.ActionStatus
	}{
		{"Open/before", time.Date(2026, 11, 30, 12, 0, 0, 0, ams), nil, minutes.ActionOpen},
		{"Open/on the due day, late evening", time.Date(2026, 12, 1, 23, 30, 0, 0, ams), nil, minutes.ActionOpen},
		{"Overdue/the day after", time.Date(2026, 12, 2, 0, 5, 0, 0, ams), nil, minutes.ActionOverdue},
		{"Done/late but done", time.Date(2026, 12, 9, 9, 0, 0, 0, ams), &done, minutes.ActionDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := minutes.Action{DueDate: due, DoneAt: tt.done}
			if got := a.StatusAt(tt.now); got != tt.want {
				t.Fatalf("StatusAt(%v) = %s, want %s", tt.now, got, tt.want)
			}
		})
	}
}

func TestMandateAllows(t *testing.T) {
	from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)
	revoked := time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC)
	person := int64(7)
	now := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	grantee := conference.Actor{UserID: 7, OrganisationID: 2}
	colleague := conference.Actor{UserID: 8, OrganisationID: 2}
	other := conference.Actor{UserID: 9, OrganisationID: 3}
	tests := []struct {
		name    string
		m       minutes.Mandate
		a       conference.Actor
		takenAt time.Time
		field   string // "" for OK, "forbidden" for ErrForbidden
	}{
		{"OK/within", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until}, colleague, from.Add(48 * time.Hour), ""},
		{"OK/named person", minutes.Mandate{GranteeOrganisationID: 2, GranteeUserID: &person, ValidFrom: from, ValidUntil: until}, grantee, from, ""},
		{"ErrBefore", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until}, grantee, from.Add(-time.Minute), "taken_at"},
		{"ErrExpired", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until}, grantee, until.Add(time.Minute), "taken_at"},
		{"ErrRevoked", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until, RevokedAt: &revoked}, grantee, revoked.Add(time.Hour), "taken_at"},
		{"OK/before the revocation", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until, RevokedAt: &revoked}, grantee, revoked.Add(-time.Hour), ""},
		{"ErrFuture", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: now.AddDate(1, 0, 0)}, grantee, now.Add(time.Hour), "taken_at"},
		{"ErrForbidden/other organisation", minutes.Mandate{GranteeOrganisationID: 2, ValidFrom: from, ValidUntil: until}, other, from, "forbidden"},
		{"ErrForbidden/not the named person", minutes.Mandate{GranteeOrganisationID: 2, GranteeUserID: &person, ValidFrom: from, ValidUntil: until}, colleague, from, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Allows(tt.a, minutes.QuickAction{TakenAt: tt.takenAt, What: "meldplicht opgelegd"}, now)
			switch tt.field {
			case "":
				if err != nil {
					t.Fatalf("Allows() = %v, want nil", err)
				}
			case "forbidden":
				if !errors.Is(err, conference.ErrForbidden) {
					t.Fatalf("Allows() = %v, want ErrForbidden", err)
				}
			default:
				var ve conference.ValidationErrors
				if !errors.As(err, &ve) || ve[0].Field != tt.field {
					t.Fatalf("Allows() = %v, want a validation error on %s", err, tt.field)
				}
			}
		})
	}
}

func TestMandateStatusAt(t *testing.T) {
	from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	until := from.AddDate(0, 1, 0)
	revoked := from.AddDate(0, 0, 10)
	m := minutes.Mandate{ValidFrom: from, ValidUntil: until}
	r := minutes.Mandate{ValidFrom: from, ValidUntil: until, RevokedAt: &revoked}
	for _, tt := range []struct {
		m    minutes.Mandate
		at   time.Time
		want minutes.MandateStatus
	}{
		{m, from.Add(-time.Hour), minutes.MandatePending},
		{m, from, minutes.MandateActive},
		{m, until.Add(time.Second), minutes.MandateExpired},
		{r, revoked.Add(-time.Second), minutes.MandateActive},
		{r, revoked, minutes.MandateRevoked},
	} {
		if got := tt.m.StatusAt(tt.at); got != tt.want {
			t.Errorf("StatusAt(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}
