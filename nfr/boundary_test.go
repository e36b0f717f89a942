package nfr_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

var digits = regexp.MustCompile(`[0-9]+`)

// A partner holding exactly its cap holds all it may and no more (License
// Allocation: "up to 25"). Its allowance line must not read as one over
// the cap: with the numbers masked, the reason for 25 Ultimate SaaS seats
// held differs from the reason for 26. (Texts may be reworded; the two
// cases must stay worded apart.)
func TestAllowanceAtTheCapDoesNotReadAsOverIt(t *testing.T) {
	saas := func(held int) (string, nfr.LicenseLine) {
		t.Helper()
		a, err := nfr.Default().Allowance(nfr.Holdings{
			Partner: program.Partner{AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
				Employees: program.Employees{SolutionArchitects: 1}},
			Held: []nfr.Held{{License: nfr.UltimateSaaS, Seats: held}},
		})
		if err != nil {
			t.Fatal(err)
		}
		// One reason per license type, in LicenseTypes order: SaaS is the second.
		if a.Reasons.At(1).Rule != nfr.RuleRemaining || a.Licenses[1].License != nfr.UltimateSaaS {
			t.Fatalf("reason %s for %s; want %s for %s", a.Reasons.At(1).Rule, a.Licenses[1].License, nfr.RuleRemaining, nfr.UltimateSaaS)
		}
		return a.Reasons.At(1).Text(), a.Licenses[1]
	}
	at, atLine := saas(25)
	over, overLine := saas(26)
	if atLine.Cap != 25 || atLine.Remaining != 0 || overLine.Remaining != 0 {
		t.Fatalf("lines %+v and %+v; want a cap of 25 and none remaining", atLine, overLine)
	}
	if digits.ReplaceAllString(at, "#") == digits.ReplaceAllString(over, "#") {
		t.Errorf("at the cap the reason reads as over it:\n  25 held: %s\n  26 held: %s", at, over)
	}
}

// The policy's provisioning days run from 0 to MaxProvisioningBusinessDays,
// both ends included.
func TestProvisioningDaysLimitsAreInclusive(t *testing.T) {
	for _, n := range []int{0, nfr.MaxProvisioningBusinessDays} {
		p := nfr.Default()
		p.ProvisioningBusinessDays = n
		if err := p.Validate(); err != nil {
			t.Errorf("%d provisioning days: %v", n, err)
		}
	}
	for _, n := range []int{-1, nfr.MaxProvisioningBusinessDays + 1} {
		p := nfr.Default()
		p.ProvisioningBusinessDays = n
		if got := fields(p.Validate()); !slices.Equal(got, []string{"/provisioning_business_days"}) {
			t.Errorf("%d provisioning days: errors at %v", n, got)
		}
	}
}

// Each bad member of an allocation is reported on its own, with nothing
// else: a valid allocation that merely shares a track with an earlier one
// is no repeat, and a count of seats is valid from 0 to program.MaxCount.
func TestPolicyAllocationProblemsOneAtATime(t *testing.T) {
	tests := []struct {
		name string
		a    nfr.Allocation
		want []string
	}{
		{"unknown track alone", nfr.Allocation{License: nfr.Duo, Track: "gold", Seats: 1}, []string{"/allocations/6/track"}},
		{"unknown competency alone", nfr.Allocation{License: nfr.Duo, Competency: "azure", Seats: 1}, []string{"/allocations/6/competency"}},
		{"seats over the largest count", nfr.Allocation{License: nfr.Duo, Track: program.TrackOpen, Seats: program.MaxCount + 1}, []string{"/allocations/6/seats"}},
		{"negative seats beside allocations of the same track", nfr.Allocation{License: nfr.Duo, Track: program.TrackOpen, Seats: -1}, []string{"/allocations/6/seats"}},
		{"the largest count of seats", nfr.Allocation{License: nfr.Duo, Track: program.TrackOpen, Seats: program.MaxCount}, nil},
		{"no seats", nfr.Allocation{License: nfr.Duo, Track: program.TrackOpen, Seats: 0}, nil},
	}
	for _, tt := range tests {
		p := nfr.Default()
		p.Allocations = append(p.Allocations, tt.a)
		if got := fields(p.Validate()); !slices.Equal(got, tt.want) {
			t.Errorf("%s: errors at %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Counts over program.MaxCount are refused wherever they stand, even when
// every count of the line is over it; a license listed twice in a row is
// a repeat like any other.
func TestRequestCountsAndRepeats(t *testing.T) {
	r := validRequest()
	r.Seats[0].Held, r.Seats[0].Asked = program.MaxCount+1, program.MaxCount+1
	if got := fields(func() error { _, err := nfr.Default().Decide(r); return err }()); !slices.Equal(got, []string{"/seats/0/held", "/seats/0/asked"}) {
		t.Errorf("both counts over the largest: errors at %v", got)
	}
	r = validRequest()
	r.Seats = append(r.Seats, nfr.SeatLine{License: nfr.UltimateSaaS, Asked: 1})
	if got := fields(func() error { _, err := nfr.Default().Decide(r); return err }()); !slices.Equal(got, []string{"/seats/1/license"}) {
		t.Errorf("a license repeated on the next line: errors at %v", got)
	}
	h := nfr.Holdings{Partner: validRequest().Partner, Held: []nfr.Held{{License: nfr.Duo, Seats: program.MaxCount}, {License: nfr.Duo, Seats: 1}}}
	if _, err := nfr.Default().Allowance(h); !slices.Equal(fields(err), []string{"/held/1/license"}) {
		t.Errorf("holdings repeating a license, the first at the largest count: errors at %v", fields(err))
	}
}
