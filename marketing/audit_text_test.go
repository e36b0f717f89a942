package marketing_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestAuditReasonTexts reads the landing-page reasons of pages written out
// by hand, one case per variant of each text, under the default policy
// with the paragraph "GitLab is the DevSecOps platform" (90% needed): the
// preferred URL answered directly, redirected with and without a counted
// chain, redirected to the preferred path, and nowhere near it; the local
// language declared, linked or missing; the logo, the link back and the
// products present or missing.
func TestAuditReasonTexts(t *testing.T) {
	pol := auditPolicy(t, paraShort)
	const site = "https://partner.example"
	good := `<html lang="en"><body><img src="/logo.png" alt="GitLab Authorized Reseller">` +
		`<p>GitLab is the DevSecOps platform today</p><a href="https://about.gitlab.com/">GitLab</a></body></html>`
	status := 301
	tests := []struct {
		name string
		page marketing.Page
		want map[program.RuleID]string
		met  func(marketing.Elements) bool
	}{
		{name: "compliant at the preferred URL",
			page: marketing.Page{URL: site + "/GitLab", HTML: good, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL:  "the page answers at https://partner.example/GitLab, the preferred path /GitLab",
				marketing.RuleLocalLanguage: "the page is in en, a language of US",
				marketing.RuleLogo:          "the page shows the Authorized Reseller logo (/logo.png)",
				marketing.RuleHomeLink:      "the page links back to GitLab: https://about.gitlab.com/",
				marketing.RuleParagraph:     `the page's text closest to the press kit's "What is GitLab?" paragraph is 90% like it; 90% is needed`,
				marketing.RuleProductLink:   "the page names none of the policy's products: no product link is needed",
				marketing.RuleCompliant:     "every required element is met",
			},
			met: func(e marketing.Elements) bool { return e.Paragraph == marketing.Met && e.HomeLink == marketing.Met },
		},
		{name: "redirected twice from the preferred URL, no language, no logo, no link",
			page: marketing.Page{URL: site + "/GitLab", Redirects: []marketing.Redirect{{URL: site + "/GitLab", Status: &status}, {URL: site + "/gitlab-2"}},
				FinalURL: site + "/partners/gitlab", HTML: `<p>We resell GitLab.</p>`, Country: "CH"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL:   "https://partner.example/GitLab, at the preferred path, redirects (2 time(s)) to the page at https://partner.example/partners/gitlab",
				marketing.RuleLanguageAdvice: "the page declares no language and links no version in a language of CH (de, fr, it, rm): one is encouraged",
				marketing.RuleLogo:           "none of the page's 0 image(s) is the Authorized Reseller logo; add it from the Partner Portal",
				marketing.RuleHomeLink:       "the page has no link to about.gitlab.com's home page",
			},
			met: func(e marketing.Elements) bool {
				return e.PreferredURL == marketing.Met && e.HomeLink == marketing.Unmet
			},
		},
		{name: "redirected from the preferred URL without the chain",
			page: marketing.Page{URL: site + "/GitLab", FinalURL: site + "/other", HTML: good, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL: "https://partner.example/GitLab, at the preferred path, redirects to the page at https://partner.example/other",
			},
		},
		{name: "redirected to the preferred path",
			page: marketing.Page{URL: site + "/", FinalURL: site + "/GitLab", HTML: good, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL: "https://partner.example/ redirects to the page at https://partner.example/GitLab, at the preferred path /GitLab",
				marketing.RuleCompliant:    "every required element is met",
			},
			met: func(e marketing.Elements) bool { return e.PreferredURL == marketing.Met },
		},
		{name: "neither the URL nor its redirect at the preferred path",
			page: marketing.Page{URL: site + "/home", FinalURL: site + "/welcome", HTML: good, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL: "neither https://partner.example/home nor the page it redirects to, https://partner.example/welcome, is at the preferred path /GitLab; serve the page there, or redirect that URL to it",
			},
			met: func(e marketing.Elements) bool { return e.PreferredURL == marketing.Unmet },
		},
		{name: "not at the preferred path, not redirected",
			page: marketing.Page{URL: site + "/home", HTML: good, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RulePreferredURL: "https://partner.example/home is not at the preferred path /GitLab; serve the page there, or redirect that URL to it",
			},
		},
		{name: "a version in the local language linked",
			page: marketing.Page{URL: site + "/GitLab", HTML: `<html lang="en"><head><link rel="alternate" hreflang="de" href="/de/GitLab"></head>` + good[len(`<html lang="en">`):], Country: "DE"},
			want: map[program.RuleID]string{
				marketing.RuleLocalLanguage: "the page links a version in de, a language of DE",
			},
		},
		{name: "declared in a language that is not local, nothing linked",
			page: marketing.Page{URL: site + "/GitLab", HTML: good, Country: "DE"},
			want: map[program.RuleID]string{
				marketing.RuleLanguageAdvice: "the page is in en and links no version in a language of DE (de): one is encouraged",
				marketing.RuleCompliant:      "every required element is met (a version in a local language is still encouraged)",
			},
		},
		{name: "a product named but not linked",
			page: marketing.Page{URL: site + "/GitLab", HTML: good[:len(good)-len("</body></html>")] + `<p>Ask us about GitLab Duo and GitLab Duo pricing.</p></body></html>`, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RuleProductLink: "the page names GitLab Duo (2 time(s)) but does not link https://about.gitlab.com/gitlab-duo/",
			},
			met: func(e marketing.Elements) bool { return e.ProductLinks == marketing.Unmet },
		},
		{name: "a product whose first word it shares with others",
			page: marketing.Page{URL: site + "/GitLab", HTML: good[:len(good)-len("</body></html>")] + `<p>We run GitLab Dedicated.</p></body></html>`, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RuleProductLink: "the page names GitLab Dedicated (1 time(s)) but does not link https://about.gitlab.com/dedicated/",
			},
		},
		{name: "a country whose code starts with Z",
			page: marketing.Page{URL: site + "/GitLab", HTML: `<html lang="af">` + good[len(`<html lang="en">`):], Country: "ZA"},
			want: map[program.RuleID]string{marketing.RuleLocalLanguage: "the page is in af, a language of ZA"},
		},
		{name: "a country whose code ends with Z",
			page: marketing.Page{URL: site + "/GitLab", HTML: good, Country: "NZ"},
			want: map[program.RuleID]string{marketing.RuleLocalLanguage: "the page is in en, a language of NZ"},
		},
		{name: "every product named is linked",
			page: marketing.Page{URL: site + "/GitLab", HTML: good[:len(good)-len("</body></html>")] +
				`<p>GitLab Duo and GitLab Ultimate</p><a href="https://about.gitlab.com/gitlab-duo/">Duo</a><a href="https://about.gitlab.com/pricing/ultimate/">Ultimate</a></body></html>`, Country: "US"},
			want: map[program.RuleID]string{
				marketing.RuleProductLink: "each of the 2 product(s) the page names links to its page",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := pol.AuditLandingPage(tt.page)
			if err != nil {
				t.Fatal(err)
			}
			for rule, want := range tt.want {
				if got := reasonText(d, rule); got != want {
					t.Errorf("%s:\n got %q\nwant %q", rule, got, want)
				}
			}
			if tt.met != nil && !tt.met(d.Elements) {
				t.Errorf("elements %+v", d.Elements)
			}
		})
	}
}
