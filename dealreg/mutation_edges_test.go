package dealreg_test

import (
	"testing"

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
