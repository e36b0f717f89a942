package program_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

// everyFact writes every slot of its facts, so that a reason read back
// from a block shows any slot lost or moved.
var everyFact = program.Rule{
	ID: "pkg.area.every_fact", Section: "Every Fact",
	Text: func(b []byte, f program.Facts) []byte {
		for i := range f.N {
			b = f.AppendInt(append(b, " n"...), i)
		}
		for i := range f.S {
			b = f.AppendQuoted(append(b, " s"...), i)
		}
		for i := range f.D {
			b = f.AppendDecimal(append(b, " d"...), i)
		}
		b = append(b, " v"...)
		b = append(b, byte('0'+f.V))
		if f.Loc != nil {
			b = f.AppendInstant(append(b, " at "...), 0)
		}
		if list, ok := f.Ref.([]string); ok {
			b = append(append(b, " ref "...), strings.Join(list, "+")...)
		}
		return b
	},
}

// The test rules are declared, as a package declares its own.
func init() { program.DeclareEach(&everyFact, &ruleWithText) }

// reasonsBothWays records reasons with a writer and as materialized
// reasons (Rule.Cite), for the same facts.
func reasonsBothWays(facts []program.Facts, effects []program.Effect) (program.Reasons, []program.Reason) {
	var w program.ReasonWriter
	var list []program.Reason
	for i, f := range facts {
		*w.Cite(&everyFact, effects[i]) = f
		list = append(list, everyFact.Cite(effects[i], f))
	}
	return w.Done(), list
}

func TestReasonsKeepEveryFact(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	langs := []string{"de", "fr"}
	big := decimal.RequireFromString("123456789012345678901234567890.5")
	facts := []program.Facts{
		{}, // a reason with no facts at all
		{N: [6]int64{1, -2, 3, 1 << 40, -(1 << 62), 6}, S: [3]string{"a", `"quoted" <b>`, strings.Repeat("é", 300)}, V: 3},
		{D: [2]decimal.Decimal{decimal.RequireFromString("0.15"), decimal.RequireFromString("-0.00")}},
		{D: [2]decimal.Decimal{big, decimal.New(7, 3)}, S: [3]string{"", "middle only", ""}},
		{N: [6]int64{program.InstantFact(time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC))}, Loc: berlin, Ref: langs},
		{N: [6]int64{0, 0, 0, 0, 0, 9}, Ref: langs},
	}
	effects := []program.Effect{program.Applied, program.Met, program.Unmet, program.Applied, program.Met, program.Unmet}
	rs, list := reasonsBothWays(facts, effects)

	require.Equal(t, len(list), rs.Len())
	for i, r := range rs.All() {
		want := list[i]
		assert.Equal(t, want.Rule, r.Rule, "reason %d", i)
		assert.Equal(t, want.Effect, r.Effect, "reason %d", i)
		assert.Equal(t, want.Section(), r.Section(), "reason %d", i)
		assert.Equal(t, want.Text(), r.Text(), "reason %d", i)
		assert.Equal(t, want.Text(), rs.At(i).Text(), "reason %d by index", i)
	}
	// The long string and the big decimal pushed the block past the
	// writer's own room: it moved to the heap on the way and lost nothing.
	assert.Contains(t, rs.At(1).Text(), strings.Repeat("é", 300))
	assert.Contains(t, rs.At(3).Text(), "d123456789012345678901234567890.5 d7000")
	assert.Contains(t, rs.At(2).Text(), "d0.15 d0")
	assert.Equal(t, int32(-2), rs.At(2).Facts.D[1].Exponent(), "a zero decimal keeps its exponent")
	assert.Contains(t, rs.At(4).Text(), "at 2026-03-29T03:30:00+02:00 ref de+fr")

	// The JSON is what the slice of reasons wrote.
	got, err := json.Marshal(rs)
	require.NoError(t, err)
	want, err := json.Marshal(list)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	assert.Equal(t, string(want), string(got))
}

func TestReasonsViews(t *testing.T) {
	facts := make([]program.Facts, 5)
	for i := range facts {
		facts[i].N[0] = int64(i + 1)
	}
	effects := []program.Effect{program.Applied, program.Met, program.Unmet, program.Met, program.Applied}
	rs, list := reasonsBothWays(facts, effects)

	mid := rs.Slice(1, 4)
	require.Equal(t, 3, mid.Len())
	for i, r := range mid.All() {
		assert.Equal(t, list[i+1].Text(), r.Text())
	}
	assert.Equal(t, 0, rs.Slice(2, 2).Len())
	assert.True(t, rs.Slice(0, 5).Equal(rs))
	assert.False(t, mid.Equal(rs))

	head, tail := rs.Cut(2)
	require.Equal(t, 2, head.Len())
	require.Equal(t, 3, tail.Len())
	assert.True(t, head.Equal(rs.Slice(0, 2)))
	assert.True(t, tail.Equal(rs.Slice(2, 5)))
	second, rest := tail.Cut(1)
	assert.Equal(t, list[2].Text(), second.At(0).Text())
	assert.Equal(t, list[4].Text(), rest.At(1).Text())
	none, all := rs.Cut(0)
	assert.Equal(t, 0, none.Len())
	assert.True(t, all.Equal(rs))
	all, none = rs.Cut(5)
	assert.True(t, all.Equal(rs))
	assert.Equal(t, 0, none.Len())
	assert.Panics(t, func() { rs.Cut(6) })

	ref := rs.Ref(3)
	assert.False(t, ref.IsZero())
	assert.Equal(t, list[3].Text(), ref.Reason().Text())
	b, err := json.Marshal(ref)
	require.NoError(t, err)
	one, _ := json.Marshal(list[3])
	assert.Equal(t, string(one), string(b))
	var back program.ReasonRef
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Equal(ref))
	b, _ = json.Marshal(program.ReasonRef{})
	assert.Equal(t, "null", string(b))

	assert.Panics(t, func() { rs.At(5) })
	assert.Panics(t, func() { rs.At(-1) })
	assert.Panics(t, func() { rs.Slice(3, 2) })
	assert.Panics(t, func() { rs.Ref(5) })

	// Stopping early stops the walk.
	n := 0
	for range rs.All() {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
	assert.Len(t, rs.List(), 5)
	assert.Equal(t, []program.RuleID{everyFact.ID, everyFact.ID, everyFact.ID, everyFact.ID, everyFact.ID}, rs.IDs())
}

func TestReasonsReadBackFromJSON(t *testing.T) {
	var w program.ReasonWriter
	w.Cite(&everyFact, program.Met).SetInt(0, 42)
	w.Cite(&ruleWithText, program.Unmet).SetString(0, "x").SetMoney(0, 1, program.Money{Amount: decimal.RequireFromString("12.5"), Currency: "EUR"})
	rs := w.Done()
	data, err := json.Marshal(rs)
	require.NoError(t, err)

	var back program.Reasons
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again), "a written reason keeps rule, section, effect and text")
	assert.True(t, back.Equal(rs))
	assert.Empty(t, cmp.Diff(rs, back), "go-cmp compares Reasons with Equal")
	assert.Equal(t, program.RuleID("pkg.area.rule"), back.At(1).Rule)
	assert.Equal(t, "Some Section", back.At(1).Section())

	require.Error(t, json.Unmarshal([]byte(`[{"rule":"x"}]`), &back), "a reason needs its section and text")

	var none program.Reasons
	b, _ := json.Marshal(none)
	assert.Equal(t, "[]", string(b), "the schema's reasons are a list")
	assert.Equal(t, 0, none.Len())
	assert.True(t, none.Equal(program.ReasonsOf()))
}

func TestReasonWriterIsReusable(t *testing.T) {
	var w program.ReasonWriter
	w.Cite(&everyFact, program.Met).SetInt(0, 1)
	assert.Equal(t, 1, w.Len())
	first := w.Done()
	assert.Equal(t, 0, w.Len())
	w.Cite(&everyFact, program.Unmet).SetInt(0, 2)
	second := w.Done()
	assert.Equal(t, " n1 n0 n0 n0 n0 n0 s\"\" s\"\" s\"\" d0 d0 v0", first.At(0).Text(), "a later decision does not write over an earlier one")
	assert.Equal(t, program.Unmet, second.At(0).Effect)
	assert.Equal(t, 0, w.Done().Len())
}

func TestUndeclaredRulesAreWrittenOut(t *testing.T) {
	undeclared := program.Rule{ID: "pkg.area.undeclared", Section: "Elsewhere",
		Text: func(b []byte, f program.Facts) []byte { return f.AppendInt(append(b, "count "...), 0) }}
	copied := everyFact // a copy of a declared rule is not the rule declared
	copied.ID, copied.Section = "pkg.area.copied", "Copied"
	assert.True(t, everyFact.Declared())
	assert.False(t, undeclared.Declared())
	assert.False(t, copied.Declared())

	var w program.ReasonWriter
	w.Cite(&undeclared, program.Unmet).SetInt(0, 7)
	w.Cite(&copied, program.Met).SetInt(0, 8)
	w.Cite(&everyFact, program.Met).SetInt(0, 9)
	rs := w.Done()
	r := rs.At(0)
	assert.Equal(t, program.RuleID("pkg.area.undeclared"), r.Rule)
	assert.Equal(t, "Elsewhere", r.Section())
	assert.Equal(t, program.Unmet, r.Effect)
	assert.Equal(t, "count 7", r.Text())
	assert.False(t, r.Declared(), "its facts are gone: only its text is kept")
	assert.Equal(t, program.RuleID("pkg.area.copied"), rs.At(1).Rule)
	assert.Equal(t, "Copied", rs.At(1).Section())
	assert.True(t, rs.At(2).Declared())
	assert.Equal(t, int64(9), rs.At(2).Facts.N[0])
}

func TestReasonsOfSeveralDecisionsGoTogether(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	decision := func(loc *time.Location, ref []string, n int) program.Reasons {
		var w program.ReasonWriter
		f := w.Cite(&everyFact, program.Met).SetInstant(0, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), loc)
		f.Ref = ref
		w.Cite(&everyFact, program.Applied).SetInt(1, n)
		return w.Done()
	}
	a, b := decision(time.UTC, []string{"x"}, 1), decision(tokyo, []string{"y"}, 2)
	var w program.ReasonWriter
	w.AddAll(a)
	w.AddAll(b)
	all := w.Done()
	require.Equal(t, 4, all.Len())
	for i, want := range append(a.List(), b.List()...) {
		got := all.At(i)
		assert.Equal(t, want.Rule, got.Rule)
		assert.Equal(t, want.Text(), got.Text(), "reason %d", i)
	}
	assert.True(t, all.At(0).Declared(), "the first decision's zone and facts are the writer's")
	assert.False(t, all.At(2).Declared(), "the second's are written out")
	assert.Contains(t, all.At(2).Text(), "21:00:00+09:00")
}

func TestReasonWriterRefusesTwoZonesOrTwoRefs(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	var w program.ReasonWriter
	w.Cite(&everyFact, program.Met).Loc = time.UTC
	w.Cite(&everyFact, program.Met).Loc = tokyo
	assert.Panics(t, func() { w.Done() })

	var u program.ReasonWriter // two unnamed offsets are two zones, not one
	u.Cite(&everyFact, program.Met).Loc = time.FixedZone("", 3600)
	u.Cite(&everyFact, program.Met).Loc = time.FixedZone("", 7200)
	assert.Panics(t, func() { u.Done() })

	var v program.ReasonWriter
	v.Cite(&everyFact, program.Met).Ref = []string{"a"}
	v.Cite(&everyFact, program.Met).Ref = []string{"a"}
	assert.Panics(t, func() { v.Done() }, "two lists with the same words are still two sets of facts")
}

func BenchmarkReasonWriter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var w program.ReasonWriter
		w.Cite(&everyFact, program.Applied).SetInt(0, 7).SetString(0, "stage_3")
		w.Cite(&everyFact, program.Applied).SetInstant(0, time.Unix(1e9, 0), time.UTC).SetInt(1, 90)
		w.Cite(&everyFact, program.Met).SetDate(0, program.NewDate(2026, 3, 1))
		sinkReasons = w.Done()
	}
}

var sinkReasons program.Reasons

// FuzzReasonsKeepTheirFacts records reasons with facts drawn from the
// input and reads them back: every slot, in every reason, as it was
// given, and the same text and JSON as the reasons kept one by one.
func FuzzReasonsKeepTheirFacts(f *testing.F) {
	f.Add([]byte("a"), int64(0), int64(-1), "", "stage_3", int64(15), int32(-2), uint8(3))
	f.Add([]byte(strings.Repeat("x", 300)), int64(1<<62), int64(7), strings.Repeat("é", 90), "", int64(-1), int32(40), uint8(0))
	f.Fuzz(func(t *testing.T, shape []byte, n0, n1 int64, s0, s1 string, coef int64, exp int32, v uint8) {
		if len(shape) > 64 {
			shape = shape[:64]
		}
		var w program.ReasonWriter
		var list []program.Reason
		for i, c := range shape {
			var facts program.Facts
			facts.V = v + uint8(i)
			facts.N[int(c)%6] = n0 + int64(i)
			facts.N[int(c>>3)%6] = n1
			facts.S[int(c)%3], facts.S[int(c>>2)%3] = s0, s1
			if c&0x40 != 0 {
				facts.D[int(c>>7)] = decimal.New(coef, exp)
			}
			if c&0x20 != 0 {
				facts.D[1-int(c>>7)] = decimal.New(coef, 0).Mul(decimal.New(coef, exp)).Mul(decimal.New(1<<62, 0))
			}
			e := program.Effect(int(c) % 3)
			*w.Cite(&everyFact, e) = facts
			list = append(list, everyFact.Cite(e, facts))
		}
		rs := w.Done()
		if rs.Len() != len(list) {
			t.Fatalf("%d reasons, want %d", rs.Len(), len(list))
		}
		for i, r := range rs.All() {
			want := list[i]
			if r.Effect != want.Effect || r.Facts.V != want.Facts.V || r.Facts.N != want.Facts.N || r.Facts.S != want.Facts.S {
				t.Fatalf("reason %d: %+v, want %+v", i, r.Facts, want.Facts)
			}
			for k := range want.Facts.D {
				if !r.Facts.D[k].Equal(want.Facts.D[k]) || r.Facts.D[k].Exponent() != want.Facts.D[k].Exponent() {
					t.Fatalf("reason %d decimal %d: %s, want %s", i, k, r.Facts.D[k], want.Facts.D[k])
				}
			}
		}
		got, _ := json.Marshal(rs)
		want, _ := json.Marshal(list)
		if len(list) == 0 {
			want = []byte("[]")
		}
		if string(got) != string(want) {
			t.Fatalf("JSON\n got %s\nwant %s", got, want)
		}
	})
}

// FuzzReasonsJSON: any JSON the decoder takes as reasons is written back
// as it reads again, and nothing else panics.
func FuzzReasonsJSON(f *testing.F) {
	f.Add([]byte(`[{"rule":"a.b","section":"S","effect":"met","text":"t"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[{"rule":"a","section":"","effect":"unmet","text":"\u2028<>&\"\\"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rs program.Reasons
		if json.Unmarshal(data, &rs) != nil {
			return
		}
		out, err := json.Marshal(rs)
		if err != nil {
			t.Fatal(err)
		}
		var back program.Reasons
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		if !back.Equal(rs) {
			t.Fatalf("%s reads back as %v", out, back.List())
		}
	})
}

// TestCitingWritesNoRule: citing a rule never writes to it, so copying a
// package's rules (its Rules list) while decisions cite them is no race,
// declared or not (run under the race detector).
func TestCitingWritesNoRule(t *testing.T) {
	undeclared := program.Rule{ID: "pkg.area.copied_while_cited", Section: "S"}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 100 {
				var w program.ReasonWriter
				w.Cite(&undeclared, program.Met)
				w.Cite(&everyFact, program.Met)
				if w.Done().Len() != 2 {
					t.Error("a reason lost")
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 100 {
				copies := []program.Rule{undeclared, everyFact}
				_ = copies
			}
		}()
	}
	wg.Wait()
}

// Slice(i, j) is the head of Cut(j-i) of the tail of Cut(i): the same
// value, block, zone and reference, for every i and j, of reasons written
// in a block and of reasons deferred to their source.
func TestSliceIsTwoCuts(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	src := &counted{loc: time.UTC}
	for _, rs := range []program.Reasons{src.written(5, at), program.DeferReasons(5, src, countedFacts(5, at)), {}} {
		for i := 0; i <= rs.Len(); i++ {
			for j := i; j <= rs.Len(); j++ {
				_, tail := rs.Cut(i)
				want, _ := tail.Cut(j - i)
				got := rs.Slice(i, j)
				if !reflect.DeepEqual(got, want) || !got.Equal(want) {
					t.Fatalf("Slice(%d, %d) of %d reasons differs from two cuts", i, j, rs.Len())
				}
			}
		}
	}
}
