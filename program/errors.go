package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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

// MaxProblems is the most problems one error lists: a [Problems] keeps the
// first MaxProblems it is given, in order, and counts the rest, which its
// error reports as an [OmittedProblems] after the listed ones. An input
// with a million bad values costs a million counts, not a million messages
// held in memory and sent back.
const MaxProblems = 100

// OmittedProblems stands, at the end of an error's problems, for the
// problems past [MaxProblems] that were counted but not kept. It matches
// [ErrInvalidInput]. [FieldErrors] leaves it out; [Omitted] reads its count.
type OmittedProblems struct {
	N int
}

func (e *OmittedProblems) Error() string {
	if e.N == 1 {
		return "and 1 more problem, not listed"
	}
	return "and " + strconv.Itoa(e.N) + " more problems, not listed"
}

// Is reports whether target is [ErrInvalidInput].
func (e *OmittedProblems) Is(target error) bool { return target == ErrInvalidInput }

// Problems collects every problem of one input so that a caller sees them all
// at once rather than one per attempt, up to [MaxProblems]: past it, problems
// are counted, not kept. The zero value is ready to use.
type Problems struct {
	list    []error
	omitted int
}

// Add records a problem with the value at pointer.
func (p *Problems) Add(pointer, format string, args ...any) {
	if p.Full() {
		p.omitted++
		return
	}
	p.list = append(p.list, Invalid(pointer, format, args...))
}

// AddErr records err, which should already locate its value. The problems
// of a joined error are recorded one by one, so that they count against
// [MaxProblems] one by one.
func (p *Problems) AddErr(err error) {
	walkProblems(err, func(e error) {
		if o, ok := e.(*OmittedProblems); ok {
			p.omitted += o.N
			return
		}
		if p.Full() {
			p.omitted++
			return
		}
		p.list = append(p.list, e)
	})
}

// Full reports whether [MaxProblems] problems are kept already: a caller
// that builds a costly problem (a long pointer, a formatted detail) may
// call [Problems.Skip] instead of building it.
func (p *Problems) Full() bool { return len(p.list) >= MaxProblems }

// Skip counts a problem without recording it; only for when p is
// [Problems.Full].
func (p *Problems) Skip() { p.omitted++ }

// insert records err at position i of the list (0 is first), shifting
// later ones down; when the list is full its last problem becomes an
// omitted one.
func (p *Problems) insert(i int, err error) {
	if i >= MaxProblems {
		p.omitted++
		return
	}
	if p.Full() {
		p.list = p.list[:len(p.list)-1]
		p.omitted++
	}
	p.list = append(p.list, nil)
	copy(p.list[i+1:], p.list[i:])
	p.list[i] = err
}

// Len is the number of problems recorded so far, those past [MaxProblems]
// included.
func (p *Problems) Len() int { return len(p.list) + p.omitted }

// Err returns nil when nothing was recorded, the single problem when there is
// one, and their [errors.Join] otherwise, ending with an [OmittedProblems]
// when some were counted and not kept.
func (p *Problems) Err() error {
	switch {
	case p.omitted > 0:
		return errors.Join(append(p.list[:len(p.list):len(p.list)], &OmittedProblems{N: p.omitted})...)
	case len(p.list) == 0:
		return nil
	case len(p.list) == 1:
		return p.list[0]
	}
	return errors.Join(p.list...)
}

// walkProblems calls each for every problem in err, in order, looking
// through joins and wraps: a *FieldError, an *OmittedProblems, or another
// error with neither beneath it.
func walkProblems(err error, each func(error)) {
	switch x := err.(type) {
	case nil:
	case *FieldError, *OmittedProblems:
		each(x)
	case interface{ Unwrap() []error }:
		for _, inner := range x.Unwrap() {
			walkProblems(inner, each)
		}
	case interface{ Unwrap() error }:
		if inner := x.Unwrap(); inner != nil {
			walkProblems(inner, each)
		} else {
			each(err)
		}
	default:
		each(err)
	}
}

// FieldErrors flattens err into its field errors, in order, looking through
// joins and wraps (fmt.Errorf("...: %w", err)) at any depth. An error in the
// tree with no FieldError beneath it is returned as one with an empty Pointer.
// The count of problems left out past [MaxProblems] is not a field error:
// [Omitted] reads it.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	walkProblems(err, func(e error) {
		switch x := e.(type) {
		case *FieldError:
			out = append(out, x)
		case *OmittedProblems:
		default:
			out = append(out, &FieldError{Detail: e.Error()})
		}
	})
	return out
}

// Omitted is how many problems of err were counted but not listed, past
// [MaxProblems]: 0 when [FieldErrors] lists them all.
func Omitted(err error) int {
	n := 0
	walkProblems(err, func(e error) {
		if o, ok := e.(*OmittedProblems); ok {
			n += o.N
		}
	})
	return n
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
	walkProblems(err, func(e error) {
		switch x := e.(type) {
		case *FieldError:
			if x.Parameter == "" {
				x = &FieldError{Pointer: pointer + x.Pointer, Detail: x.Detail}
			}
			p.AddErr(x)
		case *OmittedProblems:
			p.AddErr(x)
		default:
			p.AddErr(&FieldError{Pointer: pointer, Detail: e.Error()})
		}
	})
	return p.Err()
}

// shortText is s for a message, cut to its first 32 bytes (on a character
// boundary) and its length when it is longer than 40: a problem names the
// value it is about without echoing a whole long one back.
func shortText(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:shortCut(s)] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// quoteShort is s quoted for a message, cut as [shortText] cuts it.
func quoteShort(s string) string {
	if len(s) <= 40 {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:shortCut(s)]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

func shortCut(s string) int {
	cut := 32
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return cut
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
