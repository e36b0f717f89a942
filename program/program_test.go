package program_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

func fields(err error) []string {
	return program.Locations(err)
}

func TestProblemsJoinAndFlatten(t *testing.T) {
	var p program.Problems
	require.NoError(t, p.Err())
	p.Add("/a/b", "bad %d", 1)
	p.Add("/a/c", "worse")
	err := p.Err()
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/a/b", "/a/c"}, fields(err))
	assert.Equal(t, "/a/b: bad 1\n/a/c: worse", err.Error())

	outer := errors.Join(err, program.Invalid("/z", "last"))
	assert.Equal(t, []string{"/a/b", "/a/c", "/z"}, fields(outer))

	wrapped := fmt.Errorf("policy: %w", outer)
	assert.Equal(t, []string{"/a/b", "/a/c", "/z"}, fields(wrapped), "FieldErrors looks through %%w wraps")
	assert.ErrorIs(t, wrapped, program.ErrInvalidInput)
	plain := program.FieldErrors(errors.New("disk full"))
	assert.Equal(t, "", plain[0].Pointer)
	assert.Equal(t, "disk full", plain[0].Detail)

	assert.Equal(t, []string{"/dealreg/a/b", "/dealreg/a/c", "/dealreg/z"}, fields(program.Within("/dealreg", outer)))
	assert.NoError(t, program.Within("/x", nil))
}

func TestPointers(t *testing.T) {
	assert.Equal(t, "/partner/country", program.Path("", "partner", "country"))
	assert.Equal(t, "/seats/1/license", program.Path(program.Index("/seats", 1), "license"))
	assert.Equal(t, "/a~1b/c~0d", program.Path("", "a/b", "c~d"), "RFC 6901 escapes")
	b, err := json.Marshal([]*program.FieldError{{Pointer: "/a", Detail: "bad"}, {Parameter: "now", Detail: "required"}})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"pointer":"/a","detail":"bad"},{"parameter":"now","detail":"required"}]`, string(b))
}

func TestDecodeJSONLocatesEveryProblem(t *testing.T) {
	type inner struct {
		Track program.Track `json:"track"`
		Stage program.Stage `json:"stage"`
		N     int           `json:"n"`
	}
	type outer struct {
		Partner inner     `json:"partner" jsonschema:"required"`
		At      time.Time `json:"at"`
		List    []struct {
			At time.Time `json:"at"`
		} `json:"list"`
		Flag *bool `json:"flag,omitempty"`
	}
	tests := []struct {
		name, in string
		want     []string // "pointer: detail"
	}{
		{"unknown enum", `{"partner":{"track":"gold"}}`, []string{`/partner/track: "gold" is not a track (select, open)`}},
		{"enum in another letter case", `{"partner":{"track":"SELECT"}}`, []string{`/partner/track: "SELECT" is not a track (select, open)`}},
		{"stage out of range", `{"partner":{"stage":9}}`, []string{"/partner/stage: 9 is not a stage (none, 0-7, closed_won, closed_lost)"}},
		{"wrong type", `{"partner":{"n":"three"}}`, []string{"/partner/n: got a string, want a whole number"}},
		{"fraction for a count", `{"partner":{"n":2.5}}`, []string{"/partner/n: 2.5 is not a whole number"}},
		{"unknown member", `{"partner":{"colour":"red"}}`, []string{"/partner/colour: unknown member (this object has: track, stage, n)"}},
		{"unknown member in two places", `{"partner":{"colour":"red"},"colour":1}`, []string{
			"/partner/colour: unknown member (this object has: track, stage, n)",
			"/colour: unknown member (this object has: partner, at, list, flag)"}},
		{"member names match exactly", `{"Partner":{}}`, []string{
			"/Partner: unknown member (this object has: partner, at, list, flag)",
			"/partner: required: want an object"}},
		{"duplicate member", `{"partner":{},"partner":{}}`, []string{"/partner: member given twice"}},
		{"required member null", `{"partner":null}`, []string{"/partner: required: null is not a value; want an object"}},
		{"required member missing", `{}`, []string{"/partner: required: want an object"}},
		{"empty", ``, []string{"empty input; want a JSON value"}},
		{"null document", `null`, []string{"the document is null; want an object (this object has: partner, at, list, flag)"}},
		{"not an object", `[1]`, []string{"the document is a list; want an object (this object has: partner, at, list, flag)"}},
		{"truncated", `{"partner":{"track":"se`, []string{"/partner/track: truncated JSON: the input ends inside a value (byte 23)"}},
		{"two values", `{"partner":{}} {}`, []string{"more than one JSON value; want exactly one"}},
		{"bad instant", `{"partner":{"track":"open"},"at":"yesterday"}`, []string{`/at: "yesterday" is not an RFC 3339 instant such as "2026-11-25T09:30:00Z"`}},
		{"instant as a number", `{"partner":{},"at":1772442000}`, []string{`/at: got a number, want an RFC 3339 instant such as "2026-11-25T09:30:00Z"`}},
		{"two bad list items", `{"partner":{},"list":[{"at":"2026-01-01T00:00:00Z"},{"at":"2026-13-01T00:00:00Z"},{"at":true}]}`, []string{
			`/list/1/at: "2026-13-01T00:00:00Z" is not an RFC 3339 instant such as "2026-11-25T09:30:00Z"`,
			`/list/2/at: got a boolean, want an RFC 3339 instant such as "2026-11-25T09:30:00Z"`}},
		{"null list element", `{"partner":{},"list":[null]}`, []string{"/list/0: null is not a value; want an object"}},
		{"escaped member name", `{"partner":{},"a/b~":1}`, []string{"/a~1b~0: unknown member (this object has: partner, at, list, flag)"}},
		{"null boolean", `{"partner":{"n":"x"},"flag":null,"at":null}`, []string{"/partner/n: got a string, want a whole number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v outer
			err := program.DecodeJSON([]byte(tt.in), &v)
			require.ErrorIs(t, err, program.ErrInvalidInput)
			var got []string
			for _, fe := range program.FieldErrors(err) {
				got = append(got, fe.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDecodeJSONReadsWhatTheContractAllows(t *testing.T) {
	type in struct {
		N     int              `json:"n"`
		Stage program.Stage    `json:"stage"`
		Flag  *bool            `json:"flag,omitempty"`
		M     program.Money    `json:"m"`
		Tags  []string         `json:"tags"`
		Extra map[string]int64 `json:"extra"`
	}
	var v in
	require.NoError(t, program.DecodeJSON([]byte(`{"n": 2.0, "stage": 3e0, "flag": null, "m": {"amount": "12.5", "currency": "USD"}, "tags": [], "extra": {"a": 1}}`), &v))
	assert.Equal(t, 2, v.N, "an integral number is an integer, as in JSON Schema")
	assert.Equal(t, program.Stage3, v.Stage)
	assert.Nil(t, v.Flag, "null for an optional member is absent")
	assert.Equal(t, "12.50 USD", v.M.String())
	assert.Equal(t, map[string]int64{"a": 1}, v.Extra)

	base := in{Tags: []string{"a", "b"}, Extra: map[string]int64{"x": 1}}
	next := base
	require.NoError(t, program.DecodeJSON([]byte(`{"tags": ["c"], "extra": {"y": 2}}`), &next))
	assert.Equal(t, []string{"a", "b"}, base.Tags, "decoding over a value never writes into a list it shares")
	assert.Equal(t, map[string]int64{"x": 1}, base.Extra, "nor into a map it shares")
	assert.Equal(t, map[string]int64{"x": 1, "y": 2}, next.Extra, "members are laid over the map there was")
}

func TestStageJSONAcceptsNumbersAndNames(t *testing.T) {
	for in, want := range map[string]program.Stage{`3`: program.Stage3, `"3"`: program.Stage3, `"closed_won"`: program.StageClosedWon, `"none"`: program.StageNone} {
		var s program.Stage
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s)
	}
	for _, in := range []string{`9`, `-1`, `3.5`, `""`, `true`} {
		var s program.Stage
		assert.Error(t, json.Unmarshal([]byte(in), &s), in)
	}
	var label program.Stage
	require.NoError(t, json.Unmarshal([]byte(`"3-Technical Evaluation"`), &label), "a CRM's label decodes; the package that reads it maps it")
	assert.False(t, label.Valid(), "a label is not a stage until a policy maps it")
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
	p.Check(&pr, "/partner")
	assert.Equal(t, []string{
		"/partner/track",
		"/partner/employees/foundations_trained",
		"/partner/employees/certified_solution_architects",
		"/partner/competencies/1",
		"/partner/country",
	}, fields(pr.Err()))
}

func TestValidPartnerCheckDoesNotAllocate(t *testing.T) {
	p := program.Partner{Track: program.TrackSelect, Standing: program.StandingGood, Competencies: []program.Competency{program.CompetencyAWSDevOps}, Country: "JP"}
	o := program.Opportunity{Kind: program.KindAddOn, Stage: program.Stage2}
	allocs := testing.AllocsPerRun(100, func() {
		var pr program.Problems
		p.Check(&pr, "/partner")
		o.Check(&pr, "/opportunity")
		if pr.Len() != 0 {
			t.Fatal(pr.Err())
		}
	})
	assert.Zero(t, allocs)
}

func TestOpportunityCheck(t *testing.T) {
	o := program.Opportunity{Kind: program.KindAddOn, Stage: program.StageClosedWon, SourcedGrowth: true}
	var pr program.Problems
	o.Check(&pr, "/o")
	assert.Equal(t, []string{"/o/sourced_growth"}, fields(pr.Err()), "a closed-won opportunity without a close date is a fact, for the package that reads it")
	pr = program.Problems{}
	program.Opportunity{}.Check(&pr, "/o")
	assert.Equal(t, []string{"/o/stage"}, fields(pr.Err()), "only the stage is required of every opportunity")
	pr = program.Problems{}
	program.Partner{}.Check(&pr, "/p")
	assert.NoError(t, pr.Err(), "which partner members are required is the reading package's business")
	program.RequireMember(&pr, "/p", "track", true, "select or open")
	assert.EqualError(t, pr.Err(), "/p/track: required: select or open")
}

func TestCountryProblemsSayWhatToUse(t *testing.T) {
	var p program.Problems
	program.CheckCountry(&p, "/a", "UK", true)
	program.CheckCountry(&p, "/b", "EZ", true)
	program.CheckCountry(&p, "/c", "", false)
	program.CheckCountry(&p, "/d", "", true)
	fe := program.FieldErrors(p.Err())
	require.Len(t, fe, 3)
	assert.Equal(t, "UK is a former code; use GB", fe[0].Detail)
	assert.Equal(t, "EZ is a reserved code, not a country", fe[1].Detail)
	assert.Equal(t, "/d", fe[2].Pointer)
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
	require.NoError(t, program.DecodeJSON([]byte(`{"amount":"1234.505","currency":"USD"}`), &m))
	assert.Equal(t, "1234.505 USD", m.String())
	for _, tt := range []struct{ amount, cur, want string }{
		{"1000", "USD", `{"amount":"1000.00","currency":"USD"}`},
		{"499.9", "USD", `{"amount":"499.90","currency":"USD"}`},
		{"1000", "JPY", `{"amount":"1000","currency":"JPY"}`},
		{"1.5", "BHD", `{"amount":"1.500","currency":"BHD"}`},
		{"0.125", "USD", `{"amount":"0.125","currency":"USD"}`},
	} {
		b, err := json.Marshal(program.MustMoney(tt.amount, program.Currency(tt.cur)))
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(b), "money is written at its minor unit, never losing a digit")
	}
	assert.Equal(t, int32(2), program.Currency("USD").MinorUnits())
	assert.Equal(t, int32(0), program.Currency("JPY").MinorUnits())
	assert.Equal(t, int32(3), program.Currency("BHD").MinorUnits())
	// ISO 4217, where CLDR's rounding digits differ.
	for c, want := range map[program.Currency]int32{"IDR": 2, "COP": 2, "PKR": 2, "IQD": 3, "CLF": 4, "KRW": 0, "EUR": 2} {
		assert.Equal(t, want, c.MinorUnits(), c)
	}
	// Every code, valid or not, reads what ISO 4217's lists say: the
	// hundredth unless listed.
	listed := map[program.Currency]int32{}
	for units, codes := range map[int32]string{
		0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
		3: "BHD IQD JOD KWD LYD OMR TND",
		4: "CLF UYW",
	} {
		for _, c := range strings.Fields(codes) {
			listed[program.Currency(c)] = units
		}
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := program.Currency([]rune{a, b, c})
				want, ok := listed[code]
				if !ok {
					want = 2
				}
				if got := code.MinorUnits(); got != want {
					t.Fatalf("%s: %d minor units, want %d", code, got, want)
				}
			}
		}
	}
	for _, c := range []program.Currency{"", "jpy", "JP", "JPYY", "J\xffY", "[PY", "@PY"} {
		assert.Equal(t, int32(2), c.MinorUnits(), "%q is no code: the hundredth", c)
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
		`{"m":{"amount":12.5,"currency":"USD"}}`:        `/m/amount: got a number, want a decimal string such as "12.50"`,
		`{"m":{"amount":"12,5","currency":"USD"}}`:      `/m/amount: "12,5" is not a decimal number such as "12.50"`,
		`{"m":{"amount":"1e3","currency":"USD"}}`:       `/m/amount: "1e3" is not a decimal number such as "12.50"`,
		`{"m":{"amount":"1","currency":"usd"}}`:         `/m/currency: "usd" is not an ISO 4217 currency code (three upper-case letters such as USD)`,
		`{"m":{"currency":"USD"}}`:                      `/m/amount: required: want a decimal string such as "12.50"`,
		`{"m":{"amount":"1","currency":"USD","foo":1}}`: `/m/foo: unknown member (this object has: amount, currency)`,
	} {
		err := program.DecodeJSON([]byte(in), &v)
		require.ErrorIs(t, err, program.ErrInvalidInput, in)
		fe := program.FieldErrors(err)
		require.Len(t, fe, 1, in)
		assert.Equal(t, problem, fe[0].Error(), in)
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
		Stage program.Stage `json:"stage" jsonschema:"required"`
	}
	type in struct {
		Opportunity opp             `json:"opportunity"`
		Country     program.Country `json:"country"`
	}
	tests := []struct{ doc, want string }{
		{`{"opportunity": {"stage": null}}`, "/opportunity/stage: required: null is not a value; want a value"},
		{`{"opportunity": {"stage": ""}}`, "/opportunity/stage: want a stage (none, 0-7, closed_won, closed_lost)"},
		{`{"opportunity": {"stage": 9}}`, "/opportunity/stage: 9 is not a stage (none, 0-7, closed_won, closed_lost)"},
		{`{"opportunity": {"stage": 2.5}}`, "/opportunity/stage: 2.5 is not a stage (none, 0-7, closed_won, closed_lost)"},
		{`{"country": "null"}`, "/country: null is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as DE)"},
	}
	for _, tt := range tests {
		var v in
		err := program.DecodeJSON([]byte(tt.doc), &v)
		require.ErrorIs(t, err, program.ErrInvalidInput, tt.doc)
		fe := program.FieldErrors(err)
		require.Len(t, fe, 1, tt.doc)
		assert.Equal(t, tt.want, fe[0].Error(), tt.doc)
	}
}

func TestDatesMustBeReal(t *testing.T) {
	_, err := program.ParseDate("0000-01-01")
	assert.Error(t, err, "year 0 is outside 0001-9999")
	var pr program.Problems
	program.Opportunity{Kind: program.KindAddOn, Stage: program.Stage4, LastSalesActivity: program.OnDate(program.NewDate(2026, 2, 31))}.Check(&pr, "/o")
	assert.Equal(t, []string{"/o/last_sales_activity"}, fields(pr.Err()))
	assert.Equal(t, 739616, program.NewDate(1, 1, 1).DaysUntil(program.NewDate(2026, 1, 1)), "no saturation over long spans (739616 per Python's proleptic Gregorian date arithmetic)")
}

func TestReservedCountryCodes(t *testing.T) {
	for _, c := range []program.Country{"AC", "CP", "DG", "EA", "IC", "TA", "AN", "CS", "NT", "SU", "YU"} {
		assert.False(t, c.Valid(), c)
	}
	assert.True(t, program.Country("XK").Valid(), "Kosovo's user-assigned code is accepted")
}

func TestDecodeJSONKeepsNullInRawValues(t *testing.T) {
	var v struct {
		Fields map[string]json.RawMessage `json:"fields"`
		List   []json.RawMessage          `json:"list"`
	}
	require.NoError(t, program.DecodeJSON([]byte(`{"fields": {"/a": null, "/b": 1}, "list": [null]}`), &v))
	assert.Equal(t, json.RawMessage(`null`), v.Fields["/a"], "null is a value of raw JSON")
	assert.Equal(t, []json.RawMessage{json.RawMessage(`null`)}, v.List)
}

func TestDecodeJSONRequireTag(t *testing.T) {
	type input struct {
		Partner program.Partner   `json:"partner" jsonschema:"required" require:"agreement_signed,employees/foundations_trained"`
		Others  []program.Partner `json:"others" require:"country"`
	}
	var v input
	err := program.DecodeJSON([]byte(`{"partner": {"track": "select", "standing": "good", "employees": {}}, "others": [{"track": "open", "standing": "good"}]}`), &v)
	assert.Equal(t, []string{"/partner/employees/foundations_trained", "/partner/agreement_signed", "/others/0/country"}, fields(err),
		"the members this input reads are required here, not everywhere the type is used")
	var plain program.Partner
	require.NoError(t, program.DecodeJSON([]byte(`{"track": "select", "standing": "good"}`), &plain))

	type wrong struct {
		Partner program.Partner `json:"partner" require:"nickname"`
	}
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), &wrong{}) }, "a require tag naming no member is a programming error")
}

func TestDecodeJSONEmptyListIsNotAbsent(t *testing.T) {
	var v struct {
		L []int `json:"l"`
	}
	require.NoError(t, program.DecodeJSON([]byte(`{"l": []}`), &v))
	assert.NotNil(t, v.L)
	assert.Empty(t, v.L)
}

func TestParseDecimalFollowsThePattern(t *testing.T) {
	for _, ok := range []string{"0", "12", "-3", "12.50", "0.125"} {
		_, err := program.ParseDecimal(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"", "-", ".1", "1.", "-.5", "+1", "1e3", " 1", "1,5", "0x10"} {
		_, err := program.ParseDecimal(bad)
		assert.Error(t, err, bad)
	}
	var m program.Money
	err := program.DecodeJSON([]byte(`{"amount": "1"}`), &m)
	assert.EqualError(t, err, "/currency: required: want an ISO 4217 currency code such as USD")
}

// TestDecodeJSONFromAColdStart decodes a type never seen before from many
// goroutines at once: none may see a plan half built.
func TestDecodeJSONFromAColdStart(t *testing.T) {
	type node struct {
		Name string  `json:"name"`
		Kids []*node `json:"kids"`
	}
	type fresh struct {
		Root  node          `json:"root" jsonschema:"required"`
		Stage program.Stage `json:"stage"`
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var v fresh
			if err := program.DecodeJSON([]byte(`{"root": {"name": "a", "kids": [{"name": "b", "kids": []}]}, "stage": 2}`), &v); err != nil {
				t.Error(err)
			}
			if len(v.Root.Kids) != 1 || v.Root.Kids[0].Name != "b" {
				t.Errorf("decoded %+v", v)
			}
		}()
	}
	wg.Wait()
}

func TestParseInstantIsRFC3339(t *testing.T) {
	for _, ok := range []string{"2026-01-01T09:00:00Z", "2026-01-01T09:00:00.5+01:00", "2026-01-01T09:00:00-23:59", "2026-01-01T09:00:00.123456789Z"} {
		_, err := program.ParseInstant(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"2026-01-01T09:00:00+01:60", "2026-01-01T09:00:00+24:00", "2026-01-01T09:00:00,5Z", "2026-01-01t09:00:00z",
		"2026-01-01T23:59:60Z", "2026-01-01T09:00:00", "2026-01-01T09:00:00.Z", "2026-01-01 09:00:00Z", "2026-01-01T09:00:00+0100"} {
		_, err := program.ParseInstant(bad)
		assert.Error(t, err, bad)
	}
}

func TestLocations(t *testing.T) {
	var p program.Problems
	p.Add("/a/0", "bad")
	p.AddErr(&program.FieldError{Parameter: "now", Detail: "required"})
	assert.Equal(t, []string{"/a/0", "now"}, program.Locations(p.Err()))
	assert.Nil(t, program.Locations(nil))
}

// TestStageValidIsStages: Valid holds exactly for the listed stages.
func TestStageValidIsStages(t *testing.T) {
	for _, s := range program.Stages {
		if !s.Valid() {
			t.Errorf("%q is listed but not valid", s)
		}
	}
	for _, s := range []program.Stage{"", "8", "9", "/", "00", "-1", " 1", "closed", "Closed_won", "closed_lost ", "None", "nonE"} {
		if s.Valid() {
			t.Errorf("%q is valid", s)
		}
	}
}
