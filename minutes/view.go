package minutes

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// ItemMinutes is one agenda item with what the minutes say about it. For a
// case the actor may not see, only the agenda entry (redacted) is filled.
type ItemMinutes struct {
	agenda.Entry
	Record    ItemRecord `json:"record"`
	Decisions []Decision `json:"decisions"`
	Actions   []Action   `json:"actions"`
	// PresentInvolved are the organisations whose position on a decision counts.
	PresentInvolved []int64 `json:"present_involved_organisation_ids"`
	// Number is the item's number in the minutes (1, 2, …), the same in the
	// contents, the headings and the PDF.
	Number int `json:"number"`
	// FromReferral lists the answers (keys "<set>.<question>") that are the
	// referrer's, given when the case was proposed, and not changed since.
	FromReferral []string `json:"from_referral"`
}

// View is a conference's minutes as one actor may see them.
type View struct {
	Conference conference.Conference   `json:"conference"`
	Series     conference.Series       `json:"series"`
	Status     RecordStatus            `json:"status"`
	Attendance []conference.Attendance `json:"attendance"`
	Items      []ItemMinutes           `json:"items"`
	// CanRecord is true for the chair and secretary while the minutes are a draft.
	CanRecord bool `json:"can_record"`
	// Secretary is true for the secretary, who finalises.
	Secretary bool `json:"secretary"`
	// Chair is true for the chair, who may send final minutes back to draft.
	Chair bool `json:"chair"`
	// History lists when the minutes were made final or sent back, and why.
	History []HistoryEvent `json:"history"`
	// Confidentiality is the statement the people present confirmed.
	Confidentiality string `json:"confidentiality"`
}

// Minutes returns the minutes of a conference as a may see them: the agenda's
// need-to-know applies to every item.
// Returns conference.ErrNotFound when there is no such conference and agenda.ErrForbidden when a's
// organisation takes no part in it.
func (s *Store) Minutes(ctx context.Context, a conference.Actor, conferenceID int64) (View, error) {
	av, err := s.agenda.Agenda(ctx, a, conferenceID)
	if err != nil {
		return View{}, err
	}
	st, err := s.Status(ctx, conferenceID)
	if err != nil {
		return View{}, err
	}
	att, err := s.cases.Attendance(ctx, conferenceID)
	if err != nil {
		return View{}, err
	}
	if att == nil {
		att = []conference.Attendance{}
	}
	conf := av.Conference
	v := View{Conference: conf, Series: av.Series, Status: st, Attendance: att, Items: []ItemMinutes{},
		CanRecord: av.Organiser && st == RecordDraft && conf.Status != conference.StatusClosed && conf.Status != conference.StatusSigned,
		Secretary: conf.SecretaryID != nil && *conf.SecretaryID == a.UserID, Chair: conf.ChairID != nil && *conf.ChairID == a.UserID}
	if v.History, err = s.History(ctx, conferenceID); err != nil {
		return View{}, err
	}
	stmt, err := s.cases.Confidentiality(ctx, conf.SeriesID)
	if err != nil {
		return View{}, err
	}
	v.Confidentiality = stmt.Text
	var ids []int64
	for _, e := range av.Items {
		if !e.Redacted() {
			ids = append(ids, e.ID)
		}
	}
	db := s.db.WithContext(ctx)
	recs, decs, acts, err := s.itemDetails(db, ids)
	if err != nil {
		return View{}, err
	}
	for i, e := range av.Items {
		im := ItemMinutes{Entry: e, Decisions: []Decision{}, Actions: []Action{}, PresentInvolved: []int64{}, Number: i + 1, FromReferral: []string{}}
		if !e.Redacted() {
			im.Record = recs[e.ID]
			im.Record.ItemID = e.ID
			if im.Record.Answers == nil {
				im.Record.Answers = map[string]string{}
			}
			im.FromReferral = prefillReferral(&im)
			im.Decisions = nonNil(decs[e.ID])
			im.Actions = nonNil(acts[e.ID])
			if e.Case != nil {
				im.PresentInvolved = presentInvolved(att, *e.Case)
			}
		}
		v.Items = append(v.Items, im)
	}
	return v, nil
}

// ReferralSet is the key of the question set a referral answers when a case
// is proposed; its answers are carried into the minutes of the item.
const ReferralSet = "eerste-aanmelding"

// prefillReferral fills the item's answers of the referral question set with
// the referrer's answers where the minutes have none of their own, and
// returns the keys whose answer is (still) the referrer's.
func prefillReferral(im *ItemMinutes) []string {
	out := []string{}
	for _, qs := range im.QuestionSets {
		if qs.Key != ReferralSet {
			continue
		}
		for _, q := range qs.Questions {
			given := im.Item.Answers[q.Key]
			if given == "" {
				continue
			}
			key := qs.Key + "." + q.Key
			if cur, ok := im.Record.Answers[key]; !ok {
				im.Record.Answers[key] = given
			} else if cur != given {
				continue
			}
			out = append(out, key)
		}
	}
	return out
}

// FromReferralHas reports whether the answer key is the referrer's.
func (im ItemMinutes) FromReferralHas(key string) bool { return slices.Contains(im.FromReferral, key) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// itemDetails loads records, decisions (with positions and mandates) and actions of the items, keyed by item.
func (s *Store) itemDetails(db *gorm.DB, itemIDs []int64) (map[int64]ItemRecord, map[int64][]Decision, map[int64][]Action, error) {
	recs, decs, acts := map[int64]ItemRecord{}, map[int64][]Decision{}, map[int64][]Action{}
	if len(itemIDs) == 0 {
		return recs, decs, acts, nil
	}
	var recRows []itemRecordRow
	if err := db.Where("item_id IN ?", itemIDs).Find(&recRows).Error; err != nil {
		return nil, nil, nil, dbError(err, "item records")
	}
	for _, r := range recRows {
		recs[r.ItemID] = r.domain()
	}
	decisions, err := s.decisions(db, "item_id IN ?", itemIDs)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, d := range decisions {
		decs[d.ItemID] = append(decs[d.ItemID], d)
	}
	var actRows []actionRow
	if err := db.Where("item_id IN ?", itemIDs).Order("due_date, id").Find(&actRows).Error; err != nil {
		return nil, nil, nil, dbError(err, "actions")
	}
	for _, r := range actRows {
		acts[r.ItemID] = append(acts[r.ItemID], r.domain(s.now()))
	}
	return recs, decs, acts, nil
}

// decisions loads the decisions selected by the condition, with positions and mandates, oldest first.
func (s *Store) decisions(db *gorm.DB, cond string, args ...any) ([]Decision, error) {
	var rows []decisionRow
	if err := db.Where(cond, args...).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "decisions")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var posRows []positionRow
	if err := db.Where("decision_id IN ?", ids).Order("organisation_id").Find(&posRows).Error; err != nil {
		return nil, dbError(err, "positions")
	}
	positions := map[int64][]Position{}
	for _, p := range posRows {
		positions[p.DecisionID] = append(positions[p.DecisionID], Position{OrganisationID: p.OrganisationID, Stance: Stance(p.Stance), Remark: p.Remark})
	}
	var mRows []mandateRow
	if err := db.Where("decision_id IN ?", ids).Find(&mRows).Error; err != nil {
		return nil, dbError(err, "mandates")
	}
	mIDs := make([]int64, len(mRows))
	for i, m := range mRows {
		mIDs[i] = m.ID
	}
	quick, err := quickActions(db, mIDs)
	if err != nil {
		return nil, err
	}
	mandates := map[int64]Mandate{}
	for _, m := range mRows {
		mandates[m.DecisionID] = m.domain(quick[m.ID])
	}
	out := make([]Decision, len(rows))
	for i, r := range rows {
		out[i] = r.domain(positions[r.ID])
		if m, ok := mandates[r.ID]; ok {
			out[i].Mandate = &m
		}
	}
	return out, nil
}

// Event is one moment in a case's history.
type Event struct {
	At           time.Time `json:"at"`
	Kind         string    `json:"kind"` // agenda, record, decision, action, action_done, mandate, quick_action, mandate_revoked, case_change
	ConferenceID int64     `json:"conference_id,omitempty"`
	Text         string    `json:"text"`
	Decision     *Decision `json:"decision,omitempty"`
	Action       *Action   `json:"action,omitempty"`
	Mandate      *Mandate  `json:"mandate,omitempty"`
	// Change is a change to the case itself (director, review date, status, involvement).
	Change *conference.CaseChange `json:"change,omitempty"`
	// ItemStatus, Reason, Note and MeetingCancelled describe an agenda event:
	// the item's triage state, why it was proposed, the chair's note, and
	// whether the meeting was cancelled.
	ItemStatus       string `json:"item_status,omitempty"`
	Reason           string `json:"reason,omitempty"`
	Note             string `json:"note,omitempty"`
	MeetingCancelled bool   `json:"meeting_cancelled,omitempty"`
}

// Timeline returns a case's history in time order: every meeting it was on,
// the summaries, decisions with positions, actions and mandates. Only for
// actors who may see the case.
// Returns conference.ErrNotFound when there is no such case and ErrForbidden when a may not see it.
func (s *Store) Timeline(ctx context.Context, a conference.Actor, caseID int64) ([]Event, error) {
	c, err := s.cases.Case(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	return s.TimelineOf(ctx, a, c)
}

// TimelineOf is Timeline of case c as conference.Store.Case just returned it
// to a, for a page that shows both: the case is not loaded again, nor is the
// need-to-know rule asked again (Case applied it). Returns ErrForbidden for a
// redacted case.
func (s *Store) TimelineOf(ctx context.Context, a conference.Actor, c conference.Case) ([]Event, error) {
	if c.Redacted {
		return nil, fmt.Errorf("case %s: %w", c.Reference, ErrForbidden)
	}
	caseID := c.ID
	db := s.db.WithContext(ctx)
	items, err := s.agenda.ItemsOfCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	confIDs := make([]int64, len(items))
	for i, it := range items {
		confIDs[i] = it.ConferenceID
	}
	confs, err := s.cases.ConferencesByID(ctx, confIDs)
	if err != nil {
		return nil, err
	}
	var events []Event
	for _, it := range items {
		conf := confs[it.ConferenceID] // an item's conference exists: the foreign key cascades
		events = append(events, Event{At: conf.StartsAt, Kind: "agenda", ConferenceID: it.ConferenceID, Text: it.Reason,
			ItemStatus: string(it.Status), Reason: it.Reason, Note: it.DecisionNote, MeetingCancelled: conf.Status == conference.StatusCancelled})
	}
	var recRows []itemRecordRow
	if err := db.Where("case_id = ?", caseID).Find(&recRows).Error; err != nil {
		return nil, dbError(err, "item records")
	}
	for _, r := range recRows {
		if r.Summary != "" {
			events = append(events, Event{At: r.UpdatedAt, Kind: "record", ConferenceID: r.ConferenceID, Text: r.Summary})
		}
	}
	decisions, err := s.decisions(db, "case_id = ?", caseID)
	if err != nil {
		return nil, err
	}
	for i := range decisions {
		d := decisions[i]
		events = append(events, Event{At: d.CreatedAt, Kind: "decision", ConferenceID: d.ConferenceID, Text: d.Text, Decision: &d})
		if m := d.Mandate; m != nil {
			events = append(events, Event{At: m.CreatedAt, Kind: "mandate", ConferenceID: d.ConferenceID, Text: m.Scope, Mandate: m})
			for _, q := range m.QuickActions {
				events = append(events, Event{At: q.TakenAt, Kind: "quick_action", Text: q.What, Mandate: m})
			}
			if m.RevokedAt != nil {
				events = append(events, Event{At: *m.RevokedAt, Kind: "mandate_revoked", Text: m.RevokeReason, Mandate: m})
			}
		}
	}
	var actRows []actionRow
	if err := db.Where("case_id = ?", caseID).Find(&actRows).Error; err != nil {
		return nil, dbError(err, "actions")
	}
	for _, r := range actRows {
		act := r.domain(s.now())
		events = append(events, Event{At: act.CreatedAt, Kind: "action", ConferenceID: act.ConferenceID, Text: act.What, Action: &act})
		if act.DoneAt != nil {
			events = append(events, Event{At: *act.DoneAt, Kind: "action_done", Text: act.DoneNote, Action: &act})
		}
	}
	changes, err := s.cases.CaseChangesOf(ctx, c)
	if err != nil {
		return nil, err
	}
	for i := range changes {
		ch := changes[i]
		events = append(events, Event{At: ch.At, Kind: "case_change", Text: ch.Reason, Change: &ch})
	}
	slices.SortStableFunc(events, func(x, y Event) int { return x.At.Compare(y.At) })
	return events, nil
}
