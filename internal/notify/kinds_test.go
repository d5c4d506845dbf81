package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/ical"
	"casusoverleg/internal/notify"
	"casusoverleg/minutes"
)

// everyKind drives the region through every event that sends a message and
// returns the action and the mandate it recorded.
func everyKind(t *testing.T, r *region) (minutes.Action, minutes.Mandate) {
	t.Helper()
	ctx := context.Background()
	it := r.propose(t)
	it, err := r.agenda.Triage(ctx, r.chair, it.ID, agenda.Accept, "", it.Version)
	if err != nil {
		t.Fatal(err)
	}
	// Two more cases of the police: one rejected, one deferred.
	for _, d := range []agenda.Decision{agenda.Reject, agenda.Defer} {
		other := conference.Case{Subject: "Jansen-Verbeek", Summary: "Gebruikt heroïne", Theme: conference.ThemeHighImpact, Postcode: "5348",
			Neighbourhood: "Ussen", InvolvedOrganisationIDs: []int64{r.probation.OrganisationID}}
		if err := r.cases.CreateCase(ctx, r.police, &other); err != nil {
			t.Fatal(err)
		}
		p, err := r.agenda.Propose(ctx, r.police, agenda.Proposal{ConferenceID: r.first.ID, CaseID: &other.ID, Reason: "inbraken bij de buren"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.agenda.Triage(ctx, r.chair, p.ID, d, "zorgen om de kinderen", p.Version); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.agenda.Publish(ctx, r.chair, r.first.ID); err != nil {
		t.Fatal(err)
	}
	// The next meeting is published, moved, then cancelled (the change itself is #13's; here only its message).
	if _, err := r.agenda.Publish(ctx, r.chair, r.second.ID); err != nil {
		t.Fatal(err)
	}
	for _, k := range []conference.EventKind{conference.EventMeetingChanged, conference.EventMeetingCancelled} {
		err := r.db.Transaction(func(tx *gorm.DB) error {
			conf, err := r.cases.WithDB(tx).Conference(ctx, r.second.ID)
			if err != nil {
				return err
			}
			conf.Location = "Politiebureau Oss " + string(k)
			if err := r.cases.WithDB(tx).UpdateConference(ctx, &conf); err != nil {
				return err
			}
			return r.cases.Notify(ctx, tx, conference.Event{Kind: k, ConferenceID: conf.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	r.meetingStarted()
	if err := r.cases.SetAttendance(ctx, r.first.ID, []conference.Attendance{{UserID: r.probation.UserID, Presence: conference.Present},
		{UserID: r.police.UserID, Presence: conference.Present}, {UserID: r.ggz.UserID, Presence: conference.Absent}}); err != nil {
		t.Fatal(err)
	}
	rec := minutes.ItemRecord{ItemID: it.ID, Summary: "Jansen-Verbeek woont weer bij zijn moeder"}
	if err := r.minutes.SaveItemRecord(ctx, r.secretary, &rec); err != nil {
		t.Fatal(err)
	}
	d := minutes.Decision{Text: "Huisverbod voorbereiden", Kind: minutes.DecisionMandateGrant,
		Positions: []minutes.Position{{OrganisationID: r.probation.OrganisationID, Stance: minutes.Agree, Remark: "zorgen om de kinderen"}},
		Mandate: &minutes.Mandate{GranteeOrganisationID: r.probation.OrganisationID, GranteeUserID: &r.probation.UserID, Scope: "meldplicht als lichte dwang",
			Conditions: "in overleg met het OM", ValidFrom: dbtest.Clock, ValidUntil: dbtest.Clock.AddDate(0, 0, 10)}}
	if err := r.minutes.AddDecision(ctx, r.secretary, it.ID, &d); err != nil {
		t.Fatal(err)
	}
	act := minutes.Action{What: "Gesprek met de moeder voeren", OwnerOrganisationID: r.probation.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, 5)}
	if err := r.minutes.AddAction(ctx, r.secretary, it.ID, &act); err != nil {
		t.Fatal(err)
	}
	err = r.db.Transaction(func(tx *gorm.DB) error {
		return r.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventMinutesShared, ConferenceID: r.first.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.minutes.Finalise(ctx, r.secretary, r.first.ID, "vastgesteld"); err != nil {
		t.Fatal(err)
	}
	// Time-based: the action due within two days, then overdue; the mandate within seven days of expiry.
	job := notify.NewScheduler(r.db, r.clock.Now, r.outbox, quiet)
	for _, at := range []time.Time{dbtest.Clock.AddDate(0, 0, 4), dbtest.Clock.AddDate(0, 0, 6)} {
		r.clock.Set(at)
		if _, err := job.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var mandate minutes.Mandate
	if d.Mandate != nil {
		mandate = *d.Mandate
	}
	return act, mandate
}

func TestEveryKindCarriesNoCaseDetails(t *testing.T) {
	r := newRegion(t)
	everyKind(t, r)
	list := r.messages(t)
	kinds := map[conference.EventKind]bool{}
	for _, m := range list {
		kinds[m.Kind] = true
		text := strings.ToLower(m.Subject + "\n" + m.Body + "\n" + m.Calendar + "\n" + m.Link)
		for _, secret := range caseTexts {
			if strings.Contains(text, strings.ToLower(secret)) {
				t.Errorf("%s message %d to %s carries %q:\n%s\n%s", m.Kind, m.ID, m.To, secret, m.Subject, m.Body)
			}
		}
		if m.Reference != "" && !strings.Contains(m.Body, m.Reference) {
			t.Errorf("%s message names no case reference", m.Kind)
		}
		if !strings.HasPrefix(m.Link, "https://zvh.example.nl/") || !strings.Contains(m.Body, m.Link) {
			t.Errorf("%s message has no link: %q", m.Kind, m.Link)
		}
	}
	for _, k := range conference.EventKinds {
		if !kinds[k] {
			t.Errorf("no %s message was written, so it was not scanned", k)
		}
	}
}

func TestWhoHearsWhat(t *testing.T) {
	r := newRegion(t)
	everyKind(t, r)
	list := r.messages(t)
	for k, want := range map[conference.EventKind][]string{
		conference.EventReferralAccepted: {"p@x.nl"},
		conference.EventReferralRejected: {"p@x.nl"},
		conference.EventReferralDeferred: {"p@x.nl"},
		// No owner person: the owner organisation's participants.
		conference.EventActionAssigned:  {"r@x.nl", "r2@x.nl"},
		conference.EventActionDue:       {"r@x.nl", "r2@x.nl"},
		conference.EventActionOverdue:   {"r@x.nl", "r2@x.nl"},
		conference.EventMinutesFinal:    {"c@x.nl", "s@x.nl"},
		conference.EventMinutesShared:   {"p@x.nl", "r@x.nl", "r2@x.nl"}, // present organisations; GGZ was absent
		conference.EventMandateExpiring: {"r@x.nl"},                      // the grantee person
		conference.EventMeetingChanged:  {"p@x.nl", "r@x.nl", "r2@x.nl", "g@x.nl", "c@x.nl", "s@x.nl"},
	} {
		if got := ofKind(list, k); !slices.Equal(got, want) {
			t.Errorf("%s went to %v, want %v", k, got, want)
		}
	}
}

func TestMeetingUpdateAndCancelRaiseSequence(t *testing.T) {
	r := newRegion(t)
	everyKind(t, r)
	list := r.messages(t)
	seq := map[conference.EventKind]int{}
	method := map[conference.EventKind]string{}
	uid := map[conference.EventKind]string{}
	for _, m := range list {
		if m.Calendar == "" || m.To != "p@x.nl" || !strings.HasSuffix(m.Link, fmt.Sprintf("/conferences/%d", r.second.ID)) {
			continue
		}
		ev, err := ical.Parse(strings.NewReader(m.Calendar))
		if err != nil || len(ev) != 1 {
			t.Fatalf("%s invite: %v", m.Kind, err)
		}
		seq[m.Kind], method[m.Kind], uid[m.Kind] = ev[0].Sequence, m.CalendarMethod, ev[0].UID
		if m.Kind == conference.EventMeetingCancelled && (!ev[0].Cancelled || !strings.Contains(m.Calendar, "METHOD:CANCEL")) {
			t.Errorf("cancel invite: %s", m.Calendar)
		}
	}
	if method[conference.EventAgendaPublished] != "REQUEST" || method[conference.EventMeetingChanged] != "REQUEST" || method[conference.EventMeetingCancelled] != "CANCEL" {
		t.Errorf("methods = %v", method)
	}
	if seq[conference.EventMeetingChanged] <= seq[conference.EventAgendaPublished] || seq[conference.EventMeetingCancelled] <= seq[conference.EventMeetingChanged] ||
		uid[conference.EventMeetingChanged] != uid[conference.EventAgendaPublished] || uid[conference.EventMeetingCancelled] != uid[conference.EventAgendaPublished] {
		t.Errorf("the update does not supersede the invite: sequence %v, uid %v", seq, uid)
	}
}

func TestGeneralTopicActionNamesNoCase(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	it, err := r.agenda.Propose(ctx, r.police, agenda.Proposal{ConferenceID: r.first.ID, Kind: agenda.KindGeneral, Title: "Zorgen om de kinderen in de wijk", Reason: "zorgen om de kinderen"})
	if err != nil {
		t.Fatal(err)
	}
	if it, err = r.agenda.Triage(ctx, r.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	r.meetingStarted()
	act := minutes.Action{What: "Gesprek met de moeder voeren", OwnerOrganisationID: r.ggz.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, 5)}
	if err := r.minutes.AddAction(ctx, r.secretary, it.ID, &act); err != nil {
		t.Fatal(err)
	}
	list := r.messages(t)
	if got := ofKind(list, conference.EventReferralAccepted); len(got) != 0 {
		t.Errorf("a general topic's triage sent %v", got)
	}
	if got := ofKind(list, conference.EventActionAssigned); !slices.Equal(got, []string{"g@x.nl"}) {
		t.Fatalf("action assigned to %v", got)
	}
	for _, m := range list {
		if m.Kind != conference.EventActionAssigned {
			continue
		}
		if !strings.HasPrefix(m.Subject, "Nieuwe actie uit Justitieel casusoverleg Oss") || strings.Contains(m.Body, "casus ") ||
			strings.Contains(strings.ToLower(m.Body), "zorgen om de kinderen") || strings.Contains(m.Body, "Gesprek") {
			t.Errorf("message = %q\n%s", m.Subject, m.Body)
		}
	}
}
