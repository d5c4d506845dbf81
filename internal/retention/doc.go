// Package retention keeps the privacy lifecycle of closed cases: the
// retention settings (how long a case is kept after closing, per series with
// a region default, and how long the audit log is kept), the destruction
// list that a daily job proposes and an admin approves (Archiefwet: someone
// signs it off), the destruction of a case's personal data and the
// destruction record that remains (references, counts and hashes only).
//
// The job runs in one app server at a time, under a lease row in the
// database (job_leases); destroying a case is one transaction that first
// claims the case (destroyed_at set where it was not), so two runners at
// once destroy it once.
package retention
