package distribution

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// Transaction is a sale a partner transacts: who sells and to whom. It is
// the input of [Policy.Territory]; its errors locate problems with JSON
// Pointers into its JSON ("/partner/country").
type Transaction struct {
	// Partner is the transacting partner; its Country places the sale, and
	// nothing else of it is read.
	Partner  program.Partner `json:"partner" jsonschema:"required" require:"country"`
	Customer Customer        `json:"customer"`
}

// Customer is the end customer of a transaction.
type Customer struct {
	// PublicSector marks a government or other public-sector customer. It
	// changes the territory only in the countries of Policy.USPublicSector.
	// Left out, it is false: a customer not marked public sector, as a CRM
	// that records the flag only where it is set exports it.
	PublicSector bool `json:"public_sector,omitempty"`
}

// TerritoryDecision says where a sale belongs and who distributes there.
type TerritoryDecision struct {
	// Outcome is the territory.
	Outcome Territory `json:"outcome"`
	// QuoteRegion is the quote process the partner follows; empty when no
	// territory lists the country.
	QuoteRegion QuoteRegion `json:"quote_region,omitempty"`
	// Distributors serving the country, primaries first, in directory order.
	Distributors  []DirectoryEntry `json:"distributors"`
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

// DirectoryEntry is a distributor as one country sees it.
type DirectoryEntry struct {
	Name    string `json:"name"`
	Site    string `json:"site"`
	Contact string `json:"contact"`
	Role    Role   `json:"role"`
}

// checkPartner records the problems of a transacting partner for a Go
// caller: a malformed value anywhere in it (which the JSON decoder refuses
// too), a missing track where the decision reads it (needTrack), and a
// missing country, which every decision of this package reads. The require
// tags of the inputs say the same to the decoder, which reports missing
// members in the same order.
func checkPartner(pr *program.Problems, pt program.Partner, needTrack bool) {
	pt.Check(pr, "/partner")
	program.RequireMember(pr, "/partner", "track", needTrack && pt.Track == "",
		"the partner's track, which decides between buying directly and through a distributor (select or open)")
	program.RequireMember(pr, "/partner", "country", pt.Country == "",
		"the partner's country, which places the sale (an ISO 3166-1 alpha-2 code such as DE)")
}

// Territory places a transaction: the partner's country decides, except that
// a public-sector customer in one of Policy.USPublicSector's countries makes
// it a US PubSec sale. Only /partner/country and /customer/public_sector are
// read.
func (p Policy) Territory(tx Transaction) (TerritoryDecision, error) {
	rd, err := p.checked()
	if err != nil { // a hand-built or changed policy is checked, not trusted
		return TerritoryDecision{}, err
	}
	p.ready = rd // fresh for the rest of this call
	var pr program.Problems
	checkPartner(&pr, tx.Partner, false)
	if err := pr.Err(); err != nil {
		return TerritoryDecision{}, err
	}
	return p.territory(tx), nil
}

func (p Policy) territory(tx Transaction) TerritoryDecision {
	c := tx.Partner.Country
	d := TerritoryDecision{PolicyVersion: p.Version, Distributors: []DirectoryEntry{}}
	if tx.Customer.PublicSector && slices.Contains(p.USPublicSector, c) {
		d.Outcome, d.QuoteRegion = TerritoryUSPubSec, RegionUSPubSec
		d.Reasons = append(d.Reasons, cite(RuleTerritoryUSPubSec, program.Applied, facts(string(c), "", "")))
	} else if i, area, ok := p.placeOf(c); ok {
		ta := p.Territories[i]
		d.Outcome, d.QuoteRegion = ta.Territory, ta.QuoteRegion
		if area == string(c) {
			d.Reasons = append(d.Reasons, cite(RuleTerritoryCountry, program.Applied, facts(string(c), string(ta.Territory), "")))
		} else {
			d.Reasons = append(d.Reasons, cite(RuleTerritoryRegion, program.Applied, facts(string(c), string(ta.Territory), area)))
		}
	} else {
		d.Outcome = TerritoryNone
		d.Reasons = append(d.Reasons, cite(RuleTerritoryUnlisted, program.Applied, facts(string(c), "", "")))
	}
	for _, role := range Roles {
		for _, dist := range p.Distributors {
			if dist.Role == role && dist.Serves(d.Outcome, c) {
				d.Distributors = append(d.Distributors, DirectoryEntry{Name: dist.Name, Site: dist.Site, Contact: dist.ContactFor(c), Role: dist.Role})
			}
		}
	}
	return d
}

// placeOf finds the first territory area containing c: from the ready
// form's table when p is compiled.
func (p Policy) placeOf(c program.Country) (int, string, bool) {
	if p.fresh() {
		pl, ok := p.ready.places[c]
		return pl.territory, pl.area, ok
	}
	return p.match(c)
}

// match finds the first territory area containing c.
func (p Policy) match(c program.Country) (int, string, bool) {
	r := c.Region()
	for i, t := range p.Territories {
		for _, a := range t.Areas {
			if ar, ok := parseArea(a); ok && ar.Contains(r) {
				return i, a, true
			}
		}
	}
	return 0, "", false
}

// territoryOf is the territory of country c (with a public-sector customer
// when pubsec is set); c must be valid.
func (p Policy) territoryOf(c program.Country, pubsec bool) Territory {
	tx := Transaction{Partner: program.Partner{Country: c}, Customer: Customer{PublicSector: pubsec}}
	return p.territory(tx).Outcome
}
