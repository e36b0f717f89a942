package dealreg_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// crmPolicy maps a CRM's stage picklist labels onto stages.
func crmPolicy() dealreg.Policy {
	p := dealreg.Default()
	p.StageLabels = map[string]program.Stage{
		"1-Discovery":            program.Stage1,
		"3-Technical Evaluation": program.Stage3,
		"Closed Won":             program.StageClosedWon,
		"8-Closed Lost":          program.StageClosedLost,
	}
	return p
}

// TestStageLabelsRouteACRMRecord: a registration carrying the CRM's label
// is routed as the stage the label maps to, and the reason names both.
func TestStageLabelsRouteACRMRecord(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = "3-Technical Evaluation"
	r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2025, 6, 1))
	d, err := crmPolicy().Route(r, at("2026-03-20T09:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, dealreg.Approved, d.Outcome)
	assert.Equal(t, []program.RuleID{dealreg.RuleMidStage, dealreg.RuleMidStageAged, dealreg.RuleExpiryActive}, d.Reasons.IDs())
	assert.Contains(t, d.Reasons.At(0).Text(), `stage 3 (CRM label "3-Technical Evaluation")`)

	for label, want := range map[program.Stage]dealreg.Outcome{"1-Discovery": dealreg.PendingESM, "Closed Won": dealreg.NeedsReview, "8-Closed Lost": dealreg.NeedsReview, program.Stage1: dealreg.PendingESM} {
		r := registration()
		r.Opportunity.Stage = label
		d, err := crmPolicy().Route(r, at("2026-03-20T09:00:00Z"))
		require.NoError(t, err, label)
		assert.Equal(t, want, d.Outcome, label)
	}
}

func TestUnmappedStageLabelNamesTheKnownLabels(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = "3-Tech Eval"
	_, err := crmPolicy().Route(r, at("2026-03-20T09:00:00Z"))
	require.ErrorIs(t, err, program.ErrInvalidInput)
	fes := program.FieldErrors(err)
	require.Len(t, fes, 1)
	assert.Equal(t, "/opportunity/stage", fes[0].Pointer)
	assert.Equal(t, `"3-Tech Eval" is not a stage (none, 0-7, closed_won, closed_lost) nor a CRM stage label the policy maps ("1-Discovery", "3-Technical Evaluation", "8-Closed Lost", "Closed Won")`, fes[0].Detail)

	_, err = dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	assert.Equal(t, []string{"/opportunity/stage"}, fieldPaths(err))
}

// TestLabelsDoNotChangeTheCallersRegistrations: Resolve reads each label
// without writing the mapped stage into the caller's slice.
func TestLabelsDoNotChangeTheCallersRegistrations(t *testing.T) {
	a, b := registration(), registration()
	a.ID, a.Opportunity.Stage, a.LocalSupport = "reg-a", "1-Discovery", ptr(true)
	b.ID, b.SubmittedAt, b.LocalSupport = "reg-b", at("2026-03-03T09:00:00Z"), ptr(true)
	c := dealreg.Competition{Registrations: []dealreg.Registration{a, b}}
	res, err := crmPolicy().Resolve(c, at("2026-03-05T09:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "reg-a", res.Winner)
	assert.Equal(t, program.Stage("1-Discovery"), c.Registrations[0].Opportunity.Stage)
}
