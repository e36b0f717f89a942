package marketing_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// The tests in this file read the reasons' texts, written out by hand
// from each case's facts, for every branch a text function takes: which
// participants a request has, how the URL asked for stands on the
// preferred path, whether the page declares or links a local language,
// and so on. A text that takes the wrong branch, miscounts or lists the
// wrong values fails here; tests of rule IDs and outcomes alone would not
// notice.

// exWant is one reason a decision must give: its rule, its effect and its
// exact text.
type exWant struct {
	rule   program.RuleID
	effect program.Effect
	text   string
}

// exCheck compares reasons with want, by rule, in order: reasons of a rule
// want does not name are left alone, so that a case pins only the texts it
// is about.
func exCheck(t *testing.T, reasons program.Reasons, want []exWant) {
	t.Helper()
	named := map[program.RuleID]bool{}
	wants := make([]casetest.WantReason, len(want))
	for i, w := range want {
		named[w.rule] = true
		wants[i] = casetest.WantReason{Rule: w.rule, Effect: w.effect, Text: w.text}
	}
	var got []program.Reason
	for _, r := range reasons.All() {
		if named[r.Rule] {
			got = append(got, r)
		}
	}
	casetest.ReasonsAre(t, program.ReasonsOf(got...), wants...)
}

// exPolicy lays doc over the default policy.
func exPolicy(t *testing.T, doc string) marketing.Policy {
	t.Helper()
	if doc == "" {
		return marketing.Default()
	}
	p, err := marketing.ParsePolicy(marketing.Default(), []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// exPara is a paragraph text of our own (the press kit's is policy data
// the handbook only links to, under "GitLab Landing Page Requirements"):
// six words.
const exPara = "GitLab is the most complete platform"

// exLogo is an image the default policy's logo terms ("gitlab",
// "authorized reseller") recognize, with an absolute source: the text
// names the source.
const exLogo = `<img src="https://partner.example/img/reseller.svg" alt="GitLab Authorized Reseller">`

func TestAuditReasonTextsRuleByRule(t *testing.T) {
	for _, tt := range []struct {
		name   string
		policy string // JSON laid over the default policy
		page   marketing.Page
		out    marketing.AuditOutcome
		want   []exWant
	}{
		{
			// Asked for at /GitLab and answered there, in German for a German
			// partner, with the logo and the link back, naming no product.
			name: "answered at the preferred path",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body>` + exLogo + `<p><a href="https://about.gitlab.com/">GitLab</a></p></body></html>`},
			out: marketing.AuditNeedsReview, // the default policy has no paragraph text
			want: []exWant{
				{marketing.RulePreferredURL, program.Met, "the page answers at https://partner.example/GitLab, the preferred path /GitLab"},
				{marketing.RuleLocalLanguage, program.Met, "the page is in de, a language of DE"},
				{marketing.RuleLogo, program.Met, "the page shows the Authorized Reseller logo (https://partner.example/img/reseller.svg)"},
				{marketing.RuleHomeLink, program.Met, "the page links back to GitLab: https://about.gitlab.com/"},
				{marketing.RuleProductLink, program.Met, "the page names none of the policy's products: no product link is needed"},
			},
		},
		{
			// /GitLab redirected once to the page, which is in English and
			// links a German version; two images, neither the logo; no link
			// back; GitLab Duo named twice, never linked.
			name: "redirected once, a version linked, nothing else",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				Redirects: []marketing.Redirect{{URL: "https://partner.example/GitLab"}},
				FinalURL:  "https://partner.example/en/gitlab",
				HTML: `<html lang="en"><head><link rel="alternate" hreflang="de" href="https://partner.example/de/gitlab"></head><body>
					<img src="/a.png" alt="our team"><img src="/b.png" alt="our office">
					<p>We sell GitLab Duo.</p><p>Ask us about GitLab Duo.</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RulePreferredURL, program.Met, "https://partner.example/GitLab, at the preferred path, redirects (1 time(s)) to the page at https://partner.example/en/gitlab"},
				{marketing.RuleLocalLanguage, program.Met, "the page links a version in de, a language of DE"},
				{marketing.RuleLogo, program.Unmet, "none of the page's 2 image(s) is the Authorized Reseller logo; add it from the Partner Portal"},
				{marketing.RuleHomeLink, program.Unmet, "the page has no link to about.gitlab.com's home page"},
				{marketing.RuleProductLink, program.Unmet, "the page names GitLab Duo (2 time(s)) but does not link https://about.gitlab.com/gitlab-duo/"},
			},
		},
		{
			// The fetch kept only the final URL: the text counts no redirect.
			name: "redirected, the chain not recorded",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				FinalURL: "https://partner.example/de/gitlab-partner",
				HTML:     `<html lang="de"><body><p>Hallo</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RulePreferredURL, program.Met, "https://partner.example/GitLab, at the preferred path, redirects to the page at https://partner.example/de/gitlab-partner"},
			},
		},
		{
			// The site's root redirected to the page, which is at /gitlab/:
			// the path is compared without regard to case or a trailing
			// slash, so the element is met.
			name: "redirected to the preferred path",
			page: marketing.Page{URL: "https://partner.example/", Country: "DE",
				Redirects: []marketing.Redirect{{URL: "https://partner.example/"}},
				FinalURL:  "https://partner.example/gitlab/",
				HTML:      `<html lang="de"><body><p>Hallo</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RulePreferredURL, program.Met, "https://partner.example/ redirects to the page at https://partner.example/gitlab/, at the preferred path /GitLab"},
			},
		},
		{
			// Neither the URL asked for nor the page it led to is at /GitLab.
			name: "not at the preferred path, redirected",
			page: marketing.Page{URL: "https://partner.example/partners", Country: "DE",
				Redirects: []marketing.Redirect{{URL: "https://partner.example/partners"}},
				FinalURL:  "https://partner.example/partners/gitlab-page",
				HTML:      `<html lang="de"><body><p>Hallo</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RulePreferredURL, program.Unmet, "neither https://partner.example/partners nor the page it redirects to, https://partner.example/partners/gitlab-page, is at the preferred path /GitLab; serve the page there, or redirect that URL to it"},
			},
		},
		{
			// Belgium: nl by CLDR, fr and de by the default policy; the page is
			// in English and links no other version.
			name: "advice, a language declared, three local ones",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "BE",
				HTML: `<html lang="en"><body><p>Hello</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RuleLanguageAdvice, program.Applied, "the page is in en and links no version in a language of BE (nl, fr, de): one is encouraged"},
			},
		},
		{
			name: "advice, no language declared",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html><body><p>Hello</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RuleLanguageAdvice, program.Applied, "the page declares no language and links no version in a language of DE (de): one is encouraged"},
			},
		},
		{
			// With home_link_any_page any page of the host would do: the text
			// asks for a link to the host, not to its home page.
			name:   "no link back, any page would do",
			policy: `{"landing_page":{"home_link_any_page":true}}`,
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body><p>Hallo</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RuleHomeLink, program.Unmet, "the page has no link to about.gitlab.com"},
			},
		},
		{
			// Two products named (Duo twice, Ultimate once), both linked: the
			// text counts products, not mentions.
			name: "every product named is linked",
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body>
					<p><a href="https://about.gitlab.com/gitlab-duo/">GitLab Duo</a> and GitLab Duo again.</p>
					<p><a href="https://about.gitlab.com/pricing/ultimate/">GitLab Ultimate</a></p></body></html>`},
			out: marketing.NonCompliant, // no logo, no link back
			want: []exWant{
				{marketing.RuleProductLink, program.Met, "each of the 2 product(s) the page names links to its page"},
			},
		},
		{
			// The paragraph's six words, four of them kept in order and two
			// changed: 2·4/(6+6) is 66%, under 90%.
			name:   "paragraph short of the threshold",
			policy: `{"landing_page":{"paragraphs":["` + exPara + `"]}}`,
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body><p>GitLab is a very complete platform</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RuleParagraph, program.Unmet, "the page's text closest to the press kit's \"What is GitLab?\" paragraph is 66% like it; 90% is needed"},
			},
		},
		{
			// One word of six changed: 2·5/(6+6) is 83% (rounded down), the
			// policy's threshold exactly, which is enough.
			name:   "paragraph at the threshold",
			policy: `{"landing_page":{"paragraphs":["` + exPara + `"],"paragraph_similarity":83}}`,
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body><p>GitLab is the most complete suite</p></body></html>`},
			out: marketing.NonCompliant,
			want: []exWant{
				{marketing.RuleParagraph, program.Met, "the page's text closest to the press kit's \"What is GitLab?\" paragraph is 83% like it; 83% is needed"},
			},
		},
		{
			// Every element met, in German for a German partner.
			name:   "compliant in a local language",
			policy: `{"landing_page":{"paragraphs":["` + exPara + `"]}}`,
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="de"><body>` + exLogo + `<p>` + exPara + `</p><p><a href="https://about.gitlab.com/">GitLab</a></p></body></html>`},
			out: marketing.Compliant,
			want: []exWant{
				{marketing.RuleParagraph, program.Met, "the page's text closest to the press kit's \"What is GitLab?\" paragraph is 100% like it; 90% is needed"},
				{marketing.RuleCompliant, program.Applied, "every required element is met"},
			},
		},
		{
			// Every required element met, in English for a German partner:
			// compliant, with the advice repeated.
			name:   "compliant, local language advised",
			policy: `{"landing_page":{"paragraphs":["` + exPara + `"]}}`,
			page: marketing.Page{URL: "https://partner.example/GitLab", Country: "DE",
				HTML: `<html lang="en"><body>` + exLogo + `<p>` + exPara + `</p><p><a href="https://about.gitlab.com/">GitLab</a></p></body></html>`},
			out: marketing.Compliant,
			want: []exWant{
				{marketing.RuleCompliant, program.Applied, "every required element is met (a version in a local language is still encouraged)"},
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := exPolicy(t, tt.policy).AuditLandingPage(tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != tt.out {
				t.Errorf("outcome %s, want %s", d.Outcome, tt.out)
			}
			exCheck(t, d.Reasons, tt.want)
		})
	}
}

// exRequest is a request for 5000.00 USD for an activity on 15 and 16 June
// 2026, submitted on the given day of May 2026.
func exRequest(id string, purpose marketing.Purpose, day int, pt marketing.Participants) marketing.MDFRequest {
	return marketing.MDFRequest{ID: id, Purpose: purpose, Participants: pt, Amount: program.MustMoney("5000.00", "USD"),
		SubmittedAt: time.Date(2026, 5, day, 9, 0, 0, 0, time.UTC), Start: program.NewDate(2026, 6, 15), End: program.NewDate(2026, 6, 16)}
}

// exNow is the decisions' instant: 1 June 2026.
var exNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// exRequestReasons returns the reasons of request id.
func exRequestReasons(t *testing.T, d marketing.MDFDecision, id string) program.Reasons {
	t.Helper()
	for _, e := range d.Requests {
		if e.ID == id {
			return e.Reasons
		}
	}
	t.Fatalf("no request %s in %+v", id, d.Requests)
	return program.Reasons{}
}

// TestMDFReasonTextsRuleByRule: five requests under the default policy (the
// Hyperscaler Partnerships section's joint tier, then everything else;
// every participant weighs 1; ties broken by submission, then ID). Three
// are ranked: JOINT in the joint tier (score 3: resale, GitLab and AWS;
// technology partners weigh nothing), then SOLO and NOBODY in the standard
// tier (score 0), SOLO submitted first. AWARE's purpose is not funded
// (Partner Marketing Resources: the fund is for pipeline generation) and
// LATE's activity is over.
func TestMDFReasonTextsRuleByRule(t *testing.T) {
	late := exRequest("MDF-LATE", marketing.PurposePipeline, 4, marketing.Participants{GitLab: true})
	late.Start, late.End = program.NewDate(2026, 5, 19), program.NewDate(2026, 5, 20)
	d, err := marketing.Default().PrioritizeMDF([]marketing.MDFRequest{
		exRequest("MDF-NOBODY", marketing.PurposePipeline, 3, marketing.Participants{}),
		exRequest("MDF-AWARE", marketing.PurposeAwareness, 1, marketing.Participants{GitLab: true}),
		exRequest("MDF-JOINT", marketing.PurposePipeline, 5, marketing.Participants{
			Partners: []marketing.PartnerKind{marketing.PartnerResale, marketing.PartnerTechnology}, GitLab: true,
			Clouds: []marketing.Cloud{marketing.CloudAWS}}),
		late,
		exRequest("MDF-SOLO", marketing.PurposePipeline, 2, marketing.Participants{
			Partners: []marketing.PartnerKind{marketing.PartnerTechnology}}),
	}, exNow)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != marketing.BatchNeedsReview {
		t.Errorf("outcome %s, want needs_review", d.Outcome)
	}
	exCheck(t, d.Reasons, []exWant{
		{marketing.RuleMDFOrder, program.Applied, "3 of 5 requests ranked by tier, then score, then submitted_at, then id, then input order; first: MDF-JOINT"},
		{marketing.RuleMDFReview, program.Applied, "2 request(s) need a person: MDF-AWARE, MDF-LATE"},
	})
	exCheck(t, exRequestReasons(t, d, "MDF-JOINT"), []exWant{
		{marketing.RuleMDFPurpose, program.Met, "request MDF-JOINT: purpose pipeline_generation is one the MDF program funds"},
		{marketing.RuleMDFPartner, program.Met, "request MDF-JOINT: a resale or services partner takes part (resale, technology)"},
		{marketing.RuleMDFGitLab, program.Met, "request MDF-JOINT: GitLab takes part"},
		{marketing.RuleMDFHyperscaler, program.Met, "request MDF-JOINT: aws or google_cloud takes part (aws)"},
		{marketing.RuleMDFTier, program.Applied, "request MDF-JOINT: tier 1 of 2 (\"joint\"), score 3, rank 1 of 3; 5000.00 USD"},
	})
	exCheck(t, exRequestReasons(t, d, "MDF-SOLO"), []exWant{
		{marketing.RuleMDFPartner, program.Unmet, "request MDF-SOLO: no resale or services partner takes part (technology)"},
		{marketing.RuleMDFGitLab, program.Unmet, "request MDF-SOLO: GitLab does not take part"},
		{marketing.RuleMDFTier, program.Applied, "request MDF-SOLO: tier 2 of 2 (\"standard\"), score 0, rank 2 of 3; 5000.00 USD"},
	})
	exCheck(t, exRequestReasons(t, d, "MDF-NOBODY"), []exWant{
		{marketing.RuleMDFPartner, program.Unmet, "request MDF-NOBODY: no resale or services partner takes part"},
		{marketing.RuleMDFTier, program.Applied, "request MDF-NOBODY: tier 2 of 2 (\"standard\"), score 0, rank 3 of 3; 5000.00 USD"},
	})
	exCheck(t, exRequestReasons(t, d, "MDF-AWARE"), []exWant{
		{marketing.RuleMDFPurpose, program.Unmet, "request MDF-AWARE: purpose brand_awareness is not one the MDF program funds (pipeline_generation): a person decides"},
	})
	exCheck(t, exRequestReasons(t, d, "MDF-LATE"), []exWant{
		{marketing.RuleMDFPurpose, program.Met, "request MDF-LATE: purpose pipeline_generation is one the MDF program funds"},
		{marketing.RuleMDFEnded, program.Unmet, "request MDF-LATE: the activity ended on 2026-05-20, before 2026-06-01, the day of the decision: a person decides"},
	})
}

// TestMDFReviewListTexts: the review reason names at most three requests,
// in input order, and counts the rest; a policy funding two purposes lists
// both, in the order of marketing.Purposes.
func TestMDFReviewListTexts(t *testing.T) {
	pol := exPolicy(t, `{"mdf":{"funded_purposes":["enablement","pipeline_generation"]}}`)
	for _, tt := range []struct {
		name     string
		purposes []marketing.Purpose // one request each, R1, R2, ...
		want     string
	}{
		{"one", []marketing.Purpose{marketing.PurposeOther}, "1 request(s) need a person: R1"},
		{"three, every one named",
			[]marketing.Purpose{marketing.PurposeOther, marketing.PurposeRetention, marketing.PurposeAwareness},
			"3 request(s) need a person: R1, R2, R3"},
		{"four, one counted",
			[]marketing.Purpose{marketing.PurposeOther, marketing.PurposeRetention, marketing.PurposeAwareness, marketing.PurposeOther},
			"4 request(s) need a person: R1, R2, R3 and 1 more"},
		{"six among seven, three counted",
			[]marketing.Purpose{marketing.PurposeOther, marketing.PurposeOther, marketing.PurposePipeline, marketing.PurposeOther,
				marketing.PurposeOther, marketing.PurposeOther, marketing.PurposeOther},
			"6 request(s) need a person: R1, R2, R4 and 3 more"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rs []marketing.MDFRequest
			for i, p := range tt.purposes {
				rs = append(rs, exRequest("R"+string(rune('1'+i)), p, 1, marketing.Participants{}))
			}
			d, err := pol.PrioritizeMDF(rs, exNow)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range d.Reasons.All() {
				if r.Rule == marketing.RuleMDFReview {
					got = append(got, r.Text())
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("review reasons %q, want [%q]", got, tt.want)
			}
			exCheck(t, exRequestReasons(t, d, "R1"), []exWant{
				{marketing.RuleMDFPurpose, program.Unmet, "request R1: purpose other is not one the MDF program funds (pipeline_generation, enablement): a person decides"},
			})
		})
	}
}

// TestFlowNamesTiersInOrder: the tier node's edge names the policy's tiers
// in order, joined by ", then ".
func TestFlowNamesTiersInOrder(t *testing.T) {
	for _, tt := range []struct{ policy, want string }{
		{"", "first tier met: joint, then standard"},
		{`{"mdf":{"tiers":[{"name":"all","requires":[]}]}}`, "first tier met: all"},
		{`{"mdf":{"tiers":[{"name":"a","requires":["gitlab"]},{"name":"b","requires":["partner"]},{"name":"c","requires":[]}]}}`,
			"first tier met: a, then b, then c"},
	} {
		var got []string
		for _, e := range exPolicy(t, tt.policy).Flow().Edges {
			if strings.HasPrefix(e.Label, "first tier met: ") {
				got = append(got, e.Label)
			}
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("policy %s: tier edges %q, want [%q]", tt.policy, got, tt.want)
		}
	}
}

// TestCountriesOfEveryLetter: the policy knows the languages of countries
// whose code has a Z in either place (the letters run A to Z inclusive):
// South Africa (en by CLDR; af, zu, xh by the default policy) and Czechia
// (cs).
func TestCountriesOfEveryLetter(t *testing.T) {
	for _, tt := range []struct {
		country program.Country
		lang    string
		local   []string
	}{
		{"ZA", "zu", []string{"en", "af", "zu", "xh"}},
		{"CZ", "cs", []string{"cs"}},
	} {
		d, err := marketing.Default().AuditLandingPage(marketing.Page{URL: "https://partner.example/GitLab", Country: tt.country,
			HTML: `<html lang="` + tt.lang + `"><body><p>x</p></body></html>`})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(d.Languages.Local); string(got) != exJSON(t, tt.local) || d.Elements.LocalLanguage != marketing.Met {
			t.Errorf("%s: local languages %s, element %s; want %s, met", tt.country, got, d.Elements.LocalLanguage, exJSON(t, tt.local))
		}
	}
}

func exJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
