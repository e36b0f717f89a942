package incumbency_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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

// wantFields checks that err is an input error naming exactly fields.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("error %v does not match ErrInvalidInput", err)
	}
	var got []string
	for _, fe := range program.FieldErrors(err) {
		got = append(got, fe.Field)
	}
	if diff := cmp.Diff(fields, got); diff != "" {
		t.Errorf("error fields (-want +got):\n%s\nerror: %v", diff, err)
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
		}, []string{"tender.lines[0].msrp.amount"}},
		{"amount too large", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP = program.MustMoney("1e16", "USD")
		}, []string{"tender.lines[0].msrp.amount"}},
		{"amount with 11 places", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP = program.MustMoney("0.00000000001", "USD")
		}, []string{"tender.lines[0].msrp.amount"}},
		{"unknown tender currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Currency = "XYZ"
		}, []string{"tender.currency"}},
		{"unknown line currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP.Currency = "usd"
		}, []string{"tender.lines[0].msrp.currency"}},
		{"missing line currency", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].MSRP.Currency = ""
		}, []string{"tender.lines[0].msrp.currency"}},
		{"currency mismatch", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines = append(t.Lines, incumbency.Line{MSRP: program.MustMoney("5", "JPY"), Quantity: 1})
		}, []string{"tender.lines[1].msrp.currency"}},
		{"no lines", func(_ *incumbency.Policy, t *incumbency.Tender) { t.Lines = nil }, []string{"tender.lines"}},
		{"no bidders", func(_ *incumbency.Policy, t *incumbency.Tender) { t.Bidders = nil }, []string{"tender.bidders"}},
		{"duplicate bidders", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Bidders = []incumbency.Bidder{{Partner: "acme"}, {Partner: "acme"}, {Partner: "b"}, {Partner: "acme"}}
		}, []string{"tender.bidders[1].partner", "tender.bidders[3].partner"}},
		{"blank bidder", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Bidders[0].Partner = " "
		}, []string{"tender.bidders[0].partner"}},
		{"unknown registration status", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Bidders[0].SourcedRegistration = &incumbency.Registration{Status: "won"}
		}, []string{"tender.bidders[0].sourced_registration.status"}},
		{"zero opening", func(_ *incumbency.Policy, t *incumbency.Tender) { t.OpenedAt = time.Time{} }, []string{"tender.opened_at"}},
		{"quantity too large", func(_ *incumbency.Policy, t *incumbency.Tender) {
			t.Lines[0].Quantity = program.MaxCount + 1
		}, []string{"tender.lines[0].quantity"}},
		{"no rate table", func(p *incumbency.Policy, _ *incumbency.Tender) { p.Rates = nil }, []string{"policy.rates"}},
		{"rate above 1", func(p *incumbency.Policy, _ *incumbency.Tender) {
			p.Rates.ServiceAttach = incumbency.MustRate("1.0001")
		}, []string{"policy.rates.service_attach"}},
		{"negative rate", func(p *incumbency.Policy, _ *incumbency.Tender) {
			p.Rates.PartnerBase = incumbency.MustRate("-0.1")
		}, []string{"policy.rates.partner_base"}},
		{"unset rate", func(p *incumbency.Policy, _ *incumbency.Tender) {
			p.Rates.RenewalDiscount = incumbency.Rate{}
		}, []string{"policy.rates.renewal_discount"}},
		{"rates above 1 together", func(p *incumbency.Policy, t *incumbency.Tender) {
			p.Rates.PartnerBase = incumbency.MustRate("0.7")
			p.Rates.ServiceAttach = incumbency.MustRate("0.4")
			t.Bidders = []incumbency.Bidder{{Partner: "a"}, {Partner: "b", OffersServices: true}}
		}, []string{"policy.rates"}},
		{"everything at once", func(p *incumbency.Policy, t *incumbency.Tender) {
			p.Rates = nil
			t.Currency = ""
			t.Bidders = nil
		}, []string{"policy.rates", "tender.currency", "tender.bidders"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol, tender := samplePolicy(), validTender()
			tc.change(&pol, &tender)
			d, err := pol.Tender(tender)
			wantFields(t, err, tc.fields...)
			if d.Outcome != "" || d.Bids != nil {
				t.Errorf("decision %+v returned with an error", d)
			}
		})
	}
}

func TestTenderDecodeErrors(t *testing.T) {
	tests := []struct {
		name, json string
		field      string
	}{
		{"malformed amount", `{"opened_at":"2026-03-01T09:00:00Z","currency":"USD","lines":[{"msrp":{"amount":"1.2.3","currency":"USD"},"quantity":1}],"bidders":[{"partner":"a"}]}`, "tender.lines.msrp"},
		{"amount as number", `{"opened_at":"2026-03-01T09:00:00Z","currency":"USD","lines":[{"msrp":{"amount":1.5,"currency":"USD"},"quantity":1}],"bidders":[{"partner":"a"}]}`, "tender.lines.msrp"},
		{"empty amount", `{"opened_at":"2026-03-01T09:00:00Z","currency":"USD","lines":[{"msrp":{"amount":"","currency":"USD"},"quantity":1}],"bidders":[{"partner":"a"}]}`, "tender.lines.msrp"},
		{"unknown currency", `{"opened_at":"2026-03-01T09:00:00Z","currency":"ZZZ","lines":[],"bidders":[]}`, "tender.currency"},
		{"unknown field", `{"opened":"2026-03-01T09:00:00Z"}`, "tender.opened"},
		{"bad registration status", `{"bidders":[{"partner":"a","sourced_registration":{"status":"won"}}]}`, "tender.bidders.sourced_registration.status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var tender incumbency.Tender
			err := program.DecodeJSON([]byte(tc.json), &tender, "tender")
			wantFields(t, err, tc.field)
		})
	}
}

func TestParsePolicyRates(t *testing.T) {
	tests := []struct {
		name, json string
		fields     []string
	}{
		{"above one", `{"rates":{"partner_base":"1.5","sourced_margin":"0","renewal_discount":"0","service_attach":"0"}}`, []string{"policy.rates.partner_base"}},
		{"negative", `{"rates":{"partner_base":"0","sourced_margin":"-0.01","renewal_discount":"0","service_attach":"0"}}`, []string{"policy.rates.sourced_margin"}},
		{"all missing but one", `{"rates":{"partner_base":"0.1"}}`, []string{"policy.rates.sourced_margin", "policy.rates.renewal_discount", "policy.rates.service_attach"}},
		{"number not string", `{"rates":{"partner_base":0.1}}`, []string{"policy.rates.partner_base"}},
		{"not a number", `{"rates":{"partner_base":"ten percent"}}`, []string{"policy.rates.partner_base"}},
		{"too many places", `{"rates":{"partner_base":"0.12345678901","sourced_margin":"0","renewal_discount":"0","service_attach":"0"}}`, []string{"policy.rates.partner_base"}},
		{"empty version", `{"version":""}`, []string{"policy.version"}},
		{"unknown reading", `{"us_pubsec_unsourced":"half"}`, []string{"policy.us_pubsec_unsourced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(tc.json))
			wantFields(t, err, tc.fields...)
		})
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
			if diff := cmp.Diff(pol, got); diff != "" {
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
	wantFields(t, err, "customer.sales[0].date", "customer.sales[1].partner", "customer.communications[0].date", "customer.communications[0].form")
}

func TestRenewalBadInput(t *testing.T) {
	_, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{
		Customer:       incumbency.Customer{Sales: []incumbency.Sale{{Partner: "a"}}},
		CreditStanding: "excellent",
	})
	wantFields(t, err, "request.partner", "request.customer.sales[0].date", "request.credit_standing")
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
	wantFields(t, err, "tender.bidders[1].partner")

	c := incumbency.Customer{Sales: []incumbency.Sale{
		{Partner: "acme", Date: program.NewDate(2025, 6, 15)},
		{Partner: " acme", Date: program.NewDate(2025, 6, 15)},
	}}
	_, err = samplePolicy().Incumbent(c)
	wantFields(t, err, "customer.sales[1].partner")
}
