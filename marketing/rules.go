package marketing

import "github.com/channelpolicy/channelpolicy/program"

// The handbook sections this package follows, by their own headings.
const (
	SectionHyperscaler = "Hyperscaler Partnerships"
	SectionResources   = "Partner Marketing Resources"
	SectionLandingPage = "GitLab Landing Page Requirements"
)

// Sections lists the handbook sections of this package, in handbook order.
var Sections = []string{SectionHyperscaler, SectionResources, SectionLandingPage}

// Rule IDs of marketing.prioritize_mdf.
const (
	// RuleMDFPurpose: the MDF program funds pipeline generation; a request
	// for another purpose needs review.
	RuleMDFPurpose program.RuleID = "marketing.mdf.purpose"
	// RuleMDFEnded: a request whose activity ended before the decision
	// needs review.
	RuleMDFEnded program.RuleID = "marketing.mdf.ended"
	// RuleMDFPartner: a resale or services partner takes part.
	RuleMDFPartner program.RuleID = "marketing.mdf.partner"
	// RuleMDFGitLab: GitLab takes part.
	RuleMDFGitLab program.RuleID = "marketing.mdf.gitlab"
	// RuleMDFHyperscaler: AWS or Google Cloud takes part.
	RuleMDFHyperscaler program.RuleID = "marketing.mdf.hyperscaler"
	// RuleMDFTier: the request's tier (the first whose conditions it meets),
	// score and rank.
	RuleMDFTier program.RuleID = "marketing.mdf.tier"
	// RuleMDFOrder: the batch is ordered by tier, then score, then the
	// policy's tie-break.
	RuleMDFOrder program.RuleID = "marketing.mdf.order"
	// RuleMDFReview: some requests need a person; they are not ranked.
	RuleMDFReview program.RuleID = "marketing.mdf.review"
)

// Rule IDs of marketing.audit_landing_page, in the order of the handbook's
// list of page elements.
const (
	// RulePreferredURL: the page is at the partner site's /GitLab, or that
	// URL redirects to it, on the partner's own site.
	RulePreferredURL program.RuleID = "marketing.landing.preferred_url"
	// RuleLocalLanguage: the page, or a version it links, is in a language
	// of the partner's country.
	RuleLocalLanguage program.RuleID = "marketing.landing.local_language"
	// RuleLanguageAdvice: it is not; the handbook encourages it (advice, not
	// a failure).
	RuleLanguageAdvice program.RuleID = "marketing.landing.language_advice"
	// RuleLogo: the page shows the Authorized Reseller logo.
	RuleLogo program.RuleID = "marketing.landing.logo"
	// RuleHomeLink: the page links back to about.gitlab.com.
	RuleHomeLink program.RuleID = "marketing.landing.home_link"
	// RuleParagraph: the page carries the press kit's "What is GitLab?"
	// paragraph.
	RuleParagraph program.RuleID = "marketing.landing.paragraph"
	// RuleParagraphUnchecked: the policy gives no paragraph text to compare
	// with; a person compares it.
	RuleParagraphUnchecked program.RuleID = "marketing.landing.paragraph_unchecked"
	// RuleProductLink: each product the page names links to its
	// about.gitlab.com page.
	RuleProductLink program.RuleID = "marketing.landing.product_link"
	// RuleCompliant: every required element is met.
	RuleCompliant program.RuleID = "marketing.landing.compliant"
)

// Rules lists every rule of this package, in handbook order.
func Rules() []program.Rule { return append([]program.Rule(nil), rules...) }
