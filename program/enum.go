package program

import (
	"slices"
	"unsafe"
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
	var buf [256]byte
	b := appendNotOne(buf[:0], string(text), what, values)
	return typeError[T](string(b))
}

// appendNotOne appends the detail of a value v that is not one of values:
// `"x" is not a what (a, b, c)`.
func appendNotOne[T ~string](b []byte, v, what string, values []T) []byte {
	b = appendQuoteShort(b, v)
	b = append(b, " is not a "...)
	b = append(b, what...)
	b = append(b, " ("...)
	return append(appendOneOf(b, values), ')')
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
	if p.Full() {
		p.Skip()
		return
	}
	// The detail is written straight into p's space, the list of values
	// with it: no text of its own, no format.
	s := p.ready()
	start := len(s.text)
	var b []byte
	if v == "" {
		b = appendOneOf(append(s.text, "required: one of "...), values)
	} else {
		b = appendNotOne(s.text, string(v), what, values)
	}
	p.record(field, s.keep(b, start))
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

// IsOneOf reports whether v is one of values: the Valid of every enum.
func IsOneOf[T ~string](v T, values []T) bool { return IndexOf(v, values) >= 0 }

// IndexOf is the index of v in values, or -1. A value decoded by
// [UnmarshalEnum], or written in Go as one of the declared constants,
// shares its bytes with the value listed, so the list is first searched
// by address, a word compared per value; only a value built some other
// way is compared byte by byte.
func IndexOf[T ~string](v T, values []T) int {
	p := unsafe.StringData(string(v))
	for i, x := range values {
		if unsafe.StringData(string(x)) == p && len(x) == len(v) {
			return i
		}
	}
	return slices.Index(values, v)
}
