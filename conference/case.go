package conference

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CaseStatus is the life cycle state of a case.
type CaseStatus string

// The states of a case: aangemeld → in_behandeling → monitoring → afgesloten.
const (
	CaseReferred   CaseStatus = "aangemeld"
	CaseInProgress CaseStatus = "in_behandeling"
	CaseMonitoring CaseStatus = "monitoring"
	CaseClosed     CaseStatus = "afgesloten"
)

// Theme is the main concern of a case; it selects the question sets.
type Theme string

// The themes a case can have.
const (
	ThemeReturn         Theme = "nazorg"           // return of a detainee
	ThemeDomestic       Theme = "huiselijk_geweld" // domestic violence, family-wide safety
	ThemeRadicalisation Theme = "radicalisering"
	ThemeHighImpact     Theme = "high_impact" // Top X, high impact crime
	ThemeYouth          Theme = "jeugd"
	ThemeCare           Theme = "zorg_en_overlast" // care needs and nuisance
)

// Themes lists every valid Theme.
var Themes = []Theme{ThemeReturn, ThemeDomestic, ThemeRadicalisation, ThemeHighImpact, ThemeYouth, ThemeCare}

// CaseStatuses lists every valid CaseStatus.
var CaseStatuses = []CaseStatus{CaseReferred, CaseInProgress, CaseMonitoring, CaseClosed}

// Case is the person or family discussed (casus). Reference is public within the
// Veiligheidshuis; everything else is need-to-know (see Actor.CanSeeCase).
type Case struct {
	ID        int64  `json:"id"`
	Reference string `json:"reference"`
	// Redacted is true when the actor may not see the case: only ID and Reference are set.
	Redacted bool `json:"redacted,omitempty"`
	// Subject names the case on agendas; it derives from the main person ("R. de G. (1991)").
	Subject                 string `json:"subject,omitempty" validate:"max=200"`
	Theme                   Theme  `json:"theme,omitempty" validate:"required,oneof=nazorg huiselijk_geweld radicalisering high_impact jeugd zorg_en_overlast"`
	Postcode                string `json:"postcode,omitempty" validate:"required,pc4"`
	Neighbourhood           string `json:"neighbourhood,omitempty" validate:"required,max=100"`
	ReferringOrganisationID int64  `json:"referring_organisation_id,omitempty" validate:"gt=0"`
	// CaseDirectorOrganisationID is the organisation that directs the case (procesregisseur);
	// CaseDirectorID, when set, is a person of it.
	CaseDirectorOrganisationID *int64     `json:"case_director_organisation_id,omitempty"`
	CaseDirectorID             *int64     `json:"case_director_id,omitempty"`
	InvolvedOrganisationIDs    []int64    `json:"involved_organisation_ids,omitempty" validate:"min=1,dive,gt=0"`
	Status                     CaseStatus `json:"status,omitempty" validate:"oneof=aangemeld in_behandeling monitoring afgesloten"`
	Summary                    string     `json:"summary,omitempty" validate:"max=10000"`
	ReviewDate                 *time.Time `json:"review_date,omitempty"`
	// ClosingReason says why the case was closed (afgesloten); ClosedAt when.
	ClosingReason string     `json:"closing_reason,omitempty" validate:"max=2000"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"`
	// Outcome is how the closed case ended; OutcomeDetail names the
	// organisation it was handed over to (or explains "anders").
	Outcome       CaseOutcome `json:"outcome,omitempty"`
	OutcomeDetail string      `json:"outcome_detail,omitempty" validate:"max=200"`
	// DestroyedAt is when the case's personal data were destroyed after its
	// retention period; only the reference and counts remain.
	DestroyedAt *time.Time `json:"destroyed_at,omitempty"`
	// RepeatOf is, for a repeat referral (herhaalde aanmelding), the date of
	// the last meeting that discussed a case of one of its persons within the
	// series' period before this referral.
	RepeatOf *time.Time `json:"repeat_of,omitempty"`
	// Persons are the persons on the case (betrokkenen). Case and the case
	// page load them; lists leave them out.
	Persons   []Person  `json:"persons,omitempty"`
	Version   int       `json:"version,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Validate reports what is wrong with c, field by field. The referring
// organisation is always involved: it is added when missing.
func (c *Case) Validate() error {
	c.Subject = strings.TrimSpace(c.Subject)
	c.Postcode = strings.TrimSpace(c.Postcode)
	c.Neighbourhood = strings.TrimSpace(c.Neighbourhood)
	if c.Status == "" {
		c.Status = CaseReferred
	}
	if c.ReferringOrganisationID > 0 && !slices.Contains(c.InvolvedOrganisationIDs, c.ReferringOrganisationID) {
		c.InvolvedOrganisationIDs = append(c.InvolvedOrganisationIDs, c.ReferringOrganisationID)
	}
	c.InvolvedOrganisationIDs = uniqueIDs(c.InvolvedOrganisationIDs)
	var errs ValidationErrors
	if err := ValidateStruct(c); err != nil {
		if !asValidation(err, &errs) {
			return err
		}
	}
	mains := 0
	for i := range c.Persons {
		if err := c.Persons[i].Validate(); err != nil {
			var pe ValidationErrors
			if !asValidation(err, &pe) {
				return err
			}
			for _, e := range pe {
				errs.Add(fmt.Sprintf("persons[%d].%s", i, e.Field), e.Msg)
			}
		}
		if c.Persons[i].Role == RoleMain {
			mains++
		}
	}
	if mains > 1 {
		errs.Add("persons", "may have one main person (hoofdpersoon)")
	}
	if main, ok := MainPerson(c.Persons); ok {
		c.Subject = main.Subject()
	} else if c.ID == 0 && c.Subject == "" {
		errs.Add("persons", "is required: name at least the main person")
	}
	return errs.Err()
}

// RepeatReferral reports whether the case is a repeat referral (herhaalde aanmelding).
func (c *Case) RepeatReferral() bool { return c.RepeatOf != nil }

// Involves reports whether organisation orgID is among the involved organisations.
func (c *Case) Involves(orgID int64) bool {
	return slices.Contains(c.InvolvedOrganisationIDs, orgID)
}

// Redact returns the view of c for someone who may not see it: its reference and "afgeschermd".
func (c Case) Redact() Case {
	return Case{ID: c.ID, Reference: c.Reference, Redacted: true}
}

// FormatReference renders a case reference such as 2026-0042.
func FormatReference(year, seq int) string {
	return fmt.Sprintf("%04d-%04d", year, seq)
}

// CaseFilter selects cases in a list.
type CaseFilter struct {
	Status   CaseStatus
	Theme    Theme
	Postcode string
	// Query matches the reference, subject or neighbourhood.
	Query string
	// IncludeClosed keeps closed cases in a list without a status filter;
	// working lists leave them out.
	IncludeClosed bool
	Page
}

func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
