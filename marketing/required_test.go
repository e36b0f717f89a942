package marketing_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// requires lists every member the inputs of marketing require, with the
// rules that read it. Members whose absence means something may be left
// out: a request's activity (for people only) and participants (nobody
// recorded: no tier condition met), each participant list and gitlab
// (none, false); a page's redirects (the URL asked for answered) and a
// redirect's status (unknown; not read).
var requires = []casetest.Requirement{
	casetest.Required("marketing.prioritize_mdf", "/requests", "the batch ranked",
		marketing.RuleMDFOrder, marketing.RuleMDFReview),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/id", "names the request and breaks ties",
		marketing.RuleMDFOrder, marketing.RuleMDFTier),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/purpose", "the program funds pipeline generation",
		marketing.RuleMDFPurpose),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/amount", "the funding asked for: the tier's reason names it, the amount tie-break orders by it",
		marketing.RuleMDFTier, marketing.RuleMDFOrder),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/amount/amount", "the amount asked for",
		marketing.RuleMDFTier, marketing.RuleMDFOrder),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/amount/currency", "the amount's currency, never converted",
		marketing.RuleMDFTier, marketing.RuleMDFOrder),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/submitted_at", "the default tie-break; not after now",
		marketing.RuleMDFOrder),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/start", "the start tie-break; the activity ends no earlier",
		marketing.RuleMDFOrder),
	casetest.Required("marketing.prioritize_mdf", "/requests/*/end", "an activity already over needs review",
		marketing.RuleMDFEnded),

	casetest.Required("marketing.audit_landing_page", "/url", "the URL asked for: at the preferred path?",
		marketing.RulePreferredURL),
	withValues(casetest.Required("marketing.audit_landing_page", "/html", "the page every other element is read from",
		marketing.RuleLogo, marketing.RuleHomeLink, marketing.RuleParagraph, marketing.RuleProductLink),
		`"<p>Coming soon</p>"`),
	casetest.Required("marketing.audit_landing_page", "/country", "the partner's country gives the local languages",
		marketing.RuleLocalLanguage, marketing.RuleLanguageAdvice),
	probed(casetest.Required("marketing.audit_landing_page", "/redirects/*/url", "the chain from the URL asked for to the page",
		marketing.RulePreferredURL),
		// The chain starts at the URL asked for: change both.
		"marketing-landing-redirect-to-preferred-path", "/url", `"https://example.com/GitLab"`, "/redirects/0/url", `"https://example.com/GitLab"`),
	{Op: "marketing.audit_landing_page", Pointer: "/final_url",
		When: func(s casetest.Situation) bool {
			rs, _ := s.Parent()["redirects"].([]any)
			return len(rs) > 0
		},
		Rules: []program.RuleID{marketing.RulePreferredURL},
		Why:   "after redirects, the URL that answered with the page: at the preferred path? on GitLab's site?"},
}

func withValues(q casetest.Requirement, values ...string) casetest.Requirement {
	q.Values = values
	return q
}

// probed adds a probe of case id: pairs of a pointer and its new JSON.
func probed(q casetest.Requirement, id string, edits ...string) casetest.Requirement {
	set := map[string]string{}
	for i := 0; i < len(edits); i += 2 {
		set[edits[i]] = edits[i+1]
	}
	q.Probes = append(q.Probes, casetest.Probe{Case: id, Set: set})
	return q
}

// TestRequiredExactlyWhenRead holds the inputs of marketing to "a member
// is required exactly when the decision reads it" (see
// casetest.Requirements and casetest.GoRequirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	pkg := channelpolicy.Marketing()
	cases := casetest.Load(t, caseDir)
	casetest.Requirements(t, pkg, cases, requires)
	t.Run("go", func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, requires, decideGo) })
}

func decideGo(c casebook.Case, input any) error {
	pol := marketing.Default()
	if len(c.Policy) > 0 {
		var err error
		if pol, err = marketing.ParsePolicy(pol, c.Policy); err != nil {
			return err
		}
	}
	var err error
	switch x := input.(type) {
	case *channelpolicy.MDFInput:
		_, err = pol.PrioritizeMDF(x.Requests, c.Now)
	case *marketing.Page:
		_, err = pol.AuditLandingPage(*x)
	default:
		err = fmt.Errorf("no Go entry point for %T", x)
	}
	return err
}
