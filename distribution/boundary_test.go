package distribution_test

import (
	"slices"
	"strings"
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

// An email address has a local part of at most 64 ASCII characters and a
// host name of at most 253, in labels of 1 to 63 letters, digits and
// hyphens that neither start nor end with a hyphen.
func TestEmailSyntaxAtItsLimits(t *testing.T) {
	label := func(n int) string { return strings.Repeat("a", n) }
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	check := func(email string) error {
		_, err := distribution.Default().CheckOrder(distribution.Order{Kind: distribution.KindRenewal,
			EndUser: distribution.EndUser{Email: email}}, now)
		if fs := fields(err); slices.Contains(fs, "/end_user/email") {
			return err
		}
		return nil
	}
	for _, good := range []string{
		label(64) + "@example.com",
		"x@" + label(63) + "." + label(63) + "." + label(63) + "." + label(61), // 253
		"x@" + label(63) + ".example",
		"x@az-AZ-09.example",
		"x@a-b.example",
	} {
		if err := check(good); err != nil {
			t.Errorf("%q (%d characters) refused: %v", good, len(good), err)
		}
	}
	for _, bad := range []string{
		label(65) + "@example.com",
		"x@" + label(63) + "." + label(63) + "." + label(63) + "." + label(62), // 254
		"x@" + label(64) + ".example",
		"é@example.com",
		"x@exa_mple.com",
		"x@exa`mple.com",
		"x@exa{mple.com",
		"x@exa/mple.com",
		"x@-ab.example",
		"x@ab-.example",
	} {
		if err := check(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A distributor's countries must lie in its territory: the US is in North
// America for an ordinary distributor, and in US PubSec for a public-sector
// one.
func TestDistributorCountriesInTheirTerritory(t *testing.T) {
	for _, terr := range []distribution.Territory{distribution.TerritoryNorthAmerica, distribution.TerritoryUSPubSec} {
		p := distribution.Default()
		p.Distributors = append(p.Distributors, distribution.Distributor{Name: "Alt", Site: "https://alt.example/",
			Territory: terr, Role: distribution.RoleAlternative, Countries: []program.Country{"US"}, Email: "sales@alt.example"})
		if err := p.Validate(); err != nil {
			t.Errorf("an alternative in %s for the US: %v", terr, err)
		}
	}
}
