package agenda

import (
	"casusoverleg/conference"
)

func validateItem(it *Item) error {
	var errs conference.ValidationErrors
	if err := conference.ValidateStruct(it); err != nil {
		errs = err.(conference.ValidationErrors)
	}
	switch {
	case it.Kind == KindGeneral && it.CaseID != nil:
		errs.Add("case_id", "must be empty for a general topic")
	case it.Kind == KindGeneral && it.Title == "":
		errs.Add("title", "is required for a general topic")
	case it.Kind != KindGeneral && it.CaseID == nil:
		errs.Add("case_id", "is required")
	}
	return errs.Err()
}
