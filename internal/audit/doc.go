// Package audit keeps the append-only, hash-chained log of who read or changed
// what (DESIGN.md, "Privacy and security"). Every view, change, export and
// signature of case data, and every login, failed login and logout, is one
// Event.
//
// # The chain
//
// Record gives each event the next sequence number (1, 2, 3, …), the hash of
// the event before it (PrevHash, "" for the first) and its own Hash: the hex
// SHA-256 over a canonical encoding of all other fields. The encoding is a
// sequence of netstrings ("<byte length>:<bytes>,") of, in this order: the
// version tag "casusoverleg-audit-v1", Seq (decimal), At (RFC 3339 with
// nanoseconds, UTC), UserID, UserEmail, OrganisationID, Action, RecordType,
// RecordID, Detail, IP and PrevHash. Changing that encoding invalidates every
// stored chain, so a test pins it.
//
// Verify walks the chain in seq order, in batches, and reports the first
// broken event as a *BrokenError (errors.Is(err, ErrBroken) holds). It detects
//   - a changed field in any row (its hash no longer matches),
//   - a changed hash (the next row's PrevHash no longer matches),
//   - a deleted row (a gap in seq; the event after the gap is reported),
//   - rows swapped or moved (seq and PrevHash no longer line up).
//
// A pure chain cannot detect everything. Deleting the newest events leaves a
// shorter, valid chain, and someone who can write to the database and knows
// this encoding can rewrite a row and recompute every hash after it. Against
// both, keep the head (Head: seq and hash) somewhere the database's writers
// cannot reach, e.g. the output of the verify command in the operators' log,
// and compare; and deny the application's database role UPDATE and DELETE on
// audit_events.
//
// # Retention: pruning under a signed checkpoint
//
// The log itself is personal data with a retention period. Prune removes the
// oldest events (the longest prefix of the chain recorded before a given
// time) and leaves a Checkpoint: the seq and hash of the last removed event,
// the cut, the count and the time, signed with the deployment key that signs
// the minutes (internal/signing; WithKey). Prune first verifies what it
// removes and refuses a broken chain. Verify starts at the latest checkpoint:
// it checks the signature against the deployment certificate, then that the
// next event's PrevHash is the checkpoint's hash, then the chain after it. A
// changed or deleted checkpoint, or one signed by another key, fails Verify.
// Prune and Record take the same lock, so pruning during traffic, or on two
// servers at once, removes each event once under one checkpoint.
//
// # Append-only and concurrent
//
// The package offers no way to change an event, and deletes only through Prune. Record inserts
// seq+1 after the head in one transaction; seq is the primary key and the
// insert does nothing on a taken seq, so of two concurrent Records on
// different app servers one inserts nothing and is retried. A Log keeps the
// head it last wrote in memory (one writer at a time: the group commit) and
// reads it from the database only when its insert found the next seq taken,
// that is when another app server (or another Log) wrote since; for some
// batches after that it reads the head first. On PostgreSQL the transaction
// first takes a transaction-level advisory lock so concurrent writers do not
// collide in the first place. SQLite runs on one
// connection and is serialised by it (so do not call Record while holding a
// transaction of the same SQLite pool).
//
// # Privacy
//
// The log itself holds personal data (who looked at what). Detail is a short
// reference ("2026-0042", "GET /cases/42"), never case content: no names, no
// subjects, no notes. Record replaces control characters and invalid UTF-8 and
// cuts over-long fields to the column sizes before hashing, so what is stored
// is exactly what was hashed.
package audit
