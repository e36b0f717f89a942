package dealreg_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestPolicyRoundTripsThroughJSON(t *testing.T) {
	def := dealreg.Default()
	require.NoError(t, def.Validate())
	b, err := json.Marshal(def)
	require.NoError(t, err)
	back, err := dealreg.ParsePolicy(dealreg.Policy{}, b)
	require.NoError(t, err)
	if diff := cmp.Diff(def, back, cmp.Comparer(program.TimeZone.Equal), cmpopts.IgnoreUnexported(dealreg.Policy{})); diff != "" {
		t.Errorf("policy changed in a JSON round trip (-before +after):\n%s", diff)
	}
}

func TestPolicyHoldsTheHandbookNumbers(t *testing.T) {
	p := dealreg.Default()
	assert.Equal(t, 10, p.ASMTimeoutDays)
	assert.Equal(t, 10, p.SourcedGrowthTimeoutDays)
	assert.Equal(t, 180, p.AgingDays)
	assert.Equal(t, 90, p.ExpiryDays)
	assert.Equal(t, 1, p.MinTrainedEmployees)
	assert.Equal(t, dealreg.ClockFromESMApproval, p.ASMClockStart)
	assert.Equal(t, dealreg.MissingActivityReview, p.MissingActivity)
	assert.Equal(t, dealreg.ActivityDateCalendarDays, p.ActivityDate)
	assert.Empty(t, p.StageLabels, "the handbook names no CRM labels")
	assert.Equal(t, "UTC", p.TimeZone.String())
}

func TestParsePolicyChangesOnlyNamedFields(t *testing.T) {
	p, err := dealreg.ParsePolicy(dealreg.Default(), []byte(`{"expiry_days": 60, "version": "expiry-60"}`))
	require.NoError(t, err)
	assert.Equal(t, 60, p.ExpiryDays)
	assert.Equal(t, "expiry-60", p.Version)
	assert.Equal(t, 180, p.AgingDays)
}

func TestParsePolicyIsStrict(t *testing.T) {
	tests := map[string][]string{
		`{"expiry_dayz": 60}`:                                     {"/expiry_dayz"},
		`{"asm_clock_start": "lunch"}`:                            {"/asm_clock_start"},
		`{"time_zone": "Mars/Olympus"}`:                           {"/time_zone"},
		`{"expiry_days": 0, "aging_days": -3}`:                    {"/aging_days", "/expiry_days"},
		`{"qualifying_kinds": ["new_customer", "bargain"]}`:       {"/qualifying_kinds/1"},
		`{"version": "", "min_trained_employees": -1}`:            {"/version", "/min_trained_employees"},
		`{"missing_activity": "treat_as_aged", "expiry_days": 1}`: nil,
		`{"activity_date": "noon"}`:                               {"/activity_date"},
		`{"activity_date": "start_of_day"}`:                       nil,
		`{"stage_labels": {"3-Technical Evaluation": "3"}}`:       nil,
		`{"stage_labels": {"Closed Won": "won"}}`:                 {"/stage_labels/Closed Won"},
		`{"stage_labels": {"Won/Lost": "won"}}`:                   {"/stage_labels/Won~1Lost"},
		`{"stage_labels": {"": "3", "3": "4", " ": "1"}}`:         {"/stage_labels/", "/stage_labels/ ", "/stage_labels/3"},
	}
	for in, want := range tests {
		_, err := dealreg.ParsePolicy(dealreg.Default(), []byte(in))
		if want == nil {
			assert.NoError(t, err, in)
			continue
		}
		require.ErrorIs(t, err, program.ErrInvalidInput, in)
		assert.Equal(t, want, fieldPaths(err), in)
	}
	_, err := dealreg.ParsePolicy(dealreg.Policy{}, []byte(`{}`))
	assert.Error(t, err, "a zero policy is not usable")
}

func TestRulesAreUniqueAndCited(t *testing.T) {
	seen := map[program.RuleID]bool{}
	for _, r := range dealreg.Rules() {
		assert.False(t, seen[r.ID], "duplicate rule %s", r.ID)
		seen[r.ID] = true
		assert.Contains(t, dealreg.Sections, r.Section, r.ID)
		assert.NotEmpty(t, r.Summary, r.ID)
	}
}

func TestRoutingRulesFollowThePolicy(t *testing.T) {
	outcomeOf := func(p dealreg.Policy, id program.RuleID) dealreg.Outcome {
		for _, r := range p.RoutingRules() {
			if r.ID == id {
				return r.Outcome
			}
		}
		t.Fatalf("no routing rule %s", id)
		return ""
	}
	p := dealreg.Default()
	assert.Equal(t, dealreg.NeedsReview, outcomeOf(p, dealreg.RuleMidStageNoActivity))
	p.MissingActivity = dealreg.MissingActivityAged
	assert.Equal(t, dealreg.Approved, outcomeOf(p, dealreg.RuleMidStageNoActivity))
	assert.Equal(t, dealreg.Outcome(""), outcomeOf(p, dealreg.RuleEarlyStage), "a path rule leaves the outcome to its leaves")
	for _, r := range p.RoutingRules() {
		if r.Parent != "" {
			assert.NotEmpty(t, r.Outcome, "leaf %s", r.ID)
		}
	}
}

func TestHoldsNeedsAnActiveApproval(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = program.StageNone // approved at submission, 2026-03-02T09:00Z
	d, err := dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	require.NoError(t, err)
	assert.True(t, d.Holds())
	d, err = dealreg.Default().Route(r, at("2026-05-31T09:00:00Z")) // 90 days later
	require.NoError(t, err)
	assert.Equal(t, dealreg.Approved, d.Outcome)
	assert.False(t, d.Holds(), "an expired approval no longer holds the registration")
	r.Opportunity.Stage = program.Stage2
	d, _ = dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	assert.False(t, d.Holds(), "a pending registration holds nothing yet")
}

func TestPolicyWithStageLabelsRoundTripsThroughJSON(t *testing.T) {
	p := dealreg.Default()
	p.StageLabels = map[string]program.Stage{"3-Technical Evaluation": program.Stage3, "Closed Won": program.StageClosedWon}
	p.ActivityDate = dealreg.ActivityDateStartOfDay
	b, err := json.Marshal(p)
	require.NoError(t, err)
	back, err := dealreg.ParsePolicy(dealreg.Policy{}, b)
	require.NoError(t, err)
	if diff := cmp.Diff(p, back, cmp.Comparer(program.TimeZone.Equal), cmpopts.IgnoreUnexported(dealreg.Policy{})); diff != "" {
		t.Errorf("policy changed in a JSON round trip (-before +after):\n%s", diff)
	}
}

func TestParsePolicyLaysLabelsOverTheBase(t *testing.T) {
	base := dealreg.Default()
	base.StageLabels = map[string]program.Stage{"Closed Won": program.StageClosedWon, "7-Closing": program.Stage7}
	p, err := dealreg.ParsePolicy(base, []byte(`{"stage_labels": {"7-Closing": "6", "3-Technical Evaluation": "3"}}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]program.Stage{"Closed Won": program.StageClosedWon, "7-Closing": program.Stage6, "3-Technical Evaluation": program.Stage3}, p.StageLabels)
	assert.Equal(t, map[string]program.Stage{"Closed Won": program.StageClosedWon, "7-Closing": program.Stage7}, base.StageLabels, "the base is not changed")
}

func TestHandBuiltPolicyWithBadLabelsIsRefused(t *testing.T) {
	p := dealreg.Default()
	p.StageLabels = map[string]program.Stage{"Closed Won": "won", "": program.Stage1}
	_, err := p.Route(registration(), at("2026-03-20T09:00:00Z"))
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/stage_labels/", "/stage_labels/Closed Won"}, fieldPaths(err))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	p := dealreg.Default()
	p.StageLabels = map[string]program.Stage{"Won": program.StageClosedWon}
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	casetest.PolicyNoticesChanges(t, p, dealreg.Fresh)

	// And the change is what decides: a 30-day expiry set on a compiled
	// policy applies at once.
	q := dealreg.Default()
	q.ExpiryDays = 30
	approved := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d, err := q.Expiry(approved, approved.AddDate(0, 0, 45))
	if err != nil || d.Outcome != dealreg.Expired {
		t.Fatalf("a 30-day expiry after 45 days: %v %v", d.Outcome, err)
	}
	q.ExpiryDays = 0
	if _, err := q.Expiry(approved, approved); err == nil {
		t.Fatal("a policy changed to an invalid one decided")
	}
}
