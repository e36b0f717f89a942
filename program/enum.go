package program

import (
	"fmt"

	"slices"
)

// Enum is implemented by the string enums of this module. Valid reports
// whether the value is one of the declared constants; the zero value never is.
type Enum interface {
	~string
	Valid() bool
}

// UnmarshalEnum is the UnmarshalText of every enum: it accepts only the listed
// values, exactly as written. [DecodeJSON] places the error at the value.
func UnmarshalEnum[T ~string](dst *T, text []byte, what string, values []T) error {
	for _, v := range values {
		if string(v) == string(text) { // compared without allocating
			*dst = v
			return nil
		}
	}
	return typeError[T](fmt.Sprintf("%s is not a %s (%s)", quoteShort(string(text)), what, oneOf(values)))
}

// typeError reports a value that cannot be decoded into T, as a
// [FieldError] with no pointer: [DecodeJSON] places it at the value.
func typeError[T any](problem string) error {
	return &FieldError{Detail: problem}
}

// CheckEnum records a problem at field when v is not one of values.
func CheckEnum[T ~string](p *Problems, field string, v T, what string, values []T) {
	if slices.Contains(values, v) {
		return
	}
	if v == "" {
		p.Add(field, "required: one of %s", oneOf(values))
		return
	}
	p.Add(field, "%s is not a %s (%s)", quoteShort(string(v)), what, oneOf(values))
}

// Enumerated is implemented by every enum of this module: EnumValues lists
// the valid values, for schema generators and documentation.
type Enumerated interface {
	EnumValues() []string
}

// EnumStrings converts enum values to strings, for EnumValues methods.
func EnumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
