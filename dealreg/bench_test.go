package dealreg_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

var sinkDecision dealreg.Decision

func BenchmarkRoute(b *testing.B) {
	p := dealreg.Default()
	now := at("2026-03-20T09:00:00Z")
	pending := registration()
	pending.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-12T09:00:00Z")}
	timeout := registration()
	timeout.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-03T09:00:00Z")}
	aged := registration()
	aged.Opportunity.Stage = program.Stage4
	aged.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2025, 6, 1))
	noOpp := registration()
	noOpp.Opportunity.Stage = program.StageNone
	rejected := registration()
	rejected.Partner.AgreementSigned = false
	rejected.Partner.Employees.FoundationsTrained = 0
	rejected.Scope = dealreg.ScopeCustomerAccount
	for _, bc := range []struct {
		name string
		r    dealreg.Registration
	}{
		{"asm_pending", pending},
		{"asm_timeout", timeout},
		{"aged", aged},
		{"no_opportunity", noOpp},
		{"rejected_three_ways", rejected},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := p.Route(bc.r, now)
				if err != nil {
					b.Fatal(err)
				}
				sinkDecision = d
			}
		})
	}
}

func BenchmarkExpiry(b *testing.B) {
	p := dealreg.Default()
	approved, now := at("2026-01-10T12:00:00Z"), at("2026-03-20T09:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Expiry(approved, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	p := dealreg.Default()
	now := at("2026-03-20T09:00:00Z")
	for _, n := range []int{3, 20} {
		var c dealreg.Competition
		for i := range n {
			r := registration()
			r.ID = fmt.Sprintf("reg-%d", i)
			r.SubmittedAt = r.SubmittedAt.Add(-dur(i))
			r.LocalSupport = ptr(i%4 != 1)
			c.Registrations = append(c.Registrations, r)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Resolve(c, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender writes every text of decisions as encoding or String
// would: one with five eligibility reasons, one with a path, a leaf and an
// expiry reason full of instants.
func BenchmarkRender(b *testing.B) {
	now := at("2026-03-20T09:00:00Z")
	rejected := registration()
	rejected.Scope = dealreg.ScopeCustomerAccount
	rejected.Program = dealreg.ProgramServiceAttached
	rejected.Partner.AgreementSigned = false
	rejected.Partner.Employees.FoundationsTrained = 0
	rejected.Opportunity.Kind = program.KindRenewal
	timeout := registration()
	timeout.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-03T09:00:00Z")}
	for _, bc := range []struct {
		name string
		r    dealreg.Registration
		n    int
	}{{"rejected", rejected, 5}, {"timeout", timeout, 3}} {
		b.Run(bc.name, func(b *testing.B) {
			d, err := dealreg.Default().Route(bc.r, now)
			if err != nil || d.Reasons.Len() != bc.n {
				b.Fatalf("want %d reasons: %v %v", bc.n, d.Reasons, err)
			}
			casetest.BenchmarkRender(b, d.Reasons)
		})
	}
}
