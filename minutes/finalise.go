package minutes

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Finalise marks the minutes final and closes the meeting; from then on every
// change is refused. Only the secretary of the meeting may, and not while a
// comment round runs.
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a is not its
// secretary, ErrFinal when the minutes are final already, a conference.ValidationError when the
// meeting has not started or the comment round runs until a deadline still to come, and
// conference.ErrConflict when the meeting changed meanwhile.
func (s *Store) Finalise(ctx context.Context, a conference.Actor, conferenceID int64) error {
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
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := recordRow{ConferenceID: conf.ID, Status: string(RecordFinal), FinalisedAt: &now, FinalisedBy: &a.UserID}
		if err := tx.Save(&row).Error; err != nil {
			return dbError(err, "minutes")
		}
		conf.Status = conference.StatusClosed
		return s.cases.WithDB(tx).UpdateConference(ctx, &conf)
	})
}

// Status returns the state of a conference's minutes.
// Returns only database errors.
func (s *Store) Status(ctx context.Context, conferenceID int64) (RecordStatus, error) {
	return status(s.db.WithContext(ctx), conferenceID)
}
