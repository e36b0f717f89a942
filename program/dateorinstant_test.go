package program_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

func TestDateOrInstantKeepsItsForm(t *testing.T) {
	for _, s := range []string{
		"2026-05-01",
		"2026-05-01T11:59:59Z",
		"2026-05-01T13:59:59+02:00",
		"2026-05-01T11:59:59.25Z",
		"2028-02-29",
	} {
		v, err := program.ParseDateOrInstant(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, v.String(), "written back in the form it came in")
		b, err := json.Marshal(v)
		require.NoError(t, err)
		assert.JSONEq(t, `"`+s+`"`, string(b))
		var back struct {
			At program.DateOrInstant `json:"at"`
		}
		require.NoError(t, program.DecodeJSON([]byte(`{"at": `+string(b)+`}`), &back))
		assert.True(t, v.Equal(back.At), s)
	}
	d, _ := program.ParseDateOrInstant("2026-05-01")
	_, isInstant := d.Instant()
	date, isDate := d.Date()
	assert.True(t, isDate)
	assert.False(t, isInstant)
	assert.Equal(t, program.NewDate(2026, 5, 1), date)
	i, _ := program.ParseDateOrInstant("2026-05-01T13:59:59+02:00")
	at, isInstant := i.Instant()
	assert.True(t, isInstant)
	assert.True(t, at.Equal(time.Date(2026, 5, 1, 11, 59, 59, 0, time.UTC)))
	assert.False(t, d.Equal(i))
	assert.True(t, i.Equal(program.AtInstant(time.Date(2026, 5, 1, 11, 59, 59, 0, time.UTC))), "instants compare as instants")
	assert.False(t, d.Equal(program.AtInstant(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))), "a date is not its midnight")
}

func TestDateOrInstantRefusesAnythingElse(t *testing.T) {
	for _, s := range []string{
		"",
		"2026-02-30",
		"2026-5-1",
		"2026-05-01 11:59:59",
		"2026-05-01T11:59:59",
		"2026-05-01T11:59:59+0200",
		"01/05/2026",
		"0001-01-01T00:00:00Z",
		"yesterday",
	} {
		_, err := program.ParseDateOrInstant(s)
		require.ErrorIs(t, err, program.ErrInvalidInput, s)
		assert.Contains(t, err.Error(), "want a date such as 2026-05-01 or an RFC 3339 instant", s)
	}
	var v struct {
		At program.DateOrInstant `json:"at"`
	}
	err := program.DecodeJSON([]byte(`{"at": "2026-05-01T11:59"}`), &v)
	assert.Equal(t, []string{"/at"}, fields(err), "the decoder places the error at the value")
	err = program.DecodeJSON([]byte(`{"at": 20260501}`), &v)
	assert.Equal(t, []string{"/at"}, fields(err))
}

func TestDateOrInstantZeroIsNothingRecorded(t *testing.T) {
	var v program.DateOrInstant
	assert.True(t, v.IsZero())
	assert.True(t, v.Valid())
	assert.Equal(t, "", v.String())
	assert.True(t, program.OnDate(program.Date{}).IsZero())
	assert.True(t, program.AtInstant(time.Time{}).IsZero())
	assert.False(t, program.OnDate(program.NewDate(2026, 2, 30)).Valid(), "a Go caller's impossible date")
	b, err := json.Marshal(struct {
		At program.DateOrInstant `json:"at,omitzero"`
	}{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
}
