package conference

import (
	"context"
	"strconv"

	"gorm.io/gorm"
)

type attendanceRow struct {
	ConferenceID   int64           `gorm:"primaryKey;autoIncrement:false"`
	Conference     conferenceRow   `gorm:"constraint:OnDelete:CASCADE"`
	UserID         int64           `gorm:"primaryKey;autoIncrement:false"`
	User           userRow         `gorm:"constraint:OnDelete:RESTRICT"`
	OrganisationID int64           `gorm:"not null"`
	Organisation   organisationRow `gorm:"constraint:OnDelete:RESTRICT"`
	Presence       string          `gorm:"size:10;not null"`
	Remark         string          `gorm:"size:500"`
	// ConfidentialityConfirmed: the person confirmed the confidentiality statement.
	ConfidentialityConfirmed bool `gorm:"not null;default:false"`
}

func (attendanceRow) TableName() string { return "attendances" }

// SetAttendance replaces the attendance list of a conference in one
// transaction. Each person's organisation is taken from their user record.
// Returns a ValidationError naming the entry for invalid input, a person listed twice or a user
// that does not exist, or when the meeting has not started or is closed, and ErrNotFound when there
// is no such conference.
func (s *Store) SetAttendance(ctx context.Context, conferenceID int64, list []Attendance) error {
	var errs ValidationErrors
	seen := map[int64]bool{}
	for i := range list {
		if err := list[i].Validate(); err != nil {
			for _, e := range err.(ValidationErrors) {
				errs.Add(fieldIndex("attendance", i, e.Field), e.Msg)
			}
		}
		if seen[list[i].UserID] {
			errs.Add(fieldIndex("attendance", i, "user_id"), "is listed twice")
		}
		seen[list[i].UserID] = true
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var conf conferenceRow
		if err := tx.First(&conf, conferenceID).Error; err != nil {
			return dbError(err, "conference")
		}
		if conf.Status == string(StatusClosed) || conf.Status == string(StatusSigned) {
			return &ValidationError{Field: "attendance", Msg: "the meeting is closed; its attendance can no longer change"}
		}
		if !conf.domain().HasStarted(s.now()) {
			return &ValidationError{Field: "attendance", Msg: "the meeting has not started yet; attendance is taken at the meeting"}
		}
		if err := tx.Where("conference_id = ?", conferenceID).Delete(&attendanceRow{}).Error; err != nil {
			return dbError(err, "attendance")
		}
		for i, a := range list {
			var u userRow
			if err := tx.First(&u, a.UserID).Error; err != nil {
				return ValidationErrors{{Field: fieldIndex("attendance", i, "user_id"), Msg: "refers to a user that does not exist"}}
			}
			row := attendanceRow{ConferenceID: conferenceID, UserID: a.UserID, OrganisationID: u.OrganisationID,
				Presence: string(a.Presence), Remark: a.Remark, ConfidentialityConfirmed: a.ConfidentialityConfirmed}
			if err := tx.Omit("Conference", "User", "Organisation").Create(&row).Error; err != nil {
				return dbError(err, "attendance")
			}
			list[i].ConferenceID, list[i].OrganisationID = conferenceID, u.OrganisationID
		}
		return nil
	})
}

// Attendance returns the attendance list of a conference, by organisation.
// Returns only database errors.
func (s *Store) Attendance(ctx context.Context, conferenceID int64) ([]Attendance, error) {
	var rows []attendanceRow
	err := s.db.WithContext(ctx).Where("conference_id = ?", conferenceID).Order("organisation_id, user_id").Find(&rows).Error
	if err != nil {
		return nil, dbError(err, "attendance")
	}
	out := make([]Attendance, len(rows))
	for i, r := range rows {
		out[i] = Attendance{ConferenceID: r.ConferenceID, UserID: r.UserID, OrganisationID: r.OrganisationID,
			Presence: Presence(r.Presence), Remark: r.Remark, ConfidentialityConfirmed: r.ConfidentialityConfirmed}
	}
	return out, nil
}

func fieldIndex(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}
