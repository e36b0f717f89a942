package incumbency_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/internal/cputime"
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

// compiled is pol checked once, as Default and ParsePolicy return it; a
// policy changed by hand would be compiled on every decision.
func compiled(b *testing.B, pol incumbency.Policy) incumbency.Policy {
	pol, err := pol.Compile()
	if err != nil {
		b.Fatal(err)
	}
	return pol
}

func BenchmarkRenewalDiscount(b *testing.B) {
	pol := compiled(b, samplePolicy())
	r := incumbency.RenewalRequest{Partner: "cobalt", Customer: benchCustomer(), CreditStanding: incumbency.CreditGood, CustomerEngaged: true, PursuingRenewal: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.RenewalDiscount(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTender prices three bidders on two lines. Beside the
// wall-clock time, which a shared machine's load swells, it reports the
// process's CPU time per decision.
func BenchmarkTender(b *testing.B) {
	pol, t := compiled(b, samplePolicy()), threeBidders()
	b.ReportAllocs()
	cputime.Loop(b, func() {
		if _, err := pol.Tender(t); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkTenderLarge prices 200 bidders on 20 lines, a quarter of them
// sourced, half offering services, one in ten on a late registration: the
// figure per bidder is the one to read.
func BenchmarkTenderLarge(b *testing.B) {
	pol, t := compiled(b, samplePolicy()), threeBidders()
	t.Lines = nil
	for j := range 20 {
		t.Lines = append(t.Lines, incumbency.Line{ID: "L" + strconv.Itoa(j), MSRP: program.MustMoney("1234.56", "USD"), Quantity: j + 1})
	}
	t.Bidders = nil
	for i := range 200 {
		bd := incumbency.Bidder{Partner: "partner-" + strconv.Itoa(i), OffersServices: i%2 == 0}
		switch {
		case i%4 == 1:
			bd.SourcedRegistration = &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: t.OpenedAt.AddDate(0, -1, 0)}
		case i%10 == 3:
			bd.SourcedRegistration = &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: t.OpenedAt.AddDate(0, 0, 2)}
		}
		t.Bidders = append(t.Bidders, bd)
	}
	b.ReportAllocs()
	cputime.Loop(b, func() {
		if _, err := pol.Tender(t); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(t.Bidders)), "ns/bidder")
}

// BenchmarkTenderEncode writes BenchmarkTender's decision as a batch or
// the HTTP handler does (channelpolicy.AppendJSON), its reasons' texts
// and all; DecideEncode decides it first, as a batch does each line once
// decoded.
func BenchmarkTenderEncode(b *testing.B) {
	pol, t := compiled(b, samplePolicy()), threeBidders()
	d, err := pol.Tender(t)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.Run("Encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if buf, err = channelpolicy.AppendJSON(buf[:0], &d); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("DecideEncode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := pol.Tender(t)
			if err != nil {
				b.Fatal(err)
			}
			if buf, err = channelpolicy.AppendJSON(buf[:0], &d); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
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

// BenchmarkRender writes every reason text of each benchmark's decision,
// as encoding it does: the cost deciding no longer pays.
func BenchmarkRender(b *testing.B) {
	pol := compiled(b, samplePolicy())
	inc, err := pol.Incumbent(benchCustomer())
	if err != nil {
		b.Fatal(err)
	}
	ren, err := pol.RenewalDiscount(incumbency.RenewalRequest{Partner: "acme", Customer: benchCustomer(), CreditStanding: incumbency.CreditPoor})
	if err != nil {
		b.Fatal(err)
	}
	tender, err := pol.Tender(threeBidders())
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name    string
		reasons program.Reasons
	}{
		{"Incumbent", inc.Reasons},
		{"RenewalDiscount", program.ReasonsOf(append(ren.Incumbent.Reasons.List(), ren.Reasons.List()...)...)},
		{"Tender", tender.Reasons},
	} {
		b.Run(bm.name, func(b *testing.B) { casetest.BenchmarkRender(b, bm.reasons) })
	}
}
