package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// caseEditInput is the JSON body of a case edit (applying a decision): only
// the fields given change; "" for a date or 0 for the director clears it.
type caseEditInput struct {
	CaseDirectorOrganisationID *int64                 `json:"case_director_organisation_id"`
	CaseDirectorID             *int64                 `json:"case_director_id"`
	ReviewDate                 *string                `json:"review_date"`
	Status                     conference.CaseStatus  `json:"status"`
	ClosingReason              string                 `json:"closing_reason"`
	Outcome                    conference.CaseOutcome `json:"outcome"`
	OutcomeDetail              string                 `json:"outcome_detail"`
	Version                    int                    `json:"version"`
}

func (in caseEditInput) domain() (conference.CaseEdit, error) {
	var errs conference.ValidationErrors
	e := conference.CaseEdit{Version: in.Version, Status: in.Status, ClosingReason: in.ClosingReason,
		Outcome: in.Outcome, OutcomeDetail: in.OutcomeDetail,
		DirectorOrganisationID: in.CaseDirectorOrganisationID, DirectorID: in.CaseDirectorID}
	if e.DirectorOrganisationID != nil && *e.DirectorOrganisationID == 0 {
		e.DirectorOrganisationID, e.DirectorID, e.ClearDirector = nil, nil, true
	}
	if in.ReviewDate != nil {
		if *in.ReviewDate == "" {
			e.ClearReview = true
		} else {
			e.ReviewDate = parseDate(&errs, "review_date", *in.ReviewDate)
		}
	}
	return e, errs.Err()
}

// caseEditForm reads the case edit form: every field is sent, so an empty
// one clears its value.
func caseEditForm(c *gin.Context) (conference.CaseEdit, error) {
	var errs conference.ValidationErrors
	e := closingForm(c)
	e.Version = formInt(c, &errs, "version")
	if org := formOptionalID(c, &errs, "case_director_organisation_id"); org != nil {
		e.DirectorOrganisationID = org
		e.DirectorID = formOptionalID(c, &errs, "case_director_id")
	} else {
		e.ClearDirector = true
	}
	if d := strings.TrimSpace(c.PostForm("review_date")); d != "" {
		e.ReviewDate = parseDate(&errs, "review_date", d)
	} else {
		e.ClearReview = true
	}
	return e, errs.Err()
}

// closingForm reads the status and, for closing, the reason and the outcome.
func closingForm(c *gin.Context) conference.CaseEdit {
	return conference.CaseEdit{Status: conference.CaseStatus(c.PostForm("status")), ClosingReason: c.PostForm("closing_reason"),
		Outcome: conference.CaseOutcome(c.PostForm("outcome")), OutcomeDetail: c.PostForm("outcome_detail")}
}

// formOptionalID reads an id field that may be left empty.
func formOptionalID(c *gin.Context, errs *conference.ValidationErrors, field string) *int64 {
	v := strings.TrimSpace(c.PostForm(field))
	if v == "" {
		return nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		errs.Add(field, "is not a valid choice")
		return nil
	}
	return &id
}
