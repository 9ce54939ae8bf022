package spec

import "github.com/getkin/kin-openapi/openapi3"

// SchemaOptions returns the schema validation options every validation against the document
// must use: the string formats the document relies on are registered per validation (not in
// kin-openapi's global table), so `uuid` and `date-time` are checked, never ignored.
func SchemaOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
			"uuid":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122),
			"date-time": dateTimeValidator(),
		}),
	}
}

// dateTimeValidator accepts RFC 3339 date-times, including the service's seven fractional
// digits, and rejects impossible dates such as February 30th.
func dateTimeValidator() openapi3.StringFormatValidator {
	re := openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDateTime)
	return openapi3.NewCallbackValidator(func(v string) error {
		if err := re.Validate(v); err != nil {
			return err
		}
		return checkCalendarDate(v)
	})
}
