package incumbency

import (
	"fmt"
	"slices"
	"strings"

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
	Candidates    []string         `json:"candidates,omitempty"`
	Reasons       []program.Reason `json:"reasons"`
	Next          program.Action   `json:"next,omitzero"`
	PolicyVersion string           `json:"policy_version"`
}

// check records every problem of c, each at its JSON Pointer below ptr, the
// pointer of c in the document ("" when c is the document).
func (c Customer) check(p *program.Problems, ptr string) {
	// Pointers are built only for faulty elements: most input is valid.
	for i, s := range c.Sales {
		if blank(s.Partner) || !s.Date.Valid() {
			f := program.Index(program.Path(ptr, "sales"), i)
			checkPartnerID(p, program.Path(f, "partner"), s.Partner)
			checkDate(p, program.Path(f, "date"), s.Date)
		}
	}
	for i, m := range c.Communications {
		if !blank(m.Partner) && m.Date.Valid() && m.Form.Valid() {
			continue
		}
		f := program.Index(program.Path(ptr, "communications"), i)
		checkPartnerID(p, program.Path(f, "partner"), m.Partner)
		checkDate(p, program.Path(f, "date"), m.Date)
		program.CheckEnum(p, program.Path(f, "form"), m.Form, "form", Forms)
	}
}

// blank reports whether a partner ID is unusable: empty, or with spaces
// around it, which would make "acme" and "acme " two partners.
func blank(id string) bool { return id == "" || strings.TrimSpace(id) != id }

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
	if err := pol.Validate(); err != nil {
		return IncumbentDecision{}, err
	}
	var p program.Problems
	c.check(&p, "")
	if err := p.Err(); err != nil {
		return IncumbentDecision{}, err
	}
	return pol.incumbent(c), nil
}

// incumbent decides a valid customer.
func (pol Policy) incumbent(c Customer) IncumbentDecision {
	d := IncumbentDecision{PolicyVersion: pol.Version}
	var formal []Communication
	for _, m := range c.Communications {
		if m.Form == FormFormalWritten {
			formal = append(formal, m)
		}
	}
	add := func(id program.RuleID, format string, args ...any) {
		d.Reasons = append(d.Reasons, program.NewReason(id, SectionIncumbency, program.Applied, fmt.Sprintf(format, args...)))
	}

	if len(c.Sales) == 0 {
		add(RuleNoSales, "the customer has no sale on record")
		if len(formal) == 0 {
			d.Outcome = NoIncumbent
		} else {
			d.Candidates = namedPartners(formal, nil)
			add(RuleLetterWithoutSale, "formal written communications name %s but no partner has sold to the customer", strings.Join(d.Candidates, ", "))
			d.review()
		}
		pol.informal(&d, c, add)
		return d
	}

	last := c.Sales[0].Date
	for _, s := range c.Sales[1:] {
		if s.Date.After(last) {
			last = s.Date
		}
	}
	var sellers []string
	for _, s := range c.Sales {
		if s.Date == last && !slices.Contains(sellers, s.Partner) {
			sellers = append(sellers, s.Partner)
		}
	}
	slices.Sort(sellers)
	if len(sellers) == 1 {
		add(RuleLastSale, "%s transacted the most recent sale, on %s", sellers[0], last)
	} else {
		add(RuleSameDaySales, "%s all transacted sales on %s, the most recent sale day", strings.Join(sellers, ", "), last)
	}

	var before, sameDay, after []Communication
	var lastLetter program.Date
	for _, m := range formal {
		switch {
		case m.Date.Before(last):
			before = append(before, m)
		case m.Date == last:
			sameDay = append(sameDay, m)
		default:
			after = append(after, m)
			if m.Date.After(lastLetter) {
				lastLetter = m.Date
			}
		}
	}
	if len(before) > 0 {
		add(RuleLetterBeforeSale, "%d formal written communication(s) dated before the sale of %s do not count", len(before), last)
	}

	// Only a communication dated strictly after the most recent sale moves
	// incumbency (or settles a same-day tie); one on the sale day does not.
	var named []string // the partners the deciding communications name
	if len(after) > 0 {
		var deciding []Communication
		for _, m := range after {
			if m.Date == lastLetter {
				deciding = append(deciding, m)
			}
		}
		named = namedPartners(deciding, nil)
	}
	switch {
	case len(named) == 1:
		d.Outcome, d.Partner, d.Since = Incumbent, named[0], lastLetter
	case len(named) > 1:
		d.Candidates = named
	case len(sellers) > 1:
		d.Candidates = sellers
	default:
		d.Outcome, d.Partner, d.Since = Incumbent, sellers[0], last
	}
	if others := namedPartners(sameDay, []string{d.Partner}); len(others) > 0 {
		add(RuleLetterOnSaleDay, "formal written communication(s) of %s, the day of the most recent sale, name %s; only a communication dated after the sale moves incumbency", last, strings.Join(others, ", "))
	}
	switch {
	case len(named) == 1 && len(sellers) == 1 && sellers[0] == named[0]:
		add(RuleWrittenTransfer, "the customer's formal written communication of %s confirms %s", lastLetter, named[0])
	case len(named) == 1:
		add(RuleWrittenTransfer, "the customer's formal written communication of %s, after the sale of %s, names %s: incumbency moves to it", lastLetter, last, named[0])
	case len(named) > 1:
		add(RuleSameDayConflict, "formal written communications of %s name different partners: %s", lastLetter, strings.Join(named, ", "))
	}
	if d.Outcome != Incumbent {
		d.review()
	}
	pol.informal(&d, c, add)
	return d
}

// informal adds a reason when a communication that is not formal and written
// names a partner other than the incumbent decided.
func (pol Policy) informal(d *IncumbentDecision, c Customer, add func(program.RuleID, string, ...any)) {
	var named []string
	for _, m := range c.Communications {
		if m.Form != FormFormalWritten && m.Partner != d.Partner && !slices.Contains(named, m.Partner) {
			named = append(named, m.Partner)
		}
	}
	if len(named) > 0 {
		slices.Sort(named)
		add(RuleInformalIgnored, "communications naming %s are not formal and written, so they cannot move incumbency", strings.Join(named, ", "))
	}
}

func (d *IncumbentDecision) review() {
	d.Outcome = IncumbentNeedsReview
	d.Next = program.Action{
		Actor: program.ActorEcosystemOps,
		What:  "decide the incumbent from the customer's sales records and written communications: " + strings.Join(d.Candidates, ", "),
	}
}

// namedPartners lists, sorted and without repeats, the partners ms name that
// are not in except.
func namedPartners(ms []Communication, except []string) []string {
	var out []string
	for _, m := range ms {
		if !slices.Contains(out, m.Partner) && !slices.Contains(except, m.Partner) {
			out = append(out, m.Partner)
		}
	}
	slices.Sort(out)
	return out
}
