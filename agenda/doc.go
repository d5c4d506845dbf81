// Package agenda holds what a conference discusses: the agenda items
// (proposals by participants, triage by the chair, order and planned time),
// the follow-up items that return by themselves, and the question sets
// attached to each item by the case's theme and neighbourhood.
//
// It builds on package conference and imports no HTTP package. Sources of
// follow-ups that live in later packages (actions, mandates) reach it through
// the FollowUpSource interface declared here.
//
// Errors: the doc comment of each Store method names the errors it returns.
// They are this package's sentinels (errors.go, wrapping the conference
// package's), the conference package's own sentinels where the method reads
// through the conference store, and validation errors — a
// *conference.ValidationError or conference.ValidationErrors, both naming the
// field. Anything else is a database error, to be logged, never shown.
package agenda
