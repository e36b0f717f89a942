package program_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

func fields(err error) []string {
	var out []string
	for _, fe := range program.FieldErrors(err) {
		out = append(out, fe.Field)
	}
	return out
}

func TestProblemsJoinAndFlatten(t *testing.T) {
	var p program.Problems
	require.NoError(t, p.Err())
	p.Add("a.b", "bad %d", 1)
	p.Add("a.c", "worse")
	err := p.Err()
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"a.b", "a.c"}, fields(err))
	assert.Equal(t, "a.b: bad 1\na.c: worse", err.Error())

	outer := errors.Join(err, program.Invalid("z", "last"))
	assert.Equal(t, []string{"a.b", "a.c", "z"}, fields(outer))

	wrapped := fmt.Errorf("policy: %w", outer)
	assert.Equal(t, []string{"a.b", "a.c", "z"}, fields(wrapped), "FieldErrors looks through %%w wraps")
	assert.ErrorIs(t, wrapped, program.ErrInvalidInput)
	plain := program.FieldErrors(errors.New("disk full"))
	assert.Equal(t, "", plain[0].Field)
	assert.Equal(t, "disk full", plain[0].Problem)
}

func TestDecodeJSONNamesTheField(t *testing.T) {
	type inner struct {
		Track program.Track `json:"track"`
		Stage program.Stage `json:"stage"`
		N     int           `json:"n"`
	}
	type outer struct {
		Partner inner     `json:"partner"`
		At      time.Time `json:"at"`
		List    []struct {
			At time.Time `json:"at"`
		} `json:"list"`
	}
	tests := []struct {
		name, in, field, problem string
	}{
		{"unknown enum", `{"partner":{"track":"gold"}}`, "registration.partner.track", `"gold" is not a track (select, open)`},
		{"stage out of range", `{"partner":{"stage":9}}`, "registration.partner.stage", "9 is not a stage (none, 0-7, closed_won, closed_lost)"},
		{"wrong type", `{"partner":{"n":"three"}}`, "registration.partner.n", "got a JSON string, want a whole number"},
		{"fraction for a count", `{"partner":{"n":2.5}}`, "registration.partner.n", "got a JSON number 2.5, want a whole number"},
		{"unknown field", `{"partner":{"colour":"red"}}`, "registration.partner.colour", "unknown field: not part of this input"},
		{"unknown field twice", `{"partner":{"colour":"red"},"colour":1}`, "registration", "unknown field: not part of this input"},
		{"empty", ``, "registration", "empty input; want a JSON object"},
		{"truncated", `{"partner":{"track":"se`, "registration", "truncated JSON: the input ends inside a value"},
		{"two values", `{} {}`, "registration", "more than one JSON value; want exactly one"},
		{"bad instant", `{"partner":{"track":"open"},"at":"yesterday"}`, "registration.at", `"yesterday" is not an RFC 3339 instant such as 2026-11-25T09:30:00Z`},
		{"bad instant in a list", `{"list":[{"at":"2026-01-01T00:00:00Z"},{"at":"2026-13-01T00:00:00Z"}]}`, "registration.list[1].at", `"2026-13-01T00:00:00Z" is not an RFC 3339 instant such as 2026-11-25T09:30:00Z`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v outer
			err := program.DecodeJSON([]byte(tt.in), &v, "registration")
			require.ErrorIs(t, err, program.ErrInvalidInput)
			fe := program.FieldErrors(err)
			require.Len(t, fe, 1)
			assert.Equal(t, tt.field, fe[0].Field)
			assert.Equal(t, tt.problem, fe[0].Problem)
		})
	}
}

func TestStageJSONAcceptsNumbersAndNames(t *testing.T) {
	for in, want := range map[string]program.Stage{`3`: program.Stage3, `"3"`: program.Stage3, `"closed_won"`: program.StageClosedWon, `"none"`: program.StageNone} {
		var s program.Stage
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s)
	}
	for _, in := range []string{`9`, `-1`, `3.5`, `"won"`, `""`, `true`} {
		var s program.Stage
		assert.Error(t, json.Unmarshal([]byte(in), &s), in)
	}
	b, _ := json.Marshal(program.Stage4)
	assert.Equal(t, `4`, string(b))
	b, _ = json.Marshal(program.StageClosedLost)
	assert.Equal(t, `"closed_lost"`, string(b))
	assert.True(t, program.Stage6.Between(3, 6))
	assert.False(t, program.Stage7.Between(3, 6))
	assert.False(t, program.StageNone.Between(0, 7))
}

func TestPartnerCheckReportsEveryProblem(t *testing.T) {
	p := program.Partner{
		Track:        "gold",
		Employees:    program.Employees{FoundationsTrained: -1, SolutionArchitects: program.MaxCount + 1},
		Competencies: []program.Competency{"aws_devops", "wizardry"},
		Country:      "de",
	}
	var pr program.Problems
	p.Check(&pr, "request.partner")
	assert.Equal(t, []string{
		"request.partner.track",
		"request.partner.standing",
		"request.partner.employees.foundations_trained",
		"request.partner.employees.certified_solution_architects",
		"request.partner.competencies[1]",
		"request.partner.country",
	}, fields(pr.Err()))
}

func TestValidPartnerCheckDoesNotAllocate(t *testing.T) {
	p := program.Partner{Track: program.TrackSelect, Standing: program.StandingGood, Competencies: []program.Competency{program.CompetencyAWSDevOps}, Country: "JP"}
	o := program.Opportunity{Kind: program.KindAddOn, Stage: program.Stage2}
	allocs := testing.AllocsPerRun(100, func() {
		var pr program.Problems
		p.Check(&pr, "registration.partner")
		o.Check(&pr, "registration.opportunity")
		if pr.Len() != 0 {
			t.Fatal(pr.Err())
		}
	})
	assert.Zero(t, allocs)
}

func TestOpportunityCheck(t *testing.T) {
	o := program.Opportunity{Kind: program.KindAddOn, Stage: program.StageClosedWon, SourcedGrowth: true}
	var pr program.Problems
	o.Check(&pr, "o")
	assert.Equal(t, []string{"o.sourced_growth", "o.close_date"}, fields(pr.Err()))
	pr = program.Problems{}
	program.Opportunity{}.Check(&pr, "o")
	assert.Equal(t, []string{"o.kind", "o.stage"}, fields(pr.Err()))
}

func TestCountryProblemsSayWhatToUse(t *testing.T) {
	var p program.Problems
	program.CheckCountry(&p, "a", "UK", true)
	program.CheckCountry(&p, "b", "EZ", true)
	program.CheckCountry(&p, "c", "", false)
	program.CheckCountry(&p, "d", "", true)
	fe := program.FieldErrors(p.Err())
	require.Len(t, fe, 3)
	assert.Equal(t, "UK is a former code; use GB", fe[0].Problem)
	assert.Equal(t, "EZ is a reserved code, not a country", fe[1].Problem)
	assert.Equal(t, "d", fe[2].Field)
}

func TestCountry(t *testing.T) {
	for _, c := range []program.Country{"DE", "JP", "US", "IN", "TH", "MX"} {
		assert.True(t, c.Valid(), c)
	}
	for _, c := range []program.Country{"de", "ZZ", "EU", "XX", "D", "DEU", "", "1A", "UK", "DY", "EZ", "UN"} {
		assert.False(t, c.Valid(), c)
	}
}

func TestMoney(t *testing.T) {
	var m program.Money
	require.NoError(t, json.Unmarshal([]byte(`{"amount":"1234.505","currency":"USD"}`), &m))
	assert.Equal(t, "1234.505 USD", m.String())
	assert.Equal(t, int32(2), program.Currency("USD").MinorUnits())
	assert.Equal(t, int32(0), program.Currency("JPY").MinorUnits())
	assert.Equal(t, int32(3), program.Currency("BHD").MinorUnits())
	// ISO 4217, where CLDR's rounding digits differ.
	for c, want := range map[program.Currency]int32{"IDR": 2, "COP": 2, "PKR": 2, "IQD": 3, "CLF": 4, "KRW": 0, "EUR": 2} {
		assert.Equal(t, want, c.MinorUnits(), c)
	}
	for _, c := range []program.Currency{"XAU", "XXX", "XTS", "XDR", "DEM", "FRF", "CLF", "usd", "US", "ABC"} {
		assert.False(t, c.Valid(), c)
	}
	for _, c := range []program.Currency{"USD", "EUR", "JPY", "XOF", "XAF", "XCD", "XPF", "VES", "MRU", "SLE", "ZWG"} {
		assert.True(t, c.Valid(), c)
	}
	var v struct {
		M program.Money `json:"m"`
	}
	for in, problem := range map[string]string{
		`{"m":{"amount":12.5,"currency":"USD"}}`:        `amount 12.5 must be a decimal string such as "12.50"`,
		`{"m":{"amount":"12,5","currency":"USD"}}`:      `amount "12,5" is not a decimal number`,
		`{"m":{"amount":"1","currency":"usd"}}`:         `currency "usd" is not an ISO 4217 currency code (three upper-case letters such as USD)`,
		`{"m":{"currency":"USD"}}`:                      `amount (missing) must be a decimal string such as "12.50"`,
		`{"m":{"amount":"1","currency":"USD","foo":1}}`: `want exactly {"amount": "12.50", "currency": "USD"}`,
	} {
		err := program.DecodeJSON([]byte(in), &v, "order")
		require.ErrorIs(t, err, program.ErrInvalidInput, in)
		fe := program.FieldErrors(err)[0]
		assert.Equal(t, "order.m", fe.Field, in)
		assert.Equal(t, problem, fe.Problem, in)
	}
}

func TestParseStage(t *testing.T) {
	s, err := program.ParseStage("closed_won")
	require.NoError(t, err)
	assert.Equal(t, program.StageClosedWon, s)
	_, err = program.ParseStage("9")
	assert.ErrorIs(t, err, program.ErrInvalidInput)
	var st program.Stage
	require.NoError(t, st.UnmarshalText([]byte("4")))
	assert.Equal(t, program.Stage4, st)
	b, _ := json.Marshal(struct {
		S program.Stage `json:"s"`
	}{program.Stage4})
	assert.Equal(t, `{"s":4}`, string(b), "JSON still writes numbered stages as numbers")
}

func TestDecodeJSONNamesOddValues(t *testing.T) {
	type opp struct {
		Stage program.Stage `json:"stage"`
	}
	type in struct {
		Opportunity opp       `json:"opportunity"`
		At          time.Time `json:"at"`
		List        []struct {
			At time.Time `json:"at"`
		} `json:"list"`
		Country program.Country `json:"country"`
	}
	tests := []struct{ doc, field, problem string }{
		{`{"at": 1772442000}`, "r.at", `want an RFC 3339 instant as a string, such as "2026-11-25T09:30:00Z"`},
		{`{"list": [{"at": "2026-01-01T00:00:00Z"}, {"at": true}]}`, "r.list[1].at", `want an RFC 3339 instant as a string, such as "2026-11-25T09:30:00Z"`},
		{`{"opportunity": {"stage": null}}`, "r.opportunity.stage", "null is not a stage (none, 0-7, closed_won, closed_lost)"},
		{`{"opportunity": {"stage": "string"}}`, "r.opportunity.stage", "string is not a stage (none, 0-7, closed_won, closed_lost)"},
		{`{"country": "null"}`, "r.country", "null is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as DE)"},
	}
	for _, tt := range tests {
		var v in
		err := program.DecodeJSON([]byte(tt.doc), &v, "r")
		require.ErrorIs(t, err, program.ErrInvalidInput, tt.doc)
		fe := program.FieldErrors(err)
		require.Len(t, fe, 1, tt.doc)
		assert.Equal(t, tt.field, fe[0].Field, tt.doc)
		assert.Equal(t, tt.problem, fe[0].Problem, tt.doc)
	}
}

func TestDatesMustBeReal(t *testing.T) {
	_, err := program.ParseDate("0000-01-01")
	assert.Error(t, err, "year 0 is outside 0001-9999")
	var pr program.Problems
	program.Opportunity{Kind: program.KindAddOn, Stage: program.Stage4, LastSalesActivity: program.NewDate(2026, 2, 31)}.Check(&pr, "o")
	assert.Equal(t, []string{"o.last_sales_activity"}, fields(pr.Err()))
	assert.Equal(t, 739616, program.NewDate(1, 1, 1).DaysUntil(program.NewDate(2026, 1, 1)), "no saturation over long spans (739616 per Python's proleptic Gregorian date arithmetic)")
}

func TestReservedCountryCodes(t *testing.T) {
	for _, c := range []program.Country{"AC", "CP", "DG", "EA", "IC", "TA", "AN", "CS", "NT", "SU", "YU"} {
		assert.False(t, c.Valid(), c)
	}
	assert.True(t, program.Country("XK").Valid(), "Kosovo's user-assigned code is accepted")
}
