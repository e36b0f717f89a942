package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

const caseDir = "../../testdata/dealreg"

// What shortening expiry from 90 to 60 days should do, written down before
// running the comparison. Only a decision's expiry status can change:
// nothing about eligibility or routing depends on the expiry days.
//
// An approval moves from active to expired when now falls in the last 30
// days of its old life: approved_at + 60 days <= now < approved_at + 90 days.
// Of the dealreg.expiry cases (where the status is the outcome) these five
// do, all in UTC:
var wantExpired = []string{
	"dealreg-expiry-one-second-before-90-days", // 03-01 12:00 + 60 = 04-30; now 05-30 11:59:59
	"dealreg-expiry-leap-year",                 // 2028-01-15 + 60 = 03-15 (29 Feb counts); now 04-13
	"dealreg-expiry-non-leap-year",             // 2026-01-15 + 60 = 03-16; now 04-14
	"dealreg-expiry-utc-no-dst",                // 01-10 09:00 + 60 = 03-11; now 04-10 08:30
	"dealreg-expiry-month-end",                 // 2026-11-30 23:00 + 60 = 2027-01-29; now 02-28
}

// A route decision stays "approved" whichever way the expiry goes, so a
// route case whose approval runs out only changes its last rule, from
// dealreg.expiry.active to dealreg.expiry.expired. This one does: the
// timeout approval of 03-14 10:00 expires 05-13 under 60 days, and now is
// 06-12.
var wantReasonsOnly = []string{"dealreg-expiry-route-timeout-approval-from-deadline"}

func TestSixtyDayExpiry(t *testing.T) {
	cases, err := casebook.LoadDir(caseDir)
	if err != nil {
		t.Fatal(err)
	}

	// First check the hand-made lists against the case book itself, so a
	// new case that the change moves cannot slip past them.
	expired, reasonsOnly := affected(t, cases, 90, 60)
	if !slices.Equal(expired, wantExpired) {
		t.Errorf("expiry cases that move, computed from the case book:\n%v\nwant (by hand):\n%v", expired, wantExpired)
	}
	if !slices.Equal(reasonsOnly, wantReasonsOnly) {
		t.Errorf("route cases whose approval runs out, computed from the case book:\n%v\nwant (by hand):\n%v", reasonsOnly, wantReasonsOnly)
	}

	// Then run the change.
	report, err := compare(cases, []byte(sixtyDays), len(cases))
	if err != nil {
		t.Fatal(err)
	}
	want := []casebook.Transition{{From: "active", To: "expired", Count: len(wantExpired), Examples: wantExpired}}
	if report.Total != len(cases) || report.Changed != len(wantExpired) ||
		!slices.EqualFunc(report.Transitions, want, sameTransition) {
		t.Errorf("got %s\nwant exactly: active -> expired: %d %v", report.Summary(), len(wantExpired), wantExpired)
	}
	if report.ReasonsChanged != len(wantReasonsOnly) {
		t.Errorf("%d decisions changed reasons only, want %d (%v)", report.ReasonsChanged, len(wantReasonsOnly), wantReasonsOnly)
	}

	// And check that the reasons-only change is the expiry rule, not a
	// different route.
	before := channelpolicy.Default().Policies()
	after, err := before.Load([]byte(sixtyDays))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !slices.Contains(wantReasonsOnly, c.ID) {
			continue
		}
		old, err1 := casebook.Run(before, c)
		now, err2 := casebook.Run(after, c)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", c.ID, err1, err2)
		}
		last := len(old.Rules) - 1
		if old.Outcome != "approved" || now.Outcome != "approved" ||
			!slices.Equal(old.Rules[:last], now.Rules[:last]) ||
			old.Rules[last] != dealreg.RuleExpiryActive || now.Rules[last] != dealreg.RuleExpiryExpired {
			t.Errorf("%s: %s %v -> %s %v; want the same route with the expiry rule turned to expired", c.ID, old.Outcome, old.Rules, now.Outcome, now.Rules)
		}
	}
}

// A change that changes nothing moves nothing: the comparison itself is
// sound.
func TestNoChangeMovesNothing(t *testing.T) {
	cases, err := casebook.LoadDir(caseDir)
	if err != nil {
		t.Fatal(err)
	}
	report, err := compare(cases, []byte(`{"dealreg":{"expiry_days":90}}`), 3)
	if err != nil {
		t.Fatal(err)
	}
	if report.Changed != 0 || report.ReasonsChanged != 0 {
		t.Errorf("the handbook's own 90 days changed decisions:\n%s", report.Summary())
	}
}

func TestMainPrintsTheSummary(t *testing.T) {
	var out strings.Builder
	if err := run(&out, caseDir, sixtyDays); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "active -> expired: 5 (e.g. dealreg-expiry-one-second-before-90-days,") {
		t.Errorf("summary:\n%s", out.String())
	}
	if err := run(&out, caseDir, `{"dealreg":{"expiry_days":0}}`); err == nil || !strings.Contains(err.Error(), "/dealreg/expiry_days") {
		t.Errorf("an invalid change: got %v, want an error naming /dealreg/expiry_days", err)
	}
}

// affected works out from the case book, without the diff, which cases a
// change of expiry from oldDays to newDays moves: the expiry cases whose
// status flips, and the route cases whose approval's status flips. It
// fails the test if a competition case would be touched, since which
// registration then wins needs working out by hand.
//
// A case that pins part of the policy (a time zone, a clock start) is
// decided under the compared policy with its pin laid over it, so it moves
// too, counted in its own zone; one that pins expiry_days itself does not
// move.
func affected(t *testing.T, cases []casebook.Case, oldDays, newDays int) (expired, reasonsOnly []string) {
	t.Helper()
	for _, c := range cases {
		if c.Now.IsZero() {
			continue
		}
		pol := dealreg.Default()
		if len(c.Policy) > 0 {
			var err error
			if pol, err = dealreg.ParsePolicy(pol, c.Policy); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
		}
		var pins map[string]json.RawMessage
		json.Unmarshal(c.Policy, &pins)
		_, pinned := pins["expiry_days"]
		loc := pol.TimeZone.Location()
		flips := func(approvedAt, now time.Time) bool {
			// Active while approved_at <= now < approved_at + N calendar
			// days in the policy's zone.
			if pinned {
				return false
			}
			at := approvedAt.In(loc)
			return now.Before(at.AddDate(0, 0, oldDays)) && !now.Before(at.AddDate(0, 0, newDays))
		}
		// approvedAt routes r under the case's policy: the expiry days do
		// not change when or whether it was approved.
		approvedAt := func(r dealreg.Registration, now time.Time) (time.Time, bool) {
			d, err := pol.Route(r, now)
			return d.ApprovedAt, err == nil && d.Outcome == dealreg.Approved
		}
		switch c.Operation {
		case "dealreg.expiry":
			var in channelpolicy.ExpiryInput
			if program.DecodeJSON(c.Input, &in) == nil && !in.ApprovedAt.IsZero() && !in.ApprovedAt.After(c.Now) && flips(in.ApprovedAt, c.Now) {
				expired = append(expired, c.ID)
			}
		case "dealreg.route":
			var r dealreg.Registration
			if program.DecodeJSON(c.Input, &r) != nil {
				continue
			}
			if at, ok := approvedAt(r, c.Now); ok && flips(at, c.Now) {
				reasonsOnly = append(reasonsOnly, c.ID)
			}
		case "dealreg.resolve":
			var comp dealreg.Competition
			if program.DecodeJSON(c.Input, &comp) != nil {
				continue
			}
			for _, r := range comp.Registrations {
				if at, ok := approvedAt(r, c.Now); ok && flips(at, c.Now) {
					t.Errorf("%s: registration %s's approval runs out under %d days; work out the new winner by hand and add it to this test", c.ID, r.ID, newDays)
				}
			}
		default:
			t.Errorf("%s: operation %s is new to this test", c.ID, c.Operation)
		}
	}
	return expired, reasonsOnly
}

func sameTransition(a, b casebook.Transition) bool {
	return a.From == b.From && a.To == b.To && a.Count == b.Count && slices.Equal(a.Examples, b.Examples)
}
