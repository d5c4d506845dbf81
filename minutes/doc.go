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
package minutes
