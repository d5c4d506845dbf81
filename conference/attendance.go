package conference

// Presence says whether a person attended a conference.
type Presence string

// The presence states of attendance.
const (
	Present Presence = "present"
	Absent  Presence = "absent"
	Excused Presence = "excused"
)

// Attendance records one person's presence at a conference on behalf of an organisation.
type Attendance struct {
	ConferenceID   int64    `json:"conference_id"`
	UserID         int64    `json:"user_id" validate:"gt=0"`
	OrganisationID int64    `json:"organisation_id"`
	Presence       Presence `json:"presence" validate:"required,oneof=present absent excused"`
	Remark         string   `json:"remark" validate:"max=500"`
	// ConfidentialityConfirmed records that the person, present, confirmed
	// the series' confidentiality statement when the chair read it out.
	ConfidentialityConfirmed bool `json:"confidentiality_confirmed"`
}

// Validate reports what is wrong with a, field by field.
func (a *Attendance) Validate() error {
	if err := ValidateStruct(a); err != nil {
		return err
	}
	if a.ConfidentialityConfirmed && a.Presence != Present {
		return ValidationErrors{{Field: "confidentiality_confirmed", Msg: "only a person present confirms the confidentiality statement"}}
	}
	return nil
}
