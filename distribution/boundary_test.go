package distribution_test

import (
	"fmt"
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

// TestTurnaroundWithinTheBoundButBeyondTheCalendar: 8784 hours (366 days
// of 24 hours) is the largest turnaround a policy may state, but no
// workday is 24 hours long (the longest runs 00:00-23:59), so on the
// longest calendar it is refused for the calendar's sake, and the problem
// says so; one hour more is refused for the bound itself.
func TestTurnaroundWithinTheBoundButBeyondTheCalendar(t *testing.T) {
	const allWeek = `"calendar":{"time_zone":"UTC","workdays":["monday","tuesday","wednesday","thursday","friday","saturday","sunday"],"workday_start":"00:00","workday_end":"23:59"}`
	for hours, want := range map[int]string{
		distribution.MaxTurnaroundHours:     "more than 366 working days",
		distribution.MaxTurnaroundHours - 1: "more than 366 working days",
		distribution.MaxTurnaroundHours + 1: "is not between 0 and 8784",
	} {
		patch := fmt.Sprintf(`{"quotes":{"apj":{"turnaround_hours":%d,%s}}}`, hours, allWeek)
		_, err := distribution.ParsePolicy(distribution.Default(), []byte(patch))
		wantFields(t, err, "/quotes/apj/turnaround_hours")
		if fe := program.FieldErrors(err); len(fe) != 1 || !strings.Contains(fe[0].Detail, want) {
			t.Errorf("%d hours: %v; want a problem saying %q", hours, err, want)
		}
	}
	// 366 days of 23 hours 59 minutes hold 8777 whole hours.
	if _, err := distribution.ParsePolicy(distribution.Default(), []byte(fmt.Sprintf(`{"quotes":{"apj":{"turnaround_hours":8777,%s}}}`, allWeek))); err != nil {
		t.Errorf("8777 hours on the longest calendar: %v", err)
	}
}

// TestOrderEventsAtTheirBounds: an order invoiced the instant it became
// ready to invoice is possible, and an event recorded at the evaluation
// instant itself is not in the future; neither is an input error.
func TestOrderEventsAtTheirBounds(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for name, o := range map[string]distribution.Order{
		"invoiced when ready": {Kind: distribution.KindRenewal, ReadyToInvoiceAt: now.Add(-time.Hour), InvoicedAt: now.Add(-time.Hour)},
		"invoiced at now":     {Kind: distribution.KindRenewal, ReadyToInvoiceAt: now.Add(-time.Hour), InvoicedAt: now},
		"accepted at now":     {Kind: distribution.KindRenewal, EULA: distribution.EULA{AcceptedAt: now}},
		"e-signed at now":     {Kind: distribution.KindRenewal, QuoteESignedAt: now},
	} {
		if _, err := distribution.Default().CheckOrder(o, now); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A second later is the future.
	_, err := distribution.Default().CheckOrder(distribution.Order{Kind: distribution.KindRenewal, InvoicedAt: now.Add(time.Second)}, now)
	wantFields(t, err, "/invoiced_at")

	// An event the order does not record is after no instant, not even one
	// before year 1, where Go's zero time lies.
	early := time.Date(0, 12, 31, 23, 59, 39, 0, time.UTC)
	if _, err := distribution.Default().CheckOrder(distribution.Order{Kind: distribution.KindRenewal}, early); err != nil {
		t.Errorf("an order without events, checked before year 1: %v", err)
	}
}

// TestPathWithManyOptions: a territory with three primary distributors and
// a partner enrolled in both marketplaces has five options, each with its
// reason after the territory's.
func TestPathWithManyOptions(t *testing.T) {
	p := distribution.Default()
	p.Distributors = append(slices.Clone(p.Distributors), distribution.Distributor{Name: "Third JP", Site: "https://third.example/",
		Territory: distribution.TerritoryJapan, Role: distribution.RolePrimary, Email: "sales@third.example"})
	d, err := p.Path(distribution.PathRequest{Partner: program.Partner{Country: "JP", Track: program.TrackOpen, Standing: program.StandingGood,
		Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO, program.MarketplaceGoogleMCPO}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Options) != 5 || d.Reasons.Len() != 6 {
		t.Fatalf("%d options and %d reasons, want 5 and 6", len(d.Options), d.Reasons.Len())
	}
	for i, o := range d.Options {
		if d.Reasons.At(i+1).Rule != o.Reason.Reason().Rule || d.Reasons.At(i+1).Text() != o.Reason.Reason().Text() {
			t.Errorf("reason %d is %s, option %d's is %s", i+1, d.Reasons.At(i+1), i, o.Reason.Reason())
		}
	}
	if names := []string{d.Options[0].Name, d.Options[1].Name, d.Options[2].Name}; !slices.Equal(names, []string{"Networld", "SB C&S", "Third JP"}) {
		t.Errorf("distributors %q, want the policy's three in its order", names)
	}
}
