package nfr

import "github.com/channelpolicy/channelpolicy/program"

// Handbook section headings the rules cite, in handbook order. They are the
// subsections of "Not-for-Resale (NFR) Program and Policy".
const (
	SectionAllocation  = "License Allocation"
	SectionEligibility = "Eligibility Requirements"
	SectionPermitted   = "Permitted Uses"
	SectionProhibited  = "Prohibited Uses"
	SectionRequesting  = "Requesting NFR Licenses"
)

// Sections lists the handbook sections this package covers, in handbook order.
var Sections = []string{SectionAllocation, SectionEligibility, SectionPermitted, SectionProhibited, SectionRequesting}

// Rule IDs. A decision's reasons cite them in the order of [Rules].
const (
	// RuleWithinCap: held plus asked seats of one license type fit the cap.
	RuleWithinCap program.RuleID = "nfr.allocation.within_cap"
	// RuleOverCapReview: over the cap on a track where a business
	// justification sends the request to review, and one was given.
	RuleOverCapReview program.RuleID = "nfr.allocation.over_cap.review"
	// RuleOverCapJustificationNeeded: over the cap on such a track without a
	// justification; denied, and the partner may resubmit with one.
	RuleOverCapJustificationNeeded program.RuleID = "nfr.allocation.over_cap.justification_needed"
	// RuleOverCapDenied: over the cap on a track that gets no extra seats.
	RuleOverCapDenied program.RuleID = "nfr.allocation.over_cap.denied"
	// RuleNoAllocation: the partner has no allocation of this license type
	// at all (Duo for Open partners, Duo with Amazon Q without the AWS DevOps
	// Competency).
	RuleNoAllocation program.RuleID = "nfr.allocation.none"
	// RuleRemaining: the seats of one license type still available (allowance).
	RuleRemaining program.RuleID = "nfr.allocation.remaining"

	// RuleEligible: every eligibility requirement is met.
	RuleEligible program.RuleID = "nfr.eligibility.eligible"
	// RuleNotAuthorized: the partner agreement is not signed.
	RuleNotAuthorized program.RuleID = "nfr.eligibility.authorized"
	// RuleTrack: the partner's track is not one the policy makes eligible.
	RuleTrack program.RuleID = "nfr.eligibility.track"
	// RuleStanding: the partner is not in good standing.
	RuleStanding program.RuleID = "nfr.eligibility.standing"
	// RuleCertified: no employee holds a required certification.
	RuleCertified program.RuleID = "nfr.eligibility.certified"

	// RulePermittedUses: the declared uses the policy permits.
	RulePermittedUses program.RuleID = "nfr.uses.permitted"
	// RuleUnclassifiedUse: a declared use the policy neither permits nor
	// prohibits; a person decides.
	RuleUnclassifiedUse program.RuleID = "nfr.uses.unclassified"
	// RuleProhibitedUse: one declared use the policy prohibits.
	RuleProhibitedUse program.RuleID = "nfr.uses.prohibited"

	// RuleProvisioning: a granted request is provisioned within the
	// policy's business days.
	RuleProvisioning program.RuleID = "nfr.request.provisioning"
	// RuleReview: a request over a cap waits for a reviewer; provisioning
	// is counted from the approval.
	RuleReview program.RuleID = "nfr.request.review"
)

var rules = []program.Rule{
	{ID: RuleWithinCap, Section: SectionAllocation, Summary: "seats held plus seats asked of a license type are within the partner's cap"},
	{ID: RuleOverCapReview, Section: SectionAllocation, Summary: "over the cap with a business justification on a track that allows more: a person reviews"},
	{ID: RuleOverCapJustificationNeeded, Section: SectionAllocation, Summary: "over the cap without a business justification: denied, a justification is needed for more"},
	{ID: RuleOverCapDenied, Section: SectionAllocation, Summary: "over the cap on a track that gets no seats beyond it: denied"},
	{ID: RuleNoAllocation, Section: SectionAllocation, Summary: "the partner has no allocation of this license type"},
	{ID: RuleRemaining, Section: SectionAllocation, Summary: "seats of a license type the partner may still request within its cap"},
	{ID: RuleEligible, Section: SectionEligibility, Summary: "authorized partner on an eligible track, in good standing, with a certified employee"},
	{ID: RuleNotAuthorized, Section: SectionEligibility, Summary: "the partner must be authorized: its partner agreement signed"},
	{ID: RuleTrack, Section: SectionEligibility, Summary: "the partner's track must be one of the eligible tracks"},
	{ID: RuleStanding, Section: SectionEligibility, Summary: "the partner must be in good standing"},
	{ID: RuleCertified, Section: SectionEligibility, Summary: "at least one employee must hold a required certification"},
	{ID: RulePermittedUses, Section: SectionPermitted, Summary: "the declared uses that are permitted"},
	{ID: RuleUnclassifiedUse, Section: SectionPermitted, Summary: "a declared use the policy neither permits nor prohibits: a person reviews"},
	{ID: RuleProhibitedUse, Section: SectionProhibited, Summary: "a declared use that is prohibited: denied"},
	{ID: RuleProvisioning, Section: SectionRequesting, Summary: "a granted request is due for provisioning a number of business days after submission"},
	{ID: RuleReview, Section: SectionRequesting, Summary: "a request waiting for review is provisioned only after approval"},
}

// Rules lists every rule a decision of this package can cite, in handbook
// order. The slice is a copy.
func Rules() []program.Rule { return append([]program.Rule(nil), rules...) }
