package distribution_test

import (
	"fmt"
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// An Open partner in India, enrolled in AWS CPPO, must buy through the APAC
// distributor; Redington is the Indian alternative and AWS Marketplace is
// open to it as well.
func ExamplePolicy_Path() {
	r := distribution.PathRequest{Partner: program.Partner{
		Track: program.TrackOpen, Country: "IN",
		Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO},
	}}
	d, err := distribution.Default().Path(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, "in", d.Territory)
	for _, o := range d.Options {
		fmt.Printf("%-11s %-22s %-11s %-24s %s\n", o.Channel, o.Name, o.Role, o.Contact, o.Reason.Reason().Rule)
	}
	// Output:
	// distribution in apac
	// distributor TD Synnex              primary     GitLab.APJ@techdata.com  distribution.path.open_distributor
	// distributor Redington              alternative gitlab@redington.co.in   distribution.path.alternative
	// marketplace AWS Marketplace (CPPO)                                      distribution.path.marketplace
}

func ExamplePolicy_Territory() {
	pol := distribution.Default()
	for _, tx := range []distribution.Transaction{
		{Partner: program.Partner{Country: "CA"}},
		{Partner: program.Partner{Country: "US"}, Customer: distribution.Customer{PublicSector: true}},
		{Partner: program.Partner{Country: "AE"}},
		{Partner: program.Partner{Country: "MX"}},
	} {
		d, err := pol.Territory(tx)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Print(tx.Partner.Country, ": ", d.Outcome)
		for _, e := range d.Distributors {
			fmt.Print(", ", e.Name, " <", e.Contact, ">")
		}
		fmt.Println()
	}
	_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "UK"}})
	fmt.Println(err)
	// Output:
	// CA: north_america, Climb CS <sales@climbcs.ca>
	// US: us_pubsec, Carahsoft <gitlab@carahsoft.com>
	// AE: emea, Amazic <gitlab@amazic.com>
	// MX: none
	// /partner/country: UK is a former code; use GB
}

// An APJ partner asking late on a Friday gets its answer on Monday: the six
// business hours run on a Monday-to-Friday, 09:00-17:00 Singapore calendar.
func ExamplePolicy_Quote() {
	q := distribution.QuoteRequest{
		Partner:     program.Partner{Country: "JP"},
		RequestedAt: time.Date(2026, 11, 27, 16, 0, 0, 0, time.FixedZone("JST", 9*3600)),
	}
	d, err := distribution.Default().Quote(q)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Region, "->", d.Recipient)
	fmt.Println("due", d.Due.Format(time.RFC3339), d.Due.Weekday())
	// Output:
	// portal_request apj -> Ecosystem Specialist case queue
	// due 2026-11-30T13:00:00+08:00 Monday
}

func ExamplePolicy_CheckOrder() {
	at := func(day int) time.Time { return time.Date(2026, 11, day, 10, 0, 0, 0, time.UTC) }
	o := distribution.Order{
		Kind:             distribution.KindNewSubscription,
		EndUser:          distribution.EndUser{Email: "it@customer.example"},
		QuoteESignedAt:   at(19),
		ReadyToInvoiceAt: at(20),
	}
	d, err := distribution.Default().CheckOrder(o, at(25))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, p := range d.Problems {
		fmt.Println(" ", p.Pointer, p.Rule)
	}

	o.QuoteESignedAt = at(21)
	o.EndUser = distribution.EndUser{Email: "it@customer.example", ShippingAddress: "1 Harbour Road", PostalCode: "12345"}
	o.PartnerInvoiceContact = "billing@partner.example"
	o.InvoicedAt = at(22)
	o.EULA.AcceptedAt = at(23)
	d, _ = distribution.Default().CheckOrder(o, at(25))
	fmt.Println(d.Outcome, "to", d.Delivery.To, "cc", d.Delivery.CC)
	// Output:
	// incomplete
	//   /quote_esigned_at distribution.order.esigned_early
	//   /end_user/shipping_address distribution.order.shipping_address
	//   /end_user/postal_code distribution.order.postal_code
	//   /partner_invoice_contact distribution.key.invoice_contact_missing
	// deliver_key to it@customer.example cc billing@partner.example
}
