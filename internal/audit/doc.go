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
// The package offers no way to change an event, deletes only through Prune
// and blanks an event's text (beside the chain) only through DestroyTexts. Record inserts
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
// # Privacy: texts beside the chain
//
// The log itself holds personal data (who looked at what). Detail is a short
// reference ("2026-0042", "GET /cases/42", "linked to case 43"), never case
// content: no names, no subjects, no notes. Record replaces control
// characters and invalid UTF-8 and cuts over-long fields to the column sizes
// before hashing, so what is stored is exactly what was hashed.
//
// Some events must say more than a reference: the terms of a person search
// (a name, a date of birth), the reason typed for linking two cases or
// merging two persons, the reason minutes went back to draft. That is
// Event.Text, and it is kept outside the chain, because destroying a case
// after its retention period must destroy it too and the chain cannot be
// edited. Record stores the text in audit_event_texts with a salt of 32
// random bytes, and puts in the event only TextHash, the SHA-256 over the
// netstrings of "casusoverleg-audit-text-v1", the salt and the text: while
// the text exists Verify proves it unchanged; without the salt the hash
// cannot be matched against guessed names or dates. Event.Subjects names the
// records the text is about (the cases and persons a search found, the two
// linked cases); they are part of the hashed event and indexed in
// audit_event_subjects.
//
// An event with a text or subjects is encoded with the tag
// "casusoverleg-audit-v3": the fields of v1, then the number of Records and
// each record (also when there are none), TextHash, and the number of
// Subjects and each subject's record type and id, sorted. Events logged
// before keep v1 or v2 and verify as they did.
//
// DestroyTexts records a deletion whose Subjects are the destroyed records
// (the retention job: the case and its persons) and, in the same
// transaction, blanks the text and salt of every earlier event about any of
// them, keeping the deletion's seq as their destroyer. A text of several
// subjects (a search that found two cases) goes when the first of them is
// destroyed. Check (Verify with counts) then reports such a text as
// destroyed: the chain still holds its hash, and a later deletion in the
// chain shares one of its subjects. A text that is changed, missing, or
// blanked without such a deletion breaks the chain at its event, as does a
// subject row removed (it would keep the text from being destroyed).
//
// A text about no record (a search that found nobody) is destroyed only with
// its event, by Prune, which removes texts and subjects with the events.
package audit
