package locator

import (
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds every key and list the locator rules use. [Default] returns
// the handbook's reading; a user replaces any part with JSON through
// [ParsePolicy].
type Policy struct {
	Version string `json:"version"`
	// EligibleStandings are the standings in which a partner may take a lead
	// ("good standing": good).
	EligibleStandings []program.Standing `json:"eligible_standings"`
	// Order lists the keys that order eligible partners, most significant
	// first; partners equal on all of them are ordered by TieBreak.
	Order []OrderKey `json:"order"`
	// TrackOrder ranks the tracks for the track key, first best.
	TrackOrder []program.Track `json:"track_order"`
	// TieBreak orders partners equal on every key.
	TieBreak TieBreak `json:"tie_break"`
	// AWSCompetency and GoogleCloudCompetency are the competencies that
	// match a lead on AWS and on Google Cloud.
	AWSCompetency         program.Competency `json:"aws_competency"`
	GoogleCloudCompetency program.Competency `json:"google_cloud_competency"`
	// AWSMarketplace and GoogleCloudMarketplace are the marketplace programs
	// that fit a marketplace purchase on AWS and on Google Cloud. On another
	// or an unknown cloud, any enrolment fits.
	AWSMarketplace         program.Marketplace `json:"aws_marketplace"`
	GoogleCloudMarketplace program.Marketplace `json:"google_cloud_marketplace"`
	// Regions place a customer's country in a region, first match wins.
	// A US public-sector lead is in us_pubsec whatever this says.
	Regions []RegionArea `json:"regions"`
	// NearestMisses caps how many ineligible partners a needs_review
	// decision names as the nearest misses; 0 names all.
	NearestMisses int `json:"nearest_misses"`

	ready *ready // see Compile
}

// RegionArea places the countries of some areas in a region.
type RegionArea struct {
	Region Region `json:"region"`
	// Areas are ISO 3166-1 alpha-2 country codes or UN M.49 area codes
	// ("150", Europe).
	Areas []string `json:"areas"`
}

// MaxNearestMisses bounds Policy.NearestMisses.
const MaxNearestMisses = 1000

// Default returns the handbook's policy, compiled.
func Default() Policy {
	p, err := Policy{
		Version:                "locator-2026-11",
		EligibleStandings:      []program.Standing{program.StandingGood},
		Order:                  []OrderKey{KeyCloudCompetency, KeyInCountry, KeyTrack, KeyMarketplaceFit},
		TrackOrder:             []program.Track{program.TrackSelect, program.TrackOpen},
		TieBreak:               TieBreakPartnerID,
		AWSCompetency:          program.CompetencyAWSDevOps,
		GoogleCloudCompetency:  program.CompetencyGoogleCloud,
		AWSMarketplace:         program.MarketplaceAWSCPPO,
		GoogleCloudMarketplace: program.MarketplaceGoogleMCPO,
		Regions: []RegionArea{
			{Region: RegionEMEA, Areas: []string{"150", "002", "145"}},
			{Region: RegionAMER, Areas: []string{"019"}},
			{Region: RegionAPJ, Areas: []string{"142", "009"}},
		},
		NearestMisses: 3,
	}.Compile()
	if err != nil {
		panic("locator: the default policy does not compile: " + err.Error())
	}
	return p
}

// ParsePolicy lays the JSON policy document data over base and compiles
// the result (program.ParsePolicy). base is not changed.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

// Compile checks p once (every problem [Policy.Validate] reports) and
// returns it with its ready form: the region of every country, worked out
// from the policy's areas once. [Default] and [ParsePolicy] return compiled
// policies; a policy built or changed by hand is compiled on each decision
// until Compile is called. A compiled policy notices a changed field or a
// replaced list, but not an element written in place: its lists are
// read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = nil
	rd := &ready{src: p, regions: map[program.Country]Region{}, standings: mask(p.EligibleStandings, program.Standings)}
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			if c := program.Country([]byte{a, b}); c.Valid() {
				if r := p.regionOf(c); r != "" {
					rd.regions[c] = r
				}
			}
		}
	}
	p.ready = rd
	return p, nil
}

// ready is a compiled policy: what decisions read, checked once.
type ready struct {
	src     Policy
	regions map[program.Country]Region // each country's region, if any
	// standings are the eligible standings, by index in program.Standings.
	standings int64
}

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	return p.Version == s.Version && program.SameSlice(p.EligibleStandings, s.EligibleStandings) &&
		program.SameSlice(p.Order, s.Order) && program.SameSlice(p.TrackOrder, s.TrackOrder) &&
		p.TieBreak == s.TieBreak && p.AWSCompetency == s.AWSCompetency &&
		p.GoogleCloudCompetency == s.GoogleCloudCompetency && p.AWSMarketplace == s.AWSMarketplace &&
		p.GoogleCloudMarketplace == s.GoogleCloudMarketplace && program.SameSlice(p.Regions, s.Regions) &&
		p.NearestMisses == s.NearestMisses
}

// checked is p's ready form, compiled now when p has none or has changed
// since.
func (p *Policy) checked() (*ready, error) { return program.Ready(*p, Policy.current) }

// current is p's ready form, when p's fields are as it was compiled from.
func (p Policy) current() (*ready, bool) { return p.ready, p.fresh() }

// Validate reports every problem of p, with pointers into the policy
// document.
func (p Policy) Validate() error {
	var pr program.Problems
	if strings.TrimSpace(p.Version) == "" {
		pr.Add("/version", "required: a name for this policy version")
	}
	if len(p.EligibleStandings) == 0 {
		pr.Add("/eligible_standings", "required: at least one standing")
	}
	for i, s := range p.EligibleStandings {
		f := program.Index("/eligible_standings", i)
		program.CheckEnum(&pr, f, s, "standing", program.Standings)
		if slices.Contains(p.EligibleStandings[:i], s) {
			pr.Add(f, "%s is listed twice", s)
		}
	}
	for i, k := range p.Order {
		f := program.Index("/order", i)
		program.CheckEnum(&pr, f, k, "order key", OrderKeys)
		if slices.Contains(p.Order[:i], k) {
			pr.Add(f, "%s is listed twice", k)
		}
	}
	for i, t := range p.TrackOrder {
		f := program.Index("/track_order", i)
		program.CheckEnum(&pr, f, t, "track", program.Tracks)
		if slices.Contains(p.TrackOrder[:i], t) {
			pr.Add(f, "%s is listed twice", t)
		}
	}
	if len(p.TrackOrder) != len(program.Tracks) {
		pr.Add("/track_order", "must rank every track (select and open) exactly once")
	}
	program.CheckEnum(&pr, "/tie_break", p.TieBreak, "tie-break", TieBreaks)
	program.CheckEnum(&pr, "/aws_competency", p.AWSCompetency, "competency", program.Competencies)
	program.CheckEnum(&pr, "/google_cloud_competency", p.GoogleCloudCompetency, "competency", program.Competencies)
	program.CheckEnum(&pr, "/aws_marketplace", p.AWSMarketplace, "marketplace", program.Marketplaces)
	program.CheckEnum(&pr, "/google_cloud_marketplace", p.GoogleCloudMarketplace, "marketplace", program.Marketplaces)
	for i, r := range p.Regions {
		f := program.Index("/regions", i)
		program.CheckEnum(&pr, program.Path(f, "region"), r.Region, "region", Regions)
		if r.Region == RegionUSPubSec {
			pr.Add(program.Path(f, "region"), "us_pubsec is chosen by the lead's us_public_sector, not by area")
		}
		if len(r.Areas) == 0 {
			pr.Add(program.Path(f, "areas"), "required: at least one country or UN M.49 area code")
		}
		for j, a := range r.Areas {
			if _, ok := parseArea(a); !ok {
				pr.Add(program.Index(program.Path(f, "areas"), j), "%q is not a country code (DE) or UN M.49 area code (150)", a)
			}
		}
	}
	if p.NearestMisses < 0 || p.NearestMisses > MaxNearestMisses {
		pr.Add("/nearest_misses", "%d is outside 0..%d", p.NearestMisses, MaxNearestMisses)
	}
	return pr.Err()
}

// parseArea reads a country code or a UN M.49 area code.
func parseArea(a string) (language.Region, bool) {
	if c := program.Country(a); c.Valid() {
		return c.Region(), true
	}
	if len(a) != 3 || strings.Trim(a, "0123456789") != "" {
		return language.Region{}, false
	}
	r, err := language.ParseRegion(a)
	if err != nil || r.IsCountry() {
		return language.Region{}, false
	}
	return r, true
}

// regionOf is the region of country c: the first policy entry one of whose
// areas is or contains c; "" when none does.
func (p Policy) regionOf(c program.Country) Region {
	cr := c.Region()
	for _, ra := range p.Regions {
		for _, a := range ra.Areas {
			if r, ok := parseArea(a); ok && (r == cr || r.Contains(cr)) {
				return ra.Region
			}
		}
	}
	return ""
}
