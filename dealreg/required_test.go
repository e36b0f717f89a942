package dealreg_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// requires lists every member the inputs of dealreg require, with the rules
// that read it: a member is required exactly when the decision reads it.
// Tagging an unread member required (the partner's track, say) fails
// TestRequiredExactlyWhenRead; so does listing a member no change of which
// changes a decision.
var requires = func() []casetest.Requirement {
	out := routeRequires("dealreg.route", "")
	out = append(out, routeRequires("dealreg.resolve", "/registrations/*")...)
	return append(out,
		casetest.Required("dealreg.resolve", "/registrations", "the competing registrations",
			dealreg.RuleConflictHolder, dealreg.RuleConflictEarliest, dealreg.RuleConflictLater, dealreg.RuleConflictTie),
		casetest.Required("dealreg.resolve", "/registrations/*/id", "names each entry of the resolution, the winner and the registration that blocks another",
			dealreg.RuleConflictHolder, dealreg.RuleConflictEarliest, dealreg.RuleConflictBlocked, dealreg.RuleConflictPrecedesHolder),
		casetest.Required("dealreg.resolve", "/registrations/*/local_support", "a partner that cannot support the customer locally does not compete",
			dealreg.RuleConflictNoLocalSupport),
		casetest.Required("dealreg.expiry", "/approved_at", "the registration is active for a number of days from its approval",
			dealreg.RuleExpiryActive, dealreg.RuleExpiryExpired),
	)
}()

// routeRequires lists the members of one registration at pointer at that
// routing it reads and requires. A member that holds other listed members
// is required because they are.
func routeRequires(op, at string) []casetest.Requirement {
	r := func(pointer string, why string, rules ...program.RuleID) casetest.Requirement {
		return casetest.Required(op, at+pointer, why, rules...)
	}
	form := func(pointer string, why string) casetest.Requirement {
		return casetest.Requirement{Op: op, Pointer: at + pointer, Schema: true, Form: true, Why: why}
	}
	return []casetest.Requirement{
		r("/partner", "holds the agreement and the Foundations-trained count", dealreg.RuleAgreement, dealreg.RuleTraining),
		r("/partner/agreement_signed", "only a partner with a signed agreement may register", dealreg.RuleAgreement),
		r("/partner/employees", "holds the Foundations-trained count", dealreg.RuleTraining),
		r("/partner/employees/foundations_trained", "the partner needs Foundations-trained employees", dealreg.RuleTraining),
		r("/scope", "a registration covers a single opportunity", dealreg.RuleSingleOpportunity),
		r("/program", "the program type must be one deal registration covers", dealreg.RuleProgramType),
		r("/opportunity", "holds the kind and the stage", dealreg.RuleOpportunityKind),
		r("/opportunity/kind", "the opportunity kind must be one deal registration covers", dealreg.RuleOpportunityKind),
		r("/opportunity/stage", "the rules-of-engagement path, and the renewal reading of the opportunity kind",
			dealreg.RuleNoOpportunity, dealreg.RuleEarlyStage, dealreg.RuleSourcedGrowth, dealreg.RuleMidStage, dealreg.RuleLateStage, dealreg.RuleOpportunityKind),
		form("/opportunity/net_arr/amount", "a Net ARR, when given, is an amount in a currency; routing does not read it"),
		form("/opportunity/net_arr/currency", "a Net ARR, when given, is an amount in a currency; routing does not read it"),
		r("/submitted_at", "the sourced-growth clock and the submission clock; the approval date without an opportunity and of an aged mid-stage one",
			dealreg.RuleSourcedGrowth, dealreg.RuleSourcedGrowthTimeout, dealreg.RuleEarlyStageASMTimeout, dealreg.RuleNoOpportunity, dealreg.RuleMidStageAged),
		r("/esm/decision", "the review leaves: denied by the ESM, the ASM clock from the ESM approval; and a review recorded off the reviewed paths",
			dealreg.RuleEarlyStageESMDenied, dealreg.RuleSourcedGrowthESMDenied, dealreg.RuleEarlyStageASMPending, dealreg.RuleMovedOn),
		r("/esm/at", "the ASM clock from the ESM approval, a late ASM decision, a review recorded off the reviewed paths",
			dealreg.RuleEarlyStageASMTimeout, dealreg.RuleEarlyStageASMLate, dealreg.RuleSourcedGrowthLate, dealreg.RuleMovedOn),
		r("/asm/decision", "approved or denied by the ASM",
			dealreg.RuleEarlyStageASMApproved, dealreg.RuleEarlyStageASMDenied, dealreg.RuleSourcedGrowthASMApproved, dealreg.RuleSourcedGrowthASMDenied),
		r("/asm/at", "approved by the ASM by the deadline, or late",
			dealreg.RuleEarlyStageASMApproved, dealreg.RuleEarlyStageASMLate, dealreg.RuleSourcedGrowthLate),
		{Op: op, Pointer: at + "/esm", At: at + "/asm",
			When:  func(s casetest.Situation) bool { return s.Parent()["asm"] != nil },
			Rules: []program.RuleID{dealreg.RuleEarlyStageASMApproved, dealreg.RuleSourcedGrowthASMApproved},
			Why:   "an ASM decision needs the ESM approval before it: without it, the ASM decision is reported"},
	}
}

// TestRequiredExactlyWhenRead holds the inputs of dealreg to "a member is
// required exactly when the decision reads it", on every deciding case of
// the case book (see casetest.Requirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	casetest.Requirements(t, channelpolicy.DealReg(), casetest.Load(t, "../testdata/dealreg"), requires)
}
