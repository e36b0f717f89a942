package distribution_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

var benchPath = distribution.PathRequest{Partner: program.Partner{Track: program.TrackOpen, Standing: program.StandingGood,
	Country: "IN", Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO}}}

var benchTx = benchPath.Transaction()

func BenchmarkTerritory(b *testing.B) {
	pol := distribution.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Territory(benchTx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPath(b *testing.B) {
	pol := distribution.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Path(benchPath); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQuote(b *testing.B) {
	pol := distribution.Default()
	q := distribution.QuoteRequest{Partner: benchTx.Partner, RequestedAt: time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Quote(q); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDay(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }

var benchOrder, benchOrderAt = distribution.Order{Kind: distribution.KindNewSubscription,
	EndUser:               distribution.EndUser{Email: "it@customer.example", ShippingAddress: "1 Harbour Road", PostalCode: "12345"},
	PartnerInvoiceContact: "billing@partner.example",
	ReadyToInvoiceAt:      benchDay(20), QuoteESignedAt: benchDay(21), InvoicedAt: benchDay(22),
	EULA: distribution.EULA{AcceptedAt: benchDay(23)}}, benchDay(25)

func BenchmarkCheckOrder(b *testing.B) {
	pol := distribution.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.CheckOrder(benchOrder, benchOrderAt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodePathRequest(b *testing.B) {
	data := []byte(`{"partner":{"track":"open","standing":"good","country":"IN","marketplaces":["aws_cppo"]},"customer":{}}`)
	b.ReportAllocs()
	for b.Loop() {
		var r distribution.PathRequest
		if err := program.DecodeJSON(data, &r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender writes every text of a decision, as encoding or String
// would: a purchase path (five reasons), an APJ quote (its due instant in
// the calendar's zone) and a delivered order.
func BenchmarkRender(b *testing.B) {
	pol := distribution.Default()
	path, err := pol.Path(distribution.PathRequest{Partner: program.Partner{Country: "JP", Track: program.TrackSelect,
		Marketplaces: []program.Marketplace{program.MarketplaceGoogleMCPO}}})
	if err != nil {
		b.Fatal(err)
	}
	quote, err := pol.Quote(distribution.QuoteRequest{Partner: benchTx.Partner, RequestedAt: time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	order, err := pol.CheckOrder(benchOrder, benchOrderAt)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Path", func(b *testing.B) { casetest.BenchmarkRender(b, path.Reasons) })
	b.Run("Quote", func(b *testing.B) { casetest.BenchmarkRender(b, quote.Reasons) })
	b.Run("CheckOrder", func(b *testing.B) { casetest.BenchmarkRender(b, order.Reasons) })
}
