package incumbency

import (
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestBidRulesAreTheReasonsWritten holds the shared rule lists to what
// explain writes, for every combination of the facts that choose a
// bid's reasons: a bid's Rules are the rules of its reasons, and the room
// counted for them is the room used.
func TestBidRulesAreTheReasonsWritten(t *testing.T) {
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var rates tenderRates
	rates.lay(nil)
	for k := range bidRules {
		bp := bidPlan{reg: registration(k >> 1 & 3), exception: k&(1<<4) != 0, repeatOf: -1}
		if k&1 != 0 {
			bp.qualifies |= bitPartnerBase
		}
		if k&(1<<3) != 0 {
			bp.qualifies |= bitServiceAttach
		}
		if k&(1<<5) != 0 {
			bp.unknown = bitServiceAttach
		}
		if k&(1<<6) != 0 {
			bp.state = bidReview
		}
		if k&(1<<7) != 0 {
			bp.repeatOf = 0
		}
		if got := bp.ruleKey(); got != k {
			t.Fatalf("plan of key %#x has key %#x", k, got)
		}
		bp.rules = uint8(k &^ ruleRepeated) // as plan decides it, before repeats are found
		tn := Tender{OpenedAt: open, Bidders: []Bidder{{Partner: "acme"}}}
		switch bp.reg {
		case regSourced, regLate:
			tn.Bidders[0].SourcedRegistration = &Registration{Status: RegistrationApproved, ApprovedAt: open}
		case regNotApproved:
			tn.Bidders[0].SourcedRegistration = &Registration{Status: RegistrationPending}
		}
		want := bidRules[k]
		x := newFrame(&tn, &rates)
		x.plans()[0] = bp
		x.approvals()[0], x.flags()[0] = note(&tn.Bidders[0])
		rs := x.reasons(len(want), rates.laid)
		if got := rs.Written().IDs(); !slices.Equal(got, want) {
			t.Errorf("key %#x: reasons cite %v, bidRules has %v", k, got, want)
		}
		if got := rs.IDs(); !slices.Equal(got, want) {
			t.Errorf("key %#x: reasons name %v unwritten, bidRules has %v", k, got, want)
		}
		if got := explainWhileDeciding(&tn, []bidPlan{bp}, &rates); !got.Equal(rs) {
			t.Errorf("key %#x: reasons %v, written while deciding %v", k, rs.List(), got.List())
		}
		if cap(want) != len(want) {
			t.Errorf("key %#x: rules with room for %d more", k, cap(want)-len(want))
		}
	}
}

// TestElementRunsAreTheElements: each run of laidRates.elems is the
// elements of its bits, in the order of Elements, with their rates.
func TestElementRunsAreTheElements(t *testing.T) {
	rates := tenderRates{partnerBase: rateFrom(MustRate("0.1"), false), serviceAttach: rateFrom(MustRate("0.03"), true)}
	rates.lay(nil)
	byElement := map[Element]Rate{ElementPartnerBase: rates.partnerBase.Rate, ElementSourcedMargin: {}, ElementServiceAttach: rates.serviceAttach.Rate}
	for q := range 8 {
		var want []AppliedRate
		for i, e := range Elements {
			if q&(1<<i) != 0 {
				want = append(want, AppliedRate{e, byElement[e]})
			}
		}
		got := rates.elements(uint8(q))
		if len(got) != len(want) || cap(got) != len(got) || got == nil {
			t.Fatalf("bits %03b: %v (cap %d), want %v", q, got, cap(got), want)
		}
		for i := range got {
			if got[i].Element != want[i].Element || got[i].Rate != want[i].Rate {
				t.Errorf("bits %03b: %v, want %v", q, got, want)
			}
		}
	}
}

// TestTenderAllocations: a tender of up to plansOnStack bidders is decided
// in four allocations whatever its number of lines (bids, reasons, prices
// and their coefficients), when the tender gives no rate of its own and
// needs no review, and in five when it gives rates; a tender of more
// bidders takes one more (the table that finds repeated bidders: its
// plans are in the frame its reasons are written from).
func TestTenderAllocations(t *testing.T) {
	pol, err := Policy{Version: "t", USPubSecUnsourced: PubSecMSRP,
		Rates: &RateTable{PartnerBase: MustRate("0.2"), SourcedMargin: MustRate("0.1"), ServiceAttach: MustRate("0.05")}}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, size := range []struct{ bidders, lines int }{{1, 1}, {3, 2}, {pairwise, 30}, {pairwise + 1, 3}, {600, 2}} {
		tn := Tender{OpenedAt: open, Currency: "USD"}
		for j := range size.lines {
			tn.Lines = append(tn.Lines, Line{MSRP: program.MustMoney("1234.56", "USD"), Quantity: j + 1})
		}
		for i := range size.bidders {
			b := Bidder{Partner: "p" + strconv.Itoa(i), OffersServices: i%2 == 0}
			if i%3 == 1 {
				b.SourcedRegistration = &Registration{Status: RegistrationApproved, ApprovedAt: open.Add(-time.Hour)}
			}
			tn.Bidders = append(tn.Bidders, b)
		}
		for _, own := range []bool{false, true} {
			want := 4.0
			if size.bidders > pairwise {
				want++
			}
			if raceEnabled { // the reasons' pooled buffer is sometimes new, and grows
				want += 4
			}
			if own {
				tn.Rates = &TenderRates{ServiceAttach: RateOf("0.07")}
				want++
			}
			if n := fewestAllocs(func() {
				if d, err := pol.Tender(tn); err != nil || d.Outcome != Priced {
					t.Fatal(d.Outcome, err)
				}
			}); n > want {
				t.Errorf("%d bidders, %d lines, rates given %v: %v allocations, want %v", size.bidders, size.lines, own, n, want)
			}
		}
	}
}

// fewestAllocs is the fewest allocations f makes in three counts: a
// collection in between empties the reason writer's pool, and its buffer
// is then made anew, which is not the steady state the tests are about.
func fewestAllocs(f func()) float64 {
	least := math.Inf(1)
	for range 3 {
		least = min(least, testing.AllocsPerRun(20, f))
	}
	return least
}

// TestPricesTakeTheRoomCounted: the line prices, totals and coefficients
// of a tender take all the room priceAll makes for them, the
// totals two to a row, for tenders of one and two license discounts
// (MSRP among them on a public-sector tender), with lines of one unit and
// of several.
func TestPricesTakeTheRoomCounted(t *testing.T) {
	pol, err := Policy{Version: "t", USPubSecUnsourced: PubSecMSRP,
		Rates: &RateTable{PartnerBase: MustRate("0.2"), SourcedMargin: MustRate("0.1")}}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	rd := pol.ready
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	sourced := &Registration{Status: RegistrationApproved, ApprovedAt: open.Add(-time.Hour)}
	for nLines := 1; nLines <= 3; nLines++ {
		for _, bidders := range [][]Bidder{
			{{Partner: "a"}},
			{{Partner: "a"}, {Partner: "b"}},
			{{Partner: "a"}, {Partner: "b", SourcedRegistration: sourced}, {Partner: "c"}},
		} {
			for _, pubSec := range []bool{false, true} {
				tn := Tender{OpenedAt: open, Currency: "USD", Bidders: bidders, USPublicSector: pubSec}
				for j := range nLines {
					tn.Lines = append(tn.Lines, Line{MSRP: program.MustMoney("1234.56", "USD"), Quantity: j + 1})
				}
				var own tenderRates
				rates := rd.ratesFor(&tn, &own)
				var groups uint
				for i := range bidders {
					groups |= 1 << rates.plans[planKey(&tn, &tn.Bidders[i])].license
				}
				pr := priceAll(&tn, groups, rates.laid)
				if len(pr.lines) != 0 || len(pr.cells) != 0 || len(pr.totals) != 0 {
					t.Errorf("%d lines, %d bidders: %d line prices, %d cells and %d rows of totals left over", nLines, len(bidders), len(pr.lines), len(pr.cells), len(pr.totals))
				}
				seen := map[*program.Money]bool{}
				for g := range pr.byLicense {
					own := &pr.byLicense[g]
					if (groups&(1<<g) != 0) != (own.total != nil) || seen[own.total] && own.total != nil {
						t.Errorf("%d lines, %d bidders: discount %02b has total %p, shared %v", nLines, len(bidders), g, own.total, seen[own.total])
					}
					seen[own.total] = true
				}
			}
		}
	}
}

// TestBlankIsWhatTrimSpaceTrims: a partner ID is blank exactly when it is
// empty or strings.TrimSpace would change it, for ASCII and Unicode
// spaces at either end, and for IDs that only contain them inside.
func TestBlankIsWhatTrimSpaceTrims(t *testing.T) {
	ends := []string{"", " ", "\t", "\n", "\v", "\f", "\r", "\x00", "\x08", "\x0e", "\x1f", "!", "a", "é", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028", "\u202f", "\u205f", "\u3000", "\xff"}
	for _, a := range ends {
		for _, z := range ends {
			for _, mid := range []string{"", "acme", " ", "\u00a0"} {
				id := a + mid + z
				if want := id == "" || strings.TrimSpace(id) != id; blank(id) != want {
					t.Errorf("blank(%q) = %v, want %v", id, !want, want)
				}
			}
		}
	}
}

// TestFrameIsWordsOnly: a tender's frame, which its reasons keep, holds
// words the collector need not scan, each part at an offset aligned for
// it, and its parts take the room counted for them.
func TestFrameIsWordsOnly(t *testing.T) {
	for _, ft := range []reflect.Type{reflect.TypeFor[frameHead](), reflect.TypeFor[bidPlan]()} {
		if !program.WordsOnly(ft) {
			t.Errorf("%v holds more than words", ft)
		}
	}
	if headSize%8 != 0 || unsafe.Alignof(bidPlan{}) > 8 || 16%unsafe.Alignof(bidPlan{}) != 0 {
		t.Errorf("a frame's head is %d bytes, and a plan aligned to %d", headSize, unsafe.Alignof(bidPlan{}))
	}
	for _, partners := range [][]string{{"a"}, {"acme", "borealis", "cobalt"}, {"", "x", strings.Repeat("é", 300)}} {
		tn := Tender{OpenedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		idLen := 0
		for _, p := range partners {
			tn.Bidders = append(tn.Bidders, Bidder{Partner: p})
			idLen += len(p)
		}
		var rates tenderRates
		rates.lay(nil)
		x := newFrame(&tn, &rates)
		n := len(partners)
		if len(x.b) != frameSize(n, idLen) || x.n() != n || len(x.plans()) != n || len(x.flags()) != n || len(x.ids()) != idLen {
			t.Errorf("%q: a frame of %d bytes for %d (%d), with %d plans, %d flags and %d bytes of IDs", partners, len(x.b), frameSize(n, idLen), x.n(), len(x.plans()), len(x.flags()), len(x.ids()))
		}
		if uintptr(unsafe.Pointer(unsafe.SliceData(x.b)))%8 != 0 || uintptr(unsafe.Pointer(unsafe.SliceData(x.plans())))%unsafe.Alignof(bidPlan{}) != 0 {
			t.Errorf("%q: a frame at %p, its plans at %p", partners, x.b, x.plans())
		}
		if end := uintptr(unsafe.Pointer(unsafe.SliceData(x.flags()))) + uintptr(n); end != uintptr(unsafe.Pointer(unsafe.SliceData(x.b)))+uintptr(frameSize(n, 0)) {
			t.Errorf("%q: the flags end %d bytes into the frame, the IDs start %d in", partners, end-uintptr(unsafe.Pointer(unsafe.SliceData(x.b))), frameSize(n, 0))
		}
		for i, p := range partners {
			if got := x.partner(i); got != p {
				t.Errorf("partner %d is %q, want %q", i, got, p)
			}
		}
	}
}

// TestFrameTakesTheBytesCounted: a tender's frame is allocated as the
// bytes frameSize counts, rounded up to whole words, and no more. The
// frame is kept by the decision's reasons as long as they live, so its
// room is memory the decision holds: for 200 bidders, about 8 kB, not a
// multiple of it.
func TestFrameTakesTheBytesCounted(t *testing.T) {
	tn := Tender{OpenedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	idLen := 0
	for i := range 200 {
		p := "partner-" + strconv.Itoa(1000+i)
		tn.Bidders = append(tn.Bidders, Bidder{Partner: p})
		idLen += len(p)
	}
	var rates tenderRates
	rates.lay(nil)
	size := frameSize(len(tn.Bidders), idLen)
	const runs = 50
	frames := make([]tenderFrame, runs) // made before counting, read back after
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range frames {
		frames[i] = newFrame(&tn, &rates)
	}
	runtime.ReadMemStats(&after)
	// The allocator rounds a block up to its size class, by at most an
	// eighth at this size; twice the size leaves room for stray
	// allocations of the runtime while the frames are made.
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 2*uint64(size) {
		t.Errorf("a frame of %d bytes takes %d bytes of heap", size, per)
	}
	for _, x := range frames {
		if x.n() != len(tn.Bidders) || x.partner(199) != "partner-1199" {
			t.Fatalf("a frame of %d bidders, the last %q", x.n(), x.partner(199))
		}
	}
}
