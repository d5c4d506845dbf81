package minutes

import "context"

// ConferenceOfDecision returns the id of the conference in which decision id
// was taken, so that access can be checked before a request is read.
// Returns ErrNotFound when there is no such decision.
func (s *Store) ConferenceOfDecision(ctx context.Context, id int64) (int64, error) {
	var row decisionRow
	if err := s.db.WithContext(ctx).Select("id", "conference_id").First(&row, id).Error; err != nil {
		return 0, dbError(err, "decision")
	}
	return row.ConferenceID, nil
}

// ConferenceOfAddendum returns the id of the conference addendum id belongs to.
// Returns ErrNotFound when there is no such addendum.
func (s *Store) ConferenceOfAddendum(ctx context.Context, id int64) (int64, error) {
	var row addendumRow
	if err := s.db.WithContext(ctx).Select("id", "conference_id").First(&row, id).Error; err != nil {
		return 0, dbError(err, "addendum")
	}
	return row.ConferenceID, nil
}

// ActionOwner returns the organisation that owns action id.
// Returns ErrNotFound when there is no such action.
func (s *Store) ActionOwner(ctx context.Context, id int64) (int64, error) {
	var row actionRow
	if err := s.db.WithContext(ctx).Select("id", "owner_organisation_id").First(&row, id).Error; err != nil {
		return 0, dbError(err, "action")
	}
	return row.OwnerOrganisationID, nil
}
