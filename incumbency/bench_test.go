package incumbency_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

func benchCustomer() incumbency.Customer {
	return incumbency.Customer{
		Sales: []incumbency.Sale{
			{Partner: "borealis", Date: program.NewDate(2023, 4, 1)},
			{Partner: "acme", Date: program.NewDate(2024, 6, 15)},
			{Partner: "acme", Date: program.NewDate(2025, 6, 15)},
		},
		Communications: []incumbency.Communication{
			{Partner: "borealis", Date: program.NewDate(2024, 1, 10), Form: incumbency.FormFormalWritten},
			{Partner: "cobalt", Date: program.NewDate(2025, 9, 1), Form: incumbency.FormFormalWritten},
			{Partner: "borealis", Date: program.NewDate(2025, 9, 2), Form: incumbency.FormVerbal},
		},
	}
}

func BenchmarkIncumbent(b *testing.B) {
	pol, c := incumbency.Default(), benchCustomer()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Incumbent(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenewalDiscount(b *testing.B) {
	pol := samplePolicy()
	r := incumbency.RenewalRequest{Partner: "cobalt", Customer: benchCustomer(), CreditStanding: incumbency.CreditGood, CustomerEngaged: true, PursuingRenewal: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.RenewalDiscount(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTender prices three bidders on two lines.
func BenchmarkTender(b *testing.B) {
	pol, t := samplePolicy(), threeBidders()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Tender(t); err != nil {
			b.Fatal(err)
		}
	}
}

func threeBidders() incumbency.Tender {
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return incumbency.Tender{
		ID: "T-1", OpenedAt: open, Currency: "USD",
		Lines: []incumbency.Line{
			{ID: "ultimate", MSRP: program.MustMoney("1000.00", "USD"), Quantity: 1},
			{ID: "duo", MSRP: program.MustMoney("49.99", "USD"), Quantity: 10},
		},
		Bidders: []incumbency.Bidder{
			{Partner: "acme"},
			{Partner: "borealis", OffersServices: true, SourcedRegistration: &incumbency.Registration{
				Status: incumbency.RegistrationApproved, ApprovedAt: open.AddDate(0, -1, 0)}},
			{Partner: "cobalt", SourcedRegistration: &incumbency.Registration{
				Status: incumbency.RegistrationApproved, ApprovedAt: open.AddDate(0, 0, 9)}},
		},
	}
}
