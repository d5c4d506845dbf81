package conference

import "slices"

// Actor is the user on whose behalf a request runs. Every read of case data
// takes one, so the need-to-know rule cannot be skipped.
type Actor struct {
	UserID         int64
	OrganisationID int64
	Roles          []Role
}

// ActorOf returns the actor for user u.
func ActorOf(u *User) Actor {
	return Actor{UserID: u.ID, OrganisationID: u.OrganisationID, Roles: slices.Clone(u.Roles)}
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// System is the actor of operator commands (migrate, seed): it sees every case.
var System = Actor{Roles: []Role{RoleAdmin}, UserID: -1}

// IsSystem reports whether a is the operator actor.
func (a Actor) IsSystem() bool { return a.UserID == -1 }
