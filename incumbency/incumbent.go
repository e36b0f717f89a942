package incumbency

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/channelpolicy/channelpolicy/program"
)

// Customer is what the package knows of one customer: its sales and the
// communications in which it named a partner.
type Customer struct {
	ID             string          `json:"id,omitempty"`
	Sales          []Sale          `json:"sales" jsonschema:"maxItems=5000"`
	Communications []Communication `json:"communications,omitempty" jsonschema:"maxItems=5000"`
}

// Sale is one transaction with the customer.
type Sale struct {
	// Partner is the ID of the partner that transacted the sale.
	Partner     string       `json:"partner" jsonschema:"required,pattern=^[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]([\\s\\S]*[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?$"`
	Date        program.Date `json:"date" jsonschema:"required"`
	Opportunity string       `json:"opportunity,omitempty"`
}

// Communication is a customer's statement naming a partner as the one it
// wants to work with.
type Communication struct {
	// Partner is the ID of the partner the customer names.
	Partner string       `json:"partner" jsonschema:"required,pattern=^[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]([\\s\\S]*[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?$"`
	Date    program.Date `json:"date" jsonschema:"required"`
	Form    Form         `json:"form" jsonschema:"required"`
}

// IncumbentDecision says who the customer's incumbent partner is.
type IncumbentDecision struct {
	Outcome IncumbentOutcome `json:"outcome"`
	// Partner is the incumbent, set only when Outcome is [Incumbent].
	Partner string `json:"partner,omitempty"`
	// Since is the date of the sale or communication that made Partner the
	// incumbent.
	Since program.Date `json:"since,omitzero"`
	// Candidates are the partners a reviewer chooses between (sorted), set
	// only when Outcome is [IncumbentNeedsReview].
	Candidates    []string        `json:"candidates,omitempty"`
	Reasons       program.Reasons `json:"reasons"`
	Next          program.Action  `json:"next,omitzero"`
	PolicyVersion string          `json:"policy_version"`
}

// check records every problem of c, each at its JSON Pointer below ptr, the
// pointer of c in the document ("" when c is the document).
func (c Customer) check(p *program.Problems, ptr string) {
	// Pointers are built only for faulty elements: most input is valid.
	for i, s := range c.Sales {
		if blank(s.Partner) || !s.Date.Valid() {
			f := p.Index(p.Path(ptr, "sales"), i)
			checkPartnerID(p, p.Path(f, "partner"), s.Partner)
			checkDate(p, p.Path(f, "date"), s.Date)
		}
	}
	for i, m := range c.Communications {
		if !blank(m.Partner) && m.Date.Valid() && m.Form.Valid() {
			continue
		}
		f := p.Index(p.Path(ptr, "communications"), i)
		checkPartnerID(p, p.Path(f, "partner"), m.Partner)
		checkDate(p, p.Path(f, "date"), m.Date)
		program.CheckEnum(p, p.Path(f, "form"), m.Form, "form", Forms)
	}
}

// blank reports whether a partner ID is unusable: empty, or with spaces
// around it, which would make "acme" and "acme " two partners.
func blank(id string) bool {
	if id == "" {
		return true
	}
	if a, z := id[0], id[len(id)-1]; ' ' < a && a < utf8.RuneSelf && ' ' < z && z < utf8.RuneSelf {
		return false // the usual ID: neither end is a space
	}
	if a, z := id[0], id[len(id)-1]; a < utf8.RuneSelf && z < utf8.RuneSelf {
		return asciiSpace(a) || asciiSpace(z) // what TrimSpace trims of ASCII
	}
	return strings.TrimSpace(id) != id
}

func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func checkPartnerID(p *program.Problems, ptr, id string) {
	switch {
	case strings.TrimSpace(id) == "":
		p.Add(ptr, "required: the partner's ID")
	case strings.TrimSpace(id) != id:
		p.Add(ptr, "%q has spaces around it; IDs are compared exactly", id)
	}
}

func checkDate(p *program.Problems, ptr string, d program.Date) {
	switch {
	case d.IsZero():
		p.Add(ptr, "required: a date (YYYY-MM-DD)")
	case !d.Valid():
		p.Add(ptr, "%04d-%02d-%02d is not a date", d.Year, int(d.Month), d.Day)
	}
}

// Incumbent decides which partner is the customer's incumbent: the partner of
// the most recent sale, unless a formal written communication from the
// customer dated after that sale (a strictly later date) names a partner, in
// which case the latest such communication decides. A communication dated
// the day of the sale moves nothing. Partners that tie on the deciding day
// (two sellers on the last sale day, or two communications naming different
// partners on the latest day) give needs_review. Communications that are
// not formal and written are ignored.
//
// Bad input is an error whose problems are located by JSON Pointers into the
// customer document ("/sales/1/partner"). A policy that fails
// [Policy.Validate] is reported instead, by pointers into the policy.
func (pol Policy) Incumbent(c Customer) (IncumbentDecision, error) {
	var p program.Problems
	c.check(&p, "")
	rd, err := pol.prepare(&p)
	if err != nil {
		return IncumbentDecision{}, err
	}
	return rd.incumbent(c), nil
}

// history is what the ranking phase finds in a valid customer's records:
// everything the incumbent and the reasons are decided from. Its lists of
// partner IDs are sorted and without repeats.
type history struct {
	sold       bool
	lastSale   latestDay // the most recent sale day, and who sold on it
	before     int       // formal written communications dated before it
	onSaleDay  nameList  // partners formal written communications of that day name
	lastLetter latestDay // formal written communications after it: the latest
	formal     nameList  // without a sale: partners formal communications name
	informal   nameList  // partners other communications name

	outcome IncumbentOutcome
	partner string
	since   program.Date
}

// incumbent decides a valid customer: rank its records, then explain.
func (rd *ready) incumbent(c Customer) IncumbentDecision {
	var h history
	h.rank(c)
	var w program.ReasonWriter
	var long longNames
	d := h.explain(rd.src.Version, &w, &long)
	d.Reasons = w.Done()
	return d
}

// rank finds the latest dated events and the incumbent they decide.
func (h *history) rank(c Customer) {
	h.sold = len(c.Sales) > 0
	for _, s := range c.Sales {
		h.lastSale.add(s.Date, s.Partner)
	}
	last := h.lastSale.day
	// Only a communication dated strictly after the most recent sale moves
	// incumbency (or settles a same-day tie); one on the sale day does not.
	for _, m := range c.Communications {
		switch {
		case m.Form != FormFormalWritten:
		case !h.sold:
			h.formal.add(m.Partner)
		case m.Date.Before(last):
			h.before++
		case m.Date == last:
			h.onSaleDay.add(m.Partner)
		default:
			h.lastLetter.add(m.Date, m.Partner)
		}
	}
	sellers, named := &h.lastSale.partners, &h.lastLetter.partners
	switch {
	case !h.sold && h.formal.n == 0:
		h.outcome = NoIncumbent
	case named.n == 1:
		h.outcome, h.partner, h.since = Incumbent, named.first(), h.lastLetter.day
	case !h.sold || named.n > 1 || sellers.n > 1:
		h.outcome = IncumbentNeedsReview
	default:
		h.outcome, h.partner, h.since = Incumbent, sellers.first(), last
	}
	h.onSaleDay.remove(h.partner)
	for _, m := range c.Communications {
		if m.Form != FormFormalWritten && m.Partner != h.partner {
			h.informal.add(m.Partner)
		}
	}
}

// candidates are the partners a review chooses between.
func (h *history) candidates() []string {
	switch {
	case !h.sold:
		return h.formal.list()
	case h.lastLetter.partners.n > 1:
		return h.lastLetter.partners.list()
	}
	return h.lastSale.partners.list()
}

// explain writes the decision, and its reasons into w, their lists of
// partner IDs too long for a reason into long.
func (h *history) explain(version string, w *program.ReasonWriter, long *longNames) IncumbentDecision {
	d := IncumbentDecision{Outcome: h.outcome, Partner: h.partner, Since: h.since, PolicyVersion: version}
	cite := func(r *program.Rule) *program.Facts { return w.Cite(r, program.Applied) }
	last, sellers := h.lastSale.day, &h.lastSale.partners
	letter, named := h.lastLetter.day, &h.lastLetter.partners
	switch {
	case !h.sold:
		cite(&ruleNoSales)
		if h.formal.n > 0 {
			long.setNames(cite(&ruleLetterWithoutSale), 0, h.formal.list())
		}
	case sellers.n == 1:
		cite(&ruleLastSale).SetString(0, sellers.first()).SetDate(0, last)
	default:
		long.setNames(cite(&ruleSameDaySales).SetDate(0, last), 0, sellers.list())
	}
	if h.before > 0 {
		cite(&ruleLetterBeforeSale).SetInt(0, h.before).SetDate(1, last)
	}
	if h.onSaleDay.n > 0 {
		long.setNames(cite(&ruleLetterOnSaleDay).SetDate(0, last), 0, h.onSaleDay.list())
	}
	switch {
	case named.n == 1:
		f := cite(&ruleWrittenTransfer).SetDate(0, letter).SetDate(1, last).SetString(0, named.first())
		if sellers.n == 1 && sellers.first() == named.first() {
			f.V = transferConfirms
		}
	case named.n > 1:
		long.setNames(cite(&ruleSameDayConflict).SetDate(0, letter), 0, named.list())
	}
	if h.informal.n > 0 {
		long.setNames(cite(&ruleInformalIgnored), 0, h.informal.list())
	}
	if h.outcome == IncumbentNeedsReview {
		d.Candidates = slices.Clone(h.candidates())
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: reviewIncumbent(d.Candidates)}
	}
	return d
}

// Variants of the written-transfer reason.
const (
	transferMoves    = 0 // after the sale, it names the incumbent
	transferConfirms = 1 // it names the partner of the most recent sale
)

// reviewIncumbent says what a person decides when the records do not.
func reviewIncumbent(candidates []string) string {
	b := append(make([]byte, 0, 128), "decide the incumbent from the customer's sales records and written communications: "...)
	for i, c := range candidates {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c...)
	}
	return string(b)
}

// latestDay is the latest day of some dated events and the partners they
// name on it.
type latestDay struct {
	day      program.Date
	partners nameList
}

// add counts an event of day naming partner.
func (l *latestDay) add(day program.Date, partner string) {
	switch {
	case day.After(l.day):
		l.day = day
		l.partners.reset()
		fallthrough
	case day == l.day:
		l.partners.add(partner)
	}
}

// nameList is a sorted list of partner IDs without repeats, held in place
// while it is short: ranking a usual customer allocates nothing.
type nameList struct {
	small [4]string
	n     int
	more  []string // every name, once there are more than small holds
}

func (l *nameList) list() []string {
	if l.more != nil {
		return l.more
	}
	return l.small[:l.n]
}

func (l *nameList) first() string { return l.list()[0] }

func (l *nameList) reset() { *l = nameList{} }

// add adds id unless the list has it.
func (l *nameList) add(id string) {
	names := l.list()
	i, found := slices.BinarySearch(names, id)
	switch {
	case found:
		return
	case l.more == nil && l.n < len(l.small):
		copy(l.small[i+1:], l.small[i:l.n])
		l.small[i] = id
	default:
		if l.more == nil {
			l.more = slices.Clone(names)
		}
		l.more = slices.Insert(l.more, i, id)
	}
	l.n++
}

// remove takes id out of the list.
func (l *nameList) remove(id string) {
	i, found := slices.BinarySearch(l.list(), id)
	switch {
	case !found:
		return
	case l.more != nil:
		l.more = slices.Delete(l.more, i, i+1)
	default:
		copy(l.small[i:], l.small[i+1:l.n])
		l.small[l.n-1] = ""
	}
	l.n--
}
