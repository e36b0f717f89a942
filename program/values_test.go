package program_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// enum is what every string enum of the module offers.
type enum interface {
	~string
	Valid() bool
	EnumValues() []string
}

// checkEnum holds an enum to its contract: its listed values are valid,
// decode from JSON and are what EnumValues says; anything else, the empty
// string and a value one letter off included, is invalid and refused with
// a problem at the value.
func checkEnum[T enum](t *testing.T, values []T) {
	t.Helper()
	var zero T
	require.Len(t, zero.EnumValues(), len(values))
	for i, v := range values {
		assert.True(t, v.Valid(), "%q", v)
		assert.Equal(t, string(v), zero.EnumValues()[i])
		var got struct {
			V T `json:"v"`
		}
		require.NoError(t, program.DecodeJSON([]byte(`{"v": "`+string(v)+`"}`), &got))
		assert.Equal(t, v, got.V)
		upper := T(string(v[:1]) + "X" + string(v[1:]))
		assert.False(t, upper.Valid(), "%q", upper)
	}
	assert.False(t, zero.Valid())
	var got struct {
		V T `json:"v"`
	}
	err := program.DecodeJSON([]byte(`{"v": "nothing-of-the-kind"}`), &got)
	assert.Equal(t, []string{"/v"}, program.Locations(err))
}

func TestEnums(t *testing.T) {
	t.Run("actor", func(t *testing.T) { checkEnum(t, program.Actors) })
	t.Run("track", func(t *testing.T) { checkEnum(t, program.Tracks) })
	t.Run("standing", func(t *testing.T) { checkEnum(t, program.Standings) })
	t.Run("competency", func(t *testing.T) { checkEnum(t, program.Competencies) })
	t.Run("marketplace", func(t *testing.T) { checkEnum(t, program.Marketplaces) })
	t.Run("kind", func(t *testing.T) { checkEnum(t, program.OpportunityKinds) })
	t.Run("service", func(t *testing.T) { checkEnum(t, program.ServiceKinds) })
	t.Run("weekday", func(t *testing.T) { checkEnum(t, program.Weekdays) })
}

func TestCheckEnum(t *testing.T) {
	var p program.Problems
	program.CheckEnum(&p, "/track", program.TrackOpen, "track", program.Tracks)
	assert.Zero(t, p.Len())
	program.CheckEnum(&p, "/track", program.Track(""), "track", program.Tracks)
	program.CheckEnum(&p, "/a/track", program.Track("gold"), "track", program.Tracks)
	err := p.Err()
	assert.Equal(t, []string{"/track", "/a/track"}, program.Locations(err))
	assert.ErrorContains(t, err, "/track: required: one of select, open")
	assert.ErrorContains(t, err, `/a/track: "gold" is not a track (select, open)`)
}

// The services about GitLab are every kind but non-GitLab work, the
// handbook's qualifying ones first; the list is the caller's to change.
func TestGitLabServices(t *testing.T) {
	got := program.GitLabServices()
	assert.Len(t, got, len(program.ServiceKinds)-1)
	assert.NotContains(t, got, program.ServiceNonGitLab)
	assert.Contains(t, got, program.ServiceEducationTraining)
	assert.Equal(t, program.ServiceKinds[:program.QualifyingServices], got[:program.QualifyingServices])
	got[0] = program.ServiceNonGitLab
	assert.Equal(t, program.ServiceImplementation, program.GitLabServices()[0])
}

func TestRuleIDsAndActions(t *testing.T) {
	reasons := program.ReasonsOf(
		program.NewReason("a.one", "S", program.Met, "one"),
		program.NewReason("a.two", "S", program.Unmet, "two"),
	)
	assert.Equal(t, []program.RuleID{"a.one", "a.two"}, reasons.IDs())
	assert.Empty(t, program.Reasons{}.IDs())
	assert.True(t, program.Action{}.IsZero())
	assert.False(t, program.Action{Actor: program.ActorASM}.IsZero())
	assert.False(t, program.Action{What: "approve"}.IsZero())
	assert.False(t, program.Action{Due: time.Unix(0, 0)}.IsZero())
}

func TestMoneyValues(t *testing.T) {
	m, err := program.NewMoney("12.5", "USD")
	require.NoError(t, err)
	assert.Equal(t, "12.50 USD", m.String())
	_, err = program.NewMoney("twelve", "USD")
	assert.ErrorContains(t, err, `amount "twelve" is not a decimal number`)
	assert.Panics(t, func() { program.MustMoney("x", "USD") })
	assert.Equal(t, "1000 JPY", program.MustMoney("1000", "JPY").String(), "yen have no minor unit")
	assert.Equal(t, "0.125 EUR", program.MustMoney("0.125", "EUR").String(), "digits below the minor unit are kept")

	var p program.Problems
	program.MustMoney("1", "USD").Check(&p, "/price")
	assert.Zero(t, p.Len())
	program.Money{Amount: decimal.NewFromInt(1)}.Check(&p, "/price")
	program.MustMoney("1", "usd").Check(&p, "/bids/0/price")
	assert.Equal(t, []string{"/price/currency", "/bids/0/price/currency"}, program.Locations(p.Err()))
	assert.ErrorContains(t, p.Err(), `"usd" is not an ISO 4217 currency code`)
}

func TestPartnerValues(t *testing.T) {
	p := program.Partner{
		Track: program.TrackSelect, Standing: program.StandingGood, Country: "DE",
		Competencies: []program.Competency{program.CompetencyAWSDevOps},
		Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO},
		Employees:    program.Employees{FoundationsTrained: program.MaxCount},
	}
	assert.True(t, p.Valid())
	assert.True(t, p.Has(program.CompetencyAWSDevOps))
	assert.False(t, p.Has(program.CompetencyGoogleCloud))
	assert.True(t, p.EnrolledIn(program.MarketplaceAWSCPPO))
	assert.False(t, p.EnrolledIn(program.MarketplaceGoogleMCPO))
	assert.Equal(t, language.MustParseRegion("DE"), program.Country("DE").Region())

	bad := program.Partner{
		Track: "gold", Standing: "great", Country: "de",
		Competencies: []program.Competency{program.CompetencyAWSDevOps, "azure"},
		Marketplaces: []program.Marketplace{"ebay"},
		Employees:    program.Employees{FoundationsTrained: -1, SolutionArchitects: program.MaxCount + 1, ProfessionalServicesEngineers: 3},
	}
	assert.False(t, bad.Valid())
	var pr program.Problems
	bad.Check(&pr, "/partner")
	assert.Equal(t, []string{
		"/partner/track", "/partner/standing",
		"/partner/employees/foundations_trained", "/partner/employees/certified_solution_architects",
		"/partner/competencies/1", "/partner/marketplaces/0", "/partner/country",
	}, program.Locations(pr.Err()))
	assert.ErrorContains(t, pr.Err(), "-1 is negative")
	assert.ErrorContains(t, pr.Err(), "1000001 is more than 1000000")
}

func TestOpportunityValues(t *testing.T) {
	ok := program.Opportunity{Kind: program.KindRenewal, Stage: program.Stage3, SourcedGrowth: true, CloseDate: program.NewDate(2026, 2, 28), NetARR: program.MustMoney("10", "USD")}
	assert.True(t, ok.Valid())
	bad := program.Opportunity{
		Kind: "upsell", Stage: "9", SourcedGrowth: true,
		CloseDate: program.NewDate(2026, 2, 30), NetARR: program.MustMoney("10", "dollars"),
		LastSalesActivity: program.OnDate(program.NewDate(2026, 13, 1)),
	}
	assert.False(t, bad.Valid())
	var p program.Problems
	bad.Check(&p, "/opportunity")
	assert.Equal(t, []string{
		"/opportunity/kind", "/opportunity/stage", "/opportunity/sourced_growth",
		"/opportunity/last_sales_activity", "/opportunity/close_date", "/opportunity/net_arr/currency",
	}, program.Locations(p.Err()))
	assert.ErrorContains(t, p.Err(), "only a renewal carries sourced growth; kind is upsell")
	assert.ErrorContains(t, p.Err(), "2026-02-30 is not a calendar date")

	var none program.Problems
	program.Opportunity{}.Check(&none, "")
	assert.Equal(t, []string{"/stage"}, program.Locations(none.Err()), "the stage is required of every opportunity")
	var at program.Problems
	program.Opportunity{Stage: program.Stage1, LastSalesActivity: program.AtInstant(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}.Check(&at, "")
	assert.ErrorContains(t, at.Err(), "the instant is outside the years 0001-9999")
}

func TestTimeZoneValues(t *testing.T) {
	berlin := program.MustTimeZone("Europe/Berlin")
	assert.Equal(t, "Europe/Berlin", berlin.String())
	assert.True(t, berlin.Equal(program.MustTimeZone("Europe/Berlin")))
	assert.False(t, berlin.Equal(program.MustTimeZone("UTC")))
	assert.Equal(t, "", program.TimeZone{}.String())
	assert.Equal(t, time.UTC, program.TimeZone{}.Location(), "an unset zone never panics")
	assert.Panics(t, func() { program.MustTimeZone("Mars/Olympus") })
	var in struct {
		Z program.TimeZone `json:"z"`
	}
	require.NoError(t, program.DecodeJSON([]byte(`{"z": "Asia/Tokyo"}`), &in))
	assert.Equal(t, "Asia/Tokyo", in.Z.String())
	err := program.DecodeJSON([]byte(`{"z": "Mars/Olympus"}`), &in)
	assert.Equal(t, []string{"/z"}, program.Locations(err))
	assert.ErrorContains(t, err, "not an IANA time zone name")
	var p program.Problems
	program.CheckTimeZone(&p, "/tz", program.TimeZone{})
	program.CheckTimeZone(&p, "/tz2", berlin)
	assert.Equal(t, []string{"/tz"}, program.Locations(p.Err()))
}

func TestDateAndClockText(t *testing.T) {
	d := program.NewDate(2026, 3, 1)
	b, err := d.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2026-03-01", string(b))
	assert.Equal(t, "2026-03-01", d.String())
	assert.Equal(t, "", program.Date{}.String())
	assert.Equal(t, 0, d.Compare(program.NewDate(2026, 3, 1)))
	assert.Equal(t, -1, d.Compare(program.NewDate(2026, 4, 1)))
	assert.Equal(t, 1, d.Compare(program.NewDate(2025, 12, 31)))
	assert.Equal(t, 1, d.Compare(program.NewDate(2026, 2, 28)))
	c, err := program.Clock(9, 5).MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "09:05", string(c))
	assert.Equal(t, time.Wednesday, program.Weekday("wednesday").Time())
}

func TestFactsAndCitations(t *testing.T) {
	rule := program.Rule{ID: "x.rule", Section: "Sec", Summary: "the summary", Text: func(b []byte, f program.Facts) []byte {
		b = f.AppendInt(b, 0)
		b = append(b, ' ')
		b = f.AppendDecimal(b, 1)
		return append(b, " seats"...)
	}}
	program.DeclareEach(&rule)
	var w program.ReasonWriter
	w.Cite(&rule, program.Unmet).SetInt(0, 3).SetDecimal(1, decimal.RequireFromString("0.25"))
	reasons := w.Done().List()
	assert.Equal(t, 3, reasons[0].Facts.Int(0))
	assert.Equal(t, "3 0.25 seats", reasons[0].Text())
	assert.Equal(t, program.RuleID("x.rule"), reasons[0].Rule)
	assert.Equal(t, "Sec", reasons[0].Section())
	assert.Equal(t, program.Unmet, reasons[0].Effect)
	out, err := json.Marshal(reasons[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"rule": "x.rule", "section": "Sec", "effect": "unmet", "text": "3 0.25 seats"}`, string(out))

	var back program.Reason
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, "3 0.25 seats", back.Text())
	assert.Error(t, json.Unmarshal([]byte(`{"rule": "x.rule", "section": "Sec", "effect": "hurt", "text": "t"}`), &back))
}

func TestFlowBuilding(t *testing.T) {
	assert.Equal(t, "rule_dealreg_roe_late_stage", program.FlowID("rule", "dealreg.roe.late_stage"))
	assert.Equal(t, "outcome_needs_review_2", program.FlowID("outcome", "needs-review/2"))
	var f program.Flow
	start := f.Node("start", "Start", program.FlowStart)
	r := program.Rule{ID: "a.b", Summary: "check b"}
	rn := f.RuleNode(r, program.FlowBranch)
	yes := f.Node("approved", "approved", program.FlowOutcome)
	again := f.Node("approved", "a second label", program.FlowOutcome)
	f.Edge(start, rn, "")
	f.Edge(rn, yes, "yes")
	assert.Equal(t, yes, again)
	assert.Equal(t, []program.FlowNode{
		{ID: "start", Label: "Start", Shape: program.FlowStart},
		{ID: "rule_a_b", Label: "a.b\ncheck b", Shape: program.FlowBranch},
		{ID: "approved", Label: "approved", Shape: program.FlowOutcome},
	}, f.Nodes, "a node is declared once, with its first label")
	assert.Equal(t, []program.FlowEdge{{From: "start", To: "rule_a_b"}, {From: "rule_a_b", To: "approved", Label: "yes"}}, f.Edges)
}
