package incumbency_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// policyWith is a compiled policy paying the given license rates (nil: not
// given), so that a tender giving no rate of its own is decided in the four
// allocations the package documents.
func policyWith(t *testing.T, partnerBase, sourcedMargin string) incumbency.Policy {
	t.Helper()
	rates := &incumbency.RateTable{}
	if partnerBase != "" {
		rates.PartnerBase = incumbency.MustRate(partnerBase)
	}
	if sourcedMargin != "" {
		rates.SourcedMargin = incumbency.MustRate(sourcedMargin)
	}
	pol := incumbency.Default()
	pol.Rates = rates
	pol, err := pol.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// TestPricesAtTheIntegerLimits prices single-line tenders whose amounts sit
// at the edges of what 64-bit integers hold, and at the zero edges: a zero
// list price, a zero rate, a discount of exactly 1. Each price is worked out
// by hand as MSRP × quantity × (1 − discount), rounded once, half up, to
// the cent ("Tender Offers (Multiple Bids)": the discounts come off MSRP).
// Where every amount's coefficient fits 64 bits the package promises the
// tender is decided in four allocations; the cases marked fits hold it to
// that too.
func TestPricesAtTheIntegerLimits(t *testing.T) {
	usd := func(s string) program.Money { return program.MustMoney(s, "USD") }
	for _, tc := range []struct {
		name                      string
		msrp                      program.Money
		quantity                  int
		partnerBase, sourced      string // policy rates; sourced needs a registration
		wantList, wantPrice, want string // list, price and total as written
		fits                      bool
	}{
		// 289740712999 × 649657 = 188232082384791343, and × 0.49 that is
		// (2^63 − 1) cents: the largest price a signed 64-bit coefficient
		// holds.
		{"largest 63-bit price", usd("289740712999"), 649657, "0.51", "",
			"188232082384791343.00", "92233720368547758.07", "92233720368547758.07", true},
		// The same discount written to three places: the product is
		// (2^63 − 1) × 10 thousandths of a cent… rounded to the same price.
		{"largest 63-bit price, rate with a trailing zero", usd("289740712999"), 649657, "0.510", "",
			"188232082384791343.00", "92233720368547758.07", "92233720368547758.07", true},
		// 10^15 × 100 at no discount is 10^17 dollars, 10^19 cents: past
		// 2^63, so computed exactly all the same.
		{"price past 63 bits", usd("1000000000000000"), 100, "0", "",
			"100000000000000000.00", "100000000000000000.00", "100000000000000000.00", false},
		// 10^15 × 185 × 1.000: the exact product in thousandths of a cent
		// needs more than 64 bits ten times over.
		{"product of 128 bits", usd("1000000000000000"), 185, "0.000", "",
			"185000000000000000.00", "185000000000000000.00", "185000000000000000.00", false},
		// 999999999999999.999 × 0.9 = 899999999999999.9991, half up to the
		// cent: 900000000000000.00. Its MSRP has 18 digits.
		{"eighteen-digit MSRP", usd("999999999999999.999"), 1, "0.1", "",
			"999999999999999.999", "900000000000000.00", "900000000000000.00", true},
		{"zero rate", usd("1000.00"), 3, "0", "",
			"3000.00", "3000.00", "3000.00", true},
		{"whole-dollar MSRP", usd("1000"), 2, "0.12", "",
			"2000.00", "1760.00", "1760.00", true},
		{"zero list price", usd("0.00"), 5, "0.12", "",
			"0.00", "0.00", "0.00", true},
		{"zero list price, one unit", usd("0.00"), 1, "0.12", "",
			"0.00", "0.00", "0.00", true},
		// 0.6 + 0.4 = 1.0, the most the license discounts may add up to.
		{"discounts adding up to exactly 1", usd("1234.56"), 7, "0.6", "0.4",
			"8641.92", "0.00", "0.00", true},
		{"partner base of 1.0", usd("1234.56"), 7, "1.0", "",
			"8641.92", "0.00", "0.00", true},
		// 10^-10 written with twenty places: 1000 × (1 − 10^-10) =
		// 999.9999999, which rounds to 1000.00.
		{"rate written with twenty places", usd("1000.00"), 1, "0.00000000010000000000", "",
			"1000.00", "1000.00", "1000.00", false},
		// Zero with a positive exponent, as decimal.New(0, 18) builds it:
		// still a zero list price.
		{"zero with a positive exponent", program.Money{Amount: decimal.New(0, 18), Currency: "USD"}, 1, "0", "",
			"0.00", "0.00", "0.00", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := policyWith(t, tc.partnerBase, tc.sourced)
			tn := validTender()
			tn.Lines = []incumbency.Line{{ID: "L1", MSRP: tc.msrp, Quantity: tc.quantity}}
			if tc.sourced != "" {
				tn.Bidders[0].SourcedRegistration = &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: opened.AddDate(0, -1, 0)}
			}
			d, err := pol.Tender(tn)
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != incumbency.Priced || len(d.Bids) != 1 || !d.Bids[0].Priced() {
				t.Fatalf("outcome %s, bids %+v", d.Outcome, d.Bids)
			}
			b := d.Bids[0]
			l := b.Lines[0]
			if got := l.List.AmountText(); got != tc.wantList {
				t.Errorf("list %s, want %s", got, tc.wantList)
			}
			if got := l.Price.AmountText(); got != tc.wantPrice || l.Price.Amount.Exponent() != -2 {
				t.Errorf("price %s (exponent %d), want %s to the cent", got, l.Price.Amount.Exponent(), tc.wantPrice)
			}
			if got := b.Total.AmountText(); got != tc.want || b.Total.Amount.Exponent() != -2 {
				t.Errorf("total %s (exponent %d), want %s to the cent", got, b.Total.Amount.Exponent(), tc.want)
			}
			if !tc.fits {
				return
			}
			if n := testing.AllocsPerRun(20, func() {
				if _, err := pol.Tender(tn); err != nil {
					t.Fatal(err)
				}
			}); n > 4 {
				t.Errorf("%v allocations, want the documented 4 for amounts that fit 64 bits", n)
			}
		})
	}
}

// TestTenderServiceAttachRateAlone: a tender that gives only its own
// service-attach rate overrides the policy's for that element, and keeps
// the policy's license rates.
func TestTenderServiceAttachRateAlone(t *testing.T) {
	tn := validTender()
	tn.Bidders[0].OffersServices = true
	tn.Rates = &incumbency.TenderRates{ServiceAttach: incumbency.RateOf("0.07")}
	d, err := samplePolicy().Tender(tn)
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, reasonTexts(d.Reasons),
		"incumbency.tender.partner_base: acme: partner base discount 0.12 (policy rate) applies to every bidder",
		"incumbency.tender.service_attach: acme: offers services: service-attach incentive 0.07 (tender rate), a services rebate listed beside the license price, not taken off it")
	els := d.Bids[0].Elements
	if len(els) != 2 || els[1].Element != incumbency.ElementServiceAttach || els[1].Rate.String() != "0.07" {
		t.Errorf("elements %v, want the service-attach incentive at the tender's 0.07", els)
	}
	// 1000.00 less the policy's partner base of 0.12; the incentive is not
	// taken off.
	if got := d.Bids[0].Total.AmountText(); got != "880.00" {
		t.Errorf("total %s, want 880.00", got)
	}
}

// TestTenderVariantTexts writes the reasons whose sentence depends on the
// case: a rate unknown that leaves the bid unpriced or only an incentive
// without its rate, and the US public-sector exception under each reading
// of it, with and without services ("Tender Offers (Multiple Bids)").
func TestTenderVariantTexts(t *testing.T) {
	const pubsec = ": US public-sector tender without a sourced registration approved before it opened: the license price is "
	for _, tc := range []struct {
		name    string
		pol     incumbency.Policy
		rates   *incumbency.TenderRates
		pubSec  bool
		bidder  incumbency.Bidder
		want    []string
		outcome incumbency.TenderOutcome
	}{
		{"incentive rate unknown", incumbency.Default(), &incumbency.TenderRates{PartnerBase: incumbency.RateOf("0.1")}, false,
			incumbency.Bidder{Partner: "acme", OffersServices: true},
			[]string{
				"incumbency.tender.partner_base: acme: partner base discount 0.1 (tender rate) applies to every bidder",
				"incumbency.tender.service_attach: acme: offers services: service-attach incentive (rate unknown), a services rebate listed beside the license price, not taken off it",
				"incumbency.tender.rate_unknown: acme: neither the tender nor the policy gives the rate of service_attach: the incentive is listed without a rate; the license price does not depend on it",
			}, incumbency.Priced},
		{"every rate unknown", incumbency.Default(), nil, false,
			incumbency.Bidder{Partner: "acme", OffersServices: true, SourcedRegistration: &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: opened.AddDate(0, 0, -1)}},
			[]string{
				"incumbency.tender.partner_base: acme: partner base discount (rate unknown) applies to every bidder",
				"incumbency.tender.sourced_margin: acme: sourced registration approved 2026-02-28T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin (rate unknown)",
				"incumbency.tender.service_attach: acme: offers services: service-attach incentive (rate unknown), a services rebate listed beside the license price, not taken off it",
				"incumbency.tender.rate_unknown: acme: neither the tender nor the policy gives the rate of partner_base and sourced_margin and service_attach: the bid is not priced",
			}, incumbency.Unpriced},
		{"sourced margin unknown", incumbency.Default(), &incumbency.TenderRates{PartnerBase: incumbency.RateOf("0.1")}, false,
			incumbency.Bidder{Partner: "acme", SourcedRegistration: &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: opened.AddDate(0, 0, -1)}},
			[]string{
				"incumbency.tender.partner_base: acme: partner base discount 0.1 (tender rate) applies to every bidder",
				"incumbency.tender.sourced_margin: acme: sourced registration approved 2026-02-28T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin (rate unknown)",
				"incumbency.tender.rate_unknown: acme: neither the tender nor the policy gives the rate of sourced_margin: the bid is not priced",
			}, incumbency.Unpriced},
		{"public sector, MSRP reading", samplePolicy(), nil, true,
			incumbency.Bidder{Partner: "acme"},
			[]string{"incumbency.tender.us_pubsec_exception: acme" + pubsec + "MSRP, with no license discount"},
			incumbency.Priced},
		{"public sector, MSRP reading, services", samplePolicy(), nil, true,
			incumbency.Bidder{Partner: "acme", OffersServices: true},
			[]string{
				"incumbency.tender.service_attach: acme: offers services: service-attach incentive 0.025 (policy rate), a services rebate listed beside the license price, not taken off it",
				"incumbency.tender.us_pubsec_exception: acme" + pubsec + "MSRP, with no license discount; the service-attach incentive stands",
			}, incumbency.Priced},
		{"public sector, partner-base reading", partnerBaseReading(t), nil, true,
			incumbency.Bidder{Partner: "acme"},
			[]string{
				"incumbency.tender.partner_base: acme: partner base discount 0.12 (policy rate) applies to every bidder",
				"incumbency.tender.us_pubsec_exception: acme" + pubsec + "MSRP less the partner base discount only",
			}, incumbency.Priced},
		{"public sector, partner-base reading, services", partnerBaseReading(t), nil, true,
			incumbency.Bidder{Partner: "acme", OffersServices: true},
			[]string{
				"incumbency.tender.partner_base: acme: partner base discount 0.12 (policy rate) applies to every bidder",
				"incumbency.tender.service_attach: acme: offers services: service-attach incentive 0.025 (policy rate), a services rebate listed beside the license price, not taken off it",
				"incumbency.tender.us_pubsec_exception: acme" + pubsec + "MSRP less the partner base discount only; the service-attach incentive stands",
			}, incumbency.Priced},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tn := validTender()
			tn.Rates, tn.USPublicSector, tn.Bidders = tc.rates, tc.pubSec, []incumbency.Bidder{tc.bidder}
			d, err := tc.pol.Tender(tn)
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != tc.outcome {
				t.Errorf("outcome %s, want %s", d.Outcome, tc.outcome)
			}
			wantTexts(t, reasonTexts(d.Reasons), tc.want...)
		})
	}
}

func partnerBaseReading(t *testing.T) incumbency.Policy {
	t.Helper()
	pol := samplePolicy()
	pol.USPubSecUnsourced = incumbency.PubSecPartnerBase
	pol, err := pol.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// TestZeroRateWithAPositiveExponent: a rate of zero built as
// decimal.New(0, 3) is the rate 0, written "0", and takes nothing off.
func TestZeroRateWithAPositiveExponent(t *testing.T) {
	zero := decimal.New(0, 3)
	tn := validTender()
	tn.Rates = &incumbency.TenderRates{PartnerBase: &zero}
	d, err := incumbency.Default().Tender(tn)
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, reasonTexts(d.Reasons),
		"incumbency.tender.partner_base: acme: partner base discount 0 (tender rate) applies to every bidder")
	if got := d.Bids[0].Total.AmountText(); got != "1000.00" {
		t.Errorf("total %s, want 1000.00", got)
	}
}

// sale and letter are a customer's records, for the incumbency tables.
func sale(p string, y int, m time.Month, d int) incumbency.Sale {
	return incumbency.Sale{Partner: p, Date: program.NewDate(y, m, d)}
}

func letter(p string, y int, m time.Month, d int) incumbency.Communication {
	return incumbency.Communication{Partner: p, Date: program.NewDate(y, m, d), Form: incumbency.FormFormalWritten}
}

// TestIncumbentTexts: who is incumbent, the reasons' sentences and the
// reviewer's next step, for the cases of "Incumbency Renewals" whose
// sentence depends on the records: a later letter confirming or moving
// incumbency, a tie of sellers, letters of the sale day naming the
// incumbent among others.
func TestIncumbentTexts(t *testing.T) {
	const onDay = "incumbency.incumbent.letter_on_sale_day: formal written communication(s) of 2025-06-15, the day of the most recent sale, name "
	for _, tc := range []struct {
		name     string
		customer incumbency.Customer
		outcome  incumbency.IncumbentOutcome
		partner  string
		want     []string
		next     string
	}{
		{"a later letter names the seller", incumbency.Customer{
			Sales: []incumbency.Sale{sale("acme", 2025, 6, 15)}, Communications: []incumbency.Communication{letter("acme", 2025, 9, 1)}},
			incumbency.Incumbent, "acme", []string{
				"incumbency.incumbent.last_sale: acme transacted the most recent sale, on 2025-06-15",
				"incumbency.incumbent.written_transfer: the customer's formal written communication of 2025-09-01 confirms acme",
			}, ""},
		{"a later letter settles a tie for one of the sellers", incumbency.Customer{
			Sales:          []incumbency.Sale{sale("borealis", 2025, 6, 15), sale("acme", 2025, 6, 15)},
			Communications: []incumbency.Communication{letter("acme", 2025, 9, 1)}},
			incumbency.Incumbent, "acme", []string{
				"incumbency.incumbent.same_day_sales: acme, borealis all transacted sales on 2025-06-15, the most recent sale day",
				"incumbency.incumbent.written_transfer: the customer's formal written communication of 2025-09-01, after the sale of 2025-06-15, names acme: incumbency moves to it",
			}, ""},
		{"a tie of sellers", incumbency.Customer{
			Sales: []incumbency.Sale{sale("cobalt", 2025, 6, 15), sale("acme", 2025, 6, 15), sale("borealis", 2024, 1, 2)}},
			incumbency.IncumbentNeedsReview, "", []string{
				"incumbency.incumbent.same_day_sales: acme, cobalt all transacted sales on 2025-06-15, the most recent sale day",
			}, "decide the incumbent from the customer's sales records and written communications: acme, cobalt"},
		{"a letter without a sale", incumbency.Customer{
			Communications: []incumbency.Communication{letter("cobalt", 2025, 9, 1)}},
			incumbency.IncumbentNeedsReview, "", []string{
				"incumbency.incumbent.no_sales: the customer has no sale on record",
				"incumbency.incumbent.letter_without_sale: formal written communications name cobalt but no partner has sold to the customer",
			}, "decide the incumbent from the customer's sales records and written communications: cobalt"},
		{"letters of the sale day name the seller and two others", incumbency.Customer{
			Sales: []incumbency.Sale{sale("acme", 2025, 6, 15)},
			Communications: []incumbency.Communication{
				letter("cobalt", 2025, 6, 15), letter("acme", 2025, 6, 15), letter("borealis", 2025, 6, 15)}},
			incumbency.Incumbent, "acme", []string{
				"incumbency.incumbent.last_sale: acme transacted the most recent sale, on 2025-06-15",
				onDay + "borealis, cobalt; only a communication dated after the sale moves incumbency",
			}, ""},
		{"letters of the sale day name the seller and three others", incumbency.Customer{
			Sales: []incumbency.Sale{sale("acme", 2025, 6, 15)},
			Communications: []incumbency.Communication{
				letter("dune", 2025, 6, 15), letter("cobalt", 2025, 6, 15), letter("acme", 2025, 6, 15), letter("borealis", 2025, 6, 15)}},
			incumbency.Incumbent, "acme", []string{
				"incumbency.incumbent.last_sale: acme transacted the most recent sale, on 2025-06-15",
				onDay + "borealis, cobalt, dune; only a communication dated after the sale moves incumbency",
			}, ""},
		{"letters of the sale day name a seller of a tie", incumbency.Customer{
			Sales: []incumbency.Sale{sale("acme", 2025, 6, 15), sale("borealis", 2025, 6, 15)},
			Communications: []incumbency.Communication{
				letter("cobalt", 2025, 6, 15), letter("acme", 2025, 6, 15), letter("borealis", 2025, 6, 15)}},
			incumbency.IncumbentNeedsReview, "", []string{
				"incumbency.incumbent.same_day_sales: acme, borealis all transacted sales on 2025-06-15, the most recent sale day",
				onDay + "acme, borealis, cobalt; only a communication dated after the sale moves incumbency",
			}, "decide the incumbent from the customer's sales records and written communications: acme, borealis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := incumbency.Default().Incumbent(tc.customer)
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != tc.outcome || d.Partner != tc.partner {
				t.Errorf("outcome %s %q, want %s %q", d.Outcome, d.Partner, tc.outcome, tc.partner)
			}
			wantTexts(t, reasonTexts(d.Reasons), tc.want...)
			if d.Next.What != tc.next {
				t.Errorf("next %q, want %q", d.Next.What, tc.next)
			}
		})
	}
}

// TestRenewalCandidatesTexts: a renewal asked for by a partner that is not
// among the partners a review of the incumbent would choose from names
// them all, however many there are.
func TestRenewalCandidatesTexts(t *testing.T) {
	for _, sellers := range [][]string{{"b", "a"}, {"c", "a", "b"}, {"d", "b", "a", "c"}} {
		var c incumbency.Customer
		for _, p := range sellers {
			c.Sales = append(c.Sales, sale(p, 2025, 6, 15))
		}
		r, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{Partner: "z", Customer: c,
			CreditStanding: incumbency.CreditGood, CustomerEngaged: true, PursuingRenewal: true})
		if err != nil {
			t.Fatal(err)
		}
		sorted := slices.Sorted(slices.Values(sellers))
		wantTexts(t, reasonTexts(r.Reasons),
			"incumbency.renewal.not_incumbent: the incumbent will be one of "+strings.Join(sorted, ", ")+", not z")
	}
}

// TestNamesKeptInTheReason: a list of partners that fits the reason's
// string slots is kept there, without the copy a longer list needs (the
// reason's facts are documented to refer to one only then).
func TestNamesKeptInTheReason(t *testing.T) {
	var c incumbency.Customer
	for _, p := range []string{"c", "a", "b"} {
		c.Sales = append(c.Sales, sale(p, 2025, 6, 15))
	}
	d, err := incumbency.Default().Incumbent(c)
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Reasons.At(0).Facts; f.Ref != nil || f.S != [3]string{"a", "b", "c"} {
		t.Errorf("three sellers kept as %q and %v, want them in the slots", f.S, f.Ref)
	}
	c.Sales = c.Sales[:2]
	r, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{Partner: "z", Customer: c, CreditStanding: incumbency.CreditGood, CustomerEngaged: true, PursuingRenewal: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Reasons.At(0).Facts; f.Ref != nil || f.S != [3]string{"z", "a", "c"} {
		t.Errorf("two candidates kept as %q and %v, want them in the slots after the partner", f.S, f.Ref)
	}
}

// TestRateAsJSONNumber: a rate written as a JSON number is refused at its
// pointer, and when it is a decimal of at most 40 characters the message
// shows the string to write instead.
func TestRateAsJSONNumber(t *testing.T) {
	const want = `want a rate as a decimal string such as "0.15"`
	forty := "0." + strings.Repeat("1234567890", 3) + "12345678" // 40 characters
	for _, tc := range []struct{ value, detail string }{
		{"0.15", `got the number 0.15; a rate is a decimal string: "0.15"`},
		{"1", `got the number 1; a rate is a decimal string: "1"`},
		{forty, "got the number " + forty + `; a rate is a decimal string: "` + forty + `"`},
		{forty + "9", "got a number, " + want},
		{"1e-1", "got a number, " + want},
		{"-0.5", `got the number -0.5; a rate is a decimal string: "-0.5"`},
		{"true", "got a boolean, " + want},
		{`{"a":1}`, "got an object, " + want},
		{"[]", "got a list, " + want},
	} {
		_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(`{"rates":{"partner_base":`+tc.value+`}}`))
		fes := program.FieldErrors(err)
		if len(fes) != 1 || fes[0].Pointer != "/rates/partner_base" || fes[0].Detail != tc.detail {
			t.Errorf("rate %s: %v\nwant at /rates/partner_base: %s", tc.value, err, tc.detail)
		}
	}
}

// TestPlacesBeyondTheScale: MaxScale bounds the significant places; a rate
// or an amount written with trailing zeros beyond it is the same number and
// is accepted, one with a significant digit beyond it is not.
func TestPlacesBeyondTheScale(t *testing.T) {
	for _, tc := range []struct {
		rate string
		ok   bool
	}{
		{"0.125000000000", true},        // 12 places, 3 significant
		{"0.123456789100", true},        // 12 places, 10 significant
		{"0.1234567891000000000", true}, // 19 places, 10 significant
		{"1.000000000000", true},
		{"0.123456789120", false}, // 11 significant
		{"0.000000000010", false},
		{"0.00000000001", false},
	} {
		pol := incumbency.Default()
		pol.Rates = &incumbency.RateTable{PartnerBase: incumbency.MustRate(tc.rate)}
		if err := pol.Validate(); (err == nil) != tc.ok {
			t.Errorf("policy rate %s: error %v, want accepted %v", tc.rate, err, tc.ok)
		}
		tn := validTender()
		tn.Rates = &incumbency.TenderRates{SourcedMargin: incumbency.RateOf(tc.rate)}
		if _, err := incumbency.Default().Tender(tn); (err == nil) != tc.ok {
			t.Errorf("tender rate %s: error %v, want accepted %v", tc.rate, err, tc.ok)
		}
		tn = validTender()
		_, places, _ := strings.Cut(tc.rate, ".")
		amount := "7." + places // the same places, on an amount
		tn.Lines[0].MSRP = program.MustMoney(amount, "USD")
		if _, err := incumbency.Default().Tender(tn); (err == nil) != tc.ok {
			t.Errorf("amount %s: error %v, want accepted %v", amount, err, tc.ok)
		}
	}
}

// TestFirstBidderBidsAgain: a partner whose first bid is the tender's first
// (/bidders/0) and who bids again has each bid decided, and the review
// names both bids.
func TestFirstBidderBidsAgain(t *testing.T) {
	tn := validTender()
	tn.Bidders = []incumbency.Bidder{{Partner: "acme"}, {Partner: "borealis"}, {Partner: "acme", OffersServices: true}}
	d, err := samplePolicy().Tender(tn)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != incumbency.TenderNeedsReview {
		t.Errorf("outcome %s, want %s", d.Outcome, incumbency.TenderNeedsReview)
	}
	// Each bid is priced on its own facts: 1000.00 less the partner base
	// of 0.12.
	for i, b := range d.Bids {
		if !b.Priced() || b.Total.AmountText() != "880.00" {
			t.Errorf("bid %d (%s): total %v, want 880.00", i, b.Partner, b.Total)
		}
	}
	wantTexts(t, reasonTexts(d.Reasons),
		"incumbency.tender.partner_base: acme: partner base discount 0.12 (policy rate) applies to every bidder",
		"incumbency.tender.partner_base: borealis: partner base discount 0.12 (policy rate) applies to every bidder",
		"incumbency.tender.partner_base: acme: partner base discount 0.12 (policy rate) applies to every bidder",
		"incumbency.tender.service_attach: acme: offers services: service-attach incentive 0.025 (policy rate), a services rebate listed beside the license price, not taken off it",
		"incumbency.tender.repeated_bidder: acme: also bids at /bidders/0; each bid is decided on its own facts, and which one stands is for a person")
	if want := "review the tender: which of acme's bids stands (/bidders/0, /bidders/2)"; d.Next.What != want {
		t.Errorf("next %q, want %q", d.Next.What, want)
	}
}

// TestTenderGivesARateThePolicyLeavesUnset: a rate the policy does not
// give is unknown, and a bid that needs it cannot be priced; a tender
// that gives the rate itself makes it known for its own bids. Under a
// policy with a partner base of 0.12 only, a bid sourced by a
// registration approved before the tender opened takes the tender's
// sourced margin of 0.05 as well: 1000.00 × (1 − 0.17) = 830.00; a bid
// offering services is listed with the tender's service-attach rate of
// 0.04 beside its price, 1000.00 × (1 − 0.12) = 880.00. Neither bid
// cites an unknown rate, as each does under the policy alone.
func TestTenderGivesARateThePolicyLeavesUnset(t *testing.T) {
	pol := policyWith(t, "0.12", "")
	sourced := &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: opened.AddDate(0, -1, 0)}
	for _, tc := range []struct {
		name            string
		rates           incumbency.TenderRates
		bidder          incumbency.Bidder
		discount, total string
		element         incumbency.Element
		rate            string
	}{
		{"sourced margin", incumbency.TenderRates{SourcedMargin: incumbency.RateOf("0.05")},
			incumbency.Bidder{Partner: "acme", SourcedRegistration: sourced},
			"0.17", "830.00", incumbency.ElementSourcedMargin, "0.05"},
		{"service attach", incumbency.TenderRates{ServiceAttach: incumbency.RateOf("0.04")},
			incumbency.Bidder{Partner: "acme", OffersServices: true},
			"0.12", "880.00", incumbency.ElementServiceAttach, "0.04"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tn := validTender()
			tn.Bidders = []incumbency.Bidder{tc.bidder}
			// The premise: under the policy alone the rate is unknown.
			if d, err := pol.Tender(tn); err != nil || !slices.Contains(d.Bids[0].Rules, incumbency.RuleTenderRateUnknown) {
				t.Fatalf("without the tender's rate: rules %q, error %v; want the rate unknown", d.Bids[0].Rules, err)
			}
			rates := tc.rates
			tn.Rates = &rates
			d, err := pol.Tender(tn)
			if err != nil {
				t.Fatal(err)
			}
			b := d.Bids[0]
			if d.Outcome != incumbency.Priced || !b.Priced() {
				t.Fatalf("outcome %s, bid %+v; want it priced", d.Outcome, b)
			}
			if !b.DiscountRate.Equal(decimal.RequireFromString(tc.discount)) || b.Total.AmountText() != tc.total {
				t.Errorf("discount %s, total %s; want %s and %s", b.DiscountRate, b.Total.AmountText(), tc.discount, tc.total)
			}
			if slices.Contains(b.Rules, incumbency.RuleTenderRateUnknown) {
				t.Errorf("rules %q cite an unknown rate", b.Rules)
			}
			i := slices.IndexFunc(b.Elements, func(e incumbency.AppliedRate) bool { return e.Element == tc.element })
			if i < 0 || !b.Elements[i].Rate.Decimal().Equal(decimal.RequireFromString(tc.rate)) {
				t.Errorf("elements %+v; want %s at the tender's %s", b.Elements, tc.element, tc.rate)
			}
		})
	}
}
