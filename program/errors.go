package program

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidInput is matched (with [errors.Is]) by every error that reports
// bad input: a malformed value, an unknown enum, a missing field, facts that
// contradict each other. Errors that do not match it are not the caller's
// fault.
var ErrInvalidInput = errors.New("invalid input")

// FieldError is one problem with one field of an input. Field is a dotted
// path from the root of the input ("registration.opportunity.stage",
// "bids[2].lines[0].msrp"); Problem says what is wrong in words a caller can
// act on.
type FieldError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

// Is reports whether target is [ErrInvalidInput].
func (e *FieldError) Is(target error) bool { return target == ErrInvalidInput }

// Invalid returns a [FieldError] for field with a formatted problem.
func Invalid(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Problems collects every problem of one input so that a caller sees them all
// at once rather than one per attempt. The zero value is ready to use.
type Problems struct {
	list []error
}

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	p.list = append(p.list, Invalid(field, format, args...))
}

// AddErr records err, which should already name its field.
func (p *Problems) AddErr(err error) {
	if err != nil {
		p.list = append(p.list, err)
	}
}

// Len is the number of problems recorded so far.
func (p *Problems) Len() int { return len(p.list) }

// Err returns nil when nothing was recorded, the single problem when there is
// one, and their [errors.Join] otherwise.
func (p *Problems) Err() error {
	switch len(p.list) {
	case 0:
		return nil
	case 1:
		return p.list[0]
	}
	return errors.Join(p.list...)
}

// FieldErrors flattens err into its field errors, in order, looking through
// joins and wraps (fmt.Errorf("...: %w", err)) at any depth. An error in the
// tree with no FieldError beneath it is returned as one with an empty Field.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *FieldError:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		default:
			out = append(out, &FieldError{Problem: e.Error()})
		}
	}
	walk(err)
	return out
}

// Path joins a field path and a child name: Path("a", "b") is "a.b" and
// Path("", "b") is "b".
func Path(parent, child string) string {
	if parent == "" {
		return child
	}
	if child == "" {
		return parent
	}
	return parent + "." + child
}

// Index is the path of element i of the list at parent: Index("bids", 2) is
// "bids[2]".
func Index(parent string, i int) string {
	return fmt.Sprintf("%s[%d]", parent, i)
}

// oneOf lists allowed enum values for an error message.
func oneOf[T ~string](values []T) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}
