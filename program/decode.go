package program

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/internal/iface"
	"github.com/channelpolicy/channelpolicy/internal/jsonscan"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"
)

// DecodeJSON decodes the one JSON value in data into v, a non-nil pointer,
// and reports every problem it finds, not only the first. It is the one
// decoder of this module: rules-package inputs, policies and case books all go
// through it, so they all read JSON the same way (DESIGN.md section 6):
//
//   - Member names match exactly (no case folding); a member the type does not
//     have is an error, and so is a member given twice.
//   - A member is required when its struct field carries the tag
//     jsonschema:"required". A required member that is missing or null is an
//     error; an optional member that is null is treated as absent. Elements of
//     a list are values, never absent: a null element is an error.
//   - A number written with a fraction or exponent is an integer wherever one
//     is wanted if its value is whole (2.0, 2e0), as in JSON Schema.
//   - Instants are RFC 3339 strings; decimals (money amounts, rates) are
//     strings such as "12.50", never JSON numbers, which many callers would
//     round through binary floating point on their side.
//   - A list member whose struct field carries jsonschema:"maxItems=N" holds
//     at most N elements, as its JSON Schema says: a longer list is an error
//     at the list, listed before the problems of its elements, and the
//     elements past N are skipped, not decoded.
//   - Types that implement [encoding.TextUnmarshaler] (enums, dates, codes)
//     are given the string; types that implement [json.Unmarshaler] are given
//     the raw value. Their errors are placed at the value; a [FieldError]
//     they return is placed below it.
//
// Every problem is a [FieldError] whose Pointer is an RFC 6901 JSON Pointer
// into data ("/seats/1/license"; "" is the whole document), matching
// [ErrInvalidInput]. At most [MaxProblems] are listed; the rest are counted
// ([Omitted]). Malformed JSON ends decoding at the first syntax error,
// reported with the problems found before it (in the last place of a full
// list). On error, v may hold part of the input and must not be used.
//
// Decoding takes time and memory linear in len(data), whatever it holds:
// past MaxProblems a problem costs a count, and its pointer is not built.
func DecodeJSON(data []byte, v any) error { return decodeJSON(data, v, true) }

// decodeJSON is DecodeJSON, with the fast path or without.
func decodeJSON(data []byte, v any, fast bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("program.DecodeJSON: v must be a non-nil pointer")
	}
	d := decoderPool.Get().(*decodeState)
	defer d.release()
	if len(bytes.TrimSpace(data)) == 0 {
		return &FieldError{Detail: "empty input; want a JSON value"}
	}
	t := rv.Type().Elem()
	plan := d.lastPlan
	if t != d.lastType {
		plan = planFor(t, "")
		d.lastType, d.lastPlan = t, plan
	}
	// Good input into a zero value is read by the fast path; anything it
	// does not take (any problem at all, and the rarer forms) is read
	// again from the start, into the zero value, by the full decoder
	// below, which finds and places every problem.
	if fast && plan.fast != nil && isZeroValue(rv) {
		d.data, d.pos = data, 0
		if d.fastDocument(plan, rv.UnsafePointer()) {
			return nil
		}
		rv.Elem().SetZero()
	}
	// A bytes.Buffer, not a bytes.Reader: jsontext then reads data in
	// place rather than in refills, which misplace the pointer of a syntax
	// error inside a raw value ("/a//c" for "/a/b/c"). The buffer is the
	// pooled state's own, so it costs no allocation.
	d.full = true
	d.src = *bytes.NewBuffer(data)
	d.dec.Reset(&d.src, jsontext.AllowDuplicateNames(true))
	switch k := d.dec.PeekKind(); {
	case k == 'n' && !plan.takesNull:
		d.skip()
		d.problem("", "the document is null; want "+plan.want+plan.hint)
	case plan.kind != 0 && k != plan.kind && k != 0:
		// The whole document has the wrong type: say so, and what it
		// should hold, at the root pointer "".
		d.skip()
		d.problem("", "the document is "+kindName(k)+"; want "+plan.want+plan.hint)
	default:
		plan.decode(d, rv.Elem())
	}
	if !d.stopped {
		if _, err := d.dec.ReadToken(); err == nil {
			d.problems.AddErr(&FieldError{Detail: "more than one JSON value; want exactly one"})
		} else if !errors.Is(err, io.EOF) {
			d.syntax(err)
		}
	}
	return d.problems.Err()
}

// isZeroValue reports whether *ptr (ptr a non-nil pointer) is its type's
// zero value, as reflect's IsZero does but reading its memory: all of its
// bytes zero. A value whose only non-zero bytes are padding reads as not
// zero, which costs that rare value the fast path, never a wrong answer.
func isZeroValue(ptr reflect.Value) bool {
	n := ptr.Type().Elem().Size()
	if n > uintptr(len(zeroBytes)) {
		return ptr.Elem().IsZero()
	}
	return bytes.Equal(unsafe.Slice((*byte)(ptr.UnsafePointer()), n), zeroBytes[:n])
}

// zeroBytes are the zero value isZeroValue compares with.
var zeroBytes [1024]byte

// decodeState is one decoding in progress.
type decodeState struct {
	src bytes.Buffer
	dec *jsontext.Decoder
	// buf holds the unquoted bytes of the string read last by readBytes.
	buf      []byte
	problems Problems
	// stopped is set by a syntax error: nothing more can be read.
	stopped bool
	// data and pos are the input and the place the fast path reads at.
	data  []byte
	pos   int
	depth int
	// strs is the current document's string space (keep).
	strs []byte
	// full is set once the full decoder has read: only then does its
	// tokenizer need resetting.
	full bool
	// lastType and lastPlan are the plan this state decoded with last: a
	// batch decodes one type again and again.
	lastType reflect.Type
	lastPlan *plan
}

var decoderPool = sync.Pool{New: func() any {
	return &decodeState{dec: jsontext.NewDecoder(bytes.NewReader(nil))}
}}

func (d *decodeState) release() {
	if d.full {
		d.src = bytes.Buffer{}
		d.dec.Reset(&d.src)
		d.problems = Problems{}
		d.stopped, d.full = false, false
	}
	d.data, d.pos, d.depth, d.strs = nil, 0, 0, nil
	decoderPool.Put(d)
}

// here is the pointer of the value read last.
func (d *decodeState) here() string { return string(d.dec.StackPointer()) }

// problem records detail at the pointer of the value read last, followed by
// suffix (a member name below it, already escaped, or ""). Past
// MaxProblems it only counts: the pointer, which costs the depth of the
// value, is not built.
func (d *decodeState) problem(suffix, detail string) {
	if d.problems.Full() {
		d.problems.Skip()
		return
	}
	d.problems.AddErr(&FieldError{Pointer: d.here() + suffix, Detail: detail})
}

// fatal records a problem that ends decoding (a syntax or read error): it
// is kept even when the list is full, in its last place, for it says why
// nothing after it was read.
func (d *decodeState) fatal(fe *FieldError) {
	if d.problems.Full() {
		d.problems.insert(MaxProblems-1, fe)
		return
	}
	d.problems.AddErr(fe)
}

// syntax records a syntax or I/O error and stops decoding.
func (d *decodeState) syntax(err error) {
	if d.stopped {
		return
	}
	d.stopped = true
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		detail := fmt.Sprintf("malformed JSON at byte %d: %s", se.ByteOffset, se.Err)
		if errors.Is(se.Err, io.ErrUnexpectedEOF) || errors.Is(se.Err, io.EOF) {
			detail = fmt.Sprintf("truncated JSON: the input ends inside a value (byte %d)", se.ByteOffset)
		}
		d.fatal(&FieldError{Pointer: string(se.JSONPointer), Detail: detail})
		return
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		d.fatal(&FieldError{Pointer: d.here(), Detail: "truncated JSON: the input ends inside a value"})
		return
	}
	d.fatal(&FieldError{Pointer: d.here(), Detail: "malformed JSON: " + err.Error()})
}

// skip skips the value about to be read, after a problem with it.
func (d *decodeState) skip() {
	if err := d.dec.SkipValue(); err != nil {
		d.syntax(err)
	}
}

// mismatch records that the value about to be read has the wrong kind, and
// skips it.
func (d *decodeState) mismatch(want string) {
	k := d.dec.PeekKind()
	if err := d.dec.SkipValue(); err != nil {
		d.syntax(err)
		return
	}
	d.problem("", "got "+kindName(k)+", want "+want)
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "nothing"
}

// plan decodes one Go type.
type plan struct {
	decode func(d *decodeState, v reflect.Value)
	// want names the JSON the type takes, for messages.
	want string
	// kind is the JSON kind the type takes, when it takes only one ('{'
	// for an object, '[' for a list), and hint lists an object's members,
	// for a message about a whole document of another kind.
	kind jsontext.Kind
	hint string
	// takesNull is set for the types that hold any JSON value (raw JSON,
	// an empty interface): for them null is a value like any other.
	takesNull bool
	// fast decodes a value of the type by the fast path (below), or
	// reports false; nil for the types the fast path leaves to decode.
	fast fastFunc
}

var plans sync.Map // planKey -> *plan

// planKey is a type with the members its place in an input requires beyond
// its own tags (see [RequireTag]).
type planKey struct {
	t       reflect.Type
	require string
}

func planFor(t reflect.Type, require string) *plan {
	key := planKey{t, require}
	if p, ok := plans.Load(key); ok {
		return p.(*plan)
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	b := &planBuilder{building: map[planKey]*plan{}, built: map[planKey]*plan{}}
	p := b.plan(t, require)
	// Plans are published only when every plan they reach is complete:
	// another goroutine never sees one half built.
	for k, built := range b.built {
		plans.Store(k, built)
	}
	return p
}

// buildMu serializes the building of plans; decoding with a built plan
// takes no lock.
var buildMu sync.Mutex

// planBuilder builds the plans of one type and of every type it reaches.
type planBuilder struct {
	// building holds a placeholder for each plan under construction, which
	// a recursive type reaches again; it forwards to the finished plan.
	building map[planKey]*plan
	built    map[planKey]*plan
}

func (b *planBuilder) plan(t reflect.Type, require string) *plan {
	key := planKey{t, require}
	if p, ok := plans.Load(key); ok {
		return p.(*plan)
	}
	if p, ok := b.built[key]; ok {
		return p
	}
	if p, ok := b.building[key]; ok {
		return p
	}
	var ready *plan
	fwd := &plan{decode: func(d *decodeState, v reflect.Value) { ready.decode(d, v) }, want: "a value",
		fast: func(d *decodeState, p unsafe.Pointer) bool { return ready.fast != nil && ready.fast(d, p) }}
	b.building[key] = fwd
	ready = b.buildPlan(t, require)
	fwd.want, fwd.takesNull, fwd.kind, fwd.hint = ready.want, ready.takesNull, ready.kind, ready.hint
	if ready.fast != nil {
		fwd.fast = func(d *decodeState, p unsafe.Pointer) bool { return ready.fast(d, p) }
	}
	delete(b.building, key)
	b.built[key] = ready
	return ready
}

// RequireTag is the struct tag by which an input says which members of a
// shared type it reads, beyond those the type itself requires: a partner is
// the same JSON object for every operation, but deal registration reads its
// agreement and its trained employees while an NFR request reads its track
// and standing. The value lists JSON Pointers relative to the tagged member,
// without their leading slash, separated by commas:
//
//	Partner program.Partner `json:"partner" jsonschema:"required" require:"agreement_signed,employees/foundations_trained"`
//
// Requiring a member below another requires that one too. On a list, the
// pointers apply to each element. The schema generator publishes the same
// requirements.
const RequireTag = "require"

// splitRequire divides a require list into the members required here and
// the lists to pass down to each member.
func splitRequire(require string) (here map[string]bool, below map[string]string) {
	here, below = map[string]bool{}, map[string]string{}
	for _, item := range strings.Split(require, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, rest, nested := strings.Cut(item, "/")
		name = unescapePointer(name)
		if !nested {
			here[name] = true
			continue
		}
		if below[name] != "" {
			below[name] += ","
		}
		below[name] += rest
	}
	return here, below
}

func unescapePointer(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

var (
	typeTime             = reflect.TypeFor[time.Time]()
	typeDecimal          = reflect.TypeFor[decimal.Decimal]()
	typeRawMessage       = reflect.TypeFor[json.RawMessage]()
	typeValue            = reflect.TypeFor[jsontext.Value]()
	typeJSONUnmarshaler  = reflect.TypeFor[json.Unmarshaler]()
	typeTextUnmarshaler  = reflect.TypeFor[encoding.TextUnmarshaler]()
	typeEnumeratedValues = reflect.TypeFor[Enumerated]()
)

// described is implemented by the text types of this package whose JSON
// form is worth naming in a message ("an ISO 4217 currency code such as
// USD").
type described interface{ describe() string }

func (Currency) describe() string  { return "an ISO 4217 currency code such as USD" }
func (Country) describe() string   { return "an ISO 3166-1 alpha-2 country code such as DE" }
func (Date) describe() string      { return "a date such as 2026-11-25" }
func (TimeZone) describe() string  { return "an IANA time zone name such as Europe/Berlin" }
func (ClockTime) describe() string { return "a time of day such as 09:00" }

func (b *planBuilder) buildPlan(t reflect.Type, require string) *plan {
	switch {
	case t == typeTime:
		return &plan{decode: decodeTime, fast: fastTime, want: "an RFC 3339 instant such as \"2026-11-25T09:30:00Z\""}
	case t == typeDecimal:
		return &plan{decode: decodeDecimal, fast: fastDecimal, want: "a decimal string such as \"12.50\""}
	case t == typeRawMessage || t == typeValue:
		return &plan{decode: decodeRaw, fast: fastRaw, want: "a JSON value", takesNull: true}
	case reflect.PointerTo(t).Implements(typeJSONUnmarshaler):
		return &plan{decode: decodeWithUnmarshalJSON, fast: fastUnmarshalJSON(t), want: "a value"}
	case reflect.PointerTo(t).Implements(typeTextUnmarshaler):
		want := "a string"
		if w, ok := reflect.Zero(t).Interface().(described); ok {
			want = w.describe()
		} else if t.Implements(typeEnumeratedValues) {
			want = "one of " + strings.Join(reflect.Zero(t).Interface().(Enumerated).EnumValues(), ", ")
		}
		return &plan{decode: func(d *decodeState, v reflect.Value) { decodeText(d, v, want) }, fast: fastText(t), want: want}
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem := b.plan(t.Elem(), require)
		return &plan{want: elem.want, kind: elem.kind, hint: elem.hint, decode: func(d *decodeState, v reflect.Value) {
			if v.IsNil() {
				v.Set(reflect.New(t.Elem()))
			}
			elem.decode(d, v.Elem())
		}, fast: fastPointer(t, elem)}
	case reflect.Struct:
		return b.structPlan(t, require)
	case reflect.Slice:
		return b.slicePlan(t, require, 0)
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return b.mapPlan(t)
		}
	case reflect.String:
		return &plan{decode: decodeString, fast: fastString, want: "a string"}
	case reflect.Bool:
		return &plan{decode: decodeBool, fast: fastBool, want: "true or false"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &plan{decode: decodeInt, fast: fastInt(t), want: "a whole number"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &plan{decode: decodeUint, fast: fastUint(t), want: "a whole number of 0 or more"}
	case reflect.Float32, reflect.Float64:
		return &plan{decode: decodeFloat, want: "a number"}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return &plan{decode: decodeAny, want: "a JSON value", takesNull: true}
		}
	}
	panic("program.DecodeJSON: cannot decode into " + t.String())
}

// field is one member of a struct plan.
type field struct {
	name     string
	index    []int
	offset   uintptr // from the start of the outer struct, through embedded ones
	required bool
	plan     *plan
}

func (b *planBuilder) structPlan(t reflect.Type, require string) *plan {
	requireHere, requireBelow := splitRequire(require)
	var fields []field
	var collect func(t reflect.Type, index []int, offset uintptr)
	collect = func(t reflect.Type, index []int, offset uintptr) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				collect(f.Type, idx, offset+f.Offset) // embedded: its members are the outer object's
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			below := f.Tag.Get(RequireTag)
			if extra := requireBelow[name]; extra != "" {
				below = strings.TrimPrefix(below+","+extra, ",")
			}
			fp := b.plan(f.Type, below)
			if n := MaxItems(f.Tag); n > 0 {
				if f.Type.Kind() != reflect.Slice {
					panic(fmt.Sprintf("program.DecodeJSON: %s.%s has maxItems but is not a list", t, f.Name))
				}
				fp = b.slicePlan(f.Type, below, n)
			}
			fields = append(fields, field{name: name, index: idx, offset: offset + f.Offset, required: hasRequiredTag(f.Tag) || requireHere[name] || requireBelow[name] != "", plan: fp})
		}
	}
	collect(t, nil, 0)
	byName := make(map[string]int, len(fields))
	for i, f := range fields {
		byName[f.name] = i
	}
	for name := range requireHere {
		if _, ok := byName[name]; !ok {
			panic(fmt.Sprintf("program.DecodeJSON: %s tag requires %q, which %s does not have", RequireTag, name, t))
		}
	}
	for name := range requireBelow {
		if _, ok := byName[name]; !ok {
			panic(fmt.Sprintf("program.DecodeJSON: %s tag requires below %q, which %s does not have", RequireTag, name, t))
		}
	}
	p := &plan{want: "an object", kind: '{', hint: objectHint(fields), fast: fastStruct(fields, byName)}
	p.decode = func(d *decodeState, v reflect.Value) {
		if d.dec.PeekKind() != '{' {
			d.mismatch("an object")
			return
		}
		if _, err := d.dec.ReadToken(); err != nil {
			d.syntax(err)
			return
		}
		var seenSmall [2]uint64
		seen := seenSmall[:]
		if len(fields) > 128 {
			seen = make([]uint64, (len(fields)+63)/64)
		}
		for d.dec.PeekKind() == '"' {
			name, ok := d.readBytes()
			if !ok {
				return
			}
			i, known := byName[string(name)] // no allocation: a map lookup by converted bytes
			switch {
			case !known:
				d.problem("", "unknown member"+objectHint(fields))
				d.skip()
			case seen[i/64]&(1<<(i%64)) != 0:
				d.problem("", "member given twice")
				d.skip()
			default:
				seen[i/64] |= 1 << (i % 64)
				f := &fields[i]
				if d.dec.PeekKind() == 'n' {
					d.skip()
					if f.required {
						d.problem("", "required: null is not a value; want "+f.plan.want)
					}
					continue
				}
				f.plan.decode(d, v.FieldByIndex(f.index))
			}
			if d.stopped {
				return
			}
		}
		if _, err := d.dec.ReadToken(); err != nil { // the closing brace
			d.syntax(err)
			return
		}
		for i := range fields {
			if f := &fields[i]; f.required && seen[i/64]&(1<<(i%64)) == 0 {
				d.problem("/"+escapePointer(f.name), "required: want "+f.plan.want)
			}
		}
	}
	return p
}

// objectHint lists the members an object may have, for an unknown one.
func objectHint(fields []field) string {
	if len(fields) == 0 || len(fields) > 12 {
		return ""
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return " (this object has: " + strings.Join(names, ", ") + ")"
}

// MaxItems is the N of a jsonschema:"maxItems=N" struct tag, or 0 when the
// tag has none: the most elements the tagged list may hold. The schema
// generator publishes the same bound, and [DecodeJSON] enforces it.
func MaxItems(tag reflect.StructTag) int {
	for _, item := range strings.Split(tag.Get("jsonschema"), ",") {
		if v, ok := strings.CutPrefix(item, "maxItems="); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				panic(fmt.Sprintf("program: jsonschema tag %q: maxItems wants a count of 1 or more", tag.Get("jsonschema")))
			}
			return n
		}
	}
	return 0
}

func hasRequiredTag(tag reflect.StructTag) bool {
	for _, item := range strings.Split(tag.Get("jsonschema"), ",") {
		if item == "required" {
			return true
		}
	}
	return false
}

// slicePlan decodes a list of t's elements; maxItems, when not 0, is the
// most it may hold.
func (b *planBuilder) slicePlan(t reflect.Type, require string, maxItems int) *plan {
	elem := b.plan(t.Elem(), require)
	want := "a list"
	if maxItems > 0 {
		want = "a list of at most " + strconv.Itoa(maxItems) + " items"
	}
	return &plan{want: want, kind: '[', fast: fastSlice(t, elem, maxItems), decode: func(d *decodeState, v reflect.Value) {
		if d.dec.PeekKind() != '[' {
			d.mismatch(want)
			return
		}
		if _, err := d.dec.ReadToken(); err != nil {
			d.syntax(err)
			return
		}
		mark := len(d.problems.list) // where the list's own problem goes
		// A new list every time: decoding over a value must never write
		// into a list that value shares with another (a policy's base).
		list := reflect.New(t).Elem()
		n := 0
		for k := d.dec.PeekKind(); k != ']' && k != 0; k = d.dec.PeekKind() {
			if maxItems > 0 && n == maxItems {
				d.tooMany(mark, n)
				return
			}
			if n == list.Cap() {
				list.Grow(max(4, n))
			}
			list.SetLen(n + 1)
			e := list.Index(n)
			n++
			if k == 'n' && !elem.takesNull {
				d.skip()
				d.problem("", "null is not a value; want "+elem.want)
			} else {
				elem.decode(d, e)
			}
			if d.stopped {
				return
			}
		}
		if _, err := d.dec.ReadToken(); err != nil {
			d.syntax(err)
			return
		}
		if list.IsNil() { // [] is an empty list, not an absent one
			list = reflect.MakeSlice(t, 0, 0)
		}
		v.Set(list)
	}}
}

func (b *planBuilder) mapPlan(t reflect.Type) *plan {
	elem := b.plan(t.Elem(), "")
	return &plan{want: "an object", kind: '{', decode: func(d *decodeState, v reflect.Value) {
		if d.dec.PeekKind() != '{' {
			d.mismatch("an object")
			return
		}
		if _, err := d.dec.ReadToken(); err != nil {
			d.syntax(err)
			return
		}
		// Members are laid over a copy of the map there was, so that a
		// value sharing that map (a policy's base) does not change.
		m := reflect.MakeMap(t)
		for it := v.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), it.Value())
		}
		v.Set(m)
		seen := map[string]bool{}
		for d.dec.PeekKind() == '"' {
			tok, err := d.dec.ReadToken()
			if err != nil {
				d.syntax(err)
				return
			}
			name := tok.String()
			if seen[name] {
				d.problem("", "member given twice")
				d.skip()
				continue
			}
			seen[name] = true
			if d.dec.PeekKind() == 'n' && !elem.takesNull {
				d.skip()
				d.problem("", "null is not a value; want "+elem.want)
				continue
			}
			e := reflect.New(t.Elem()).Elem()
			elem.decode(d, e)
			if d.stopped {
				return
			}
			key := reflect.New(t.Key()).Elem()
			key.SetString(name)
			m.SetMapIndex(key, e)
		}
		if _, err := d.dec.ReadToken(); err != nil {
			d.syntax(err)
		}
	}}
}

// tooMany skips the rest of a list that already holds its maxItems
// elements, counting them, and records the problem at the list, before
// the problems of its elements (at mark, the place the list's problems
// began).
func (d *decodeState) tooMany(mark, maxItems int) {
	n := maxItems
	for k := d.dec.PeekKind(); k != ']' && k != 0; k = d.dec.PeekKind() {
		if err := d.dec.SkipValue(); err != nil {
			d.syntax(err)
			return
		}
		n++
	}
	if _, err := d.dec.ReadToken(); err != nil { // the closing bracket
		d.syntax(err)
		return
	}
	fe := &FieldError{Detail: fmt.Sprintf("%d items; the most this list may hold is %d", n, maxItems)}
	if mark >= MaxProblems {
		d.problems.Skip()
		return
	}
	fe.Pointer = d.here()
	d.problems.insert(mark, fe)
}

// readBytes reads a string (the next token must be one) and returns its
// unquoted bytes, valid until the next read.
func (d *decodeState) readBytes() ([]byte, bool) {
	raw, err := d.dec.ReadValue()
	if err != nil {
		d.syntax(err)
		return nil, false
	}
	if raw.Kind() != '"' {
		d.mismatch("a string")
		return nil, false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1], true
	}
	d.buf, err = jsontext.AppendUnquote(d.buf[:0], raw)
	if err != nil {
		d.syntax(err)
		return nil, false
	}
	return d.buf, true
}

// readString reads a string token, or records a mismatch and returns false.
func (d *decodeState) readString(want string) (string, bool) {
	if d.dec.PeekKind() != '"' {
		d.mismatch(want)
		return "", false
	}
	tok, err := d.dec.ReadToken()
	if err != nil {
		d.syntax(err)
		return "", false
	}
	return tok.String(), true
}

func decodeString(d *decodeState, v reflect.Value) {
	if s, ok := d.readString("a string"); ok {
		v.SetString(s)
	}
}

func decodeBool(d *decodeState, v reflect.Value) {
	k := d.dec.PeekKind()
	if k != 't' && k != 'f' {
		d.mismatch("true or false")
		return
	}
	tok, err := d.dec.ReadToken()
	if err != nil {
		d.syntax(err)
		return
	}
	v.SetBool(tok.Bool())
}

// readNumber reads a number token's literal, or records a mismatch.
func (d *decodeState) readNumber(want string) (string, bool) {
	if d.dec.PeekKind() != '0' {
		d.mismatch(want)
		return "", false
	}
	val, err := d.dec.ReadValue()
	if err != nil {
		d.syntax(err)
		return "", false
	}
	return string(val), true
}

func decodeInt(d *decodeState, v reflect.Value) {
	lit, ok := d.readNumber("a whole number")
	if !ok {
		return
	}
	n, err := ParseWhole(lit)
	if err != nil || v.OverflowInt(n) {
		if err == nil {
			err = errors.New(shortText(lit) + " is out of range")
		}
		d.problem("", err.Error())
		return
	}
	v.SetInt(n)
}

func decodeUint(d *decodeState, v reflect.Value) {
	lit, ok := d.readNumber("a whole number of 0 or more")
	if !ok {
		return
	}
	n, err := ParseWhole(lit)
	if err == nil && (n < 0 || v.OverflowUint(uint64(n))) {
		err = errors.New(shortText(lit) + " is out of range: want a whole number of 0 or more")
	}
	if err != nil {
		d.problem("", err.Error())
		return
	}
	v.SetUint(uint64(n))
}

// ParseWhole reads a JSON number that must be whole: "2", "2.0" and "2e0"
// are 2, as JSON Schema's integer counts them; "2.5" is an error, and so is
// a number beyond ±2^53, where a JSON number stops being exact for most
// callers.
func ParseWhole(lit string) (int64, error) {
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		if n > maxExact || n < -maxExact {
			return 0, errors.New(lit + " is out of range: want a whole number within ±9007199254740992")
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) || f > maxExact || f < -maxExact {
		return 0, errors.New(shortText(lit) + " is out of range: want a whole number within ±9007199254740992")
	}
	if f != math.Trunc(f) {
		return 0, errors.New(shortText(lit) + " is not a whole number")
	}
	return int64(f), nil
}

const maxExact = 1 << 53

func decodeFloat(d *decodeState, v reflect.Value) {
	lit, ok := d.readNumber("a number")
	if !ok {
		return
	}
	f, err := strconv.ParseFloat(lit, v.Type().Bits())
	if err != nil {
		d.problem("", shortText(lit)+" is out of range")
		return
	}
	v.SetFloat(f)
}

func decodeTime(d *decodeState, v reflect.Value) {
	const want = "an RFC 3339 instant such as \"2026-11-25T09:30:00Z\""
	s, ok := d.readString(want)
	if !ok {
		return
	}
	t, err := ParseInstant(s)
	if err != nil {
		d.problem("", err.Error())
		return
	}
	v.Set(reflect.ValueOf(t))
}

// ParseInstant reads an RFC 3339 instant ("2026-11-25T09:30:00Z",
// "2026-11-25T10:30:00.5+01:00") as JSON Schema's date-time format has it:
// time.Parse alone also takes a comma before the fraction and offsets such
// as +24:00 or +01:60, which RFC 3339 does not.
func ParseInstant(s string) (time.Time, error) {
	if t, ok := fastInstant(s); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !rfc3339Tail(s) {
		return time.Time{}, errors.New(quoteShort(s) + " is not an RFC 3339 instant such as \"2026-11-25T09:30:00Z\"")
	}
	return t, nil
}

// rfc3339Tail checks what follows the seconds of a string time.Parse took
// as RFC 3339: an optional fraction after a point, then Z or an offset of
// at most 23:59.
func rfc3339Tail(s string) bool {
	if len(s) < 20 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	if rest == "Z" {
		return true
	}
	if len(rest) != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !isDigits(rest[1:3]) || !isDigits(rest[4:]) {
		return false
	}
	return rest[1:3] <= "23" && rest[4:] <= "59"
}

func decodeDecimal(d *decodeState, v reflect.Value) {
	s, ok := d.readString("a decimal string such as \"12.50\"")
	if !ok {
		return
	}
	dec, err := ParseDecimal(s)
	if err != nil {
		d.problem("", err.Error())
		return
	}
	v.Set(reflect.ValueOf(dec))
}

// DecimalPattern is the form of every decimal string this module reads: an
// optional minus sign, digits, and optionally a point followed by digits.
// The JSON Schemas carry the same pattern.
const DecimalPattern = `^-?[0-9]+(\.[0-9]+)?$`

// MaxDecimalLength is the longest decimal string this module reads, in
// characters: far more digits than any amount or rate needs, and few
// enough that reading one costs next to nothing (converting n digits to a
// number costs n², so a 1 MiB string of digits would hold a core). The
// JSON Schemas carry the same maxLength.
const MaxDecimalLength = 64

// ParseDecimal reads s in [DecimalPattern]'s form ("12.50", "-3", "0.125"):
// no exponent, no leading plus, no spaces, and at most [MaxDecimalLength]
// characters.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if d, ok := smallDecimal(s); ok {
		return d, nil
	}
	if len(s) > MaxDecimalLength {
		return decimal.Decimal{}, errors.New(quoteShort(s) + " is longer than " + strconv.Itoa(MaxDecimalLength) + " characters: not a decimal number such as \"12.50\"")
	}
	if !isDecimalText(s) {
		return decimal.Decimal{}, errors.New(strconv.Quote(s) + " is not a decimal number such as \"12.50\"")
	}
	return decimal.NewFromString(s)
}

func isDecimalText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasPoint := strings.Cut(s, ".")
	return whole != "" && isDigits(whole) && (!hasPoint || (frac != "" && isDigits(frac)))
}

func decodeRaw(d *decodeState, v reflect.Value) {
	val, err := d.dec.ReadValue()
	if err != nil {
		d.syntax(err)
		return
	}
	v.SetBytes(bytes.Clone(val))
}

func decodeAny(d *decodeState, v reflect.Value) {
	val, err := d.dec.ReadValue()
	if err != nil {
		d.syntax(err)
		return
	}
	var x any
	if err := json.Unmarshal(val, &x); err != nil {
		d.problem("", err.Error())
		return
	}
	if x != nil {
		v.Set(reflect.ValueOf(x))
	}
}

func decodeWithUnmarshalJSON(d *decodeState, v reflect.Value) {
	val, err := d.dec.ReadValue()
	if err != nil {
		d.syntax(err)
		return
	}
	d.valueError(v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(val))
}

func decodeText(d *decodeState, v reflect.Value, want string) {
	if d.dec.PeekKind() != '"' {
		d.mismatch(want)
		return
	}
	b, ok := d.readBytes()
	if !ok {
		return
	}
	// UnmarshalText must not keep b (encoding.TextUnmarshaler's contract).
	d.valueError(v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b))
}

// valueError places the error of a type's own unmarshaling at the value
// read last; the pointers of field errors it holds are taken as relative to
// that value.
func (d *decodeState) valueError(err error) {
	if err == nil {
		return
	}
	at := d.here()
	walkProblems(err, func(e error) {
		switch fe := e.(type) {
		case *OmittedProblems:
			d.problems.AddErr(fe)
		case *FieldError:
			d.problems.AddErr(&FieldError{Pointer: at + fe.Pointer, Detail: fe.Detail})
		default:
			d.problems.AddErr(&FieldError{Pointer: at, Detail: e.Error()})
		}
	})
}

// The fast path. Most inputs are good, and most good inputs are plain:
// objects whose members are known and given once, strings without
// escapes, whole numbers written as such. The fast path reads those
// straight from the bytes, without a tokenizer and without building a
// pointer; at anything else (a problem of any kind, an escape, a number
// with a fraction, a type it does not read) it gives up, and DecodeJSON
// reads the input again from the start with the full decoder, which finds
// and places every problem. So the fast path decides nothing a problem
// depends on: it only ever accepts input the full decoder accepts, into the
// same value (FuzzDecodeFastPathAgrees holds it to that).

// A fast function reads into the value at p, of its plan's type: it works
// on memory, as the decoder's own code, so that a member costs no
// reflect.Value.
type fastFunc func(d *decodeState, p unsafe.Pointer) bool

// maxFastDepth is the deepest nesting the fast path reads; a deeper input
// is left to the full decoder and its limit.
const maxFastDepth = 1000

// fastDocument reads the one value of d.data into v.
func (d *decodeState) fastDocument(p *plan, v unsafe.Pointer) bool {
	d.space()
	if d.peek() == 'n' || !p.fast(d, v) {
		return false
	}
	d.space()
	return d.pos == len(d.data)
}

// peek is the next byte, or 0 at the end.
func (d *decodeState) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// space skips JSON whitespace. Compact input has none: the first byte is
// checked inline.
func (d *decodeState) space() {
	if d.pos < len(d.data) && d.data[d.pos] > ' ' {
		return
	}
	d.moreSpace()
}

func (d *decodeState) moreSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// literal reads the literal lit ("null", "true", "false").
func (d *decodeState) literal(lit string) bool {
	if !bytes.HasPrefix(d.data[d.pos:], []byte(lit)) {
		return false
	}
	d.pos += len(lit)
	return true
}

// fastBytes reads a string without escapes and returns its bytes, valid
// until the input changes; false for any other string, or no string.
func (d *decodeState) fastBytes() ([]byte, bool) {
	data := d.data
	if d.pos >= len(data) || data[d.pos] != '"' {
		return nil, false
	}
	start := d.pos + 1
	ascii := true
	for i := start; i < len(data); i++ {
		// Past the bytes that neither end the string nor escape, nor are
		// control characters or not ASCII: eight at a time, then one.
		for ; i+8 <= len(data); i += 8 {
			if m := jsonscan.Marks(binary.LittleEndian.Uint64(data[i:])) & jsonscan.Highs; m != 0 {
				i += bits.TrailingZeros64(m) / 8
				goto look
			}
		}
		i += jsonscan.Plain(unsafe.String(unsafe.SliceData(data[i:]), len(data)-i), false) // the last few
		if i == len(data) {
			break
		}
	look:
		switch c := data[i]; {
		case c == '"':
			s := data[start:i]
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			d.pos = i + 1
			return s, true
		case c < 0x20 || c == '\\':
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// fastWhole reads a whole number written plainly: an optional minus, then
// at most 15 digits without a leading zero, which any int64 holds exactly.
func (d *decodeState) fastWhole() (int64, bool) {
	i, neg := d.pos, false
	if i < len(d.data) && d.data[i] == '-' {
		neg = true
		i++
	}
	start := i
	var n int64
	for i < len(d.data) && d.data[i] >= '0' && d.data[i] <= '9' {
		n = n*10 + int64(d.data[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 15 || d.data[start] == '0' && (digits > 1 || neg) {
		return 0, false
	}
	if i < len(d.data) {
		if c := d.data[i]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	d.pos = i
	if neg {
		n = -n
	}
	return n, true
}

func fastString(d *decodeState, p unsafe.Pointer) bool {
	s, ok := d.fastBytes()
	if ok {
		*(*string)(p) = d.keep(s)
	}
	return ok
}

// keep copies s into the document's string space and returns it as a
// string: the strings of one document share an allocation rather than
// taking one each. A chunk is a quarter of the input still unread (up to
// 4 KiB; s itself when longer): string values are a part of a document,
// not all of it, and a chunk the size of the rest left most of it unused (a
// deal registration's strings fit a quarter of it). Bytes once written are
// never written again, so each string stays as it was.
func (d *decodeState) keep(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	if cap(d.strs)-len(d.strs) < len(s) {
		d.strs = make([]byte, 0, max(len(s), min((len(d.data)-d.pos)/4, 4096)))
	}
	start := len(d.strs)
	d.strs = append(d.strs, s...)
	return unsafe.String(&d.strs[start], len(s))
}

func fastBool(d *decodeState, p unsafe.Pointer) bool {
	switch {
	case d.literal("true"):
		*(*bool)(p) = true
	case d.literal("false"):
		*(*bool)(p) = false
	default:
		return false
	}
	return true
}

// fastInt and fastUint read a whole number into an integer of t's size,
// refusing one it cannot hold.
func fastInt(t reflect.Type) fastFunc {
	bits := t.Bits()
	return func(d *decodeState, p unsafe.Pointer) bool {
		n, ok := d.fastWhole()
		if !ok {
			return false
		}
		switch bits {
		case 8:
			ok = n == int64(int8(n))
			*(*int8)(p) = int8(n)
		case 16:
			ok = n == int64(int16(n))
			*(*int16)(p) = int16(n)
		case 32:
			ok = n == int64(int32(n))
			*(*int32)(p) = int32(n)
		default:
			*(*int64)(p) = n
		}
		return ok
	}
}

func fastUint(t reflect.Type) fastFunc {
	bits := t.Bits()
	return func(d *decodeState, p unsafe.Pointer) bool {
		n, ok := d.fastWhole()
		if !ok || n < 0 {
			return false
		}
		u := uint64(n)
		switch bits {
		case 8:
			ok = u == uint64(uint8(u))
			*(*uint8)(p) = uint8(u)
		case 16:
			ok = u == uint64(uint16(u))
			*(*uint16)(p) = uint16(u)
		case 32:
			ok = u == uint64(uint32(u))
			*(*uint32)(p) = uint32(u)
		default:
			*(*uint64)(p) = u
		}
		return ok
	}
}

func fastTime(d *decodeState, p unsafe.Pointer) bool {
	s, ok := d.fastBytes()
	if !ok {
		return false
	}
	// time.Parse keeps nothing of the string it reads, so it may read
	// the input in place.
	t, err := ParseInstant(unsafe.String(unsafe.SliceData(s), len(s)))
	if err != nil {
		return false
	}
	*(*time.Time)(p) = t
	return true
}

func fastDecimal(d *decodeState, p unsafe.Pointer) bool {
	s, ok := d.fastBytes()
	if !ok {
		return false
	}
	dec, ok := smallDecimal(s)
	if !ok {
		var err error
		if dec, err = ParseDecimal(string(s)); err != nil {
			return false
		}
	}
	*(*decimal.Decimal)(p) = dec
	return true
}

func fastText(t reflect.Type) fastFunc {
	ptr := iface.PointerType(t)
	return func(d *decodeState, p unsafe.Pointer) bool {
		s, ok := d.fastBytes()
		// UnmarshalText must not keep s (encoding.TextUnmarshaler's contract).
		return ok && iface.PointerAt(ptr, p).(encoding.TextUnmarshaler).UnmarshalText(s) == nil
	}
}

func fastPointer(t reflect.Type, elem *plan) fastFunc {
	et := t.Elem()
	return func(d *decodeState, p unsafe.Pointer) bool {
		if elem.fast == nil {
			return false
		}
		to := *(*unsafe.Pointer)(p)
		if to == nil {
			to = reflect.New(et).UnsafePointer()
			*(*unsafe.Pointer)(p) = to
		}
		return elem.fast(d, to)
	}
}

// fastStruct reads an object whose members are all known, each given
// once, every required one with a value.
//
// It is not inlined, so that the function it returns is compiled on its
// own, where the small reads it makes per byte are inlined: inside the
// planner's large function they were calls.
//
//go:noinline
func fastStruct(fields []field, byName map[string]int) fastFunc {
	if len(fields) > 128 {
		return nil
	}
	var required [2]uint64 // the required members, as seen marks them
	for i := range fields {
		if fields[i].required {
			required[i/64] |= 1 << (i % 64)
		}
	}
	return func(d *decodeState, p unsafe.Pointer) bool {
		if d.peek() != '{' || d.depth == maxFastDepth {
			return false
		}
		d.pos++
		d.depth++
		var seen [2]uint64
		next := 0 // members mostly come in the struct's order: try that first
		d.space()
		if d.peek() == '}' {
			d.pos++
		} else {
			for {
				name, ok := d.fastBytes()
				if !ok {
					return false
				}
				d.space()
				if d.peek() != ':' {
					return false
				}
				d.pos++
				d.space()
				i := next
				if i >= len(fields) || fields[i].name != string(name) {
					if i, ok = byName[string(name)]; !ok {
						return false
					}
				}
				bit := uint64(1) << (uint(i) % 64)
				if seen[uint(i)/64]&bit != 0 {
					return false
				}
				seen[uint(i)/64] |= bit
				next = i + 1
				f := &fields[i]
				if d.peek() == 'n' {
					if f.required || !d.literal("null") {
						return false
					}
				} else if f.plan.fast == nil || !f.plan.fast(d, unsafe.Add(p, f.offset)) {
					return false
				}
				d.space()
				if c := d.peek(); c == '}' {
					d.pos++
					break
				} else if c != ',' {
					return false
				}
				d.pos++
				d.space()
			}
		}
		d.depth--
		return seen[0]&required[0] == required[0] && seen[1]&required[1] == required[1]
	}
}

// fastSlice reads a list of at most maxItems (when not 0) elements, none
// of them null. It is not inlined, as fastStruct is not.
//
//go:noinline
func fastSlice(t reflect.Type, elem *plan, maxItems int) fastFunc {
	return func(d *decodeState, p unsafe.Pointer) bool {
		if d.peek() != '[' || elem.fast == nil || d.depth == maxFastDepth {
			return false
		}
		d.pos++
		d.depth++
		d.space()
		// A new list, as decode makes.
		list := reflect.New(t).Elem()
		if d.peek() == ']' {
			d.pos++
		} else {
			for n := 0; ; {
				if maxItems > 0 && n == maxItems || d.peek() == 'n' {
					return false
				}
				if n == list.Cap() {
					list.Grow(max(4, n))
				}
				list.SetLen(n + 1)
				if !elem.fast(d, list.Index(n).Addr().UnsafePointer()) {
					return false
				}
				n++
				d.space()
				if c := d.peek(); c == ']' {
					d.pos++
					break
				} else if c != ',' {
					return false
				}
				d.pos++
				d.space()
			}
		}
		d.depth--
		if list.IsNil() { // [] is an empty list, not an absent one
			list = reflect.MakeSlice(t, 0, 0)
		}
		reflect.NewAt(t, p).Elem().Set(list)
		return true
	}
}

// fastValue reads any JSON value without escapes in its strings and
// returns its bytes as they are in the input.
func (d *decodeState) fastValue() ([]byte, bool) {
	start := d.pos
	if !d.fastSkip() {
		return nil, false
	}
	return d.data[start:d.pos], true
}

// fastSkip reads past one JSON value without escapes in its strings.
func (d *decodeState) fastSkip() bool {
	switch c := d.peek(); {
	case c == '"':
		_, ok := d.fastBytes()
		return ok
	case c == 'n':
		return d.literal("null")
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == '-' || c >= '0' && c <= '9':
		return d.fastNumber()
	case c == '{' || c == '[':
		if d.depth == maxFastDepth {
			return false
		}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		d.pos++
		d.depth++
		d.space()
		if d.peek() == end {
			d.pos++
			d.depth--
			return true
		}
		for {
			if c == '{' {
				if _, ok := d.fastBytes(); !ok {
					return false
				}
				d.space()
				if d.peek() != ':' {
					return false
				}
				d.pos++
				d.space()
			}
			if !d.fastSkip() {
				return false
			}
			d.space()
			if n := d.peek(); n == end {
				d.pos++
				d.depth--
				return true
			} else if n != ',' {
				return false
			}
			d.pos++
			d.space()
		}
	}
	return false
}

// fastNumber reads past a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decodeState) fastNumber() bool {
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.peek() == '-' {
		d.pos++
	}
	if d.peek() == '0' {
		d.pos++
	} else if digits() == 0 {
		return false
	}
	if d.peek() == '.' {
		d.pos++
		if digits() == 0 {
			return false
		}
	}
	if c := d.peek(); c == 'e' || c == 'E' {
		d.pos++
		if c := d.peek(); c == '+' || c == '-' {
			d.pos++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

func fastRaw(d *decodeState, p unsafe.Pointer) bool {
	raw, ok := d.fastValue()
	if ok {
		*(*[]byte)(p) = bytes.Clone(raw) // json.RawMessage or jsontext.Value
	}
	return ok
}

func fastUnmarshalJSON(t reflect.Type) fastFunc {
	ptr := iface.PointerType(t)
	return func(d *decodeState, p unsafe.Pointer) bool {
		raw, ok := d.fastValue()
		return ok && iface.PointerAt(ptr, p).(json.Unmarshaler).UnmarshalJSON(raw) == nil
	}
}
