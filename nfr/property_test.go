package nfr_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// denying and reviewing are the rules whose presence decides the outcome.
var (
	denying = []program.RuleID{nfr.RuleNoAllocation, nfr.RuleOverCapJustificationNeeded, nfr.RuleOverCapDenied,
		nfr.RuleNotAuthorized, nfr.RuleTrack, nfr.RuleStanding, nfr.RuleCertified, nfr.RuleProhibitedUse}
	reviewing = []program.RuleID{nfr.RuleOverCapReview, nfr.RuleUnclassifiedUse}
)

// TestDecisionsAreConsistent decides many generated requests and checks that
// the outcome follows from the reasons (any denying finding denies, else any
// reviewing one reviews, else granted), that reasons come in section order,
// and the invariants the fuzz target checks.
func TestDecisionsAreConsistent(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2026))
	pol := nfr.Default()
	outcomes := map[nfr.Outcome]int{}
	for range 3000 {
		r := randomRequest(rng)
		d, err := pol.Decide(r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		var ids []program.RuleID
		last := 0
		for _, rs := range d.Reasons.All() {
			ids = append(ids, rs.Rule)
			i := slices.Index(nfr.Sections, rs.Section())
			if i < last {
				t.Fatalf("reasons out of section order: %+v", d.Reasons.List())
			}
			last = i
		}
		anyOf := func(set []program.RuleID) bool {
			return slices.ContainsFunc(ids, func(id program.RuleID) bool { return slices.Contains(set, id) })
		}
		want := nfr.Granted
		switch {
		case anyOf(denying):
			want = nfr.Denied
		case anyOf(reviewing):
			want = nfr.NeedsReview
		}
		if d.Outcome != want {
			t.Fatalf("outcome %s, want %s from rules %v", d.Outcome, want, ids)
		}
		// One allocation reason per asked license type; eligibility is
		// either one positive reason or only failures.
		asked, alloc, elig := 0, 0, 0
		for _, s := range r.Seats {
			if s.Asked > 0 {
				asked++
			}
		}
		for _, rs := range d.Reasons.All() {
			switch rs.Section() {
			case nfr.SectionAllocation:
				alloc++
			case nfr.SectionEligibility:
				elig++
			}
		}
		if alloc != asked || elig == 0 || (slices.Contains(ids, nfr.RuleEligible) && elig != 1) {
			t.Fatalf("%d asked lines, reasons %v", asked, ids)
		}
		checkInvariants(t, pol, r, d)
		outcomes[d.Outcome]++

		// Asking for fewer seats never turns a grant into anything else.
		if d.Outcome == nfr.Granted {
			less := r
			less.Seats = slices.Clone(r.Seats)
			for i := range less.Seats {
				if less.Seats[i].Asked > 1 {
					less.Seats[i].Asked--
				}
			}
			if d2, _ := pol.Decide(less); d2.Outcome != nfr.Granted {
				t.Fatalf("fewer seats: %s, was granted", d2.Outcome)
			}
		}
	}
	for _, o := range nfr.Outcomes {
		if outcomes[o] < 100 {
			t.Errorf("only %d generated requests were %s; the generator is not exercising the rules", outcomes[o], o)
		}
	}
}

func randomRequest(rng *rand.Rand) nfr.Request {
	r := validRequest()
	r.Partner.Track = program.Tracks[rng.IntN(2)]
	r.Partner.AgreementSigned = rng.IntN(8) != 0
	if rng.IntN(8) == 0 {
		r.Partner.Standing = program.Standings[1+rng.IntN(2)]
	}
	r.Partner.Employees.SolutionArchitects = rng.IntN(3)
	r.Partner.Employees.ProfessionalServicesEngineers = rng.IntN(2)
	if rng.IntN(2) == 0 {
		r.Partner.Competencies = []program.Competency{program.CompetencyAWSDevOps}
	}
	r.Seats = nil
	for _, l := range nfr.LicenseTypes {
		if rng.IntN(3) == 0 {
			r.Seats = append(r.Seats, nfr.SeatLine{License: l, Held: rng.IntN(20), Asked: 1 + rng.IntN(12)})
		}
	}
	if len(r.Seats) == 0 {
		r.Seats = []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: rng.IntN(20), Asked: 1 + rng.IntN(10)}}
	}
	r.Uses = []nfr.Use{nfr.Uses[rng.IntN(3)]}
	if rng.IntN(6) == 0 {
		r.Uses = append(r.Uses, nfr.Uses[3+rng.IntN(3)])
	}
	if rng.IntN(2) == 0 {
		r.Justification = "more demo labs"
	}
	r.SubmittedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
	return r
}
