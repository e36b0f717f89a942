package distribution

import (
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/channelpolicy/channelpolicy/program"
)

// Compile checks p once (every problem [Policy.Validate] reports: the
// e-mail addresses, URLs, areas and calendars) and returns it with its
// ready form: where every country's sales go (territory, quote region, the
// area that holds it, its distributors with their contacts for it), the
// marketplaces' territories, and the quote calendars built. [Default] and
// [ParsePolicy] return compiled policies; a policy built or changed by
// hand is compiled on each decision until Compile is called. A compiled
// policy notices a changed field or a replaced list, but not an element
// written in place: its lists are read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = p.compile()
	return p, nil
}

// ready is a compiled policy: what decisions read, checked once. Nothing
// writes to it once built, so decisions share it.
type ready struct {
	src Policy // the fields it was compiled from, without a ready form
	// place[pubsec][code] is 1 + the index in seats of a valid country
	// code's seat (code: (c[0]-'A')*26 + c[1]-'A'), for a customer that is
	// public sector or not; 0 for a code that is not a country.
	place [2][26 * 26]uint16
	seats []seat
	// markets are the policy's marketplaces, in order, each with the
	// territories it may be used in (a bit per index in Territories).
	markets []market
	// apj and sales count the quote turnarounds; nil where there is none.
	apj, sales *quoteClock
}

// seat is where one country's sales go.
type seat struct {
	territory Territory
	terr      uint8 // territory's index in Territories
	region    QuoteRegion
	rule      *program.Rule // the territory rule that placed it
	// s1 and s2 are the territory reason's facts after the country: the
	// territory (for a listed country or area) and the area.
	s1, s2 string
	// dists are the distributors serving the country: primaries, then
	// alternatives, in directory order, each with its contact there.
	dists []DirectoryEntry
	// unassigned is, for a country in no territory, what ecosystem ops
	// must decide for its quotes.
	unassigned string
}

// market is a marketplace and the territories it may be used in.
type market struct {
	id          program.Marketplace
	name        string
	territories uint8
}

// compile builds p's ready form; p must be valid.
func (p Policy) compile() *ready {
	rd := &ready{src: p}
	rd.src.ready = nil
	areas := p.areas()
	shared := map[string][]DirectoryEntry{} // one list per distinct set of entries
	var key []byte
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			c := program.Country([]byte{a, b})
			if !c.Valid() {
				continue
			}
			code := int(a-'A')*26 + int(b-'A')
			for ps, pubsec := range []bool{false, true} {
				if pubsec && !slices.Contains(p.USPublicSector, c) {
					rd.place[ps][code] = rd.place[0][code]
					continue
				}
				l := p.locate(c, pubsec, areas)
				s := seat{territory: l.territory, terr: uint8(slices.Index(Territories, l.territory)), region: l.region, rule: l.rule}
				switch l.rule {
				case &ruleTerritoryCountry:
					s.s1 = string(l.territory)
				case &ruleTerritoryRegion:
					s.s1, s.s2 = string(l.territory), l.area
				case &ruleTerritoryUnlisted:
					s.unassigned = "decide which quote process applies to partners in " + string(c)
				}
				key = key[:0]
				var dists []DirectoryEntry
				for _, role := range Roles {
					for k, d := range p.Distributors {
						if d.Role == role && d.Serves(s.territory, c) {
							e := DirectoryEntry{Name: d.Name, Site: d.Site, Contact: d.ContactFor(c), Role: d.Role}
							dists = append(dists, e)
							key = append(append(append(key, byte(k), byte(k>>8)), e.Contact...), 0)
						}
					}
				}
				if old, ok := shared[string(key)]; ok {
					dists = old
				} else {
					shared[string(key)] = dists
				}
				s.dists = dists
				rd.seats = append(rd.seats, s)
				rd.place[ps][code] = uint16(len(rd.seats))
			}
		}
	}
	for _, m := range p.Marketplaces {
		mk := market{id: m.ID, name: m.Name, territories: 1<<len(Territories) - 1}
		if len(m.Territories) > 0 {
			mk.territories = 0
			for _, t := range m.Territories {
				mk.territories |= 1 << slices.Index(Territories, t)
			}
		}
		rd.markets = append(rd.markets, mk)
	}
	rd.apj = p.Quotes.APJ.ready("/quotes/apj")
	rd.sales = p.Quotes.SalesTeam.ready("/quotes/sales_team")
	return rd
}

// ready is the clock counting q's turnaround, or nil for none; q must be
// valid.
func (q QuoteProcess) ready(pointer string) *quoteClock {
	if q.TurnaroundHours <= 0 {
		return nil
	}
	c, err := q.Calendar.Ready(program.Path(pointer, "calendar"))
	if err != nil { // Validate checked it: unreachable
		panic("distribution: a validated calendar is not ready: " + err.Error())
	}
	return &quoteClock{loc: c.Location(), hours: time.Duration(q.TurnaroundHours) * time.Hour, cal: c}
}

// seat is where a sale in country c goes; c must be a valid code.
func (rd *ready) seat(c program.Country, pubsec bool) *seat {
	i := 0
	if pubsec {
		i = 1
	}
	return &rd.seats[rd.place[i][int(c[0]-'A')*26+int(c[1]-'A')]-1]
}

// reason cites, in w, the territory rule that placed a sale in s, partner
// country c.
func (s *seat) reason(w *program.ReasonWriter, c program.Country) {
	f := w.Cite(s.rule, program.Applied)
	f.S = [3]string{string(c), s.s1, s.s2}
}

// quoteProcess is the quote process of region with the calendar counting
// its turnaround, and nil for no region (a country in no territory).
func (p *Policy) quoteProcess(rd *ready, r QuoteRegion) (*QuoteProcess, *quoteClock) {
	switch r {
	case "":
		return nil, nil
	case RegionAPJ:
		return &p.Quotes.APJ, rd.apj
	default:
		return &p.Quotes.SalesTeam, rd.sales
	}
}

// area is one parsed entry of a territory's areas.
type area struct {
	territory int // index in Policy.Territories
	code      string
	region    language.Region
}

// areas parses the territories' areas once, in order, leaving out those
// that do not parse (Validate reports them).
func (p Policy) areas() []area {
	var out []area
	for i, t := range p.Territories {
		for _, a := range t.Areas {
			if r, ok := parseArea(a); ok {
				out = append(out, area{i, a, r})
			}
		}
	}
	return out
}

// location is where a country's sales go, and the rule that says so.
type location struct {
	territory Territory
	region    QuoteRegion
	area      string
	rule      *program.Rule
}

// locate places country c (valid) with a public-sector customer or not:
// US PubSec for a public-sector customer in a US public-sector country,
// else the first area containing c, else no territory.
func (p Policy) locate(c program.Country, pubsec bool, areas []area) location {
	if pubsec && slices.Contains(p.USPublicSector, c) {
		return location{TerritoryUSPubSec, RegionUSPubSec, "", &ruleTerritoryUSPubSec}
	}
	r := c.Region()
	for _, a := range areas {
		if a.region.Contains(r) {
			t := p.Territories[a.territory]
			if a.code == string(c) {
				return location{t.Territory, t.QuoteRegion, a.code, &ruleTerritoryCountry}
			}
			return location{t.Territory, t.QuoteRegion, a.code, &ruleTerritoryRegion}
		}
	}
	return location{territory: TerritoryNone, rule: &ruleTerritoryUnlisted}
}

// clone copies a policy with lists of its own ([program.DeepCopy]) and,
// when p's ready form is fresh, the same lookup tables, fresh for the copy.
func (p Policy) clone() Policy {
	q := program.DeepCopy(p)
	if p.fresh() {
		rd := *p.ready
		rd.src = q
		rd.src.ready = nil
		q.ready = &rd
	} else {
		q.ready = nil
	}
	return q
}

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	return p.Version == s.Version && program.SameSlice(p.Territories, s.Territories) &&
		program.SameSlice(p.USPublicSector, s.USPublicSector) && program.SameSlice(p.Distributors, s.Distributors) &&
		program.SameSlice(p.Marketplaces, s.Marketplaces) && p.SelectMayUseDistributors == s.SelectMayUseDistributors &&
		p.Quotes.APJ.same(&s.Quotes.APJ) && p.Quotes.SalesTeam.same(&s.Quotes.SalesTeam) &&
		program.SameSlice(p.Orders.EULARequiredFor, s.Orders.EULARequiredFor) && p.Orders.DefaultEULAMethod == s.Orders.DefaultEULAMethod
}

func (q *QuoteProcess) same(r *QuoteProcess) bool {
	a, b := &q.Calendar, &r.Calendar
	return program.SameSlice(q.Steps, r.Steps) && q.Recipient == r.Recipient && q.PurchaseOrdersTo == r.PurchaseOrdersTo &&
		q.TurnaroundHours == r.TurnaroundHours && a.TimeZone == b.TimeZone && program.SameSlice(a.Workdays, b.Workdays) &&
		a.WorkdayStart == b.WorkdayStart && a.WorkdayEnd == b.WorkdayEnd && a.HolidaySet == b.HolidaySet &&
		program.SameSlice(a.Holidays, b.Holidays)
}

// checked is p's ready form, compiled now when p has none or has changed
// since: a decision's first step, and its only look at the policy's
// validity.
func (p *Policy) checked() (*ready, error) { return program.Ready(*p, Policy.current) }

// current is p's ready form, when p's fields are as it was compiled from.
func (p Policy) current() (*ready, bool) { return p.ready, p.fresh() }
