package marketing_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestDefaultPolicyRoundTrip(t *testing.T) {
	def := marketing.Default()
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	got, err := marketing.ParsePolicy(marketing.Policy{}, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, def) {
		t.Fatalf("round trip changed the policy:\n got %+v\nwant %+v", got, def)
	}
}

func TestParsePolicyKeepsBase(t *testing.T) {
	base := marketing.Default()
	if _, err := marketing.ParsePolicy(base, []byte(`{"mdf":{"tie_break":["amount"],"weights":{"gitlab":3,"clouds":{"aws":2}}},
		"landing_page":{"paragraphs":["one two three four five"],"products":[],"country_languages":{"BE":["nl"]}}}`)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(base, marketing.Default()) {
		t.Fatal("ParsePolicy changed its base")
	}
}

// TestDefaultHasNoParagraph: the handbook does not give the press kit's
// paragraph, so the default policy has none rather than one of our own.
func TestDefaultHasNoParagraph(t *testing.T) {
	if ps := marketing.Default().LandingPage.Paragraphs; len(ps) != 0 {
		t.Fatalf("the default policy carries paragraph texts %q", ps)
	}
}

func TestPolicyValidatePointers(t *testing.T) {
	_, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"version":" ",
		"mdf":{"funded_purposes":[],"priority_partners":["resale","resale"],
		       "tiers":[{"name":"a","requires":["gitlab"]},{"name":"a","requires":["partner"]}],
		       "weights":{"gitlab":-1,"clouds":{"aws":1001}},"tie_break":["id","id"]},
		"landing_page":{"preferred_path":"GitLab","gitlab_hosts":["about gitlab"],
		       "logo":{"terms":[[]],"sources":["/logo.png"]},"paragraphs":["too short"],
		       "paragraph_similarity":40,"products":[{"names":["GitLab Duo","!"],"url":"about.gitlab.com"},{"names":["gitlab  duo"],"url":"https://x"}],
		       "country_languages":{"UK":["en"],"CH":["fr","fr","FR"]}}}`))
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("got %v", err)
	}
	want := []string{"/version", "/mdf/funded_purposes", "/mdf/priority_partners/1", "/mdf/tiers/1/name", "/mdf/tiers/1/requires",
		"/mdf/weights/gitlab", "/mdf/weights/clouds/aws", "/mdf/tie_break/1",
		"/landing_page/preferred_path", "/landing_page/gitlab_hosts/0", "/landing_page/logo/terms/0", "/landing_page/logo/sources/0",
		"/landing_page/paragraphs/0", "/landing_page/paragraph_similarity",
		"/landing_page/products/0/names/1", "/landing_page/products/0/url", "/landing_page/products/1/names/0",
		"/landing_page/country_languages/CH/1", "/landing_page/country_languages/CH/2", "/landing_page/country_languages/UK"}
	if got := program.Locations(err); !slices.Equal(got, want) {
		t.Fatalf("pointers\n %q\nwant\n %q", got, want)
	}
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, marketing.Default(), marketing.Fresh)
	p := marketing.Default()
	p.LandingPage.ParagraphSimilarity = 5
	if _, err := p.AuditLandingPage(marketing.Page{URL: "https://example.com/GitLab", HTML: "<p>x</p>", Country: "DE"}); err == nil {
		t.Fatal("a policy changed to an invalid similarity decided")
	}
	p = marketing.Default()
	p.MDF.Tiers = []marketing.Tier{{Name: "only", Requires: []marketing.Condition{marketing.CondGitLab}}}
	if _, err := p.PrioritizeMDF(nil, time.Now()); err == nil || !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("a policy whose last tier requires something decided: %v", err)
	}
}

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.Marketing(), casetest.Load(t, caseDir))
}
