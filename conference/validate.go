package conference

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

var (
	validateOnce sync.Once
	validate     *validator.Validate
	pc4Pattern   = regexp.MustCompile(`^[1-9][0-9]{3}$`)
	clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// messages turns a validator tag into the message shown next to the field.
var messages = map[string]string{
	"required": "is required",
	"email":    "must be an e-mail address",
	"pc4":      "must be a four-digit postcode area (PC4), e.g. 5341",
	"clock":    "must be a time like 09:30",
	"gt":       "must be set",
	"gtefield": "must not be before the start",
	"dive":     "has an invalid entry",
}

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				return ""
			}
			return name
		})
		_ = validate.RegisterValidation("clock", func(fl validator.FieldLevel) bool {
			return clockPattern.MatchString(fl.Field().String())
		})
		_ = validate.RegisterValidation("pc4", func(fl validator.FieldLevel) bool {
			return pc4Pattern.MatchString(fl.Field().String())
		})
	})
	return validate
}

// ValidateStruct checks v against its `validate` tags and returns ValidationErrors
// named by the JSON field names, or nil. Domain packages call it from Validate.
func ValidateStruct(v any) error {
	err := validatorInstance().Struct(v)
	if err == nil {
		return nil
	}
	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		return err
	}
	var out ValidationErrors
	for _, fe := range fieldErrs {
		out.Add(fieldPath(fe), message(fe))
	}
	return out
}

// fieldPath drops the struct name from the namespace: "Case.involved_organisation_ids[0]"
// becomes "involved_organisation_ids[0]".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return fe.Field()
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "max":
		return "must be at most " + fe.Param() + " characters"
	case "min":
		if fe.Kind() == reflect.Slice {
			return "must have at least " + fe.Param() + " entries"
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of: " + fe.Param()
	}
	if m, ok := messages[fe.Tag()]; ok {
		return m
	}
	return "is invalid (" + fe.Tag() + ")"
}

// join merges two validation results into one.
func join(a, b error) error {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	var va, vb ValidationErrors
	if errors.As(a, &va) && errors.As(b, &vb) {
		return append(va, vb...)
	}
	return errors.Join(a, b)
}
