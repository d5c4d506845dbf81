package demo

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// historySeries is the series whose past the demo tells.
const historySeries = "Justitieel casusoverleg Oss"

// History gives the demo region a past, so that carry-over shows right after
// `make run`: two earlier meetings of the justice case conference with signed
// minutes, an overdue and an open action, an active mandate with a quick
// action, an escalated decision, a decision applied to its case (the
// municipality directs it) and a case whose review date has come. The next
// meeting's "Vervolgpunten toevoegen" then brings these cases back. It runs
// after Seed, through the domain stores, and does nothing when the series
// has signed minutes already. now is the clock.
func History(ctx context.Context, db *gorm.DB, now func() time.Time, out io.Writer) error {
	// The stores record each meeting at its own time: at moves with the story.
	at := now()
	clock := func() time.Time { return at }
	cases := conference.NewStore(db, clock)
	cases.AddCaseGrant(agenda.CaseGrant)
	items := agenda.NewStore(db, clock, cases)
	mins := minutes.NewStore(db, clock, cases, items)
	items.AddFollowUpSource(mins)

	w, err := loadWorld(ctx, cases)
	if err != nil || w == nil {
		return err
	}
	signed, _, err := cases.Conferences(ctx, conference.ConferenceFilter{SeriesID: w.series.ID, Status: conference.StatusSigned})
	if err != nil || len(signed) > 0 {
		return err
	}
	upcoming, _, err := cases.Conferences(ctx, conference.ConferenceFilter{SeriesID: w.series.ID, From: now(), Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		return err
	}
	if len(upcoming) == 0 {
		return nil
	}
	next := upcoming[len(upcoming)-1] // the list is newest first
	h := &history{w: w, cases: cases, items: items, mins: mins, at: &at}

	first, err := h.meeting(ctx, next.StartsAt.AddDate(0, 0, -21))
	if err != nil {
		return err
	}
	second, err := h.meeting(ctx, next.StartsAt.AddDate(0, 0, -14))
	if err != nil {
		return err
	}
	if err := h.firstMeeting(ctx, first, next); err != nil {
		return fmt.Errorf("demo history, first meeting: %w", err)
	}
	if err := h.secondMeeting(ctx, second, next); err != nil {
		return fmt.Errorf("demo history, second meeting: %w", err)
	}
	for _, conf := range []conference.Conference{first, second} {
		if err := h.sign(ctx, conf); err != nil {
			return fmt.Errorf("demo history, signing: %w", err)
		}
	}
	// A quick action under the mandate since the last meeting, and a case whose review date has come.
	at = now()
	since := second.StartsAt
	earlier, _, err := cases.Conferences(ctx, conference.ConferenceFilter{SeriesID: w.series.ID, To: next.StartsAt, Page: conference.Page{Limit: 1}})
	if err != nil {
		return err
	}
	if len(earlier) > 0 && earlier[0].StartsAt.After(since) {
		since = earlier[0].StartsAt
	}
	if err := h.quickAction(ctx, since); err != nil {
		return fmt.Errorf("demo history, quick action: %w", err)
	}
	care := w.cases["J. van B. (1979)"]
	review := time.Date(next.StartsAt.Year(), next.StartsAt.Month(), next.StartsAt.Day()-2, 0, 0, 0, 0, time.UTC)
	care.ReviewDate = &review
	if err := cases.UpdateCase(ctx, conference.System, &care); err != nil {
		return fmt.Errorf("demo history, review date: %w", err)
	}
	fmt.Fprintf(out, "\nDemo history: signed minutes of %s and %s; open and overdue actions, a mandate with a quick action,\n"+
		"an escalated decision and a case due for review come back on %s with \"Vervolgpunten toevoegen\".\n",
		first.StartsAt.In(conference.Local).Format("02-01-2006"), second.StartsAt.In(conference.Local).Format("02-01-2006"),
		next.StartsAt.In(conference.Local).Format("02-01-2006 15:04"))
	return nil
}

// world is what Seed made that the history needs.
type world struct {
	series    conference.Series
	orgs      map[string]int64
	users     map[string]conference.User
	cases     map[string]conference.Case
	attending []conference.Attendance
}

func loadWorld(ctx context.Context, store *conference.Store) (*world, error) {
	w := &world{orgs: map[string]int64{}, users: map[string]conference.User{}, cases: map[string]conference.Case{}}
	all, _, err := store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return nil, err
	}
	idx := slices.IndexFunc(all, func(s conference.Series) bool { return s.Name == historySeries })
	if idx < 0 {
		return nil, nil
	}
	w.series = all[idx]
	list, _, err := store.Organisations(ctx, "", conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return nil, err
	}
	for _, spec := range orgs {
		for _, o := range list {
			if o.Name == spec.name {
				w.orgs[spec.key] = o.ID
			}
		}
	}
	ids := map[string]int64{}
	for _, spec := range users {
		u, err := store.UserByEmail(ctx, spec.email)
		if err != nil {
			return nil, err
		}
		w.users[spec.email], ids[spec.email] = u, u.ID
	}
	w.attending = attendance(users, ids, w.series.MemberOrganisationIDs, w.orgs)
	for _, spec := range cases {
		found, _, err := store.Cases(ctx, conference.System, conference.CaseFilter{Query: spec.subject})
		if err != nil {
			return nil, err
		}
		// The search also finds persons of other cases: take the case of that subject.
		for _, c := range found {
			if c.Subject == spec.subject {
				w.cases[spec.subject] = c
				break
			}
		}
		if _, ok := w.cases[spec.subject]; !ok {
			return nil, fmt.Errorf("demo case %s is missing: run the seed first", spec.subject)
		}
	}
	return w, nil
}

// history records the demo's past meetings through the stores.
type history struct {
	w     *world
	cases *conference.Store
	items *agenda.Store
	mins  *minutes.Store
	at    *time.Time
}

func (h *history) actor(email string) conference.Actor {
	u := h.w.users[email]
	return conference.ActorOf(&u)
}

func (h *history) chair() conference.Actor     { return h.actor("voorzitter@zvh.example.nl") }
func (h *history) secretary() conference.Actor { return h.actor("notulist@zvh.example.nl") }

// meeting plans a past meeting of the series at starts with its attendance.
func (h *history) meeting(ctx context.Context, starts time.Time) (conference.Conference, error) {
	*h.at = starts.Add(-7 * 24 * time.Hour)
	c := conference.Conference{SeriesID: h.w.series.ID, StartsAt: starts}
	if err := h.cases.CreateConference(ctx, &c); err != nil {
		return c, err
	}
	*h.at = starts.Add(5 * time.Minute) // attendance is taken at the meeting
	return c, h.cases.SetAttendance(ctx, c.ID, h.w.attending)
}

// discuss puts a case on the meeting's agenda (proposed by its referrer,
// accepted by the chair) and records the state of affairs.
func (h *history) discuss(ctx context.Context, conf conference.Conference, subject, proposer, reason, summary string) (agenda.Item, error) {
	c := h.w.cases[subject]
	*h.at = conf.StartsAt.Add(-3 * 24 * time.Hour)
	it, err := h.items.Propose(ctx, h.actor(proposer), agenda.Proposal{ConferenceID: conf.ID, CaseID: &c.ID, Reason: reason})
	if err != nil {
		return it, err
	}
	if it, err = h.items.Triage(ctx, h.chair(), it.ID, agenda.Accept, "", it.Version); err != nil {
		return it, err
	}
	*h.at = conf.StartsAt.Add(time.Hour)
	rec := minutes.ItemRecord{ItemID: it.ID, Summary: summary}
	return it, h.mins.SaveItemRecord(ctx, h.secretary(), &rec)
}

func agree(ids ...int64) []minutes.Position {
	out := make([]minutes.Position, len(ids))
	for i, id := range ids {
		out[i] = minutes.Position{OrganisationID: id, Stance: minutes.Agree}
	}
	return out
}

// firstMeeting: the returning detainee gets a case director and an action
// that is overdue by the next meeting; the nuisance case goes to monitoring.
func (h *history) firstMeeting(ctx context.Context, conf, next conference.Conference) error {
	o := h.w.orgs
	it, err := h.discuss(ctx, conf, "R. de G. (1991)", "k.vandijk@reclassering.example.nl", "Vrijlating over zes weken: huisvesting en slachtoffer",
		"Reclassering meldt dat de vrijlating naar voren is gehaald. Er is nog geen woning; het slachtoffer woont twee straten verderop. "+
			"Gemeente en politie onderzoeken een gebiedsverbod.")
	if err != nil {
		return err
	}
	d := minutes.Decision{Text: "Gemeente wordt procesregisseur en coördineert huisvesting en gebiedsverbod.", Kind: minutes.DecisionPlan,
		Positions: agree(o["gemeente"], o["politie"], o["om"], o["reclassering"])}
	if err := h.mins.AddDecision(ctx, h.secretary(), it.ID, &d); err != nil {
		return err
	}
	cur, err := h.cases.Case(ctx, conference.System, *it.CaseID)
	if err != nil {
		return err
	}
	gemeente := o["gemeente"]
	if _, _, err := h.mins.ApplyDecision(ctx, h.secretary(), d.ID, conference.CaseEdit{Version: cur.Version, DirectorOrganisationID: &gemeente}); err != nil {
		return err
	}
	act := minutes.Action{What: "Passende woonruimte zoeken buiten Schadewijk", OwnerOrganisationID: o["woning"], DueDate: next.StartsAt.AddDate(0, 0, -10)}
	if err := h.mins.AddAction(ctx, h.secretary(), it.ID, &act); err != nil {
		return err
	}
	_, err = h.discuss(ctx, conf, "J. van B. (1979)", "b.willems@brabantwonen.example.nl", "Overlast na opname",
		"Huurachterstand is opgelost en de GGZ-begeleiding loopt. Over een paar weken evalueren of monitoring genoeg is.")
	return err
}

// secondMeeting: a mandate for quick action, an open action and an escalated decision.
func (h *history) secondMeeting(ctx context.Context, conf, next conference.Conference) error {
	o := h.w.orgs
	it, err := h.discuss(ctx, conf, "D. S. (1998)", "t.verhoeven@politie.example.nl", "Top X: nieuwe inbraak, meldplicht",
		"Nieuwe woninginbraak in Ussen. OM en reclassering steunen een meldplicht als lichte dwang; de politie vraagt mandaat om direct op te treden.")
	if err != nil {
		return err
	}
	d := minutes.Decision{Text: "Politie krijgt mandaat om de meldplicht te handhaven.", Kind: minutes.DecisionMandateGrant,
		Positions: agree(o["politie"], o["om"], o["reclassering"], o["gemeente"]),
		Mandate: &minutes.Mandate{GranteeOrganisationID: o["politie"], Scope: "Meldplicht handhaven; bij verzuim direct aanspreken en aanhouden",
			Conditions: "in overleg met het OM", ValidFrom: conf.StartsAt, ValidUntil: conf.StartsAt.AddDate(0, 3, 0)}}
	if err := h.mins.AddDecision(ctx, h.secretary(), it.ID, &d); err != nil {
		return err
	}
	act := minutes.Action{What: "Adviesrapport over bijzondere voorwaarden opstellen", OwnerOrganisationID: o["reclassering"], DueDate: next.StartsAt.AddDate(0, 0, 7)}
	if err := h.mins.AddAction(ctx, h.secretary(), it.ID, &act); err != nil {
		return err
	}
	it, err = h.discuss(ctx, conf, "E. K. (1984)", "i.bakker@veiligthuis.example.nl", "Nieuwe melding huiselijk geweld",
		"Nieuwe melding bij Veilig Thuis. De Raad wil een onderzoek naar uithuisplaatsing; het wijkteam wil eerst het vrijwillige traject afmaken.")
	if err != nil {
		return err
	}
	esc := minutes.Decision{Text: "Raad voor de Kinderbescherming start een onderzoek naar uithuisplaatsing.", Kind: minutes.DecisionPlan,
		Positions: []minutes.Position{{OrganisationID: o["rvdk"], Stance: minutes.Agree}, {OrganisationID: o["vt"], Stance: minutes.Agree},
			{OrganisationID: o["wijkteam"], Stance: minutes.Object, Remark: "eerst het vrijwillige hulptraject afmaken"}}}
	return h.mins.AddDecision(ctx, h.secretary(), it.ID, &esc)
}

// sign makes the minutes final and has chair and secretary approve them.
func (h *history) sign(ctx context.Context, conf conference.Conference) error {
	*h.at = conf.StartsAt.Add(26 * time.Hour)
	if err := h.mins.Finalise(ctx, h.secretary(), conf.ID, "vastgesteld zoals besproken"); err != nil {
		return err
	}
	for _, email := range []string{"voorzitter@zvh.example.nl", "notulist@zvh.example.nl"} {
		if _, err := h.mins.Approve(ctx, h.actor(email), h.w.users[email].Name, conf.ID, nil); err != nil {
			return err
		}
	}
	return nil
}

// quickAction logs the police's use of the mandate since the last meeting
// (since), so that the next meeting hears of it; it lies in the past.
func (h *history) quickAction(ctx context.Context, since time.Time) error {
	list, _, err := h.mins.MyMandates(ctx, h.actor("t.verhoeven@politie.example.nl"))
	if err != nil || len(list) == 0 {
		return err
	}
	taken := h.at.Add(-time.Hour)
	if h.at.After(since) {
		taken = since.Add(h.at.Sub(since) / 2)
	}
	q := minutes.QuickAction{TakenAt: taken, What: "Betrokkene verscheen niet op de meldplicht; aangesproken op straat en opnieuw opgeroepen."}
	return h.mins.LogQuickAction(ctx, h.actor("t.verhoeven@politie.example.nl"), list[0].ID, &q)
}
