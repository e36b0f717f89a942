package incumbency_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// (any field, the rate table replaced or dropped) is compiled again on its
// next decision instead of deciding by a ready form that no longer matches.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, incumbency.Default(), incumbency.Fresh)
	pol, err := samplePolicy().Compile()
	if err != nil {
		t.Fatal(err)
	}
	casetest.PolicyNoticesChanges(t, pol, incumbency.Fresh)
}

func TestBuiltPoliciesAreCompiled(t *testing.T) {
	if !incumbency.Fresh(incumbency.Default()) {
		t.Error("Default is not compiled")
	}
	pol, err := incumbency.ParsePolicy(incumbency.Default(), []byte(`{"rates":{"partner_base":"0.1"}}`))
	if err != nil || !incumbency.Fresh(pol) {
		t.Errorf("ParsePolicy: compiled %v, error %v", incumbency.Fresh(pol), err)
	}
	if incumbency.Fresh(samplePolicy()) {
		t.Error("a policy changed by hand counts as compiled")
	}
}

// TestRateWrittenInPlaceIsNoticed: writing a rate into a compiled policy's
// table, rather than replacing the table, is noticed too, and the next
// tender is priced with the new rate.
func TestRateWrittenInPlaceIsNoticed(t *testing.T) {
	pol, err := samplePolicy().Compile()
	if err != nil {
		t.Fatal(err)
	}
	pol.Rates.PartnerBase = incumbency.MustRate("0.5")
	if incumbency.Fresh(pol) {
		t.Fatal("a rate written into the table went unnoticed")
	}
	d, err := pol.Tender(validTender())
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Bids[0].Total.AmountText(); got != "500.00" {
		t.Errorf("total %s under a partner base of 0.5, want 500.00", got)
	}
}

// TestChangedPolicyProblemsAreReported: a compiled policy changed into an
// invalid one reports every problem of the policy on its next decision, as
// Compile does, by pointers into the policy document.
func TestChangedPolicyProblemsAreReported(t *testing.T) {
	pol := incumbency.Default()
	pol.Version = ""
	pol.USPubSecUnsourced = "half"
	pol.Rates = &incumbency.RateTable{PartnerBase: incumbency.MustRate("1.5"), ServiceAttach: incumbency.MustRate("-0.1")}
	want := []string{"/version", "/rates/partner_base", "/rates/service_attach", "/us_pubsec_unsourced"}
	_, err := pol.Compile()
	wantPointers(t, err, want...)
	_, err = pol.Tender(validTender())
	wantPointers(t, err, want...)
	_, err = pol.Incumbent(incumbency.Customer{})
	wantPointers(t, err, want...)
	_, err = pol.RenewalDiscount(incumbency.RenewalRequest{Partner: "a", CreditStanding: incumbency.CreditGood})
	wantPointers(t, err, want...)
}

// TestRangeChecksAtTheLimits pins the limits the checks compare against
// without decimal arithmetic: a rate of exactly 1 and an amount of exactly
// 10^15 pass, a hair more does not, whatever the number of places.
func TestRangeChecksAtTheLimits(t *testing.T) {
	for rate, ok := range map[string]bool{
		"1": true, "1.0000000000": true, "0.9999999999": true, "0": true, "0.0000000000": true,
		"1.0000000001": false, "10": false, "1.1": false,
	} {
		tn := validTender()
		tn.Rates = &incumbency.TenderRates{PartnerBase: incumbency.RateOf(rate)}
		_, err := incumbency.Default().Tender(tn)
		if (err == nil) != ok {
			t.Errorf("tender rate %s: error %v, want accepted %v", rate, err, ok)
		}
	}
	for amount, ok := range map[string]bool{
		"1000000000000000": true, "1000000000000000.0000000000": true, "999999999999999.9999999999": true, "0.00": true,
		"1000000000000000.0000000001": false, "1000000000000001": false, "10000000000000000": false,
	} {
		tn := validTender()
		tn.Lines[0].MSRP = program.MustMoney(amount, "USD")
		_, err := incumbency.Default().Tender(tn)
		if (err == nil) != ok {
			t.Errorf("amount %s: error %v, want accepted %v", amount, err, ok)
		}
	}
}
