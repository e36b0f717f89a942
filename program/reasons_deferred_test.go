package program_test

import (
	"encoding/binary"
	"encoding/json"
	"go/types"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

// counted is a ReasonSource as a package writes one: its facts are a count
// of reasons and an instant, and it cites everyFact that many times, each
// reason with its number and the instant. extra makes it cite one reason
// more than it said, as a faulty source would.
type counted struct {
	loc   *time.Location
	extra bool
}

func countedFacts(n int, at time.Time) []byte {
	b := make([]byte, 9)
	b[0] = byte(n)
	binary.LittleEndian.PutUint64(b[1:], uint64(at.Unix()))
	return b
}

func (c *counted) WriteReasons(w *program.ReasonWriter, facts []byte) {
	at := time.Unix(int64(binary.LittleEndian.Uint64(facts[1:])), 0)
	n := int(facts[0])
	if c.extra {
		n++
	}
	for i := range n {
		effect := program.Met
		if i%2 == 1 {
			effect = program.Unmet
		}
		w.Cite(&everyFact, effect).SetInt(1, i+1).SetString(0, "deferred").SetInstant(0, at, c.loc)
	}
}

func (c *counted) AppendRuleIDs(ids []program.RuleID, facts []byte) []program.RuleID {
	for range int(facts[0]) {
		ids = append(ids, everyFact.ID)
	}
	return ids
}

// written is what counted's reasons are when written as they are decided.
func (c *counted) written(n int, at time.Time) program.Reasons {
	var w program.ReasonWriter
	c.WriteReasons(&w, countedFacts(n, at))
	return w.Done()
}

// deferrals are the two ways of keeping a source's facts: in a block of
// their own, or in place in the Reasons value.
var deferrals = []struct {
	name string
	keep func(n int, src program.ReasonSource, facts []byte) program.Reasons
}{
	{"block", program.DeferReasons},
	{"in place", program.DeferReasonsInPlace},
}

func TestDeferredReasonsReadAsWritten(t *testing.T) {
	for _, d := range deferrals {
		t.Run(d.name, func(t *testing.T) { testDeferredReasonsReadAsWritten(t, d.keep) })
	}
}

func testDeferredReasonsReadAsWritten(t *testing.T, deferReasons func(int, program.ReasonSource, []byte) program.Reasons) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	src := &counted{loc: berlin}
	at := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	for _, n := range []int{1, 3, 7} {
		deferred := deferReasons(n, src, countedFacts(n, at))
		want := src.written(n, at)
		require.Equal(t, n, deferred.Len())
		assert.True(t, deferred.Equal(want) && want.Equal(deferred), "deferred and written reasons are equal")
		assert.Equal(t, want.IDs(), deferred.IDs())
		assert.Equal(t, want.List(), deferred.List())
		assert.Equal(t, want.At(n-1), deferred.At(n-1))
		got, err := json.Marshal(deferred)
		require.NoError(t, err)
		exp, err := json.Marshal(want)
		require.NoError(t, err)
		assert.JSONEq(t, string(exp), string(got))
		assert.Contains(t, string(got), "deferred")

		head, tail := deferred.Cut(1)
		assert.True(t, head.Equal(want.Slice(0, 1)))
		assert.True(t, tail.Equal(want.Slice(1, n)))
		assert.True(t, deferred.Ref(n-1).Equal(want.Ref(n-1)))

		// Written keeps the block: reading it again does not write it.
		kept := deferred.Written()
		assert.True(t, kept.Equal(want))
		var r program.Reason
		count := 0
		for off := 0; kept.ReadNext(&off, &r); count++ {
			assert.Equal(t, int64(count+1), r.Facts.N[1])
		}
		assert.Equal(t, n, count)

		var rr program.ReasonReader
		for range 2 { // a reader is reused
			rr.Reset(deferred)
			var list []program.Reason
			for rr.Next(&r) {
				list = append(list, r)
			}
			require.Len(t, list, n)
			for i := range list {
				assert.Equal(t, want.At(i).Text(), list[i].Text())
				assert.Equal(t, want.At(i).Effect, list[i].Effect)
			}
			rr.Reset(want) // and reads reasons written as they were decided
			count = 0
			for rr.Next(&r) {
				assert.Equal(t, want.At(count).Text(), r.Text())
				count++
			}
			assert.Equal(t, n, count)
		}
	}
	assert.Equal(t, program.Reasons{}, deferReasons(0, src, countedFacts(0, at)), "no reasons is the zero Reasons")
}

// Facts kept in place are the Reasons value's own: a copy keeps them, the
// caller's bytes may be reused at once, and making them allocates nothing.
func TestReasonsInPlaceKeepTheirFacts(t *testing.T) {
	src := &counted{loc: time.UTC}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	facts := countedFacts(3, at)
	rs := program.DeferReasonsInPlace(3, src, facts)
	clear(facts) // the caller's frame is gone
	copied := rs
	assert.True(t, copied.Equal(src.written(3, at)))
	assert.Equal(t, []program.RuleID{everyFact.ID, everyFact.ID, everyFact.ID}, rs.IDs())
	assert.True(t, reflect.DeepEqual(rs, program.DeferReasonsInPlace(3, src, countedFacts(3, at))), "reasons kept alike are deeply equal")

	var frame [program.InPlaceFacts]byte
	copy(frame[:], countedFacts(2, at))
	allocs := testing.AllocsPerRun(100, func() {
		sinkReasons = program.DeferReasonsInPlace(2, src, frame[:])
	})
	assert.Zero(t, allocs)
	assert.Panics(t, func() { program.DeferReasonsInPlace(1, src, make([]byte, program.InPlaceFacts+1)) })
}

func TestDeferredReasonsOfAFaultySourcePanic(t *testing.T) {
	faulty := &counted{extra: true}
	for _, d := range deferrals {
		rs := d.keep(2, faulty, countedFacts(2, time.Unix(0, 0)))
		assert.Panics(t, func() { rs.Written() }, d.name)
		var rr program.ReasonReader
		assert.Panics(t, func() { rr.Reset(rs) }, d.name)
	}
}

// A deferred decision's reasons are written by whoever reads them, from
// several goroutines at once (run under the race detector).
func TestDeferredReasonsAreReadConcurrently(t *testing.T) {
	src := &counted{loc: time.UTC}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rs := program.DeferReasons(4, src, countedFacts(4, at))
	inPlace := program.DeferReasonsInPlace(4, src, countedFacts(4, at))
	want := src.written(4, at)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var rr program.ReasonReader
			for range 50 {
				if !rs.Equal(want) || !inPlace.Equal(want) || len(inPlace.IDs()) != 4 {
					t.Error("deferred reasons differ when read concurrently")
				}
				rr.Reset(inPlace)
				rr.Reset(rs)
				var r program.Reason
				for rr.Next(&r) {
				}
			}
		})
	}
	wg.Wait()
}

// twoZones is a faulty source: its reasons are written in two zones.
type twoZones struct{}

func (twoZones) WriteReasons(w *program.ReasonWriter, _ []byte) {
	w.Cite(&everyFact, program.Met).SetInstant(0, time.Unix(0, 0), time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	w.Cite(&everyFact, program.Met).SetInstant(0, time.Unix(0, 0), berlin)
}

func (twoZones) AppendRuleIDs(ids []program.RuleID, _ []byte) []program.RuleID {
	return append(ids, everyFact.ID, everyFact.ID)
}

// A source's reasons are held to one zone whether they are written into a
// block or read as they are cited.
func TestDeferredReasonsKeepOneZone(t *testing.T) {
	rs := program.DeferReasons(2, twoZones{}, []byte{0})
	assert.Panics(t, func() { rs.Written() })
	var rr program.ReasonReader
	assert.Panics(t, func() { rr.Reset(rs) })
	src := &counted{loc: time.UTC}
	good := program.DeferReasons(2, src, countedFacts(2, time.Unix(0, 0)))
	assert.NotPanics(t, func() { rr.Reset(good) }, "a reader is usable after a faulty source")
	var r program.Reason
	n := 0
	for rr.Next(&r) {
		n++
	}
	assert.Equal(t, 2, n)
}

func TestWordsOnly(t *testing.T) {
	type frame struct {
		at    [3]int64
		flags uint8
		inner struct{ ok bool }
	}
	assert.True(t, program.WordsOnly(reflect.TypeFor[frame]()))
	assert.True(t, program.WordsOnly(reflect.TypeFor[[2]float64]()), "a number is a word, whatever its kind")
	for _, typ := range []reflect.Type{
		reflect.TypeFor[string](), reflect.TypeFor[*int](), reflect.TypeFor[[]byte](),
		reflect.TypeFor[time.Time](), reflect.TypeFor[struct{ a [2]any }](), reflect.TypeFor[map[int]int](),
		reflect.TypeFor[func()](), reflect.TypeFor[chan int](),
	} {
		assert.False(t, program.WordsOnly(typ), "%v", typ)
	}
}

// A Reasons value is copied with every decision: its size is a figure,
// which its doc gives for 64-bit platforms. The fields are laid out as
// the gc compiler lays them out on amd64, whatever platform runs the test.
func TestReasonsSize(t *testing.T) {
	rt := reflect.TypeFor[program.Reasons]()
	var fields []*types.Var
	for i := range rt.NumField() {
		f := rt.Field(i)
		var typ types.Type
		switch f.Type.Kind() {
		case reflect.Slice:
			typ = types.NewSlice(types.Typ[types.Uint8])
		case reflect.Int:
			typ = types.Typ[types.Int]
		case reflect.Pointer:
			typ = types.NewPointer(types.Typ[types.Int])
		case reflect.Interface:
			typ = types.NewInterfaceType(nil, nil)
		case reflect.Array:
			typ = types.NewArray(types.Typ[types.Uint8], int64(f.Type.Len()))
		default:
			t.Fatalf("field %s of kind %v: extend this test", f.Name, f.Type.Kind())
		}
		fields = append(fields, types.NewField(0, nil, f.Name, typ, false))
	}
	size := types.SizesFor("gc", "amd64").Sizeof(types.NewStruct(fields, nil))
	assert.Equal(t, int64(136), size, "a Reasons on amd64; update its doc")
}
