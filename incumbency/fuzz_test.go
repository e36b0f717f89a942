package incumbency_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds adds the input of every case of operation op to f.
func seeds(f *testing.F, op string) {
	casetest.Seeds(f, "../testdata/incumbency", func(c casebook.Case) { f.Add([]byte(c.Input)) }, op)
}

// decided checks the properties every decision must have: no error other
// than an input error; a valid outcome with at least one reason, each citing
// a declared rule and section; and the same decision a second time.
func decided[D any](t *testing.T, data []byte, decide func() (D, error), outcome func(D) (bool, program.Reasons)) {
	t.Helper()
	d, err := decide()
	if err != nil {
		casetest.InputError(t, data, err)
		return
	}
	ok, reasons := outcome(d)
	if !ok {
		t.Fatalf("unknown outcome in %+v", d)
	}
	if reasons.Len() == 0 {
		t.Fatalf("no reasons in %+v", d)
	}
	casetest.Reasons(t, incumbency.Rules(), reasons)
	// Reasons written when read name, unwritten, the rules of their
	// written block.
	if named, written := reasons.IDs(), reasons.Written().IDs(); !slices.Equal(named, written) {
		t.Fatalf("reasons name rules %v, but their block has %v", named, written)
	}
	d2, err2 := decide()
	b1, _ := json.Marshal(d)
	b2, err3 := json.Marshal(d2)
	if err2 != nil || err3 != nil || string(b1) != string(b2) {
		t.Fatalf("second run differs:\n%s\n%s (%v, %v)", b1, b2, err2, err3)
	}
}

func FuzzIncumbent(f *testing.F) {
	seeds(f, "incumbency.incumbent")
	pol := incumbency.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var c incumbency.Customer
		if err := program.DecodeJSON(data, &c); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		decided(t, data, func() (incumbency.IncumbentDecision, error) { return pol.Incumbent(c) },
			func(d incumbency.IncumbentDecision) (bool, program.Reasons) {
				ok := d.Outcome.Valid() && (d.Outcome == incumbency.Incumbent) == (d.Partner != "")
				return ok, d.Reasons
			})
	})
}

func FuzzRenewalDiscount(f *testing.F) {
	seeds(f, "incumbency.renewal_discount")
	pol := samplePolicy()
	f.Fuzz(func(t *testing.T, data []byte) {
		var r incumbency.RenewalRequest
		if err := program.DecodeJSON(data, &r); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		decided(t, data, func() (incumbency.RenewalDecision, error) { return pol.RenewalDiscount(r) },
			func(d incumbency.RenewalDecision) (bool, program.Reasons) {
				// Eligible exactly when the partner is the incumbent.
				ok := d.Outcome.Valid() && (d.Outcome != incumbency.Eligible || d.Incumbent.Partner == r.Partner)
				return ok, d.Reasons
			})
	})
}

func FuzzTender(f *testing.F) {
	seeds(f, "incumbency.tender")
	// The sample rates, and none at all (the default policy), where only the
	// tender's own rates can price a bid.
	pols := []incumbency.Policy{samplePolicy(), incumbency.Default()}
	f.Fuzz(func(t *testing.T, data []byte) {
		var tender incumbency.Tender
		if err := program.DecodeJSON(data, &tender); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		for _, pol := range pols {
			decideTender(t, pol, tender, data)
		}
	})
}

// decideTender checks the properties of every tender decision.
func decideTender(t *testing.T, pol incumbency.Policy, tender incumbency.Tender, data []byte) {
	t.Helper()
	decided(t, data, func() (incumbency.TenderDecision, error) { return pol.Tender(tender) },
		func(d incumbency.TenderDecision) (bool, program.Reasons) {
			ok := d.Outcome.Valid() && len(d.Bids) == len(tender.Bidders)
			// The reasons explain every bid, bidder by bidder: their
			// rules are the bids' rules, bid after bid.
			var rules []program.RuleID
			for _, b := range d.Bids {
				rules = append(rules, b.Rules...)
			}
			if ids := d.Reasons.IDs(); !slices.Equal(ids, rules) {
				t.Fatalf("reasons name rules %v, the bids %v", ids, rules)
			}
			places := tender.Currency.MinorUnits()
			for _, b := range d.Bids {
				// A bid is priced whole or not at all, and every bid of
				// a priced tender is priced.
				if b.Priced() != (b.DiscountRate != nil) || b.Priced() != (len(b.Lines) == len(tender.Lines)) || (d.Outcome == incumbency.Priced && !b.Priced()) {
					t.Fatalf("bid %s half priced under outcome %s: %+v", b.Partner, d.Outcome, b)
				}
				// The price is MSRP less the license discount alone:
				// the service-attach incentive is never taken off it.
				for _, l := range b.Lines {
					if want := l.List.Amount.Mul(decimal.NewFromInt(1).Sub(*b.DiscountRate)).Round(places); !l.Price.Amount.Equal(want) {
						t.Fatalf("bid %s: price %s, want %s", b.Partner, l.Price.Amount, want)
					}
				}
				if b.Priced() {
					// The total is the sum of the line prices, and the
					// discount the sum of the license elements' rates.
					total, discount := decimal.Zero, decimal.Zero
					for _, l := range b.Lines {
						total = total.Add(l.Price.Amount)
					}
					for _, e := range b.Elements {
						if e.Element != incumbency.ElementServiceAttach {
							discount = discount.Add(e.Rate.Decimal())
						}
					}
					if !b.Total.Amount.Equal(total) || b.Total.Currency != tender.Currency || !b.DiscountRate.Equal(discount) {
						t.Fatalf("bid %s: total %s, discount %s; want %s %s, %s", b.Partner, b.Total, b.DiscountRate, total, tender.Currency, discount)
					}
				}
				for i, l := range b.Lines {
					// A price is never above its list price, never
					// negative, and has no digits below the minor unit.
					p := l.Price.Amount
					if p.Sign() < 0 || p.GreaterThan(l.List.Amount.Round(places)) || !p.Equal(p.Round(places)) || l.Price.Currency != tender.Currency {
						t.Fatalf("bid %s line %d: price %s, list %s", b.Partner, i, l.Price, l.List)
					}
				}
			}
			return ok, d.Reasons
		})
}

// FuzzParsePolicy holds incumbency.ParsePolicy to the policy contract: an
// input error locating each problem, or a policy that survives a JSON round
// trip unchanged and prices a tender.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"rates":{"partner_base":"0.12","sourced_margin":"0.08","renewal_discount":"0.05","service_attach":"0.025"}}`))
	f.Add([]byte(`{"us_pubsec_unsourced":"partner_base"}`))
	f.Add([]byte(`{"rates":{"partner_base":"1e-3"}}`))
	f.Add([]byte(`{"rates":{"partner_base":0.1,"sourced_margin":null,"renewal_discount":".5"}}`))
	def, _ := json.Marshal(samplePolicy())
	f.Add(def)
	for _, c := range casetest.Load(f, "../testdata/incumbency") {
		if len(c.Policy) > 0 {
			f.Add([]byte(c.Policy))
		}
	}
	var tenders [][]byte
	for _, c := range casetest.Load(f, "../testdata/incumbency") {
		if c.Operation == "incumbency.tender" {
			tenders = append(tenders, c.Input)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, incumbency.Default, incumbency.ParsePolicy, data)
		if !ok {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy returned an invalid policy: %v", err)
		}
		for _, in := range tenders[:min(len(tenders), 3)] {
			var tender incumbency.Tender
			if err := program.DecodeJSON(in, &tender); err != nil {
				t.Fatal(err)
			}
			decideTender(t, p, tender, in)
		}
	})
}
