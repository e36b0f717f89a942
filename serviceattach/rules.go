package serviceattach

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// Handbook section headings the rules cite, in the handbook's words.
const (
	// SectionHowItWorks covers one qualifying registration per opportunity,
	// one registration per SOW and the multi-phase exception.
	SectionHowItWorks = "How Service Attached Registrations Work"
	// SectionCategories covers the approved, accepted and unqualified
	// categories.
	SectionCategories = "Qualification Categories"
)

// Sections lists the sections this package covers, in handbook order.
var Sections = []string{SectionHowItWorks, SectionCategories}

// Disqualifiers: any one makes a registration unqualified outright, whatever
// else holds.
const (
	RuleNonGitLab            program.RuleID = "serviceattach.unqualified.non_gitlab"
	RuleNoLicenseOpportunity program.RuleID = "serviceattach.unqualified.no_license_opportunity"
	RuleCEWithoutUpgrade     program.RuleID = "serviceattach.unqualified.ce_without_upgrade"
	RuleGitLabPSSubcontract  program.RuleID = "serviceattach.unqualified.gitlab_ps_subcontract"
	RuleEducationOnly        program.RuleID = "serviceattach.unqualified.education_training"
)

// Approved requirements (rebate and PSP compliance). An approved decision
// cites each of them as met; an accepted or unqualified decision whose
// nearest better category is approved cites each one unmet.
const (
	RuleClosedWon          program.RuleID = "serviceattach.approved.closed_won"
	RulePSP                program.RuleID = "serviceattach.approved.psp"
	RuleSOW                program.RuleID = "serviceattach.approved.sow"
	RuleCloseWindow        program.RuleID = "serviceattach.approved.close_window"
	RuleSignatureWindow    program.RuleID = "serviceattach.approved.signature_window"
	RuleInScopeService     program.RuleID = "serviceattach.approved.in_scope_service"
	RuleNotFree            program.RuleID = "serviceattach.approved.not_free"
	RuleNotSubcontracted   program.RuleID = "serviceattach.approved.not_subcontracted"
	RuleNotPartnerSoftware program.RuleID = "serviceattach.approved.not_partner_software"
)

// Accepted routes (PSP compliance only) and their requirements. A route that
// holds is cited by its route rule; the requirements are cited only when
// unmet, as the nearest miss of an unqualified decision.
const (
	RuleAcceptedPaid  program.RuleID = "serviceattach.accepted.paid"
	RulePaidNotFree   program.RuleID = "serviceattach.accepted.paid.not_free"
	RulePaidSOW       program.RuleID = "serviceattach.accepted.paid.sow"
	RulePaidWindow    program.RuleID = "serviceattach.accepted.paid.window"
	RulePaidClosedWon program.RuleID = "serviceattach.accepted.paid.closed_won"
	RulePaidNetARR    program.RuleID = "serviceattach.accepted.paid.net_arr"

	RuleAcceptedFree   program.RuleID = "serviceattach.accepted.free"
	RuleFreeOfCharge   program.RuleID = "serviceattach.accepted.free.free_of_charge"
	RuleFreePartnerLed program.RuleID = "serviceattach.accepted.free.partner_led"
	RuleFreeProof      program.RuleID = "serviceattach.accepted.free.proof"

	RuleAcceptedManaged        program.RuleID = "serviceattach.accepted.managed"
	RuleManagedClosedWon       program.RuleID = "serviceattach.accepted.managed.closed_won"
	RuleManagedService         program.RuleID = "serviceattach.accepted.managed.managed_hosted"
	RuleManagedPartnerSoftware program.RuleID = "serviceattach.accepted.managed.partner_software"
)

// RuleNoCategory leads an unqualified decision that no disqualifier caused:
// the registration meets no category, and the reasons after it are the unmet
// requirements of the nearest one.
const RuleNoCategory program.RuleID = "serviceattach.unqualified.no_category"

// Reviews: the category of a registration hinges on a date it does not
// record. Valid facts in a combination the rules do not expect are decided,
// not refused: the registration needs review, with a reason naming the
// facts, and PSP compliance when an accepted route holds whatever the date.
// A missing date that does not decide the category is an unmet requirement
// of the nearest category instead, like any other.
const (
	// RuleReviewCloseDate: the opportunity is closed-won but records no
	// close date, so the window after the close cannot be judged.
	RuleReviewCloseDate program.RuleID = "serviceattach.review.close_date"
	// RuleReviewSignatureDate: a signed document (a fully executed SOW, an
	// acknowledgement) records no date for a signature it carries, so a
	// window that reads the signature cannot be judged.
	RuleReviewSignatureDate program.RuleID = "serviceattach.review.signature_date"
)

// Portfolio rules, over many registrations.
const (
	RuleOnePerOpportunity program.RuleID = "serviceattach.portfolio.one_per_opportunity"
	RuleOnePerSOW         program.RuleID = "serviceattach.portfolio.one_per_sow"
	RuleMultiPhase        program.RuleID = "serviceattach.portfolio.multi_phase"
	RuleSameDay           program.RuleID = "serviceattach.portfolio.same_day"
	RuleNoConflict        program.RuleID = "serviceattach.portfolio.no_conflict"
)

// Rules lists every rule the package can cite, in handbook order.
func Rules() []program.Rule { return slices.Clone(ruleTable) }

// ruleTable declares every rule once, with the text its reasons are written
// with from their own facts: the portfolio rules' (portfolioText), the
// classification rules' (classifyText). Each is declared to program, which
// gives it its index in the reasons that cite it.
var ruleTable = func() []program.Rule {
	h, c := SectionHowItWorks, SectionCategories
	rules := []program.Rule{
		rule(RuleOnePerOpportunity, h, "only the earliest qualifying registration of an opportunity qualifies"),
		rule(RuleOnePerSOW, h, "a SOW counts for one registration only"),
		rule(RuleMultiPhase, h, "a later registration flagged as a multi-phase project driving an add-on or upsell is reviewed case by case"),
		rule(RuleSameDay, h, "qualifying registrations of one opportunity or SOW submitted the same day are reviewed: none is earliest"),
		rule(RuleNoConflict, h, "no two qualifying registrations share an opportunity or a SOW"),

		rule(RuleClosedWon, c, "approved: the related license opportunity is closed-won"),
		rule(RulePSP, c, "approved: the partner is a Professional Services Partner (PSP)"),
		rule(RuleSOW, c, "approved: a fully executed SOW was submitted, or a regulated-industry customer's written acknowledgement"),
		rule(RuleCloseWindow, c, "approved: the SOW was signed and handed in no later than 6 months after the opportunity closed"),
		rule(RuleSignatureWindow, c, "approved: the customer signed within 6 months before submission"),
		rule(RuleInScopeService, c, "approved: at least one service is in scope"),
		rule(RuleNotFree, c, "approved: the services are not free of charge"),
		rule(RuleNotSubcontracted, c, "approved: the services are not subcontracted"),
		rule(RuleNotPartnerSoftware, c, "approved: managed/hosted services are not on software sold to or owned by the partner"),

		rule(RuleAcceptedPaid, c, "accepted: paid engagement, SOW within 12 months of registration, closed-won with positive Net ARR"),
		rule(RulePaidNotFree, c, "accepted (paid engagement): the services are paid"),
		rule(RulePaidSOW, c, "accepted (paid engagement): a signed SOW was submitted"),
		rule(RulePaidWindow, c, "accepted (paid engagement): the SOW was signed and handed in no later than 12 months after the registration"),
		rule(RulePaidClosedWon, c, "accepted (paid engagement): the opportunity is closed-won"),
		rule(RulePaidNetARR, c, "accepted (paid engagement): the opportunity's Net ARR is positive"),

		rule(RuleAcceptedFree, c, "accepted: free-of-charge, partner-led services with proof of execution"),
		rule(RuleFreeOfCharge, c, "accepted (free of charge): the services are free of charge"),
		rule(RuleFreePartnerLed, c, "accepted (free of charge): the partner leads the services (not subcontracted)"),
		rule(RuleFreeProof, c, "accepted (free of charge): proof of execution is given"),

		rule(RuleAcceptedManaged, c, "accepted: closed-won managed/hosted services on software sold to or owned by the partner"),
		rule(RuleManagedClosedWon, c, "accepted (managed/hosted): the opportunity is closed-won"),
		rule(RuleManagedService, c, "accepted (managed/hosted): the services include managed/hosted"),
		rule(RuleManagedPartnerSoftware, c, "accepted (managed/hosted): the software is sold to or owned by the partner"),

		rule(RuleNoCategory, c, "unqualified: no category's requirements all hold"),
		rule(RuleNonGitLab, c, "unqualified: the services are not related to GitLab"),
		rule(RuleNoLicenseOpportunity, c, "unqualified: no related license opportunity"),
		rule(RuleCEWithoutUpgrade, c, "unqualified: GitLab CE services without an upgrade opportunity"),
		rule(RuleGitLabPSSubcontract, c, "unqualified: subcontracting for GitLab Professional Services"),
		rule(RuleEducationOnly, c, "unqualified: education/training services only"),

		rule(RuleReviewCloseDate, c, "needs review: the category hinges on the 6-month window after the close, and the closed-won opportunity records no close date"),
		rule(RuleReviewSignatureDate, c, "needs review: the category hinges on a window that reads a signature the document carries without its date"),
	}
	program.Declare(rules)
	return rules
}()

func rule(id program.RuleID, section, summary string) program.Rule {
	text := classifyText
	if section == SectionHowItWorks {
		text = portfolioText(id)
	}
	return program.Rule{ID: id, Section: section, Summary: summary, Text: text}
}

// ruleRef is the declaration of rule id.
var ruleRef = func() map[program.RuleID]*program.Rule {
	m := make(map[program.RuleID]*program.Rule, len(ruleTable))
	for i := range ruleTable {
		m[ruleTable[i].ID] = &ruleTable[i]
	}
	return m
}()

// The declarations of the rules a classification cites, by requirement
// bit and target, so that deciding looks nothing up.
var (
	approvedRefs = refs(approvedRules[:])
	targetRefs   = [nTargets][]*program.Rule{refs(targetRules[0]), refs(targetRules[1]), refs(targetRules[2]), refs(targetRules[3])}
	routeRefs    = [nTargets]*program.Rule{tPaid: ruleRef[RuleAcceptedPaid], tFree: ruleRef[RuleAcceptedFree], tManaged: ruleRef[RuleAcceptedManaged]}
	outrightRefs = refs([]program.RuleID{RuleNonGitLab, RuleNoLicenseOpportunity, RuleCEWithoutUpgrade, RuleGitLabPSSubcontract, RuleEducationOnly})
)

func refs(ids []program.RuleID) []*program.Rule {
	out := make([]*program.Rule, len(ids))
	for i, id := range ids {
		out[i] = ruleRef[id]
	}
	return out
}
