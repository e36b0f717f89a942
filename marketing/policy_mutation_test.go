package marketing

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// polHost is a host name of n bytes: labels of 63 letters (the most a DNS
// label holds) joined by dots, the last one shorter.
func polHost(n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strings.Repeat("a", min(63, n-b.Len())))
	}
	return b.String()
}

// TestPolicyBoundsEachMember lays one change over the default policy at and just
// past each documented limit: weights 0..MaxWeight, a paragraph
// similarity of 50..100 percent, GitLab's hosts as DNS names (at most 253
// bytes, labels of at most 63 letters, digits and hyphens) or IPv6
// literals, the logo told by terms or by sources. A change within the
// limits compiles; one past them is reported at its pointer, and nowhere
// else.
func TestPolicyBoundsEachMember(t *testing.T) {
	if h := polHost(253); len(h) != 253 || strings.Count(h, ".") != 3 {
		t.Fatalf("polHost(253) = %q", h)
	}
	for _, tt := range []struct {
		name, doc string
		at        string // the one pointer reported; "" when the policy compiles
	}{
		{"GitLab weight 0", `{"mdf":{"weights":{"gitlab":0}}}`, ""},
		{"GitLab weight MaxWeight", `{"mdf":{"weights":{"gitlab":1000}}}`, ""},
		{"GitLab weight past MaxWeight", `{"mdf":{"weights":{"gitlab":1001}}}`, "/mdf/weights/gitlab"},
		{"GitLab weight below 0", `{"mdf":{"weights":{"gitlab":-1}}}`, "/mdf/weights/gitlab"},
		{"partner weight MaxWeight", `{"mdf":{"weights":{"partners":{"services":1000}}}}`, ""},
		{"partner weight past MaxWeight", `{"mdf":{"weights":{"partners":{"services":1001}}}}`, "/mdf/weights/partners/services"},
		{"cloud weight MaxWeight", `{"mdf":{"weights":{"clouds":{"google_cloud":1000}}}}`, ""},
		{"cloud weight past MaxWeight", `{"mdf":{"weights":{"clouds":{"google_cloud":1001}}}}`, "/mdf/weights/clouds/google_cloud"},

		{"similarity 50", `{"landing_page":{"paragraph_similarity":50}}`, ""},
		{"similarity 49", `{"landing_page":{"paragraph_similarity":49}}`, "/landing_page/paragraph_similarity"},
		{"similarity 100", `{"landing_page":{"paragraph_similarity":100}}`, ""},
		{"similarity 101", `{"landing_page":{"paragraph_similarity":101}}`, "/landing_page/paragraph_similarity"},

		{"logo by sources only", `{"landing_page":{"logo":{"terms":[],"sources":["https://partners.gitlab.com/logo.svg"]}}}`, ""},
		{"logo by terms only", `{"landing_page":{"logo":{"terms":[["reseller"]],"sources":[]}}}`, ""},
		{"logo by nothing", `{"landing_page":{"logo":{"terms":[],"sources":[]}}}`, "/landing_page/logo"},

		{"host of 253 bytes", `{"landing_page":{"gitlab_hosts":["` + polHost(253) + `"]}}`, ""},
		{"host of 254 bytes", `{"landing_page":{"gitlab_hosts":["` + polHost(254) + `"]}}`, "/landing_page/gitlab_hosts/0"},
		{"label of 63 bytes", `{"landing_page":{"gitlab_hosts":["` + strings.Repeat("b", 63) + `.example"]}}`, ""},
		{"label of 64 bytes", `{"landing_page":{"gitlab_hosts":["` + strings.Repeat("b", 64) + `.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"IPv6 literal", `{"landing_page":{"gitlab_hosts":["2001:db8::1"]}}`, ""},
		{"IPv6 literal in brackets", `{"landing_page":{"gitlab_hosts":["[::1]"]}}`, ""},
		{"a port is no host", `{"landing_page":{"gitlab_hosts":["about.gitlab.com:443"]}}`, "/landing_page/gitlab_hosts/0"},
		{"letters a and z", `{"landing_page":{"gitlab_hosts":["az.example"]}}`, ""},
		{"letters A and Z", `{"landing_page":{"gitlab_hosts":["AZ.EXAMPLE"]}}`, ""},
		{"digits 0 and 9", `{"landing_page":{"gitlab_hosts":["09.example"]}}`, ""},
		{"a hyphen inside a label", `{"landing_page":{"gitlab_hosts":["a-z.example"]}}`, ""},
		{"a backquote (before a)", "{\"landing_page\":{\"gitlab_hosts\":[\"a`.example\"]}}", "/landing_page/gitlab_hosts/0"},
		{"a brace (after z)", `{"landing_page":{"gitlab_hosts":["a{.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"an at sign (before A)", `{"landing_page":{"gitlab_hosts":["a@.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"a bracket (after Z)", `{"landing_page":{"gitlab_hosts":["a[.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"a slash (before 0)", `{"landing_page":{"gitlab_hosts":["a/.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"an underscore", `{"landing_page":{"gitlab_hosts":["a_b.example"]}}`, "/landing_page/gitlab_hosts/0"},
		{"a hyphen ending a label", `{"landing_page":{"gitlab_hosts":["ab-.example"]}}`, "/landing_page/gitlab_hosts/0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy(Default(), []byte(tt.doc))
			if tt.at == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("got %v, want a problem at %s", err, tt.at)
			}
			if got := program.Locations(err); !slices.Equal(got, []string{tt.at}) {
				t.Fatalf("problems at %q, want only %s", got, tt.at)
			}
		})
	}
}

// TestCompiledNamesByFirstWord: the compiled policy keeps one group of
// product names for each distinct first word (the page's text is searched
// once for each), every group's names longest first, a name of as many
// words as another in the policy's order.
func TestCompiledNamesByFirstWord(t *testing.T) {
	p, err := ParsePolicy(Default(), []byte(`{"landing_page":{"products":[
		{"names":["GitLab Duo"],"url":"https://about.gitlab.com/gitlab-duo/"},
		{"names":["GitLab Duo Pro","Duo Pro"],"url":"https://about.gitlab.com/gitlab-duo/pro/"},
		{"names":["GitLab Ultimate"],"url":"https://about.gitlab.com/pricing/ultimate/"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, g := range p.ready.firsts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.Write(g.word)
		b.WriteString(":")
		for j, k := range g.names {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(" ")
			b.Write(p.ready.names[k].norm)
		}
	}
	if got, want := b.String(), "gitlab: gitlab duo pro, gitlab duo, gitlab ultimate; duo: duo pro"; got != want {
		t.Errorf("names by first word:\n got %q\nwant %q", got, want)
	}
}
