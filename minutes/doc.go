// Package minutes holds what a conference records (verslag): per agenda item
// the state of affairs and the answers to its question sets, the decisions
// with each involved organisation's position, the actions agreed and the
// mandates for quick action with the quick actions taken under them.
//
// The rules live here: a decision is adopted when no present involved
// organisation objects (an objection escalates it); an open action past its
// due date is overdue; a quick action outside its mandate's validity is
// refused. Minutes once final refuse every change. Through FollowUps the
// package tells the agenda which cases must come back.
//
// Errors: the doc comment of each Store method names the errors it returns.
// They are this package's sentinels and *ConflictError (errors.go), the
// sentinels of the agenda and conference packages where the method reads
// through their stores, and validation errors — a *conference.ValidationError
// or conference.ValidationErrors, both naming the field (ErrFinal is one).
// Anything else is a database error, to be logged, never shown.
package minutes
