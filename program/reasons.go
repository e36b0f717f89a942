package program

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math/big"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"
)

// Reasons is a decision's explanation: its reasons, in order. It is a
// value of 136 bytes on 64-bit platforms, copied as one, and immutable:
// the reasons are kept in one block of bytes that holds no pointers
// (rules by index, facts by value), which a decision allocates once and
// the collector never scans. Each [Reason] is read back from the block
// when asked for ([Reasons.At], [Reasons.All]), its texts written only
// then.
//
// A package may also keep, instead of the block, the facts its reasons
// are written from, and write the block only when the reasons are read
// ([DeferReasons]): reading such reasons is the same, and costs the
// writing of the block each time; [Reasons.Written] writes it once for a
// caller that reads them many times. Facts of up to [InPlaceFacts] bytes
// may be kept in the Reasons value itself ([DeferReasonsInPlace]), so
// that a decision allocates nothing.
//
// The zero Reasons has none and is written in JSON as []. Reasons compare
// with [Reasons.Equal] (which go-cmp uses too); reflect.DeepEqual holds
// between two decisions made alike in one process.
type Reasons struct {
	b   []byte         // the encoded reasons, or src's facts; never written once made
	n   int            // how many
	loc *time.Location // the zone instants are written in, for reasons that have one
	ref any            // Facts.Ref of the reasons that have one
	src ReasonSource   // when set, b (or in, when b is nil) holds the facts src writes the reasons from
	in  [InPlaceFacts]byte
}

// InPlaceFacts is how many bytes of a source's facts a Reasons value keeps
// in place ([DeferReasonsInPlace]).
const InPlaceFacts = 64

// A ReasonSource writes a decision's reasons when they are read. A package
// whose decisions must cost as little as possible notes, while deciding,
// which of its rules bore on the decision and the facts their texts read,
// in a block of bytes of its own that holds no pointers; it cites the
// rules through w, with their facts, only when the reasons are read. The
// source is typically the policy's compiled form, which the decision keeps
// anyway.
//
// WriteReasons must write the same reasons from the same facts each time
// it is called, and may be called from several goroutines at once: it
// reads facts, never writes them. Facts kept in place
// ([DeferReasonsInPlace]) are given as a copy of InPlaceFacts bytes, the
// source's own followed by zeros, valid only during the call: nothing it
// cites may point into them. (Facts in a block of their own
// ([DeferReasons]) are the decision's, and a reason may point into them,
// as incumbency's partner IDs do.)
type ReasonSource interface {
	WriteReasons(w *ReasonWriter, facts []byte)
	// AppendRuleIDs appends the IDs of the rules WriteReasons cites from
	// facts, in order, without writing their facts ([Reasons.IDs]).
	AppendRuleIDs(ids []RuleID, facts []byte) []RuleID
}

// DeferReasons makes the n reasons src writes from facts when they are
// read ([ReasonSource]). Deciding costs the facts, not the reasons' block;
// a caller that reads the reasons pays for writing them, each time it
// reads them unless it keeps [Reasons.Written].
func DeferReasons(n int, src ReasonSource, facts []byte) Reasons {
	if n == 0 {
		return Reasons{}
	}
	return Reasons{b: facts, n: n, src: src}
}

// DeferReasonsInPlace is [DeferReasons] for facts of at most
// [InPlaceFacts] bytes, which the Reasons value keeps in place of a block:
// they are copied, and deciding allocates nothing for its reasons. A copy
// of the Reasons copies its facts with it.
func DeferReasonsInPlace(n int, src ReasonSource, facts []byte) (rs Reasons) {
	if len(facts) > InPlaceFacts {
		panic(fmt.Sprintf("program: %d bytes of facts kept in place, more than %d", len(facts), InPlaceFacts))
	}
	var in [InPlaceFacts]byte
	copy(in[:], facts)
	rs.DeferInPlace(n, src, &in)
	return rs
}

// DeferInPlace sets rs to [DeferReasonsInPlace](n, src, facts), writing
// it where it is: a decision being made fills in its Reasons without
// copying one.
func (rs *Reasons) DeferInPlace(n int, src ReasonSource, facts *[InPlaceFacts]byte) {
	if n == 0 {
		*rs = Reasons{}
		return
	}
	rs.b, rs.loc, rs.ref = nil, nil, nil
	rs.n, rs.src, rs.in = n, src, *facts
}

// factsIn is the facts rs's source writes its reasons from: its block, or
// the facts it keeps in place, copied into buf for the source to read.
func (rs *Reasons) factsIn(buf *[InPlaceFacts]byte) []byte {
	if rs.b != nil {
		return rs.b
	}
	*buf = rs.in
	return buf[:]
}

// Written is rs with their block written: reasons made by [DeferReasons]
// are written from their facts each time they are read, so a caller that
// reads them many times, or one at a time ([Reasons.ReadNext]), keeps
// Written. For other reasons it is rs.
func (rs Reasons) Written() Reasons {
	if rs.src == nil {
		return rs
	}
	return rs.write()
}

// write is Written for deferred reasons; apart, so that Written inlines.
func (rs Reasons) write() Reasons {
	w := writers.Get().(*ReasonWriter)
	rs.src.WriteReasons(w, rs.factsIn(&w.in))
	out := w.Done()
	w.rule, w.facts = nil, Facts{} // the pool keeps nothing of these reasons alive
	writers.Put(w)
	if out.n != rs.n {
		panic(fmt.Sprintf("program: a reason source wrote %d reasons of %d", out.n, rs.n))
	}
	return out
}

// A ReasonReader reads reasons one at a time. It takes reasons made by
// [DeferReasons] from their source as the source cites them, into a list
// of its own, which it keeps from one [ReasonReader.Reset] to the next: an
// encoder that keeps one reads every decision's reasons without
// allocating or writing their block. A reason read is valid until the
// next Reset. The zero value is ready to use; a ReasonReader must not be
// copied once used.
type ReasonReader struct {
	w    ReasonWriter
	list []Reason // a deferred decision's reasons, as its source cited them
	rs   Reasons  // or another decision's
	off  int
}

// Reset starts reading rs.
func (rr *ReasonReader) Reset(rs Reasons) {
	rr.off = 0
	clear(rr.list) // the reasons read before are not kept alive
	rr.list = rr.list[:0]
	if rs.src == nil {
		rr.rs = rs
		return
	}
	rr.rs = Reasons{}
	rr.w.list, rr.w.n, rr.w.loc, rr.w.ref = &rr.list, 0, nil, nil
	rs.src.WriteReasons(&rr.w, rs.factsIn(&rr.w.in))
	rr.w.shareLast()
	rr.w.list, rr.w.loc, rr.w.ref = nil, nil, nil
	if len(rr.list) != rs.n {
		panic(fmt.Sprintf("program: a reason source wrote %d reasons of %d", len(rr.list), rs.n))
	}
}

// Next reads the next reason into *r, reporting false once there are no
// more.
func (rr *ReasonReader) Next(r *Reason) bool {
	if rr.rs.n > 0 {
		return rr.rs.ReadNext(&rr.off, r)
	}
	if rr.off >= len(rr.list) {
		return false
	}
	*r = rr.list[rr.off]
	rr.off++
	return true
}

// readers are the ReasonReaders deferred reasons are encoded with.
var readers = sync.Pool{New: func() any { return new(ReasonReader) }}

// WordsOnly reports whether a value of type t holds only numbers and
// booleans, in arrays and structs: nothing the collector must follow. A
// package that keeps its reasons' facts in a frame ([DeferReasons]) holds
// the frame's types to it in a test.
func WordsOnly(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return WordsOnly(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !WordsOnly(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Bool, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}

// writers are the ReasonWriters sources write into: a writer passed to a
// method of an interface is on the heap.
var writers = sync.Pool{New: func() any { return new(ReasonWriter) }}

// A reason's record in the block: its size, its rule, its effect and
// variant, which facts it has, then those facts in slot order.
const (
	recSize   = 0  // uint32: the record's length in bytes, header included
	recRule   = 4  // uint32: the rule's index; 0 for a written reason
	recEffect = 8  // Effect
	recV      = 9  // Facts.V
	recN      = 10 // which N slots follow (bits 0-5); bit 6 Loc, bit 7 Ref
	recSD     = 11 // which S slots follow (bits 0-2), D slots (bits 3-4), and which D have coefficients past int64, written as digits (bits 5-6)
	recHeader = 12

	hasLoc = 1 << 6
	hasRef = 1 << 7
)

// Len is how many reasons there are.
func (rs Reasons) Len() int { return rs.n }

// At is reason i. It panics if i is out of range.
func (rs Reasons) At(i int) Reason {
	if uint(i) >= uint(rs.n) {
		panic(fmt.Sprintf("program: reason %d of %d", i, rs.n))
	}
	if rs.src != nil {
		return rs.write().At(i)
	}
	var r Reason
	rs.decodeInto(rs.b[rs.offset(i):], &r)
	return r
}

// All yields each reason with its index, in order.
func (rs Reasons) All() iter.Seq2[int, Reason] {
	return func(yield func(int, Reason) bool) {
		if rs.src != nil {
			rs.allCited(yield)
			return
		}
		var r Reason
		for i, off := 0, 0; rs.ReadNext(&off, &r); i++ {
			if !yield(i, r) {
				return
			}
		}
	}
}

// allCited is All for deferred reasons: they are read as the source cites
// them, into no block. Apart, so that All's loop inlines.
func (rs Reasons) allCited(yield func(int, Reason) bool) {
	rr := readers.Get().(*ReasonReader)
	rr.Reset(rs)
	var r Reason
	for i := 0; rr.Next(&r); i++ {
		if !yield(i, r) {
			break
		}
	}
	rr.Reset(Reasons{})
	readers.Put(rr)
}

// ReadNext reads the reason at byte offset *off of the block into *r and
// moves *off past it, reporting false once there are no more: a loop
// from offset 0 reads every reason into one Reason the caller keeps, as
// an encoder writing many decisions does, allocating nothing. Reasons
// made by [DeferReasons] are written for each call: read [Reasons.Written].
//
//	rs = rs.Written()
//	var r program.Reason
//	for off := 0; rs.ReadNext(&off, &r); {
//		b = r.AppendText(b)
//	}
func (rs Reasons) ReadNext(off *int, r *Reason) bool {
	if rs.src != nil {
		return rs.write().ReadNext(off, r)
	}
	if *off >= len(rs.b) {
		return false
	}
	b := rs.b[*off:]
	*off += recordLen(b)
	rs.decodeInto(b, r)
	return true
}

// List is the reasons as a slice of their own.
func (rs Reasons) List() []Reason {
	out := make([]Reason, 0, rs.n)
	for _, r := range rs.All() {
		out = append(out, r)
	}
	return out
}

// Slice is reasons i to j (j excluded), sharing the block.
func (rs Reasons) Slice(i, j int) Reasons {
	if i < 0 || j < i || j > rs.n {
		panic(fmt.Sprintf("program: reasons [%d:%d] of %d", i, j, rs.n))
	}
	if rs.src != nil {
		return rs.write().Slice(i, j)
	}
	// As Cut(i), then Cut(j-i) of the tail, in one pass and one value.
	out := Reasons{n: j - i, loc: rs.loc, ref: rs.ref}
	if j > i {
		lo := rs.offset(i)
		hi := lo
		for range j - i {
			hi += recordLen(rs.b[hi:])
		}
		out.b = rs.b[lo:hi:hi]
	}
	return out
}

// Cut splits the reasons after the first n (n ≤ Len), both parts sharing
// the block: cutting a decision's reasons into consecutive runs, one Cut
// after another, reads each reason once.
func (rs Reasons) Cut(n int) (head, tail Reasons) {
	if n < 0 || n > rs.n {
		panic(fmt.Sprintf("program: cut after %d of %d reasons", n, rs.n))
	}
	if rs.src != nil {
		return rs.write().Cut(n)
	}
	off := rs.offset(n)
	head = Reasons{n: n, loc: rs.loc, ref: rs.ref}
	tail = Reasons{n: rs.n - n, loc: rs.loc, ref: rs.ref}
	if n > 0 {
		head.b = rs.b[:off:off]
	}
	if n < rs.n {
		tail.b = rs.b[off:]
	}
	return head, tail
}

// Ref is reason i, kept where it is.
func (rs Reasons) Ref(i int) ReasonRef {
	if uint(i) >= uint(rs.n) {
		panic(fmt.Sprintf("program: reason %d of %d", i, rs.n))
	}
	return ReasonRef{rs.Slice(i, i+1)}
}

func (rs Reasons) offset(i int) int {
	off := 0
	for range i {
		off += recordLen(rs.b[off:])
	}
	return off
}

// Equal reports whether rs and other give the same reasons: the same
// rules, effects, sections and texts, in the same order.
func (rs Reasons) Equal(other Reasons) bool {
	if rs.n != other.n {
		return false
	}
	if rs.src != nil || other.src != nil {
		return rs.Written().Equal(other.Written())
	}
	var x, y Reason
	for i, j := 0, 0; rs.ReadNext(&i, &x) && other.ReadNext(&j, &y); {
		if x.Rule != y.Rule || x.Effect != y.Effect || x.Section() != y.Section() || x.Text() != y.Text() {
			return false
		}
	}
	return true
}

// ReasonsOf keeps rs as Reasons: for decisions made by hand, and tests.
func ReasonsOf(rs ...Reason) Reasons {
	var w ReasonWriter
	for i := range rs {
		w.Add(&rs[i])
	}
	return w.Done()
}

// IDs lists the rule IDs of the reasons, in order.
func (rs Reasons) IDs() []RuleID {
	ids := make([]RuleID, 0, rs.n)
	if rs.src != nil {
		if rs.b != nil {
			return rs.src.AppendRuleIDs(ids, rs.b)
		}
		w := writers.Get().(*ReasonWriter)
		ids = rs.src.AppendRuleIDs(ids, rs.factsIn(&w.in))
		writers.Put(w)
		return ids
	}
	for off := 0; off < len(rs.b); off += recordLen(rs.b[off:]) {
		ids = append(ids, rs.ruleID(rs.b[off:]))
	}
	return ids
}

// MarshalJSON writes the reasons as a list of reason objects.
func (rs Reasons) MarshalJSON() ([]byte, error) { return rs.appendJSON(nil), nil }

func (rs Reasons) appendJSON(b []byte) []byte {
	b = append(b, '[')
	var r Reason
	if rs.src != nil { // read as the source cites them, into no block
		rr := readers.Get().(*ReasonReader)
		rr.Reset(rs)
		for i := 0; rr.Next(&r); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.appendJSON(b)
		}
		rr.Reset(Reasons{}) // the pool keeps nothing of these reasons alive
		readers.Put(rr)
		return append(b, ']')
	}
	for off := 0; rs.ReadNext(&off, &r); {
		if off > recordLen(rs.b) {
			b = append(b, ',')
		}
		b = r.appendJSON(b)
	}
	return append(b, ']')
}

// MarshalJSONTo writes the reasons as MarshalJSON does, straight into a
// JSON encoder (github.com/go-json-experiment/json).
func (rs Reasons) MarshalJSONTo(enc *jsontext.Encoder) error {
	return enc.WriteValue(rs.appendJSON(enc.AvailableBuffer()))
}

// UnmarshalJSON reads reasons written by MarshalJSON; their texts are kept
// as written.
func (rs *Reasons) UnmarshalJSON(data []byte) error {
	var list []Reason
	if err := DecodeJSON(data, &list); err != nil {
		return err
	}
	*rs = ReasonsOf(list...)
	return nil
}

// ReasonRef is one reason of a decision's [Reasons], kept where it is: a
// decision that points at one of its reasons from elsewhere (an option
// and the rule that permits it) shares the block. Its zero value has no
// reason and is written in JSON as null.
type ReasonRef struct{ rs Reasons }

// IsZero reports whether the reference points at no reason.
func (r ReasonRef) IsZero() bool { return r.rs.n == 0 }

// Reason is the reason pointed at. It panics on the zero ReasonRef.
func (r ReasonRef) Reason() Reason { return r.rs.At(0) }

// MarshalJSON writes the reason, or null.
func (r ReasonRef) MarshalJSON() ([]byte, error) { return r.appendJSON(nil), nil }

func (r ReasonRef) appendJSON(b []byte) []byte {
	if r.rs.n == 0 {
		return append(b, "null"...)
	}
	var x Reason
	r.rs.decodeInto(r.rs.b, &x)
	return x.appendJSON(b)
}

// MarshalJSONTo writes the reason as MarshalJSON does, into a JSON encoder.
func (r ReasonRef) MarshalJSONTo(enc *jsontext.Encoder) error {
	return enc.WriteValue(r.appendJSON(enc.AvailableBuffer()))
}

// UnmarshalJSON reads a reason (or null) written by MarshalJSON.
func (r *ReasonRef) UnmarshalJSON(data []byte) error {
	var x *Reason
	if err := DecodeJSON(data, &x); err != nil {
		return err
	}
	if x == nil {
		*r = ReasonRef{}
		return nil
	}
	r.rs = ReasonsOf(*x)
	return nil
}

// Equal reports whether r and other point at the same reason (rule,
// effect, section and text), or both at none.
func (r ReasonRef) Equal(other ReasonRef) bool { return r.rs.Equal(other.rs) }

// scratchSize is how many bytes of reasons a ReasonWriter holds in itself
// before it moves them to the heap: a decision's usual reasons fit.
const scratchSize = 256

// A ReasonWriter records a decision's reasons and makes them [Reasons]
// in one allocation of exactly their size. Declare it on the stack: it
// keeps the reasons in itself while the decision is made, and [Facts]
// filled through [ReasonWriter.Cite] are copied, never kept. The zero
// value is ready to use.
//
// The reasons a writer cites share one zone (Facts.Loc, the same
// *time.Location) and one Facts.Ref (the same pointer, slice or map, or
// an equal comparable value): a decision has one of each. Citing another
// panics, as a bug in the package deciding.
type ReasonWriter struct {
	_       noCopy // a copy would share the buffer its reasons outgrow into
	n, len  int
	open    bool
	rule    *Rule
	effect  Effect
	facts   Facts
	loc     *time.Location
	ref     any
	spill   []byte             // the reasons, once they outgrow scratch
	pooled  *[]byte            // where spill came from (spillPool), given back by Done
	list    *[]Reason          // a ReasonReader's list, which takes the reasons as they are instead
	in      [InPlaceFacts]byte // the facts of reasons kept in place, as their source reads them
	scratch [scratchSize]byte
}

// Cite records that rule r bore on the decision with effect e, and returns
// the reason's facts for the caller to fill in until the next call on w.
func (w *ReasonWriter) Cite(r *Rule, e Effect) *Facts {
	if w.list != nil { // a ReasonReader's: the reasons as they are
		w.shareLast()
		*w.list = append(*w.list, Reason{Rule: r.ID, Effect: e, rule: r})
		w.n++
		return &(*w.list)[len(*w.list)-1].Facts
	}
	w.flush()
	w.rule, w.effect, w.open = r, e, true
	w.facts = Facts{}
	return &w.facts
}

// Add records a copy of reason r.
//
// A reason from another decision whose zone or facts (Facts.Loc, Ref) are
// not this one's is kept written out: its rule, section, effect and text,
// so that reasons of several decisions can be put together.
func (w *ReasonWriter) Add(r *Reason) {
	if w.list != nil {
		w.shareLast()
		*w.list = append(*w.list, *r)
		w.n++
		return
	}
	w.flush()
	w.rule, w.effect, w.open = r.rule, r.Effect, true
	w.facts = r.Facts
	switch {
	case r.rule == nil: // a written reason: its ID goes with its text and section
		w.facts.S[2] = string(r.Rule)
	case r.Facts.Loc != nil && w.loc != nil && r.Facts.Loc != w.loc,
		r.Facts.Ref != nil && w.ref != nil && !sameRef(r.Facts.Ref, w.ref):
		w.written(&w.facts)
	}
}

// written turns the open reason, with facts f, into a written one: its
// text and section, and its rule's ID, in the string slots. A reason is
// written out when its rule was not declared or its facts are not the
// decision's (Add); only then is a text written while deciding.
func (w *ReasonWriter) written(f *Facts) {
	r := Reason{Rule: w.rule.ID, Effect: w.effect, Facts: *f, rule: w.rule}
	*f = Facts{S: [3]string{r.Text(), r.Section(), string(r.Rule)}}
	w.rule = nil
}

// AddAll records a copy of every reason of rs.
func (w *ReasonWriter) AddAll(rs Reasons) {
	for _, r := range rs.All() {
		w.Add(&r)
	}
}

// Len is how many reasons w has recorded.
func (w *ReasonWriter) Len() int {
	if w.open {
		return w.n + 1
	}
	return w.n
}

// Done makes the reasons recorded, and empties w.
func (w *ReasonWriter) Done() Reasons {
	w.flush()
	rs := Reasons{n: w.n, loc: w.loc, ref: w.ref}
	switch {
	case w.pooled != nil:
		rs.b = append([]byte(nil), w.spill[:w.len]...)
		if cap(w.spill) <= maxSpill {
			*w.pooled = w.spill[:0]
			spillPool.Put(w.pooled)
		}
	case w.n > 0:
		rs.b = make([]byte, w.len)
		copy(rs.b, w.scratch[:w.len])
	}
	w.n, w.len, w.loc, w.ref, w.spill, w.pooled = 0, 0, nil, nil, nil, nil
	return rs
}

// share keeps f's zone and facts as the writer's, the one of each its
// reasons may have. They are stored once: a store of a pointer takes a
// write barrier while the collector marks, and a writer is often reached
// through a pointer the compiler cannot see is on the stack.
func (w *ReasonWriter) share(f *Facts) {
	switch {
	case f.Loc == nil:
	case w.loc == nil:
		w.loc = f.Loc
	case w.loc != f.Loc:
		panic("program: the reasons of one decision are written in two zones")
	}
	switch {
	case f.Ref == nil:
	case w.ref == nil:
		w.ref = f.Ref
	case !sameRef(w.ref, f.Ref):
		panic("program: the reasons of one decision refer to two sets of facts")
	}
}

// shareLast holds the facts of the last reason of a ReasonReader's list
// to the rules of one decision ([ReasonWriter.share]), as writing it into
// a block would.
func (w *ReasonWriter) shareLast() {
	if l := *w.list; len(l) > 0 {
		w.share(&l[len(l)-1].Facts)
	}
}

// flush writes the open reason into the block.
func (w *ReasonWriter) flush() {
	if !w.open {
		return
	}
	w.open = false
	f := &w.facts
	w.share(f)
	var idx uint32
	if w.rule != nil {
		if idx = w.rule.declared(); idx == 0 {
			w.written(f)
		}
	}
	if w.pooled == nil {
		// The loose bound costs three lengths; the exact one, which reads
		// every slot, is taken only when the loose one does not fit.
		switch {
		case w.len+looseRecordSize(f) <= len(w.scratch):
			w.len += encodeRecordLoose(w.scratch[w.len:], idx, w.effect, f)
			w.n++
			return
		case w.len+maxRecordSize(f) <= len(w.scratch):
			w.len += encodeRecord(w.scratch[w.len:], idx, w.effect, f)
			w.n++
			return
		}
	}
	w.len += encodeRecord(w.grow(maxRecordSize(f)), idx, w.effect, f)
	w.spill = w.spill[:w.len]
	w.n++
}

// grow makes room for size more bytes past the writer's own: the reasons
// move to a pooled buffer, which doubles as it fills, and Done copies them
// out once, so that a decision keeps one allocation of their size
// however many it has.
func (w *ReasonWriter) grow(size int) []byte {
	// The buffer is kept in the writer, on the stack, and written back to
	// its pooled holder only by Done: a slice stored on the heap per record
	// would cost a write barrier each while the collector marks.
	if w.pooled == nil {
		w.pooled = spillPool.Get().(*[]byte)
		w.spill = append((*w.pooled)[:0], w.scratch[:w.len]...)
	}
	b := w.spill
	if cap(b)-len(b) < size {
		nb := make([]byte, len(b), 2*cap(b)+size)
		copy(nb, b)
		b = nb
	}
	w.spill = b[:len(b)+size]
	return w.spill[len(b):]
}

// spillPool holds the buffers of writers whose reasons outgrew them, up to
// maxSpill bytes each.
var spillPool = sync.Pool{New: func() any { b := make([]byte, 0, 4*scratchSize); return &b }}

const maxSpill = 1 << 20

// sameRef reports whether two Facts.Ref values are the same facts: equal
// comparable values (pointers among them), the same map, or the same
// slice.
func sameRef(a, b any) bool {
	if x, y := (*[2]unsafe.Pointer)(unsafe.Pointer(&a)), (*[2]unsafe.Pointer)(unsafe.Pointer(&b)); *x == *y {
		return true // the same type and the same word: the same pointer, or the same boxed value
	}
	t := reflect.TypeOf(a)
	if t != reflect.TypeOf(b) {
		return false
	}
	if t.Comparable() {
		return a == b
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch t.Kind() {
	case reflect.Slice:
		return va.Len() == vb.Len() && va.UnsafePointer() == vb.UnsafePointer()
	case reflect.Map:
		return va.UnsafePointer() == vb.UnsafePointer()
	}
	return false
}

// maxRecordSize bounds the length of the record of a reason with facts f:
// exact but for the lengths' varints, so that a decision's usual reasons
// fit the writer's own room.
func maxRecordSize(f *Facts) int {
	n := recHeader
	for i := range f.N {
		if f.N[i] != 0 {
			n += 8
		}
	}
	for i := range f.S {
		if l := len(f.S[i]); l > 0 {
			n += binary.MaxVarintLen32 + l
		}
	}
	if noDecimals(f) { // most reasons: no decimal to measure
		return n
	}
	return n + decimalsSize(f)
}

// looseRecordSize bounds the length of the record of a reason with facts
// f, counting every number slot, set or not: it reads no number slot, and
// the record can be written without a branch per slot
// ([encodeRecordLoose]).
func looseRecordSize(f *Facts) int {
	n := recHeader + 8*len(f.N) + 3*binary.MaxVarintLen32 + len(f.S[0]) + len(f.S[1]) + len(f.S[2])
	if noDecimals(f) {
		return n
	}
	return n + decimalsSize(f)
}

// decimalsSize bounds the length of f's decimal slots in a record.
func decimalsSize(f *Facts) int {
	n := 0
	for i := range f.D {
		if d := &f.D[i]; *d != (decimal.Decimal{}) {
			if fitsInt64(d) {
				n += 12
			} else {
				n += binary.MaxVarintLen32 + len(d.Coefficient().String()) + 4
			}
		}
	}
	return n
}

// fitsInt64 reports whether d's coefficient has at most 18 digits (so
// fits an int64): whether it is below 10^18 in magnitude, read in place
// ([coefficientBelow]).
func fitsInt64(d *decimal.Decimal) bool { return coefficientBelow(d, 1e18) }

// encodeRecord writes the record of a reason into b, which has room for
// it (maxRecordSize, or looseRecordSize: a number slot is written whether
// it is set or not, and passed over when it is not), and returns its
// length. A decimal slot holds a decimal unless it is decimal.Decimal's
// zero value (a zero written as "0.00" is a decimal, kept with its
// exponent).
func encodeRecord(b []byte, idx uint32, e Effect, f *Facts) int {
	le := binary.LittleEndian
	nm := encodeHead((*[recHeader]byte)(b), idx, e, f)
	off := recHeader
	for i := range f.N { // by index: ranging over the array copies it
		if x := f.N[i]; x != 0 {
			nm |= 1 << i
			le.PutUint64(b[off:], uint64(x))
			off += 8
		}
	}
	return encodeTail(b, off, nm, f)
}

// encodeHead writes a record's rule, effect and variant, and returns the
// bits of its slot mask that say it has a zone and a reference.
func encodeHead(h *[recHeader]byte, idx uint32, e Effect, f *Facts) byte {
	binary.LittleEndian.PutUint32(h[recRule:], idx)
	h[recEffect], h[recV] = byte(e), f.V
	var nm byte
	if f.Loc != nil {
		nm |= hasLoc
	}
	if f.Ref != nil {
		nm |= hasRef
	}
	return nm
}

// encodeRecordLoose is encodeRecord with room for every number slot: each
// is written, and the offset moves past it only when it is set, so that
// the slots cost no branches.
func encodeRecordLoose(b []byte, idx uint32, e Effect, f *Facts) int {
	le := binary.LittleEndian
	h := (*[recHeader + 8*len(f.N)]byte)(b)
	nm := encodeHead((*[recHeader]byte)(b), idx, e, f)
	off := recHeader
	put := func(i int) { // unrolled below
		x := f.N[i]
		le.PutUint64(h[off:], uint64(x))
		set := b2i(x != 0)
		nm |= byte(set << i)
		off += 8 * set
	}
	put(0)
	put(1)
	put(2)
	put(3)
	put(4)
	put(5)
	return encodeTail(b, off, nm, f)
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(v bool) int {
	var i int
	if v {
		i = 1
	}
	return i
}

// encodeTail writes a record's strings and decimals from off, then its
// length and which slots it holds (nm, the number slots, Loc and Ref).
func encodeTail(b []byte, off int, nm byte, f *Facts) int {
	le := binary.LittleEndian
	var sd byte
	for i := range f.S {
		if s := f.S[i]; s != "" {
			sd |= 1 << i
			if len(s) < 0x80 { // a one-byte varint
				b[off] = byte(len(s))
				off++
			} else {
				off += binary.PutUvarint(b[off:], uint64(len(s)))
			}
			off += copy(b[off:], s)
		}
	}
	if !noDecimals(f) {
		for i := range f.D {
			d := &f.D[i]
			if *d == (decimal.Decimal{}) {
				continue
			}
			sd |= 1 << (3 + i)
			if fitsInt64(d) {
				le.PutUint64(b[off:], uint64(d.CoefficientInt64()))
				le.PutUint32(b[off+8:], uint32(d.Exponent()))
				off += 12
			} else { // the coefficient's digits, then the exponent
				sd |= 1 << (5 + i)
				s := d.Coefficient().String()
				off += binary.PutUvarint(b[off:], uint64(len(s)))
				off += copy(b[off:], s)
				le.PutUint32(b[off:], uint32(d.Exponent()))
				off += 4
			}
		}
	}
	b[recN], b[recSD] = nm, sd
	le.PutUint32(b[recSize:], uint32(off))
	return off
}

// noDecimals reports whether f's decimal slots are both unset, reading
// their memory as words: a slot whose words are all zero is the zero
// decimal. Words that are not all zero are compared field by field by
// the caller (padding may not be zero).
func noDecimals(f *Facts) bool {
	w := (*[2 * unsafe.Sizeof(decimal.Decimal{}) / 8]uint64)(unsafe.Pointer(&f.D))
	var or uint64
	for i := range w {
		or |= w[i]
	}
	return or == 0
}

func recordLen(b []byte) int { return int(binary.LittleEndian.Uint32(b[recSize:])) }

// ruleID is the rule ID of the reason whose record starts b, read
// without its facts.
func (rs *Reasons) ruleID(b []byte) RuleID {
	if idx := binary.LittleEndian.Uint32(b[recRule:]); idx != 0 {
		return ruleAt(idx).ID
	}
	var r Reason
	rs.decodeInto(b, &r)
	return r.Rule
}

// decodeInto reads the reason whose record starts b into *r.
func (rs *Reasons) decodeInto(b []byte, r *Reason) {
	le := binary.LittleEndian
	b = b[:recordLen(b)]
	*r = Reason{Effect: Effect(b[recEffect])}
	f := &r.Facts
	f.V = b[recV]
	nm, sd := b[recN], b[recSD]
	if nm&hasLoc != 0 {
		f.Loc = rs.loc
	}
	if nm&hasRef != 0 {
		f.Ref = rs.ref
	}
	off := recHeader
	for i := range f.N {
		if nm&(1<<i) != 0 {
			f.N[i] = int64(le.Uint64(b[off:]))
			off += 8
		}
	}
	readString := func() string {
		n, k := binary.Uvarint(b[off:])
		off += k
		s := unsafe.String(unsafe.SliceData(b[off:]), int(n))
		off += int(n)
		return s
	}
	for i := range f.S {
		if sd&(1<<i) != 0 {
			f.S[i] = readString()
		}
	}
	for i := range f.D {
		switch {
		case sd&(1<<(3+i)) == 0:
		case sd&(1<<(5+i)) != 0:
			coef, _ := new(big.Int).SetString(readString(), 10)
			f.D[i] = decimal.NewFromBigInt(coef, int32(le.Uint32(b[off:])))
			off += 4
		default:
			f.D[i] = decimal.New(int64(le.Uint64(b[off:])), int32(le.Uint32(b[off+8:])))
			off += 12
		}
	}
	if idx := le.Uint32(b[recRule:]); idx != 0 {
		r.rule = ruleAt(idx)
		r.Rule = r.rule.ID
	} else {
		r.Rule, f.S[2] = RuleID(f.S[2]), ""
	}
}

// The declared rules, by index (from 1): a record names its rule by
// index, so that the block holds no pointers.
var ruleIndex struct {
	mu    sync.Mutex
	rules atomic.Pointer[[]*Rule]
}

// declare gives r its index, once.
func (r *Rule) declare() {
	ruleIndex.mu.Lock()
	defer ruleIndex.mu.Unlock()
	if r.declared() != 0 {
		return
	}
	var list []*Rule
	if p := ruleIndex.rules.Load(); p != nil {
		list = *p
	}
	list = append(list[:len(list):len(list)], r)
	ruleIndex.rules.Store(&list)
	atomic.StoreUint32(&r.idx, uint32(len(list)))
}

// declared is r's index, or 0 when r was not declared: a copy of a
// declared rule carries the index of the rule it was copied from, which is
// not its own.
func (r *Rule) declared() uint32 {
	i := atomic.LoadUint32(&r.idx)
	if i == 0 || ruleAt(i) != r {
		return 0
	}
	return i
}

func ruleAt(i uint32) *Rule { return (*ruleIndex.rules.Load())[i-1] }

// noCopy makes go vet's copylocks check report a ReasonWriter copied.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}
