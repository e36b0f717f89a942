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

// rule declares a rule of the package outside the routing table.
func rule(id program.RuleID, section, summary string, text program.Text) program.Rule {
	return program.Rule{ID: id, Section: section, Summary: summary, Text: text}
}

// Fact slots of the exclusivity reasons.
const (
	cAt       = 0 // the registration's own instant: received, approved, expired
	cOther    = 1 // the other instant it is compared with
	cCount    = 2 // how many other registrations
	cMultiple = 3 // 1 when several registrations hold approvals
	cID       = 0 // string slot: the registration it is compared with
	cWord     = 1 // string slot: its routing outcome
)

// eligibilityRules are the requirements Route checks, in this order; a
// failed one is cited as unmet.
var eligibilityRules = []program.Rule{
	rule(RuleSingleOpportunity, SectionOverview, "a registration covers exactly one sales opportunity, not a customer account or several opportunities",
		func(b []byte, f program.Facts) []byte {
			return append(append(append(b, "the registration covers "...), f.S[sWord]...), "; each sales opportunity is registered on its own"...)
		}),
	rule(RuleAgreement, SectionKeyGuidelines, "the partner has signed the Partner Program Agreement",
		func(b []byte, _ program.Facts) []byte {
			return append(b, "the partner has not signed the Partner Program Agreement"...)
		}),
	rule(RuleTraining, SectionKeyGuidelines, "enough partner employees completed the Foundations for Partners training",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInt(b, 0)
			return append(f.AppendInt(append(b, " employees completed Foundations for Partners training; at least "...), 1), " must"...)
		}),
	rule(RuleOpportunityKind, SectionKeyGuidelines, "qualifying kinds: a first sale to a customer, another opportunity with a current customer, an add-on to a renewal; a plain renewal only at stage 3-6 with sourced growth",
		func(b []byte, f program.Facts) []byte {
			if program.OpportunityKind(f.S[sWord]) != program.KindRenewal {
				return append(append(append(b, "opportunity kind "...), f.S[sWord]...), " is not one that qualifies"...)
			}
			b = appendStage(append(b, "a renewal qualifies only at stages 3-6 with sourced growth; this one is at stage "...), &f)
			if f.N[nFlags]&fGrowth != 0 {
				return append(b, " with sourced growth"...)
			}
			return append(b, " without sourced growth"...)
		}),
	rule(RuleProgramType, SectionInstructions, "deal registration covers referral, resale and MSP; service-attached registrations are decided by package serviceattach",
		func(b []byte, _ program.Facts) []byte {
			return append(b, "service-attached registrations are qualified by the service-attach rules, not routed as deal registrations"...)
		}),
}

// expiryRules say whether an approval is in force: active, expired.
var expiryRules = []program.Rule{
	rule(RuleExpiryActive, SectionKeyGuidelines, "an approved registration is active until its expiry",
		func(b []byte, f program.Facts) []byte { return appendExpiry(b, &f, "; active until ") }),
	rule(RuleExpiryExpired, SectionKeyGuidelines, "an approved registration expires a fixed number of days after approval",
		func(b []byte, f program.Facts) []byte { return appendExpiry(b, &f, "; expired at ") }),
}

func appendExpiry(b []byte, f *program.Facts, state string) []byte {
	b = f.AppendInstant(append(b, "approved at "...), 0)
	b = f.AppendInstant(append(b, state...), 1)
	return append(f.AppendInt(append(b, " ("...), 2), " days)"...)
}

// conflictRules are the exclusivity rules, in the order Resolve applies
// them.
var conflictRules = []program.Rule{
	rule(RuleConflictIneligible, SectionKeyGuidelines, "a rejected or denied registration does not compete",
		func(b []byte, f program.Facts) []byte {
			return append(append(append(b, "routed as "...), f.S[cWord]...), ", so it does not compete"...)
		}),
	rule(RuleConflictExpired, SectionKeyGuidelines, "an expired approval no longer holds the opportunity and does not compete",
		func(b []byte, f program.Facts) []byte {
			return append(f.AppendInstant(append(b, "its approval expired at "...), cAt), " and no longer holds the opportunity"...)
		}),
	rule(RuleConflictNoLocalSupport, SectionKeyGuidelines, "a partner that cannot deliver in-country or in-region support does not compete",
		func(b []byte, _ program.Facts) []byte {
			return append(b, "the partner cannot deliver in-country or in-region support for this customer"...)
		}),
	rule(RuleConflictHolder, SectionKeyGuidelines, "an approved, unexpired registration holds the opportunity",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInstant(append(b, "approved at "...), cAt)
			return append(f.AppendInstant(append(b, " and active until "...), cOther), ": it holds the opportunity"...)
		}),
	rule(RuleConflictBlocked, SectionKeyGuidelines, "a registration received after the holder's loses to it",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInstant(append(b, "received at "...), cAt)
			b = append(append(b, ", after "...), f.S[cID]...)
			if f.N[cMultiple] != 0 {
				return append(b, ", and other registrations already hold approvals"...)
			}
			return f.AppendInstant(append(b, ", which is approved and active until "...), cOther)
		}),
	rule(RuleConflictPrecedesHolder, SectionKeyGuidelines, "a registration received before an approved holder needs a person to decide",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInstant(append(b, "received at "...), cAt)
			if f.N[cMultiple] != 0 {
				b = append(b, ", not after the earliest approved registration "...)
			} else {
				b = append(b, ", not after the approved registration "...)
			}
			b = f.AppendInstant(append(append(b, f.S[cID]...), " (received "...), cOther)
			return append(b, "): a person decides"...)
		}),
	rule(RuleConflictMultipleHolders, SectionKeyGuidelines, "two approved, unexpired registrations for one opportunity need a person to decide",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInt(append(b, "approved and unexpired like "...), cCount)
			return append(b, " other registration(s) for this opportunity: a person decides which holds it"...)
		}),
	rule(RuleConflictEarliest, SectionKeyGuidelines, "without a holder, the earliest received competing registration wins",
		func(b []byte, f program.Facts) []byte {
			return f.AppendInstant(append(b, "received first among the competing registrations, at "...), cAt)
		}),
	rule(RuleConflictLater, SectionKeyGuidelines, "a registration received after the winner's loses",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInstant(append(b, "received at "...), cAt)
			return f.AppendInstant(append(b, ", after the earliest at "...), cOther)
		}),
	rule(RuleConflictTie, SectionKeyGuidelines, "registrations received at the same instant tie; the customer relationship decides, so a person must",
		func(b []byte, f program.Facts) []byte {
			b = f.AppendInstant(append(b, "received at "...), cAt)
			b = f.AppendInt(append(b, ", the same instant as "...), cCount)
			return append(b, " other registration(s): the customer relationship decides, so a person must"...)
		}),
}

// Every rule is declared when the package is initialized, so that reasons
// cite it by its index (program.Declare): the eligibility, expiry and
// exclusivity tables, and every row of the routing table.
func init() {
	program.Declare(eligibilityRules)
	program.Declare(expiryRules)
	program.Declare(conflictRules)
	for i := range routing {
		program.DeclareEach(&routing[i].rule)
		for j := range routing[i].leaves {
			program.DeclareEach(&routing[i].leaves[j].rule)
		}
	}
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
