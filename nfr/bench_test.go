package nfr_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

func BenchmarkDecideGranted(b *testing.B) {
	pol, r := nfr.Default(), validRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Decide(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecideDeniedEverything(b *testing.B) {
	pol, r := nfr.Default(), validRequest()
	r.Partner.AgreementSigned = false
	r.Partner.Standing = program.StandingSuspended
	r.Partner.Employees = program.Employees{}
	r.Seats = []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 20, Asked: 10}, {License: nfr.DuoAmazonQ, Asked: 1}}
	r.Uses = []nfr.Use{nfr.UseInternalTraining, nfr.UseCustomerProduction, nfr.UseManagedServices}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Decide(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecideBadInput(b *testing.B) {
	pol, r := nfr.Default(), validRequest()
	r.Seats[0].Asked = -1
	r.SubmittedAt = time.Time{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Decide(r); err == nil {
			b.Fatal("no error")
		}
	}
}

func BenchmarkAllowance(b *testing.B) {
	pol := nfr.Default()
	h := nfr.Holdings{Partner: validRequest().Partner, Held: []nfr.Held{{License: nfr.UltimateSaaS, Seats: 8}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Allowance(h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProvisioningDueHolidays(b *testing.B) {
	pol := nfr.Default()
	pol.Calendar.TimeZone = program.MustTimeZone("Europe/Berlin")
	pol.Calendar.Holidays = []program.Date{program.NewDate(2026, 12, 24), program.NewDate(2026, 12, 25), program.NewDate(2026, 12, 31)}
	pol, err := pol.Compile() // a changed policy is compiled once, not per call
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 12, 23, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		pol.ProvisioningDue(at)
	}
}

// BenchmarkRender writes every text of a decision, as encoding or String
// would: a granted one (its provisioning instants), and one denied on every
// count, whose texts name what the policy says (whom it allocates a
// license to, its eligible tracks and certifications).
func BenchmarkRender(b *testing.B) {
	granted, err := nfr.Default().Decide(validRequest())
	if err != nil {
		b.Fatal(err)
	}
	r := validRequest()
	r.Partner = program.Partner{Track: program.TrackOpen, Standing: program.StandingSuspended}
	r.Seats = []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 20, Asked: 10}, {License: nfr.Duo, Asked: 1}, {License: nfr.DuoAmazonQ, Asked: 1}}
	r.Uses = []nfr.Use{nfr.UseInternalTraining, nfr.UseCustomerProduction, nfr.UseManagedServices}
	denied, err := nfr.Default().Decide(r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("granted", func(b *testing.B) { casetest.BenchmarkRender(b, granted.Reasons) })
	b.Run("denied", func(b *testing.B) { casetest.BenchmarkRender(b, denied.Reasons) })
}
