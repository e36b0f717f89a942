package incumbency

import (
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/program"
)

// A tender decision's reasons are written when they are read, not while
// deciding (program.DeferReasons): deciding keeps, in one allocation the
// collector never scans, the frame of facts they are written from, and
// the tender's laid-out rates write them from it (laidRates.WriteReasons).
// The frame is what the reasons read of the tender and of each bid's
// plan, copied, so that a caller changing its Tender after the decision
// changes none of them.
//
// A frame is one block of words, in this order:
//
//	frameHead
//	[n]int64    each bidder's registration approval, as an instant fact
//	            (its second and UTC offset, what the texts read of it)
//	[n]int64    where each bidder's partner ID ends among the IDs
//	[n]bidPlan  each bidder's plan, as deciding made it
//	[n]uint8    each bidder's flags (bidOffers…)
//	the partner IDs, one after another
type tenderFrame struct{ b []byte }

// frameHead starts a tender's frame.
type frameHead struct {
	// opened is the tender's opening, as an instant fact
	// (program.InstantFact).
	opened int64
	// n is how many bidders the tender has.
	n int64
	// rates are what the reasons of the partner base, sourced margin and
	// service-attach rates read of them (knownRate.cite): their variant
	// (whether each is known, and where it comes from), and rateSet.
	rates [3]uint8
	_     [5]uint8 // to a multiple of 8 bytes on every architecture: the words after are int64
}

// rateSet marks a rate that is set in frameHead.rates, beside its
// variant.
const rateSet = 1 << 7

// fact is what the frame keeps of r for its reasons (frameHead.rates).
func (r *knownRate) fact() uint8 {
	if r.set {
		return r.v | rateSet
	}
	return r.v
}

// Flags of a bidder in a frame.
const (
	bidOffers   = 1 << iota // the bidder offers services
	bidApproval             // its registration records an approval instant
	bidDenied               // its registration is denied (else, when not approved, pending)
)

const headSize = int(unsafe.Sizeof(frameHead{}))

// frameSize is the length in bytes of the frame of n bidders whose
// partner IDs are idLen bytes in all.
func frameSize(n, idLen int) int {
	return headSize + n*(8+8+int(unsafe.Sizeof(bidPlan{}))+1) + idLen
}

// newFrame makes the frame of t's reasons under rates, with t's partner
// IDs copied into it and its plans still to decide.
func newFrame(t *Tender, rates *tenderRates) tenderFrame {
	n, idLen := len(t.Bidders), 0
	for i := range t.Bidders {
		idLen += len(t.Bidders[i].Partner)
	}
	size := frameSize(n, idLen)
	words := make([]uint64, (size+7)/8) // words: the collector never scans it
	x := tenderFrame{unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), size)}
	h := x.head()
	h.opened, h.n = program.InstantFact(t.OpenedAt), int64(n)
	h.rates = [3]uint8{rates.partnerBase.fact(), rates.sourcedMargin.fact(), rates.serviceAttach.fact()}
	ids, ends, end := x.ids(), x.ends(), 0
	for i := range t.Bidders {
		end += copy(ids[end:], t.Bidders[i].Partner)
		ends[i] = int64(end)
	}
	return x
}

// frameOf is the frame a decision's reasons keep in b.
func frameOf(b []byte) tenderFrame { return tenderFrame{b} }

func (x tenderFrame) head() *frameHead { return (*frameHead)(unsafe.Pointer(unsafe.SliceData(x.b))) }

func (x tenderFrame) n() int { return int(x.head().n) }

// at is the part of the frame from byte off.
func (x tenderFrame) at(off int) unsafe.Pointer { return unsafe.Pointer(&x.b[off]) }

// approvals are the bidders' registration approvals, as instant facts
// (set for a bidder with a registration).
func (x tenderFrame) approvals() []int64 {
	return unsafe.Slice((*int64)(x.at(headSize)), x.n())
}

// ends are where each bidder's partner ID ends among ids.
func (x tenderFrame) ends() []int64 {
	n := x.n()
	return unsafe.Slice((*int64)(x.at(headSize+8*n)), n)
}

// plans are the bidders' plans.
func (x tenderFrame) plans() []bidPlan {
	n := x.n()
	return unsafe.Slice((*bidPlan)(x.at(headSize+16*n)), n)
}

// flags are the bidders' flags (bidOffers…).
func (x tenderFrame) flags() []uint8 {
	n := x.n()
	return x.b[headSize+(16+int(unsafe.Sizeof(bidPlan{})))*n:][:n:n]
}

// ids are the partner IDs, one after another.
func (x tenderFrame) ids() []byte {
	return x.b[frameSize(x.n(), 0):]
}

// partner is bidder i's partner ID, read in place.
func (x tenderFrame) partner(i int) string {
	ids, ends := x.ids(), x.ends()
	start := 0
	if i > 0 {
		start = int(ends[i-1])
	}
	if int(ends[i]) == start {
		return ""
	}
	return unsafe.String(&ids[start], int(ends[i])-start)
}

// note is what the reasons of bidder b read of it beside its plan: its
// registration's approval, as an instant fact (when it has a
// registration), and its flags.
func note(b *Bidder) (approval int64, flags uint8) {
	if b.OffersServices {
		flags = bidOffers
	}
	if r := b.SourcedRegistration; r != nil {
		approval = program.InstantFact(r.ApprovedAt)
		if !r.ApprovedAt.IsZero() {
			flags |= bidApproval
		}
		if r.Status == RegistrationDenied {
			flags |= bidDenied
		}
	}
	return approval, flags
}

// reasons are the n reasons laid writes from x.
func (x tenderFrame) reasons(n int, laid *laidRates) program.Reasons {
	return program.DeferReasons(n, laid, x.b)
}

// WriteReasons writes the reasons of a tender decision from its frame,
// bidder by bidder, as bidRules lists their rules. The laid-out rates are
// the tender's: a reason stating a known rate refers to them, and its
// text reads the rate there.
func (l *laidRates) WriteReasons(w *program.ReasonWriter, b []byte) {
	x := frameOf(b)
	h := x.head()
	plans, approvals, flags := x.plans(), x.approvals(), x.flags()
	rate := func(f *program.Facts, elem int) { // as knownRate.cite
		r := h.rates[elem]
		if f.V = r &^ rateSet; r&rateSet != 0 {
			f.Ref = l
		}
	}
	for i := range plans {
		bp, fl, partner := &plans[i], flags[i], x.partner(i)
		cite := func(r *program.Rule, e program.Effect) *program.Facts {
			f := w.Cite(r, e)
			f.S[0] = partner
			return f
		}
		if bp.qualifies&bitPartnerBase != 0 {
			rate(cite(&ruleTenderPartnerBase, program.Applied), 0)
		}
		switch bp.reg {
		case regSourced:
			f := cite(&ruleTenderSourcedMargin, program.Met)
			f.N[0], f.N[1], f.Loc = approvals[i], h.opened, time.UTC
			rate(f, 1)
		case regLate:
			f := cite(&ruleTenderSourcedLate, program.Unmet)
			f.N[0], f.N[1], f.Loc = approvals[i], h.opened, time.UTC
		case regNotApproved:
			f := cite(&ruleTenderSourcedNotApproved, program.Unmet).SetString(1, string(RegistrationPending))
			if fl&bidDenied != 0 {
				f.S[1] = string(RegistrationDenied)
			}
			if fl&bidApproval != 0 {
				f.N[0], f.Loc, f.V = approvals[i], time.UTC, 1
			}
		}
		if bp.qualifies&bitServiceAttach != 0 {
			rate(cite(&ruleTenderServiceAttach, program.Met), 2)
		}
		if bp.exception {
			f := cite(&ruleTenderUSPubSec, program.Applied)
			if bp.qualifies&bitPartnerBase != 0 {
				f.V = pubSecPartnerBase
			}
			if fl&bidOffers != 0 {
				f.V += pubSecServices
			}
		}
		if bp.unknown != 0 {
			f := cite(&ruleTenderRateUnknown, program.Applied).SetInt(0, int(bp.unknown))
			if bp.unknown&bp.license == 0 {
				f.V = 1
			}
		}
		if bp.state == bidReview {
			f := cite(&ruleTenderDiscountsAboveOne, program.Applied).SetInt(0, int(bp.license))
			f.D[0], f.D[1] = l.elems[0].Rate.value, l.elems[1].Rate.value
		}
		if bp.repeatOf >= 0 {
			cite(&ruleTenderRepeatedBidder, program.Applied).SetInt(0, int(bp.repeatOf))
		}
	}
}

// AppendRuleIDs appends the rule IDs of a tender decision's reasons, as
// WriteReasons cites them, from its frame: each bid's Rules.
func (l *laidRates) AppendRuleIDs(ids []program.RuleID, b []byte) []program.RuleID {
	for _, bp := range frameOf(b).plans() {
		ids = append(ids, bidRules[bp.key()]...)
	}
	return ids
}
