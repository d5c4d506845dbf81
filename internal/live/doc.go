// Package live carries the events of a meeting to every page that follows
// it, across app servers: an operation publishes an event after its write;
// the event is stored in the table live_events (so that a browser that
// reconnects catches up from its last event id) and announced through
// PostgreSQL LISTEN/NOTIFY, or in process on SQLite. Events carry ids and a
// version only, never case data: a page that hears one fetches its own
// fragment through the normal routes, where the need-to-know rule applies.
//
// It also keeps who has a meeting page open (presence), in the table
// live_presence, so that every server sees every open page.
package live
