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
		{"unknown track", func(r *dealreg.Registration) { r.Partner.Track = "gold" }, "", []string{"registration.partner.track"}},
		{"missing standing", func(r *dealreg.Registration) { r.Partner.Standing = "" }, "", []string{"registration.partner.standing"}},
		{"unknown scope", func(r *dealreg.Registration) { r.Scope = "everything" }, "", []string{"registration.scope"}},
		{"unknown program type", func(r *dealreg.Registration) { r.Program = "barter" }, "", []string{"registration.program"}},
		{"stage out of range", func(r *dealreg.Registration) { r.Opportunity.Stage = "9" }, "", []string{"registration.opportunity.stage"}},
		{"missing stage", func(r *dealreg.Registration) { r.Opportunity.Stage = "" }, "", []string{"registration.opportunity.stage"}},
		{"unknown kind", func(r *dealreg.Registration) { r.Opportunity.Kind = "upsell" }, "", []string{"registration.opportunity.kind"}},
		{"negative trained count", func(r *dealreg.Registration) { r.Partner.Employees.FoundationsTrained = -2 }, "", []string{"registration.partner.employees.foundations_trained"}},
		{"zero submission", func(r *dealreg.Registration) { r.SubmittedAt = at("0001-01-01T00:00:00Z") }, "", []string{"registration.submitted_at"}},
		{"submitted after now", func(r *dealreg.Registration) { r.SubmittedAt = at("2026-03-21T09:00:00Z") }, "", []string{"registration.submitted_at"}},
		{"zero now", func(*dealreg.Registration) {}, "0001-01-01T00:00:00Z", []string{"now"}},
		{"ESM before submission", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-01T09:00:00Z")}
		}, "", []string{"registration.esm.at"}},
		{"ESM decision unknown", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: "maybe", At: at("2026-03-03T09:00:00Z")}
		}, "", []string{"registration.esm.decision"}},
		{"ESM decision without instant", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved}
		}, "", []string{"registration.esm.at"}},
		{"ASM without ESM", func(r *dealreg.Registration) {
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
		}, "", []string{"registration.asm"}},
		{"ASM after an ESM denial", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-03T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
		}, "", []string{"registration.asm"}},
		{"ASM before the ESM approval", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-04T09:00:00Z")}
		}, "", []string{"registration.asm.at"}},
		{"ASM after now", func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
			r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-25T09:00:00Z")}
		}, "", []string{"registration.asm.at"}},
		{"ESM on a path without one", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.Stage4
			r.Opportunity.LastSalesActivity = program.NewDate(2025, 1, 1)
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-05T09:00:00Z")}
		}, "", []string{"registration.esm"}},
		{"sourced growth on an add-on", func(r *dealreg.Registration) {
			r.Opportunity.Kind = program.KindAddOn
			r.Opportunity.SourcedGrowth = true
		}, "", []string{"registration.opportunity.sourced_growth"}},
		{"closed won without close date", func(r *dealreg.Registration) { r.Opportunity.Stage = program.StageClosedWon }, "", []string{"registration.opportunity.close_date"}},
		{"closed won in the future", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.StageClosedWon
			r.Opportunity.CloseDate = program.NewDate(2026, 4, 1)
		}, "", []string{"registration.opportunity.close_date"}},
		{"last activity after now", func(r *dealreg.Registration) {
			r.Opportunity.Stage = program.Stage3
			r.Opportunity.LastSalesActivity = program.NewDate(2026, 4, 1)
		}, "", []string{"registration.opportunity.last_sales_activity"}},
		{"every problem at once", func(r *dealreg.Registration) {
			r.Partner.Track = "gold"
			r.Scope = ""
			r.Opportunity.Stage = "8"
			r.SubmittedAt = at("2026-03-30T00:00:00Z")
		}, "", []string{"registration.partner.track", "registration.scope", "registration.opportunity.stage", "registration.submitted_at"}},
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

func TestResolveRejectsBadInput(t *testing.T) {
	now := at("2026-03-20T09:00:00Z")
	a, b := registration(), registration()
	a.LocalSupport = ptr(true)
	b.ID, b.LocalSupport = "reg-1", nil
	b.Opportunity.ID = "opp-2"
	_, err := dealreg.Default().Resolve(dealreg.Competition{Registrations: []dealreg.Registration{a, b}}, now)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{
		"competition.registrations[1].id",
		"competition.registrations[1].local_support",
		"competition.registrations[1].opportunity.id",
	}, fieldPaths(err))

	_, err = dealreg.Default().Resolve(dealreg.Competition{}, now)
	assert.Equal(t, []string{"competition.registrations"}, fieldPaths(err))
}

func TestExpiryRejectsBadInput(t *testing.T) {
	_, err := dealreg.Default().Expiry(at("2026-03-20T09:00:00Z"), at("2026-03-19T09:00:00Z"))
	assert.Equal(t, []string{"approved_at"}, fieldPaths(err))
	_, err = dealreg.Default().Expiry(at("0001-01-01T00:00:00Z"), at("0001-01-01T00:00:00Z"))
	assert.Equal(t, []string{"approved_at", "now"}, fieldPaths(err))
}

func TestHandBuiltInvalidPolicyIsRefused(t *testing.T) {
	p := dealreg.Default()
	p.ExpiryDays = 0
	p.ASMClockStart = "lunch"
	now := at("2026-03-20T09:00:00Z")
	_, err := p.Route(registration(), now)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"policy.asm_clock_start", "policy.expiry_days"}, fieldPaths(err))
	_, err = p.Expiry(at("2026-03-01T00:00:00Z"), now)
	assert.Equal(t, []string{"policy.asm_clock_start", "policy.expiry_days"}, fieldPaths(err))
	_, err = p.Resolve(dealreg.Competition{}, now)
	assert.Equal(t, []string{"policy.asm_clock_start", "policy.expiry_days"}, fieldPaths(err))
}
