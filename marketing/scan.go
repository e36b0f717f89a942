package marketing

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// found is what one pass over a page's HTML finds: its visible text,
// normalized, and the images, links and languages the elements read.
type found struct {
	text     []byte // visible text (textBuf): words by spaces, blocks by newlines
	images   int    // images seen (img and svg)
	logo     string // the logo: its source, or its alternative text
	home     string // the first link back to a GitLab host
	linked   []bool // per product of the policy: a link to its page
	declared []string
	alts     []string // hreflang of alternate versions
}

// maxLanguages bounds the languages a page's markup may declare that are
// kept, so that a page of ten thousand meta tags costs no more than one.
const maxLanguages = 16

// scratch is the memory one audit works in: pooled, and holding no
// pointers the collector follows but its slices' own.
type scratch struct {
	text    textBuf
	image   textBuf  // the words of the image being read
	src     []byte   // its source
	words   []int32  // a block's words, by the paragraphs' vocabulary
	lower   []byte   // a raw tag, ASCII lower-cased
	found   [][3]int // product mentions: start, end, product
	claimed []uint64 // the text's bytes claimed by a mention
	rows    []int32  // two rows of the common-subsequence table
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// rawText are the elements whose content is not shown as text (or, for
// raw-text elements, is not parsed as HTML).
func rawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Textarea, atom.Iframe, atom.Noembed, atom.Noframes,
		atom.Xmp, atom.Title, atom.Template, atom.Select:
		return true
	}
	return false
}

// block are the elements that start and end a block of text: a paragraph
// is matched within one block.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside,
		atom.Main, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Blockquote, atom.Br, atom.Hr, atom.Figure,
		atom.Figcaption, atom.Form, atom.Pre, atom.Address, atom.Details, atom.Summary, atom.Body, atom.Html,
		atom.Button, atom.Label, atom.Option, atom.Caption, atom.Fieldset, atom.Legend:
		return true
	}
	return false
}

// scan reads page once, with the HTML tokenizer of golang.org/x/net/html:
// text outside scripts, styles, templates and the head; the images (is
// one the logo?); the links (back to GitLab, to each product's page),
// resolved against base (or the page's own base element, when it comes
// before them); the languages its markup declares. s holds the text.
func (rd *ready) scan(page string, base *url.URL, s *scratch) found {
	f := found{linked: make([]bool, len(rd.products))}
	s.text.b, s.text.sep = s.text.b[:0], false
	z := html.NewTokenizer(strings.NewReader(page))
	baseSet := false
	baseInteresting := rd.interestingHost(base.Hostname())
	hidden := 0 // depth inside elements whose text is not shown
	var hiddenTag []atom.Atom
	svg := 0 // depth inside svg elements
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			f.text = s.text.b
			return f
		case html.TextToken:
			switch {
			case svg > 0:
				s.image.sep = true // each text of a drawing is its own
				s.image.add(z.Text())
			case hidden == 0:
				s.text.add(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			a := tagAtom(z.Raw())
			self := tt == html.SelfClosingTagToken
			if svg > 0 && breaksOut(a) {
				// An HTML element ends drawing, as the HTML parser does.
				svg = 0
				rd.logo(&f, s, base)
			}
			if block(a) {
				s.text.block()
			}
			if hidden > 0 {
				// Inside a template or select: nothing is shown.
				if rawText(a) {
					hidden++
					hiddenTag = append(hiddenTag, a)
				}
				continue
			}
			hasAttr := hasAttrs(z.Raw())
			switch a {
			case atom.A, atom.Area:
				// Only a link that may lead to a GitLab host is read.
				if hasAttr && !f.allFound() && (baseInteresting || mayHold(s.lowerRaw(z.Raw()), rd.interestingLower)) {
					rd.link(z, &f, base, baseInteresting)
				}
			case atom.Img:
				f.images++
				if f.logo == "" && hasAttr && rd.logoPossible(s.lowerRaw(z.Raw())) {
					s.image.b, s.image.sep, s.src = s.image.b[:0], false, s.src[:0]
					rd.imageAttrs(z, hasAttr, s)
					rd.logo(&f, s, base)
				}
			case atom.Svg:
				if svg == 0 {
					f.images++
					s.image.b, s.image.sep, s.src = s.image.b[:0], false, s.src[:0]
				}
				rd.imageAttrs(z, hasAttr, s)
				if self && svg == 0 {
					rd.logo(&f, s, base)
				} else if !self {
					svg++
				}
			case atom.Base:
				if !baseSet && hasAttr {
					if href := attr(z, "href"); href != nil {
						baseSet = true
						if u, err := base.Parse(string(bytes.TrimSpace(href))); err == nil && u.Host != "" {
							base = u
							baseInteresting = rd.interestingHost(base.Hostname())
						}
					}
				}
			case atom.Html:
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if (string(k) == "lang" || string(k) == "xml:lang") && len(f.declared) < maxLanguages {
						if l := string(bytes.TrimSpace(v)); l != "" && !slices.Contains(f.declared, l) {
							f.declared = append(f.declared, l)
						}
					}
				}
			case atom.Meta:
				if hasAttr && mayHold(s.lowerRaw(z.Raw()), contentLanguage) {
					rd.meta(z, hasAttr, &f)
				}
			case atom.Link:
				if hasAttr && mayHold(s.lowerRaw(z.Raw()), hreflang) {
					rd.alternate(z, hasAttr, &f)
				}
			}
			if svg > 0 && a != atom.Svg && a != atom.Title {
				// Inside an svg, every element is drawing; its title is
				// the image's text, read as text above.
				z.NextIsNotRawText()
			} else if rawText(a) {
				// A slash closes none of these in HTML: "<script/>" still
				// opens a script.
				hidden++
				hiddenTag = append(hiddenTag, a)
			}
		case html.EndTagToken:
			a := tagAtom(z.Raw())
			if block(a) {
				s.text.block()
			}
			if a == atom.Svg && svg > 0 {
				svg--
				if svg == 0 {
					rd.logo(&f, s, base)
				}
			}
			if hidden > 0 && rawText(a) {
				// Close the innermost hidden element of this name, and any
				// left open inside it.
				if i := slices.Index(hiddenTag, a); i >= 0 {
					for j := len(hiddenTag) - 1; j >= 0; j-- {
						if hiddenTag[j] == a {
							i = j
							break
						}
					}
					hidden -= len(hiddenTag) - i
					hiddenTag = hiddenTag[:i]
				}
			}
		}
	}
}

// tagAtom is the atom of the tag whose raw text is raw ("<P class=x>",
// "</svg >"), read as the tokenizer reads a tag name: after "<" or "</" up
// to white space, "/" or ">", lower-cased. Reading the name from the raw
// token rather than with TagName spares the copy TagName makes of every
// name; a name no atom has (or one too long for any) is 0.
func tagAtom(raw []byte) atom.Atom {
	i := 1
	if len(raw) > 1 && raw[1] == '/' {
		i = 2
	}
	var buf [16]byte
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return 0
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}

// hasAttrs reports whether the raw start tag may hold attributes: any
// character but white space between its name and its end. TagAttr then
// says which, if any, there are.
func hasAttrs(raw []byte) bool {
	i := 1
	for i < len(raw) && raw[i] != ' ' && raw[i] != '\n' && raw[i] != '\t' && raw[i] != '\f' && raw[i] != '\r' && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	for ; i < len(raw); i++ {
		switch raw[i] {
		case ' ', '\n', '\t', '\f', '\r', '/', '>':
		default:
			return true
		}
	}
	return false
}

// lowerRaw is raw, ASCII lower-cased, in s's memory.
func (s *scratch) lowerRaw(raw []byte) []byte {
	s.lower = append(s.lower[:0], raw...)
	for i, c := range s.lower {
		if 'A' <= c && c <= 'Z' {
			s.lower[i] = c + 'a' - 'A'
		}
	}
	return s.lower
}

var (
	contentLanguage = [][]byte{[]byte("content-language")}
	hreflang        = [][]byte{[]byte("hreflang")}
)

// mayHold reports whether a lower-cased raw tag may hold one of words in
// an attribute: it holds one as it stands, or it has an entity, an escape
// or a byte beyond ASCII that might spell one. A tag that cannot is not
// read attribute by attribute: x/net/html copies every attribute it
// returns.
func mayHold(lower []byte, words [][]byte) bool {
	for _, c := range lower {
		if c == '&' || c == '%' || c >= 0x80 {
			return true
		}
	}
	for _, w := range words {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

// logoPossible reports whether an img tag may be the logo: every word of
// some term set appears in it (or it may spell one, see mayHold), or the
// policy names logo sources, which only resolving its source tells.
func (rd *ready) logoPossible(lower []byte) bool {
	if len(rd.src.LandingPage.Logo.Sources) > 0 || mayHold(lower, nil) {
		return true
	}
	for _, set := range rd.logoWords {
		all := true
		for _, w := range set {
			if !bytes.Contains(lower, w) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// allFound reports whether the links can tell nothing more: the link back
// is found and every product's page is linked.
func (f *found) allFound() bool {
	if f.home == "" {
		return false
	}
	for _, l := range f.linked {
		if !l {
			return false
		}
	}
	return true
}

// attr returns the value of the current tag's attribute key, or nil.
func attr(z *html.Tokenizer, key string) []byte {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return v
		}
		if !more {
			return nil
		}
	}
}

// imageAttrs adds an image's alternative text, title, ARIA label and file
// name to s.image, and its source to s.src.
func (rd *ready) imageAttrs(z *html.Tokenizer, hasAttr bool, s *scratch) {
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "alt", "title", "aria-label":
			s.image.sep = true
			s.image.add(v)
		case "src":
			v = bytes.TrimSpace(v)
			s.src = append(s.src[:0], v...)
			name := v
			if i := bytes.IndexAny(name, "?#"); i >= 0 {
				name = name[:i]
			}
			if i := bytes.LastIndexByte(name, '/'); i >= 0 {
				name = name[i+1:]
			}
			if bytes.IndexByte(name, '%') >= 0 { // a name written with escapes, "GitLab%20Reseller.png"
				if u, err := url.PathUnescape(string(name)); err == nil {
					name = []byte(u)
				}
			}
			s.image.sep = true
			s.image.add(name)
		}
	}
}

// logo records the image just read as the logo when it is one and none
// was found before.
func (rd *ready) logo(f *found, s *scratch, base *url.URL) {
	if f.logo != "" {
		return
	}
	for _, set := range rd.logoTerms {
		all := true
		for _, t := range set {
			if !containsWords(s.image.b, []byte(t)) {
				all = false
				break
			}
		}
		if all {
			if f.logo = string(s.src); f.logo == "" {
				f.logo = string(s.image.b)
			}
			return
		}
	}
	if len(rd.src.LandingPage.Logo.Sources) > 0 && len(s.src) > 0 {
		if u, err := base.Parse(string(s.src)); err == nil {
			if us := u.String(); slices.Contains(rd.src.LandingPage.Logo.Sources, us) {
				f.logo = us
			}
		}
	}
}

// breaksOut reports whether an HTML start tag ends foreign content (an
// svg left open), as the HTML parser's tree construction says.
func breaksOut(a atom.Atom) bool {
	switch a {
	case atom.B, atom.Big, atom.Blockquote, atom.Body, atom.Br, atom.Center, atom.Code, atom.Dd, atom.Div,
		atom.Dl, atom.Dt, atom.Em, atom.Embed, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Head, atom.Hr, atom.I, atom.Img, atom.Li, atom.Listing, atom.Menu, atom.Meta, atom.Nobr,
		atom.Ol, atom.P, atom.Pre, atom.Ruby, atom.S, atom.Small, atom.Span, atom.Strong, atom.Strike,
		atom.Sub, atom.Sup, atom.Table, atom.Tt, atom.U, atom.Ul, atom.Var:
		return true
	}
	return false
}

// meta reads <meta http-equiv="content-language" content="de, en">.
func (rd *ready) meta(z *html.Tokenizer, hasAttr bool, f *found) {
	var equiv bool
	var content []byte
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "http-equiv":
			equiv = bytes.EqualFold(bytes.TrimSpace(v), []byte("content-language"))
		case "content":
			content = v
		}
	}
	if !equiv {
		return
	}
	for l := range strings.SplitSeq(string(content), ",") {
		if l = strings.TrimSpace(l); l != "" && len(f.declared) < maxLanguages && !slices.Contains(f.declared, l) {
			f.declared = append(f.declared, l)
		}
	}
}

// alternate reads <link rel="alternate" hreflang="de" href="...">: a
// version of the page in another language.
func (rd *ready) alternate(z *html.Tokenizer, hasAttr bool, f *found) {
	var alt bool
	var lang []byte
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "rel":
			for _, tok := range bytes.Fields(v) {
				if bytes.EqualFold(tok, []byte("alternate")) {
					alt = true
				}
			}
		case "hreflang":
			lang = bytes.TrimSpace(v)
		}
	}
	if alt && len(lang) > 0 && !bytes.EqualFold(lang, []byte("x-default")) && len(f.alts) < maxLanguages {
		if l := string(lang); !slices.Contains(f.alts, l) {
			f.alts = append(f.alts, l)
		}
	}
}

// link reads an a or area element's href: a link back to a GitLab host, a
// link to a product's page. Only links whose host is one of these are
// parsed.
func (rd *ready) link(z *html.Tokenizer, f *found, base *url.URL, baseInteresting bool) {
	href := attr(z, "href")
	if href == nil {
		return
	}
	href = bytes.TrimSpace(href)
	host, abs := hrefHost(href)
	if abs && !rd.interestingHost(string(host)) || !abs && (!baseInteresting || host != nil) {
		return
	}
	u, err := base.Parse(string(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	h := strings.ToLower(u.Hostname())
	path := strings.ToLower(strings.TrimSuffix(u.EscapedPath(), "/"))
	local := path
	if rd.src.LandingPage.LocalizedProductPages {
		local = stripLocale(path)
	}
	if f.home == "" && slices.Contains(rd.hosts, h) && (rd.src.LandingPage.HomeLinkAnyPage || path == "" || local == "") {
		f.home = u.String()
	}
	for k, pg := range rd.products {
		if h == pg.host && (under(path, pg.path) || under(local, pg.path)) {
			f.linked[k] = true
		}
	}
}

// under reports whether path is page or below it.
func under(path, page string) bool {
	return path == page || strings.HasPrefix(path, page) && path[len(page)] == '/'
}

// stripLocale removes a leading language segment such as /de-de from a
// lower-case path.
func stripLocale(path string) string {
	if len(path) >= 6 && path[0] == '/' && path[3] == '-' && (len(path) == 6 || path[6] == '/') &&
		isLower(path[1]) && isLower(path[2]) && isLower(path[4]) && isLower(path[5]) {
		return path[6:]
	}
	return path
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// hrefHost returns the host of an absolute or scheme-relative http(s)
// href, lower case and without port or user, with abs true. For a
// relative href it returns abs false and a nil host; for another scheme
// (mailto:, javascript:) abs false and a non-nil host.
func hrefHost(href []byte) (host []byte, abs bool) {
	rest := href
	if i := bytes.IndexByte(href, ':'); i > 0 && !bytes.ContainsAny(href[:i], "/?#") {
		scheme := href[:i]
		if !bytes.EqualFold(scheme, []byte("http")) && !bytes.EqualFold(scheme, []byte("https")) {
			return []byte{}, false
		}
		rest = href[i+1:]
	}
	if !bytes.HasPrefix(rest, []byte("//")) {
		return nil, false // relative, or "http:path", relative to the base
	}
	rest = rest[2:]
	if i := bytes.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := bytes.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := bytes.LastIndexByte(rest, ':'); i >= 0 && !bytes.HasSuffix(rest, []byte("]")) {
		rest = rest[:i]
	}
	return rest, true
}

// interestingHost reports whether a link to host may be a link back or to
// a product page.
func (rd *ready) interestingHost(host string) bool {
	for _, h := range rd.interesting {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}
