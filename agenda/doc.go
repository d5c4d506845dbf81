// Package agenda holds what a conference discusses: the agenda items
// (proposals by participants, triage by the chair, order and planned time),
// the follow-up items that return by themselves, and the question sets
// attached to each item by the case's theme and neighbourhood.
//
// It builds on package conference and imports no HTTP package. Sources of
// follow-ups that live in later packages (actions, mandates) reach it through
// the FollowUpSource interface declared here.
package agenda
