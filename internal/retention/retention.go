package retention

import (
	"time"

	"casusoverleg/conference"
)

// The default retention periods, in months. The README explains them.
const (
	// DefaultCaseMonths: case data are kept five years after closing — the
	// usual practice of Zorg- en Veiligheidshuizen under the Wgs (long
	// enough to see a repeat referral and to answer for the approach taken).
	DefaultCaseMonths = 60
	// DefaultAuditMonths: the audit log is kept seven years — NEN 7513
	// asks at least five for logs of access to health data, and the log
	// should outlive the case data it is about (a case is mostly open for
	// a year or two before its five years after closing start).
	DefaultAuditMonths = 84
)

// Limits of a setting, in months.
const (
	MinCaseMonths  = 1
	MinAuditMonths = 12
	MaxMonths      = 1200
)

// Settings are the retention periods. Series without an entry in Series
// take the region default CaseMonths.
type Settings struct {
	CaseMonths  int            `json:"case_months"`
	AuditMonths int            `json:"audit_months"`
	Series      []SeriesPeriod `json:"series"`
	UpdatedAt   *time.Time     `json:"updated_at,omitempty"`
	UpdatedBy   int64          `json:"updated_by,omitempty"`
}

// SeriesPeriod is the retention period of the cases discussed in one series.
type SeriesPeriod struct {
	SeriesID int64 `json:"series_id"`
	Months   int   `json:"months"`
}

// Months returns the period of series id: its own, or the region default.
func (s Settings) Months(seriesID int64) int {
	for _, p := range s.Series {
		if p.SeriesID == seriesID {
			return p.Months
		}
	}
	return s.CaseMonths
}

// Validate names each field that is out of range.
func (s Settings) Validate() error {
	var errs conference.ValidationErrors
	if s.CaseMonths < MinCaseMonths || s.CaseMonths > MaxMonths {
		errs.Add("case_months", "must be between 1 and 1200 months")
	}
	if s.AuditMonths < MinAuditMonths || s.AuditMonths > MaxMonths {
		errs.Add("audit_months", "must be between 12 and 1200 months")
	}
	seen := map[int64]bool{}
	for _, p := range s.Series {
		switch {
		case p.SeriesID <= 0 || seen[p.SeriesID]:
			errs.Add("series", "names a series twice or not at all")
		case p.Months < MinCaseMonths || p.Months > MaxMonths:
			errs.Add("series", "must be between 1 and 1200 months")
		}
		seen[p.SeriesID] = true
	}
	return errs.Err()
}

// ListStatus is where a destruction list stands.
type ListStatus string

// The states of a destruction list: proposed by the job, approved by an
// admin, then destroyed (the cases' personal data are gone).
const (
	ListProposed  ListStatus = "proposed"
	ListApproved  ListStatus = "approved"
	ListDestroyed ListStatus = "destroyed"
)

// List is a destruction list (vernietigingslijst).
type List struct {
	ID           int64      `json:"id"`
	Status       ListStatus `json:"status"`
	Version      int        `json:"version"`
	ProposedAt   time.Time  `json:"proposed_at"`
	ApprovedBy   *int64     `json:"approved_by,omitempty"`
	ApproverName string     `json:"approver_name,omitempty"`
	ApprovedAt   *time.Time `json:"approved_at,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	DestroyedAt  *time.Time `json:"destroyed_at,omitempty"`
	Cases        []ListCase `json:"cases"`
}

// ListCase is a case on a destruction list: its reference and why it is due.
type ListCase struct {
	CaseID        int64     `json:"case_id"`
	Reference     string    `json:"reference"`
	ClosedAt      time.Time `json:"closed_at"`
	Months        int       `json:"months"`
	RetentionEnds time.Time `json:"retention_ends"`
}

// Record is what remains of a destroyed case: references, counts and hashes.
type Record struct {
	ID           int64            `json:"id"`
	ListID       int64            `json:"list_id"`
	CaseID       int64            `json:"case_id"`
	Reference    string           `json:"reference"`
	ClosedAt     time.Time        `json:"closed_at"`
	Months       int              `json:"months"`
	DestroyedAt  time.Time        `json:"destroyed_at"`
	ApprovedBy   int64            `json:"approved_by"`
	ApproverName string           `json:"approver_name"`
	ApprovedAt   time.Time        `json:"approved_at"`
	Counts       map[string]int64 `json:"counts"`
	Originals    []Original       `json:"originals,omitempty"`
}

// Original is a signed minutes copy destroyed because it held a destroyed
// case: only its hashes remain, so that verify can still name it.
type Original struct {
	ConferenceID int64     `json:"conference_id"`
	Revision     int       `json:"revision"`
	Kind         string    `json:"kind"`
	ContentHash  string    `json:"content_hash"`
	SHA256       string    `json:"sha256"`
	SignedAt     time.Time `json:"signed_at"`
	DestroyedAt  time.Time `json:"destroyed_at"`
	ListID       int64     `json:"list_id"`
	RecordID     int64     `json:"record_id"`
}

// addMonths is t plus n months, the way a retention period counts.
func addMonths(t time.Time, n int) time.Time { return t.UTC().AddDate(0, n, 0) }
