package distribution_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// A quote turnaround runs from 0 hours (no promise, no calendar needed) up
// to 366 working days of its calendar: with the default 09:00-17:00 APJ
// day, 366 x 8 = 2928 hours.
func TestQuoteTurnaroundLimits(t *testing.T) {
	valid := []string{
		`{"quotes":{"apj":{"turnaround_hours":0}}}`,
		`{"quotes":{"apj":{"turnaround_hours":0,"calendar":{"workdays":[]}}}}`,
		`{"quotes":{"apj":{"turnaround_hours":1}}}`,
		`{"quotes":{"apj":{"turnaround_hours":2928}}}`,
	}
	for _, patch := range valid {
		if _, err := distribution.ParsePolicy(distribution.Default(), []byte(patch)); err != nil {
			t.Errorf("%s: %v", patch, err)
		}
	}
	for patch, want := range map[string]string{
		`{"quotes":{"apj":{"turnaround_hours":-1}}}`:                              "/quotes/apj/turnaround_hours",
		`{"quotes":{"apj":{"turnaround_hours":2929}}}`:                            "/quotes/apj/turnaround_hours",
		`{"quotes":{"apj":{"turnaround_hours":1,"calendar":{"workdays":[]}}}}`:    "/quotes/apj/calendar/workdays",
		`{"quotes":{"apj":{"turnaround_hours":8785,"calendar":{"workdays":[]}}}}`: "/quotes/apj/turnaround_hours",
	} {
		_, err := distribution.ParsePolicy(distribution.Default(), []byte(patch))
		wantFields(t, err, want)
	}
}

// With a turnaround of 1 business hour, an APJ quote requested at 10:00
// on a Singapore working day is due at 11:00, and the request instant is
// required.
func TestOneHourTurnaround(t *testing.T) {
	p, err := distribution.ParsePolicy(distribution.Default(), []byte(`{"quotes":{"apj":{"turnaround_hours":1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sg := program.Partner{ID: "P-SG", Country: "SG", Track: program.TrackSelect, Standing: program.StandingGood, AgreementSigned: true}
	at := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC) // Tuesday 10:00 in Singapore
	d, err := p.Quote(distribution.QuoteRequest{Partner: sg, RequestedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if want := at.Add(time.Hour); d.Outcome != distribution.QuotePortal || !d.Due.Equal(want) {
		t.Errorf("outcome %s due %s; want portal_request due %s", d.Outcome, d.Due, want)
	}
	_, err = p.Quote(distribution.QuoteRequest{Partner: sg})
	wantFields(t, err, "/requested_at")
}
