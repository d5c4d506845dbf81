// Package notify writes, keeps and sends the tool's messages (berichten).
//
// Domain stores hand an event to the Outbox inside the transaction of the
// change that causes it (conference.Notifier); the Outbox looks up whom to
// tell, honours each recipient's settings and writes one row per message in
// that same transaction. A Sender claims due rows, delivers them over SMTP
// (or, without SMTP, logs and keeps them for the admin's "Berichten" page) and
// marks them sent, retrying with backoff; several app servers may run one
// each. A Scheduler, run by one app server at a time under a lease row, finds
// the time-based messages (action due or overdue, mandate expiring).
//
// A message names the meeting, the case reference and a link, never the
// subject, persons, facts, decisions or positions of the case.
package notify
