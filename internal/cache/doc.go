// Package cache keeps, in each app server's memory, records that many
// requests read and that change far less often than they are read — users,
// API tokens, sessions, conferences, series, question sets, organisations,
// the signed originals of minutes and what each meeting's agenda holds — and
// trusts them only while the database says they are current.
//
// The table cache_versions holds one counter per Kind. Triggers on the cached
// tables (migrate.go) bump the counter of their kind in the transaction of
// every write that can change a cached record, whichever code or server
// writes: by the statement, or for the agenda's tables (written often, and
// together with other rows) on PostgreSQL at commit. A request reads all
// counters once, with one small query, before it first trusts an entry
// (Versions.Begin, then lazily on first use); an entry is used only when it
// was loaded under the counter the request read, and for at most its TTL.
// An entry is stamped with the counter read before its record was loaded,
// so a write that commits after that load always moves the counter past the
// stamp: a revoked token, a logged-out session or a deactivated user is
// refused by the very next request on any server.
//
// Outside a request that called Begin (jobs, commands, tests of a store), and
// after Stop, every lookup goes to the database.
package cache
