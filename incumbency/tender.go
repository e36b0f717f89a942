package incumbency

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// Tender is a customer's request for bids from several partners.
type Tender struct {
	ID string `json:"id,omitempty"`
	// OpenedAt is when the tender opened; a sourced registration counts only
	// if approved strictly before it.
	OpenedAt time.Time `json:"opened_at" jsonschema:"required"`
	// Currency is the tender's currency; every line's MSRP must be in it.
	Currency program.Currency `json:"currency" jsonschema:"required"`
	// USPublicSector marks a US public-sector tender, where the exception
	// applies.
	USPublicSector bool     `json:"us_public_sector,omitempty"`
	Lines          []Line   `json:"lines" jsonschema:"required"`
	Bidders        []Bidder `json:"bidders" jsonschema:"required"`
}

// Line is one product line of a tender.
type Line struct {
	ID string `json:"id,omitempty"`
	// MSRP is the list price of one unit.
	MSRP program.Money `json:"msrp" jsonschema:"required"`
	// Quantity is the number of units, at least 1.
	Quantity int `json:"quantity"`
}

// Bidder is one partner bidding on a tender.
type Bidder struct {
	// Partner is the bidder's partner ID, unique within the tender.
	Partner string `json:"partner" jsonschema:"required"`
	// SourcedRegistration is the bidder's partner-sourced deal registration
	// for this opportunity, if it has one.
	SourcedRegistration *Registration `json:"sourced_registration,omitempty"`
	// OffersServices: the bid includes the partner's services.
	OffersServices bool `json:"offers_services,omitempty"`
}

// Registration is the state of a partner-sourced deal registration.
type Registration struct {
	ID     string             `json:"id,omitempty"`
	Status RegistrationStatus `json:"status" jsonschema:"required"`
	// ApprovedAt is required when Status is approved and must be absent
	// otherwise.
	ApprovedAt time.Time `json:"approved_at,omitzero"`
}

// TenderDecision prices every bid of a tender.
type TenderDecision struct {
	Outcome  TenderOutcome    `json:"outcome"`
	Currency program.Currency `json:"currency"`
	// Bids are in the order of the tender's bidders.
	Bids []Bid `json:"bids"`
	// Reasons explain every bid, bidder by bidder; each Bid lists the rule
	// IDs of its own.
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

// Bid is one bidder's priced offer.
type Bid struct {
	Partner string `json:"partner"`
	Basis   Basis  `json:"basis"`
	// Elements are the pricing elements that apply, with their rates, in
	// the order of [Elements].
	Elements []AppliedRate `json:"elements"`
	// DiscountRate is the sum of the applied rates (at most 1).
	DiscountRate decimal.Decimal `json:"discount_rate"`
	Lines        []LinePrice     `json:"lines"`
	// Total is the sum of the line prices; it needs no rounding of its own.
	Total program.Money    `json:"total"`
	Rules []program.RuleID `json:"rules"`
}

// AppliedRate is one pricing element applied to a bid.
type AppliedRate struct {
	Element Element `json:"element"`
	Rate    Rate    `json:"rate"`
}

// LinePrice is the price of one tender line for one bidder.
type LinePrice struct {
	Line     string `json:"line,omitempty"`
	Quantity int    `json:"quantity"`
	// List is MSRP times quantity, exact.
	List program.Money `json:"list"`
	// Price is List × (1 − DiscountRate), rounded once, half up, to the
	// currency's minor unit.
	Price program.Money `json:"price"`
}

func checkAmount(p *program.Problems, field string, m program.Money) {
	m.Check(p, field)
	a, f := m.Amount, program.Path(field, "amount")
	switch {
	case a.Sign() < 0:
		p.Add(f, "%s is negative", a.String())
	case a.GreaterThan(maxAmount):
		p.Add(f, "%s is more than %s", a.String(), maxAmount.String())
	case !fitsScale(a):
		p.Add(f, "%s has more than %d decimal places", a.String(), MaxScale)
	}
}

func (t Tender) check(p *program.Problems, field string) {
	if t.OpenedAt.IsZero() {
		p.Add(program.Path(field, "opened_at"), "required: the instant the tender opened (RFC 3339)")
	}
	curOK := t.Currency.Valid()
	switch {
	case t.Currency == "":
		p.Add(program.Path(field, "currency"), "required: an ISO 4217 currency code such as USD")
	case !curOK:
		p.Add(program.Path(field, "currency"), "%q is not an ISO 4217 currency code (three upper-case letters such as USD)", string(t.Currency))
	}
	if len(t.Lines) == 0 {
		p.Add(program.Path(field, "lines"), "required: at least one line to price")
	}
	// Paths are built only for faulty elements: most input is valid.
	for i, l := range t.Lines {
		if lineOK(l, t.Currency) {
			continue
		}
		f := program.Index(program.Path(field, "lines"), i)
		checkAmount(p, program.Path(f, "msrp"), l.MSRP)
		if curOK && l.MSRP.Currency.Valid() && l.MSRP.Currency != t.Currency {
			p.Add(program.Path(f, "msrp.currency"), "%s differs from the tender's currency %s; currencies never mix", l.MSRP.Currency, t.Currency)
		}
		switch {
		case l.Quantity < 1:
			p.Add(program.Path(f, "quantity"), "%d: want at least 1", l.Quantity)
		case l.Quantity > program.MaxCount:
			p.Add(program.Path(f, "quantity"), "%d is more than %d", l.Quantity, program.MaxCount)
		}
	}
	if len(t.Bidders) == 0 {
		p.Add(program.Path(field, "bidders"), "required: at least one bidder")
	}
	for i, b := range t.Bidders {
		j := slices.IndexFunc(t.Bidders[:i], func(o Bidder) bool { return o.Partner == b.Partner })
		if !blank(b.Partner) && j < 0 && registrationOK(b.SourcedRegistration) {
			continue
		}
		f := program.Index(program.Path(field, "bidders"), i)
		checkPartnerID(p, program.Path(f, "partner"), b.Partner)
		if j >= 0 && !blank(b.Partner) {
			p.Add(program.Path(f, "partner"), "%q already bids as bidders[%d]; one bid per partner", b.Partner, j)
		}
		if r := b.SourcedRegistration; r != nil {
			rf := program.Path(f, "sourced_registration")
			program.CheckEnum(p, program.Path(rf, "status"), r.Status, "registration status", RegistrationStatuses)
			switch {
			case r.Status == RegistrationApproved && r.ApprovedAt.IsZero():
				p.Add(program.Path(rf, "approved_at"), "required when the registration is approved")
			case r.Status != RegistrationApproved && r.Status != "" && !r.ApprovedAt.IsZero():
				p.Add(program.Path(rf, "approved_at"), "a %s registration has no approval instant", r.Status)
			}
		}
	}
}

func lineOK(l Line, cur program.Currency) bool {
	a := l.MSRP.Amount
	return l.MSRP.Currency == cur && a.Sign() >= 0 && !a.GreaterThan(maxAmount) && fitsScale(a) &&
		l.Quantity >= 1 && l.Quantity <= program.MaxCount
}

func registrationOK(r *Registration) bool {
	return r == nil || (r.Status == RegistrationApproved) == !r.ApprovedAt.IsZero() && r.Status.Valid()
}

// Tender prices every bid of t. For each bidder, in order, it decides which
// pricing elements apply — the partner base discount always; the sourced
// margin when its partner-sourced registration was approved strictly before
// the tender opened; the service-attach incentive when it offers services —
// except on a US public-sector tender, where a bidder without such a
// registration gets MSRP (see [PubSecReading]). The applicable rates add up;
// their sum must not exceed 1. Each line's price is MSRP × quantity × (1 −
// sum), computed exactly and rounded once, half up, to the currency's minor
// unit (2 places for USD, none for JPY).
//
// The policy must have a [RateTable]; without one Tender returns an input
// error naming policy.rates rather than price at a zero discount.
func (pol Policy) Tender(t Tender) (TenderDecision, error) {
	var p program.Problems
	pol.check(&p)
	if pol.Rates == nil {
		p.Add("policy.rates", "required to price a tender: the handbook gives no rates, so supply partner_base, sourced_margin, renewal_discount and service_attach")
	}
	t.check(&p, "tender")
	if err := p.Err(); err != nil {
		return TenderDecision{}, err
	}

	d := TenderDecision{Outcome: Priced, Currency: t.Currency, Bids: make([]Bid, len(t.Bidders)), PolicyVersion: pol.Version}
	places := t.Currency.MinorUnits()
	one := decimal.NewFromInt(1)
	for i, b := range t.Bidders {
		bid, reasons := pol.elements(t, b)
		sum := decimal.Zero
		for _, e := range bid.Elements {
			sum = sum.Add(e.Rate.Decimal())
		}
		if sum.GreaterThan(one) {
			p.Add("policy.rates", "the rates that apply to %s (%s) add up to %s, more than 1", b.Partner, elementList(bid.Elements), sum.String())
			continue
		}
		factor := one.Sub(sum)
		bid.DiscountRate = sum
		bid.Lines = make([]LinePrice, len(t.Lines))
		total := decimal.Zero
		for j, l := range t.Lines {
			list := l.MSRP.Amount.Mul(decimal.NewFromInt(int64(l.Quantity)))
			// The one rounding: Round is half away from zero, which is half
			// up for the non-negative amounts validation guarantees.
			price := list.Mul(factor).Round(places)
			total = total.Add(price)
			bid.Lines[j] = LinePrice{
				Line:     l.ID,
				Quantity: l.Quantity,
				List:     program.Money{Amount: list, Currency: t.Currency},
				Price:    program.Money{Amount: price, Currency: t.Currency},
			}
		}
		bid.Total = program.Money{Amount: total, Currency: t.Currency}
		for _, r := range reasons {
			bid.Rules = append(bid.Rules, r.Rule)
		}
		d.Bids[i] = bid
		d.Reasons = append(d.Reasons, reasons...)
	}
	if err := p.Err(); err != nil {
		return TenderDecision{}, err
	}
	return d, nil
}

// elements decides which pricing elements apply to bidder b; the caller has
// checked that the policy has rates.
func (pol Policy) elements(t Tender, b Bidder) (Bid, []program.Reason) {
	rates := *pol.Rates
	bid := Bid{Partner: b.Partner, Basis: BasisDiscounted, Elements: []AppliedRate{}}
	var reasons []program.Reason
	add := func(id program.RuleID, format string, args ...any) {
		reasons = append(reasons, program.Reason{Rule: id, Section: SectionTender, Text: b.Partner + ": " + fmt.Sprintf(format, args...)})
	}
	apply := func(e Element, r Rate) { bid.Elements = append(bid.Elements, AppliedRate{e, r}) }

	reg := b.SourcedRegistration
	sourced := reg != nil && reg.Status == RegistrationApproved && reg.ApprovedAt.Before(t.OpenedAt)
	exception := t.USPublicSector && !sourced
	msrpOnly := exception && pol.USPubSecUnsourced == PubSecMSRP

	if !msrpOnly {
		apply(ElementPartnerBase, rates.PartnerBase)
		add(RuleTenderPartnerBase, "partner base discount %s applies to every bidder", rates.PartnerBase)
	}
	switch {
	case sourced:
		apply(ElementSourcedMargin, rates.SourcedMargin)
		add(RuleTenderSourcedMargin, "sourced registration approved %s, before the tender opened %s: sourced margin %s", stamp(reg.ApprovedAt), stamp(t.OpenedAt), rates.SourcedMargin)
	case reg != nil && reg.Status == RegistrationApproved:
		add(RuleTenderSourcedLate, "sourced registration approved %s, not before the tender opened %s: no sourced margin", stamp(reg.ApprovedAt), stamp(t.OpenedAt))
	case reg != nil:
		add(RuleTenderSourcedNotApproved, "sourced registration is %s, not approved: no sourced margin", reg.Status)
	}
	if b.OffersServices && !exception {
		apply(ElementServiceAttach, rates.ServiceAttach)
		add(RuleTenderServiceAttach, "offers services: service-attach incentive %s", rates.ServiceAttach)
	}
	if exception {
		withheld := "no discount at all: MSRP"
		if !msrpOnly {
			withheld = "the partner base discount only"
		}
		if b.OffersServices {
			withheld += "; the services offered earn no incentive here"
		}
		add(RuleTenderUSPubSec, "US public-sector tender without a sourced registration approved before it opened: %s", withheld)
		if msrpOnly {
			bid.Basis = BasisMSRP
		}
	}
	return bid, reasons
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func elementList(es []AppliedRate) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = string(e.Element) + " " + e.Rate.String()
	}
	return strings.Join(parts, " + ")
}
