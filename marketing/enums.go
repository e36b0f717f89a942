package marketing

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Purpose is what an MDF request's activity is for.
type Purpose string

const (
	// PurposePipeline: the activity generates pipeline (new opportunities),
	// what the Marketing Development Fund pays for.
	PurposePipeline   Purpose = "pipeline_generation"
	PurposeAwareness  Purpose = "brand_awareness"
	PurposeEnablement Purpose = "enablement"
	PurposeRetention  Purpose = "customer_retention"
	PurposeOther      Purpose = "other"
)

// Purposes lists every purpose, in a fixed order.
var Purposes = []Purpose{PurposePipeline, PurposeAwareness, PurposeEnablement, PurposeRetention, PurposeOther}

func (p Purpose) Valid() bool { return program.IsOneOf(p, Purposes) }
func (p *Purpose) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(p, b, "purpose", Purposes)
}

// EnumValues lists the valid values of Purpose.
func (Purpose) EnumValues() []string { return program.EnumStrings(Purposes) }

// PartnerKind is the kind of a partner taking part in an MDF activity.
type PartnerKind string

const (
	PartnerResale       PartnerKind = "resale"
	PartnerServices     PartnerKind = "services"
	PartnerDistribution PartnerKind = "distribution"
	PartnerTechnology   PartnerKind = "technology"
)

// PartnerKinds lists every partner kind, in a fixed order.
var PartnerKinds = []PartnerKind{PartnerResale, PartnerServices, PartnerDistribution, PartnerTechnology}

func (k PartnerKind) Valid() bool { return program.IsOneOf(k, PartnerKinds) }
func (k *PartnerKind) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(k, b, "partner kind", PartnerKinds)
}

// EnumValues lists the valid values of PartnerKind.
func (PartnerKind) EnumValues() []string { return program.EnumStrings(PartnerKinds) }

// Cloud is a hyperscaler taking part in an MDF activity.
type Cloud string

const (
	CloudAWS         Cloud = "aws"
	CloudGoogleCloud Cloud = "google_cloud"
	CloudOther       Cloud = "other"
)

// Clouds lists every cloud, in a fixed order.
var Clouds = []Cloud{CloudAWS, CloudGoogleCloud, CloudOther}

func (c Cloud) Valid() bool                   { return program.IsOneOf(c, Clouds) }
func (c *Cloud) UnmarshalText(b []byte) error { return program.UnmarshalEnum(c, b, "cloud", Clouds) }

// EnumValues lists the valid values of Cloud.
func (Cloud) EnumValues() []string { return program.EnumStrings(Clouds) }

// Condition is one thing an MDF tier requires of a request's participants.
type Condition string

const (
	// CondPartner: a partner of one of the policy's priority kinds (resale,
	// services) takes part.
	CondPartner Condition = "partner"
	// CondGitLab: GitLab takes part.
	CondGitLab Condition = "gitlab"
	// CondHyperscaler: one of the policy's hyperscalers (AWS, Google Cloud)
	// takes part.
	CondHyperscaler Condition = "hyperscaler"
)

// Conditions lists every condition, in a fixed order.
var Conditions = []Condition{CondPartner, CondGitLab, CondHyperscaler}

func (c Condition) Valid() bool { return program.IsOneOf(c, Conditions) }
func (c *Condition) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "condition", Conditions)
}

// EnumValues lists the valid values of Condition.
func (Condition) EnumValues() []string { return program.EnumStrings(Conditions) }

// TieKey is one key that orders MDF requests of the same tier and score.
type TieKey string

const (
	// TieSubmitted: submitted earlier first.
	TieSubmitted TieKey = "submitted_at"
	// TieStart: the activity starting earlier first.
	TieStart TieKey = "start"
	// TieAmount: the smaller amount first; requests in different currencies
	// are ordered by currency code under this key, never converted.
	TieAmount TieKey = "amount"
	// TieID: request ID ascending, byte by byte.
	TieID TieKey = "id"
)

// TieKeys lists every tie-break key, in a fixed order.
var TieKeys = []TieKey{TieSubmitted, TieStart, TieAmount, TieID}

func (k TieKey) Valid() bool { return program.IsOneOf(k, TieKeys) }
func (k *TieKey) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(k, b, "tie-break key", TieKeys)
}

// EnumValues lists the valid values of TieKey.
func (TieKey) EnumValues() []string { return program.EnumStrings(TieKeys) }

// MDFOutcome is the outcome of marketing.prioritize_mdf for the batch.
type MDFOutcome string

const (
	// Ordered: every request is ranked.
	Ordered MDFOutcome = "ordered"
	// BatchNeedsReview: some requests are not ranked and need a person; the
	// others are ranked.
	BatchNeedsReview MDFOutcome = "needs_review"
)

// MDFOutcomes lists every batch outcome.
var MDFOutcomes = []MDFOutcome{Ordered, BatchNeedsReview}

func (o MDFOutcome) Valid() bool { return program.IsOneOf(o, MDFOutcomes) }
func (o *MDFOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", MDFOutcomes)
}

// EnumValues lists the valid values of MDFOutcome.
func (MDFOutcome) EnumValues() []string { return program.EnumStrings(MDFOutcomes) }

// RequestOutcome is the outcome of one MDF request.
type RequestOutcome string

const (
	// Ranked: the request has a tier and a rank.
	Ranked RequestOutcome = "ranked"
	// NeedsReview: a person decides (another purpose than the program
	// funds, an activity already over).
	NeedsReview RequestOutcome = "needs_review"
)

// RequestOutcomes lists every request outcome.
var RequestOutcomes = []RequestOutcome{Ranked, NeedsReview}

func (o RequestOutcome) Valid() bool { return program.IsOneOf(o, RequestOutcomes) }
func (o *RequestOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", RequestOutcomes)
}

// EnumValues lists the valid values of RequestOutcome.
func (RequestOutcome) EnumValues() []string { return program.EnumStrings(RequestOutcomes) }

// AuditOutcome is the outcome of marketing.audit_landing_page.
type AuditOutcome string

const (
	// Compliant: every required element is met (local language is advice).
	Compliant AuditOutcome = "compliant"
	// NonCompliant: at least one required element is unmet.
	NonCompliant AuditOutcome = "non_compliant"
	// AuditNeedsReview: nothing checked is unmet, but the policy gives no
	// "What is GitLab?" paragraph to compare with, so a person compares it.
	AuditNeedsReview AuditOutcome = "needs_review"
)

// AuditOutcomes lists every audit outcome.
var AuditOutcomes = []AuditOutcome{Compliant, NonCompliant, AuditNeedsReview}

func (o AuditOutcome) Valid() bool { return program.IsOneOf(o, AuditOutcomes) }
func (o *AuditOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", AuditOutcomes)
}

// EnumValues lists the valid values of AuditOutcome.
func (AuditOutcome) EnumValues() []string { return program.EnumStrings(AuditOutcomes) }

// State is how a landing page stands on one element.
type State string

const (
	Met   State = "met"
	Unmet State = "unmet"
	// Advised: an element the handbook only encourages (local language) is
	// missing; advice, not a failure.
	Advised State = "advised"
	// Unchecked: the policy gives nothing to check the element against (no
	// "What is GitLab?" paragraph text).
	Unchecked State = "unchecked"
)

// States lists every state, in a fixed order.
var States = []State{Met, Unmet, Advised, Unchecked}

func (s State) Valid() bool                   { return program.IsOneOf(s, States) }
func (s *State) UnmarshalText(b []byte) error { return program.UnmarshalEnum(s, b, "state", States) }

// EnumValues lists the valid values of State.
func (State) EnumValues() []string { return program.EnumStrings(States) }
