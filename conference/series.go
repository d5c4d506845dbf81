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
	RepeatMonths int `json:"repeat_months" validate:"gte=1,lte=120"`
	// DefaultQuestionSetIDs are attached, in this order, to every case item proposed for a meeting of the series.
	DefaultQuestionSetIDs []int64 `json:"default_question_set_ids" validate:"dive,gt=0"`
	// Weekday (ISO: 1 Monday … 7 Sunday), StartTime ("09:30", local time) and
	// Cadence say when the series meets; planning follows them.
	Weekday   int       `json:"weekday" validate:"gte=1,lte=7"`
	StartTime string    `json:"start_time" validate:"omitempty,clock"`
	Cadence   Cadence   `json:"cadence" validate:"omitempty,oneof=weekly fortnightly four_weekly"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
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
	s.StartTime = strings.TrimSpace(s.StartTime)
	if s.StartTime == "" {
		s.StartTime = "09:30"
	}
	if s.Cadence == "" {
		s.Cadence = Weekly
	}
	if s.Weekday == 0 {
		s.Weekday = 1
	}
	return ValidateStruct(s)
}

// Cadence is how often a series meets.
type Cadence string

// The cadences a series can have.
const (
	Weekly      Cadence = "weekly"
	Fortnightly Cadence = "fortnightly"
	FourWeekly  Cadence = "four_weekly"
)

// Cadences lists every valid Cadence.
var Cadences = []Cadence{Weekly, Fortnightly, FourWeekly}

// Days is the number of days between two meetings.
func (c Cadence) Days() int {
	switch c {
	case Fortnightly:
		return 14
	case FourWeekly:
		return 28
	}
	return 7
}

// NextSlots returns the start times of the next n meetings of s (in loc) that
// begin after after: on the series' weekday and time, every cadence, the
// first on the first such weekday after after.
func (s Series) NextSlots(after time.Time, n int, loc *time.Location) []time.Time {
	hour, minute := 9, 30
	if t, err := time.Parse("15:04", s.StartTime); err == nil {
		hour, minute = t.Hour(), t.Minute()
	}
	local := after.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, loc)
	for ISOWeekday(day) != s.Weekday || !day.After(after) {
		day = time.Date(day.Year(), day.Month(), day.Day()+1, hour, minute, 0, 0, loc)
	}
	out := make([]time.Time, n)
	for i := range out {
		out[i] = time.Date(day.Year(), day.Month(), day.Day()+i*s.Cadence.Days(), hour, minute, 0, 0, loc)
	}
	return out
}

// ISOWeekday returns t's day of the week as 1 (Monday) … 7 (Sunday).
func ISOWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}

// Following returns the start times of the n meetings that follow a meeting
// at last on the series' cadence: the first a cadence after it.
func (s Series) Following(last time.Time, n int, loc *time.Location) []time.Time {
	return s.NextSlots(last.AddDate(0, 0, s.Cadence.Days()-1), n, loc)
}
