package notify

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// recipient is a user a message goes to.
type recipient struct {
	ID    int64
	Email string
}

// subject is what a message may say about its cause: the meeting, the case
// reference and a date. It is all the outbox reads of the case, so a message
// cannot carry more.
type subject struct {
	ConferenceID   int64
	SeriesName     string
	StartsAt       time.Time
	Duration       int
	Location       string
	Version        int
	ChairEmail     string
	ChairName      string
	ChairID        *int64
	SecretaryID    *int64
	Reference      string
	Due            time.Time // the action's due date or the mandate's last day
	OrganisationID int64     // owner or grantee organisation (participants when no person)
	UserID         *int64    // owner, grantee or referrer person
	MandateID      int64
}

// meetingOf reads the meeting part of s from conference id.
func meetingOf(tx *gorm.DB, id int64, s *subject) error {
	var row struct {
		SeriesName      string
		StartsAt        time.Time
		DurationMinutes int
		Location        string
		Version         int
		ChairEmail      *string
		ChairName       *string
		ChairID         *int64
		SecretaryID     *int64
	}
	err := tx.Table("conferences AS c").Select("s.name AS series_name, c.starts_at, c.duration_minutes, c.location, c.version, u.email AS chair_email, u.name AS chair_name, c.chair_id, c.secretary_id").
		Joins("JOIN series s ON s.id = c.series_id").Joins("LEFT JOIN users u ON u.id = c.chair_id").
		Where("c.id = ?", id).Take(&row).Error
	if err != nil {
		return fmt.Errorf("message: meeting %d: %w", id, err)
	}
	s.ConferenceID, s.SeriesName, s.StartsAt, s.Duration, s.Location, s.Version = id, row.SeriesName, row.StartsAt, row.DurationMinutes, row.Location, row.Version
	s.ChairID, s.SecretaryID = row.ChairID, row.SecretaryID
	if row.ChairEmail != nil {
		s.ChairEmail, s.ChairName = *row.ChairEmail, *row.ChairName
	}
	return nil
}

// referenceOf returns the reference of case id ("" for none).
func referenceOf(tx *gorm.DB, id *int64) (string, error) {
	if id == nil {
		return "", nil
	}
	var ref string
	if err := tx.Table("cases").Where("id = ?", *id).Pluck("reference", &ref).Error; err != nil {
		return "", fmt.Errorf("message: case %d: %w", *id, err)
	}
	return ref, nil
}

// subjectOf reads what e's message may name.
func subjectOf(tx *gorm.DB, e conference.Event) (subject, error) {
	var s subject
	var caseID *int64
	switch {
	case e.ItemID != 0:
		var it struct {
			ConferenceID   int64
			CaseID         *int64
			ProposedByID   *int64
			ProposingOrgID int64
		}
		if err := tx.Table("agenda_items").Select("conference_id, case_id, proposed_by_id, proposing_org_id").Where("id = ?", e.ItemID).Take(&it).Error; err != nil {
			return s, fmt.Errorf("message: agenda item %d: %w", e.ItemID, err)
		}
		e.ConferenceID, caseID, s.UserID, s.OrganisationID = it.ConferenceID, it.CaseID, it.ProposedByID, it.ProposingOrgID
	case e.ActionID != 0:
		var a struct {
			ConferenceID        int64
			CaseID              *int64
			OwnerOrganisationID int64
			OwnerUserID         *int64
			DueDate             time.Time
		}
		if err := tx.Table("actions").Select("conference_id, case_id, owner_organisation_id, owner_user_id, due_date").Where("id = ?", e.ActionID).Take(&a).Error; err != nil {
			return s, fmt.Errorf("message: action %d: %w", e.ActionID, err)
		}
		e.ConferenceID, caseID, s.OrganisationID, s.UserID, s.Due = a.ConferenceID, a.CaseID, a.OwnerOrganisationID, a.OwnerUserID, dueDay(a.DueDate)
	case e.MandateID != 0:
		s.MandateID = e.MandateID
		var m struct {
			ConferenceID          int64
			CaseID                int64
			GranteeOrganisationID int64
			GranteeUserID         *int64
			ValidUntil            time.Time
		}
		if err := tx.Table("mandates").Select("conference_id, case_id, grantee_organisation_id, grantee_user_id, valid_until").Where("id = ?", e.MandateID).Take(&m).Error; err != nil {
			return s, fmt.Errorf("message: mandate %d: %w", e.MandateID, err)
		}
		e.ConferenceID, caseID, s.OrganisationID, s.UserID, s.Due = m.ConferenceID, &m.CaseID, m.GranteeOrganisationID, m.GranteeUserID, m.ValidUntil
	}
	if err := meetingOf(tx, e.ConferenceID, &s); err != nil {
		return s, err
	}
	ref, err := referenceOf(tx, caseID)
	s.Reference = ref
	return s, err
}

// recipientsOf returns the users e's message goes to, each once.
func recipientsOf(tx *gorm.DB, e conference.Event, s subject) ([]recipient, error) {
	q := tx.Table("users").Select("id, email").Where("active = ?", true).Order("id")
	switch e.Kind {
	case conference.EventAgendaPublished, conference.EventMeetingChanged, conference.EventMeetingCancelled:
		// The people of the series' member organisations who take part in
		// meetings (not those who only administer the tool), and the
		// meeting's chair and secretary.
		q = q.Where("(organisation_id IN (?) AND (roles LIKE ? OR roles LIKE ? OR roles LIKE ?)) OR id IN (?)",
			tx.Table("series_organisations").Select("organisation_id").
				Where("series_id = (?)", tx.Table("conferences").Select("series_id").Where("id = ?", s.ConferenceID)),
			"%,participant,%", "%,chair,%", "%,secretary,%", s.organisers())
	case conference.EventMinutesFinal:
		q = q.Where("id IN (?)", s.organisers())
	case conference.EventMinutesShared:
		// The participants of the organisations present at the meeting.
		q = q.Where("roles LIKE ? AND organisation_id IN (?)", "%,participant,%",
			tx.Table("attendances").Select("organisation_id").Where("conference_id = ? AND presence = ?", s.ConferenceID, conference.Present))
	case conference.EventReferralAccepted, conference.EventReferralRejected, conference.EventReferralDeferred,
		conference.EventActionAssigned, conference.EventActionDue, conference.EventActionOverdue, conference.EventMandateExpiring:
		// The person, else the organisation's participants.
		if s.UserID != nil {
			q = q.Where("id = ?", *s.UserID)
		} else {
			q = q.Where("organisation_id = ? AND roles LIKE ?", s.OrganisationID, "%,participant,%")
		}
	default:
		return nil, fmt.Errorf("message: unknown kind %q", e.Kind)
	}
	var out []recipient
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("message: recipients: %w", err)
	}
	return out, nil
}

// organisers returns the ids of the meeting's chair and secretary.
func (s subject) organisers() []int64 {
	ids := []int64{}
	for _, id := range []*int64{s.ChairID, s.SecretaryID} {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	return ids
}

// dueDay is the start of an action's due day in Amsterdam; due dates are
// stored as the calendar day at midnight UTC.
func dueDay(d time.Time) time.Time {
	d = d.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, amsterdam)
}
