package locator

import (
	"fmt"
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
	Partners []Profile `json:"partners" jsonschema:"required" require:"partner/track,partner/standing"`
}

// Lead is a customer seeking a partner.
type Lead struct {
	// Country is the customer's country.
	Country program.Country `json:"country" jsonschema:"required"`
	// USPublicSector marks a US public-sector customer (country US only):
	// only partners serving the us_pubsec region may take it.
	USPublicSector bool `json:"us_public_sector,omitempty"`
	// Needs lists what the customer needs; an eligible partner offers all.
	Needs []Capability `json:"needs" jsonschema:"required,minItems=1,uniqueItems=true"`
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
	Locations []Location `json:"locations,omitempty"`
	// Regions are the regions the partner serves as a whole, without
	// in-country support.
	Regions        []Region     `json:"regions,omitempty" jsonschema:"uniqueItems=true"`
	Capabilities   []Capability `json:"capabilities,omitempty"`
	Alliances      []string     `json:"alliances,omitempty"`
	SuccessStories []string     `json:"success_stories,omitempty"`
}

// Location is a country a partner serves.
type Location struct {
	Country program.Country `json:"country" jsonschema:"required"`
	// InCountrySupport: the partner delivers support inside the country.
	InCountrySupport bool `json:"in_country_support,omitempty"`
}

// RouteDecision says which partners may take a lead and in what order.
type RouteDecision struct {
	Outcome RouteOutcome     `json:"outcome"`
	Reasons []program.Reason `json:"reasons"`
	// Partners are the eligible partners, best first.
	Partners []Candidate `json:"partners,omitempty"`
	// Excluded are the ineligible partners, in input order, each with the
	// eligibility rules it fails.
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

// cand is an eligible partner while ordering: key packs the policy's
// order keys, most significant first, lower better.
type cand struct {
	key       uint32
	idx       int32
	comp      bool
	inCountry bool
	fit       bool
}

// Route decides which partners may take the lead in.Lead and in what
// order. It does not read the clock. Bad input returns an error wrapping
// [program.ErrInvalidInput] whose pointers locate the problems in the input
// document.
func (p Policy) Route(in RouteInput) (RouteDecision, error) {
	if err := in.check(); err != nil {
		return RouteDecision{}, err
	}
	lead := in.Lead
	region := RegionUSPubSec
	if !lead.USPublicSector {
		region = p.regionOf(lead.Country)
	}
	comp, compOn := p.cloudCompetency(lead.Cloud)
	fitOn := lead.Marketplace

	masks := make([]uint8, len(in.Partners))
	eligible, failures := 0, 0
	var failedBy [len(eligibilityRules)]int
	for i := range in.Partners {
		m := p.failures(&in.Partners[i], lead, region)
		masks[i] = m
		if m == 0 {
			eligible++
			continue
		}
		for b := range eligibilityRules {
			if m&(1<<b) != 0 {
				failures++
				failedBy[b]++
			}
		}
	}

	d := RouteDecision{PolicyVersion: p.Version}
	d.Reasons = make([]program.Reason, 0, len(eligibilityRules)+2+len(p.Order))
	if n := len(in.Partners) - eligible; n > 0 {
		d.Excluded = make([]Miss, 0, n)
		buf := make([]program.RuleID, 0, failures)
		for i, m := range masks {
			if m == 0 {
				continue
			}
			start := len(buf)
			for b, id := range eligibilityRules {
				if m&(1<<b) != 0 {
					buf = append(buf, id)
				}
			}
			d.Excluded = append(d.Excluded, Miss{ID: in.Partners[i].Partner.ID, Rules: buf[start:len(buf):len(buf)]})
		}
	}
	for b, id := range eligibilityRules {
		if failedBy[b] > 0 {
			d.Reasons = append(d.Reasons, reason(id, p.failureText(id, failedBy[b], d.Excluded, lead, region)))
		}
	}

	if eligible == 0 {
		d.Outcome = NeedsReview
		d.NearestMisses = p.nearest(d.Excluded, in.Partners)
		d.Reasons = append(d.Reasons, reason(RuleNoneEligible, noneText(len(in.Partners), d.NearestMisses)))
		d.Next = program.Action{Actor: program.ActorEcosystemOps,
			What: "no partner meets every requirement: route the lead by hand, or ask a nearest miss to close its gap"}
		return d, nil
	}

	cs := make([]cand, 0, eligible)
	for i, m := range masks {
		if m != 0 {
			continue
		}
		pr := &in.Partners[i]
		c := cand{
			idx:       int32(i),
			comp:      compOn && pr.Partner.Has(comp),
			inCountry: pr.inCountry(lead.Country),
			fit:       fitOn && p.fits(pr.Partner, lead.Cloud),
		}
		c.key = p.sortKey(c, rankOf(p.TrackOrder, pr.Partner.Track), compOn, fitOn)
		cs = append(cs, c)
	}
	o := orderer{p: &p, partners: in.Partners}
	slices.SortFunc(cs, o.compare)
	d.Outcome = Routed
	d.Partners = make([]Candidate, len(cs))
	var nComp, nInCountry, nFit int
	for r, c := range cs {
		pr := &in.Partners[c.idx].Partner
		d.Partners[r] = Candidate{ID: pr.ID, Rank: r + 1, CloudCompetency: c.comp, InCountrySupport: c.inCountry, Track: pr.Track, MarketplaceFit: c.fit}
		nComp += b2i(c.comp)
		nInCountry += b2i(c.inCountry)
		nFit += b2i(c.fit)
	}
	d.Reasons = append(d.Reasons, reason(RuleEligible, fmt.Sprintf("%d of %d partners may take the lead; first: %s", eligible, len(in.Partners), d.Partners[0].ID)))
	for _, k := range p.Order {
		switch k {
		case KeyCloudCompetency:
			if compOn {
				d.Reasons = append(d.Reasons, reason(RuleOrderCloudCompetency, fmt.Sprintf("customer on %s: partners holding the %s competency first (%d of %d eligible)", lead.Cloud, comp, nComp, eligible)))
			}
		case KeyInCountry:
			d.Reasons = append(d.Reasons, reason(RuleOrderInCountry, fmt.Sprintf("partners with in-country support in %s before region-only support (%d of %d eligible)", lead.Country, nInCountry, eligible)))
		case KeyTrack:
			d.Reasons = append(d.Reasons, reason(RuleOrderTrack, "by track: "+joinTracks(p.TrackOrder)))
		case KeyMarketplaceFit:
			if fitOn {
				d.Reasons = append(d.Reasons, reason(RuleOrderMarketplace, fmt.Sprintf("customer buys through a marketplace: partners enrolled in %s first (%d of %d eligible)", p.marketplaceText(lead.Cloud), nFit, eligible)))
			}
		}
	}
	tb := "partner ID ascending"
	if p.TieBreak == TieBreakInputOrder {
		tb = "their order in the input"
	}
	d.Reasons = append(d.Reasons, reason(RuleOrderTieBreak, "partners equal on every key are ordered by "+tb))
	return d, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// failures returns the eligibility bits pr fails for lead.
func (p Policy) failures(pr *Profile, lead Lead, region Region) uint8 {
	var m uint8
	if !pr.Partner.AgreementSigned {
		m |= failAgreement
	}
	if !slices.Contains(p.EligibleStandings, pr.Partner.Standing) {
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
func (pr *Profile) covers(lead Lead, region Region) bool {
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
// (any marketplace for another or unknown cloud).
func (p Policy) fits(partner program.Partner, c Cloud) bool {
	switch c {
	case CloudAWS:
		return partner.EnrolledIn(p.AWSMarketplace)
	case CloudGoogleCloud:
		return partner.EnrolledIn(p.GoogleCloudMarketplace)
	}
	return len(partner.Marketplaces) > 0
}

func (p Policy) marketplaceText(c Cloud) string {
	switch c {
	case CloudAWS:
		return string(p.AWSMarketplace)
	case CloudGoogleCloud:
		return string(p.GoogleCloudMarketplace)
	}
	return "any marketplace program (the cloud is " + string(c) + ")"
}

func rankOf(order []program.Track, t program.Track) int {
	if i := slices.Index(order, t); i >= 0 {
		return i
	}
	return len(order)
}

func joinTracks(ts []program.Track) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(" before ")
		}
		b.WriteString(string(t))
	}
	return b.String()
}

// sortKey packs c's order keys in policy order, 4 bits each (a key not in
// effect is 0 for everyone), so that a lower key is a better partner.
func (p Policy) sortKey(c cand, track int, compOn, fitOn bool) uint32 {
	var k uint32
	for _, o := range p.Order {
		var v int
		switch o {
		case KeyCloudCompetency:
			v = b2i(compOn && !c.comp)
		case KeyInCountry:
			v = b2i(!c.inCountry)
		case KeyTrack:
			v = min(track, 15)
		case KeyMarketplaceFit:
			v = b2i(fitOn && !c.fit)
		}
		k = k<<4 | uint32(v)
	}
	return k
}

// orderer compares eligible partners by their packed keys, then the
// tie-break.
type orderer struct {
	p        *Policy
	partners []Profile
}

func (o orderer) compare(a, b cand) int {
	if a.key != b.key {
		if a.key < b.key {
			return -1
		}
		return 1
	}
	return o.tie(int(a.idx), int(b.idx))
}

// tie orders the partners at input indexes i and j by the tie-break.
func (o orderer) tie(i, j int) int {
	if o.p.TieBreak == TieBreakPartnerID {
		if c := strings.Compare(o.partners[i].Partner.ID, o.partners[j].Partner.ID); c != 0 {
			return c
		}
	}
	return i - j
}

// nearest returns the ineligible partners failing the fewest rules, then
// by the tie-break, at most p.NearestMisses (0: all).
func (p Policy) nearest(excluded []Miss, partners []Profile) []Miss {
	type im struct {
		idx int
		m   Miss
	}
	all := make([]im, 0, len(excluded))
	k := 0
	for i := range partners {
		if k < len(excluded) && partners[i].Partner.ID == excluded[k].ID {
			all = append(all, im{i, excluded[k]})
			k++
		}
	}
	o := orderer{p: &p, partners: partners}
	slices.SortStableFunc(all, func(a, b im) int {
		if c := len(a.m.Rules) - len(b.m.Rules); c != 0 {
			return c
		}
		return o.tie(a.idx, b.idx)
	})
	n := len(all)
	if p.NearestMisses > 0 && n > p.NearestMisses {
		n = p.NearestMisses
	}
	out := make([]Miss, n)
	for i := range out {
		out[i] = all[i].m
	}
	return out
}

// failureText says which partners fail eligibility rule id, and why, in
// this lead's terms.
func (p Policy) failureText(id program.RuleID, n int, excluded []Miss, lead Lead, region Region) string {
	var what string
	switch id {
	case RuleAgreement:
		what = "have not signed the partner agreement"
	case RuleStanding:
		what = "are not in an eligible standing (" + joinStandings(p.EligibleStandings) + ")"
	case RuleCoverage:
		switch {
		case lead.USPublicSector:
			what = "do not serve the US public sector (region us_pubsec)"
		case region == "":
			what = "do not serve " + string(lead.Country)
		default:
			what = "serve neither " + string(lead.Country) + " nor its region " + string(region)
		}
	case RuleCapability:
		what = "do not offer every capability the lead needs (" + joinCaps(lead.Needs) + ")"
	}
	var ids []string
	for _, m := range excluded {
		if len(ids) == 5 {
			break
		}
		if slices.Contains(m.Rules, id) {
			ids = append(ids, m.ID)
		}
	}
	more := ""
	if n > len(ids) {
		more = fmt.Sprintf(" and %d more", n-len(ids))
	}
	return fmt.Sprintf("%d partner(s) %s: %s%s", n, what, strings.Join(ids, ", "), more)
}

func noneText(total int, nearest []Miss) string {
	if total == 0 {
		return "no partner profiles were given: nobody can take the lead"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "none of %d partners may take the lead; nearest misses:", total)
	for i, m := range nearest {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s (", m.ID)
		for j, r := range m.Rules {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strings.TrimPrefix(string(r), "locator.eligibility."))
		}
		b.WriteString(")")
	}
	return b.String()
}

func joinStandings(s []program.Standing) string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}

func joinCaps(c []Capability) string {
	out := make([]string, len(c))
	for i, v := range c {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
