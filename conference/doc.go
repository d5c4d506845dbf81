// Package conference holds the partner organisations, their users, the meeting
// series (overlegvormen), the conferences (bijeenkomsten) of a series, the cases
// (casussen) discussed there and the attendance of a conference.
//
// The package owns its persistence through gorm (store*.go) and enforces the
// need-to-know rule for case data in one place: every case query runs through
// Actor.caseScope, so a caller cannot forget it.
//
// Errors: the doc comment of each Store method names the errors it returns.
// They are the sentinels of errors.go (test them with errors.Is) and validation
// errors — a *ValidationError or ValidationErrors, both naming the field (test
// them with errors.As). Anything else is a database error, to be logged, never
// shown.
package conference
