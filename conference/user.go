package conference

import (
	"slices"
	"strings"
	"time"
)

// Role is what a user may do in the tool.
type Role string

// The roles of DESIGN.md.
const (
	RoleAdmin       Role = "admin"
	RoleChair       Role = "chair"
	RoleSecretary   Role = "secretary"
	RoleParticipant Role = "participant"
	// RolePolicyOfficer is the municipality's policy officer (beleidsmedewerker):
	// reports only, never a case. The role is held alone (see User.Validate).
	RolePolicyOfficer Role = "policy_officer"
	// RolePrivacyOfficer is the privacy officer (functionaris
	// gegevensbescherming): right-of-access reports on a person and the
	// register of correction and erasure requests, never a case page. The
	// role is held alone (see User.Validate).
	RolePrivacyOfficer Role = "privacy_officer"
)

// Roles lists every valid Role.
var Roles = []Role{RoleAdmin, RoleChair, RoleSecretary, RoleParticipant, RolePolicyOfficer, RolePrivacyOfficer}

// RestrictedRoles are the roles that never see a case page: each is held alone.
var RestrictedRoles = []Role{RolePolicyOfficer, RolePrivacyOfficer}

// User is a person of one partner organisation (gebruiker).
type User struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name" validate:"required,max=200"`
	Email          string    `json:"email" validate:"required,email,max=254"`
	OrganisationID int64     `json:"organisation_id" validate:"gt=0"`
	Roles          []Role    `json:"roles" validate:"min=1,dive,oneof=admin chair secretary participant policy_officer privacy_officer"`
	Active         bool      `json:"active"`
	PasswordHash   string    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Validate reports what is wrong with u, field by field.
func (u *User) Validate() error {
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	slices.Sort(u.Roles)
	u.Roles = slices.Compact(u.Roles)
	if err := ValidateStruct(u); err != nil {
		return err
	}
	if u.Has(RolePolicyOfficer) && len(u.Roles) > 1 {
		return ValidationErrors{{Field: "roles", Msg: "policy officer cannot be combined with another role"}}
	}
	if u.Has(RolePrivacyOfficer) && len(u.Roles) > 1 {
		return ValidationErrors{{Field: "roles", Msg: "privacy officer cannot be combined with another role"}}
	}
	return nil
}

// Restricted reports whether u holds a role that never sees a case page
// (policy officer, privacy officer).
func (u *User) Restricted() bool {
	return slices.ContainsFunc(RestrictedRoles, u.Has)
}

// Has reports whether u holds role r.
func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// UserFilter selects users in a list.
type UserFilter struct {
	OrganisationID int64
	Role           Role
	Page
}
