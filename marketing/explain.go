package marketing

import (
	"math/bits"
	"slices"
	"strconv"

	"github.com/channelpolicy/channelpolicy/program"
)

// Every reason this package gives is built in this file: the rules with
// the texts their reasons are written with, and the functions that cite
// them with this case's facts. The decision code calls the functions; it
// never builds a reason itself.

// The rules, by index in rules.
const (
	iMDFPurpose = iota
	iMDFEnded
	iMDFPartner
	iMDFGitLab
	iMDFHyperscaler
	iMDFTier
	iMDFOrder
	iMDFReview
	iPreferredURL
	iLocalLanguage
	iLanguageAdvice
	iLogo
	iHomeLink
	iParagraph
	iParagraphUnchecked
	iProductLink
	iCompliant
)

// Fact slots of the MDF reasons.
const (
	fPolicyMask = 0 // what the policy counts (funded purposes, priority kinds, hyperscalers)
	fHaveMask   = 1 // what the request has
	fEnd        = 0 // the activity's last day
	fToday      = 1 // the decision's day
	fTier       = 0 // the tier's number, from 1
	fTiers      = 1 // how many tiers there are
	fScore      = 2
	fRank       = 3
	fRanked     = 4 // how many requests are ranked
	fCount      = 0 // how many requests
	fOf         = 1 // out of how many; for lists, how many are named
	fKeys       = 2 // the tie-break keys, packed (packKeys)
	fNKeys      = 3 // how many keys
	sID         = 0 // the request's ID
	sValue      = 1 // its purpose; the tier's name
	sCurrency   = 2
	dAmount     = 0
)

// Fact slots of the landing-page reasons.
const (
	fKind      = 0 // how the preferred URL stands (pref*); whether a language was an alternate; any page for the link back
	fRedirects = 1
	fPercent   = 0
	fThreshold = 1
	fImages    = 0
	fMentions  = 0
	fNamed     = 0
	sURL       = 0 // the URL asked for; the matched language; the logo; the link; the product
	sFinal     = 1 // the page's URL; the country; the host; the product's page
	sPath      = 2 // the preferred path
)

var rules = []program.Rule{
	iMDFPurpose: {ID: RuleMDFPurpose, Section: SectionResources,
		Summary: "the MDF program funds pipeline generation: a request for another purpose needs review",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(appendRequest(b, &f), "purpose "...)
			b = append(b, f.S[sValue]...)
			if f.N[fHaveMask] != 0 {
				b = append(b, " is one the MDF program funds"...)
			} else {
				b = append(b, " is not one the MDF program funds ("...)
				b = append(appendMask(b, f.N[fPolicyMask], Purposes, ", "), "): a person decides"...)
			}
			return b
		}},
	iMDFEnded: {ID: RuleMDFEnded, Section: SectionResources,
		Summary: "a request whose activity ended before the decision's day needs review: there is no activity left to fund",
		Text: func(b []byte, f program.Facts) []byte {
			b = f.AppendDate(append(appendRequest(b, &f), "the activity ended on "...), fEnd)
			b = f.AppendDate(append(b, ", before "...), fToday)
			return append(b, ", the day of the decision: a person decides"...)
		}},
	iMDFPartner: {ID: RuleMDFPartner, Section: SectionHyperscaler,
		Summary: "MDF priority: a resale or services partner takes part in the activity",
		Text: func(b []byte, f program.Facts) []byte {
			return appendTakesPart(appendRequest(b, &f), &f, PartnerKinds, " partner", "no ")
		}},
	iMDFGitLab: {ID: RuleMDFGitLab, Section: SectionHyperscaler,
		Summary: "MDF priority: GitLab takes part in the activity",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(appendRequest(b, &f), "GitLab "...)
			if f.N[fHaveMask] == 0 {
				b = append(b, "does not take"...)
			} else {
				b = append(b, "takes"...)
			}
			return append(b, " part"...)
		}},
	iMDFHyperscaler: {ID: RuleMDFHyperscaler, Section: SectionHyperscaler,
		Summary: "MDF priority: a hyperscaler (AWS, Google Cloud) takes part in the activity",
		Text: func(b []byte, f program.Facts) []byte {
			return appendTakesPart(appendRequest(b, &f), &f, Clouds, "", "neither ")
		}},
	iMDFTier: {ID: RuleMDFTier, Section: SectionHyperscaler,
		Summary: "a request is in the first tier whose conditions it meets, scored by its participants' weights and ranked",
		Text: func(b []byte, f program.Facts) []byte {
			b = f.AppendInt(append(appendRequest(b, &f), "tier "...), fTier)
			b = f.AppendInt(append(b, " of "...), fTiers)
			b = append(append(append(b, " (\""...), f.S[sValue]...), "\"), score "...)
			b = f.AppendInt(b, fScore)
			b = f.AppendInt(append(b, ", rank "...), fRank)
			b = f.AppendInt(append(b, " of "...), fRanked)
			return f.AppendMoney(append(b, "; "...), dAmount, sCurrency)
		}},
	iMDFOrder: {ID: RuleMDFOrder, Section: SectionHyperscaler,
		Summary: "requests are ordered by tier, then by score (higher first), then by the policy's tie-break, then as given",
		Text: func(b []byte, f program.Facts) []byte {
			b = f.AppendInt(b, fCount)
			b = f.AppendInt(append(b, " of "...), fOf)
			b = append(b, " requests ranked by tier, then score, then "...)
			for i := range int(f.N[fNKeys]) {
				b = append(append(b, TieKeys[f.N[fKeys]>>(3*i)&7]...), ", then "...)
			}
			return append(append(b, "input order; first: "...), f.S[sID]...)
		}},
	iMDFReview: {ID: RuleMDFReview, Section: SectionResources,
		Summary: "requests the rules do not rank are left to a person, unranked",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(f.AppendInt(b, fCount), " request(s) need a person: "...)
			return appendListed(b, &f)
		}},
	iPreferredURL: {ID: RulePreferredURL, Section: SectionLandingPage,
		Summary: "the page is at the partner site's preferred URL (/GitLab), or that URL redirects to it, on the partner's own site",
		Text: func(b []byte, f program.Facts) []byte {
			switch f.N[fKind] {
			case prefDirect:
				b = append(append(b, "the page answers at "...), f.S[sURL]...)
				return append(append(b, ", the preferred path "...), f.S[sPath]...)
			case prefRedirected:
				b = append(append(b, f.S[sURL]...), ", at the preferred path, redirects"...)
				if f.N[fRedirects] > 0 {
					b = append(f.AppendInt(append(b, " ("...), fRedirects), " time(s))"...)
				}
				return append(append(b, " to the page at "...), f.S[sFinal]...)
			case prefAtFinal:
				b = append(append(append(b, f.S[sURL]...), " redirects to the page at "...), f.S[sFinal]...)
				return append(append(b, ", at the preferred path "...), f.S[sPath]...)
			case prefOffsite:
				b = append(append(append(b, f.S[sURL]...), " leads to "...), f.S[sFinal]...)
				return append(b, ", on GitLab's own site: the landing page belongs on the partner's site"...)
			}
			if f.S[sFinal] == f.S[sURL] {
				b = append(append(b, f.S[sURL]...), " is not at the preferred path "...)
			} else {
				b = append(append(append(append(b, "neither "...), f.S[sURL]...), " nor the page it redirects to, "...), f.S[sFinal]...)
				b = append(b, ", is at the preferred path "...)
			}
			return append(append(b, f.S[sPath]...), "; serve the page there, or redirect that URL to it"...)
		}},
	iLocalLanguage: {ID: RuleLocalLanguage, Section: SectionLandingPage,
		Summary: "local language is encouraged: the page, or a version it links, is in a language of the partner's country",
		Text: func(b []byte, f program.Facts) []byte {
			if f.N[fKind] != 0 {
				b = append(b, "the page links a version in "...)
			} else {
				b = append(b, "the page is in "...)
			}
			return append(append(append(b, f.S[sURL]...), ", a language of "...), f.S[sFinal]...)
		}},
	iLanguageAdvice: {ID: RuleLanguageAdvice, Section: SectionLandingPage,
		Summary: "advice, not a failure: a version of the page in a language of the partner's country is encouraged",
		Text: func(b []byte, f program.Facts) []byte {
			if f.S[sURL] == "" {
				b = append(b, "the page declares no language"...)
			} else {
				b = append(append(b, "the page is in "...), f.S[sURL]...)
			}
			b = append(append(append(b, " and links no version in a language of "...), f.S[sFinal]...), " ("...)
			local, _ := f.Ref.([]string)
			for i, l := range local {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = append(b, l...)
			}
			return append(b, "): one is encouraged"...)
		}},
	iLogo: {ID: RuleLogo, Section: SectionLandingPage,
		Summary: "the page shows the Authorized Reseller logo from the Partner Portal",
		Text: func(b []byte, f program.Facts) []byte {
			if f.S[sURL] != "" {
				return append(append(append(b, "the page shows the Authorized Reseller logo ("...), f.S[sURL]...), ')')
			}
			b = append(f.AppendInt(append(b, "none of the page's "...), fImages), " image(s) is the Authorized Reseller logo"...)
			return append(b, "; add it from the Partner Portal"...)
		}},
	iHomeLink: {ID: RuleHomeLink, Section: SectionLandingPage,
		Summary: "the page links back to about.gitlab.com",
		Text: func(b []byte, f program.Facts) []byte {
			if f.S[sURL] != "" {
				return append(append(b, "the page links back to GitLab: "...), f.S[sURL]...)
			}
			b = append(append(b, "the page has no link to "...), f.S[sFinal]...)
			if f.N[fKind] == 0 {
				b = append(b, "'s home page"...)
			}
			return b
		}},
	iParagraph: {ID: RuleParagraph, Section: SectionLandingPage,
		Summary: "the page carries the press kit's \"What is GitLab?\" paragraph (at least the policy's similarity)",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(b, "the page's text closest to the press kit's \"What is GitLab?\" paragraph is "...)
			b = append(f.AppendInt(b, fPercent), "% like it; "...)
			return append(f.AppendInt(b, fThreshold), "% is needed"...)
		}},
	iParagraphUnchecked: {ID: RuleParagraphUnchecked, Section: SectionLandingPage,
		Summary: "the policy gives no \"What is GitLab?\" paragraph text to compare with: a person compares it",
		Text: func(b []byte, f program.Facts) []byte {
			return append(b, "the policy gives no text of the press kit's \"What is GitLab?\" paragraph (landing_page.paragraphs): a person compares the page's text with it"...)
		}},
	iProductLink: {ID: RuleProductLink, Section: SectionLandingPage,
		Summary: "each product the page names links to its about.gitlab.com page",
		Text: func(b []byte, f program.Facts) []byte {
			if f.S[sURL] != "" {
				b = append(append(b, "the page names "...), f.S[sURL]...)
				b = append(f.AppendInt(append(b, " ("...), fMentions), " time(s)) but does not link "...)
				return append(b, f.S[sFinal]...)
			}
			if f.N[fNamed] == 0 {
				return append(b, "the page names none of the policy's products: no product link is needed"...)
			}
			return append(f.AppendInt(append(b, "each of the "...), fNamed), " product(s) the page names links to its page"...)
		}},
	iCompliant: {ID: RuleCompliant, Section: SectionLandingPage,
		Summary: "every required element is met: the page is compliant",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(b, "every required element is met"...)
			if f.N[fKind] == 0 {
				b = append(b, " (a version in a local language is still encouraged)"...)
			}
			return b
		}},
}

// Every rule a reason can cite is declared before any decision cites it.
func init() { program.Declare(rules) }

func appendRequest(b []byte, f *program.Facts) []byte {
	return append(append(append(b, "request "...), f.S[sID]...), ": "...)
}

// appendMask writes the values of all in mask m, joined by sep.
func appendMask[T ~string](b []byte, m int64, all []T, sep string) []byte {
	first := true
	for i, v := range all {
		if m&(1<<i) != 0 {
			if !first {
				b = append(b, sep...)
			}
			b = append(b, v...)
			first = false
		}
	}
	return b
}

// appendTakesPart writes "a resale or services partner takes part
// (resale, technology)" or "no resale or services partner takes part";
// with none "neither ", "neither aws nor google_cloud takes part", or for
// one value "aws does not take part".
func appendTakesPart[T ~string](b []byte, f *program.Facts, all []T, noun, none string) []byte {
	sep := " or "
	if f.N[fHaveMask]&f.N[fPolicyMask] == 0 {
		switch {
		case none != "neither ":
			b = append(b, none...)
		case bits.OnesCount64(uint64(f.N[fPolicyMask])) > 1:
			b, sep = append(b, none...), " nor "
		default:
			b = append(appendMask(b, f.N[fPolicyMask], all, ""), noun...)
			b = append(b, " does not take part"...)
			if f.N[fHaveMask] != 0 {
				b = append(appendMask(append(b, " ("...), f.N[fHaveMask], all, ", "), ')')
			}
			return b
		}
	} else if noun != "" {
		b = append(b, "a "...)
	}
	b = append(appendMask(b, f.N[fPolicyMask], all, sep), noun...)
	if f.N[fHaveMask]&f.N[fPolicyMask] == 0 {
		b = append(b, " takes part"...)
		if f.N[fHaveMask] != 0 {
			b = append(appendMask(append(b, " ("...), f.N[fHaveMask], all, ", "), ')')
		}
		return b
	}
	return append(appendMask(append(b, " takes part ("...), f.N[fHaveMask], all, ", "), ')')
}

// appendListed writes the IDs in the string slots and how many more there
// are.
func appendListed(b []byte, f *program.Facts) []byte {
	listed := int(f.N[fOf])
	for i := range listed {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, f.S[i]...)
	}
	if more := f.N[fCount] - int64(listed); more > 0 {
		b = append(strconv.AppendInt(append(b, " and "...), more, 10), " more"...)
	}
	return b
}

// explainer records a decision's reasons, citing declared rules only.
// Declare it on the stack: it holds the decision's [program.ReasonWriter].
type explainer struct {
	w program.ReasonWriter
}

func (x *explainer) cite(i int, e program.Effect) *program.Facts { return x.w.Cite(&rules[i], e) }

// done is the reasons recorded, in one block.
func (x *explainer) done() program.Reasons { return x.w.Done() }

func effect(met bool) program.Effect {
	if met {
		return program.Met
	}
	return program.Unmet
}

// MDF: one request's reasons.

func (x *explainer) purpose(r *MDFRequest, funded bool, rd *ready) {
	f := x.cite(iMDFPurpose, effect(funded))
	f.S[sID], f.S[sValue] = r.ID, string(r.Purpose)
	f.N[fPolicyMask], f.N[fHaveMask] = int64(rd.funded), int64(b2i(funded))
}

func (x *explainer) ended(r *MDFRequest, today program.Date) {
	f := x.cite(iMDFEnded, program.Unmet)
	f.S[sID] = r.ID
	f.SetDate(fEnd, r.End).SetDate(fToday, today)
}

// condition cites the rule of one tier condition: the policy's mask of
// what counts and the request's mask of what it has.
func (x *explainer) condition(c Condition, r *MDFRequest, met bool, policyMask, have uint8) {
	i := iMDFPartner + int(slices.Index(Conditions, c))
	f := x.cite(i, effect(met))
	f.S[sID] = r.ID
	f.N[fPolicyMask], f.N[fHaveMask] = int64(policyMask), int64(have)
}

func (x *explainer) tier(r *MDFRequest, e *MDFEntry, tier, tiers, ranked int) {
	f := x.cite(iMDFTier, program.Applied)
	f.S[sID], f.S[sValue] = r.ID, e.Tier
	f.N[fTier], f.N[fTiers], f.N[fScore] = int64(tier+1), int64(tiers), int64(e.Score)
	f.N[fRank], f.N[fRanked] = int64(e.Rank), int64(ranked)
	f.SetMoney(dAmount, sCurrency, r.Amount)
}

// MDF: the batch's reasons.

func (x *explainer) order(ranked, total int, first string, keys []TieKey) {
	f := x.cite(iMDFOrder, program.Applied)
	f.N[fCount], f.N[fOf], f.S[sID] = int64(ranked), int64(total), first
	f.N[fKeys], f.N[fNKeys] = packKeys(keys), int64(min(len(keys), 20))
}

// packKeys packs tie-break keys, 3 bits each, first key lowest.
func packKeys(keys []TieKey) int64 {
	var n int64
	for i, k := range keys[:min(len(keys), 20)] {
		n |= int64(slices.Index(TieKeys, k)) << (3 * i)
	}
	return n
}

func (x *explainer) review(entries []MDFEntry, n int) {
	f := x.cite(iMDFReview, program.Applied)
	f.N[fCount] = int64(n)
	for _, e := range entries {
		if f.N[fOf] == int64(len(f.S)) {
			break
		}
		if e.Outcome == NeedsReview {
			f.S[f.N[fOf]] = e.ID
			f.N[fOf]++
		}
	}
}

// Landing page.

func (x *explainer) preferred(kind int, asked, final string, redirects int, path string) {
	f := x.cite(iPreferredURL, effect(kind <= prefAtFinal))
	f.N[fKind], f.N[fRedirects] = int64(kind), int64(redirects)
	f.S[sURL], f.S[sFinal], f.S[sPath] = asked, final, path
}

func (x *explainer) localLanguage(lang string, alternate bool, c program.Country) {
	f := x.cite(iLocalLanguage, program.Met)
	f.S[sURL], f.S[sFinal], f.N[fKind] = lang, string(c), int64(b2i(alternate))
}

// languageAdvice: local is the country's languages, immutable (the
// compiled policy's): the Ref of the audit's reasons, which cite it once.
func (x *explainer) languageAdvice(declared string, c program.Country, local []string) {
	f := x.cite(iLanguageAdvice, program.Applied)
	f.S[sURL], f.S[sFinal], f.Ref = declared, string(c), local
}

func (x *explainer) logo(logo string, images int) {
	f := x.cite(iLogo, effect(logo != ""))
	f.S[sURL], f.N[fImages] = logo, int64(images)
}

func (x *explainer) homeLink(link, host string, anyPage bool) {
	f := x.cite(iHomeLink, effect(link != ""))
	f.S[sURL], f.S[sFinal], f.N[fKind] = link, host, int64(b2i(anyPage))
}

func (x *explainer) paragraph(pct, threshold int) {
	f := x.cite(iParagraph, effect(pct >= threshold))
	f.N[fPercent], f.N[fThreshold] = int64(pct), int64(threshold)
}

func (x *explainer) paragraphUnchecked() { x.cite(iParagraphUnchecked, program.Applied) }

func (x *explainer) productUnlinked(name, page string, mentions int) {
	f := x.cite(iProductLink, program.Unmet)
	f.S[sURL], f.S[sFinal], f.N[fMentions] = name, page, int64(mentions)
}

func (x *explainer) productsLinked(named int) {
	x.cite(iProductLink, program.Met).N[fNamed] = int64(named)
}

func (x *explainer) compliant(localLanguage bool) {
	x.cite(iCompliant, program.Applied).N[fKind] = int64(b2i(localLanguage))
}
