package locator

import (
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// RouteInput is the input of locator.route: a customer's lead and the
// locator profiles of the partners who might take it.
type RouteInput struct {
	Lead Lead `json:"lead" jsonschema:"required"`
	// Partners may be empty (not absent): nobody can take the lead
	// (needs_review).
	Partners []Profile `json:"partners" jsonschema:"required,maxItems=5000" require:"partner/agreement_signed,partner/track,partner/standing"`
}

// Lead is a customer seeking a partner.
type Lead struct {
	// Country is the customer's country.
	Country program.Country `json:"country" jsonschema:"required"`
	// USPublicSector marks a US public-sector customer (country US only):
	// only partners serving the us_pubsec region may take it.
	USPublicSector bool `json:"us_public_sector,omitempty"`
	// Needs lists what the customer needs; an eligible partner offers all.
	Needs []Capability `json:"needs" jsonschema:"required,minItems=1,maxItems=32,uniqueItems=true"`
	// Cloud is the hyperscaler cloud the customer runs on.
	Cloud Cloud `json:"cloud" jsonschema:"required"`
	// Marketplace: the customer wants to buy through its cloud's marketplace.
	Marketplace bool `json:"marketplace,omitempty"`
}

// Profile is a partner's Partner Locator profile: who it is, where it
// works, what it offers and what it can show. It is the input of
// locator.profile and one element of RouteInput.Partners.
type Profile struct {
	// Partner: both operations read its id (the decision names the
	// partner); locator.route also reads agreement_signed, track, standing,
	// competencies and marketplaces.
	Partner program.Partner `json:"partner" jsonschema:"required" require:"id"`
	// Locations are the countries the partner serves, each with or without
	// in-country support.
	Locations []Location `json:"locations,omitempty" jsonschema:"maxItems=300"`
	// Regions are the regions the partner serves as a whole, without
	// in-country support.
	Regions        []Region     `json:"regions,omitempty" jsonschema:"maxItems=32,uniqueItems=true"`
	Capabilities   []Capability `json:"capabilities,omitempty" jsonschema:"maxItems=64"`
	Alliances      []string     `json:"alliances,omitempty" jsonschema:"maxItems=100"`
	SuccessStories []string     `json:"success_stories,omitempty" jsonschema:"maxItems=100"`
}

// Location is a country a partner serves.
type Location struct {
	Country program.Country `json:"country" jsonschema:"required"`
	// InCountrySupport: the partner delivers support inside the country.
	InCountrySupport bool `json:"in_country_support,omitempty"`
}

// RouteDecision says which partners may take a lead and in what order.
type RouteDecision struct {
	Outcome RouteOutcome    `json:"outcome"`
	Reasons program.Reasons `json:"reasons"`
	// Partners are the eligible partners, best first.
	Partners []Candidate `json:"partners,omitempty"`
	// Excluded are the ineligible partners, in input order, each with the
	// eligibility rules it fails: nil (absent) when every partner is eligible.
	Excluded []Miss `json:"excluded,omitempty"`
	// NearestMisses (needs_review only) are the ineligible partners failing
	// the fewest rules, then by the tie-break, at most the policy's
	// nearest_misses.
	NearestMisses []Miss         `json:"nearest_misses,omitempty"`
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Candidate is an eligible partner with its rank and the facts the order
// keys read.
type Candidate struct {
	ID               string        `json:"id"`
	Rank             int           `json:"rank"`
	CloudCompetency  bool          `json:"cloud_competency"`
	InCountrySupport bool          `json:"in_country_support"`
	Track            program.Track `json:"track"`
	MarketplaceFit   bool          `json:"marketplace_fit"`
}

// Miss is an ineligible partner and the eligibility rules it fails, in
// rule order.
type Miss struct {
	ID    string           `json:"id"`
	Rules []program.RuleID `json:"rules"`
}

// eligibility rules, in the order they are checked and reported.
var eligibilityRules = [...]program.RuleID{RuleAgreement, RuleStanding, RuleCoverage, RuleCapability}

const (
	failAgreement = 1 << iota
	failStanding
	failCoverage
	failCapability
)

// Route decides which partners may take the lead in.Lead and in what
// order. It does not read the clock. Bad input returns an error wrapping
// [program.ErrInvalidInput] whose pointers locate the problems in the input
// document.
//
// It works in phases: check the input; find each partner's failed
// eligibility rules (the excluded, with their rules); cite each failed rule
// once with its count; then either the nearest misses or the eligible
// partners in order, and the order keys that applied.
func (p Policy) Route(in RouteInput) (RouteDecision, error) {
	rd, err := p.checked()
	if err != nil {
		return RouteDecision{}, err
	}
	if err := in.check(); err != nil {
		return RouteDecision{}, err
	}
	var w program.ReasonWriter
	lead := &in.Lead
	if lead.USPublicSector && lead.Country != "US" {
		d := RouteDecision{Outcome: NeedsReview, PolicyVersion: p.Version}
		w.Cite(&rules[iPubSecAbroad], program.Applied).N[fCountry] = packCountry(lead.Country)
		d.Reasons = w.Done()
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "route the US public-sector lead abroad by hand"}
		return d, nil
	}
	region := RegionUSPubSec
	if !lead.USPublicSector {
		region = rd.regions[lead.Country]
	}

	// Eligibility: count first, so that each list is allocated once. The
	// masks are scratch without pointers.
	eligible, failures := 0, 0
	var failedBy [len(eligibilityRules)]int
	masks := make([]uint8, len(in.Partners))
	for i := range in.Partners {
		m := rd.failures(&in.Partners[i], lead, region)
		masks[i] = m
		if m == 0 {
			eligible++
			continue
		}
		for k := range eligibilityRules {
			if m&(1<<k) != 0 {
				failures++
				failedBy[k]++
			}
		}
	}
	d := RouteDecision{PolicyVersion: p.Version}
	if n := len(in.Partners) - eligible; n > 0 {
		d.Excluded = make([]Miss, 0, n)
		buf := make([]program.RuleID, 0, failures)
		for i, m := range masks {
			if m == 0 {
				continue
			}
			start := len(buf)
			for k, id := range eligibilityRules {
				if m&(1<<k) != 0 {
					buf = append(buf, id)
				}
			}
			d.Excluded = append(d.Excluded, Miss{ID: in.Partners[i].Partner.ID, Rules: buf[start:len(buf):len(buf)]})
		}
	}
	for k, n := range failedBy {
		if n > 0 {
			citeFailure(&w, rd, k, n, d.Excluded, lead, region)
		}
	}

	if eligible == 0 {
		d.Outcome = NeedsReview
		d.NearestMisses = rd.nearest(d.Excluded)
		f := w.Cite(&rules[iNoneEligible], program.Applied)
		f.N[fCount], f.N[fMisses] = int64(len(in.Partners)), int64(len(d.NearestMisses))
		for i, m := range d.NearestMisses[:min(len(d.NearestMisses), len(f.S))] {
			f.S[i], f.N[fMask+i] = m.ID, int64(ruleMask(m.Rules))
			f.N[fOf]++
		}
		d.Reasons = w.Done()
		d.Next = program.Action{Actor: program.ActorEcosystemOps,
			What: "no partner meets every requirement: route the lead by hand, or ask a nearest miss to close its gap"}
		return d, nil
	}

	// Order: each eligible partner's order keys, input index and order
	// facts packed in one word (scratch without pointers), the words
	// sorted (by the keys, then the tie-break), then the candidates
	// written in order.
	comp, compOn := p.cloudCompetency(lead.Cloud)
	fitOn := lead.Marketplace && lead.Cloud != CloudOther // no AWS or Google marketplace serves another cloud
	var nComp, nInCountry, nFit int
	o := orderer{rd: rd, compOn: compOn, fitOn: fitOn, partners: in.Partners}
	order := make([]uint64, 0, eligible)
	for i, m := range masks {
		if m != 0 {
			continue
		}
		pr := &in.Partners[i]
		c := Candidate{CloudCompetency: compOn && pr.Partner.Has(comp),
			InCountrySupport: pr.inCountry(lead.Country),
			MarketplaceFit:   fitOn && p.fits(pr.Partner, lead.Cloud),
		}
		nComp += b2i(c.CloudCompetency)
		nInCountry += b2i(c.InCountrySupport)
		nFit += b2i(c.MarketplaceFit)
		order = append(order, pack(o.key(&c, pr.Partner.Track), i, &c))
	}
	o.sort(order)
	d.Partners = make([]Candidate, len(order))
	for r, w := range order {
		i, c := unpack(w)
		pr := &in.Partners[i]
		c.ID, c.Rank, c.Track = pr.Partner.ID, r+1, pr.Partner.Track
		d.Partners[r] = c
	}
	d.Outcome = Routed
	cite := func(i int) *program.Facts { return w.Cite(&rules[i], program.Applied) }
	share := func(f *program.Facts, n int) { f.N[fCount], f.N[fOf] = int64(n), int64(eligible) }
	f := cite(iEligible)
	f.N[fCount], f.N[fOf], f.S[0] = int64(eligible), int64(len(in.Partners)), d.Partners[0].ID
	for _, k := range p.Order {
		switch k {
		case KeyCloudCompetency:
			if compOn {
				f := cite(iOrderCloudCompetency)
				share(f, nComp)
				f.N[fKind], f.S[0] = int64(slices.Index(Clouds, lead.Cloud)), string(comp)
			}
		case KeyInCountry:
			f := cite(iOrderInCountry)
			share(f, nInCountry)
			f.N[fCountry] = packCountry(lead.Country)
		case KeyTrack:
			f := cite(iOrderTrack)
			f.N[fCount] = int64(min(len(p.TrackOrder), len(f.S)))
			for i := range int(f.N[fCount]) {
				f.S[i] = string(p.TrackOrder[i])
			}
		case KeyMarketplaceFit:
			if fitOn {
				f := cite(iOrderMarketplace)
				share(f, nFit)
				f.N[fKind] = int64(slices.Index(Clouds, lead.Cloud))
				switch lead.Cloud {
				case CloudAWS:
					f.S[0] = string(p.AWSMarketplace)
				case CloudGoogleCloud:
					f.S[0] = string(p.GoogleCloudMarketplace)
				}
			}
		}
	}
	cite(iOrderTieBreak).N[fKind] = int64(b2i(p.TieBreak == TieBreakInputOrder))
	d.Reasons = w.Done()
	return d, nil
}

// citeFailure records in w that n partners fail eligibility rule k, naming
// the first few of them in this lead's terms.
func citeFailure(w *program.ReasonWriter, rd *ready, k, n int, excluded []Miss, lead *Lead, region Region) {
	f := w.Cite(&rules[k], program.Unmet)
	f.N[fCount] = int64(n)
	switch eligibilityRules[k] {
	case RuleStanding:
		f.N[fKind] = rd.standings
	case RuleCapability:
		f.N[fKind] = mask(lead.Needs, Capabilities)
	case RuleCoverage:
		f.N[fCountry] = packCountry(lead.Country)
		switch {
		case lead.USPublicSector:
			f.N[fKind] = coverPubSector
		case region == "":
			f.N[fKind] = coverCountry
		default:
			f.N[fKind] = coverRegion
			f.N[fRegion] = int64(slices.Index(Regions, region) + 1)
		}
	}
	id := eligibilityRules[k]
	for _, m := range excluded {
		if f.N[fOf] == int64(len(f.S)) {
			break
		}
		if slices.Contains(m.Rules, id) {
			f.S[f.N[fOf]] = m.ID
			f.N[fOf]++
		}
	}
}

// ruleMask is the failure bits of eligibility rules ids.
func ruleMask(ids []program.RuleID) uint8 {
	var m uint8
	for k, id := range eligibilityRules {
		if slices.Contains(ids, id) {
			m |= 1 << k
		}
	}
	return m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// failures returns the eligibility bits pr fails for lead.
func (rd *ready) failures(pr *Profile, lead *Lead, region Region) uint8 {
	var m uint8
	if !pr.Partner.AgreementSigned {
		m |= failAgreement
	}
	if !slices.Contains(rd.src.EligibleStandings, pr.Partner.Standing) {
		m |= failStanding
	}
	if !pr.covers(lead, region) {
		m |= failCoverage
	}
	for _, n := range lead.Needs {
		if !slices.Contains(pr.Capabilities, n) {
			m |= failCapability
			break
		}
	}
	return m
}

// covers reports whether pr serves the lead: its country or its region; a
// US public-sector lead only through the us_pubsec region.
func (pr *Profile) covers(lead *Lead, region Region) bool {
	if region != "" && slices.Contains(pr.Regions, region) {
		return true
	}
	if lead.USPublicSector {
		return false
	}
	for _, l := range pr.Locations {
		if l.Country == lead.Country {
			return true
		}
	}
	return false
}

// inCountry reports whether pr supports customers inside country c.
func (pr *Profile) inCountry(c program.Country) bool {
	for _, l := range pr.Locations {
		if l.Country == c && l.InCountrySupport {
			return true
		}
	}
	return false
}

// cloudCompetency is the competency matching cloud, and whether there is one.
func (p Policy) cloudCompetency(c Cloud) (program.Competency, bool) {
	switch c {
	case CloudAWS:
		return p.AWSCompetency, true
	case CloudGoogleCloud:
		return p.GoogleCloudCompetency, true
	}
	return "", false
}

// fits reports whether partner is enrolled in the marketplace of cloud
// (any marketplace for an unknown cloud; Route does not ask for another
// cloud, which no AWS or Google marketplace serves).
func (p Policy) fits(partner program.Partner, c Cloud) bool {
	switch c {
	case CloudAWS:
		return partner.EnrolledIn(p.AWSMarketplace)
	case CloudGoogleCloud:
		return partner.EnrolledIn(p.GoogleCloudMarketplace)
	}
	return len(partner.Marketplaces) > 0
}

func rankOf(order []program.Track, t program.Track) int {
	if i := slices.Index(order, t); i >= 0 {
		return i
	}
	return len(order)
}

// orderer compares eligible partners by the policy's order keys, most
// significant first, then by the tie-break.
type orderer struct {
	rd            *ready
	compOn, fitOn bool
	partners      []Profile // the input, for the tie-break by ID
}

// key packs c's order keys in policy order, 4 bits each (a key not in
// effect is 0 for everyone), so that a lower key is a better partner.
func (o orderer) key(c *Candidate, track program.Track) uint32 {
	var k uint32
	for _, ok := range o.rd.src.Order {
		var v int
		switch ok {
		case KeyCloudCompetency:
			v = b2i(o.compOn && !c.CloudCompetency)
		case KeyInCountry:
			v = b2i(!c.InCountrySupport)
		case KeyTrack:
			v = min(rankOf(o.rd.src.TrackOrder, track), 15)
		case KeyMarketplaceFit:
			v = b2i(o.fitOn && !c.MarketplaceFit)
		}
		k = k<<4 | uint32(v)
	}
	return k
}

// pack puts an eligible partner's order keys, input index i and order
// facts in one word: keys above i above the three facts, so that words
// order by keys, then input order.
func pack(keys uint32, i int, c *Candidate) uint64 {
	return uint64(keys)<<32 | uint64(i)<<3 |
		uint64(b2i(c.CloudCompetency))<<2 | uint64(b2i(c.InCountrySupport))<<1 | uint64(b2i(c.MarketplaceFit))
}

// unpack is pack's input index and facts.
func unpack(w uint64) (int, Candidate) {
	return int(uint32(w) >> 3), Candidate{CloudCompetency: w&4 != 0, InCountrySupport: w&2 != 0, MarketplaceFit: w&1 != 0}
}

// sort orders eligible partners given as packed words: by the keys, then by partner ID under that tie-break, then
// by input order. Input order alone is the words' own order.
func (o orderer) sort(order []uint64) {
	if o.rd.src.TieBreak != TieBreakPartnerID {
		slices.Sort(order)
		return
	}
	slices.SortFunc(order, func(a, b uint64) int {
		if ka, kb := a>>32, b>>32; ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		if c := strings.Compare(o.partners[uint32(a)>>3].Partner.ID, o.partners[uint32(b)>>3].Partner.ID); c != 0 {
			return c
		}
		return int(uint32(a)>>3) - int(uint32(b)>>3)
	})
}

// nearest returns the ineligible partners failing the fewest rules, then
// by the tie-break, at most the policy's NearestMisses (0: all). excluded
// is in input order.
func (rd *ready) nearest(excluded []Miss) []Miss {
	out := slices.Clone(excluded)
	byID := rd.src.TieBreak == TieBreakPartnerID
	slices.SortStableFunc(out, func(a, b Miss) int {
		if c := len(a.Rules) - len(b.Rules); c != 0 || !byID {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if n := rd.src.NearestMisses; n > 0 && len(out) > n {
		out = out[:n:n]
	}
	return out
}
