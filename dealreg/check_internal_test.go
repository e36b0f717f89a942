package dealreg

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestCheckingAGoodRegistrationDoesNotAllocate keeps check's promise: the
// JSON Pointers of problems are built only when there is a problem, whether
// the registration is the whole document or an element of /registrations.
func TestCheckingAGoodRegistrationDoesNotAllocate(t *testing.T) {
	p := Default()
	sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	yes := true
	r := Registration{
		ID: "reg-1",
		Partner: program.Partner{
			AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: 2},
		},
		Scope:        ScopeSingleOpportunity,
		Program:      ProgramResale,
		Opportunity:  program.Opportunity{ID: "opp-1", Kind: program.KindNewOpportunity, Stage: program.Stage2},
		SubmittedAt:  sub,
		ESM:          &Review{Decision: VerdictApproved, At: sub.Add(24 * time.Hour)},
		ASM:          &Review{Decision: VerdictApproved, At: sub.Add(48 * time.Hour)},
		LocalSupport: &yes,
	}
	now := sub.Add(72 * time.Hour)
	for _, where := range []place{whole, {3}} {
		var pr program.Problems
		allocs := testing.AllocsPerRun(100, func() { p.check(&pr, p.ready, where, &r, now) })
		if allocs != 0 || pr.Len() != 0 {
			t.Errorf("checking a good registration at %+v: %v allocations, %d problems", where, allocs, pr.Len())
		}
	}
	// A stage given as a CRM label is looked up, not copied.
	p.StageLabels = map[string]program.Stage{"2-Scoping": program.Stage2}
	p, _ = p.Compile()
	r.Opportunity.Stage = "2-Scoping"
	var pr program.Problems
	if allocs := testing.AllocsPerRun(100, func() { p.check(&pr, p.ready, whole, &r, now) }); allocs != 0 || pr.Len() != 0 {
		t.Errorf("checking a good registration with a stage label: %v allocations, %d problems", allocs, pr.Len())
	}
}

func TestPlacePointers(t *testing.T) {
	for _, tt := range []struct {
		where place
		names []string
		want  string
	}{
		{whole, []string{"opportunity", "stage"}, "/opportunity/stage"},
		{whole, []string{"partner", "employees", "foundations_trained"}, "/partner/employees/foundations_trained"},
		{place{1}, []string{"opportunity", "id"}, "/registrations/1/opportunity/id"},
		{place{0}, []string{"esm", "at"}, "/registrations/0/esm/at"},
	} {
		if got := tt.where.ptr(tt.names...); got != tt.want {
			t.Errorf("%+v.ptr(%q) = %q, want %q", tt.where, tt.names, got, tt.want)
		}
	}
}
