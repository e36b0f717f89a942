package marketing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestPolicyBounds: each limit of the marketing policy accepts its edge
// and refuses one past it, at the member concerned: MDF weights up to
// MaxWeight, a paragraph similarity of 50 to 100 percent, a logo named by
// terms or by sources (not neither), and GitLab host names as DNS has them
// (253 characters, labels of 63 letters, digits and hyphens; an IPv6
// literal; no port).
func TestPolicyBounds(t *testing.T) {
	label := func(n int) string { return strings.Repeat("a", n) }
	host253 := label(63) + "." + label(63) + "." + label(63) + "." + label(61)
	hosts := func(h string) string {
		return fmt.Sprintf(`{"landing_page":{"gitlab_hosts":["about.gitlab.com",%q]}}`, h)
	}
	for _, tc := range []struct {
		patch, at string // at "" when accepted
	}{
		{fmt.Sprintf(`{"mdf":{"weights":{"gitlab":%d}}}`, marketing.MaxWeight), ""},
		{fmt.Sprintf(`{"mdf":{"weights":{"gitlab":%d}}}`, marketing.MaxWeight+1), "/mdf/weights/gitlab"},
		{`{"landing_page":{"paragraph_similarity":50}}`, ""},
		{`{"landing_page":{"paragraph_similarity":100}}`, ""},
		{`{"landing_page":{"paragraph_similarity":49}}`, "/landing_page/paragraph_similarity"},
		{`{"landing_page":{"paragraph_similarity":101}}`, "/landing_page/paragraph_similarity"},
		{`{"landing_page":{"logo":{"terms":[],"sources":["https://partner.example/logo.png"]}}}`, ""},
		{`{"landing_page":{"logo":{"terms":[],"sources":[]}}}`, "/landing_page/logo"},
		{hosts(host253), ""},
		{hosts(host253 + "a"), "/landing_page/gitlab_hosts/1"},
		{hosts(label(64) + ".example"), "/landing_page/gitlab_hosts/1"},
		{hosts("az.AZ.09-x.example"), ""},
		{hosts("[::1]"), ""},
		{hosts("gitlab.example:8080"), "/landing_page/gitlab_hosts/1"},
		{hosts("git_lab.example"), "/landing_page/gitlab_hosts/1"},
		{hosts("-gitlab.example"), "/landing_page/gitlab_hosts/1"},
	} {
		_, err := marketing.ParsePolicy(marketing.Default(), []byte(tc.patch))
		got := program.Locations(err)
		if tc.at == "" && err != nil || tc.at != "" && !slices.Equal(got, []string{tc.at}) {
			t.Errorf("%.80s: %v (at %q), want a problem at %q", tc.patch, err, got, tc.at)
		}
	}
}
