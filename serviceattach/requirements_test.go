package serviceattach_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// registrationRequires lists the members of one registration, at pointer
// at in operation op's input, that every decision on it reads. A member is
// required exactly when the decision reads it and its absence means
// nothing the rules can decide: an optional member that is absent reads as
// false, as an empty list, or as a fact not recorded, which the rules
// decide (an unmet requirement, or a review).
func registrationRequires(op, at string) []casetest.Requirement {
	partner := casetest.Required(op, at+"/partner", "PSP status is the partner's professional_services competency", serviceattach.RulePSP)
	partner.Values = []string{`{}`, `{"competencies":["professional_services"]}`}
	return []casetest.Requirement{
		casetest.Required(op, at+"/submitted", "the 12-month paid-engagement window runs from it; a portfolio orders registrations by it",
			serviceattach.RulePaidWindow, serviceattach.RuleOnePerOpportunity),
		partner,
		casetest.Required(op, at+"/opportunity", "the related license opportunity (stage none when there is none)",
			serviceattach.RuleNoLicenseOpportunity),
		casetest.Required(op, at+"/opportunity/stage", "closed-won, or none (no license opportunity)",
			serviceattach.RuleNoLicenseOpportunity, serviceattach.RuleClosedWon, serviceattach.RulePaidClosedWon, serviceattach.RuleManagedClosedWon),
		casetest.Required(op, at+"/opportunity/net_arr/amount", "a Net ARR, when given, is an amount in a currency", serviceattach.RulePaidNetARR),
		casetest.Required(op, at+"/opportunity/net_arr/currency", "a Net ARR, when given, is an amount in a currency", serviceattach.RulePaidNetARR),
		casetest.Required(op, at+"/services", "the categories the engagement covers: the scope and two disqualifiers",
			serviceattach.RuleInScopeService, serviceattach.RuleNonGitLab, serviceattach.RuleEducationOnly, serviceattach.RuleManagedService),
		casetest.Required(op, at+"/evidence/kind", "a document counts as a SOW, or as an acknowledgement for a regulated industry",
			serviceattach.RuleSOW, serviceattach.RulePaidSOW),
	}
}

// requires lists every member the inputs of serviceattach require. Tagging
// an unread member required fails TestRequiredExactlyWhenRead; so does
// listing a member no change of which changes a decision.
var requires = append(append(registrationRequires("serviceattach.classify", ""),
	casetest.Required("serviceattach.portfolio", "/registrations", "the registrations judged together",
		serviceattach.RuleOnePerOpportunity, serviceattach.RuleOnePerSOW),
	casetest.Required("serviceattach.portfolio", "/registrations/*/id", "each entry is named by it, and so is the registration that holds an opportunity or a document",
		serviceattach.RuleOnePerOpportunity, serviceattach.RuleOnePerSOW, serviceattach.RuleSameDay),
	casetest.Requirement{Op: "serviceattach.portfolio", Pointer: "/registrations/*/opportunity/id",
		When:  func(s casetest.Situation) bool { return s.Parent()["stage"] != "none" },
		Rules: []program.RuleID{serviceattach.RuleOnePerOpportunity},
		Why:   "registrations of one opportunity are told apart by it (stage none: there is no opportunity)"},
	casetest.Requirement{Op: "serviceattach.portfolio", Pointer: "/registrations/*/evidence/id",
		Rules: []program.RuleID{serviceattach.RuleOnePerSOW},
		Why:   "a document counts for one registration, known by its ID"}),
	registrationRequires("serviceattach.portfolio", "/registrations/*")...)

// TestRequiredExactlyWhenRead holds the inputs of serviceattach to "a
// member is required exactly when the decision reads it", on every
// deciding case of the case book (see casetest.Requirements). The case book
// has no portfolio with a registration without a license opportunity,
// which needs no opportunity ID; one is made from another case to show it.
func TestRequiredExactlyWhenRead(t *testing.T) {
	cases := casetest.Load(t, "../testdata/serviceattach")
	cases = append(cases, casetest.Edit(t, cases, "serviceattach-portfolio-independent", "portfolio-without-license-opportunity",
		"/registrations/1/opportunity", `{"stage":"none"}`))
	casetest.Requirements(t, channelpolicy.ServiceAttach(), cases, requires)
}
