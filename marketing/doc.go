// Package marketing decides partner marketing: which Marketing
// Development Fund requests come first ([Policy.PrioritizeMDF], operation
// marketing.prioritize_mdf), and whether a partner's GitLab landing page
// has what the program expects ([Policy.AuditLandingPage], operation
// marketing.audit_landing_page).
//
// It follows the handbook's "Hyperscaler Partnerships" (MDF requests are
// prioritized for activities that include resale or services partners,
// GitLab and the hyperscalers), "Partner Marketing Resources" (the MDF
// program is for pipeline generation) and "GitLab Landing Page
// Requirements" (the page elements).
//
// # MDF requests
//
// Input pointers start at the document {"requests": [...]}:
// "/requests/2/amount/amount"; a zero now is the parameter "now". A
// request asks for an amount above zero, was submitted no later than now,
// and its activity ends no earlier than it starts; IDs are unique. A request for a purpose the policy does not
// fund ([RuleMDFPurpose]; default: only pipeline_generation) needs review,
// and so does one whose activity ended before the day of now, in UTC
// ([RuleMDFEnded], policy review_ended). Every other request is in the
// first of the policy's tiers whose conditions it meets: the default
// "joint" tier needs a resale or services partner ([RuleMDFPartner]),
// GitLab ([RuleMDFGitLab]) and AWS or Google Cloud ([RuleMDFHyperscaler])
// to take part; the last tier ("standard") takes the rest. Within a tier a
// request's score is the sum of its participants' weights (default 1 for
// each of resale, services, GitLab, AWS, Google Cloud: the more of the
// named participants, the earlier), higher first; then the policy's
// tie-break keys (default: submitted first, then request ID), then the
// input order. The decision lists the ranked requests by rank, then those
// needing review in input order, each with its own reasons; its outcome is
// ordered, or needs_review when any request needs review.
//
// # Landing pages
//
// The audit reads the page as data: the URL asked for, the redirects that
// followed ({url, status}, the first for the URL asked for, no URL twice;
// a final URL given without them is a fetch that kept only where it
// ended), the final URL, the HTML and the partner's country. It does no I/O; the
// channelpolicy command's "audit landing-page" fetches pages. Pointers
// start at the page document: "/redirects/0/url". Each element of the
// handbook's list is met, unmet or, for local language (only
// encouraged), advised:
//
//   - preferred URL ([RulePreferredURL]): the URL asked for, or the page
//     it redirects to, is at the policy's preferred_path (/GitLab,
//     compared without regard to case or a trailing slash), and the page
//     is not on GitLab's own site (gitlab_hosts);
//   - local language ([RuleLocalLanguage], else [RuleLanguageAdvice]): the
//     page declares (html lang, Content-Language) or links as an
//     alternate (link rel=alternate hreflang) a language of the partner's
//     country: the most likely language CLDR gives for the country
//     (golang.org/x/text/language), plus the policy's country_languages
//     (Switzerland: de, then fr, it, rm);
//   - logo ([RuleLogo]): an image (img, or an svg with its title or ARIA
//     label) whose alternative text, title, ARIA label or file name (its
//     percent escapes decoded) holds every term of one of the policy's logo
//     term sets (default "gitlab"
//     and "authorized reseller"), or whose source is one of the policy's
//     logo sources;
//   - link back ([RuleHomeLink]): an a or area element linking to the home
//     page of a GitLab host (about.gitlab.com/, or a language version
//     such as about.gitlab.com/de-de/; query and fragment aside);
//   - "What is GitLab?" paragraph ([RuleParagraph]): a block of the page's
//     text (a paragraph, list item, cell, heading...) whose similarity to
//     one of the policy's paragraph texts reaches paragraph_similarity
//     (default 90%): twice the words the two have in common, in order
//     (their longest common subsequence), over the words of both, after
//     lower-casing and keeping only letters and digits (the decision's
//     paragraph_similarity is exact from half the threshold up, so a near
//     miss is told; 0 when no block comes that close);
//   - product links ([RuleProductLink]): each product of the policy's list
//     that the page's text names (as whole words, a longer name first) has
//     a link to its page or a page below it (or, by default, to a language
//     version of it, about.gitlab.com/de-de/...); each product named but
//     not linked is a reason.
//
// The page is compliant ([RuleCompliant]) when every element but local
// language is met, non_compliant when one is unmet, and needs_review when
// nothing is unmet but the paragraph could not be checked
// ([RuleParagraphUnchecked]).
//
// HTML is read with the HTML5 tokenizer of golang.org/x/net/html, never
// with regular expressions: text inside script, style, template,
// noscript, textarea, select and title is not page text; entities are
// decoded; inline elements do not split words and block elements split
// blocks. Links and image sources are resolved against the final URL, or
// the page's base element when it comes before them. What the audit does
// not see: text drawn by scripts, CSS background images, content hidden
// by CSS.
//
// # What the handbook links to rather than states
//
// The handbook names the logo (from the Partner Portal), the paragraph
// (from the press kit) and the product pages (on about.gitlab.com) by
// link. They are policy data:
//
//   - The "What is GitLab?" paragraph: the handbook does not give its text,
//     and a paragraph of our own would not be GitLab's. The default policy
//     has none (landing_page.paragraphs is empty): the element is
//     unchecked, and a page with nothing unmet needs review, until the
//     policy is given the press kit's text (and any translations).
//   - The logo: the Partner Portal's asset is not public; by default an
//     image is the logo when its words name GitLab and "authorized
//     reseller". Give the asset's URL in logo.sources to match it exactly.
//   - The product pages: the default maps GitLab Duo, GitLab Dedicated,
//     GitLab Premium and GitLab Ultimate to about.gitlab.com/gitlab-duo/,
//     /dedicated/, /pricing/premium/ and /pricing/ultimate/: our reading
//     of about.gitlab.com as of 2026-11, not the handbook's; the policy
//     owner confirms or replaces the list.
//
// # Readings where the handbook is silent
//
//   - "Preferred URL (or redirect to actual URL)" is a requirement: the
//     page must be reachable from the site's /GitLab, directly or by
//     redirects, but not land on GitLab's own site.
//   - Local language is advice, never a failure; a linked alternate in a
//     local language counts.
//   - The link back is to about.gitlab.com's home page: the handbook lists
//     it apart from the links for product mentions, which are to other
//     about.gitlab.com pages (policy home_link_any_page: true takes a link
//     to any page).
//   - MDF tiers: the handbook's "including resale/services partners,
//     GitLab, and hyperscalers" is read as all three; other purposes than
//     pipeline generation, and activities already over, are left to a
//     person (the ESM).
//   - Amounts in different currencies are never converted: under the
//     amount tie-break key they are ordered by currency code, then amount.
//
// # Policy and reasons
//
// A policy document lays lists over the base whole and maps (weights,
// country_languages) key by key. A policy is checked once, when it is
// compiled ([Policy.Compile];
// [Default] and [ParsePolicy] return compiled policies): the paragraphs'
// words, the product names and pages, and every country's languages are
// worked out then. A policy built or changed by hand is compiled again by
// the next decision; a compiled policy's lists are read-only. Every rule
// is declared once with the text its reasons are written with (explain.go
// holds every reason this package builds); texts are written only when a
// decision is encoded or read.
package marketing
