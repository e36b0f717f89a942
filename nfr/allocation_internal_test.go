package nfr

import (
	"math/rand/v2"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestCompiledCapsAreTheAllocations: the caps a compiled policy keeps by
// license type and track give, for any partner, the largest seats of the
// allocations that apply to it, and no allocation where none applies, over
// random allocations (any track or none, a competency or none).
func TestCompiledCapsAreTheAllocations(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 4))
	tracks := append([]program.Track{""}, program.Tracks...)
	comps := append([]program.Competency{""}, program.Competencies...)
	for range 500 {
		p := Default()
		p.Allocations = nil
		for range rng.IntN(8) {
			a := Allocation{License: LicenseTypes[rng.IntN(len(LicenseTypes))], Track: tracks[rng.IntN(len(tracks))],
				Competency: comps[rng.IntN(len(comps))], Seats: rng.IntN(30)}
			if rng.IntN(3) == 0 {
				a.Competency = ""
			}
			if !containsAllocation(p.Allocations, a) {
				p.Allocations = append(p.Allocations, a)
			}
		}
		p, err := p.Compile()
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			pt := program.Partner{Track: program.Tracks[rng.IntN(len(program.Tracks))]}
			for _, c := range program.Competencies {
				if rng.IntN(2) == 0 {
					pt.Competencies = append(pt.Competencies, c)
				}
			}
			for i, l := range LicenseTypes {
				want, wantOK := 0, false
				for _, a := range p.Allocations {
					if a.License == l && a.applies(&pt) {
						want, wantOK = max(want, a.Seats), true
					}
				}
				got, ok := p.ready.cap(&pt, trackSlot(pt.Track), i)
				if got != want || ok != wantOK {
					t.Fatalf("allocations %+v, partner %+v, %s: cap %d %v, want %d %v", p.Allocations, pt, l, got, ok, want, wantOK)
				}
			}
		}
	}
}

func containsAllocation(list []Allocation, a Allocation) bool {
	for _, b := range list {
		if a.License == b.License && a.Track == b.Track && a.Competency == b.Competency {
			return true
		}
	}
	return false
}
