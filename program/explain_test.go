package program_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

var ruleWithText = program.Rule{
	ID: "pkg.area.rule", Section: "Some Section", Summary: "a summary",
	Text: func(b []byte, f program.Facts) []byte {
		b = append(b, "at "...)
		b = f.AppendInstant(b, 0)
		b = append(b, ", on "...)
		b = f.AppendDate(b, 1)
		b = append(b, ", "...)
		b = f.AppendInt(b, 2)
		b = append(b, " days, label "...)
		b = f.AppendQuoted(b, 0)
		b = append(b, ", "...)
		return f.AppendMoney(b, 0, 1)
	},
}

func TestReasonTextIsWrittenFromItsFacts(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	var f program.Facts
	f.SetInstant(0, time.Date(2026, 3, 4, 10, 0, 0, 999, time.UTC), tokyo).
		SetDate(1, program.NewDate(2024, 2, 29)).SetInt(2, -180).SetString(0, `a "b" <c>`).
		SetMoney(0, 1, program.Money{Amount: decimal.RequireFromString("1000"), Currency: "USD"})
	r := ruleWithText.Cite(program.Unmet, f)
	assert.Equal(t, program.RuleID("pkg.area.rule"), r.Rule)
	assert.Equal(t, "Some Section", r.Section())
	assert.Equal(t, program.Unmet, r.Effect)
	want := `at 2026-03-04T19:00:00+09:00, on 2024-02-29, -180 days, label "a \"b\" <c>", 1000.00 USD`
	assert.Equal(t, want, r.Text())
	assert.Equal(t, "pkg.area.rule: "+want, r.String())
	assert.Equal(t, program.NewDate(2024, 2, 29), f.Date(1))

	got, err := json.Marshal([]program.Reason{r})
	require.NoError(t, err)
	wantJSON, _ := json.Marshal([]map[string]string{{"rule": "pkg.area.rule", "section": "Some Section", "effect": "unmet", "text": want}})
	assert.JSONEq(t, string(wantJSON), string(got))
	assert.Contains(t, string(got), `\u003cc\u003e`, "encoding/json's HTML escaping applies to reasons too")

	var back []program.Reason
	require.NoError(t, json.Unmarshal(got, &back))
	assert.Equal(t, want, back[0].Text())
	assert.Equal(t, program.Unmet, back[0].Effect)
	again, _ := json.Marshal(back)
	assert.Equal(t, string(got), string(again), "a decoded reason encodes as it was read")
}

func TestReasonWithoutTextWritesTheSummary(t *testing.T) {
	r := (&program.Rule{ID: "x.y", Section: "S", Summary: "the summary"}).Cite(program.Met, program.Facts{})
	assert.Equal(t, "the summary", r.Text())
	assert.Equal(t, "x.y: t", program.NewReason("x.y", "S", program.Applied, "t").String())
}

func TestEffectNames(t *testing.T) {
	for _, e := range program.Effects {
		b, err := e.MarshalText()
		require.NoError(t, err)
		var back program.Effect
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, e, back)
	}
	assert.Equal(t, []string{"applied", "met", "unmet"}, program.Effect(0).EnumValues())
	var e program.Effect
	assert.Error(t, e.UnmarshalText([]byte("held")))
	assert.Equal(t, "effect(9)", program.Effect(9).String())
	var r program.Reason
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"rule":"a","section":"b","effect":"held","text":"c"}`), &r), program.ErrInvalidInput)
}

func TestTemplatesFillTheSlots(t *testing.T) {
	r := program.Rule{ID: "x.y", Section: "S", Text: program.Templates(
		"{s0} in {s1}: {n2} seats at {t0} on {d1}, {m0s2}, rate {x1}",
		"second: {q0}",
	)}
	var f program.Facts
	f.SetString(0, "P-1").SetString(1, "DE").SetInt(2, 3).SetInstant(0, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), nil).
		SetDate(1, program.NewDate(2026, 2, 28)).SetMoney(0, 2, program.Money{Amount: decimal.RequireFromString("12.5"), Currency: "EUR"}).
		SetDecimal(1, decimal.RequireFromString("0.15"))
	assert.Equal(t, "P-1 in DE: 3 seats at 2026-01-02T03:04:05Z on 2026-02-28, 12.50 EUR, rate 0.15", r.Cite(program.Applied, f).Text())
	f.V = 1
	assert.Equal(t, `second: "P-1"`, r.Cite(program.Applied, f).Text())
	for _, bad := range []string{"{z0}", "{s3}", "{n}", "{m0}", "{s0s1}", "open {s0"} {
		assert.Panics(t, func() { program.Templates(bad) }, bad)
	}
}
