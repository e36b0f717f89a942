package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
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
//
// The problems a Problems records itself ([Problems.Add], [CheckEnum]) share
// its space: their [FieldError] values and texts, and the pointers built
// with [Problems.Path] and [Problems.Index], are carved from one allocation
// for the first few problems of an input, with more taken as needed. A
// valid input allocates nothing.
type Problems struct {
	list    []error
	omitted int
	space   *problemSpace
}

// problemSpace holds what a [Problems] hands out: [FieldError] values and
// the bytes of texts. It is reached through a pointer, so that copies of a
// Problems share it and never hand out the same FieldError or bytes twice.
// Bytes once handed out are never written again: a text is appended past
// them (into a new array when it does not fit, the earlier texts staying
// where they are), so each string stays as it was.
type problemSpace struct {
	text  []byte       // the texts so far; its free capacity is where the next goes
	spare []FieldError // the chunk FieldErrors are taken from, up to its capacity
	list  [firstProblems]error
	fe    [firstProblems]FieldError
	buf   [problemText]byte // text's first array, last so the collector skips it
}

const (
	// firstProblems is how many problems the first allocation holds;
	// later FieldErrors come in chunks that double.
	firstProblems = 4
	// problemText fills the first allocation up to a size class (640
	// bytes on 64-bit, less the 8-byte header an object with pointers
	// takes past 512): room for the pointers and texts of two or three
	// problems, "one of" lists included. A larger block costs more in
	// collection than it saves: 1 KiB made a refused NFR request (36
	// bytes of text) take twice its former CPU time.
	problemText = 640 - 8 - 2*3*8 - firstProblems*(2*8+6*8)
)

// ready returns p's space, allocating it for the first problem.
func (p *Problems) ready() *problemSpace {
	if p.space == nil {
		s := new(problemSpace)
		s.text = s.buf[:0]
		s.spare = s.fe[:0]
		p.space = s
		if cap(p.list) == 0 {
			p.list = s.list[:0]
		}
	}
	return p.space
}

// keep takes as a string what was appended to s.text from start (b is
// s.text with the text appended), and makes b the text space: the bytes up
// to its end are handed out.
func (s *problemSpace) keep(b []byte, start int) string {
	s.text = b
	if len(b) == start {
		return ""
	}
	return unsafe.String(&b[start], len(b)-start)
}

// record adds a problem whose pointer and detail are already built.
func (p *Problems) record(pointer, detail string) {
	s := p.ready()
	if len(s.spare) == cap(s.spare) {
		s.spare = make([]FieldError, 0, 2*cap(s.spare))
	}
	s.spare = s.spare[:len(s.spare)+1]
	fe := &s.spare[len(s.spare)-1]
	*fe = FieldError{Pointer: pointer, Detail: detail}
	p.list = append(p.list, fe)
}

// Add records a problem with the value at pointer; its detail is
// fmt.Sprintf(format, args...), written into p's space (a format with no
// verb and no args is the detail as it is).
func (p *Problems) Add(pointer, format string, args ...any) {
	if p.Full() {
		p.omitted++
		return
	}
	detail := format
	if len(args) > 0 || strings.IndexByte(format, '%') >= 0 {
		s := p.ready()
		start := len(s.text)
		detail = s.keep(fmt.Appendf(s.text, format, args...), start)
	}
	p.record(pointer, detail)
}

// addText records a problem with the value at pointer whose detail is the
// parts, one after the other: the typed form of [Problems.Add] for the
// checks of this package, which boxes nothing and parses no format.
func (p *Problems) addText(pointer string, parts ...string) {
	if p.Full() {
		p.omitted++
		return
	}
	s := p.ready()
	start := len(s.text)
	b := s.text
	for _, t := range parts {
		b = append(b, t...)
	}
	p.record(pointer, s.keep(b, start))
}

// addCount records a problem with the value at pointer whose detail is n
// then text: [Problems.addText] for a number, which it does not box.
func (p *Problems) addCount(pointer string, n int, text string) {
	if p.Full() {
		p.omitted++
		return
	}
	s := p.ready()
	start := len(s.text)
	p.record(pointer, s.keep(append(strconv.AppendInt(s.text, int64(n), 10), text...), start))
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
	if len(names) == 0 {
		return parent
	}
	n := len(parent)
	for _, name := range names {
		n += 1 + len(name) + strings.Count(name, "~") + strings.Count(name, "/")
	}
	b := appendPath(make([]byte, 0, n), parent, names...)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// Index is the JSON Pointer of element i of the list at parent: Index("/bids",
// 2) is "/bids/2".
func Index(parent string, i int) string {
	return parent + "/" + strconv.Itoa(i)
}

// Path is [Path] built in p's space, for the pointer of a problem: the
// pointers of an input's problems take no allocation of their own. Once p
// is [Problems.Full], or when p is nil, it is [Path].
func (p *Problems) Path(parent string, names ...string) string {
	if p == nil || p.Full() || len(names) == 0 {
		return Path(parent, names...)
	}
	s := p.ready()
	start := len(s.text)
	return s.keep(appendPath(s.text, parent, names...), start)
}

// Index is [Index] built in p's space, as [Problems.Path] is.
func (p *Problems) Index(parent string, i int) string {
	if p == nil || p.Full() {
		return Index(parent, i)
	}
	s := p.ready()
	start := len(s.text)
	b := append(append(s.text, parent...), '/')
	return s.keep(strconv.AppendInt(b, int64(i), 10), start)
}

// appendPath appends parent and then each name, escaped, after a "/".
func appendPath(b []byte, parent string, names ...string) []byte {
	b = append(b, parent...)
	for _, name := range names {
		b = appendEscaped(append(b, '/'), name)
	}
	return b
}

// appendEscaped appends a member name as a JSON Pointer token: "~" as "~0",
// "/" as "~1".
func appendEscaped(b []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '~':
			b = append(b, "~0"...)
		case '/':
			b = append(b, "~1"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// escapePointer is name as a JSON Pointer token.
func escapePointer(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return string(appendEscaped(nil, name))
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
	return string(appendQuoteShort(nil, s))
}

// appendQuoteShort appends s quoted, cut as [shortText] cuts it. The cut
// is at the start of a character, so quoting the part kept and then "…"
// writes what quoting them joined would.
func appendQuoteShort(b []byte, s string) []byte {
	if len(s) <= 40 {
		return strconv.AppendQuote(b, s)
	}
	b = strconv.AppendQuote(b, s[:shortCut(s)])
	b = append(b[:len(b)-1], `…" (`...)
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(b, " bytes)"...)
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
	return string(appendOneOf(nil, values))
}

// appendOneOf appends the allowed enum values, for an error message:
// "a, b, c".
func appendOneOf[T ~string](b []byte, values []T) []byte {
	for i, v := range values {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return b
}

// RequireMember records that the member name below the pointer at is
// required when missing is true: the check a package makes, for callers
// that build its input in Go, of a member its input's [RequireTag] requires
// in JSON. what says what the member holds ("the partner's track: select or
// open").
func RequireMember(p *Problems, at, name string, missing bool, what string) {
	if missing {
		p.addText(p.Path(at, name), "required: ", what)
	}
}
