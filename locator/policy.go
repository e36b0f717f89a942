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

// Default returns the handbook's policy.
func Default() Policy {
	return Policy{
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
	}
}

// ParsePolicy lays the JSON policy document data over base and validates
// the result. base is not changed.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	p := clonePolicy(base)
	if err := program.DecodeJSON(data, &p); err != nil {
		return Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

func clonePolicy(p Policy) Policy {
	out := p
	out.EligibleStandings = slices.Clone(p.EligibleStandings)
	out.Order = slices.Clone(p.Order)
	out.TrackOrder = slices.Clone(p.TrackOrder)
	out.Regions = slices.Clone(p.Regions)
	for i := range out.Regions {
		out.Regions[i].Areas = slices.Clone(out.Regions[i].Areas)
	}
	return out
}

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
