package dealreg_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestRouteRejectsBadInput(t *testing.T) {
	now := at("2026-03-20T09:00:00Z")
	tests := []struct {
		name   string
		change func(r *dealreg.Registration)
		now    string
		fields []string
	}{
		{"unknown track", func(r *dealreg.Registration) { r.Partner.Track = "gold" }, "", []string{"/partner/track"}},
		{"missing kind", func(r *dealreg.Registration) { r.Opportunity.Kind = "" }, "", []string{"/opportunity/kind"}},
		{"unknown scope", func(r *dealreg.Registration) { r.Scope = "everything" }, "", []string{"/scope"}},
		{"unknown program type", func(r *dealreg.Registration) { r.Program = "barter" }, "", []string{"/program"}},
		{"stage out of range", func(r *dealreg.Registration) { r.Opportunity.Stage = "9" }, "", []string{"/opportunity/stage"}},
		{"missing stage", func(r *dealreg.Registration) { r.Opportunity.Stage = "" }, "", []string{"/opportunity/stage"}},
		{"unknown kind", func(r *dealreg.Registration) { r.Opportunity.Kind = "upsell" }, "", []string{"/opportunity/kind"}},
		{"negative trained count", func(r *dealreg.Registration) { r.Partner.Employees.FoundationsTrained = -2 }, "", []string{"/partner/employees/foundations_trained"}},
		{"zero submission", func(r *dealreg.Registration) { r.SubmittedAt = at("0001-01-01T00:00:00Z") }, "", []string{"/submitted_at"}},
		{"submitted after now", func(r *dealreg.Registration) { r.SubmittedAt = at("2026-03-21T09:00:00Z") }, "", []string{"/submitted_at"}},
		{"zero now", func(*dealreg.Registration) {}, "0001-01-01T00:00:00Z", []string{"now"}},
		{"ESM before submission", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-01T09:00:00Z")}
		}, "", []string{"/esm/at"}},
		{"ESM decision unknown", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: "maybe", At: at("2026-03-03T09:00:00Z")}
		}, "", []string{"/esm/decision"}},
		{"ESM decision without instant", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved}
		}, "", []string{"/esm/at"}},
		{"ASM without ESM", func(r *dealreg.Registration) {
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
		}, "", []string{"/asm"}},
		{"ASM after an ESM denial", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-03T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
		}, "", []string{"/asm"}},
		{"ASM before the ESM approval", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-04T09:00:00Z")}
		}, "", []string{"/asm/at"}},
		{"ASM after now", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-25T09:00:00Z")}
		}, "", []string{"/asm/at"}},
		{"sourced growth on an add-on", func(r *dealreg.Registration) {
			r.Opportunity.Kind = program.KindAddOn
			r.Opportunity.SourcedGrowth = true
		}, "", []string{"/opportunity/sourced_growth"}},
		{"unmapped stage label", func(r *dealreg.Registration) { r.Opportunity.Stage = "3-Technical Evaluation" }, "", []string{"/opportunity/stage"}},
		{"closed won in the future", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.StageClosedWon
			r.Opportunity.CloseDate = program.NewDate(2026, 4, 1)
		}, "", []string{"/opportunity/close_date"}},
		{"last activity after now", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.Stage3
			r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2026, 4, 1))
		}, "", []string{"/opportunity/last_sales_activity"}},
		{"every problem at once", func(r *dealreg.Registration) {
			r.Partner.Track = "gold"
			r.Scope = ""
			r.Opportunity.Stage = "8"
			r.Opportunity.Kind = ""
			r.SubmittedAt = at("2026-03-30T00:00:00Z")
		}, "", []string{"/partner/track", "/scope", "/opportunity/stage", "/opportunity/kind", "/submitted_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := registration()
			tt.change(&r)
			n := now
			if tt.now != "" {
				n = at(tt.now)
			}
			d, err := dealreg.Default().Route(r, n)
			require.ErrorIs(t, err, program.ErrInvalidInput)
			assert.Equal(t, tt.fields, fieldPaths(err))
			assert.Zero(t, d.Outcome, "a bad input gets no decision")
		})
	}
}

// TestRouteDecidesCRMRecords: valid facts in combinations the rules do not
// expect are decided, with a reason, not refused (DESIGN.md 3.4).
func TestRouteDecidesCRMRecords(t *testing.T) {
	now := at("2026-03-20T09:00:00Z")
	esm := &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-03T09:00:00Z")}
	asm := &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-04T09:00:00Z")}
	tests := []struct {
		name    string
		change  func(r *dealreg.Registration)
		outcome dealreg.Outcome
		rules   []program.RuleID
	}{
		{"closed won without close date", func(r *dealreg.Registration) { r.Opportunity.Stage = program.StageClosedWon },
			dealreg.NeedsReview, []program.RuleID{dealreg.RuleLateStage}},
		{"partner without track or standing", func(r *dealreg.Registration) { r.Partner.Track, r.Partner.Standing = "", "" },
			dealreg.PendingESM, []program.RuleID{dealreg.RuleEarlyStage, dealreg.RuleEarlyStageESMPending}},
		{"ESM approval, now at stage 4", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.Stage4
			r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2025, 1, 1))
			r.ESM = esm
		}, dealreg.NeedsReview, []program.RuleID{dealreg.RuleMovedOn}},
		{"ESM and ASM decisions, now at stage 7", func(r *dealreg.Registration) { r.Opportunity.Stage, r.ESM, r.ASM = program.Stage7, esm, asm },
			dealreg.NeedsReview, []program.RuleID{dealreg.RuleMovedOn}},
		{"ESM approval, now closed lost", func(r *dealreg.Registration) { r.Opportunity.Stage, r.ESM = program.StageClosedLost, esm },
			dealreg.NeedsReview, []program.RuleID{dealreg.RuleMovedOn}},
		{"ESM approval, no opportunity any more", func(r *dealreg.Registration) { r.Opportunity.Stage, r.ESM = program.StageNone, esm },
			dealreg.NeedsReview, []program.RuleID{dealreg.RuleMovedOn}},
		{"sourced-growth renewal with reviews, now closed won", func(r *dealreg.Registration) {
			r.Opportunity.Kind, r.Opportunity.SourcedGrowth, r.Opportunity.Stage = program.KindRenewal, true, program.StageClosedWon
			r.ESM = esm
		}, dealreg.NeedsReview, []program.RuleID{dealreg.RuleMovedOn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := registration()
			tt.change(&r)
			d, err := dealreg.Default().Route(r, now)
			require.NoError(t, err)
			assert.Equal(t, tt.outcome, d.Outcome)
			assert.Equal(t, tt.rules, d.Reasons.IDs())
		})
	}
}

func TestMovedOnReasonNamesTheStageAndTheReviews(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = program.StageClosedLost
	r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-03T09:00:00Z")}
	r.ASM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-04T09:00:00Z")}
	d, err := dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	require.NoError(t, err)
	require.Equal(t, 1, d.Reasons.Len())
	assert.Equal(t, "the ESM approved at 2026-03-03T09:00:00Z and the ASM denied at 2026-03-04T09:00:00Z, but the opportunity is now at stage closed_lost, "+
		"past the stages the rules of engagement cover: the reviews were made at an earlier stage, so a person decides", d.Reasons.At(0).Text())
	assert.Equal(t, program.ActorEcosystemOps, d.Next.Actor)
}

func TestResolveRejectsBadInput(t *testing.T) {
	now := at("2026-03-20T09:00:00Z")
	a, b := registration(), registration()
	a.LocalSupport = ptr(true)
	b.ID, b.LocalSupport = "reg-1", nil
	b.Opportunity.ID = "opp-2"
	_, err := dealreg.Default().Resolve(dealreg.Competition{Registrations: []dealreg.Registration{a, b}}, now)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{
		"/registrations/1/id",
		"/registrations/1/local_support",
		"/registrations/1/opportunity/id",
	}, fieldPaths(err))

	_, err = dealreg.Default().Resolve(dealreg.Competition{}, now)
	assert.Equal(t, []string{"/registrations"}, fieldPaths(err))
}

func TestExpiryRejectsBadInput(t *testing.T) {
	_, err := dealreg.Default().Expiry(at("2026-03-20T09:00:00Z"), at("2026-03-19T09:00:00Z"))
	assert.Equal(t, []string{"/approved_at"}, fieldPaths(err))
	_, err = dealreg.Default().Expiry(at("0001-01-01T00:00:00Z"), at("0001-01-01T00:00:00Z"))
	assert.Equal(t, []string{"/approved_at", "now"}, fieldPaths(err))
}

func TestHandBuiltInvalidPolicyIsRefused(t *testing.T) {
	p := dealreg.Default()
	p.ExpiryDays = 0
	p.ASMClockStart = "lunch"
	now := at("2026-03-20T09:00:00Z")
	_, err := p.Route(registration(), now)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/asm_clock_start", "/expiry_days"}, fieldPaths(err))
	_, err = p.Expiry(at("2026-03-01T00:00:00Z"), now)
	assert.Equal(t, []string{"/asm_clock_start", "/expiry_days"}, fieldPaths(err))
	_, err = p.Resolve(dealreg.Competition{}, now)
	assert.Equal(t, []string{"/asm_clock_start", "/expiry_days"}, fieldPaths(err))
}

// TestResolveComparesOnlyGivenOpportunityIDs: the opportunity ID is
// optional; given IDs must agree, and a registration without one (its
// opportunity may not be in the CRM yet) competes as sent.
func TestResolveComparesOnlyGivenOpportunityIDs(t *testing.T) {
	now := at("2026-03-20T09:00:00Z")
	a, b, c := registration(), registration(), registration()
	a.ID, a.Opportunity.ID, a.LocalSupport = "reg-a", "", ptr(true)
	b.ID, b.Opportunity.ID, b.LocalSupport = "reg-b", "opp-1", ptr(true)
	c.ID, c.Opportunity.ID, c.LocalSupport = "reg-c", "opp-2", ptr(true)
	_, err := dealreg.Default().Resolve(dealreg.Competition{Registrations: []dealreg.Registration{a, b}}, now)
	require.NoError(t, err)
	_, err = dealreg.Default().Resolve(dealreg.Competition{Registrations: []dealreg.Registration{a, b, c}}, now)
	assert.Equal(t, []string{"/registrations/2/opportunity/id"}, fieldPaths(err))
}
