package program

import (
	"slices"
	"strconv"

	"golang.org/x/text/language"
)

// Track is a partner's program track.
type Track string

const (
	TrackSelect Track = "select"
	TrackOpen   Track = "open"
)

// Tracks lists every track, in a fixed order.
var Tracks = []Track{TrackSelect, TrackOpen}

func (t Track) Valid() bool                   { return IsOneOf(t, Tracks) }
func (t *Track) UnmarshalText(b []byte) error { return UnmarshalEnum(t, b, "track", Tracks) }

// Standing is a partner's standing in the program.
type Standing string

const (
	StandingGood      Standing = "good"
	StandingProbation Standing = "probation"
	StandingSuspended Standing = "suspended"
)

// Standings lists every standing, in a fixed order.
var Standings = []Standing{StandingGood, StandingProbation, StandingSuspended}

func (s Standing) Valid() bool { return IsOneOf(s, Standings) }
func (s *Standing) UnmarshalText(b []byte) error {
	return UnmarshalEnum(s, b, "standing", Standings)
}

// Competency is a designation a partner holds beyond its track.
type Competency string

const (
	// CompetencyProfessionalServices: the partner is a GitLab Professional
	// Services Partner (PSP).
	CompetencyProfessionalServices Competency = "professional_services"
	// CompetencyAWSDevOps: the partner holds the AWS DevOps Competency.
	CompetencyAWSDevOps Competency = "aws_devops"
	// CompetencyGoogleCloud: the partner has a Google Cloud practice.
	CompetencyGoogleCloud Competency = "google_cloud"
)

// Competencies lists every competency, in a fixed order.
var Competencies = []Competency{CompetencyProfessionalServices, CompetencyAWSDevOps, CompetencyGoogleCloud}

func (c Competency) Valid() bool { return IsOneOf(c, Competencies) }
func (c *Competency) UnmarshalText(b []byte) error {
	return UnmarshalEnum(c, b, "competency", Competencies)
}

// Marketplace is a hyperscaler marketplace program a partner is enrolled in.
type Marketplace string

const (
	MarketplaceAWSCPPO    Marketplace = "aws_cppo"
	MarketplaceGoogleMCPO Marketplace = "google_mcpo"
)

// Marketplaces lists every marketplace, in a fixed order.
var Marketplaces = []Marketplace{MarketplaceAWSCPPO, MarketplaceGoogleMCPO}

func (m Marketplace) Valid() bool { return IsOneOf(m, Marketplaces) }
func (m *Marketplace) UnmarshalText(b []byte) error {
	return UnmarshalEnum(m, b, "marketplace", Marketplaces)
}

// Country is an ISO 3166-1 alpha-2 country code in upper case ("DE", "JP").
type Country string

// Valid reports whether c is a current ISO 3166-1 alpha-2 country code in
// upper case: golang.org/x/text/language knows it as a country, it is not a
// former code with a successor (UK for GB, DY for BJ), and it lies inside one
// of the UN M.49 continents (which rules out reserved codes such as EZ and
// UN).
func (c Country) Valid() bool {
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return false
	}
	return countries[c[0]-'A'][c[1]-'A']
}

// countries classifies every two-letter code once, from x/text, so that
// Valid is a table lookup.
var countries = func() (t [26][26]bool) {
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			c := Country([]byte{a, b})
			r, ok := c.parse()
			t[a-'A'][b-'A'] = ok && r.Canonicalize() == r && inContinent(r) && !slices.Contains(reservedCodes, c)
		}
	}
	return t
}()

// reservedCodes are codes golang.org/x/text/language still knows that are not
// current ISO 3166-1 country codes: the exceptionally reserved ones (AC, CP,
// DG, EA, IC, TA) and the transitionally reserved ones without a single
// successor (AN, CS, NT, SU, YU). XK (Kosovo), user-assigned but in common
// use in CLDR and commerce, is accepted.
var reservedCodes = []Country{"AC", "CP", "DG", "EA", "IC", "TA", "AN", "CS", "NT", "SU", "YU"}

func (c Country) parse() (language.Region, bool) {
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return language.Region{}, false
	}
	r, err := language.ParseRegion(string(c))
	return r, err == nil && r.IsCountry() && r.String() == string(c)
}

// continents are the UN M.49 top-level areas.
var continents = []language.Region{
	language.MustParseRegion("002"), // Africa
	language.MustParseRegion("009"), // Oceania
	language.MustParseRegion("019"), // Americas
	language.MustParseRegion("142"), // Asia
	language.MustParseRegion("150"), // Europe
}

func inContinent(r language.Region) bool {
	return slices.ContainsFunc(continents, func(k language.Region) bool { return k.Contains(r) })
}

// Region is c as a golang.org/x/text/language region; c must be valid.
func (c Country) Region() language.Region {
	r, _ := language.ParseRegion(string(c))
	return r
}

// CheckCountry records a problem at field unless c is a valid country code.
// An empty code is a problem only when required.
func CheckCountry(p *Problems, field string, c Country, required bool) {
	switch r, known := c.parse(); {
	case c == "" && !required:
	case c == "":
		p.Add(field, "required: an ISO 3166-1 alpha-2 country code such as DE")
	case known && r.Canonicalize() != r:
		p.Add(field, "%s is a former code; use %s", string(c), r.Canonicalize())
	case known && (!inContinent(r) || slices.Contains(reservedCodes, c)):
		p.Add(field, "%s is a reserved code, not a country", string(c))
	case !c.Valid():
		p.Add(field, "%q is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as DE)", string(c))
	}
}

// Employees counts a partner's trained and certified people.
type Employees struct {
	// FoundationsTrained completed the Foundations for Partners training.
	FoundationsTrained int `json:"foundations_trained" jsonschema:"minimum=0,maximum=1000000"`
	// SolutionArchitects hold the Solution Architect certification.
	SolutionArchitects int `json:"certified_solution_architects" jsonschema:"minimum=0,maximum=1000000"`
	// ProfessionalServicesEngineers hold the Professional Services Engineer
	// certification.
	ProfessionalServicesEngineers int `json:"certified_professional_services_engineers" jsonschema:"minimum=0,maximum=1000000"`
}

// MaxCount bounds every head count and seat count this module accepts; a
// larger number is a data error, not a partner.
const MaxCount = 1_000_000

// CheckCount records a problem at field when n is negative or absurdly large.
func CheckCount(p *Problems, field string, n int) {
	switch {
	case n < 0:
		p.addCount(field, n, " is negative")
	case n > MaxCount:
		p.addCount(field, n, moreThanMaxCount)
	}
}

var moreThanMaxCount = " is more than " + strconv.Itoa(MaxCount)

// Partner is a channel partner as the rules see it: the same object for
// every operation, each of which reads (and requires) only some members.
type Partner struct {
	ID              string        `json:"id,omitempty"`
	AgreementSigned bool          `json:"agreement_signed"`
	Track           Track         `json:"track,omitempty"`
	Standing        Standing      `json:"standing,omitempty"`
	Employees       Employees     `json:"employees"`
	Competencies    []Competency  `json:"competencies,omitempty" jsonschema:"maxItems=32"`
	Marketplaces    []Marketplace `json:"marketplaces,omitempty" jsonschema:"maxItems=32"`
	Country         Country       `json:"country,omitempty"`
}

// Has reports whether the partner holds competency c.
func (p Partner) Has(c Competency) bool { return slices.Contains(p.Competencies, c) }

// EnrolledIn reports whether the partner is enrolled in marketplace m.
func (p Partner) EnrolledIn(m Marketplace) bool { return slices.Contains(p.Marketplaces, m) }

// Check records every problem of p's values under the pointer field: an
// unknown track, standing, competency or marketplace, a negative or absurd
// count, a malformed country. Which members must be present depends on the
// decision that reads them, so Check requires none: a package requires what
// it reads (with the [RequireTag] on its input, and [RequireMember] for Go
// callers). Pointers are built only for problems, so checking a valid
// partner does not allocate.
func (p Partner) Check(pr *Problems, field string) {
	if p.Track != "" && !p.Track.Valid() {
		CheckEnum(pr, Path(field, "track"), p.Track, "track", Tracks)
	}
	if p.Standing != "" && !p.Standing.Valid() {
		CheckEnum(pr, Path(field, "standing"), p.Standing, "standing", Standings)
	}
	e := p.Employees
	for _, c := range [...]struct {
		name string
		n    int
	}{
		{"foundations_trained", e.FoundationsTrained},
		{"certified_solution_architects", e.SolutionArchitects},
		{"certified_professional_services_engineers", e.ProfessionalServicesEngineers},
	} {
		if c.n < 0 || c.n > MaxCount {
			CheckCount(pr, Path(Path(field, "employees"), c.name), c.n)
		}
	}
	for i, c := range p.Competencies {
		if !c.Valid() {
			CheckEnum(pr, Index(Path(field, "competencies"), i), c, "competency", Competencies)
		}
	}
	for i, m := range p.Marketplaces {
		if !m.Valid() {
			CheckEnum(pr, Index(Path(field, "marketplaces"), i), m, "marketplace", Marketplaces)
		}
	}
	if p.Country != "" && !p.Country.Valid() {
		CheckCountry(pr, Path(field, "country"), p.Country, false)
	}
}

// UnmarshalText accepts only valid upper-case country codes.
func (c *Country) UnmarshalText(b []byte) error {
	v := Country(b)
	if !v.Valid() {
		return typeError[Country](string(b) + " is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as DE)")
	}
	*c = v
	return nil
}

// Valid reports whether p has no problems: whether [Partner.Check] would
// record none. It asks each of Check's questions once and builds nothing
// (FuzzValidIsCheck holds the two together).
func (p Partner) Valid() bool {
	e := &p.Employees
	if (p.Track != "" && !p.Track.Valid()) || (p.Standing != "" && !p.Standing.Valid()) ||
		uint(e.FoundationsTrained) > MaxCount || uint(e.SolutionArchitects) > MaxCount ||
		uint(e.ProfessionalServicesEngineers) > MaxCount || (p.Country != "" && !p.Country.Valid()) {
		return false
	}
	for _, c := range p.Competencies {
		if !c.Valid() {
			return false
		}
	}
	for _, m := range p.Marketplaces {
		if !m.Valid() {
			return false
		}
	}
	return true
}

// EnumValues lists the valid values of Track.
func (Track) EnumValues() []string { return EnumStrings(Tracks) }

// EnumValues lists the valid values of Standing.
func (Standing) EnumValues() []string { return EnumStrings(Standings) }

// EnumValues lists the valid values of Competency.
func (Competency) EnumValues() []string { return EnumStrings(Competencies) }

// EnumValues lists the valid values of Marketplace.
func (Marketplace) EnumValues() []string { return EnumStrings(Marketplaces) }
