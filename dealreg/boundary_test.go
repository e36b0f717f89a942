package dealreg_test

import (
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// A policy's day counts run from 1 to ten years (3650 days) and its
// training minimum from 0 to program.MaxCount, both ends included.
func TestPolicyLimitsAreInclusive(t *testing.T) {
	days := map[string]func(*dealreg.Policy) *int{
		"/asm_timeout_days":            func(p *dealreg.Policy) *int { return &p.ASMTimeoutDays },
		"/sourced_growth_timeout_days": func(p *dealreg.Policy) *int { return &p.SourcedGrowthTimeoutDays },
		"/aging_days":                  func(p *dealreg.Policy) *int { return &p.AgingDays },
		"/expiry_days":                 func(p *dealreg.Policy) *int { return &p.ExpiryDays },
	}
	limits := map[string][4]int{"/min_trained_employees": {0, program.MaxCount, -1, program.MaxCount + 1}}
	field := func(p *dealreg.Policy, name string) *int {
		if f, ok := days[name]; ok {
			return f(p)
		}
		return &p.MinTrainedEmployees
	}
	for name := range days {
		limits[name] = [4]int{1, 3650, 0, 3651}
	}
	for name, l := range limits {
		for i, n := range l {
			p := dealreg.Default()
			*field(&p, name) = n
			got := fieldPaths(p.Validate())
			want := []string{name}
			if i < 2 {
				want = nil
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %d: errors at %v, want %v", name, n, got, want)
			}
		}
	}
}

// A lost opportunity, like a won one, cannot have closed after now.
func TestClosedLostAfterNowIsAnInputError(t *testing.T) {
	r := registration()
	r.Opportunity.Stage, r.Opportunity.CloseDate = program.StageClosedLost, program.NewDate(2026, 3, 6)
	_, err := dealreg.Default().Route(r, at("2026-03-05T00:00:00Z"))
	if got := fieldPaths(err); !slices.Equal(got, []string{"/opportunity/close_date"}) {
		t.Errorf("errors at %v, want /opportunity/close_date", got)
	}
	r.Opportunity.CloseDate = program.NewDate(2026, 3, 5)
	if _, err := dealreg.Default().Route(r, at("2026-03-05T00:00:00Z")); err != nil {
		t.Errorf("closed the day of now: %v", err)
	}
}
