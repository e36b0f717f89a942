package channelpolicy_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func pointers(err error) []string {
	return program.Locations(err)
}

func policyOf(t *testing.T, set channelpolicy.PolicySet, pkg string) map[string]any {
	t.Helper()
	out, err := set.JSON(pkg)
	require.NoError(t, err)
	var doc map[string]map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	return doc[pkg]
}

func TestRegistryListsEveryOperationOnce(t *testing.T) {
	reg := channelpolicy.Default()
	var names []string
	for _, op := range reg.Operations() {
		names = append(names, op.Name())
		got, ok := reg.Lookup(op.Name())
		require.True(t, ok)
		assert.Equal(t, op.Name(), got.Name())
		assert.Equal(t, op.Package()+"."+op.Short(), op.Name())
		assert.NotEmpty(t, op.Summary())
		p, ok := reg.Package(op.Package())
		require.True(t, ok, "operation %s belongs to a declared package", op.Name())
		assert.Equal(t, p.PolicyType(), reflectPolicyType(reg, op.Package()))
	}
	assert.Equal(t, []string{
		"dealreg.route", "dealreg.expiry", "dealreg.resolve",
		"serviceattach.classify", "serviceattach.portfolio",
		"nfr.decide", "nfr.allowance",
		"distribution.territory", "distribution.path", "distribution.quote", "distribution.order",
		"incumbency.incumbent", "incumbency.renewal_discount", "incumbency.tender",
		"locator.route", "locator.profile",
		"marketing.prioritize_mdf", "marketing.audit_landing_page",
	}, names)
	_, ok := reg.Lookup("dealreg.nope")
	assert.False(t, ok)
}

func reflectPolicyType(reg *channelpolicy.Registry, pkg string) any {
	p, _ := reg.Package(pkg)
	return p.PolicyType()
}

func TestDeclareRefusesAMismatchedOperation(t *testing.T) {
	route := channelpolicy.At("dealreg.route", "route", dealreg.Policy.Route)
	assert.Panics(t, func() {
		channelpolicy.Declare("nfr", "", nil, nil, channelpolicy.Policy[dealreg.Policy]{Default: dealreg.Default, Parse: dealreg.ParsePolicy}, route)
	}, "an operation of another package")
	assert.Panics(t, func() {
		channelpolicy.At("route", "no package", dealreg.Policy.Route)
	})
	assert.Panics(t, func() {
		channelpolicy.NewRegistry(channelpolicy.DealReg(), channelpolicy.DealReg())
	}, "a package declared twice")
}

func TestEvaluate(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	res, err := channelpolicy.Evaluate("dealreg.expiry", []byte(`{"approved_at": "2026-01-01T00:00:00Z"}`), now)
	require.NoError(t, err)
	assert.Equal(t, "active", res.Outcome)
	assert.Equal(t, []program.RuleID{dealreg.RuleExpiryActive}, res.Rules)
	assert.IsType(t, dealreg.ExpiryDecision{}, res.Decision)

	_, err = channelpolicy.Evaluate("dealreg.expiry", []byte(`{"approved_at": "2026-01-01T00:00:00Z"}`), time.Time{})
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"now"}, pointers(err), "a missing instant is the now parameter's problem")

	_, err = channelpolicy.Evaluate("dealreg.nope", []byte(`{}`), now)
	assert.ErrorIs(t, err, channelpolicy.ErrUnknownOperation)
	assert.False(t, errors.Is(err, program.ErrInvalidInput))

	_, err = channelpolicy.Evaluate("dealreg.expiry", []byte(`{"approved_at": "soon", "extra": 1}`), now)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/approved_at", "/extra"}, pointers(err), "every problem, located from the document's root")
}

func TestPolicySetLoad(t *testing.T) {
	base := channelpolicy.Default().Policies()
	set, err := base.Load([]byte(`{"dealreg": {"expiry_days": 60}}`))
	require.NoError(t, err)
	assert.Equal(t, float64(60), policyOf(t, set, "dealreg")["expiry_days"])
	assert.Equal(t, float64(180), policyOf(t, set, "dealreg")["aging_days"], "members the document does not name keep their values")
	assert.Equal(t, float64(90), policyOf(t, base, "dealreg")["expiry_days"], "Load returns a new set and leaves the old one")

	again, err := set.Load([]byte(`{"dealreg": {"aging_days": 90}}`))
	require.NoError(t, err)
	assert.Equal(t, float64(60), policyOf(t, again, "dealreg")["expiry_days"], "a second load builds on the first")
	assert.Equal(t, float64(90), policyOf(t, again, "dealreg")["aging_days"])

	all, err := base.JSON()
	require.NoError(t, err)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(all, &doc))
	for _, p := range channelpolicy.Default().Packages() {
		assert.Contains(t, doc, p.Name())
	}
	_, err = base.JSON("billing")
	assert.ErrorIs(t, err, program.ErrInvalidInput)
}

func TestPolicySetLoadIsAllOrNothingAndLocatesEveryProblem(t *testing.T) {
	base := channelpolicy.Default().Policies()
	set, err := base.Load([]byte(`{"dealreg": {"expiry_days": 60}, "nfr": {"version": ""}, "gamma": {}, "alpha": {}, "dealreg2": 1}`))
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/nfr/version", "/alpha", "/dealreg2", "/gamma"}, pointers(err), "packages in registration order, then unknown names sorted")
	assert.Equal(t, float64(90), policyOf(t, set, "dealreg")["expiry_days"], "a failed load changes nothing")

	_, err = base.Load([]byte(`{"dealreg": {"expiry_days": 0, "aging_days": "x"}}`))
	assert.Equal(t, []string{"/dealreg/aging_days"}, pointers(err), "decode problems first; validation runs on a decoded policy")
	_, err = base.Load([]byte(`[]`))
	assert.Equal(t, []string{""}, pointers(err))
}

func TestPolicySetWith(t *testing.T) {
	base := channelpolicy.Default().Policies()
	set, err := base.With("dealreg", []byte(`{"expiry_days": 30}`))
	require.NoError(t, err)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	in := []byte(`{"approved_at": "2026-01-01T00:00:00Z"}`)
	res, err := set.Evaluate("dealreg.expiry", in, now)
	require.NoError(t, err)
	assert.Equal(t, "expired", res.Outcome)
	res, err = base.Evaluate("dealreg.expiry", in, now)
	require.NoError(t, err)
	assert.Equal(t, "active", res.Outcome, "With leaves the base set as it was")

	_, err = base.With("dealreg", []byte(`{"expiry_days": -1}`))
	assert.Equal(t, []string{"/expiry_days"}, pointers(err))
	_, err = base.With("billing", []byte(`{}`))
	assert.Error(t, err)
}

func TestProblemOfAnEvaluation(t *testing.T) {
	_, err := channelpolicy.Evaluate("dealreg.expiry", []byte(`{"approved_at": 1}`), time.Now())
	p := channelpolicy.EvaluationProblem("dealreg.expiry", err, "/v1/dealreg/expiry")
	assert.Equal(t, 400, p.Status)
	assert.Equal(t, channelpolicy.ProblemBase+"invalid-input", p.Type)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "/approved_at", p.Errors[0].Pointer)

	p = channelpolicy.EvaluationProblem("x.y", errors.New("disk on fire"), "")
	assert.Equal(t, 500, p.Status)
	assert.NotContains(t, p.Detail, "disk", "an internal failure is not described to the caller")
}
