package dealreg_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestEligibilityTextsCarryTheirFacts: each failed eligibility requirement
// says what the registration has: a whole customer account, 0 trained
// employees of the 1 the default policy asks for, a renewal at stage 2
// without sourced growth.
func TestEligibilityTextsCarryTheirFacts(t *testing.T) {
	r := registration()
	r.Scope = dealreg.ScopeCustomerAccount
	r.Partner.AgreementSigned = false
	r.Partner.Employees.FoundationsTrained = 0
	r.Opportunity.Kind = program.KindRenewal
	r.Program = dealreg.ProgramServiceAttached
	d, err := dealreg.Default().Route(r, at("2026-03-03T09:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[program.RuleID]string{
		dealreg.RuleSingleOpportunity: "the registration covers a whole customer account; each sales opportunity is registered on its own",
		dealreg.RuleAgreement:         "the partner has not signed the Partner Program Agreement",
		dealreg.RuleTraining:          "0 employees completed Foundations for Partners training; at least 1 must",
		dealreg.RuleOpportunityKind:   "a renewal qualifies only at stages 3-6 with sourced growth; this one is at stage 2 without sourced growth",
		dealreg.RuleProgramType:       "service-attached registrations are qualified by the service-attach rules, not routed as deal registrations",
	}
	seen := 0
	for _, rs := range d.Reasons.All() {
		if w, ok := want[rs.Rule]; ok {
			seen++
			if got := rs.Text(); got != w {
				t.Errorf("%s:\n got %q\nwant %q", rs.Rule, got, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d eligibility reasons: %v", seen, len(want), d.Reasons.IDs())
	}
}

// TestEventsAtTheirBounds: a last sales activity at the evaluation instant
// (or dated its day, when it starts at midnight), an ESM decision at the
// evaluation instant, and one at the very instant of the submission are
// all possible: none is an input error. A second past either bound is.
func TestEventsAtTheirBounds(t *testing.T) {
	now := at("2026-03-10T00:00:00Z")
	for name, change := range map[string]func(*dealreg.Registration){
		"activity at now": func(r *dealreg.Registration) { r.Opportunity.LastSalesActivity = program.AtInstant(now) },
		"activity on now's day": func(r *dealreg.Registration) {
			r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2026, 3, 10))
		},
		"ESM at now": func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: now}
		},
		"ESM at submission": func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: r.SubmittedAt}
		},
	} {
		r := registration()
		change(&r)
		if _, err := dealreg.Default().Route(r, now); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, change := range map[string]func(*dealreg.Registration){
		"ESM a second after now": func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: now.Add(1e9)}
		},
		"ESM a second before the submission": func(r *dealreg.Registration) {
			r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: r.SubmittedAt.Add(-1e9)}
		},
		"activity a second after now": func(r *dealreg.Registration) { r.Opportunity.LastSalesActivity = program.AtInstant(now.Add(1e9)) },
		"activity dated the day after now's": func(r *dealreg.Registration) {
			r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2026, 3, 11))
		},
	} {
		r := registration()
		change(&r)
		if _, err := dealreg.Default().Route(r, now); err == nil {
			t.Errorf("%s: no input error", name)
		}
	}
}

// TestBadDecisionAtTheBoundsIsOneProblem: an ESM decision that is not a
// verdict, made exactly at the evaluation instant or at the submission,
// is refused for its verdict alone: its instant is within bounds.
func TestBadDecisionAtTheBoundsIsOneProblem(t *testing.T) {
	now := at("2026-03-10T00:00:00Z")
	for _, when := range []string{"now", "submission"} {
		r := registration()
		r.ESM = &dealreg.Review{Decision: "maybe", At: now}
		if when == "submission" {
			r.ESM.At = r.SubmittedAt
		}
		_, err := dealreg.Default().Route(r, now)
		if got := fieldPaths(err); len(got) != 1 || got[0] != "/esm/decision" {
			t.Errorf("ESM at %s: problems at %q, want only /esm/decision", when, got)
		}
	}
}

// Rules of engagement, stage 0-2: the ASM's days run from the ESM
// approval, when the registration reaches the ASM. An ESM denial never
// reaches the ASM, so it starts no clock: the denied decision has no
// deadline and nobody is due to act.
func TestAnESMDenialStartsNoASMClock(t *testing.T) {
	r := registration()
	r.ESM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-04T10:00:00Z")}
	// Long enough after the denial that a clock started by it would have
	// run out too.
	d, err := dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != dealreg.Denied || !d.Deadline.IsZero() || !d.Next.IsZero() {
		t.Errorf("outcome %s, deadline %v, next %+v; want denied with no deadline and nobody to act", d.Outcome, d.Deadline, d.Next)
	}
}

// Rules of engagement: deadlines are inclusive, so an ESM that decides at
// the very instant of the deadline decided in time. When the ASM then
// decides a second late, the reason names the ASM's decision as the late
// one, on the sourced-growth path and on stage 0-2 under the submission
// clock (both count 10 days from submission at 2026-03-02T09:00Z).
func TestTheLateReasonNamesTheASMWhenTheESMDecidedAtTheDeadline(t *testing.T) {
	growth := registration()
	growth.Opportunity.Kind, growth.Opportunity.Stage, growth.Opportunity.SourcedGrowth = program.KindRenewal, program.Stage4, true
	early := registration()
	fromSubmission := dealreg.Default()
	fromSubmission.ASMClockStart = dealreg.ClockFromSubmission
	for _, tt := range []struct {
		name string
		p    dealreg.Policy
		r    dealreg.Registration
		rule program.RuleID
	}{
		{"sourced growth", dealreg.Default(), growth, dealreg.RuleSourcedGrowthLate},
		{"stage 0-2, submission clock", fromSubmission, early, dealreg.RuleEarlyStageASMLate},
	} {
		r := tt.r
		r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-12T09:00:00Z")}
		r.ASM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-12T09:00:01Z")}
		d := route(t, tt.p, r, "2026-03-20T00:00:00Z")
		if d.Outcome != dealreg.Approved {
			t.Errorf("%s: outcome %s, want approved by the timeout", tt.name, d.Outcome)
		}
		text := textOf(t, d.Reasons, tt.rule)
		wantIn(t, text, "ASM denied at 2026-03-12T09:00:01Z")
		if strings.Contains(text, "ESM") {
			t.Errorf("%s: %q names the ESM, which decided in time", tt.name, text)
		}
	}
}

// Key Guidelines: an approval is active for 90 days. Ecosystem Ops
// approves a registration with no CRM opportunity at its submission, and
// the expiry reason says so: approved at 2026-03-02T09:00Z, active until
// 2026-05-31T09:00Z.
func TestTheExpiryReasonOfAnApprovalWithoutAnOpportunity(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = program.StageNone
	d := route(t, dealreg.Default(), r, "2026-03-05T00:00:00Z")
	if d.Outcome != dealreg.Approved || d.Status != dealreg.Active {
		t.Fatalf("outcome %s, status %s; want approved and active", d.Outcome, d.Status)
	}
	wantIn(t, textOf(t, d.Reasons, dealreg.RuleExpiryActive), "approved at 2026-03-02T09:00:00Z", "active until 2026-05-31T09:00:00Z", "(90 days)")
}

// An approval never expires before it is made, even one made days before
// the last instant a time.Time holds: its 90 days stop at that instant
// rather than wrap round to the distant past.
func TestAnApprovalAtTheEndOfTimeIsInForce(t *testing.T) {
	// The seconds from year 1 to 1970, which time.Time adds to Unix
	// seconds to count from year 1.
	const unixToInternal = 62135596800
	r := registration()
	r.Opportunity.Stage = program.StageNone
	r.SubmittedAt = time.Unix(math.MaxInt64-unixToInternal-5*24*60*60, 0).UTC()
	d, err := dealreg.Default().Route(r, r.SubmittedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != dealreg.Approved || d.Status != dealreg.Active || d.ExpiresAt.Before(d.ApprovedAt) {
		t.Errorf("outcome %s, status %s, approved at %v, expires at %v; want in force, expiring after its approval",
			d.Outcome, d.Status, d.ApprovedAt, d.ExpiresAt)
	}
}

// A decision on a path without a timeout clock has no deadline at all:
// its Deadline and its action's Due are the zero time.Time, not an
// instant in the policy's zone, whichever zone the policy is in.
func TestAPathWithoutAClockHasNoDeadline(t *testing.T) {
	p := dealreg.Default()
	p.TimeZone = program.MustTimeZone("Europe/Berlin")
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	now := at("2026-03-20T09:00:00Z")
	for _, stage := range []program.Stage{program.StageNone, program.Stage4, program.Stage7, program.StageClosedWon} {
		r := registration()
		r.Opportunity.Stage = stage
		if stage == program.Stage4 {
			r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2025, 1, 1))
		}
		d, err := p.Route(r, now)
		if err != nil {
			t.Fatal(err)
		}
		if d.Deadline != (time.Time{}) || d.Next.Due != (time.Time{}) {
			t.Errorf("stage %s (%s): deadline %#v, due %#v; want none", stage, d.Outcome, d.Deadline, d.Next.Due)
		}
	}
}
