package serviceattach_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

func benchClassify(b *testing.B, r serviceattach.Registration, want serviceattach.Outcome) {
	p := serviceattach.Default()
	b.ReportAllocs()
	for b.Loop() {
		d, err := p.Classify(r)
		if err != nil || d.Outcome != want {
			b.Fatalf("%v %v", d.Outcome, err)
		}
	}
}

func BenchmarkClassifyApproved(b *testing.B) {
	benchClassify(b, baseline(), serviceattach.Approved)
}

func BenchmarkClassifyAcceptedNearestMiss(b *testing.B) {
	r := baseline()
	r.Evidence.Submitted = program.NewDate(2026, 5, 2)
	benchClassify(b, r, serviceattach.Accepted)
}

func BenchmarkClassifyUnqualifiedNearestMiss(b *testing.B) {
	r := baseline()
	r.Evidence = nil
	r.Opportunity.Stage = program.Stage5
	r.Partner.Competencies = nil
	benchClassify(b, r, serviceattach.Unqualified)
}

func BenchmarkClassifyDisqualified(b *testing.B) {
	r := baseline()
	r.GitLabPSSubcontract = true
	benchClassify(b, r, serviceattach.Unqualified)
}

func BenchmarkClassifyInvalid(b *testing.B) {
	r := baseline()
	r.Services = append(r.Services, "training")
	p := serviceattach.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Classify(r); err == nil {
			b.Fatal("want an error")
		}
	}
}

func BenchmarkPortfolio10(b *testing.B) {
	regs := make([]serviceattach.Registration, 10)
	for i := range regs {
		r := baseline()
		r.ID = string(rune('A' + i))
		r.Submitted = program.NewDate(2026, 1, 1+i)
		r.Opportunity.ID = string(rune('A' + i/2))
		r.Evidence.ID = "SOW-" + r.ID
		regs[i] = r
	}
	p := serviceattach.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Portfolio(regs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender writes every text of an approved decision (nine
// reasons), as encoding or String would.
func BenchmarkRender(b *testing.B) {
	d, err := serviceattach.Default().Classify(baseline())
	if err != nil || d.Outcome != serviceattach.Approved {
		b.Fatalf("want approved: %v %v", d.Outcome, err)
	}
	casetest.BenchmarkRender(b, d.Reasons)
}
