package incumbency_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds adds the input of every case of operation op to f.
func seeds(f *testing.F, op string) {
	paths, _ := filepath.Glob("../testdata/incumbency/*.json")
	if len(paths) == 0 {
		f.Fatal("no case books in ../testdata/incumbency")
	}
	for _, p := range paths {
		cases, err := casebook.LoadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range cases {
			if c.Operation == op {
				f.Add([]byte(c.Input))
			}
		}
	}
}

// decided checks the properties every decision must have: no error other
// than an input error; a valid outcome with at least one reason, each citing
// a declared rule and section; and the same decision a second time.
func decided[D any](t *testing.T, decide func() (D, error), outcome func(D) (bool, []program.Reason)) {
	d, err := decide()
	if err != nil {
		if !errors.Is(err, program.ErrInvalidInput) {
			t.Fatalf("error is not an input error: %v", err)
		}
		return
	}
	ok, reasons := outcome(d)
	if !ok {
		t.Fatalf("unknown outcome in %+v", d)
	}
	if len(reasons) == 0 {
		t.Fatalf("no reasons in %+v", d)
	}
	for _, r := range reasons {
		if !declared[r.Rule] || r.Section != declaredSection[r.Rule] {
			t.Fatalf("reason %+v cites an undeclared rule or the wrong section", r)
		}
	}
	d2, err2 := decide()
	b1, _ := json.Marshal(d)
	b2, err3 := json.Marshal(d2)
	if err2 != nil || err3 != nil || string(b1) != string(b2) {
		t.Fatalf("second run differs:\n%s\n%s (%v, %v)", b1, b2, err2, err3)
	}
}

var declared, declaredSection = func() (map[program.RuleID]bool, map[program.RuleID]string) {
	d, s := map[program.RuleID]bool{}, map[program.RuleID]string{}
	for _, r := range incumbency.Rules() {
		d[r.ID], s[r.ID] = true, r.Section
	}
	return d, s
}()

func FuzzIncumbent(f *testing.F) {
	seeds(f, "incumbency.incumbent")
	pol := incumbency.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var c incumbency.Customer
		if program.DecodeJSON(data, &c) != nil {
			return
		}
		decided(t, func() (incumbency.IncumbentDecision, error) { return pol.Incumbent(c) },
			func(d incumbency.IncumbentDecision) (bool, []program.Reason) {
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
		if program.DecodeJSON(data, &r) != nil {
			return
		}
		decided(t, func() (incumbency.RenewalDecision, error) { return pol.RenewalDiscount(r) },
			func(d incumbency.RenewalDecision) (bool, []program.Reason) {
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
		if program.DecodeJSON(data, &tender) != nil {
			return
		}
		for _, pol := range pols {
			decideTender(t, pol, tender)
		}
	})
}

// decideTender checks the properties of every tender decision.
func decideTender(t *testing.T, pol incumbency.Policy, tender incumbency.Tender) {
	decided(t, func() (incumbency.TenderDecision, error) { return pol.Tender(tender) },
		func(d incumbency.TenderDecision) (bool, []program.Reason) {
			ok := d.Outcome.Valid() && len(d.Bids) == len(tender.Bidders)
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

// FuzzParsePolicy checks the policy decoder: no panic, only input errors,
// and an accepted policy survives a JSON round trip.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"rates":{"partner_base":"0.12","sourced_margin":"0.08","renewal_discount":"0.05","service_attach":"0.025"}}`))
	f.Add([]byte(`{"us_pubsec_unsourced":"partner_base"}`))
	f.Add([]byte(`{"rates":{"partner_base":"1e-3"}}`))
	f.Add([]byte(`{"rates":{"partner_base":0.1,"sourced_margin":null,"renewal_discount":".5"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := incumbency.ParsePolicy(incumbency.Default(), data)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := incumbency.ParsePolicy(incumbency.Default(), b); err != nil {
			t.Fatalf("accepted policy does not decode again: %v\n%s", err, b)
		}
	})
}
