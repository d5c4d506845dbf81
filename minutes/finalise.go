package minutes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Incomplete is what the minutes still lack before they are made final: the
// secretary sees it and must give a reason to finalise anyway.
type Incomplete struct {
	// ItemsWithoutRecord are the accepted items with no summary, decision or action.
	ItemsWithoutRecord []int64 `json:"items_without_record"`
	// OpenEscalations are the escalated decisions of the meeting not resolved yet.
	OpenEscalations []int64 `json:"open_escalations"`
	// AttendanceMissing is true when nobody is recorded as present.
	AttendanceMissing bool `json:"attendance_missing"`
	// Unconfirmed are the people present who have not confirmed the
	// confidentiality statement.
	Unconfirmed []int64 `json:"unconfirmed_confidentiality"`
}

// Any reports whether something is incomplete.
func (i Incomplete) Any() bool {
	return len(i.ItemsWithoutRecord) > 0 || len(i.OpenEscalations) > 0 || i.AttendanceMissing || len(i.Unconfirmed) > 0
}

// HistoryEvent is a moment in the life of the minutes: made final, or sent
// back to draft, by whom and why.
type HistoryEvent struct {
	ConferenceID int64     `json:"conference_id"`
	Kind         string    `json:"kind"` // finalised, reopened
	UserID       int64     `json:"user_id"`
	Reason       string    `json:"reason,omitempty"`
	At           time.Time `json:"at"`
}

type historyRow struct {
	ID           int64     `gorm:"primaryKey"`
	ConferenceID int64     `gorm:"not null;index"`
	Kind         string    `gorm:"size:20;not null"`
	UserID       int64     `gorm:"not null"`
	Reason       string    `gorm:"size:2000"`
	At           time.Time `gorm:"not null"`
}

func (historyRow) TableName() string { return "minutes_history" }

// MigrateEditing adds the version columns of decisions and actions and the
// history of the minutes.
func MigrateEditing(tx *gorm.DB) error {
	return tx.AutoMigrate(&decisionRow{}, &actionRow{}, &historyRow{})
}

// Check lists what the minutes of a conference still lack, as in View v.
func Check(v View) Incomplete {
	out := Incomplete{ItemsWithoutRecord: []int64{}, OpenEscalations: []int64{}, Unconfirmed: []int64{}}
	present := 0
	for _, a := range v.Attendance {
		if a.Presence == conference.Present {
			present++
			if !a.ConfidentialityConfirmed {
				out.Unconfirmed = append(out.Unconfirmed, a.UserID)
			}
		}
	}
	out.AttendanceMissing = present == 0
	for _, it := range v.Items {
		if it.Redacted() {
			continue
		}
		if it.Record.Summary == "" && len(it.Decisions) == 0 && len(it.Actions) == 0 {
			out.ItemsWithoutRecord = append(out.ItemsWithoutRecord, it.ID)
		}
		for _, d := range it.Decisions {
			if d.Outcome == Escalated {
				out.OpenEscalations = append(out.OpenEscalations, d.ID)
			}
		}
	}
	return out
}

// Incomplete returns what the minutes of a conference still lack, as a (its
// chair or secretary) sees them.
func (s *Store) Incomplete(ctx context.Context, a conference.Actor, conferenceID int64) (Incomplete, error) {
	v, err := s.Minutes(ctx, a, conferenceID)
	if err != nil {
		return Incomplete{}, err
	}
	return Check(v), nil
}

// Finalise marks the minutes final and closes the meeting; from then on every
// change is refused. Only the secretary of the meeting may, once the meeting
// has started. When something is incomplete (see Incomplete) a reason is
// required; it is kept in the history. Returns ErrForbidden, ErrFinal or a
// *conference.ValidationError (field "conference" before the meeting has
// started, "reason" when one is needed).
func (s *Store) Finalise(ctx context.Context, a conference.Actor, conferenceID int64, reason string) error {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return err
	}
	if conf.SecretaryID == nil || *conf.SecretaryID != a.UserID {
		return fmt.Errorf("only the secretary of conference %d: %w", conferenceID, ErrForbidden)
	}
	if err := s.checkOpen(ctx, conf); err != nil {
		return err
	}
	if err := s.checkStarted(conf); err != nil {
		return err
	}
	if err := s.checkRoundOver(s.db.WithContext(ctx), conf.ID); err != nil {
		return err
	}
	now := s.now()
	inc, err := s.Incomplete(ctx, a, conferenceID)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case inc.Any() && reason == "":
		return &conference.ValidationError{Field: "reason", Msg: "is required when the minutes are incomplete"}
	case len(reason) > 2000:
		return &conference.ValidationError{Field: "reason", Msg: "must be at most 2000 characters"}
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := recordRow{ConferenceID: conf.ID, Status: string(RecordFinal), FinalisedAt: &now, FinalisedBy: &a.UserID}
		if err := tx.Save(&row).Error; err != nil {
			return dbError(err, "minutes")
		}
		if err := tx.Create(&historyRow{ConferenceID: conf.ID, Kind: "finalised", UserID: a.UserID, Reason: reason, At: now}).Error; err != nil {
			return dbError(err, "history")
		}
		conf.Status = conference.StatusClosed
		if err := s.cases.WithDB(tx).UpdateConference(ctx, &conf); err != nil {
			return err
		}
		return s.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventMinutesFinal, ConferenceID: conf.ID})
	})
}

// Status returns the state of a conference's minutes.
// Returns only database errors.
func (s *Store) Status(ctx context.Context, conferenceID int64) (RecordStatus, error) {
	return status(s.db.WithContext(ctx), conferenceID)
}

// Reopen sends final minutes back to draft: only the chair, with a reason,
// and only until both chair and secretary have approved (signed minutes are
// corrected by an addendum). Approvals given so far are withdrawn. Returns
// ErrForbidden or a *conference.ValidationError.
func (s *Store) Reopen(ctx context.Context, a conference.Actor, conferenceID int64, reason string) error {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return err
	}
	if conf.ChairID == nil || *conf.ChairID != a.UserID {
		return fmt.Errorf("only the chair of conference %d sends the minutes back: %w", conferenceID, ErrForbidden)
	}
	reason = strings.TrimSpace(reason)
	var errs conference.ValidationErrors
	switch st, err := s.Status(ctx, conferenceID); {
	case err != nil:
		return err
	case st == RecordDraft:
		errs.Add("minutes", "the minutes are a draft already")
	case st == RecordSigned:
		errs.Add("minutes", "the minutes are signed; correct them with an addendum")
	}
	if reason == "" || len(reason) > 2000 {
		errs.Add("reason", "is required (at most 2000 characters)")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&recordRow{}).Where("conference_id = ? AND status = ?", conferenceID, RecordFinal).
			Updates(map[string]any{"status": RecordDraft, "finalised_at": nil, "finalised_by": nil})
		if res.Error != nil {
			return dbError(res.Error, "minutes")
		}
		if res.RowsAffected == 0 { // signed in the meantime
			return &conference.ValidationError{Field: "minutes", Msg: "the minutes are signed; correct them with an addendum"}
		}
		if err := tx.Where("conference_id = ? AND addendum_id = 0", conferenceID).Delete(&approvalRow{}).Error; err != nil {
			return dbError(err, "approvals")
		}
		if err := tx.Create(&historyRow{ConferenceID: conferenceID, Kind: "reopened", UserID: a.UserID, Reason: reason, At: now}).Error; err != nil {
			return dbError(err, "history")
		}
		conf.Status = conference.StatusInSession
		return s.cases.WithDB(tx).UpdateConference(ctx, &conf)
	})
}

// History lists the finalisations and reopenings of a conference's minutes, oldest first.
func (s *Store) History(ctx context.Context, conferenceID int64) ([]HistoryEvent, error) {
	var rows []historyRow
	if err := s.db.WithContext(ctx).Where("conference_id = ?", conferenceID).Order("at, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "history")
	}
	out := make([]HistoryEvent, len(rows))
	for i, r := range rows {
		out[i] = HistoryEvent{ConferenceID: r.ConferenceID, Kind: r.Kind, UserID: r.UserID, Reason: r.Reason, At: r.At}
	}
	return out, nil
}
