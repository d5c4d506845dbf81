package conference

import (
	"strings"
	"time"
)

// Series is a recurring meeting (overlegvorm) with its member organisations.
type Series struct {
	ID                     int64   `json:"id"`
	Name                   string  `json:"name" validate:"required,max=200"`
	Description            string  `json:"description" validate:"max=2000"`
	DefaultChairID         *int64  `json:"default_chair_id,omitempty"`
	DefaultSecretaryID     *int64  `json:"default_secretary_id,omitempty"`
	DefaultLocation        string  `json:"default_location" validate:"max=200"`
	DefaultDurationMinutes int     `json:"default_duration_minutes" validate:"gte=0,lte=600"`
	MemberOrganisationIDs  []int64 `json:"member_organisation_ids" validate:"min=1,dive,gt=0"`
	// RepeatMonths is the repeat-referral rule: a person referred again within
	// this many months of the last meeting that discussed a case of theirs is
	// a repeat referral (herhaalde aanmelding). 12 unless set.
	RepeatMonths int       `json:"repeat_months" validate:"gte=1,lte=120"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// DefaultRepeatMonths is the repeat-referral period of a series that sets none (MARAC practice).
const DefaultRepeatMonths = 12

// Validate reports what is wrong with s, field by field.
func (s *Series) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if s.DefaultDurationMinutes == 0 {
		s.DefaultDurationMinutes = 120
	}
	if s.RepeatMonths == 0 {
		s.RepeatMonths = DefaultRepeatMonths
	}
	s.MemberOrganisationIDs = uniqueIDs(s.MemberOrganisationIDs)
	return ValidateStruct(s)
}
