package program_test

import (
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/shopspring/decimal"
)

// choose is "" (i = 0), one of values, or other: each value of a fuzzed
// member is as likely to be valid as not.
func choose[T ~string](values []T, i uint8, other string) T {
	switch n := int(i) % (len(values) + 2); n {
	case 0:
		return ""
	case len(values) + 1:
		return T(other)
	default:
		return values[n-1]
	}
}

// FuzzValidIsCheck holds each value's Valid, which asks Check's questions
// without building anything, to Check: Valid is true exactly when Check
// records no problem.
func FuzzValidIsCheck(f *testing.F) {
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), "x", 3, 0, 1_000_000, uint8(1), uint8(4), true, int64(0), 2026, 2, 28, uint8(1))
	f.Add(uint8(9), uint8(9), uint8(9), uint8(9), uint8(9), "gold", -1, 1_000_001, 0, uint8(9), uint8(12), false, int64(1), 2026, 2, 30, uint8(2))
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), "", 0, 0, 0, uint8(0), uint8(0), true, int64(-62135596800), 0, 0, 0, uint8(0))
	f.Fuzz(func(t *testing.T, track, standing, country, competency, marketplace uint8, other string, trained, architects, engineers int,
		kind, stage uint8, growth bool, activity int64, year, month, day int, currency uint8) {
		p := program.Partner{
			Track: choose(program.Tracks, track, other), Standing: choose(program.Standings, standing, other),
			Country:   choose([]program.Country{"DE", "GB", "UK", "XK", "AQ", "de"}, country, other),
			Employees: program.Employees{FoundationsTrained: trained, SolutionArchitects: architects, ProfessionalServicesEngineers: engineers},
		}
		if c := choose(program.Competencies, competency, other); c != "" {
			p.Competencies = []program.Competency{program.CompetencyAWSDevOps, c}
		}
		if m := choose(program.Marketplaces, marketplace, other); m != "" {
			p.Marketplaces = []program.Marketplace{m}
		}
		var pp program.Problems
		p.Check(&pp, "/partner")
		if p.Valid() != (pp.Len() == 0) {
			t.Fatalf("partner %+v: Valid %v, Check %v", p, p.Valid(), pp.Err())
		}

		o := program.Opportunity{Kind: choose(program.OpportunityKinds, kind, other), Stage: choose(program.Stages, stage, other), SourcedGrowth: growth}
		d := program.Date{Year: year, Month: time.Month(month), Day: day}
		switch activity % 3 {
		case 0:
			o.LastSalesActivity = program.OnDate(d)
		case 1, -1:
			o.LastSalesActivity = program.AtInstant(time.Unix(activity, 0))
		}
		if activity%2 == 0 {
			o.CloseDate = d
		}
		if cur := choose([]program.Currency{"USD", "EUR"}, currency, other); cur != "" || activity%5 == 0 {
			o.NetARR = program.Money{Amount: decimal.New(activity%1000, -2), Currency: cur}
		}
		var op program.Problems
		o.Check(&op, "/opportunity")
		if o.Valid() != (op.Len() == 0) {
			t.Fatalf("opportunity %+v: Valid %v, Check %v", o, o.Valid(), op.Err())
		}
	})
}

// IsOneOf finds a value by its bytes whatever their address: a listed
// constant, a copy built at run time, and not a part of a listed value
// that shares its first bytes.
func TestIsOneOf(t *testing.T) {
	for _, track := range program.Tracks {
		built := program.Track(strings.Clone(string(track)))
		if !program.IsOneOf(track, program.Tracks) || !program.IsOneOf(built, program.Tracks) {
			t.Errorf("%q, listed or built, is not one of %q", track, program.Tracks)
		}
		if part := track[:len(track)-1]; program.IsOneOf(part, program.Tracks) {
			t.Errorf("%q, the first bytes of %q, is one of %q", part, track, program.Tracks)
		}
	}
	for _, v := range []program.Track{"", "Open", "open ", "gold"} {
		if program.IsOneOf(v, program.Tracks) {
			t.Errorf("%q is one of %q", v, program.Tracks)
		}
	}
}
