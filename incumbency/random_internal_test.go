package incumbency

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// randomPolicies are policies to decide random tenders under: rates known,
// unknown, one of them, and adding up to more than 1, under both readings
// of the public-sector exception, compiled and not.
func randomPolicies(t testing.TB) []Policy {
	tables := []*RateTable{
		nil,
		{PartnerBase: MustRate("0.12"), SourcedMargin: MustRate("0.08"), ServiceAttach: MustRate("0.025")},
		{PartnerBase: MustRate("0.6"), SourcedMargin: MustRate("0.45")},
		{PartnerBase: MustRate("0.2")},
		{SourcedMargin: MustRate("0.1"), ServiceAttach: MustRate("0.000000001")},
	}
	var out []Policy
	for _, rt := range tables {
		for _, r := range PubSecReadings {
			p := Policy{Version: "random-" + string(r), USPubSecUnsourced: r, Rates: rt}
			c, err := p.Compile()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, c, p) // p is compiled by each decision
		}
	}
	return out
}

// randomTender is a valid tender drawn from r: up to 40 bidders (past the
// count compared pairwise), partners bidding again, registrations of
// every status approved before, at and after the opening, in other
// zones and to the nanosecond, public-sector or not, and rates of the
// tender's own or none.
func randomTender(r *rand.Rand) Tender {
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if r.IntN(4) == 0 {
		open = open.Add(time.Duration(r.Int64N(int64(48 * time.Hour)))).In(time.FixedZone("", 60*(r.IntN(25*60)-12*60)))
	}
	t := Tender{ID: "T-" + strconv.Itoa(r.IntN(100)), OpenedAt: open, Currency: "USD", USPublicSector: r.IntN(3) == 0}
	if r.IntN(2) == 0 {
		t.Currency = "JPY"
	}
	for j := range 1 + r.IntN(3) {
		amount := strconv.Itoa(r.IntN(100000))
		if t.Currency == "USD" {
			amount += "." + strconv.Itoa(10+r.IntN(90))
		}
		t.Lines = append(t.Lines, Line{ID: "L" + strconv.Itoa(j), MSRP: program.MustMoney(amount, t.Currency), Quantity: 1 + r.IntN(20)})
	}
	rates := []string{"0", "0.05", "0.1", "0.33", "0.5", "0.7", "1", "0.123456789"}
	rate := func() *decimal.Decimal {
		if r.IntN(3) != 0 {
			return nil
		}
		return RateOf(rates[r.IntN(len(rates))])
	}
	if r.IntN(3) == 0 {
		t.Rates = &TenderRates{PartnerBase: rate(), SourcedMargin: rate(), ServiceAttach: rate()}
	}
	n := 1 + r.IntN(8)
	if r.IntN(8) == 0 {
		n = 1 + r.IntN(40)
	}
	anyApproved := false
	for range n {
		b := Bidder{OffersServices: r.IntN(2) == 0}
		switch r.IntN(6) {
		case 0: // a partner bidding again, often
			b.Partner = "p" + strconv.Itoa(r.IntN(4))
		case 1: // long, and not ASCII
			b.Partner = strings.Repeat("ü-partner-", 1+r.IntN(30)) + strconv.Itoa(r.IntN(1000))
		default:
			b.Partner = "partner-" + strconv.Itoa(r.IntN(1000000))
		}
		if r.IntN(3) != 0 {
			reg := &Registration{ID: "R" + strconv.Itoa(r.IntN(100)), Status: RegistrationStatuses[r.IntN(len(RegistrationStatuses))]}
			if reg.Status == RegistrationApproved || r.IntN(2) == 0 {
				at := open.Add(time.Duration(r.Int64N(int64(96*time.Hour))) - 48*time.Hour)
				switch r.IntN(4) {
				case 0:
					at = open
				case 1:
					at = at.In(time.FixedZone("", 60*(r.IntN(25*60)-12*60)))
				case 2:
					at = at.UTC()
				}
				reg.ApprovedAt = at
			}
			anyApproved = anyApproved || reg.Status == RegistrationApproved
			b.SourcedRegistration = reg
		}
		t.Bidders = append(t.Bidders, b)
	}
	if !anyApproved && r.IntN(3) == 0 {
		t.OpenedAt = time.Time{} // read only for an approved registration
	}
	return t
}

// TestFrameReasonsAreTheReasonsWrittenWhileDeciding decides random tenders
// under every random policy: the reasons written from a decision's frame
// are those written while deciding (explainWhileDeciding), fact for fact
// and in JSON, read whole, one at a time (ReasonReader) and by their rule
// IDs unwritten, and they are the bids' rules, bid after bid. A tender
// decided twice gives decisions reflect.DeepEqual holds equal, frames
// and all.
func TestFrameReasonsAreTheReasonsWrittenWhileDeciding(t *testing.T) {
	pols := randomPolicies(t)
	r := rand.New(rand.NewPCG(13, 2026))
	rounds := 500
	if testing.Short() || raceEnabled {
		rounds = 100
	}
	var rr program.ReasonReader
	for round := range rounds {
		tn := randomTender(r)
		for _, pol := range pols {
			d, err := pol.Tender(tn)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if again, _ := pol.Tender(tn); !reflect.DeepEqual(d, again) {
				t.Fatalf("round %d, policy %s: the same tender decided twice:\n%+v\n%+v", round, pol.Version, d, again)
			}
			want := oracleReasons(t, pol, &tn)
			got := d.Reasons
			if !reflect.DeepEqual(got.List(), want.List()) {
				t.Fatalf("round %d, policy %s: reasons\n%v\nwritten while deciding\n%v", round, pol.Version, got.List(), want.List())
			}
			gj, err1 := json.Marshal(got)
			wj, err2 := json.Marshal(want)
			if err1 != nil || err2 != nil || string(gj) != string(wj) {
				t.Fatalf("round %d: JSON\n%s\nwritten while deciding\n%s (%v, %v)", round, gj, wj, err1, err2)
			}
			rr.Reset(got)
			var x program.Reason
			for i := 0; rr.Next(&x); i++ {
				if w := want.At(i); x.Rule != w.Rule || x.Effect != w.Effect || x.Text() != w.Text() {
					t.Fatalf("round %d: reason %d read alone is %v, want %v", round, i, x, w)
				}
			}
			var rules []program.RuleID
			for _, b := range d.Bids {
				rules = append(rules, b.Rules...)
			}
			if ids, written := got.IDs(), want.IDs(); !reflect.DeepEqual(ids, written) || !reflect.DeepEqual(ids, rules) {
				t.Fatalf("round %d: rule IDs %v, written while deciding %v, of the bids %v", round, ids, written, rules)
			}
		}
	}
}

// oracleReasons are the reasons of tn under pol, written while deciding
// as Tender wrote them before it kept a frame: the plans found as Tender
// finds them.
func oracleReasons(t *testing.T, pol Policy, tn *Tender) program.Reasons {
	t.Helper()
	rd := pol.ready
	if !pol.fresh() {
		c, err := pol.Compile()
		if err != nil {
			t.Fatal(err)
		}
		rd = c.ready
	}
	var own tenderRates
	rates := rd.ratesFor(tn, &own)
	plans := make([]bidPlan, len(tn.Bidders))
	for i := range tn.Bidders {
		b := &tn.Bidders[i]
		bp := rates.plans[planKey(tn, b)]
		for j := range i {
			if tn.Bidders[j].Partner == b.Partner {
				bp.repeatOf = int32(j)
				break
			}
		}
		plans[i] = bp
	}
	return explainWhileDeciding(tn, plans, rates)
}
