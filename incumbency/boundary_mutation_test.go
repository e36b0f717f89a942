package incumbency_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// Edges of the incumbency rules that mutation testing found no test
// holding: each case below fails when the comparison or the variant it
// pins is moved. Expected values are worked out from the handbook's
// "Incumbency" and tender sections as DESIGN.md reads them.

// reasonOf is the text of d's reason citing rule, or "" when none does.
func reasonOf(reasons program.Reasons, rule program.RuleID) string {
	for _, r := range reasons.All() {
		if r.Rule == rule {
			return r.Text()
		}
	}
	return ""
}

// TestRateDecimalPlaces: a rate has at most ten significant decimal places;
// trailing zeros written past the tenth do not count.
func TestRateDecimalPlaces(t *testing.T) {
	for rate, ok := range map[string]bool{
		"0.1234567891":  true,  // ten places
		"0.10000000000": true,  // eleven written, one significant
		"0.12345678910": true,  // eleven written, ten significant
		"0.12345678901": false, // eleven significant
	} {
		_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(`{"rates":{"partner_base":"`+rate+`"}}`))
		if ok != (err == nil) {
			t.Errorf("partner_base %s: %v, want accepted %v", rate, err, ok)
		}
		if !ok {
			wantPointers(t, err, "/rates/partner_base")
		}
	}
}

// TestRateGivenAsANumber: a rate written as a JSON number is refused with
// the string to write instead when the number is a plain decimal of at
// most 40 characters; a longer one is only said to be a number.
func TestRateGivenAsANumber(t *testing.T) {
	forty := "0." + strings.Repeat("1", 38)
	for value, want := range map[string]string{
		"0.15":      `got the number 0.15; a rate is a decimal string: "0.15"`,
		forty:       `got the number ` + forty + `; a rate is a decimal string: "` + forty + `"`,
		forty + "1": `got a number, want a rate as a decimal string such as "0.15"`,
		"1e-2":      `got a number, want a rate as a decimal string such as "0.15"`,
		"true":      `got a boolean, want a rate as a decimal string such as "0.15"`,
		"[]":        `got a list, want a rate as a decimal string such as "0.15"`,
	} {
		_, err := incumbency.ParsePolicy(incumbency.Default(), []byte(`{"rates":{"partner_base":`+value+`}}`))
		fe := program.FieldErrors(err)
		if len(fe) != 1 || fe[0].Pointer != "/rates/partner_base" || !strings.Contains(fe[0].Detail, want) {
			t.Errorf("partner_base %s: %v; want a problem at /rates/partner_base saying %q", value, err, want)
		}
	}
}

// TestSellerKeepsIncumbencyOverSameDayLetters: letters dated the day of the
// most recent sale move nothing, so its seller stays incumbent, and the
// reason about those letters names the other partners they name.
func TestSellerKeepsIncumbencyOverSameDayLetters(t *testing.T) {
	day := program.NewDate(2025, 6, 15)
	c := incumbency.Customer{
		Sales: []incumbency.Sale{{Partner: "acme", Date: day}},
		Communications: []incumbency.Communication{
			{Partner: "cobalt", Date: day, Form: incumbency.FormFormalWritten},
			{Partner: "acme", Date: day, Form: incumbency.FormFormalWritten},
			{Partner: "borealis", Date: day, Form: incumbency.FormFormalWritten},
		},
	}
	d, err := incumbency.Default().Incumbent(c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != incumbency.Incumbent || d.Partner != "acme" || d.Since != day {
		t.Fatalf("outcome %s, partner %q since %s; want acme incumbent since %s", d.Outcome, d.Partner, d.Since, day)
	}
	want := "formal written communication(s) of 2025-06-15, the day of the most recent sale, name borealis, cobalt; only a communication dated after the sale moves incumbency"
	if got := reasonOf(d.Reasons, incumbency.RuleLetterOnSaleDay); got != want {
		t.Errorf("letters on the sale day:\n got %q\nwant %q", got, want)
	}

	// Three names fill the reason's string slots exactly: the list is kept
	// in them, not copied, so the decision costs what it does with two.
	pol := incumbency.Default()
	three := c
	three.Communications = append(slices.Clone(c.Communications), incumbency.Communication{Partner: "dune", Date: day, Form: incumbency.FormFormalWritten})
	if d, _ := pol.Incumbent(three); !strings.HasSuffix(reasonOf(d.Reasons, incumbency.RuleLetterOnSaleDay), "name borealis, cobalt, dune; only a communication dated after the sale moves incumbency") {
		t.Errorf("three names: %q", reasonOf(d.Reasons, incumbency.RuleLetterOnSaleDay))
	}
	two := testing.AllocsPerRun(20, func() { _, _ = pol.Incumbent(c) })
	if a := testing.AllocsPerRun(20, func() { _, _ = pol.Incumbent(three) }); a != two {
		t.Errorf("%v allocations with three names on the sale day, %v with two", a, two)
	}
}

// TestWrittenTransferTexts: a letter after the sale naming the partner that
// alone made it confirms that partner; one naming a partner when several
// sold that day moves incumbency to it.
func TestWrittenTransferTexts(t *testing.T) {
	sale, letter := program.NewDate(2025, 6, 15), program.NewDate(2025, 9, 1)
	for _, tc := range []struct {
		sellers []string
		want    string
	}{
		{[]string{"acme"}, "the customer's formal written communication of 2025-09-01 confirms acme"},
		{[]string{"acme", "borealis"}, "the customer's formal written communication of 2025-09-01, after the sale of 2025-06-15, names acme: incumbency moves to it"},
		{[]string{"borealis"}, "the customer's formal written communication of 2025-09-01, after the sale of 2025-06-15, names acme: incumbency moves to it"},
	} {
		var c incumbency.Customer
		for _, s := range tc.sellers {
			c.Sales = append(c.Sales, incumbency.Sale{Partner: s, Date: sale})
		}
		c.Communications = []incumbency.Communication{{Partner: "acme", Date: letter, Form: incumbency.FormFormalWritten}}
		d, err := incumbency.Default().Incumbent(c)
		if err != nil {
			t.Fatal(err)
		}
		if d.Outcome != incumbency.Incumbent || d.Partner != "acme" {
			t.Errorf("sellers %v: outcome %s partner %q, want acme incumbent", tc.sellers, d.Outcome, d.Partner)
		}
		if got := reasonOf(d.Reasons, incumbency.RuleWrittenTransfer); got != tc.want {
			t.Errorf("sellers %v:\n got %q\nwant %q", tc.sellers, got, tc.want)
		}
	}
}

// TestReviewNamesEveryCandidate: partners that sold on the same, most
// recent day with no later letter are for a person to choose between; the
// next step lists them all, separated by commas.
func TestReviewNamesEveryCandidate(t *testing.T) {
	day := program.NewDate(2025, 6, 15)
	c := incumbency.Customer{Sales: []incumbency.Sale{{Partner: "cobalt", Date: day}, {Partner: "acme", Date: day}, {Partner: "borealis", Date: day}}}
	d, err := incumbency.Default().Incumbent(c)
	if err != nil {
		t.Fatal(err)
	}
	want := "decide the incumbent from the customer's sales records and written communications: acme, borealis, cobalt"
	if d.Outcome != incumbency.IncumbentNeedsReview || d.Next.What != want {
		t.Errorf("outcome %s, next %q; want needs review, %q", d.Outcome, d.Next.What, want)
	}
}

// TestTenderOverlaysEachRateItGives: a tender that gives only the
// service-attach rate has it used for its bids, over the policy's.
func TestTenderOverlaysEachRateItGives(t *testing.T) {
	tender := validTender()
	tender.Bidders = []incumbency.Bidder{{Partner: "acme", OffersServices: true}}
	sa := decimal.RequireFromString("0.04")
	tender.Rates = &incumbency.TenderRates{ServiceAttach: &sa}
	d, err := samplePolicy().Tender(tender)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range d.Bids[0].Elements {
		if e.Element == incumbency.ElementServiceAttach {
			found = true
			if !e.Rate.Decimal().Equal(sa) {
				t.Errorf("service attach at %s, want the tender's %s (the policy's is 0.025)", e.Rate.Decimal(), sa)
			}
		}
	}
	if !found {
		t.Errorf("no service-attach element in %+v", d.Bids[0].Elements)
	}
}

// TestTenderTextVariants: the US public-sector exception says what the
// price is under the policy's reading and whether the service incentive
// stands; a rate known nowhere says whether the bid can still be priced.
func TestTenderTextVariants(t *testing.T) {
	const pubsec = ": US public-sector tender without a sourced registration approved before it opened: the license price is MSRP"
	for _, tc := range []struct {
		reading  incumbency.PubSecReading
		services bool
		want     string
	}{
		{incumbency.PubSecMSRP, false, "acme" + pubsec + ", with no license discount"},
		{incumbency.PubSecPartnerBase, false, "acme" + pubsec + " less the partner base discount only"},
		{incumbency.PubSecMSRP, true, "acme" + pubsec + ", with no license discount; the service-attach incentive stands"},
		{incumbency.PubSecPartnerBase, true, "acme" + pubsec + " less the partner base discount only; the service-attach incentive stands"},
	} {
		pol := samplePolicy()
		pol.USPubSecUnsourced = tc.reading
		tender := validTender()
		tender.USPublicSector = true
		tender.Bidders = []incumbency.Bidder{{Partner: "acme", OffersServices: tc.services}}
		d, err := pol.Tender(tender)
		if err != nil {
			t.Fatal(err)
		}
		if got := reasonOf(d.Reasons, incumbency.RuleTenderUSPubSec); got != tc.want {
			t.Errorf("%s, services %v:\n got %q\nwant %q", tc.reading, tc.services, got, tc.want)
		}
	}

	// The policy knows only the license discounts: a bidder offering
	// services is priced, its incentive listed without a rate. The policy
	// knows no rate: the bid cannot be priced.
	known := incumbency.Default()
	known.Rates = &incumbency.RateTable{PartnerBase: incumbency.MustRate("0.12"), SourcedMargin: incumbency.MustRate("0.08")}
	unknown := incumbency.Default()
	for _, tc := range []struct {
		pol  incumbency.Policy
		want string
	}{
		{known, "acme: neither the tender nor the policy gives the rate of service_attach: the incentive is listed without a rate; the license price does not depend on it"},
		{unknown, "acme: neither the tender nor the policy gives the rate of partner_base and service_attach: the bid is not priced"},
	} {
		tender := validTender()
		tender.Bidders = []incumbency.Bidder{{Partner: "acme", OffersServices: true}}
		d, err := tc.pol.Tender(tender)
		if err != nil {
			t.Fatal(err)
		}
		if got := reasonOf(d.Reasons, incumbency.RuleTenderRateUnknown); got != tc.want {
			t.Errorf("rate unknown:\n got %q\nwant %q", got, tc.want)
		}
	}
}

// TestRepeatedFirstBidderIsReviewed: a partner bidding first and again
// later has both bids named in the review, the first at /bidders/0.
func TestRepeatedFirstBidderIsReviewed(t *testing.T) {
	tender := validTender()
	tender.Bidders = []incumbency.Bidder{{Partner: "acme"}, {Partner: "borealis"}, {Partner: "acme"}}
	d, err := samplePolicy().Tender(tender)
	if err != nil {
		t.Fatal(err)
	}
	if want := "review the tender: which of acme's bids stands (/bidders/0, /bidders/2)"; d.Next.What != want {
		t.Errorf("next %q, want %q", d.Next.What, want)
	}
}

// TestTenderAllocationsAtTheEdges: a tender decision under the policy's
// rates makes four allocations whatever its size while its amounts fit 64
// bits (see Policy.Tender), and amounts at the edges of that still fit: a
// zero list price, the largest quantity, an 18-digit list amount, a list
// price without decimal places, and a license discount of exactly 1 (the
// line prices nothing).
func TestTenderAllocationsAtTheEdges(t *testing.T) {
	pol, err := samplePolicy().Compile()
	if err != nil {
		t.Fatal(err)
	}
	edges := validTender()
	edges.Lines = []incumbency.Line{
		{ID: "zero", MSRP: program.MustMoney("0.00", "USD"), Quantity: program.MaxCount},
		{ID: "wide", MSRP: program.MustMoney("999999999999999.999", "USD"), Quantity: 1},
		{ID: "whole", MSRP: program.MustMoney("1000", "USD"), Quantity: 3}, // no places: the price needs no division
	}
	whole := samplePolicy()
	whole.Rates.PartnerBase = incumbency.MustRate("1")
	if whole, err = whole.Compile(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		pol    incumbency.Policy
		tender incumbency.Tender
	}{"edge amounts": {pol, edges}, "discount of 1": {whole, validTender()}} {
		d, err := c.pol.Tender(c.tender)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.Bids[0].Total == nil {
			t.Fatalf("%s: not priced", name)
		}
		if a := testing.AllocsPerRun(20, func() { _, _ = c.pol.Tender(c.tender) }); a > 4 {
			t.Errorf("%s: %v allocations, want at most 4", name, a)
		}
	}
	if d, _ := whole.Tender(validTender()); !d.Bids[0].Total.Amount.IsZero() {
		t.Errorf("a discount of 1 prices the line at %s, want 0", d.Bids[0].Total.Amount)
	}
}

// TestRateWrittenLong: a rate of 0.0000000001 written with twenty decimal
// places (ten of them significant) prices a bid as the short writing does.
func TestRateWrittenLong(t *testing.T) {
	var totals []decimal.Decimal
	for _, s := range []string{"0.00000000010000000000", "0.0000000001"} {
		tender := validTender()
		r := decimal.RequireFromString(s)
		tender.Rates = &incumbency.TenderRates{PartnerBase: &r}
		d, err := samplePolicy().Tender(tender)
		if err != nil || d.Bids[0].Total == nil {
			t.Fatalf("%s: %v, %+v", s, err, d.Bids)
		}
		totals = append(totals, d.Bids[0].Total.Amount)
	}
	if !totals[0].Equal(totals[1]) {
		t.Errorf("total %s with the rate written long, %s short", totals[0], totals[1])
	}
}

// TestPriceWhoseQuotientOverflows64Bits: the integer pricing divides a
// 128-bit product by 10^17 here, and the quotient would not fit 64 bits,
// so the price is computed by decimal's arithmetic instead. The line is
// 339 × 549,648,224,835,659 USD = 186,330,748,219,288,401, the discount
// 0.01 written with 19 places: 186,330,748,219,288,401 × 0.99 =
// 184,467,440,737,095,516.99 exactly.
func TestPriceWhoseQuotientOverflows64Bits(t *testing.T) {
	tender := validTender()
	tender.Lines = []incumbency.Line{{ID: "L", MSRP: program.MustMoney("549648224835659", "USD"), Quantity: 339}}
	r := decimal.RequireFromString("0.0100000000000000000")
	tender.Rates = &incumbency.TenderRates{PartnerBase: &r}
	d, err := samplePolicy().Tender(tender)
	if err != nil {
		t.Fatal(err)
	}
	want := decimal.RequireFromString("184467440737095516.99")
	if b := d.Bids[0]; b.Total == nil || !b.Total.Amount.Equal(want) || !b.Lines[0].Price.Amount.Equal(want) {
		t.Errorf("bid %+v, want the line and the total at %s", b, want)
	}
}
