package distribution_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
)

// BenchmarkQuoteHolidaySet is BenchmarkQuote on an APJ calendar that names
// Japan's national holidays (the request is made on the Friday before
// Labour Thanksgiving Day, a Monday).
func BenchmarkQuoteHolidaySet(b *testing.B) {
	pol := distribution.Default()
	pol.Quotes.APJ.Calendar.HolidaySet = "JP"
	pol, err := pol.Compile()
	if err != nil {
		b.Fatal(err)
	}
	q := distribution.QuoteRequest{Partner: benchTx.Partner, RequestedAt: time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Quote(q); err != nil {
			b.Fatal(err)
		}
	}
}
