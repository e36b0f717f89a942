package marketing

import (
	"bytes"
	"maps"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds every list, weight and reading the marketing rules use.
// [Default] returns the handbook's reading; a user replaces any part with
// JSON through [ParsePolicy].
type Policy struct {
	Version string `json:"version"`
	// MDF is how Marketing Development Fund requests are prioritized.
	MDF MDFPolicy `json:"mdf"`
	// LandingPage is what a partner's GitLab landing page is checked for.
	LandingPage LandingPolicy `json:"landing_page"`

	ready *ready // see Compile
}

// MDFPolicy prioritizes MDF requests.
type MDFPolicy struct {
	// FundedPurposes are the purposes the program funds (pipeline
	// generation); a request for another needs review.
	FundedPurposes []Purpose `json:"funded_purposes"`
	// PriorityPartners are the partner kinds that meet the partner
	// condition (resale, services).
	PriorityPartners []PartnerKind `json:"priority_partners"`
	// Hyperscalers are the clouds that meet the hyperscaler condition (AWS,
	// Google Cloud).
	Hyperscalers []Cloud `json:"hyperscalers"`
	// Tiers are tried in order; a request is in the first whose conditions
	// it meets. The last tier requires nothing, so every funded request has
	// a tier.
	Tiers []Tier `json:"tiers"`
	// Weights score a request within its tier: the sum of the weights of
	// its participants; a higher score comes first.
	Weights Weights `json:"weights"`
	// TieBreak orders requests of the same tier and score, most
	// significant key first; requests equal on every key keep their input
	// order.
	TieBreak []TieKey `json:"tie_break"`
	// ReviewEnded: a request whose activity ended before the decision's
	// day needs review rather than a rank.
	ReviewEnded bool `json:"review_ended"`
}

// Tier is one priority tier of MDF requests.
type Tier struct {
	Name string `json:"name"`
	// Requires lists the conditions a request meets to be in the tier.
	Requires []Condition `json:"requires"`
}

// Weights are the score each kind of participant adds to an MDF request.
type Weights struct {
	// Partners by kind; a kind counts once however many partners of it
	// take part.
	Partners map[PartnerKind]int `json:"partners"`
	GitLab   int                 `json:"gitlab"`
	// Clouds by cloud.
	Clouds map[Cloud]int `json:"clouds"`
}

// LandingPolicy says what a landing page is checked for. The handbook
// links to the logo, the paragraph and the product pages rather than
// stating them, so they are data here.
type LandingPolicy struct {
	// PreferredPath is the path of the preferred URL on the partner's site
	// ("/GitLab"), compared without regard to case or a trailing slash.
	PreferredPath string `json:"preferred_path"`
	// GitLabHosts are GitLab's own site (about.gitlab.com): a link to one
	// is the link back, and a landing page there is not the partner's.
	GitLabHosts []string `json:"gitlab_hosts"`
	// HomeLinkAnyPage: a link to any page of a GitLab host is the link
	// back; otherwise (the default) only a link to its home page, or to a
	// language version of it (about.gitlab.com/de-de/): the handbook lists
	// the link back apart from the product pages' links.
	HomeLinkAnyPage bool `json:"home_link_any_page"`
	// Logo says which image is the Authorized Reseller logo.
	Logo Logo `json:"logo"`
	// Paragraphs are the accepted texts of the press kit's "What is
	// GitLab?" paragraph (translations may be added). The handbook does not
	// give the text, so the default has none: the element is unchecked and
	// an otherwise compliant page needs review until the policy sets it.
	Paragraphs []string `json:"paragraphs"`
	// ParagraphSimilarity is the least similarity, in percent, between a
	// block of the page's text and a paragraph text for the paragraph to be
	// there: twice the words the two have in common, in order, over the
	// words of both, after lower-casing and keeping only letters and digits.
	ParagraphSimilarity int `json:"paragraph_similarity"`
	// Products map product names to their about.gitlab.com pages.
	Products []Product `json:"products"`
	// LocalizedProductPages: a link to a language version of a product
	// page (about.gitlab.com/de-de/...) counts as a link to it.
	LocalizedProductPages bool `json:"localized_product_pages"`
	// CountryLanguages adds languages (ISO 639 codes) to the one CLDR gives
	// as a country's most likely (golang.org/x/text/language): Switzerland
	// is de by CLDR, plus fr and it here.
	CountryLanguages map[program.Country][]string `json:"country_languages"`
}

// Logo identifies the Authorized Reseller logo among a page's images.
type Logo struct {
	// Terms: an image is the logo when its alternative text, title, ARIA
	// label or file name (each lower-cased, letters and digits only)
	// contains every term of one set.
	Terms [][]string `json:"terms"`
	// Sources are image URLs that are the logo wherever they are shown,
	// such as the Partner Portal's own asset.
	Sources []string `json:"sources"`
}

// Product is a GitLab product a landing page may name.
type Product struct {
	// Names are how the page may name it ("GitLab Duo"), matched as whole
	// words without regard to case; a longer name is matched first.
	Names []string `json:"names"`
	// URL is its about.gitlab.com page; a link to it or below it counts.
	URL string `json:"url"`
}

// Limits of the policy's numbers.
const (
	MaxWeight         = 1000
	minParagraphWords = 5
)

// Default returns the handbook's policy, compiled.
func Default() Policy {
	p, err := Policy{
		Version: "marketing-2026-11",
		MDF: MDFPolicy{
			FundedPurposes:   []Purpose{PurposePipeline},
			PriorityPartners: []PartnerKind{PartnerResale, PartnerServices},
			Hyperscalers:     []Cloud{CloudAWS, CloudGoogleCloud},
			Tiers: []Tier{
				{Name: "joint", Requires: []Condition{CondPartner, CondGitLab, CondHyperscaler}},
				{Name: "standard", Requires: []Condition{}},
			},
			Weights: Weights{
				Partners: map[PartnerKind]int{PartnerResale: 1, PartnerServices: 1},
				GitLab:   1,
				Clouds:   map[Cloud]int{CloudAWS: 1, CloudGoogleCloud: 1},
			},
			TieBreak:    []TieKey{TieSubmitted, TieID},
			ReviewEnded: true,
		},
		LandingPage: LandingPolicy{
			PreferredPath:   "/GitLab",
			GitLabHosts:     []string{"about.gitlab.com"},
			HomeLinkAnyPage: false,
			Logo:            Logo{Terms: [][]string{{"gitlab", "authorized reseller"}}, Sources: []string{}},
			Paragraphs:      []string{},
			// 90: a few words changed or a sentence reworded still match; a
			// paragraph of one's own does not.
			ParagraphSimilarity: 90,
			Products: []Product{
				{Names: []string{"GitLab Duo"}, URL: "https://about.gitlab.com/gitlab-duo/"},
				{Names: []string{"GitLab Dedicated"}, URL: "https://about.gitlab.com/dedicated/"},
				{Names: []string{"GitLab Premium"}, URL: "https://about.gitlab.com/pricing/premium/"},
				{Names: []string{"GitLab Ultimate"}, URL: "https://about.gitlab.com/pricing/ultimate/"},
			},
			LocalizedProductPages: true,
			CountryLanguages: map[program.Country][]string{
				"BE": {"fr", "de"}, "CA": {"fr"}, "CH": {"fr", "it", "rm"}, "FI": {"sv"},
				"HK": {"en"}, "IE": {"ga"}, "IN": {"en"}, "KE": {"en"}, "LU": {"de", "lb"},
				"MT": {"en"}, "PH": {"en"}, "PK": {"en"}, "SG": {"zh", "ms", "ta"}, "ZA": {"af", "zu", "xh"},
			},
		},
	}.Compile()
	if err != nil {
		panic("marketing: the default policy does not compile: " + err.Error())
	}
	return p
}

// ParsePolicy lays the JSON policy document data over base and compiles
// the result (program.ParsePolicy). base is not changed.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

// ready is a compiled policy: what decisions read, checked once.
type ready struct {
	src Policy

	// MDF, as bit masks by index in Purposes, PartnerKinds, Clouds and
	// Conditions.
	funded, partners, clouds uint8
	tiers                    []uint8 // each tier's required conditions
	conds                    uint8   // the conditions any tier reads
	partnerWeight            [8]int  // by index in PartnerKinds
	cloudWeight              [8]int  // by index in Clouds

	// Landing page.
	preferred  string   // PreferredPath without a trailing slash
	hosts      []string // GitLab hosts, lower case
	logoTerms  [][]string
	logoWords  [][][]byte       // each term set's words
	paragraphs [][]int32        // each paragraph's words, by vocab
	vocab      map[string]int32 // the paragraphs' words
	vocabBits  [vocabBits / 64]uint64
	names      []productName // every product name, longest first
	firsts     []firstWord   // the names by their first word
	products   []productPage
	languages  map[program.Country][]language.Base
	// languageNames are the same languages as ISO 639 codes.
	languageNames map[program.Country][]string
	// interesting hosts are those a link may need resolving for: GitLab's
	// and the product pages'.
	interesting      []string
	interestingLower [][]byte // the same, lower case, for mayHold
}

type productName struct {
	product int
	words   int
	norm    []byte // normalized: lower-case words joined by one space
}

// firstWord is the names that start with one word, longest first (by
// index in ready.names).
type firstWord struct {
	word  []byte
	names []int
}

type productPage struct {
	host, path string // lower case; path without a trailing slash
}

// Compile checks p once (every problem [Policy.Validate] reports) and
// returns it with its ready form: masks, the paragraphs' words, the
// product names and pages, the languages of every country. [Default] and
// [ParsePolicy] return compiled policies; a policy built or changed by
// hand is compiled on each decision until Compile is called. A compiled
// policy notices a changed field or a replaced list or map, but not an
// element written in place: its lists are read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = nil
	m, l := &p.MDF, &p.LandingPage
	rd := &ready{src: p,
		funded: mask(m.FundedPurposes, Purposes), partners: mask(m.PriorityPartners, PartnerKinds),
		clouds: mask(m.Hyperscalers, Clouds), preferred: strings.TrimSuffix(l.PreferredPath, "/"),
		vocab: map[string]int32{}, languages: map[program.Country][]language.Base{},
		languageNames: map[program.Country][]string{},
	}
	for _, t := range m.Tiers {
		need := mask(t.Requires, Conditions)
		rd.tiers = append(rd.tiers, need)
		rd.conds |= need
	}
	for k, w := range m.Weights.Partners {
		rd.partnerWeight[slices.Index(PartnerKinds, k)] = w
	}
	for c, w := range m.Weights.Clouds {
		rd.cloudWeight[slices.Index(Clouds, c)] = w
	}
	for _, h := range l.GitLabHosts {
		rd.hosts = append(rd.hosts, strings.ToLower(h))
	}
	rd.interesting = slices.Clone(rd.hosts)
	for _, set := range l.Logo.Terms {
		var terms []string
		var words [][]byte
		for _, t := range set {
			terms = append(terms, normalize(t))
			for w := range strings.FieldsSeq(normalize(t)) {
				words = append(words, []byte(w))
			}
		}
		rd.logoTerms = append(rd.logoTerms, terms)
		rd.logoWords = append(rd.logoWords, words)
	}
	for _, para := range l.Paragraphs {
		var ids []int32
		for w := range strings.FieldsSeq(normalize(para)) {
			id, ok := rd.vocab[w]
			if !ok {
				id = int32(len(rd.vocab))
				rd.vocab[w] = id
				h := wordHash([]byte(w))
				rd.vocabBits[h/64] |= 1 << (h % 64)
			}
			ids = append(ids, id)
		}
		rd.paragraphs = append(rd.paragraphs, ids)
	}
	for i, pr := range l.Products {
		u, _ := url.Parse(pr.URL)
		pg := productPage{host: strings.ToLower(u.Hostname()), path: strings.ToLower(strings.TrimSuffix(u.EscapedPath(), "/"))}
		rd.products = append(rd.products, pg)
		if !slices.Contains(rd.interesting, pg.host) {
			rd.interesting = append(rd.interesting, pg.host)
		}
		for _, n := range pr.Names {
			nn := normalize(n)
			rd.names = append(rd.names, productName{product: i, words: strings.Count(nn, " ") + 1, norm: []byte(nn)})
		}
	}
	for _, h := range rd.interesting {
		rd.interestingLower = append(rd.interestingLower, []byte(strings.ToLower(h)))
	}
	slices.SortStableFunc(rd.names, func(a, b productName) int { return b.words - a.words })
	for k, n := range rd.names {
		first, _, _ := bytes.Cut(n.norm, []byte{' '})
		i := slices.IndexFunc(rd.firsts, func(g firstWord) bool { return bytes.Equal(g.word, first) })
		if i < 0 {
			i = len(rd.firsts)
			rd.firsts = append(rd.firsts, firstWord{word: first})
		}
		rd.firsts[i].names = append(rd.firsts[i].names, k)
	}
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			c := program.Country([]byte{a, b})
			if !c.Valid() {
				continue
			}
			var bases []language.Base
			if tag, err := language.Compose(c.Region()); err == nil {
				if base, conf := tag.Base(); conf != language.No {
					bases = append(bases, base)
				}
			}
			for _, s := range l.CountryLanguages[c] {
				if base, err := language.ParseBase(s); err == nil && !slices.Contains(bases, base) {
					bases = append(bases, base)
				}
			}
			rd.languages[c] = bases
			names := make([]string, len(bases))
			for i, b := range bases {
				names[i] = b.String()
			}
			rd.languageNames[c] = names
		}
	}
	p.ready = rd
	return p, nil
}

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	m, sm := &p.MDF, &s.MDF
	l, sl := &p.LandingPage, &s.LandingPage
	return p.Version == s.Version &&
		program.SameSlice(m.FundedPurposes, sm.FundedPurposes) && program.SameSlice(m.PriorityPartners, sm.PriorityPartners) &&
		program.SameSlice(m.Hyperscalers, sm.Hyperscalers) && program.SameSlice(m.Tiers, sm.Tiers) &&
		program.SameMap(m.Weights.Partners, sm.Weights.Partners) && m.Weights.GitLab == sm.Weights.GitLab &&
		program.SameMap(m.Weights.Clouds, sm.Weights.Clouds) && program.SameSlice(m.TieBreak, sm.TieBreak) &&
		m.ReviewEnded == sm.ReviewEnded &&
		l.PreferredPath == sl.PreferredPath && program.SameSlice(l.GitLabHosts, sl.GitLabHosts) &&
		l.HomeLinkAnyPage == sl.HomeLinkAnyPage && program.SameSlice(l.Logo.Terms, sl.Logo.Terms) &&
		program.SameSlice(l.Logo.Sources, sl.Logo.Sources) && program.SameSlice(l.Paragraphs, sl.Paragraphs) &&
		l.ParagraphSimilarity == sl.ParagraphSimilarity && program.SameSlice(l.Products, sl.Products) &&
		l.LocalizedProductPages == sl.LocalizedProductPages && program.SameMap(l.CountryLanguages, sl.CountryLanguages)
}

// checked is p's ready form, compiled now when p has none or has changed
// since.
func (p *Policy) checked() (*ready, error) {
	if p.fresh() {
		return p.ready, nil
	}
	q, err := p.Compile()
	if err != nil {
		return nil, err
	}
	return q.ready, nil
}

// Validate reports every problem of p, with pointers into the policy
// document.
func (p Policy) Validate() error {
	var pr program.Problems
	if strings.TrimSpace(p.Version) == "" {
		pr.Add("/version", "required: a name for this policy version")
	}
	p.MDF.check(&pr)
	p.LandingPage.check(&pr)
	return pr.Err()
}

func (m *MDFPolicy) check(pr *program.Problems) {
	if len(m.FundedPurposes) == 0 {
		pr.Add("/mdf/funded_purposes", "required: at least one purpose the program funds")
	}
	checkList(pr, m.FundedPurposes, "purpose", Purposes, "/mdf/funded_purposes")
	checkList(pr, m.PriorityPartners, "partner kind", PartnerKinds, "/mdf/priority_partners")
	checkList(pr, m.Hyperscalers, "cloud", Clouds, "/mdf/hyperscalers")
	if len(m.Tiers) == 0 {
		pr.Add("/mdf/tiers", "required: at least one tier")
	}
	for i, t := range m.Tiers {
		at := program.Index("/mdf/tiers", i)
		switch {
		case strings.TrimSpace(t.Name) == "":
			pr.Add(program.Path(at, "name"), "required: the tier's name")
		case slices.ContainsFunc(m.Tiers[:i], func(u Tier) bool { return u.Name == t.Name }):
			pr.Add(program.Path(at, "name"), "tier %q is listed twice", t.Name)
		}
		checkList(pr, t.Requires, "condition", Conditions, at, "requires")
		if i == len(m.Tiers)-1 && len(t.Requires) > 0 {
			pr.Add(program.Path(at, "requires"), "the last tier must require nothing, so that every funded request has a tier")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.Weights.Partners)) {
		at := program.Path("/mdf/weights/partners", string(k))
		program.CheckEnum(pr, at, k, "partner kind", PartnerKinds)
		checkWeight(pr, at, m.Weights.Partners[k])
	}
	checkWeight(pr, "/mdf/weights/gitlab", m.Weights.GitLab)
	for _, c := range slices.Sorted(maps.Keys(m.Weights.Clouds)) {
		at := program.Path("/mdf/weights/clouds", string(c))
		program.CheckEnum(pr, at, c, "cloud", Clouds)
		checkWeight(pr, at, m.Weights.Clouds[c])
	}
	checkList(pr, m.TieBreak, "tie-break key", TieKeys, "/mdf/tie_break")
}

func checkWeight(pr *program.Problems, at string, w int) {
	if w < 0 || w > MaxWeight {
		pr.Add(at, "%d is outside 0..%d", w, MaxWeight)
	}
}

// checkList records unknown and repeated values of list, the member names
// below at (or at itself, without names). Pointers are built only for a
// problem, the list's own once.
func checkList[T ~string](pr *program.Problems, list []T, what string, values []T, at string, names ...string) {
	built := len(names) == 0
	for i, v := range list {
		unknown, twice := !slices.Contains(values, v), slices.Contains(list[:i], v)
		if !unknown && !twice {
			continue
		}
		if !built {
			at, built = pr.Path(at, names...), true
		}
		if unknown {
			program.CheckEnum(pr, pr.Index(at, i), v, what, values)
		} else {
			pr.Add(pr.Index(at, i), "%s is listed twice", string(v))
		}
	}
}

func (l *LandingPolicy) check(pr *program.Problems) {
	if p := l.PreferredPath; !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#") || strings.TrimSpace(p) != p || strings.Trim(p, "/") == "" {
		pr.Add("/landing_page/preferred_path", "%q is not a path below the site's root, such as /GitLab", p)
	}
	if len(l.GitLabHosts) == 0 {
		pr.Add("/landing_page/gitlab_hosts", "required: GitLab's own site, such as about.gitlab.com")
	}
	for i, h := range l.GitLabHosts {
		if !validHost(h) {
			pr.Add(program.Index("/landing_page/gitlab_hosts", i), "%q is not a host name such as about.gitlab.com", h)
		}
	}
	if len(l.Logo.Terms) == 0 && len(l.Logo.Sources) == 0 {
		pr.Add("/landing_page/logo", "required: terms or sources that identify the logo")
	}
	for i, set := range l.Logo.Terms {
		at := program.Index("/landing_page/logo/terms", i)
		if len(set) == 0 {
			pr.Add(at, "required: at least one term")
		}
		for j, t := range set {
			if normalize(t) == "" {
				pr.Add(program.Index(at, j), "%q has no letter or digit", t)
			}
		}
	}
	for i, s := range l.Logo.Sources {
		if !webURL(s) {
			pr.Add(program.Index("/landing_page/logo/sources", i), "%q is not an absolute http or https URL", s)
		}
	}
	for i, para := range l.Paragraphs {
		if n := len(strings.Fields(normalize(para))); n < minParagraphWords {
			pr.Add(program.Index("/landing_page/paragraphs", i), "%d words; a paragraph has at least %d", n, minParagraphWords)
		}
	}
	if s := l.ParagraphSimilarity; s < 50 || s > 100 {
		pr.Add("/landing_page/paragraph_similarity", "%d is outside 50..100 (percent)", s)
	}
	var names []string
	for i, pd := range l.Products {
		at := program.Index("/landing_page/products", i)
		if len(pd.Names) == 0 {
			pr.Add(program.Path(at, "names"), "required: at least one name")
		}
		for j, n := range pd.Names {
			switch nn := normalize(n); {
			case nn == "":
				pr.Add(program.Index(program.Path(at, "names"), j), "%q has no letter or digit", n)
			case slices.Contains(names, nn):
				pr.Add(program.Index(program.Path(at, "names"), j), "%q names another product too", n)
			default:
				names = append(names, nn)
			}
		}
		if !webURL(pd.URL) {
			pr.Add(program.Path(at, "url"), "%q is not an absolute http or https URL", pd.URL)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(l.CountryLanguages)) {
		at := program.Path("/landing_page/country_languages", string(c))
		if !c.Valid() {
			program.CheckCountry(pr, at, c, true)
			continue
		}
		langs := l.CountryLanguages[c]
		for i, s := range langs {
			if _, err := language.ParseBase(s); err != nil || strings.ToLower(s) != s {
				pr.Add(program.Index(at, i), "%q is not an ISO 639 language code such as fr", s)
			} else if slices.Contains(langs[:i], s) {
				pr.Add(program.Index(at, i), "%s is listed twice", s)
			}
		}
	}
}

// webURL reports whether s is an absolute http or https URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && validHost(u.Hostname())
}

// validHost reports whether h is a DNS host name or an IP address: labels
// of letters, digits and hyphens joined by dots.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if h[0] == '[' || strings.Count(h, ":") > 1 { // an IPv6 literal
		return true
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// mask is the set of values in vs, by their index in all.
func mask[T comparable](vs []T, all []T) uint8 {
	var m uint8
	for _, v := range vs {
		if i := slices.Index(all, v); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}
