package marketing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/marketing"
)

// These tests drive the landing-page audit with small pages, each aimed at
// one edge of how the page's HTML is read: hidden elements, drawings (svg),
// declared and alternate languages, image sources and links. The elements
// come from the handbook's "GitLab Landing Page Requirements" list; the
// readings (which image is the logo, which link is the link back) are the
// ones the package documentation gives.

// scanPage is the page an edge case is audited on.
const scanPage = "https://example.com/GitLab"

// auditHTML audits html, served at scanPage, for a partner in country
// "US" (whose one local language is English) under pol.
func auditHTML(t *testing.T, pol marketing.Policy, html string) marketing.AuditDecision {
	t.Helper()
	d, err := pol.AuditLandingPage(marketing.Page{URL: scanPage, HTML: html, Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// namedProducts are the names of the products the audit found named.
func namedProducts(d marketing.AuditDecision) []string {
	names := []string{}
	for _, p := range d.Products {
		names = append(names, p.Name)
	}
	return names
}

// TestScanHiddenElements: text inside template, select and script is not
// page text, however these nest; an end tag closes the innermost open
// element of its name and whatever was left open inside it, and the page
// after it is shown again.
func TestScanHiddenElements(t *testing.T) {
	tests := []struct {
		name, html string
		named      []string // the products the visible text names
	}{
		{name: "a script inside a template is still hidden",
			html: `<template><script>GitLab Duo</script></template><p>welcome</p>`, named: []string{}},
		{name: "an inner template's end leaves the outer one hiding",
			html: `<template><template></template>GitLab Duo</template><p>welcome</p>`, named: []string{}},
		{name: "a template's end closes a select left open in it",
			html: `<template><select></template><p>GitLab Duo</p>`, named: []string{"GitLab Duo"}},
		{name: "a select closed inside a template: the template hides on, then ends",
			html: `<template><select></select>GitLab Dedicated</template><p>GitLab Duo</p>`, named: []string{"GitLab Duo"}},
		{name: "a style inside an svg is drawing, so the svg end is read",
			html: `<svg><style>.a{fill:red}</svg><p>GitLab Dedicated</p>`, named: []string{"GitLab Dedicated"}},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, pol, tt.html)
			if got := namedProducts(d); !slices.Equal(got, tt.named) {
				t.Errorf("products named %q, want %q", got, tt.named)
			}
		})
	}
}

// logoReason is the text of the decision's logo reason.
func logoReason(t *testing.T, d marketing.AuditDecision) string {
	t.Helper()
	for _, r := range d.Reasons.All() {
		if r.Rule == marketing.RuleLogo {
			return r.Text()
		}
	}
	t.Fatalf("no %s reason in %v", marketing.RuleLogo, d.Reasons.List())
	return ""
}

// TestScanLogo: which image (img or svg) is the Authorized Reseller logo.
// By default it is the one whose words (alternative text, title, ARIA
// label, file name) name GitLab and "authorized reseller"; an svg's words
// are its attributes and its title. logo is the decision's logo: the
// image's source, or its normalized words when it has none.
func TestScanLogo(t *testing.T) {
	tests := []struct {
		name, html string
		state      marketing.State
		logo       string // when not ""
	}{
		{name: "self-closed svg labelled as the logo",
			html: `<svg aria-label="GitLab Authorized Reseller"/>`, state: marketing.Met, logo: "gitlab authorized reseller"},
		{name: "svg whose title names the logo",
			html: `<svg viewBox="0 0 10 10"><title>GitLab Authorized Reseller</title><path d="M0 0"/></svg>`, state: marketing.Met},
		{name: "svg title after a closed group",
			html: `<svg><g></g><title>GitLab Authorized Reseller</title></svg>`, state: marketing.Met},
		{name: "a stray svg end before the logo is ignored",
			html: `</svg><svg aria-label="GitLab Authorized Reseller"></svg>`, state: marketing.Met},
		{name: "capital Z in the alternative text",
			html: `<img src="/badge.png" alt="GITLAB AUTHORIZED RESELLER">`, state: marketing.Met, logo: "/badge.png"},
		{name: "words only in the query are no file name",
			html: `<img src="?file=gitlab-authorized-reseller.png">`, state: marketing.Unmet},
		{name: "words only in the fragment are no file name",
			html: `<img src="#gitlab-authorized-reseller">`, state: marketing.Unmet},
		{name: "file name written with percent escapes",
			html: `<img src="/assets/GitLab%20Authorized%20Reseller.png">`, state: marketing.Met, logo: "/assets/GitLab%20Authorized%20Reseller.png"},
		{name: "a broken escape is read as written",
			html: `<img src="/assets/GitLab%2-Authorized-Reseller.png">`, state: marketing.Met},
		{name: "file name before a query",
			html: `<img src="/img/gitlab-authorized-reseller.png?v=2">`, state: marketing.Met, logo: "/img/gitlab-authorized-reseller.png?v=2"},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, pol, tt.html)
			if d.Elements.Logo != tt.state {
				t.Errorf("logo %s, want %s (%q)", d.Elements.Logo, tt.state, d.Logo)
			}
			if tt.logo != "" && d.Logo != tt.logo {
				t.Errorf("logo %q, want %q", d.Logo, tt.logo)
			}
		})
	}
}

// TestScanLogoCountsImages: when no image is the logo, the reason says how
// many images the page has: every img, and every svg drawing once.
func TestScanLogoCountsImages(t *testing.T) {
	tests := []struct {
		name, html string
		images     int
	}{
		{name: "two img elements", html: `<img src="/a.png" alt="team"><p>x</p><img src="/b.png">`, images: 2},
		{name: "two svg drawings", html: `<svg><title>chart</title></svg><svg viewBox="0 0 1 1"/>`, images: 2},
		{name: "img and nested svg", html: `<img src="/a.png"><svg><svg><circle r="1"/></svg></svg><img alt="map">`, images: 3},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, pol, tt.html)
			if d.Elements.Logo != marketing.Unmet {
				t.Fatalf("logo %s (%q), want unmet", d.Elements.Logo, d.Logo)
			}
			if want := fmt.Sprintf(" %d image", tt.images); !strings.Contains(logoReason(t, d), want) {
				t.Errorf("logo reason %q does not count %d images", logoReason(t, d), tt.images)
			}
		})
	}
}

// TestScanLogoSources: a policy that lists the logo's URL finds it by its
// resolved source alone; an image without a source has none to compare,
// even on a page whose own URL is listed.
func TestScanLogoSources(t *testing.T) {
	tests := []struct {
		name, sources, html string
		state               marketing.State
		logo                string
	}{
		{name: "relative source resolved to a listed URL",
			sources: `["https://example.com/assets/partner-badge.svg"]`,
			html:    `<img src="/assets/partner-badge.svg">`, state: marketing.Met, logo: "https://example.com/assets/partner-badge.svg"},
		{name: "an image without a source",
			sources: `["` + scanPage + `"]`,
			html:    `<img alt="our team"><svg><title>chart</title></svg>`, state: marketing.Unmet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"landing_page":{"logo":{"sources":`+tt.sources+`}}}`))
			if err != nil {
				t.Fatal(err)
			}
			d := auditHTML(t, pol, tt.html)
			if d.Elements.Logo != tt.state || d.Logo != tt.logo {
				t.Errorf("logo %s %q, want %s %q", d.Elements.Logo, d.Logo, tt.state, tt.logo)
			}
		})
	}
}

// languageList is n distinct language tags, separated by sep.
func languageList(n int, sep string) string {
	var tags []string
	for i := range n {
		tags = append(tags, fmt.Sprintf("x-l%02d", i))
	}
	return strings.Join(tags, sep)
}

// TestScanLanguages: the languages a page declares (html lang and
// xml:lang, Content-Language) and the versions it links (link
// rel=alternate with a hreflang other than x-default); at most 16 of each
// are kept, in page order.
func TestScanLanguages(t *testing.T) {
	sixteen := strings.Split(languageList(16, ","), ",")
	alternates := func(n int) string {
		var b strings.Builder
		for i, l := range strings.Split(languageList(n, ","), ",") {
			fmt.Fprintf(&b, `<link rel="alternate" hreflang="%s" href="/v%d/">`, l, i)
		}
		return b.String()
	}
	tests := []struct {
		name, html          string
		declared, alternate []string
	}{
		{name: "lang and xml:lang, not other attributes",
			html:     `<html dir="ltr" lang="de" data-theme="dark" xml:lang="de-CH"><body>x</body></html>`,
			declared: []string{"de", "de-CH"}},
		{name: "html lang after sixteen declared languages",
			html:     `<meta http-equiv="content-language" content="` + languageList(16, ", ") + `"><html lang="fr">`,
			declared: sixteen},
		{name: "Content-Language with seventeen languages",
			html:     `<meta http-equiv="Content-Language" content="` + languageList(17, ",") + `">`,
			declared: sixteen},
		{name: "blank and x-default hreflang are no language",
			html:      `<link rel="alternate" hreflang="  " href="/x/"><link rel="alternate" hreflang="X-Default" href="/"><link rel="alternate" hreflang="fr" href="/fr/">`,
			alternate: []string{"fr"}},
		{name: "seventeen alternates",
			html:      alternates(17),
			alternate: sixteen},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, pol, tt.html)
			if !slices.Equal(d.Languages.Declared, tt.declared) {
				t.Errorf("declared %q, want %q", d.Languages.Declared, tt.declared)
			}
			if !slices.Equal(d.Languages.Alternates, tt.alternate) {
				t.Errorf("alternates %q, want %q", d.Languages.Alternates, tt.alternate)
			}
		})
	}
}

// TestScanLinks: which links are the link back to about.gitlab.com's home
// page (or a language version of it), whatever came before them.
func TestScanLinks(t *testing.T) {
	const products = `<a href="https://about.gitlab.com/gitlab-duo/">a</a><a href="https://about.gitlab.com/dedicated/">b</a>` +
		`<a href="https://about.gitlab.com/pricing/premium/">c</a><a href="https://about.gitlab.com/pricing/ultimate/">d</a>`
	tests := []struct {
		name, html string
		state      marketing.State
		home       string // when not ""
	}{
		{name: "link back after every product page is linked",
			html: products + `<a href="https://about.gitlab.com/">GitLab</a>`, state: marketing.Met, home: "https://about.gitlab.com/"},
		{name: "plain http", html: `<a href="http://about.gitlab.com/">GitLab</a>`, state: marketing.Met, home: "http://about.gitlab.com/"},
		{name: "empty user information", html: `<a href="https://@about.gitlab.com/">GitLab</a>`, state: marketing.Met},
		{name: "language version with a z", html: `<a href="https://about.gitlab.com/zh-tw/">GitLab</a>`, state: marketing.Met,
			home: "https://about.gitlab.com/zh-tw/"},
		{name: "port and fragment", html: `<a href="https://about.gitlab.com:443#top">GitLab</a>`, state: marketing.Met},
		{name: "ftp is no web link", html: `<a href="ftp://about.gitlab.com/">GitLab</a>`, state: marketing.Unmet},
		// A scheme-relative href whose authority is empty names no host: it
		// leads nowhere, even below a base on GitLab's site, whatever its
		// query says.
		{name: "scheme-relative href with no host under a GitLab base",
			html: `<base href="https://about.gitlab.com/"><a href="//?@about.gitlab.com">GitLab</a>`, state: marketing.Unmet},
		{name: "relative href under a GitLab base",
			html: `<base href="https://about.gitlab.com/blog/"><a href="../">GitLab</a>`, state: marketing.Met, home: "https://about.gitlab.com/"},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, pol, tt.html)
			if d.Elements.HomeLink != tt.state {
				t.Errorf("home link %s (%q), want %s", d.Elements.HomeLink, d.HomeLink, tt.state)
			}
			if tt.home != "" && d.HomeLink != tt.home {
				t.Errorf("home link %q, want %q", d.HomeLink, tt.home)
			}
		})
	}
}
