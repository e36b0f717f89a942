package marketing_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// Paragraph texts of our own for the similarity tests: the press kit's is
// policy data the handbook only links to ("GitLab Landing Page
// Requirements"), so any text of five words or more will do. The short one
// (5 words) shares no word with the long ones (5, 14 and 18 words).
const (
	paraShort  = "gitlab is the devsecops platform"
	paraLong5  = "one application for every team"
	paraLong14 = "one application brings planning coding testing security deployment monitoring and compliance together for teams"
	paraLong18 = "one application brings planning coding testing security deployment monitoring and compliance together for every team in a single"
)

// auditPolicy is the default policy with the paragraph texts given, in
// that order, at the default threshold (90%).
func auditPolicy(t *testing.T, paragraphs ...string) marketing.Policy {
	t.Helper()
	doc, err := json.Marshal(map[string]any{"landing_page": map[string]any{"paragraphs": paragraphs}})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := marketing.ParsePolicy(marketing.Default(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := pol.LandingPage.ParagraphSimilarity; got != 90 {
		t.Fatalf("default threshold %d; these cases are worked out for 90", got)
	}
	return pol
}

// reasonText is the text of the decision's reason for rule, or "".
func reasonText(d marketing.AuditDecision, rule program.RuleID) string {
	text, _ := casetest.ReasonText(d.Reasons, rule)
	return text
}

// TestAuditParagraphSimilarityBoundaries: the similarity a decision reports
// is 2·LCS/(m+n) over words, in whole percent, exact from half the
// threshold (45 at 90) up and 0 below; the quick bounds the audit uses to
// skip blocks never change it. Each block is one <p>; the expected values
// are worked out by hand from that formula.
func TestAuditParagraphSimilarityBoundaries(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		blocks     []string
		want       int
	}{
		{name: "an exact copy", paragraphs: []string{paraShort},
			blocks: []string{"GitLab is the DevSecOps platform."}, want: 100},
		// 12 other words, then the paragraph: 2·5/(5+17) = 45.4 → 45, which
		// is exactly half the threshold, and the block ends with one of the
		// paragraph's words.
		{name: "exactly half the threshold is reported", paragraphs: []string{paraShort},
			blocks: []string{"We resell, support and train teams in our region who want to: GitLab is the DevSecOps platform"}, want: 45},
		// 13 other words: 2·5/(5+18) = 43.5 → 43, under 45.
		{name: "just under half the threshold is 0", paragraphs: []string{paraShort},
			blocks: []string{"We resell, support and train teams in our region who want to adopt GitLab is the DevSecOps platform"}, want: 0},
		// gitlab, the, platform are in order; our and we are not the
		// paragraph's words and stand for none of them: 2·3/(5+5) = 60.
		{name: "a word outside the paragraph matches none of its words", paragraphs: []string{paraShort},
			blocks: []string{"GitLab our the we platform"}, want: 60},
		// The first block is 6 of the long paragraph's 14 words in order:
		// 2·6/20 = 60. The second is the short paragraph and one word more:
		// 2·5/11 = 90.9 → 90, the best. Against the long paragraph the
		// second block could reach only 2·6/20 = 60, no better than the
		// best so far, so only the short paragraph is compared.
		{name: "a later block is compared with the paragraph it can beat", paragraphs: []string{paraLong14, paraShort},
			blocks: []string{"planning, coding, testing, security, deployment, monitoring", "GitLab is the DevSecOps platform today"}, want: 90},
		// The first block scores 90 against the short paragraph. The second
		// has five words, one of them the first paragraph's: at most
		// 2·1/10 = 20, whatever it is compared with.
		{name: "a later block with few paragraph words does not beat the best", paragraphs: []string{paraLong5, paraShort},
			blocks: []string{"GitLab is the DevSecOps platform today", "One of our local experts"}, want: 90},
		// The first block is 6 of the long paragraph's words in reverse: a
		// common subsequence of one word, 2·1/24 = 8, under 45. The second
		// is the short paragraph and "latex": 2·5/11 = 90. "latex" is not a
		// paragraph word, but the audit's word pre-filter (first and last
		// letter and length) cannot tell it from "planning"; a block is
		// scored the same either way. (Without the look-alike, the long
		// paragraph's pre-filter turns the block away before its words are
		// read; the next case pins that the short paragraph then reads them.)
		{name: "a look-alike of a paragraph word does not change the score", paragraphs: []string{paraLong18, paraShort},
			blocks: []string{"monitoring deployment security testing coding planning", "GitLab is the DevSecOps platform latex"}, want: 90},
		// The long paragraph's pre-filter turns the one block away (at most
		// 2·1/24 of its words are the long paragraph's, by hash); the
		// short paragraph must then read the block's own words: 2·5/11 =
		// 90.9 → 90. (It once was compared with whatever words the scratch
		// space held from before, and scored 0.)
		{name: "a block one paragraph's pre-filter turns away is read for the next", paragraphs: []string{paraLong18, paraShort},
			blocks: []string{"GitLab is the DevSecOps platform today"}, want: 90},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := auditPolicy(t, tt.paragraphs...)
			var html strings.Builder
			for _, b := range tt.blocks {
				html.WriteString("<p>" + b + "</p>")
			}
			d := auditHTML(t, pol, html.String())
			if d.ParagraphSimilarity != tt.want {
				t.Errorf("paragraph similarity %d, want %d", d.ParagraphSimilarity, tt.want)
			}
			wantState := marketing.Unmet
			if tt.want >= 90 {
				wantState = marketing.Met
			}
			if d.Elements.Paragraph != wantState {
				t.Errorf("paragraph %s, want %s", d.Elements.Paragraph, wantState)
			}
		})
	}
}

// TestParagraphSimilarityEmptyBlock: the similarity reads its text block by
// block, a newline ending each; an empty block is nothing, and the block
// after it is read whole.
func TestParagraphSimilarityEmptyBlock(t *testing.T) {
	pol := auditPolicy(t, paraShort)
	for _, tt := range []struct {
		text string
		want int
	}{
		{"\n" + paraShort, 100},
		{"we sell it\n\n" + paraShort + "\n", 100},
		// Split over two blocks, each is scored alone: 2·2/(5+2) = 57 and
		// 2·3/(5+3) = 75.
		{"gitlab is\nthe devsecops platform", 75},
	} {
		got, err := marketing.TextSimilarity(pol, tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%q: similarity %d, want %d", tt.text, got, tt.want)
		}
	}
}

// TestAuditCompliantNotesLocalLanguage: local language is encouraged, not
// required ("GitLab Landing Page Requirements"): a page with every
// required element is compliant either way, and the compliant reason still
// encourages a local-language version only when the page has none.
func TestAuditCompliantNotesLocalLanguage(t *testing.T) {
	pol := auditPolicy(t, paraShort)
	for _, tt := range []struct {
		lang       string
		state      marketing.State
		encouraged bool
	}{
		{"en", marketing.Met, false},
		{"fr", marketing.Advised, true},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			d := auditHTML(t, pol, `<html lang="`+tt.lang+`"><body><img src="/l.png" alt="GitLab Authorized Reseller">`+
				`<a href="https://about.gitlab.com/">GitLab</a><p>GitLab is the DevSecOps platform.</p></body></html>`)
			if d.Outcome != marketing.Compliant || d.Elements.LocalLanguage != tt.state {
				t.Fatalf("outcome %s, local language %s; want compliant, %s", d.Outcome, d.Elements.LocalLanguage, tt.state)
			}
			text := reasonText(d, marketing.RuleCompliant)
			if text == "" {
				t.Fatalf("no %s reason in %v", marketing.RuleCompliant, d.Reasons.List())
			}
			if got := strings.Contains(text, "encouraged"); got != tt.encouraged {
				t.Errorf("compliant reason %q: encourages a local version %v, want %v", text, got, tt.encouraged)
			}
		})
	}
}

// TestAuditProductLinkReasonCounts: when every product named is linked,
// the product-link reason counts the products named; a page naming none
// lists no products at all.
func TestAuditProductLinkReasonCounts(t *testing.T) {
	const duo, dedicated = `<a href="https://about.gitlab.com/gitlab-duo/">x</a>`, `<a href="https://about.gitlab.com/dedicated/">y</a>`
	for _, tt := range []struct {
		name, html string
		named      int
		phrase     string // in the product-link reason
	}{
		{"none named", `<p>We resell GitLab.</p>` + duo, 0, "names none"},
		{"one named and linked", `<p>We resell GitLab Duo.</p>` + duo, 1, " 1 product"},
		{"two named and linked", `<p>We resell GitLab Duo and GitLab Dedicated.</p>` + duo + dedicated, 2, " 2 product"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, marketing.Default(), tt.html)
			if len(d.Products) != tt.named || d.Elements.ProductLinks != marketing.Met {
				t.Fatalf("products %+v, product links %s; want %d named, met", d.Products, d.Elements.ProductLinks, tt.named)
			}
			if tt.named == 0 && d.Products != nil {
				t.Errorf("products %#v; want none (nil), as a decision read back from JSON has", d.Products)
			}
			if text := reasonText(d, marketing.RuleProductLink); !strings.Contains(text, tt.phrase) {
				t.Errorf("product-link reason %q; want it to say %q", text, tt.phrase)
			}
		})
	}
}

// TestAuditMentionsWholeWords: a product is named by its name as whole
// words of the page's text, wherever they are in it.
func TestAuditMentionsWholeWords(t *testing.T) {
	const text64 = "Our partners in each region resell and support all of GitLab Duo"
	if n := len(marketing.NormalizeText(text64)); n != 64 {
		t.Fatalf("normalized text is %d bytes; the case needs 64", n)
	}
	duo := []marketing.ProductMention{{Name: "GitLab Duo", URL: "https://about.gitlab.com/gitlab-duo/", Mentions: 1}}
	for _, tt := range []struct {
		name, html string
		want       []marketing.ProductMention
	}{
		{"more letters after the name", `<p>Our GitLab Duos help.</p>`, nil},
		{"letters before the name", `<p>Try MyGitLab Duo today.</p>`, nil},
		{"the name opens a later block", `<p>Intro</p><p>GitLab Duo</p>`, duo},
		{"the name ends the text, no block closed", `<p>We resell GitLab Duo`, duo},
		// The mention's last byte is the text's last, at a multiple of 64.
		{"the name ends a 64-byte text", `<p>` + text64, duo},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := auditHTML(t, marketing.Default(), tt.html)
			if !slices.Equal(d.Products, tt.want) {
				t.Errorf("products %+v, want %+v", d.Products, tt.want)
			}
		})
	}
}

// TestAuditOverlappingMentionsIgnorePolicyOrder: of two mentions that
// overlap, the longer is counted; of two as long, the one earlier in the
// text. Which product the policy lists first changes neither.
func TestAuditOverlappingMentionsIgnorePolicyOrder(t *testing.T) {
	type product struct {
		Names []string `json:"names"`
		URL   string   `json:"url"`
	}
	pro := product{[]string{"GitLab Duo Pro"}, "https://about.gitlab.com/duo-pro/"}
	// "Duo Pro Suite" has as many words as "GitLab Duo Pro", so the short
	// name "Duo Pro" may be looked for first.
	proShort := product{[]string{"Duo Pro Suite", "Duo Pro"}, "https://about.gitlab.com/duo-pro-suite/"}
	duo := product{[]string{"GitLab Duo"}, "https://about.gitlab.com/gitlab-duo/"}
	agents := product{[]string{"Duo Agents"}, "https://about.gitlab.com/duo-agents/"}
	tests := []struct {
		name     string
		products []product
		html     string
		want     map[string]int // mentions by first name
	}{
		// "Duo Pro" lies inside "GitLab Duo Pro": only the longer counts.
		{"inside a longer name", []product{pro, proShort}, `<p>We resell GitLab Duo Pro.</p>`, map[string]int{"GitLab Duo Pro": 1}},
		{"inside a longer name, listed first", []product{proShort, pro}, `<p>We resell GitLab Duo Pro.</p>`, map[string]int{"GitLab Duo Pro": 1}},
		// "gitlab duo" and "duo agents" are 10 bytes each and share "duo":
		// the earlier one counts.
		{"as long, overlapping", []product{duo, agents}, `<p>See GitLab Duo Agents.</p>`, map[string]int{"GitLab Duo": 1}},
		{"as long, overlapping, listed first", []product{agents, duo}, `<p>See GitLab Duo Agents.</p>`, map[string]int{"GitLab Duo": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := json.Marshal(map[string]any{"landing_page": map[string]any{"products": tt.products}})
			if err != nil {
				t.Fatal(err)
			}
			pol, err := marketing.ParsePolicy(marketing.Default(), doc)
			if err != nil {
				t.Fatal(err)
			}
			d := auditHTML(t, pol, tt.html)
			got := map[string]int{}
			for _, p := range d.Products {
				got[p.Name] = p.Mentions
			}
			if len(got) != len(tt.want) {
				t.Fatalf("products %+v, want mentions %v", d.Products, tt.want)
			}
			for name, n := range tt.want {
				if got[name] != n {
					t.Errorf("products %+v, want mentions %v", d.Products, tt.want)
				}
			}
		})
	}
}
