package incumbency_test

import (
	"errors"
	"fmt"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// A tender with three bidders, priced with SAMPLE rates: the handbook gives
// no percentages, so a real caller supplies its own, in the policy or with
// each tender. The license discounts (partner base, sourced margin) come off
// MSRP; the service-attach incentive is listed beside the price.
func ExamplePolicy_Tender() {
	pol := incumbency.Default()
	pol.Rates = &incumbency.RateTable{ // sample rates, not the handbook's
		PartnerBase:     incumbency.MustRate("0.12"),
		SourcedMargin:   incumbency.MustRate("0.08"),
		RenewalDiscount: incumbency.MustRate("0.05"),
		ServiceAttach:   incumbency.MustRate("0.025"),
	}
	d, err := pol.Tender(threeBidders())
	if err != nil {
		fmt.Println(err)
		return
	}
	places := d.Currency.MinorUnits()
	fmt.Println(d.Outcome)
	for _, b := range d.Bids {
		fmt.Printf("%s: %s, elements", b.Partner, b.Basis)
		for _, e := range b.Elements {
			fmt.Printf(" %s %s", e.Element, e.Rate)
		}
		fmt.Printf("; license discount %s\n", b.DiscountRate)
		for _, l := range b.Lines {
			fmt.Printf("  %-8s %2d x list %8s -> %8s\n", l.Line, l.Quantity, l.List.Amount.StringFixed(places), l.Price.Amount.StringFixed(places))
		}
		fmt.Printf("  total %s %s\n", b.Total.Amount.StringFixed(places), b.Total.Currency)
	}
	// Output:
	// priced
	// acme: discounted, elements partner_base 0.12; license discount 0.12
	//   ultimate  1 x list  1000.00 ->   880.00
	//   duo      10 x list   499.90 ->   439.91
	//   total 1319.91 USD
	// borealis: discounted, elements partner_base 0.12 sourced_margin 0.08 service_attach 0.025; license discount 0.2
	//   ultimate  1 x list  1000.00 ->   800.00
	//   duo      10 x list   499.90 ->   399.92
	//   total 1199.92 USD
	// cobalt: discounted, elements partner_base 0.12; license discount 0.12
	//   ultimate  1 x list  1000.00 ->   880.00
	//   duo      10 x list   499.90 ->   439.91
	//   total 1319.91 USD
}

// With no rate in the policy (the default has none) or the tender, a tender
// is still decided: every bidder's elements, and no prices.
func ExamplePolicy_Tender_withoutRates() {
	d, err := incumbency.Default().Tender(threeBidders())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, b := range d.Bids {
		fmt.Print(b.Partner, " priced=", b.Priced(), ":")
		for _, e := range b.Elements {
			fmt.Print(" ", e.Element)
		}
		fmt.Println()
	}
	// Output:
	// unpriced
	// acme priced=false: partner_base
	// borealis priced=false: partner_base sourced_margin service_attach
	// cobalt priced=false: partner_base
}

// Bad input is an error that locates every problem by a JSON Pointer into
// the tender document; the details are for people and may change.
func ExamplePolicy_Tender_badInput() {
	tender := threeBidders()
	tender.Lines[1].MSRP.Currency = "EUR" // currencies never mix
	tender.Rates = &incumbency.TenderRates{PartnerBase: incumbency.RateOf("1.5")}
	_, err := incumbency.Default().Tender(tender)
	fmt.Println(errors.Is(err, program.ErrInvalidInput))
	for _, fe := range program.FieldErrors(err) {
		fmt.Println(fe.Pointer)
	}
	// Output:
	// true
	// /rates/partner_base
	// /lines/1/msrp/currency
}

func ExamplePolicy_Incumbent() {
	d, err := incumbency.Default().Incumbent(incumbency.Customer{
		Sales: []incumbency.Sale{{Partner: "acme", Date: program.NewDate(2025, 6, 15)}},
		Communications: []incumbency.Communication{
			{Partner: "borealis", Date: program.NewDate(2025, 9, 1), Form: incumbency.FormFormalWritten},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Partner, d.Since)
	for _, r := range d.Reasons.All() {
		fmt.Println(r.Rule)
	}
	// Output:
	// incumbent borealis 2025-09-01
	// incumbency.incumbent.last_sale
	// incumbency.incumbent.written_transfer
}

func ExamplePolicy_RenewalDiscount() {
	d, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{
		Partner: "acme",
		Customer: incumbency.Customer{Sales: []incumbency.Sale{
			{Partner: "acme", Date: program.NewDate(2025, 6, 15)},
		}},
		CreditStanding:  incumbency.CreditPoor,
		CustomerEngaged: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, r := range d.Reasons.All() {
		fmt.Println(r.Rule)
	}
	// Output:
	// ineligible
	// incumbency.renewal.credit_standing
	// incumbency.renewal.proactive_pursuit
}
