package incumbency_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// sampleRates are made-up rates for tests; the handbook gives none.
func sampleRates() *incumbency.RateTable {
	return &incumbency.RateTable{
		PartnerBase:     incumbency.MustRate("0.12"),
		SourcedMargin:   incumbency.MustRate("0.08"),
		RenewalDiscount: incumbency.MustRate("0.05"),
		ServiceAttach:   incumbency.MustRate("0.025"),
	}
}

func samplePolicy() incumbency.Policy {
	p := incumbency.Default()
	p.Rates = sampleRates()
	return p
}

var opened = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func validTender() incumbency.Tender {
	return incumbency.Tender{
		OpenedAt: opened,
		Currency: "USD",
		Lines:    []incumbency.Line{{ID: "L1", MSRP: program.MustMoney("1000.00", "USD"), Quantity: 1}},
		Bidders:  []incumbency.Bidder{{Partner: "acme"}},
	}
}

// wantPointers checks that err is an input error locating exactly the
// problems at pointers, in order.
func wantPointers(t *testing.T, err error, pointers ...string) {
	t.Helper()
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("error %v does not match ErrInvalidInput", err)
	}
	var got []string
	for _, fe := range program.FieldErrors(err) {
		if fe.Detail == "" {
			t.Errorf("problem at %q has no detail", fe.Pointer)
		}
		got = append(got, fe.Pointer)
	}
	if diff := cmp.Diff(pointers, got); diff != "" {
		t.Errorf("error pointers (-want +got):\n%s\nerror: %v", diff, err)
	}
}

func TestTenderBadInput(t *testing.T) {
	tests := []struct {
		name   string
		change func(*incumbency.Policy, *incumbency.Tender)
		fields []string
	}{
		{"negative amount", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP = program.MustMoney("-0.01", "USD")
		}, []string{"/lines/0/msrp/amount"}},
		{"amount too large", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP = program.MustMoney("1e16", "USD")
		}, []string{"/lines/0/msrp/amount"}},
		{"amount with 11 places", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP = program.MustMoney("0.00000000001", "USD")
		}, []string{"/lines/0/msrp/amount"}},
		{"unknown tender currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Currency = "XYZ"
		}, []string{"/currency"}},
		{"unknown line currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP.Currency = "usd"
		}, []string{"/lines/0/msrp/currency"}},
		{"missing line currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP.Currency = ""
		}, []string{"/lines/0/msrp/currency"}},
		{"currency mismatch", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines = append(t.Lines, incumbency.Line{MSRP: program.MustMoney("5", "JPY"), Quantity: 1})
		}, []string{"/lines/1/msrp/currency"}},
		{"no lines", func(_ *incumbency.Policy, t *incumbency.Tender) { t.Lines = nil }, []string{"/lines"}},
		{"no bidders", func(_ *incumbency.Policy, t *incumbency.Tender) { t.Bidders = nil }, []string{"/bidders"}},
		{"blank bidder", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Bidders[0].Partner = " "
		}, []string{"/bidders/0/partner"}},
		{"unknown registration status", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Bidders[0].SourcedRegistration = &incumbency.Registration{Status: "won"}
		}, []string{"/bidders/0/sourced_registration/status"}},
		// The opening is read only to date an approved registration.
		{"zero opening with an approved registration", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.OpenedAt = time.Time{}
			t.Bidders = append(t.Bidders, incumbency.Bidder{Partner: "b", SourcedRegistration: &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: opened}})
		}, []string{"/opened_at"}},
		{"approved registration without instants", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.OpenedAt = time.Time{}
			t.Bidders[0].SourcedRegistration = &incumbency.Registration{Status: incumbency.RegistrationApproved}
		}, []string{"/opened_at", "/bidders/0/sourced_registration/approved_at"}},
		{"quantity too large", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].Quantity = program.MaxCount + 1
		}, []string{"/lines/0/quantity"}},
		{"tender rate above 1", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Rates = &incumbency.TenderRates{SourcedMargin: incumbency.RateOf("1.01")}
		}, []string{"/rates/sourced_margin"}},
		{"tender rate with 11 places", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Rates = &incumbency.TenderRates{ServiceAttach: incumbency.RateOf("0.00000000001")}
		}, []string{"/rates/service_attach"}},
		{"rate above 1", func(p *incumbency.Policy, _ *incumbency.Tender) {
			p.Rates.ServiceAttach = incumbency.MustRate("1.0001")
		}, []string{"/rates/service_attach"}},
		{"negative rate", func(p *incumbency.Policy, _ *incumbency.Tender) {
			p.Rates.PartnerBase = incumbency.MustRate("-0.1")
		}, []string{"/rates/partner_base"}},
		{"every input problem at once", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Currency = ""
			t.Lines[0].Quantity = 0
			t.Bidders = nil
		}, []string{"/currency", "/lines/0/quantity", "/bidders"}},
		// Pointers into two documents cannot share one list: a policy
		// problem is reported alone, located in the policy.
		{"invalid policy and bad input", func(p *incumbency.Policy, t *incumbency.Tender) {
			p.Version = ""
			p.Rates.PartnerBase = incumbency.MustRate("2")
			t.Bidders = nil
		}, []string{"/version", "/rates/partner_base"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol, tender := samplePolicy(), validTender()
			tc.change(&pol, &tender)
			d, err := pol.Tender(tender)
			wantPointers(t, err, tc.fields...)
			if d.Outcome != "" || d.Bids != nil {
				t.Errorf("decision %+v returned with an error", d)
			}
		})
	}
}

func TestTenderDecodeErrors(t *testing.T) {
	// doc is a valid tender with one line and one bidder, to be spoiled.
	doc := func(currency, msrp, bidder string) string {
		return `{"opened_at":"2026-03-01T09:00:00Z","currency":` + currency +
			`,"lines":[{"id":"L1","quantity":1},{"msrp":` + msrp + `,"quantity":1}],"bidders":[` + bidder + `]}`
	}
	const usd, msrp, bidder = `"USD"`, `{"amount":"1000.00","currency":"USD"}`, `{"partner":"a"}`
	tests := []struct {
		name, json string
		pointers   []string
	}{
		{"malformed amount", doc(usd, `{"amount":"1.2.3","currency":"USD"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/amount"}},
		{"amount as number", doc(usd, `{"amount":1.5,"currency":"USD"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/amount"}},
		{"amount with exponent", doc(usd, `{"amount":"1e3","currency":"USD"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/amount"}},
		{"empty amount", doc(usd, `{"amount":"","currency":"USD"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/amount"}},
		{"line currency unknown", doc(usd, `{"amount":"1","currency":"usd"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/currency"}},
		{"line currency missing", doc(usd, `{"amount":"1"}`, bidder), []string{"/lines/0/msrp", "/lines/1/msrp/currency"}},
		{"unknown currency", doc(`"ZZZ"`, msrp, bidder), []string{"/currency", "/lines/0/msrp"}},
		{"unknown member", `{"opened":"2026-03-01T09:00:00Z","opened_at":"2026-03-01T09:00:00Z","currency":"USD","lines":[],"bidders":[]}`, []string{"/opened"}},
		{"required members missing", `{"lines":[]}`, []string{"/currency", "/bidders"}},
		{"quantity missing", `{"currency":"USD","lines":[{"msrp":{"amount":"1","currency":"USD"}}],"bidders":[{"partner":"a"}]}`, []string{"/lines/0/quantity"}},
		{"tender rate as number", doc(usd, msrp, bidder)[:len(doc(usd, msrp, bidder))-1] + `,"rates":{"partner_base":0.12}}`, []string{"/lines/0/msrp", "/rates/partner_base"}},
		{"renewal rate on a tender", doc(usd, msrp, bidder)[:len(doc(usd, msrp, bidder))-1] + `,"rates":{"renewal_discount":"0.05"}}`, []string{"/lines/0/msrp", "/rates/renewal_discount"}},
		{"bad registration status", doc(usd, msrp, `{"partner":"a","sourced_registration":{"status":"won"}}`), []string{"/lines/0/msrp", "/bidders/0/sourced_registration/status"}},
		{"registration status missing", doc(usd, msrp, `{"partner":"a","sourced_registration":{"id":"DR-1"}}`), []string{"/lines/0/msrp", "/bidders/0/sourced_registration/status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var tender incumbency.Tender
			err := program.DecodeJSON([]byte(tc.json), &tender)
			wantPointers(t, err, tc.pointers...)
		})
	}
}

func TestParsePolicyRates(t *testing.T) {
	tests := []struct {
		name, json string
		fields     []string
	}{
		{"above one", `{"rates":{"partner_base":"1.5","sourced_margin":"0","renewal_discount":"0","service_attach":"0"}}`, []string{"/rates/partner_base"}},
		{"negative", `{"rates":{"partner_base":"0","sourced_margin":"-0.01","renewal_discount":"0","service_attach":"0"}}`, []string{"/rates/sourced_margin"}},
		{"number not string", `{"rates":{"partner_base":0.1}}`, []string{"/rates/partner_base"}},
		{"not a number", `{"rates":{"partner_base":"ten percent"}}`, []string{"/rates/partner_base"}},
		{"exponent", `{"rates":{"partner_base":"1e-1"}}`, []string{"/rates/partner_base"}},
		{"leading point", `{"rates":{"partner_base":".1"}}`, []string{"/rates/partner_base"}},
		{"trailing point", `{"rates":{"partner_base":"1."}}`, []string{"/rates/partner_base"}},
		{"negative leading point", `{"rates":{"partner_base":"-.5"}}`, []string{"/rates/partner_base"}},
		{"two bad rates at once", `{"rates":{"partner_base":true,"sourced_margin":"x","service_attach":{}}}`, []string{"/rates/partner_base", "/rates/sourced_margin", "/rates/service_attach"}},
		{"unknown rate", `{"rates":{"partner_base":"0.1","renewal":"0.1"}}`, []string{"/rates/renewal"}},
		{"too many places", `{"rates":{"partner_base":"0.12345678901","sourced_margin":"0","renewal_discount":"0","service_attach":"0"}}`, []string{"/rates/partner_base"}},
		{"empty version", `{"version":""}`, []string{"/version"}},
		{"unknown reading", `{"us_pubsec_unsourced":"half"}`, []string{"/us_pubsec_unsourced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(tc.json))
			wantPointers(t, err, tc.fields...)
		})
	}
}

// TestParsePolicyPartialRates pins that every rate of a policy is optional:
// an unset one is unknown, not an error, and a null is absent.
func TestParsePolicyPartialRates(t *testing.T) {
	for _, doc := range []string{
		`{"rates":{"partner_base":"0.1"}}`,
		`{"rates":{"partner_base":"0.1","sourced_margin":null}}`,
		`{"rates":{}}`,
	} {
		pol, err := incumbency.ParsePolicy(incumbency.Default(), []byte(doc))
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		r := pol.Rates
		if r.SourcedMargin.IsSet() || r.RenewalDiscount.IsSet() || r.ServiceAttach.IsSet() {
			t.Errorf("%s: unset rates came back set: %+v", doc, *r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "sourced_margin") {
			t.Errorf("%s: an unset rate is written: %s", doc, b)
		}
	}
}

// TestTenderWithoutRates pins that the default policy, which has no rates,
// decides a tender (elements, no prices) instead of refusing it.
func TestTenderWithoutRates(t *testing.T) {
	tn := validTender()
	tn.Bidders = append(tn.Bidders, incumbency.Bidder{Partner: "b", OffersServices: true})
	d, err := incumbency.Default().Tender(tn)
	if err != nil {
		t.Fatalf("the default policy cannot decide a tender: %v", err)
	}
	if d.Outcome != incumbency.Unpriced {
		t.Errorf("outcome %s, want unpriced", d.Outcome)
	}
	for _, b := range d.Bids {
		if b.Priced() || b.DiscountRate != nil || b.Lines != nil || len(b.Elements) == 0 {
			t.Errorf("bid %+v: want its elements and no price", b)
		}
	}
	// The tender's own rates price it under the same policy.
	tn.Rates = &incumbency.TenderRates{PartnerBase: incumbency.RateOf("0.12")}
	d, err = incumbency.Default().Tender(tn)
	if err != nil || d.Outcome != incumbency.Priced || d.Bids[1].Total.AmountText() != "880.00" {
		t.Errorf("with the tender's rates: %v, %+v", err, d)
	}
}

// TestRateErrorDetail pins that a bad rate is reported at its own pointer
// with a detail that shows the value and the form wanted.
func TestRateErrorDetail(t *testing.T) {
	tests := []struct{ json, want string }{
		{`{"rates":{"partner_base":0.15}}`, `"0.15"`},
		{`{"rates":{"partner_base":"15%"}}`, `"15%"`},
		{`{"rates":{"partner_base":false}}`, "decimal string"},
	}
	for _, tc := range tests {
		_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(tc.json))
		fes := program.FieldErrors(err)
		if len(fes) != 1 || fes[0].Pointer != "/rates/partner_base" || !strings.Contains(fes[0].Detail, tc.want) {
			t.Errorf("%s: got %v; want one problem at /rates/partner_base mentioning %s", tc.json, err, tc.want)
		}
	}
}

// TestRateJSONForm pins the rates' JSON form: decimal strings.
func TestRateJSONForm(t *testing.T) {
	b, err := json.Marshal(sampleRates())
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"partner_base":"0.12","sourced_margin":"0.08","renewal_discount":"0.05","service_attach":"0.025"}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

// TestREADMETender holds the README's tender to the prices its text gives.
func TestREADMETender(t *testing.T) {
	var tender incumbency.Tender
	if err := program.DecodeJSON(casetest.MarkdownBlock(t, "README.md", "json"), &tender); err != nil {
		t.Fatal(err)
	}
	d, err := samplePolicy().Tender(tender)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range d.Bids {
		got = append(got, b.Partner+" "+b.DiscountRate.String()+" "+b.Total.AmountText())
	}
	want := []string{"acme 0.12 1319.91", "borealis 0.2 1199.92", "cobalt 0.12 1319.91"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README tender (-want +got):\n%s", diff)
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	for name, pol := range map[string]incumbency.Policy{"default": incumbency.Default(), "sample rates": samplePolicy()} {
		t.Run(name, func(t *testing.T) {
			if err := pol.Validate(); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(pol)
			if err != nil {
				t.Fatal(err)
			}
			got, err := incumbency.ParsePolicy(incumbency.Default(), b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(pol, got, cmpopts.IgnoreUnexported(incumbency.Policy{})); diff != "" {
				t.Errorf("policy changed through JSON (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDefaultHasNoRates(t *testing.T) {
	if incumbency.Default().Rates != nil {
		t.Fatal("Default ships a rate table; the handbook has no rates to ship")
	}
}

func TestParsePolicyLeavesBaseAlone(t *testing.T) {
	base := samplePolicy()
	got, err := incumbency.ParsePolicy(base, []byte(`{"rates":{"partner_base":"0.2"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Rates.PartnerBase.Equal(incumbency.MustRate("0.2")) || !got.Rates.SourcedMargin.Equal(incumbency.MustRate("0.08")) {
		t.Errorf("partial rates: got %+v", *got.Rates)
	}
	if !base.Rates.PartnerBase.Equal(incumbency.MustRate("0.12")) {
		t.Errorf("ParsePolicy changed its base: partner_base %s", base.Rates.PartnerBase)
	}
}

func TestIncumbentBadInput(t *testing.T) {
	_, err := incumbency.Default().Incumbent(incumbency.Customer{
		Sales:          []incumbency.Sale{{Partner: "a", Date: program.NewDate(2025, 2, 29)}, {Date: program.NewDate(2025, 1, 1)}},
		Communications: []incumbency.Communication{{Partner: "b", Form: "fax"}},
	})
	wantPointers(t, err, "/sales/0/date", "/sales/1/partner", "/communications/0/date", "/communications/0/form")
}

func TestRenewalBadInput(t *testing.T) {
	_, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{
		Customer:       incumbency.Customer{Sales: []incumbency.Sale{{Partner: "a"}}},
		CreditStanding: "excellent",
	})
	wantPointers(t, err, "/partner", "/customer/sales/0/date", "/credit_standing")
}

func TestZeroValuesNeverPanic(t *testing.T) {
	var pol incumbency.Policy
	if _, err := pol.Tender(incumbency.Tender{}); !errors.Is(err, program.ErrInvalidInput) {
		t.Errorf("zero tender: %v", err)
	}
	if _, err := pol.Incumbent(incumbency.Customer{}); !errors.Is(err, program.ErrInvalidInput) {
		t.Errorf("zero policy, zero customer: %v (the zero policy has no version)", err)
	}
	if _, err := pol.RenewalDiscount(incumbency.RenewalRequest{}); !errors.Is(err, program.ErrInvalidInput) {
		t.Errorf("zero request: %v", err)
	}
}

// TestBidsFollowBidderOrder pins that the bids come back in the order the
// bidders were given, whatever their names.
func TestBidsFollowBidderOrder(t *testing.T) {
	tender := validTender()
	tender.Bidders = []incumbency.Bidder{{Partner: "zeta"}, {Partner: "alpha"}, {Partner: "mu"}}
	d, err := samplePolicy().Tender(tender)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range d.Bids {
		got = append(got, b.Partner)
	}
	if !slices.Equal(got, []string{"zeta", "alpha", "mu"}) {
		t.Errorf("bid order %v", got)
	}
}

func TestPartnerIDsWithSpacesAreRefused(t *testing.T) {
	tn := validTender()
	tn.Bidders = append(tn.Bidders, incumbency.Bidder{Partner: "acme "})
	_, err := samplePolicy().Tender(tn)
	wantPointers(t, err, "/bidders/1/partner")

	c := incumbency.Customer{Sales: []incumbency.Sale{
		{Partner: "acme", Date: program.NewDate(2025, 6, 15)},
		{Partner: " acme", Date: program.NewDate(2025, 6, 15)},
	}}
	_, err = samplePolicy().Incumbent(c)
	wantPointers(t, err, "/sales/1/partner")
}
