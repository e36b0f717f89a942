package distribution

import "github.com/channelpolicy/channelpolicy/program"

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
	Reasons       program.Reasons  `json:"reasons"`
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
// members in the same order. It allocates only for a problem.
func checkPartner(pt *program.Partner, needTrack bool) error {
	var pr program.Problems
	pt.Check(&pr, "/partner")
	program.RequireMember(&pr, "/partner", "track", needTrack && pt.Track == "",
		"the partner's track, which decides between buying directly and through a distributor (select or open)")
	program.RequireMember(&pr, "/partner", "country", pt.Country == "",
		"the partner's country, which places the sale (an ISO 3166-1 alpha-2 code such as DE)")
	return pr.Err()
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
	if err := checkPartner(&tx.Partner, false); err != nil {
		return TerritoryDecision{}, err
	}
	c := tx.Partner.Country
	s := rd.seat(c, tx.Customer.PublicSector)
	d := TerritoryDecision{Outcome: s.territory, QuoteRegion: s.region, PolicyVersion: p.Version,
		Distributors: append(make([]DirectoryEntry, 0, len(s.dists)), s.dists...)}
	var w program.ReasonWriter
	s.reason(&w, c)
	d.Reasons = w.Done()
	return d, nil
}
