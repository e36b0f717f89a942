package marketing

import (
	"bytes"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// Page is the input of marketing.audit_landing_page: a partner's GitLab
// landing page as it was fetched — the URL asked for, the redirects that
// led from it, the URL that answered with the page, its HTML — and the
// partner's country. The audit reads it as data and fetches nothing.
type Page struct {
	// URL is the URL asked for (the preferred one is the partner's site at
	// /GitLab): absolute, http or https.
	URL string `json:"url" jsonschema:"required,pattern=^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]+"`
	// Redirects are the responses that redirected, in order, the first for
	// URL itself; none when URL answered with the page, or when the fetch
	// kept only the final URL.
	Redirects []Redirect `json:"redirects,omitempty" jsonschema:"maxItems=10"`
	// FinalURL is the URL that answered with the page; required after
	// redirects; left out (or ""), URL answered.
	FinalURL string `json:"final_url,omitempty" jsonschema:"pattern=^$|^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]+"`
	// HTML is the page's HTML as UTF-8 text; not empty.
	HTML string `json:"html" jsonschema:"required,minLength=1"`
	// Country is the partner's country: its languages are the local ones.
	Country program.Country `json:"country" jsonschema:"required"`
}

// Redirect is one response of a redirect chain.
type Redirect struct {
	// URL is the URL that answered with a redirect.
	URL string `json:"url" jsonschema:"required,pattern=^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]+"`
	// Status is its HTTP status (301, 302, 303, 307 or 308), when known;
	// absent when not.
	Status *int `json:"status,omitempty" jsonschema:"enum=301,enum=302,enum=303,enum=307,enum=308"`
}

// AuditDecision says whether a landing page has what the handbook expects.
type AuditDecision struct {
	Outcome AuditOutcome    `json:"outcome"`
	Reasons program.Reasons `json:"reasons"`
	// Elements is each element's state, in the handbook's order.
	Elements Elements `json:"elements"`
	// FinalURL is the page audited: the URL that answered with it.
	FinalURL string `json:"final_url"`
	// Languages are the local languages and the page's own.
	Languages Languages `json:"languages"`
	// Logo is the logo found: its source, or its words when it has none.
	Logo string `json:"logo,omitempty"`
	// HomeLink is the first link back to GitLab's site.
	HomeLink string `json:"home_link,omitempty"`
	// ParagraphSimilarity is the best similarity, in percent, of a block of
	// the page's text to a paragraph text of the policy: exact from half
	// the policy's threshold up; 0 when no block comes that close, or the
	// policy has no paragraph text.
	ParagraphSimilarity int `json:"paragraph_similarity"`
	// Products are the products the page names, in the policy's order,
	// each with whether the page links its page.
	Products      []ProductMention `json:"products,omitempty"`
	Next          program.Action   `json:"next,omitzero"`
	PolicyVersion string           `json:"policy_version"`
}

// Elements is the state of each page element.
type Elements struct {
	PreferredURL  State `json:"preferred_url"`
	LocalLanguage State `json:"local_language"`
	Logo          State `json:"logo"`
	HomeLink      State `json:"home_link"`
	Paragraph     State `json:"paragraph"`
	ProductLinks  State `json:"product_links"`
}

// Languages are the languages the local-language element compares.
type Languages struct {
	// Local are the languages of the partner's country (ISO 639).
	Local []string `json:"local"`
	// Declared are the languages the page's markup declares (html lang,
	// Content-Language).
	Declared []string `json:"declared,omitempty"`
	// Alternates are the languages of versions of the page it links
	// (link rel=alternate hreflang).
	Alternates []string `json:"alternates,omitempty"`
}

// ProductMention is a product a page names.
type ProductMention struct {
	Name     string `json:"name"`
	URL      string `json:"url"`
	Mentions int    `json:"mentions"`
	Linked   bool   `json:"linked"`
}

// How the preferred URL stands.
const (
	prefDirect     = iota // asked for at the preferred path, answered there
	prefRedirected        // asked for at the preferred path, redirected on
	prefAtFinal           // redirected to a page at the preferred path
	prefPath              // neither the URL asked for nor the page is at the path
	prefOffsite           // the page is on GitLab's own site
)

// AuditLandingPage checks a partner's landing page for each element the
// handbook lists, in its order: the preferred URL (or a redirect from it),
// local language (encouraged: advice when missing), the Authorized
// Reseller logo, a link back to about.gitlab.com, the "What is GitLab?"
// paragraph, and links to the about.gitlab.com pages of the products it
// names. The page is compliant when every required element is met,
// non_compliant when one is not, and needs_review when nothing checked is
// unmet but the policy has no paragraph text to compare. It reads the page
// as data and does no I/O. Bad input returns an error wrapping
// [program.ErrInvalidInput] whose pointers locate the problems in the page
// document ("/redirects/0/url").
func (p Policy) AuditLandingPage(pg Page) (AuditDecision, error) {
	rd, err := p.checked()
	if err != nil {
		return AuditDecision{}, err
	}
	if err := pg.check(); err != nil {
		return AuditDecision{}, err
	}
	final := pg.FinalURL
	if final == "" {
		final = pg.URL
	}
	base, _ := url.Parse(final)
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	f := rd.scan(pg.HTML, base, s)

	d := AuditDecision{FinalURL: final, HomeLink: f.home, Logo: f.logo, PolicyVersion: p.Version}
	var ex explainer

	// The preferred URL.
	kind := rd.preferredKind(pg.URL, base)
	d.Elements.PreferredURL = state(kind <= prefAtFinal)
	ex.preferred(kind, pg.URL, final, len(pg.Redirects), p.LandingPage.PreferredPath)

	// Local language: declared, or a version linked.
	local := rd.languages[pg.Country]
	names := rd.languageNames[pg.Country]
	d.Languages = Languages{Local: slices.Clone(names), Declared: f.declared, Alternates: f.alts}
	matched, alternate := "", false
	for _, l := range f.declared {
		if inLanguages(l, local) {
			matched = l
			break
		}
	}
	if matched == "" {
		for _, l := range f.alts {
			if inLanguages(l, local) {
				matched, alternate = l, true
				break
			}
		}
	}
	if matched != "" {
		d.Elements.LocalLanguage = Met
		ex.localLanguage(matched, alternate, pg.Country)
	} else {
		d.Elements.LocalLanguage = Advised
		first := ""
		if len(f.declared) > 0 {
			first = f.declared[0]
		}
		ex.languageAdvice(first, pg.Country, names)
	}

	// The logo, the link back.
	d.Elements.Logo = state(f.logo != "")
	ex.logo(f.logo, f.images)
	d.Elements.HomeLink = state(f.home != "")
	ex.homeLink(f.home, rd.hosts[0], p.LandingPage.HomeLinkAnyPage)

	// The paragraph.
	threshold := p.LandingPage.ParagraphSimilarity
	if len(rd.paragraphs) == 0 {
		d.Elements.Paragraph = Unchecked
		ex.paragraphUnchecked()
	} else {
		d.ParagraphSimilarity = rd.similarity(f.text, threshold, s)
		d.Elements.Paragraph = state(d.ParagraphSimilarity >= threshold)
		ex.paragraph(d.ParagraphSimilarity, threshold)
	}

	// The products named, each linked.
	mentions := rd.mentions(f.text, s)
	named, unlinked := 0, 0
	for k, n := range mentions {
		if n > 0 {
			named++
			unlinked += b2i(!f.linked[k])
		}
	}
	if named > 0 {
		d.Products = make([]ProductMention, 0, named)
	}
	for k, n := range mentions {
		if n == 0 {
			continue
		}
		pd := &p.LandingPage.Products[k]
		d.Products = append(d.Products, ProductMention{Name: pd.Names[0], URL: pd.URL, Mentions: n, Linked: f.linked[k]})
		if !f.linked[k] {
			ex.productUnlinked(pd.Names[0], pd.URL, n)
		}
	}
	d.Elements.ProductLinks = state(unlinked == 0)
	if unlinked == 0 {
		ex.productsLinked(named)
	}

	e := &d.Elements
	switch {
	case e.PreferredURL == Unmet || e.Logo == Unmet || e.HomeLink == Unmet || e.Paragraph == Unmet || e.ProductLinks == Unmet:
		d.Outcome = NonCompliant
		d.Next = program.Action{Actor: program.ActorPartner,
			What: "add the unmet elements to the landing page (see elements and reasons), then ask for the audit again"}
	case e.Paragraph == Unchecked:
		d.Outcome = AuditNeedsReview
		d.Next = program.Action{Actor: program.ActorEcosystemOps,
			What: "compare the page's \"What is GitLab?\" paragraph with the press kit by hand, or set landing_page.paragraphs in the policy"}
	default:
		d.Outcome = Compliant
		ex.compliant(e.LocalLanguage == Met)
	}
	d.Reasons = ex.done()
	return d, nil
}

func state(met bool) State {
	if met {
		return Met
	}
	return Unmet
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// preferredKind says how the page stands on the preferred URL.
func (rd *ready) preferredKind(asked string, final *url.URL) int {
	for _, h := range rd.hosts {
		if strings.EqualFold(final.Hostname(), h) {
			return prefOffsite
		}
	}
	atPath := func(u *url.URL) bool {
		return strings.EqualFold(strings.TrimSuffix(u.EscapedPath(), "/"), rd.preferred)
	}
	a, _ := url.Parse(asked)
	switch {
	case atPath(a) && asked == final.String():
		return prefDirect
	case atPath(a):
		return prefRedirected
	case atPath(final):
		return prefAtFinal
	}
	return prefPath
}

// inLanguages reports whether the language tag l is one of local.
func inLanguages(l string, local []language.Base) bool {
	tag, err := language.Parse(l)
	if err != nil {
		return false
	}
	b, conf := tag.Base()
	return conf != language.No && slices.Contains(local, b)
}

// similarity is the best similarity, in percent, of a block of text to a
// paragraph of the policy: 2·LCS/(m+n) over words, LCS their longest
// common subsequence. It is exact from half the threshold up, and 0 when
// no block comes that close: a block that cannot reach it (too short, too
// long, or with too few of the paragraphs' words) is not compared word by
// word.
func (rd *ready) similarity(text []byte, threshold int, s *scratch) int {
	best, floor := 0, threshold/2
	for len(text) > 0 && best < 100 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if len(line) == 0 {
			continue
		}
		n := bytes.Count(line, []byte{' '}) + 1
		maybe, words := -1, -1 // not counted yet; words also means s.words is this block's
		for _, para := range rd.paragraphs {
			m := len(para)
			need := max(floor, best+1)
			if 200*min(m, n)/(m+n) < need {
				continue
			}
			if words < 0 {
				// An upper bound first: the block's words that may be the
				// paragraphs' (by their hash); then, if that can reach
				// need, the words by the vocabulary.
				if maybe < 0 {
					maybe = rd.maybeWords(line)
				}
				if 200*min(m, maybe)/(m+n) < need {
					continue
				}
				words = rd.blockWords(line, s)
			}
			// No more words in common than the block has of the
			// paragraphs' words at all.
			if 200*min(m, words)/(m+n) < need {
				continue
			}
			if pct := 200 * lcs(s.words, para, s) / (m + n); pct > best && pct >= floor {
				best = pct
			}
		}
	}
	return best
}

// maybeWords counts the words of a block that may be the paragraphs': at
// least as many as are.
func (rd *ready) maybeWords(line []byte) int {
	count, start := 0, 0
	for i := 0; i <= len(line); i++ {
		if i == len(line) || line[i] == ' ' {
			if rd.maybeWord(line[start:i]) {
				count++
			}
			start = i + 1
		}
	}
	return count
}

// blockWords sets s.words to a block's words by the paragraphs'
// vocabulary (-1 for a word not in it) and returns how many are in it.
func (rd *ready) blockWords(line []byte, s *scratch) int {
	s.words = s.words[:0]
	count, start := 0, 0
	for i := 0; i <= len(line); i++ {
		if i == len(line) || line[i] == ' ' {
			w, id := line[start:i], int32(-1)
			if rd.maybeWord(w) {
				if v, ok := rd.vocab[string(w)]; ok {
					id = v
					count++
				}
			}
			s.words = append(s.words, id)
			start = i + 1
		}
	}
	return count
}

// wordHash places a word in ready.vocabBits: its length and its first and
// last bytes.
func wordHash(w []byte) uint {
	return (uint(w[0])*131 + uint(w[len(w)-1])*31 + uint(len(w))) % vocabBits
}

const vocabBits = 4096

// maybeWord reports whether w may be one of the paragraphs' words: false
// for most words that are not, without a map lookup.
func (rd *ready) maybeWord(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	h := wordHash(w)
	return rd.vocabBits[h/64]&(1<<(h%64)) != 0
}

// lcs is the length of the longest common subsequence of a and b; -1 in a
// matches nothing.
func lcs(a, b []int32, s *scratch) int {
	m := len(b)
	if cap(s.rows) < 2*(m+1) {
		s.rows = make([]int32, 2*(m+1))
	}
	prev, cur := s.rows[:m+1], s.rows[m+1:2*(m+1)]
	clear(prev)
	for _, x := range a {
		cur[0] = 0
		for j, y := range b {
			switch {
			case x == y && x >= 0:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[m])
}

// mentions counts each product's mentions in the normalized text: a name
// found as whole words, a longer name first, so that a shorter name inside
// a longer one's mention is not counted again. The text is searched once
// for each distinct first word of the names.
func (rd *ready) mentions(text []byte, s *scratch) []int {
	counts := make([]int, len(rd.products))
	found := s.found[:0] // start, end, product: the longest name at each occurrence
	for _, g := range rd.firsts {
		for i := indexWords(text, g.word, 0); i >= 0; i = indexWords(text, g.word, i+1) {
			for _, k := range g.names {
				n := rd.names[k].norm
				if end := i + len(n); bytes.HasPrefix(text[i:], n) && (end == len(text) || text[end] == ' ' || text[end] == '\n') {
					found = append(found, [3]int{i, end, rd.names[k].product})
					break
				}
			}
		}
	}
	s.found = found
	if len(found) == 0 {
		return counts
	}
	slices.SortFunc(found, func(a, b [3]int) int {
		if c := (b[1] - b[0]) - (a[1] - a[0]); c != 0 {
			return c
		}
		return a[0] - b[0]
	})
	// Claim each mention's bytes, longest first; one overlapping a claim
	// is inside a longer name's mention.
	words := (len(text) + 63) / 64
	if cap(s.claimed) < words {
		s.claimed = make([]uint64, words)
	}
	claimed := s.claimed[:words]
	clear(claimed)
next:
	for _, m := range found {
		for b := m[0]; b < m[1]; b++ {
			if claimed[b/64]&(1<<(b%64)) != 0 {
				continue next
			}
		}
		for b := m[0]; b < m[1]; b++ {
			claimed[b/64] |= 1 << (b % 64)
		}
		counts[m[2]]++
	}
	return counts
}
