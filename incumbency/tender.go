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
	// if approved strictly before it. It is read, and so required, only when
	// a bidder's sourced registration is approved.
	OpenedAt time.Time `json:"opened_at,omitzero"`
	// Currency is the tender's currency; every line's MSRP must be in it.
	Currency program.Currency `json:"currency" jsonschema:"required"`
	// USPublicSector marks a US public-sector tender, where the exception
	// applies.
	USPublicSector bool `json:"us_public_sector,omitempty"`
	// Rates are this tender's rates; each one given overrides the policy's
	// ([Policy].Rates). Optional.
	Rates   *TenderRates `json:"rates,omitempty"`
	Lines   []Line       `json:"lines" jsonschema:"required,minItems=1,maxItems=1000"`
	Bidders []Bidder     `json:"bidders" jsonschema:"required,minItems=1,maxItems=1000"`
}

// TenderRates are the rates of a tender's pricing elements, each a fraction
// of MSRP from 0 to 1 written as a decimal string ("0.12"), with at most
// [MaxScale] decimal places. Each is optional (nil: not given): one given
// here overrides the policy's, one given in neither is unknown. The renewal
// discount is not a tender element, so it has no place here.
type TenderRates struct {
	PartnerBase   *decimal.Decimal `json:"partner_base,omitempty" jsonschema:"minimum=0,maximum=1,multipleOf=0.0000000001"`
	SourcedMargin *decimal.Decimal `json:"sourced_margin,omitempty" jsonschema:"minimum=0,maximum=1,multipleOf=0.0000000001"`
	ServiceAttach *decimal.Decimal `json:"service_attach,omitempty" jsonschema:"minimum=0,maximum=1,multipleOf=0.0000000001"`
}

// RateOf is a rate for [TenderRates], from a decimal string known to be
// valid ("0.12"); it panics otherwise.
func RateOf(s string) *decimal.Decimal {
	d := MustRate(s).Decimal()
	return &d
}

// Line is one product line of a tender.
type Line struct {
	ID string `json:"id,omitempty"`
	// MSRP is the list price of one unit.
	MSRP program.Money `json:"msrp" jsonschema:"required,minimum=0,maximum=1000000000000000,multipleOf=0.0000000001"`
	// Quantity is the number of units, at least 1.
	Quantity int `json:"quantity" jsonschema:"required,minimum=1,maximum=1000000"`
}

// Bidder is one partner bidding on a tender.
type Bidder struct {
	// Partner is the bidder's partner ID. A partner that bids more than once
	// has each bid decided, and the tender reviewed.
	Partner string `json:"partner" jsonschema:"required,pattern=^[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]([\\s\\S]*[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?$"`
	// SourcedRegistration is the bidder's partner-sourced deal registration
	// for this opportunity, if it has one.
	SourcedRegistration *Registration `json:"sourced_registration,omitempty"`
	// OffersServices: the bid includes the partner's services.
	OffersServices bool `json:"offers_services,omitempty"`
}

// Registration is the state of a partner-sourced deal registration when the
// tender opened.
type Registration struct {
	ID     string             `json:"id,omitempty"`
	Status RegistrationStatus `json:"status" jsonschema:"required"`
	// ApprovedAt is read, and so required, when Status is approved. Beside
	// a pending or denied status it is history (an approval after the
	// opening, or one withdrawn): the status decides.
	ApprovedAt time.Time `json:"approved_at,omitzero"`
}

// TenderDecision decides every bid of a tender: the elements each bidder
// qualifies for and, where their rates are known, its price.
type TenderDecision struct {
	Outcome  TenderOutcome    `json:"outcome"`
	Currency program.Currency `json:"currency"`
	// Bids are in the order of the tender's bidders.
	Bids []Bid `json:"bids"`
	// Reasons explain every bid, bidder by bidder; each Bid lists the rule
	// IDs of its own.
	Reasons []program.Reason `json:"reasons"`
	// Next is set when the outcome is [TenderNeedsReview].
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Bid is one bidder's offer: its elements and, when known, its price.
type Bid struct {
	Partner string `json:"partner"`
	// Basis says how the license price is reached.
	Basis Basis `json:"basis"`
	// Elements are the pricing elements the bidder qualifies for, in the
	// order of [Elements], each with its rate when one is known. A
	// service-attach element is an incentive beside the price, not part of
	// it.
	Elements []AppliedRate `json:"elements"`
	// DiscountRate is the license discount: the sum of the partner base
	// and sourced margin rates that apply (0 for an MSRP bid). The
	// service-attach incentive is not in it. Absent when the bid is not
	// priced.
	DiscountRate *decimal.Decimal `json:"discount_rate,omitempty"`
	// Lines are the license prices of the tender's lines, absent when the
	// bid is not priced.
	Lines []LinePrice `json:"lines,omitempty"`
	// Total is the sum of the line prices; it needs no rounding of its own.
	// Absent when the bid is not priced.
	Total *program.Money   `json:"total,omitempty"`
	Rules []program.RuleID `json:"rules"`
}

// Priced reports whether the bid has its price.
func (b Bid) Priced() bool { return b.Total != nil }

// AppliedRate is one pricing element a bidder qualifies for.
type AppliedRate struct {
	Element Element `json:"element"`
	// Rate is the element's rate, from the tender or else the policy;
	// absent when neither gives it.
	Rate Rate `json:"rate,omitzero"`
}

// LinePrice is the license price of one tender line for one bidder.
type LinePrice struct {
	Line     string `json:"line,omitempty"`
	Quantity int    `json:"quantity"`
	// List is MSRP times quantity, exact.
	List program.Money `json:"list"`
	// Price is List × (1 − DiscountRate), rounded once, half up, to the
	// currency's minor unit.
	Price program.Money `json:"price"`
}

// checkAmount records the problems of a money amount at ptr, the pointer
// of the Money value.
func checkAmount(p *program.Problems, ptr string, m program.Money) {
	m.Check(p, ptr)
	a, f := m.Amount, program.Path(ptr, "amount")
	switch {
	case a.Sign() < 0:
		p.Add(f, "%s is negative", a.String())
	case a.GreaterThan(maxAmount):
		p.Add(f, "%s is more than %s", a.String(), maxAmount.String())
	case !fitsScale(a):
		p.Add(f, "%s has more than %d decimal places", a.String(), MaxScale)
	}
}

// check records every problem of t, each at its JSON Pointer into the
// tender document ("/lines/0/msrp/currency").
func (t Tender) check(p *program.Problems) {
	if t.OpenedAt.IsZero() {
		if i := slices.IndexFunc(t.Bidders, approvedRegistration); i >= 0 {
			p.Add("/opened_at", "required: the sourced registration at %s is approved, and it counts only if approved before the tender opened (an RFC 3339 instant)", program.Path(program.Index("/bidders", i), "sourced_registration"))
		}
	}
	curOK := t.Currency.Valid()
	switch {
	case t.Currency == "":
		p.Add("/currency", "required: an ISO 4217 currency code such as USD")
	case !curOK:
		p.Add("/currency", "%q is not an ISO 4217 currency code (three upper-case letters such as USD)", string(t.Currency))
	}
	if r := t.Rates; r != nil {
		checkRate(p, "/rates/partner_base", given(r.PartnerBase))
		checkRate(p, "/rates/sourced_margin", given(r.SourcedMargin))
		checkRate(p, "/rates/service_attach", given(r.ServiceAttach))
	}
	if len(t.Lines) == 0 {
		p.Add("/lines", "required: at least one line to price")
	}
	// Pointers are built only for faulty elements: most input is valid.
	for i, l := range t.Lines {
		if lineOK(l, t.Currency) {
			continue
		}
		f := program.Index("/lines", i)
		checkAmount(p, program.Path(f, "msrp"), l.MSRP)
		if curOK && l.MSRP.Currency.Valid() && l.MSRP.Currency != t.Currency {
			p.Add(program.Path(f, "msrp", "currency"), "%s differs from the tender's currency %s; currencies never mix", l.MSRP.Currency, t.Currency)
		}
		switch {
		case l.Quantity < 1:
			p.Add(program.Path(f, "quantity"), "%d: want at least 1", l.Quantity)
		case l.Quantity > program.MaxCount:
			p.Add(program.Path(f, "quantity"), "%d is more than %d", l.Quantity, program.MaxCount)
		}
	}
	if len(t.Bidders) == 0 {
		p.Add("/bidders", "required: at least one bidder")
	}
	for i, b := range t.Bidders {
		if !blank(b.Partner) && registrationOK(b.SourcedRegistration) {
			continue
		}
		f := program.Index("/bidders", i)
		checkPartnerID(p, program.Path(f, "partner"), b.Partner)
		if r := b.SourcedRegistration; r != nil {
			rf := program.Path(f, "sourced_registration")
			program.CheckEnum(p, program.Path(rf, "status"), r.Status, "registration status", RegistrationStatuses)
			if r.Status == RegistrationApproved && r.ApprovedAt.IsZero() {
				p.Add(program.Path(rf, "approved_at"), "required when the registration is approved: the sourced margin needs an approval before the tender opened")
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
	return r == nil || r.Status.Valid() && (r.Status != RegistrationApproved || !r.ApprovedAt.IsZero())
}

func approvedRegistration(b Bidder) bool {
	return b.SourcedRegistration != nil && b.SourcedRegistration.Status == RegistrationApproved
}

// knownRate is an element's rate and where it came from: "tender",
// "policy", or "" when neither gives it.
type knownRate struct {
	Rate
	from string
}

func (r knownRate) String() string {
	if !r.set {
		return "(rate unknown)"
	}
	return r.value.String() + " (" + r.from + " rate)"
}

// tenderRates are the rates in force for one tender.
type tenderRates struct{ partnerBase, sourcedMargin, serviceAttach knownRate }

// ratesFor lays the tender's rates over the policy's, rate by rate.
func (pol Policy) ratesFor(t Tender) tenderRates {
	var rs tenderRates
	pick := func(k *knownRate, r Rate, from string) {
		if r.set {
			*k = knownRate{r, from}
		}
	}
	if r := pol.Rates; r != nil {
		pick(&rs.partnerBase, r.PartnerBase, "policy")
		pick(&rs.sourcedMargin, r.SourcedMargin, "policy")
		pick(&rs.serviceAttach, r.ServiceAttach, "policy")
	}
	if r := t.Rates; r != nil {
		pick(&rs.partnerBase, given(r.PartnerBase), "tender")
		pick(&rs.sourcedMargin, given(r.SourcedMargin), "tender")
		pick(&rs.serviceAttach, given(r.ServiceAttach), "tender")
	}
	return rs
}

// given is a tender's rate as a [Rate]: unset when nil.
func given(d *decimal.Decimal) Rate {
	if d == nil {
		return Rate{}
	}
	return Rate{*d, true}
}

// bidState is how far a bid could be decided.
type bidState int

const (
	bidPriced   bidState = iota
	bidUnpriced          // a rate is unknown
	bidReview            // the license discounts add up to more than 1
)

// Tender decides every bid of t. For each bidder, in order, it decides
// which pricing elements apply — the partner base discount always; the
// sourced margin when its partner-sourced registration was approved
// strictly before the tender opened; the service-attach incentive when it
// offers services — except on a US public-sector tender, where a bidder
// without such a registration gets MSRP as its license price (see
// [PubSecReading]) and keeps its service-attach incentive.
//
// Price and incentives are separate: the license discounts (partner base
// and sourced margin) add up, their sum must not exceed 1, and each line's
// price is MSRP × quantity × (1 − sum), computed exactly and rounded once,
// half up, to the currency's minor unit (2 places for USD, none for JPY).
// The service-attach incentive is listed on the bid with its rate and never
// taken off the license price.
//
// Each rate comes from the tender's rates, or else the policy's. A bid whose
// license discount has no rate in either is decided without its price
// (outcome [Unpriced]); a bid whose license discounts add up to more than
// 1, or a partner bidding twice, gives [TenderNeedsReview]. Neither is an
// error.
//
// Bad input is an error whose problems are located by JSON Pointers into the
// tender document ("/lines/0/msrp/currency", "/bidders/2/partner"). A policy
// that fails [Policy.Validate] is reported instead, by pointers into the
// policy.
func (pol Policy) Tender(t Tender) (TenderDecision, error) {
	if err := pol.Validate(); err != nil {
		return TenderDecision{}, err
	}
	var p program.Problems
	t.check(&p)
	if err := p.Err(); err != nil {
		return TenderDecision{}, err
	}

	rates := pol.ratesFor(t)
	d := TenderDecision{Outcome: Priced, Currency: t.Currency, Bids: make([]Bid, len(t.Bidders)), PolicyVersion: pol.Version}
	var review []string
	for i, b := range t.Bidders {
		bid, reasons, state := pol.bid(t, b, rates)
		switch state {
		case bidUnpriced:
			if d.Outcome == Priced {
				d.Outcome = Unpriced
			}
		case bidReview:
			d.Outcome = TenderNeedsReview
			review = append(review, "the license discounts of "+b.Partner+" add up to more than 1")
		}
		if j := slices.IndexFunc(t.Bidders[:i], func(o Bidder) bool { return o.Partner == b.Partner }); j >= 0 {
			d.Outcome = TenderNeedsReview
			first := program.Index("/bidders", j)
			reasons = append(reasons, program.NewReason(RuleTenderRepeatedBidder, SectionTender, program.Applied, fmt.Sprintf("%s: also bids at %s; each bid is decided on its own facts, and which one stands is for a person", b.Partner, first)))
			review = append(review, fmt.Sprintf("which of %s's bids stands (%s, %s)", b.Partner, first, program.Index("/bidders", i)))
		}
		for _, r := range reasons {
			bid.Rules = append(bid.Rules, r.Rule)
		}
		d.Bids[i] = bid
		d.Reasons = append(d.Reasons, reasons...)
	}
	if d.Outcome == TenderNeedsReview {
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the tender: " + strings.Join(review, "; ")}
	}
	return d, nil
}

// bid decides bidder b's elements and, when their rates are known, prices
// its lines.
func (pol Policy) bid(t Tender, b Bidder, rates tenderRates) (Bid, []program.Reason, bidState) {
	bid := Bid{Partner: b.Partner, Basis: BasisDiscounted, Elements: []AppliedRate{}}
	var reasons []program.Reason
	add := func(id program.RuleID, format string, args ...any) {
		reasons = append(reasons, program.NewReason(id, SectionTender, program.Applied, b.Partner+": "+fmt.Sprintf(format, args...)))
	}
	var unknown []Element
	licenseKnown := true
	discount := decimal.Zero
	qualify := func(e Element, r knownRate) {
		bid.Elements = append(bid.Elements, AppliedRate{e, r.Rate})
		license := e != ElementServiceAttach
		switch {
		case !r.set:
			unknown = append(unknown, e)
			licenseKnown = licenseKnown && !license
		case license:
			discount = discount.Add(r.value)
		}
	}

	reg := b.SourcedRegistration
	sourced := reg != nil && reg.Status == RegistrationApproved && reg.ApprovedAt.Before(t.OpenedAt)
	exception := t.USPublicSector && !sourced
	msrpOnly := exception && pol.USPubSecUnsourced == PubSecMSRP

	if !msrpOnly {
		qualify(ElementPartnerBase, rates.partnerBase)
		add(RuleTenderPartnerBase, "partner base discount %s applies to every bidder", rates.partnerBase)
	}
	switch {
	case sourced:
		qualify(ElementSourcedMargin, rates.sourcedMargin)
		add(RuleTenderSourcedMargin, "sourced registration approved %s, before the tender opened %s: sourced margin %s", stamp(reg.ApprovedAt), stamp(t.OpenedAt), rates.sourcedMargin)
	case reg != nil && reg.Status == RegistrationApproved:
		add(RuleTenderSourcedLate, "sourced registration approved %s, not before the tender opened %s: no sourced margin", stamp(reg.ApprovedAt), stamp(t.OpenedAt))
	case reg != nil && !reg.ApprovedAt.IsZero():
		add(RuleTenderSourcedNotApproved, "sourced registration is %s, not approved, when the tender opened (the approval it records, %s, does not change its status): no sourced margin", reg.Status, stamp(reg.ApprovedAt))
	case reg != nil:
		add(RuleTenderSourcedNotApproved, "sourced registration is %s, not approved: no sourced margin", reg.Status)
	}
	if b.OffersServices {
		qualify(ElementServiceAttach, rates.serviceAttach)
		add(RuleTenderServiceAttach, "offers services: service-attach incentive %s, a services rebate listed beside the license price, not taken off it", rates.serviceAttach)
	}
	if exception {
		price := "the license price is MSRP, with no license discount"
		if !msrpOnly {
			price = "the license price is MSRP less the partner base discount only"
		}
		if b.OffersServices {
			price += "; the service-attach incentive stands"
		}
		add(RuleTenderUSPubSec, "US public-sector tender without a sourced registration approved before it opened: %s", price)
		if msrpOnly {
			bid.Basis = BasisMSRP
		}
	}

	if len(unknown) > 0 {
		effect := "the bid is not priced"
		if licenseKnown {
			effect = "the incentive is listed without a rate; the license price does not depend on it"
		}
		add(RuleTenderRateUnknown, "neither the tender nor the policy gives the rate of %s: %s", elementNames(unknown), effect)
	}
	switch {
	case !licenseKnown:
		return bid, reasons, bidUnpriced
	case discount.GreaterThan(one):
		add(RuleTenderDiscountsAboveOne, "license discounts %s add up to %s, more than 1: the bid is not priced", licenseList(bid.Elements), discount.String())
		return bid, reasons, bidReview
	}

	places := t.Currency.MinorUnits()
	factor := one.Sub(discount)
	bid.DiscountRate = &discount
	bid.Lines = make([]LinePrice, len(t.Lines))
	total := decimal.Zero
	for j, l := range t.Lines {
		list := l.MSRP.Amount.Mul(decimal.NewFromInt(int64(l.Quantity)))
		// The one rounding: Round is half away from zero, which is half up
		// for the non-negative amounts validation guarantees.
		price := list.Mul(factor).Round(places)
		total = total.Add(price)
		bid.Lines[j] = LinePrice{
			Line:     l.ID,
			Quantity: l.Quantity,
			List:     program.Money{Amount: list, Currency: t.Currency},
			Price:    program.Money{Amount: price, Currency: t.Currency},
		}
	}
	bid.Total = &program.Money{Amount: total, Currency: t.Currency}
	return bid, reasons, bidPriced
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func elementNames(es []Element) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = string(e)
	}
	return strings.Join(parts, " and ")
}

// licenseList writes the license discounts of es with their rates
// ("partner_base 0.6 + sourced_margin 0.5").
func licenseList(es []AppliedRate) string {
	var parts []string
	for _, e := range es {
		if e.Element != ElementServiceAttach {
			parts = append(parts, string(e.Element)+" "+e.Rate.String())
		}
	}
	return strings.Join(parts, " + ")
}
