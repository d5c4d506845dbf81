// Package cache keeps, in each app server's memory, records that nearly every
// request reads and that rarely change — users, API tokens, sessions,
// conferences, series and question sets — and trusts them only while the
// database says they are current.
//
// The table cache_versions holds one counter per Kind. Triggers on the cached
// tables (migrate.go) bump the counter of their kind in the transaction of
// every write that can change a cached record, whichever code or server
// writes. A request reads all counters once, with one small query, before it
// first trusts an entry (Versions.Begin, then lazily on first use); an entry
// is used only when it was loaded under the counter the request read, and for
// at most its TTL. An entry is stamped with the counter read before its record
// was loaded, so a write that commits after that load always moves the
// counter past the stamp: a revoked token, a logged-out session or a
// deactivated user is refused by the very next request on any server.
//
// Outside a request that called Begin (jobs, commands, tests of a store), and
// after Stop, every lookup goes to the database.
package cache
