package marketing

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// check reports every problem of pg, with pointers into the page
// document. A redirect chain given must be one a fetch could have
// followed: starting at the URL asked for, visiting no URL twice, ending
// at the final URL. A final URL without a chain is a fetch that did not
// record its redirects.
func (pg *Page) check() error {
	var pr program.Problems
	checkWebURL(&pr, "/url", pg.URL, "the URL asked for")
	for i, r := range pg.Redirects {
		at := pr.Index("/redirects", i)
		switch {
		case !checkWebURL(&pr, pr.Path(at, "url"), r.URL, "the URL that redirected"):
		case i == 0 && r.URL != pg.URL && webURL(pg.URL):
			pr.Add(pr.Path(at, "url"), "the chain starts at the URL asked for, %q, not %q", pg.URL, r.URL)
		case i > 0 && visited(pg.Redirects[:i], r.URL):
			pr.Add(pr.Path(at, "url"), "%q is visited twice: a redirect loop ends at no page", r.URL)
		}
		if s := r.Status; s != nil && *s != 301 && *s != 302 && *s != 303 && *s != 307 && *s != 308 {
			pr.Add(pr.Path(at, "status"), "%d is not a redirect status (301, 302, 303, 307, 308)", *s)
		}
	}
	switch {
	case pg.FinalURL == "":
		program.RequireMember(&pr, "", "final_url", len(pg.Redirects) > 0, "the URL the redirects ended at, which answered with the page")
	case !checkWebURL(&pr, "/final_url", pg.FinalURL, "the URL that answered with the page"):
	case visited(pg.Redirects, pg.FinalURL):
		pr.Add("/final_url", "%q redirected, so it did not answer with the page: a redirect loop", pg.FinalURL)
	}
	if pg.HTML == "" {
		program.RequireMember(&pr, "", "html", true, "the page's HTML; an empty response is no page to audit")
	}
	program.CheckCountry(&pr, "/country", pg.Country, true)
	return pr.Err()
}

func visited(rs []Redirect, u string) bool {
	for _, r := range rs {
		if r.URL == u {
			return true
		}
	}
	return false
}

// checkWebURL records a problem at field unless s is an absolute http or
// https URL, and reports whether it is.
func checkWebURL(pr *program.Problems, field, s, what string) bool {
	if s == "" {
		pr.Add(field, "required: %s", what)
		return false
	}
	if !webURL(s) {
		pr.Add(field, "%q is not an absolute http or https URL", s)
		return false
	}
	return true
}
