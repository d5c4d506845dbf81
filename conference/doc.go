// Package conference holds the partner organisations, their users, the meeting
// series (overlegvormen), the conferences (bijeenkomsten) of a series, the cases
// (casussen) discussed there and the attendance of a conference.
//
// The package owns its persistence through gorm (store*.go) and enforces the
// need-to-know rule for case data in one place: every case query runs through
// Actor.caseScope, so a caller cannot forget it.
package conference
