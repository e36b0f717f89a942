package marketing_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds adds the case book's inputs for operation op to f, and a few of
// our own.
func seeds(f *testing.F, op string, own ...string) {
	for _, s := range own {
		f.Add([]byte(s))
	}
	cases, err := casebook.LoadDir(caseDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		if c.Operation == op {
			f.Add([]byte(c.Input))
		}
	}
}

// fuzzPolicy has a paragraph text, so the similarity is computed too.
func fuzzPolicy(t testing.TB) marketing.Policy {
	pol, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"landing_page":{"paragraphs":[
		"GitLab is a single application for the whole software lifecycle, from planning and source code to builds, security checks and deployment, so that teams ship better software faster together."]}}`))
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// checkAudit holds an audit to the decision contract: a known outcome that
// agrees with the elements, reasons citing declared rules, the same
// decision twice, and JSON that encodes.
func checkAudit(t *testing.T, pol marketing.Policy, pg marketing.Page, d marketing.AuditDecision) {
	t.Helper()
	if !d.Outcome.Valid() {
		t.Fatalf("unknown outcome %q", d.Outcome)
	}
	casetest.Reasons(t, marketing.Rules(), d.Reasons)
	e := d.Elements
	for _, s := range []marketing.State{e.PreferredURL, e.LocalLanguage, e.Logo, e.HomeLink, e.Paragraph, e.ProductLinks} {
		if !s.Valid() {
			t.Fatalf("element state %q", s)
		}
	}
	unmet := e.PreferredURL == marketing.Unmet || e.Logo == marketing.Unmet || e.HomeLink == marketing.Unmet ||
		e.Paragraph == marketing.Unmet || e.ProductLinks == marketing.Unmet
	if (d.Outcome == marketing.NonCompliant) != unmet {
		t.Fatalf("outcome %s with elements %+v", d.Outcome, e)
	}
	if d.ParagraphSimilarity < 0 || d.ParagraphSimilarity > 100 {
		t.Fatalf("similarity %d", d.ParagraphSimilarity)
	}
	d2, err := pol.AuditLandingPage(pg)
	if err != nil || !reflect.DeepEqual(d, d2) {
		t.Fatalf("same page, different decision (%v)", err)
	}
	if _, err := json.Marshal(d); err != nil {
		t.Fatal(err)
	}
}

// FuzzAuditHTML feeds any bytes as a page's HTML: the audit never panics
// and always decides.
func FuzzAuditHTML(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join(caseDir, "pages", "*.html"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"<", "<svg><svg><title>", "<template><template>", "<a href=//about.gitlab.com:99999/>",
		"<base href=::><a href=x>", "<img src=%zz alt=GitLab>", "\xff\xfe<p>\x00GitLab Duo</p>", "<p>" + string(make([]byte, 3000)) + "</p>",
		"<script/><!--", "<html lang=\"\" xml:lang=zh-Hant-TW>", "<a href=\"https://about.gitlab.com/de-de\">"} {
		f.Add([]byte(s))
	}
	pol := fuzzPolicy(f)
	f.Fuzz(func(t *testing.T, html []byte) {
		if len(html) == 0 {
			return
		}
		pg := marketing.Page{URL: "https://example.com/GitLab", HTML: string(html), Country: "CH"}
		d, err := pol.AuditLandingPage(pg)
		if err != nil {
			t.Fatalf("a page of HTML is refused: %v", err)
		}
		checkAudit(t, pol, pg, d)
	})
}

// FuzzAuditPage: any page document either is refused with pointers or
// decided under the contract.
func FuzzAuditPage(f *testing.F) {
	seeds(f, "marketing.audit_landing_page",
		`{"url":"https://a.example/GitLab","redirects":[{"url":"https://a.example/GitLab","status":301}],"final_url":"https://b.example/x","html":"<p>x</p>","country":"DE"}`)
	pol := fuzzPolicy(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var pg marketing.Page
		if err := program.DecodeJSON(data, &pg); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.AuditLandingPage(pg)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		checkAudit(t, pol, pg, d)
	})
}

// FuzzPrioritizeMDF: no panic; a valid batch gives a known outcome, every
// request once, the ranked ones ranked 1..n first, and the same decision
// twice.
func FuzzPrioritizeMDF(f *testing.F) {
	seeds(f, "marketing.prioritize_mdf")
	pol := marketing.Default()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		var in channelpolicy.MDFInput
		if err := program.DecodeJSON(data, &in); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.PrioritizeMDF(in.Requests, now)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() || len(d.Requests) != len(in.Requests) {
			t.Fatalf("outcome %q, %d of %d requests", d.Outcome, len(d.Requests), len(in.Requests))
		}
		review := 0
		for i, e := range d.Requests {
			casetest.Reasons(t, marketing.Rules(), e.Reasons)
			switch {
			case e.Outcome == marketing.Ranked && (review > 0 || e.Rank != i+1):
				t.Fatalf("request %d (%s) ranked %d after %d to review", i, e.ID, e.Rank, review)
			case e.Outcome == marketing.NeedsReview:
				review++
			case e.Outcome != marketing.Ranked:
				t.Fatalf("request outcome %q", e.Outcome)
			}
		}
		if (d.Outcome == marketing.BatchNeedsReview) != (review > 0) {
			t.Fatalf("outcome %s with %d to review", d.Outcome, review)
		}
		if d2, _ := pol.PrioritizeMDF(in.Requests, now); !reflect.DeepEqual(d, d2) {
			t.Fatal("same input, different decision")
		}
		if _, err := json.Marshal(d); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParsePolicy holds marketing.ParsePolicy to the policy contract: an
// input error locating each problem, or a valid policy that survives a
// JSON round trip unchanged and audits a page.
func FuzzParsePolicy(f *testing.F) {
	def, _ := json.Marshal(marketing.Default())
	f.Add(def)
	f.Add([]byte(`{"landing_page":{"paragraphs":["GitLab is the DevSecOps platform."]}}`))
	f.Add([]byte(`{"mdf":{"review_ended":true,"priority_partners":[]}}`))
	cases, err := casebook.LoadDir(caseDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		if len(c.Policy) > 0 {
			f.Add([]byte(c.Policy))
		}
	}
	pg := marketing.Page{URL: "https://example.com/GitLab", HTML: "<p>GitLab</p>", Country: "DE"}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, marketing.Default, marketing.ParsePolicy, data)
		if !ok {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy returned an invalid policy: %v", err)
		}
		d, err := p.AuditLandingPage(pg)
		if err != nil {
			t.Fatalf("a page the default policy audits is refused under a valid policy: %v", err)
		}
		checkAudit(t, p, pg, d)
	})
}
