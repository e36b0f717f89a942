package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalidInput is matched (with [errors.Is]) by every error that reports
// bad input: a malformed value, an unknown enum, a missing field, facts that
// contradict each other. Errors that do not match it are not the caller's
// fault.
var ErrInvalidInput = errors.New("invalid input")

// FieldError is one problem with one value of an input. Pointer locates the
// value as an RFC 6901 JSON Pointer into the document the caller sent
// ("/opportunity/stage", "/bids/2/lines/0/msrp"; "" is the whole document);
// Detail says what is wrong in words a caller can act on. Its JSON form is
// the {pointer, detail} member of the problem documents the command and the
// HTTP API write.
//
// A problem with a parameter of the call rather than with the document (the
// evaluation instant "now", given beside the input) names the Parameter
// instead, and its JSON form is {parameter, detail}.
type FieldError struct {
	Pointer   string `json:"pointer"`
	Parameter string `json:"parameter,omitempty"`
	Detail    string `json:"detail"`
}

func (e *FieldError) Error() string {
	switch {
	case e.Parameter != "":
		return e.Parameter + ": " + e.Detail
	case e.Pointer == "":
		return e.Detail
	}
	return e.Pointer + ": " + e.Detail
}

// Location is where the problem is: the parameter's name for a parameter's
// problem, the JSON Pointer otherwise.
func (e *FieldError) Location() string {
	if e.Parameter != "" {
		return e.Parameter
	}
	return e.Pointer
}

// MarshalJSON writes {"pointer": ..., "detail": ...}, or {"parameter": ...,
// "detail": ...} for a parameter's problem.
func (e *FieldError) MarshalJSON() ([]byte, error) {
	if e.Parameter != "" {
		return json.Marshal(struct {
			Parameter string `json:"parameter"`
			Detail    string `json:"detail"`
		}{e.Parameter, e.Detail})
	}
	return json.Marshal(struct {
		Pointer string `json:"pointer"`
		Detail  string `json:"detail"`
	}{e.Pointer, e.Detail})
}

// Is reports whether target is [ErrInvalidInput].
func (e *FieldError) Is(target error) bool { return target == ErrInvalidInput }

// Invalid returns a [FieldError] at pointer with a formatted detail.
func Invalid(pointer, format string, args ...any) *FieldError {
	return &FieldError{Pointer: pointer, Detail: fmt.Sprintf(format, args...)}
}

// Problems collects every problem of one input so that a caller sees them all
// at once rather than one per attempt. The zero value is ready to use.
type Problems struct {
	list []error
}

// Add records a problem with the value at pointer.
func (p *Problems) Add(pointer, format string, args ...any) {
	p.list = append(p.list, Invalid(pointer, format, args...))
}

// AddErr records err, which should already locate its value.
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
// tree with no FieldError beneath it is returned as one with an empty Pointer.
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
			out = append(out, &FieldError{Detail: e.Error()})
		}
	}
	walk(err)
	return out
}

// Path appends member names to the JSON Pointer parent, escaping each as
// RFC 6901 says ("~" as "~0", "/" as "~1"): Path("", "partner", "country") is
// "/partner/country" and Path("/seats/1", "license") is "/seats/1/license".
func Path(parent string, names ...string) string {
	for _, n := range names {
		parent += "/" + escapePointer(n)
	}
	return parent
}

// Index is the JSON Pointer of element i of the list at parent: Index("/bids",
// 2) is "/bids/2".
func Index(parent string, i int) string {
	return parent + "/" + strconv.Itoa(i)
}

func escapePointer(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// Locations lists where each problem of err is ([FieldError.Location]), in
// order: what a test compares, or a log line names.
func Locations(err error) []string {
	var out []string
	for _, fe := range FieldErrors(err) {
		out = append(out, fe.Location())
	}
	return out
}

// Within places err's problems below the value at pointer: a policy decoded
// on its own and then reported as the "dealreg" member of a policy set gets
// "/dealreg" in front of each pointer. Errors that are not field errors are
// kept as field errors at pointer. A nil err gives nil.
func Within(pointer string, err error) error {
	if err == nil {
		return nil
	}
	var p Problems
	for _, fe := range FieldErrors(err) {
		if fe.Parameter == "" {
			fe = &FieldError{Pointer: pointer + fe.Pointer, Detail: fe.Detail}
		}
		p.AddErr(fe)
	}
	return p.Err()
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

// RequireMember records that the member name below the pointer at is
// required when missing is true: the check a package makes, for callers
// that build its input in Go, of a member its input's [RequireTag] requires
// in JSON. what says what the member holds ("the partner's track: select or
// open").
func RequireMember(p *Problems, at, name string, missing bool, what string) {
	if missing {
		p.Add(Path(at, name), "required: %s", what)
	}
}
