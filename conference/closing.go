package conference

import (
	"slices"
	"strings"
	"time"
)

// CaseOutcome says how a closed case ended (afloop), from a fixed list.
type CaseOutcome string

// The outcomes a closed case can have.
const (
	OutcomeGoalReached CaseOutcome = "doel_bereikt"
	// OutcomeTransferred: handed over to an organisation, named in OutcomeDetail.
	OutcomeTransferred CaseOutcome = "overgedragen"
	OutcomeNoGround    CaseOutcome = "geen_grondslag"
	OutcomeDeceased    CaseOutcome = "overleden"
	OutcomeMoved       CaseOutcome = "verhuisd"
	// OutcomeOther is also the outcome of cases closed before outcomes existed.
	OutcomeOther CaseOutcome = "anders"
)

// CaseOutcomes lists every valid CaseOutcome, in the order a form offers them.
var CaseOutcomes = []CaseOutcome{OutcomeGoalReached, OutcomeTransferred, OutcomeNoGround, OutcomeDeceased, OutcomeMoved, OutcomeOther}

// checkClosing validates the outcome given when a case is closed: one of
// CaseOutcomes, and for a transfer the organisation (or text) it went to.
// It trims detail and clears it for an outcome that takes none.
func checkClosing(errs *ValidationErrors, outcome CaseOutcome, detail *string) {
	*detail = strings.TrimSpace(*detail)
	switch {
	case outcome == "":
		errs.Add("outcome", "is required when closing a case")
	case !slices.Contains(CaseOutcomes, outcome):
		errs.Add("outcome", "is not an outcome")
	case outcome == OutcomeTransferred && *detail == "":
		errs.Add("outcome_detail", "is required: name the organisation the case was handed over to")
	}
	if len(*detail) > 200 {
		errs.Add("outcome_detail", "must be at most 200 characters")
	}
	if outcome != OutcomeTransferred && outcome != OutcomeOther {
		*detail = ""
	}
}

// Reopen asks to take a closed case back into treatment.
type Reopen struct {
	CaseID  int64
	Version int
	Reason  string
	// RetentionEnds is when the case's retention period after closing ends
	// (the retention settings say how long); from then on it cannot be reopened.
	RetentionEnds time.Time
}

// validate checks r against the case as stored and the clock.
func (r *Reopen) validate(c Case, destroyed bool, now time.Time) error {
	var errs ValidationErrors
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		errs.Add("reason", "is required: say why the case is reopened")
	} else if len(r.Reason) > 2000 {
		errs.Add("reason", "must be at most 2000 characters")
	}
	switch {
	case destroyed:
		errs.Add("status", "the case's data were destroyed after its retention period; refer the person again as a new case")
	case c.Status != CaseClosed:
		errs.Add("status", "only a closed case can be reopened")
	case !now.Before(r.RetentionEnds):
		errs.Add("status", "the retention period of this case has ended: it can no longer be reopened (it is due for destruction); refer the person again as a new case")
	}
	return errs.Err()
}
