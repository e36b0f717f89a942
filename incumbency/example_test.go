package incumbency_test

import (
	"fmt"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// A tender with three bidders, priced with SAMPLE rates: the handbook gives
// no percentages, so a real caller supplies its own rate table.
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
	for _, b := range d.Bids {
		fmt.Printf("%s: %s, elements", b.Partner, b.Basis)
		for _, e := range b.Elements {
			fmt.Printf(" %s %s", e.Element, e.Rate)
		}
		fmt.Printf(" = %s off\n", b.DiscountRate)
		for _, l := range b.Lines {
			fmt.Printf("  %-8s %2d x list %8s -> %8s\n", l.Line, l.Quantity, l.List.Amount.StringFixed(places), l.Price.Amount.StringFixed(places))
		}
		fmt.Printf("  total %s %s\n", b.Total.Amount.StringFixed(places), b.Total.Currency)
	}
	// Output:
	// acme: discounted, elements partner_base 0.12 = 0.12 off
	//   ultimate  1 x list  1000.00 ->   880.00
	//   duo      10 x list   499.90 ->   439.91
	//   total 1319.91 USD
	// borealis: discounted, elements partner_base 0.12 sourced_margin 0.08 service_attach 0.025 = 0.225 off
	//   ultimate  1 x list  1000.00 ->   775.00
	//   duo      10 x list   499.90 ->   387.42
	//   total 1162.42 USD
	// cobalt: discounted, elements partner_base 0.12 = 0.12 off
	//   ultimate  1 x list  1000.00 ->   880.00
	//   duo      10 x list   499.90 ->   439.91
	//   total 1319.91 USD
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
	for _, r := range d.Reasons {
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
	for _, r := range d.Reasons {
		fmt.Println(r.Rule)
	}
	// Output:
	// not_eligible
	// incumbency.renewal.credit_standing
	// incumbency.renewal.proactive_pursuit
}
