package channelpolicy

import (
	"bytes"
	"encoding"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/internal/iface"
	"github.com/channelpolicy/channelpolicy/internal/jsonscan"
	"github.com/channelpolicy/channelpolicy/internal/rfc3339"

	"github.com/shopspring/decimal"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/channelpolicy/channelpolicy/program"
)

// wireOptions encode values exactly as encoding/json does with HTML
// escaping off (nil lists as null, omitempty as v1 reads it, marshal
// methods called as v1 calls them), with the faster encoder of
// github.com/go-json-experiment/json, which also writes each reason straight
// into its buffer (program.Reason.MarshalJSONTo) instead of re-scanning it.
var wireOptions = json.JoinOptions(jsonv1.DefaultOptionsV1(), jsontext.EscapeForHTML(false))

// AppendJSON appends v's JSON to b: the bytes encoding/json would write
// for v with HTML escaping off, written faster. Batches and the HTTP
// handler write decisions with it.
func AppendJSON(b []byte, v any) ([]byte, error) {
	if out, ok := fastAppend(b, v, false); ok {
		return out, nil
	}
	w := appendWriter{b}
	err := json.MarshalWrite(&w, v, wireOptions)
	return w.b, err
}

// WriteJSON writes v's JSON to w as [AppendJSON] does.
func WriteJSON(w io.Writer, v any) error { return json.MarshalWrite(w, v, wireOptions) }

// appendMarshal appends v's JSON exactly as encoding/json's Marshal writes
// it (HTML characters escaped), with the faster encoder: what the HTTP
// handler answers with.
func appendMarshal(b []byte, v any) ([]byte, error) {
	if out, ok := fastAppend(b, v, true); ok {
		return out, nil
	}
	w := appendWriter{b}
	err := json.MarshalWrite(&w, v, jsonv1.DefaultOptionsV1())
	return w.b, err
}

type appendWriter struct{ b []byte }

// Write appends p, doubling the buffer when it is full: append alone grows
// a large buffer by a quarter at a time, which for a decision of megabytes
// allocates five times its size in all.
func (w *appendWriter) Write(p []byte) (int, error) {
	if len(w.b)+len(p) > cap(w.b) {
		w.b = slices.Grow(w.b, max(len(p), cap(w.b)))
	}
	w.b = append(w.b, p...)
	return len(p), nil
}

// The fast encoder below writes the values decisions are made of (structs
// of strings, numbers, booleans, instants, decimals, lists, pointers,
// reasons and text marshalers) straight into a byte slice, by a plan built
// once per type, with no allocation on the way. It writes exactly what the
// encoder above writes; anything else (maps, floats, embedded structs,
// marshal methods on pointers, a failure) makes it give up, and the value
// is written by the encoder above instead, error and all.
// TestFastEncoderWritesWhatEncodingJSONWrites holds it to that.

// fastAppend appends v's JSON to b, HTML characters escaped when html is
// set, or reports false with b unchanged in length.
func fastAppend(b []byte, v any, html bool) ([]byte, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return append(b, "null"...), true
	}
	e := encStates.Get().(*encState)
	e.html = html
	n := len(b)
	out, ok := e.encodeValue(b, rv)
	e.text = e.text[:0]
	encStates.Put(e)
	if !ok {
		return out[:n], false
	}
	return out, true
}

// encState is one encoding in progress: its scratch space, reused.
type encState struct {
	html bool
	// text holds a reason's text while it is quoted.
	text []byte
	// reason holds each reason of a decision's Reasons while it is
	// written.
	reason program.Reason
	// reasons reads a decision's reasons, writing those written only when
	// read into a buffer of its own.
	reasons program.ReasonReader
	// spare holds addressable values by type, for the values held by an
	// interface, which reflection cannot address: they are copied into one
	// and zeroed after.
	spare map[reflect.Type][]reflect.Value
}

var encStates = sync.Pool{New: func() any { return &encState{spare: map[reflect.Type][]reflect.Value{}} }}

// encodeValue writes v, which need not be addressable: a plan reads its
// value in place, so a value held only by an interface (which reflection
// cannot address) is first copied into a spare one.
func (e *encState) encodeValue(b []byte, v reflect.Value) ([]byte, bool) {
	t := v.Type()
	if v.CanAddr() {
		return encPlanFor(t, e.html).enc(e, b, addr(v))
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return append(b, "null"...), true
		}
		return encPlanFor(t.Elem(), e.html).enc(e, b, v.UnsafePointer())
	}
	p := encPlanFor(t, e.html)
	var a reflect.Value
	if free := e.spare[t]; len(free) > 0 {
		a, e.spare[t] = free[len(free)-1], free[:len(free)-1]
	} else {
		a = reflect.New(t).Elem()
	}
	a.Set(v)
	b, ok := p.enc(e, b, addr(a))
	a.SetZero()
	e.spare[t] = append(e.spare[t], a)
	return b, ok
}

// An encFunc writes the value at p, of its plan's type: plans read memory,
// as the encoder's own code, so that a member costs no reflect.Value.
type encFunc func(e *encState, b []byte, p unsafe.Pointer) ([]byte, bool)

type encPlan struct {
	enc encFunc
}

var (
	encPlans   [2]sync.Map // [html] reflect.Type -> *encPlan
	encBuildMu sync.Mutex
)

func encPlanFor(t reflect.Type, html bool) *encPlan {
	h := 0
	if html {
		h = 1
	}
	if p, ok := encPlans[h].Load(t); ok {
		return p.(*encPlan)
	}
	encBuildMu.Lock()
	defer encBuildMu.Unlock()
	b := &encBuilder{html: html, plans: &encPlans[h], building: map[reflect.Type]*encPlan{}, built: map[reflect.Type]*encPlan{}}
	p := b.plan(t)
	for t, p := range b.built {
		b.plans.Store(t, p)
	}
	return p
}

type encBuilder struct {
	html            bool
	plans           *sync.Map
	building, built map[reflect.Type]*encPlan
}

var (
	typeMarshalerV1  = reflect.TypeFor[jsonv1.Marshaler]()
	typeMarshalerV2  = reflect.TypeFor[json.MarshalerTo]()
	typeTextAppender = reflect.TypeFor[encoding.TextAppender]()
	typeIsZeroer     = reflect.TypeFor[interface{ IsZero() bool }]()
)

// giveUp is the plan of a type the fast encoder does not write.
func giveUp(_ *encState, b []byte, _ unsafe.Pointer) ([]byte, bool) { return b, false }

func (b *encBuilder) plan(t reflect.Type) *encPlan {
	if p, ok := b.plans.Load(t); ok {
		return p.(*encPlan)
	}
	if p, ok := b.built[t]; ok {
		return p
	}
	if p, ok := b.building[t]; ok {
		return p
	}
	var ready *encPlan
	fwd := &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) { return ready.enc(e, buf, p) }}
	b.building[t] = fwd
	ready = b.buildPlan(t)
	delete(b.building, t)
	b.built[t] = ready
	return ready
}

// pointerPlan is the plan of pointer type t: null, or what it points at.
func (b *encBuilder) pointerPlan(t reflect.Type) *encPlan {
	elem := b.plan(t.Elem())
	return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
		to := *(*unsafe.Pointer)(p)
		if to == nil {
			return append(buf, "null"...), true
		}
		return elem.enc(e, buf, to)
	}}
}

func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

func (b *encBuilder) buildPlan(t reflect.Type) *encPlan {
	html := b.html
	switch {
	case t == typeReason:
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return e.appendReason(buf, (*program.Reason)(p))
		}}
	case t == typeReasons:
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			e.reasons.Reset(*(*program.Reasons)(p))
			buf = append(buf, '[')
			all := true
			for e.reasons.Next(&e.reason) {
				if buf[len(buf)-1] != '[' {
					buf = append(buf, ',')
				}
				var ok bool
				buf, ok = e.appendReason(buf, &e.reason)
				all = all && ok
			}
			e.reason = program.Reason{}
			return append(buf, ']'), all
		}}
	case t == typeReasonRef: // a distribution option's reason
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			ref := (*program.ReasonRef)(p)
			if ref.IsZero() {
				return append(buf, "null"...), true
			}
			e.reason = ref.Reason()
			buf, ok := e.appendReason(buf, &e.reason)
			e.reason = program.Reason{}
			return buf, ok
		}}
	case t == typeTime:
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return appendTime(buf, (*time.Time)(p))
		}}
	case t == typeMoney: // Money's own JSON, appended: a currency that needs no escaping, as every valid one
		return &encPlan{enc: func(_ *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			m := (*program.Money)(p)
			for i := range len(m.Currency) {
				if c := m.Currency[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
					return buf, false
				}
			}
			return m.AppendJSON(buf), true
		}}
	case t == typeDecimal:
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			s := (*decimal.Decimal)(p).String()
			if decimal.MarshalJSONWithoutQuotes {
				return append(buf, s...), true
			}
			return appendQuoted(buf, s, html), true
		}}
	case t.Kind() == reflect.Interface:
		if t.NumMethod() > 0 && (implements(t, typeMarshalerV1) || implements(t, typeMarshalerV2) || implements(t, typeTextMarshaler)) {
			return &encPlan{enc: giveUp}
		}
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			v := reflect.NewAt(t, p).Elem()
			if v.IsNil() {
				return append(buf, "null"...), true
			}
			return e.encodeValue(buf, v.Elem())
		}}
	case implements(t, typeMarshalerV2) || implements(t, typeTextAppender) && !t.Implements(typeTextMarshaler):
		return &encPlan{enc: giveUp}
	case t.Kind() == reflect.Pointer && t.Elem().Implements(typeMarshalerV1):
		// A pointer to a value that marshals itself (a bid's *decimal.Decimal
		// rate, its *program.Money total): null when nil, as encoding/json
		// writes it, else the value.
		return b.pointerPlan(t)
	case implements(t, typeMarshalerV1):
		if !t.Implements(typeMarshalerV1) || t.Kind() == reflect.Pointer {
			return &encPlan{enc: giveUp}
		}
		ptr := iface.PointerType(t)
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			out, err := iface.PointerAt(ptr, p).(jsonv1.Marshaler).MarshalJSON()
			if err != nil {
				return buf, false
			}
			return e.appendCompact(buf, out)
		}}
	case implements(t, typeTextMarshaler):
		if !t.Implements(typeTextMarshaler) || t.Kind() == reflect.Pointer {
			return &encPlan{enc: giveUp}
		}
		ptr := iface.PointerType(t)
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			out, err := iface.PointerAt(ptr, p).(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return buf, false
			}
			return appendQuoted(buf, bytesText(out), html), true
		}}
	}
	switch t.Kind() {
	case reflect.String:
		return &encPlan{enc: func(_ *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return appendQuoted(buf, *(*string)(p), html), true
		}}
	case reflect.Bool:
		return &encPlan{enc: func(_ *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return strconv.AppendBool(buf, *(*bool)(p)), true
		}}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		read := intAt(t)
		return &encPlan{enc: func(_ *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return strconv.AppendInt(buf, read(p), 10), true
		}}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		read := uintAt(t)
		return &encPlan{enc: func(_ *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			return strconv.AppendUint(buf, read(p), 10), true
		}}
	case reflect.Pointer:
		return b.pointerPlan(t)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return &encPlan{enc: giveUp} // base64
		}
		elem := b.plan(t.Elem())
		size := t.Elem().Size()
		return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
			list := *(*[]byte)(p) // its data and length, whatever its elements
			if list == nil {
				return append(buf, "null"...), true
			}
			buf = append(buf, '[')
			for i := range len(list) {
				if i > 0 {
					buf = append(buf, ',')
				}
				var ok bool
				if buf, ok = elem.enc(e, buf, unsafe.Add(unsafe.Pointer(unsafe.SliceData(list)), uintptr(i)*size)); !ok {
					return buf, false
				}
			}
			return append(buf, ']'), true
		}}
	case reflect.Struct:
		return b.structPlan(t)
	}
	return &encPlan{enc: giveUp}
}

// encField is one member of a struct plan.
type encField struct {
	offset uintptr
	name   string // `"name":`
	// omit, when set, reports whether the member is left out: empty
	// (omitempty) or zero (omitzero).
	omit func(p unsafe.Pointer) bool
	plan *encPlan
}

func (b *encBuilder) structPlan(t reflect.Type) *encPlan {
	var fields []encField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return &encPlan{enc: giveUp} // embedding: encoding/json's rules are many
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if !plainName(name) {
			return &encPlan{enc: giveUp}
		}
		ef := encField{offset: f.Offset, name: `"` + name + `":`, plan: b.plan(f.Type)}
		var empty, zero func(unsafe.Pointer) bool
		for opt := range strings.SplitSeq(opts, ",") {
			switch opt {
			case "":
			case "omitempty":
				empty = isEmptyFunc(f.Type)
			case "omitzero":
				zero = isZeroFunc(f.Type)
			default:
				return &encPlan{enc: giveUp}
			}
		}
		switch {
		case empty != nil && zero != nil:
			ef.omit = func(p unsafe.Pointer) bool { return empty(p) || zero(p) }
		case empty != nil:
			ef.omit = empty
		default:
			ef.omit = zero
		}
		for _, g := range fields {
			if g.name == ef.name {
				return &encPlan{enc: giveUp}
			}
		}
		fields = append(fields, ef)
	}
	return &encPlan{enc: func(e *encState, buf []byte, p unsafe.Pointer) ([]byte, bool) {
		sep := byte('{')
		for i := range fields {
			f := &fields[i]
			fp := unsafe.Add(p, f.offset)
			if f.omit != nil && f.omit(fp) {
				continue
			}
			buf = append(buf, sep)
			sep = ','
			buf = append(buf, f.name...)
			var ok bool
			if buf, ok = f.plan.enc(e, buf, fp); !ok {
				return buf, false
			}
		}
		if sep == '{' {
			return append(buf, "{}"...), true
		}
		return append(buf, '}'), true
	}}
}

// plainName reports whether a member name needs no escaping, HTML or not.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// isZeroFunc is how encoding/json decides omitzero, for the value at p: by
// the type's IsZero method when it has one.
func isZeroFunc(t reflect.Type) func(p unsafe.Pointer) bool {
	type isZeroer = interface{ IsZero() bool }
	switch {
	case t.Kind() == reflect.Interface && t.Implements(typeIsZeroer):
		return func(p unsafe.Pointer) bool {
			v := reflect.NewAt(t, p).Elem()
			return v.IsNil() || (v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) || v.Interface().(isZeroer).IsZero()
		}
	case t.Kind() == reflect.Pointer && t.Implements(typeIsZeroer):
		return func(p unsafe.Pointer) bool {
			v := reflect.NewAt(t, p).Elem()
			return v.IsNil() || v.Interface().(isZeroer).IsZero()
		}
	case t == typeTime:
		return func(p unsafe.Pointer) bool { return (*time.Time)(p).IsZero() }
	case t.Implements(typeIsZeroer), reflect.PointerTo(t).Implements(typeIsZeroer):
		// Called through the value's address, which copies nothing.
		ptr := iface.PointerType(t)
		return func(p unsafe.Pointer) bool { return iface.PointerAt(ptr, p).(isZeroer).IsZero() }
	}
	return func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().IsZero() }
}

// addr is the address of v, which must be addressable. Unlike v.Addr, it
// does not look up v's pointer type.
func addr(v reflect.Value) unsafe.Pointer { return unsafe.Pointer(v.UnsafeAddr()) }

// isEmptyFunc is encoding/json's omitempty, for the value at p.
func isEmptyFunc(t reflect.Type) func(p unsafe.Pointer) bool {
	switch t.Kind() {
	case reflect.String:
		return func(p unsafe.Pointer) bool { return len(*(*string)(p)) == 0 }
	case reflect.Slice:
		return func(p unsafe.Pointer) bool { return len(*(*[]byte)(p)) == 0 }
	case reflect.Array:
		n := t.Len()
		return func(unsafe.Pointer) bool { return n == 0 }
	case reflect.Pointer:
		return func(p unsafe.Pointer) bool { return *(*unsafe.Pointer)(p) == nil }
	case reflect.Interface:
		return func(p unsafe.Pointer) bool { return (*[2]unsafe.Pointer)(p)[0] == nil } // no dynamic type: nil
	case reflect.Bool:
		return func(p unsafe.Pointer) bool { return !*(*bool)(p) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		read := intAt(t)
		return func(p unsafe.Pointer) bool { return read(p) == 0 }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		read := uintAt(t)
		return func(p unsafe.Pointer) bool { return read(p) == 0 }
	case reflect.Map:
		return func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().Len() == 0 }
	case reflect.Float32, reflect.Float64:
		return func(p unsafe.Pointer) bool { return reflect.NewAt(t, p).Elem().IsZero() }
	}
	return func(unsafe.Pointer) bool { return false }
}

// intAt and uintAt read an integer of t's size.
func intAt(t reflect.Type) func(p unsafe.Pointer) int64 {
	switch t.Size() {
	case 1:
		return func(p unsafe.Pointer) int64 { return int64(*(*int8)(p)) }
	case 2:
		return func(p unsafe.Pointer) int64 { return int64(*(*int16)(p)) }
	case 4:
		return func(p unsafe.Pointer) int64 { return int64(*(*int32)(p)) }
	}
	return func(p unsafe.Pointer) int64 { return *(*int64)(p) }
}

func uintAt(t reflect.Type) func(p unsafe.Pointer) uint64 {
	switch t.Size() {
	case 1:
		return func(p unsafe.Pointer) uint64 { return uint64(*(*uint8)(p)) }
	case 2:
		return func(p unsafe.Pointer) uint64 { return uint64(*(*uint16)(p)) }
	case 4:
		return func(p unsafe.Pointer) uint64 { return uint64(*(*uint32)(p)) }
	}
	return func(p unsafe.Pointer) uint64 { return *(*uint64)(p) }
}

// appendTime writes t as time.Time's MarshalJSON does; an instant it
// refuses (a year outside 0-9999, an offset of 24 hours or more) is left
// to the encoder above, which says why.
func appendTime(b []byte, t *time.Time) ([]byte, bool) {
	b = append(b, '"')
	n0 := len(b)
	b = rfc3339.Append(b, *t, true)
	if len(b)-n0 < len("2006-01-02T15:04:05Z") || b[n0+4] != '-' {
		return b, false
	}
	if b[len(b)-1] != 'Z' {
		c := b[len(b)-len("Z07:00")]
		if '0' <= c && c <= '9' || 10*(b[len(b)-5]-'0')+(b[len(b)-4]-'0') >= 24 {
			return b, false
		}
	}
	return append(b, '"'), true
}

// appendReason writes a reason as encoding/json writes what its
// MarshalJSON returns, its text written into the state's scratch and quoted
// from there: U+2028 and U+2029 are escaped only with HTML characters, as
// encoding/json's compacting of a marshaler's output does. A reason with
// text that is not UTF-8 is left to the encoder above.
func (e *encState) appendReason(b []byte, r *program.Reason) ([]byte, bool) {
	b = append(b, `{"rule":`...)
	b, ok1 := appendQuotedUTF8(b, string(r.Rule), e.html, e.html)
	b = append(b, `,"section":`...)
	b, ok2 := appendQuotedUTF8(b, r.Section(), e.html, e.html)
	b = append(b, `,"effect":`...)
	b = appendQuoted(b, r.Effect.String(), e.html)
	b = append(b, `,"text":`...)
	e.text = r.AppendText(e.text[:0])
	b, ok3 := appendQuotedUTF8(b, bytesText(e.text), e.html, e.html)
	return append(b, '}'), ok1 && ok2 && ok3
}

// appendCompact writes the output of a MarshalJSON method as encoding/json
// does: compacted, and HTML characters escaped when asked.
func (e *encState) appendCompact(b, out []byte) ([]byte, bool) {
	buf := bytes.NewBuffer(b)
	if !e.html {
		if err := jsonv1.Compact(buf, out); err != nil {
			return b, false
		}
		return buf.Bytes(), true
	}
	var c bytes.Buffer
	if err := jsonv1.Compact(&c, out); err != nil {
		return b, false
	}
	jsonv1.HTMLEscape(buf, c.Bytes())
	return buf.Bytes(), true
}

const hexDigits = "0123456789abcdef"

// appendQuoted writes s as a JSON string as encoding/json does: invalid
// UTF-8 as U+FFFD, U+2028 and U+2029 escaped, and <, > and & when html.
func appendQuoted(b []byte, s string, html bool) []byte {
	b, _ = appendQuotedUTF8(b, s, html, true)
	return b
}

// appendQuotedUTF8 is appendQuoted, U+2028 and U+2029 escaped only when
// seps is set, and reports whether s was UTF-8.
func appendQuotedUTF8(b []byte, s string, html, seps bool) ([]byte, bool) {
	valid := true
	b = append(b, '"')
	for {
		// Runs of bytes that need no look go in whole.
		n := jsonscan.Plain(s, html)
		b = append(b, s[:n]...)
		if s = s[n:]; s == "" {
			break
		}
		c := s[0]
		if c < utf8.RuneSelf {
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // other control characters, and <, > and & when html
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			valid = false
			b = append(b, `\ufffd`...)
		case seps && (r == '\u2028' || r == '\u2029'):
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			b = append(b, s[:size]...)
		}
		s = s[size:]
	}
	return append(b, '"'), valid
}

// bytesText reads b as a string without copying it; b must not change
// while the string is in use.
func bytesText(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
