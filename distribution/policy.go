package distribution

import (
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds every list and reading the distribution rules use: the
// territories, the distributor directory, the marketplaces, the quote
// processes and the order checks. [Default] returns the handbook's; a user
// replaces any part with JSON through [ParsePolicy].
type Policy struct {
	Version string `json:"version"`
	// Territories place a country, first match wins: a listed country code
	// ("US") or a UN M.49 area code ("150", Europe) containing the country.
	// Listing specific entries before broader ones is how edges are decided
	// (Western Asia goes to EMEA before Asia goes to APAC).
	Territories []TerritoryArea `json:"territories"`
	// USPublicSector lists the countries where a public-sector customer makes
	// the sale a [TerritoryUSPubSec] sale: the United States and its
	// territories that have their own codes.
	USPublicSector []program.Country `json:"us_public_sector"`
	// Distributors is the directory, in preference order within a territory.
	Distributors []Distributor `json:"distributors"`
	// Marketplaces are the hyperscaler marketplaces enrolled partners may
	// transact through.
	Marketplaces []Marketplace `json:"marketplaces"`
	// SelectMayUseDistributors lists the territory's distributors as an
	// option for Select partners too. The handbook obliges only Open partners
	// to use them and forbids Select partners nothing.
	SelectMayUseDistributors bool `json:"select_may_use_distributors"`
	// Quotes holds the two quote processes.
	Quotes QuotePolicy `json:"quotes"`
	// Orders holds the order-check settings.
	Orders OrderPolicy `json:"orders"`

	ready *ready // see Compile
}

// TerritoryArea places the countries of some areas in a territory.
type TerritoryArea struct {
	Territory Territory `json:"territory"`
	// Areas are ISO 3166-1 alpha-2 country codes or UN M.49 area codes, as
	// golang.org/x/text/language parses them.
	Areas []string `json:"areas"`
	// QuoteRegion is the quote process the territory's partners follow.
	QuoteRegion QuoteRegion `json:"quote_region"`
	// Note says why these areas are here, for people.
	Note string `json:"note,omitempty"`
}

// Distributor is one entry of the directory.
type Distributor struct {
	Name      string    `json:"name"`
	Site      string    `json:"site"`
	Territory Territory `json:"territory"`
	Role      Role      `json:"role"`
	// Countries limits the distributor to some countries of its territory;
	// empty means the whole territory. Alternatives always list theirs.
	Countries []program.Country `json:"countries,omitempty"`
	// Email is the main contact address.
	Email string `json:"email"`
	// Contacts override Email for some countries.
	Contacts []CountryContact `json:"contacts,omitempty"`
}

// CountryContact is a distributor's address for one country.
type CountryContact struct {
	Country program.Country `json:"country"`
	Email   string          `json:"email"`
}

// ContactFor is d's contact address for country c.
func (d Distributor) ContactFor(c program.Country) string {
	for _, cc := range d.Contacts {
		if cc.Country == c {
			return cc.Email
		}
	}
	return d.Email
}

// Serves reports whether d serves country c in territory t.
func (d Distributor) Serves(t Territory, c program.Country) bool {
	return d.Territory == t && (len(d.Countries) == 0 || slices.Contains(d.Countries, c))
}

// Marketplace is a hyperscaler marketplace program.
type Marketplace struct {
	ID   program.Marketplace `json:"id"`
	Name string              `json:"name"`
	// Territories limits where the marketplace may be used; empty means
	// every territory.
	Territories []Territory `json:"territories,omitempty"`
}

// QuotePolicy holds the quote processes.
type QuotePolicy struct {
	// APJ is the process of APJ partners (territories whose quote region is
	// apj).
	APJ QuoteProcess `json:"apj"`
	// SalesTeam is the process of AMER, EMEA and US PubSec partners.
	SalesTeam QuoteProcess `json:"sales_team"`
}

// QuoteProcess is how a partner gets a quote.
type QuoteProcess struct {
	// Steps are what the partner does, in our words.
	Steps []string `json:"steps"`
	// Recipient is who receives the request.
	Recipient string `json:"recipient"`
	// PurchaseOrdersTo is where the partner sends the purchase order.
	PurchaseOrdersTo string `json:"purchase_orders_to"`
	// TurnaroundHours is the promised answer time in business hours of
	// Calendar; 0 means no promise.
	TurnaroundHours int `json:"turnaround_hours,omitempty"`
	// Calendar counts the turnaround; required when TurnaroundHours > 0.
	Calendar program.BusinessCalendar `json:"calendar,omitzero"`
}

// OrderPolicy holds the order-check settings.
type OrderPolicy struct {
	// EULARequiredFor are the order kinds that need an executed EULA.
	EULARequiredFor []OrderKind `json:"eula_required_for"`
	// DefaultEULAMethod applies when an order names no method: license_key
	// or countersigned (none is a fact an order records, not a default).
	DefaultEULAMethod EULAMethod `json:"default_eula_method"`
}

// MaxTurnaroundHours bounds a quote turnaround (a year of 24-hour days);
// it must also fit in maxTurnaroundDays working days of its calendar.
const MaxTurnaroundHours = 24 * 366

const maxTurnaroundDays = 366

// Default returns the handbook's policy, compiled. Its lists are its own:
// writing into them changes no other policy (but see [Policy.Compile]).
func Default() Policy { return handbook.clone() }

// handbook is the handbook's policy, compiled once.
var handbook = func() Policy {
	us := []program.Country{"US", "AS", "GU", "MP", "PR", "UM", "VI"}
	p, err := Policy{
		Version: "handbook-2026-11",
		Territories: []TerritoryArea{
			{Territory: TerritoryNorthAmerica, Areas: []string{"US", "CA", "AS", "GU", "MP", "PR", "UM", "VI"}, QuoteRegion: RegionAMER,
				Note: "United States (with its territories that have their own codes) and Canada"},
			{Territory: TerritoryJapan, Areas: []string{"JP"}, QuoteRegion: RegionAPJ, Note: "Japan"},
			{Territory: TerritoryEMEA, Areas: []string{"150", "002", "145", "IR", "143"}, QuoteRegion: RegionEMEA,
				Note: "Europe (with Russia), Africa, Western Asia (Middle East, Turkey, Cyprus, the Caucasus), Iran (Middle East, though M.49 files it in Southern Asia) and, our reading, Central Asia"},
			{Territory: TerritoryAPAC, Areas: []string{"142", "009"}, QuoteRegion: RegionAPJ,
				Note: "the rest of Asia and Oceania (CLDR puts Antarctica and remote islands there)"},
			{Territory: TerritoryNone, Areas: []string{"019"}, QuoteRegion: RegionAMER,
				Note: "the rest of the Americas (Mexico, Latin America, the Caribbean): no active distributor"},
		},
		USPublicSector: us,
		Distributors: []Distributor{
			{Name: "Climb CS", Site: "https://www.climbcs.com/", Territory: TerritoryNorthAmerica, Role: RolePrimary,
				Email: "sales@climbcs.com", Contacts: []CountryContact{{Country: "US", Email: "sales@climbcs.com"}, {Country: "CA", Email: "sales@climbcs.ca"}}},
			{Name: "Amazic", Site: "https://distribution.amazic.com/", Territory: TerritoryEMEA, Role: RolePrimary, Email: "gitlab@amazic.com"},
			{Name: "Networld", Site: "https://www.networld.co.jp/product/gitlab/", Territory: TerritoryJapan, Role: RolePrimary, Email: "gitlab-info@networld.co.jp"},
			{Name: "SB C&S", Site: "https://cas.softbank.jp/", Territory: TerritoryJapan, Role: RolePrimary, Email: "SBCASGRP-DevOps+gitlabdisti@g.softbank.co.jp"},
			{Name: "TD Synnex", Site: "https://www.techdata.com/apac/en/partner-with-us/become-a-partner.html", Territory: TerritoryAPAC, Role: RolePrimary, Email: "GitLab.APJ@techdata.com"},
			{Name: "Redington", Site: "https://redingtongroup.com/cloud/gitlab/", Territory: TerritoryAPAC, Role: RoleAlternative, Countries: []program.Country{"IN"}, Email: "gitlab@redington.co.in"},
			{Name: "Get On Technology", Site: "https://www.got.co.th/contact", Territory: TerritoryAPAC, Role: RoleAlternative, Countries: []program.Country{"TH"}, Email: "gitlab@got.co.th"},
			{Name: "Carahsoft", Site: "https://www.carahsoft.com/", Territory: TerritoryUSPubSec, Role: RolePrimary, Email: "gitlab@carahsoft.com"},
		},
		Marketplaces: []Marketplace{
			{ID: program.MarketplaceAWSCPPO, Name: "AWS Marketplace (CPPO)"},
			{ID: program.MarketplaceGoogleMCPO, Name: "Google Cloud Marketplace (MCPO)"},
		},
		SelectMayUseDistributors: true,
		Quotes: QuotePolicy{
			APJ: QuoteProcess{
				Steps: []string{
					"sign in to the partner portal",
					"open Common Requests",
					"fill in and submit the quote request form",
					"when the PO is ready, reply with it on the thread the quote arrived on",
				},
				Recipient:        "Ecosystem Specialist case queue",
				PurchaseOrdersTo: "partnersupport@gitlab.com",
				TurnaroundHours:  6,
				// Monday to Friday, 09:00-17:00 in Singapore, no holidays:
				// rickar/cal ships no Singapore set (see the package doc).
				Calendar: program.StandardWeek(program.MustTimeZone("Asia/Singapore")),
			},
			SalesTeam: QuoteProcess{
				Steps: []string{
					"open a deal registration, or ask your Ecosystem Sales Manager for the quote",
					"work with the assigned sales team through the opportunity",
					"send purchase orders to the assigned sales team",
				},
				Recipient:        "Ecosystem Sales Manager or the deal registration's sales team",
				PurchaseOrdersTo: "assigned sales team",
			},
		},
		Orders: OrderPolicy{
			EULARequiredFor:   []OrderKind{KindNewSubscription, KindAddOn},
			DefaultEULAMethod: EULALicenseKey,
		},
	}.Compile()
	if err != nil {
		panic("distribution: the default policy does not compile: " + err.Error())
	}
	return p
}()

// ParsePolicy decodes data strictly ([program.DecodeJSON]) over a copy of
// base and compiles the result (program.ParsePolicy). Members data does not
// name keep base's values; a list data names replaces base's list whole,
// keeping nothing of its old elements. Errors locate problems with JSON
// Pointers into data.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

// Validate reports every problem of p, each located by a JSON Pointer into
// p's JSON, the policy document ("/distributors/5/countries/0").
func (p Policy) Validate() error {
	var pr program.Problems
	if strings.TrimSpace(p.Version) == "" {
		pr.Add("/version", "required: a name for this policy version")
	}
	if len(p.Territories) == 0 {
		pr.Add("/territories", "required: at least one territory")
	}
	for i, t := range p.Territories {
		f := program.Index("/territories", i)
		program.CheckEnum(&pr, program.Path(f, "territory"), t.Territory, "territory", Territories)
		if t.Territory == TerritoryUSPubSec {
			pr.Add(program.Path(f, "territory"), "us_pubsec is chosen by the public-sector rule (us_public_sector), not by area")
		}
		if len(t.Areas) == 0 {
			pr.Add(program.Path(f, "areas"), "required: at least one country or UN M.49 area code")
		}
		for j, a := range t.Areas {
			if _, ok := parseArea(a); !ok {
				pr.Add(program.Index(program.Path(f, "areas"), j), "%q is not a country code (DE) or UN M.49 area code (150)", a)
			}
		}
		program.CheckEnum(&pr, program.Path(f, "quote_region"), t.QuoteRegion, "quote region", QuoteRegions)
	}
	for i, c := range p.USPublicSector {
		program.CheckCountry(&pr, program.Index("/us_public_sector", i), c, true)
	}
	areas := p.areas()
	for i, d := range p.Distributors {
		p.checkDistributor(&pr, program.Index("/distributors", i), d, areas)
	}
	seen := map[program.Marketplace]bool{}
	for i, m := range p.Marketplaces {
		f := program.Index("/marketplaces", i)
		program.CheckEnum(&pr, program.Path(f, "id"), m.ID, "marketplace", program.Marketplaces)
		if seen[m.ID] {
			pr.Add(program.Path(f, "id"), "%s is listed twice", m.ID)
		}
		seen[m.ID] = true
		if strings.TrimSpace(m.Name) == "" {
			pr.Add(program.Path(f, "name"), "required")
		}
		for j, t := range m.Territories {
			program.CheckEnum(&pr, program.Index(program.Path(f, "territories"), j), t, "territory", Territories)
		}
	}
	p.Quotes.APJ.check(&pr, "/quotes/apj")
	p.Quotes.SalesTeam.check(&pr, "/quotes/sales_team")
	for i, k := range p.Orders.EULARequiredFor {
		program.CheckEnum(&pr, program.Index("/orders/eula_required_for", i), k, "kind", OrderKinds)
	}
	program.CheckEnum(&pr, "/orders/default_eula_method", p.Orders.DefaultEULAMethod, "method", EULAMethods)
	if p.Orders.DefaultEULAMethod == EULANone {
		pr.Add("/orders/default_eula_method", "none is what an order may record when no EULA is arranged, not a way to execute one: want license_key or countersigned")
	}
	return pr.Err()
}

func (p Policy) checkDistributor(pr *program.Problems, f string, d Distributor, areas []area) {
	if strings.TrimSpace(d.Name) == "" {
		pr.Add(program.Path(f, "name"), "required")
	}
	if u, err := url.Parse(d.Site); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		pr.Add(program.Path(f, "site"), "%q is not an http(s) URL", d.Site)
	}
	program.CheckEnum(pr, program.Path(f, "territory"), d.Territory, "territory", Territories)
	if d.Territory == TerritoryNone {
		pr.Add(program.Path(f, "territory"), "none is the territory without distributors")
	}
	program.CheckEnum(pr, program.Path(f, "role"), d.Role, "role", Roles)
	if d.Role == RoleAlternative && len(d.Countries) == 0 {
		pr.Add(program.Path(f, "countries"), "required for an alternative: the countries it is an alternative in")
	}
	for j, c := range d.Countries {
		cf := program.Index(program.Path(f, "countries"), j)
		program.CheckCountry(pr, cf, c, true)
		if c.Valid() && d.Territory.Valid() {
			if t := p.locate(c, d.Territory == TerritoryUSPubSec, areas).territory; t != d.Territory {
				pr.Add(cf, "%s is in territory %s, not %s", c, t, d.Territory)
			}
		}
	}
	checkEmail(pr, program.Path(f, "email"), d.Email, true)
	for j, cc := range d.Contacts {
		cf := program.Index(program.Path(f, "contacts"), j)
		program.CheckCountry(pr, program.Path(cf, "country"), cc.Country, true)
		checkEmail(pr, program.Path(cf, "email"), cc.Email, true)
	}
}

func (q QuoteProcess) check(pr *program.Problems, f string) {
	if len(q.Steps) == 0 {
		pr.Add(program.Path(f, "steps"), "required: at least one step")
	}
	for i, s := range q.Steps {
		if strings.TrimSpace(s) == "" {
			pr.Add(program.Index(program.Path(f, "steps"), i), "empty step")
		}
	}
	if strings.TrimSpace(q.Recipient) == "" {
		pr.Add(program.Path(f, "recipient"), "required: who receives the request")
	}
	if strings.TrimSpace(q.PurchaseOrdersTo) == "" {
		pr.Add(program.Path(f, "purchase_orders_to"), "required: where purchase orders go")
	}
	switch {
	case q.TurnaroundHours < 0 || q.TurnaroundHours > MaxTurnaroundHours:
		pr.Add(program.Path(f, "turnaround_hours"), "%d is not between 0 and %d", q.TurnaroundHours, MaxTurnaroundHours)
	case q.TurnaroundHours > 0:
		var cp program.Problems
		q.Calendar.Check(&cp, program.Path(f, "calendar"))
		if err := cp.Err(); err != nil {
			pr.AddErr(err)
		} else if d := time.Duration(q.TurnaroundHours) * time.Hour; d > maxTurnaroundDays*q.Calendar.WorkdayLength() {
			// Bounded so that a due instant is computed in bounded time.
			pr.Add(program.Path(f, "turnaround_hours"), "%d hours is more than %d working days of %s",
				q.TurnaroundHours, maxTurnaroundDays, q.Calendar.WorkdayLength())
		}
	}
}

// parseArea parses a country or UN M.49 area code in its canonical,
// upper-case form.
func parseArea(s string) (language.Region, bool) {
	r, err := language.ParseRegion(s)
	if err != nil || r.String() != s || r.Canonicalize() != r {
		return language.Region{}, false
	}
	return r, true
}

// checkEmail records a problem unless s is one bare, syntactically valid
// address: what net/mail parses as RFC 5322 and JSON Schema's email format
// (RFC 5321) also takes — an ASCII local part of at most 64 characters at a
// host name — so the schemas and the checks agree. An empty s is a problem
// only when required.
func checkEmail(pr *program.Problems, pointer, s string, required bool) {
	if s == "" {
		if required {
			pr.Add(pointer, "required: an email address such as name@example.com")
		}
		return
	}
	if !validEmail(s) {
		pr.Add(pointer, "%q is not an email address such as name@example.com", s)
	}
}

func validEmail(s string) bool {
	return plainEmail(s) || parsedEmail(s)
}

// plainEmail reports whether s is a dot-atom of RFC 5322 atext characters,
// at most 64 of them, at a host name: the common form, every one of which
// parsedEmail accepts too (a test checks it), read without allocating.
func plainEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at > 64 || len(s)-at-1 > 253 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		if c := local[i]; !(c == '.' || atext(c)) {
			return false
		}
	}
	for domain != "" {
		label, rest, _ := strings.Cut(domain, ".")
		if !hostLabel(label) || (rest == "" && len(domain) > len(label)) {
			return false
		}
		domain = rest
	}
	return len(s) > at+1
}

// atext reports whether c is one of RFC 5322's atext characters.
func atext(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// parsedEmail is validEmail through net/mail, for what plainEmail does not
// read.
func parsedEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(local) == 0 || len(local) > 64 || len(domain) > 253 {
		return false
	}
	for i := 0; i < len(local); i++ {
		if local[i] >= 0x80 {
			return false
		}
	}
	for _, label := range strings.Split(domain, ".") {
		if !hostLabel(label) {
			return false
		}
	}
	return true
}

// hostLabel reports whether label is one label of a host name: 1 to 63
// letters, digits and hyphens, not starting or ending with a hyphen.
func hostLabel(label string) bool {
	if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
		return false
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
