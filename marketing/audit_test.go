package marketing_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestAuditReadsHTMLAsHTML audits small pages, each showing how one piece
// of markup is read: as a browser shows it, not as a text search would.
func TestAuditReadsHTMLAsHTML(t *testing.T) {
	const logo = `<img src="/l.png" alt="GitLab Authorized Reseller">`
	tests := []struct {
		name, html string
		country    program.Country
		// want: the states of some elements, and the products named.
		logo, home, products, lang marketing.State
		named                      []string
	}{
		{name: "upper-case tags and unquoted attributes", html: `<IMG SRC=/l.png ALT=GitLab-Authorized-Reseller><A HREF=HTTPS://ABOUT.GITLAB.COM/>GitLab</A>`,
			logo: marketing.Met, home: marketing.Met},
		{name: "logo words written as entities", html: `<img src="/x.png" alt="GitLab&#32;Authorized&nbsp;Reseller">`, logo: marketing.Met},
		{name: "logo words beyond ASCII", html: `<img src="/x.png" alt="GİTLAB Authorized Reseller">`, logo: marketing.Met},
		{name: "link host written with an entity", html: `<a href="https://about&#46;gitlab.com/">x</a>`, home: marketing.Met},
		{name: "second logo after the first", html: logo + `<img src="/y.png" alt="nothing">`, logo: marketing.Met},
		{name: "logo by its title", html: `<img src="/x.png" title="GitLab Authorized Reseller">`, logo: marketing.Met},
		{name: "logo by its ARIA label", html: `<img src="/x.png" aria-label="gitlab   AUTHORIZED  reseller">`, logo: marketing.Met},
		{name: "logo words in two attributes", html: `<img src="/badges/authorized_reseller.svg" alt="GitLab">`, logo: marketing.Met},
		{name: "a word inside another is no term", html: `<img src="/x.png" alt="GitLabs Authorized Resellers">`, logo: marketing.Unmet},
		{name: "scheme-relative link", html: logo + `<a href="//about.gitlab.com/">x</a>`, home: marketing.Met},
		{name: "user and port", html: `<a href="https://user@about.gitlab.com:443/?utm_source=p#top">x</a>`, home: marketing.Met},
		{name: "language root", html: `<a href="https://about.gitlab.com/ja-jp">x</a>`, home: marketing.Met},
		{name: "a page below is no home link", html: `<a href="https://about.gitlab.com/blog/">x</a>`, home: marketing.Unmet},
		{name: "look-alike host", html: `<a href="https://about.gitlab.com.example.net/">x</a><a href="https://example.net/?u=https://about.gitlab.com/">y</a>`, home: marketing.Unmet},
		{name: "other schemes", html: `<a href="mailto:team@about.gitlab.com">x</a><a href="javascript:go('https://about.gitlab.com/')">y</a>`, home: marketing.Unmet},
		{name: "area element", html: `<map><area href="https://about.gitlab.com/" alt="GitLab"></map>`, home: marketing.Met},
		{name: "product named across inline markup", html: `<p>GitLab <b>Duo</b></p>`, products: marketing.Unmet, named: []string{"GitLab Duo"}},
		{name: "product name split by blocks", html: `<p>GitLab</p><p>Duo</p>`, products: marketing.Met},
		{name: "product path is a whole segment", html: `<p>GitLab Duo <a href="https://about.gitlab.com/gitlab-duo-agent/">x</a></p>`,
			products: marketing.Unmet, named: []string{"GitLab Duo"}},
		{name: "product page below the mapped one", html: `<p>GitLab Duo <a href="https://about.gitlab.com/gitlab-duo/agent-platform/">x</a></p>`,
			products: marketing.Met, named: []string{"GitLab Duo"}},
		{name: "select options are not text", html: `<select><option>GitLab Duo</option></select>`, products: marketing.Met},
		{name: "self-closed script still hides", html: `<script/>var s = "GitLab Duo";</script><p>hello</p>`, products: marketing.Met},
		{name: "unclosed template hides the rest", html: `<template><p>GitLab Duo <a href="https://about.gitlab.com/">x</a>`, products: marketing.Met, home: marketing.Unmet},
		{name: "unclosed svg ends at a paragraph", html: `<svg><title>Chart</title><p>GitLab Dedicated</p>`, products: marketing.Unmet, named: []string{"GitLab Dedicated"}},
		{name: "invalid UTF-8 separates words", html: "<p>GitLab\xff Duo and GitLab\xffDuo</p>", products: marketing.Unmet, named: []string{"GitLab Duo"}},
		{name: "Content-Language lists local languages", html: `<meta http-equiv="Content-Language" content="en, fr">`, country: "CH", lang: marketing.Met},
		{name: "lang other than local", html: `<html lang="en-GB">`, country: "FR", lang: marketing.Advised},
		{name: "malformed lang", html: `<html lang="??">`, country: "US", lang: marketing.Advised},
	}
	pol := marketing.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.country
			if c == "" {
				c = "US"
			}
			d, err := pol.AuditLandingPage(marketing.Page{URL: "https://example.com/GitLab", HTML: tt.html, Country: c})
			if err != nil {
				t.Fatal(err)
			}
			for _, el := range []struct {
				name      string
				got, want marketing.State
			}{{"logo", d.Elements.Logo, tt.logo}, {"home_link", d.Elements.HomeLink, tt.home},
				{"product_links", d.Elements.ProductLinks, tt.products}, {"local_language", d.Elements.LocalLanguage, tt.lang}} {
				if el.want != "" && el.got != el.want {
					t.Errorf("%s: %s, want %s", el.name, el.got, el.want)
				}
			}
			var named []string
			for _, p := range d.Products {
				named = append(named, p.Name)
			}
			if tt.named != nil && !slices.Equal(named, tt.named) {
				t.Errorf("products named %q, want %q", named, tt.named)
			}
		})
	}
}

// TestAuditMentionsCounted: every mention counts, a longer name's mention
// is not a shorter one's, and lower case is the same name.
func TestAuditMentionsCounted(t *testing.T) {
	pol, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"landing_page":{"products":[
		{"names":["GitLab Duo"],"url":"https://about.gitlab.com/gitlab-duo/"},
		{"names":["GitLab Duo Pro","Duo Pro"],"url":"https://about.gitlab.com/duo-pro/"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	html := `<p>GitLab Duo, gitlab duo pro and Duo Pro. GitLab Duo again; GitLab Duo Pro.</p><a href="https://about.gitlab.com/duo-pro/">x</a>`
	d, err := pol.AuditLandingPage(marketing.Page{URL: "https://example.com/GitLab", HTML: html, Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	want := []marketing.ProductMention{
		{Name: "GitLab Duo", URL: "https://about.gitlab.com/gitlab-duo/", Mentions: 2, Linked: false},
		{Name: "GitLab Duo Pro", URL: "https://about.gitlab.com/duo-pro/", Mentions: 3, Linked: true},
	}
	if !slices.Equal(d.Products, want) {
		t.Fatalf("products %+v, want %+v", d.Products, want)
	}
	if d.Outcome != marketing.NonCompliant || d.Elements.ProductLinks != marketing.Unmet {
		t.Fatalf("outcome %s, product links %s", d.Outcome, d.Elements.ProductLinks)
	}
}

func TestAuditBadInputPointers(t *testing.T) {
	_, err := marketing.Default().AuditLandingPage(marketing.Page{
		URL:       "example.com/GitLab",
		Redirects: []marketing.Redirect{{URL: "https://example.com/GitLab", Status: new(200)}, {URL: ""}},
		FinalURL:  "https://example.com/GitLab",
		Country:   "XX",
	})
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("got %v", err)
	}
	want := []string{"/url", "/redirects/0/status", "/redirects/1/url", "/final_url", "/html", "/country"}
	if got := program.Locations(err); !slices.Equal(got, want) {
		t.Fatalf("pointers %q, want %q", got, want)
	}
	for _, fe := range program.FieldErrors(err) {
		if fe.Pointer == "/final_url" && !strings.Contains(fe.Detail, "redirect loop") {
			t.Errorf("/final_url: %s; want the loop named", fe.Detail)
		}
	}
}

func TestPrioritizeBadInputPointers(t *testing.T) {
	now := mustInstant(t, "2026-06-01T09:00:00Z")
	good := marketing.MDFRequest{ID: "A", Purpose: marketing.PurposePipeline, Amount: program.MustMoney("10", "USD"),
		SubmittedAt: now, Start: program.NewDate(2026, 6, 2), End: program.NewDate(2026, 6, 2)}
	bad := good
	bad.ID, bad.Purpose, bad.Amount = "", "", program.Money{}
	bad.Participants = marketing.Participants{Partners: []marketing.PartnerKind{"reseller"}, Clouds: []marketing.Cloud{"aws", "aws"}}
	bad.SubmittedAt, bad.Start = now.Add(1), program.NewDate(2026, 6, 3)
	_, err := marketing.Default().PrioritizeMDF([]marketing.MDFRequest{good, good, bad}, now)
	want := []string{"/requests/1/id", "/requests/2/id", "/requests/2/purpose", "/requests/2/participants/partners/0",
		"/requests/2/participants/clouds/1", "/requests/2/amount", "/requests/2/submitted_at", "/requests/2/end"}
	if got := program.Locations(err); !slices.Equal(got, want) {
		t.Fatalf("pointers %q, want %q", got, want)
	}
	_, err = marketing.Default().PrioritizeMDF([]marketing.MDFRequest{good}, time.Time{})
	if fes := program.FieldErrors(err); len(fes) != 1 || fes[0].Parameter != "now" {
		t.Fatalf("a zero now gives %v; want the parameter now named", err)
	}
}
