package conference

import (
	"strings"
	"time"
)

// Series is a recurring meeting (overlegvorm) with its member organisations.
type Series struct {
	ID                     int64     `json:"id"`
	Name                   string    `json:"name" validate:"required,max=200"`
	Description            string    `json:"description" validate:"max=2000"`
	DefaultChairID         *int64    `json:"default_chair_id,omitempty"`
	DefaultSecretaryID     *int64    `json:"default_secretary_id,omitempty"`
	DefaultLocation        string    `json:"default_location" validate:"max=200"`
	DefaultDurationMinutes int       `json:"default_duration_minutes" validate:"gte=0,lte=600"`
	MemberOrganisationIDs  []int64   `json:"member_organisation_ids" validate:"min=1,dive,gt=0"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
}

// Validate reports what is wrong with s, field by field.
func (s *Series) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if s.DefaultDurationMinutes == 0 {
		s.DefaultDurationMinutes = 120
	}
	s.MemberOrganisationIDs = uniqueIDs(s.MemberOrganisationIDs)
	return ValidateStruct(s)
}
