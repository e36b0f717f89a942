package dealreg

import "github.com/channelpolicy/channelpolicy/program"

// Handbook section headings the package's rules come from.
const (
	SectionOverview          = "Deal Registration Program Overview"
	SectionKeyGuidelines     = "Key Guidelines"
	SectionInstructions      = "Deal Registration Instructions"
	SectionRulesOfEngagement = "Partner Sourced Deal Registration Rules of Engagement"
)

// Sections lists the handbook sections this package covers, in handbook order.
var Sections = []string{SectionOverview, SectionKeyGuidelines, SectionInstructions, SectionRulesOfEngagement}

// Eligibility rules: who may register what.
const (
	RuleAgreement         program.RuleID = "dealreg.eligibility.agreement"
	RuleTraining          program.RuleID = "dealreg.eligibility.training"
	RuleSingleOpportunity program.RuleID = "dealreg.eligibility.single_opportunity"
	RuleProgramType       program.RuleID = "dealreg.eligibility.program_type"
	RuleOpportunityKind   program.RuleID = "dealreg.eligibility.opportunity_kind"
)

// Routing rules: the rules of engagement. A path rule (no suffix) says which
// way the registration goes; a leaf rule (with a suffix) says where it stands.
const (
	// RuleMovedOn: ESM or ASM decisions are recorded, but the opportunity's
	// current stage is on no reviewed path; a reading of ours, not a rule
	// of the handbook (see the package doc).
	RuleMovedOn program.RuleID = "dealreg.roe.moved_on"

	RuleNoOpportunity program.RuleID = "dealreg.roe.no_opportunity"

	RuleEarlyStage            program.RuleID = "dealreg.roe.early_stage"
	RuleEarlyStageESMPending  program.RuleID = "dealreg.roe.early_stage.esm_pending"
	RuleEarlyStageESMDenied   program.RuleID = "dealreg.roe.early_stage.esm_denied"
	RuleEarlyStageASMApproved program.RuleID = "dealreg.roe.early_stage.asm_approved"
	RuleEarlyStageASMDenied   program.RuleID = "dealreg.roe.early_stage.asm_denied"
	RuleEarlyStageASMLate     program.RuleID = "dealreg.roe.early_stage.asm_late"
	RuleEarlyStageASMTimeout  program.RuleID = "dealreg.roe.early_stage.asm_timeout"
	RuleEarlyStageASMPending  program.RuleID = "dealreg.roe.early_stage.asm_pending"

	RuleSourcedGrowth            program.RuleID = "dealreg.roe.sourced_growth"
	RuleSourcedGrowthESMDenied   program.RuleID = "dealreg.roe.sourced_growth.esm_denied"
	RuleSourcedGrowthASMApproved program.RuleID = "dealreg.roe.sourced_growth.asm_approved"
	RuleSourcedGrowthASMDenied   program.RuleID = "dealreg.roe.sourced_growth.asm_denied"
	RuleSourcedGrowthLate        program.RuleID = "dealreg.roe.sourced_growth.late"
	RuleSourcedGrowthTimeout     program.RuleID = "dealreg.roe.sourced_growth.timeout"
	RuleSourcedGrowthESMPending  program.RuleID = "dealreg.roe.sourced_growth.esm_pending"
	RuleSourcedGrowthASMPending  program.RuleID = "dealreg.roe.sourced_growth.asm_pending"

	RuleMidStage           program.RuleID = "dealreg.roe.mid_stage"
	RuleMidStageNoActivity program.RuleID = "dealreg.roe.mid_stage.no_activity"
	RuleMidStageAged       program.RuleID = "dealreg.roe.mid_stage.aged"
	RuleMidStageActive     program.RuleID = "dealreg.roe.mid_stage.active"

	RuleLateStage program.RuleID = "dealreg.roe.late_stage"
)

// Expiry rules.
const (
	RuleExpiryActive  program.RuleID = "dealreg.expiry.active"
	RuleExpiryExpired program.RuleID = "dealreg.expiry.expired"
)

// Exclusivity rules: competing registrations for one opportunity.
const (
	RuleConflictIneligible      program.RuleID = "dealreg.conflict.ineligible"
	RuleConflictExpired         program.RuleID = "dealreg.conflict.expired"
	RuleConflictNoLocalSupport  program.RuleID = "dealreg.conflict.no_local_support"
	RuleConflictHolder          program.RuleID = "dealreg.conflict.holder"
	RuleConflictBlocked         program.RuleID = "dealreg.conflict.blocked"
	RuleConflictPrecedesHolder  program.RuleID = "dealreg.conflict.precedes_holder"
	RuleConflictMultipleHolders program.RuleID = "dealreg.conflict.multiple_holders"
	RuleConflictEarliest        program.RuleID = "dealreg.conflict.earliest"
	RuleConflictLater           program.RuleID = "dealreg.conflict.later"
	RuleConflictTie             program.RuleID = "dealreg.conflict.tie"
)

var eligibilityRules = []program.Rule{
	{ID: RuleSingleOpportunity, Section: SectionOverview, Summary: "a registration covers exactly one sales opportunity, not a customer account or several opportunities"},
	{ID: RuleAgreement, Section: SectionKeyGuidelines, Summary: "the partner has signed the Partner Program Agreement"},
	{ID: RuleTraining, Section: SectionKeyGuidelines, Summary: "enough partner employees completed the Foundations for Partners training"},
	{ID: RuleOpportunityKind, Section: SectionKeyGuidelines, Summary: "qualifying kinds: a first sale to a customer, another opportunity with a current customer, an add-on to a renewal; a plain renewal only at stage 3-6 with sourced growth"},
	{ID: RuleProgramType, Section: SectionInstructions, Summary: "deal registration covers referral, resale and MSP; service-attached registrations are decided by package serviceattach"},
}

var expiryRules = []program.Rule{
	{ID: RuleExpiryActive, Section: SectionKeyGuidelines, Summary: "an approved registration is active until its expiry"},
	{ID: RuleExpiryExpired, Section: SectionKeyGuidelines, Summary: "an approved registration expires a fixed number of days after approval"},
}

var conflictRules = []program.Rule{
	{ID: RuleConflictIneligible, Section: SectionKeyGuidelines, Summary: "a rejected or denied registration does not compete"},
	{ID: RuleConflictExpired, Section: SectionKeyGuidelines, Summary: "an expired approval no longer holds the opportunity and does not compete"},
	{ID: RuleConflictNoLocalSupport, Section: SectionKeyGuidelines, Summary: "a partner that cannot deliver in-country or in-region support does not compete"},
	{ID: RuleConflictHolder, Section: SectionKeyGuidelines, Summary: "an approved, unexpired registration holds the opportunity"},
	{ID: RuleConflictBlocked, Section: SectionKeyGuidelines, Summary: "a registration received after the holder's loses to it"},
	{ID: RuleConflictPrecedesHolder, Section: SectionKeyGuidelines, Summary: "a registration received before an approved holder needs a person to decide"},
	{ID: RuleConflictMultipleHolders, Section: SectionKeyGuidelines, Summary: "two approved, unexpired registrations for one opportunity need a person to decide"},
	{ID: RuleConflictEarliest, Section: SectionKeyGuidelines, Summary: "without a holder, the earliest received competing registration wins"},
	{ID: RuleConflictLater, Section: SectionKeyGuidelines, Summary: "a registration received after the winner's loses"},
	{ID: RuleConflictTie, Section: SectionKeyGuidelines, Summary: "registrations received at the same instant tie; the customer relationship decides, so a person must"},
}

// Rules lists every rule the package can cite, in handbook order:
// eligibility, routing (from [RoutingRules] under the default policy),
// expiry, exclusivity.
func Rules() []program.Rule {
	var out []program.Rule
	out = append(out, eligibilityRules...)
	for _, r := range Default().RoutingRules() {
		out = append(out, r.Rule)
	}
	out = append(out, expiryRules...)
	return append(out, conflictRules...)
}
