package incumbency

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
	"unsafe"

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
	Reasons program.Reasons `json:"reasons"`
	// Next is set when the outcome is [TenderNeedsReview].
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Bid is one bidder's offer: its elements and, when known, its price.
//
// A decision is read, not written: bids with the same license discount
// share their Lines and Total, and bids share their Elements, Rules and
// DiscountRate with other bids (and decisions) that list the same, so that
// a tender of any size is decided in a few allocations. Each slice's
// capacity is its length: appending to one copies it.
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
	a, f := m.Amount, p.Path(ptr, "amount")
	switch {
	case a.Sign() < 0:
		p.Add(f, "%s is negative", a.String())
	case !atMostPow10(a, maxAmountDigits):
		p.Add(f, "%s is more than %s", a.String(), maxAmount.String())
	case !fitsScale(a):
		p.Add(f, "%s has more than %d decimal places", a.String(), MaxScale)
	}
}

// check records every problem of t, each at its JSON Pointer into the
// tender document ("/lines/0/msrp/currency"). It allocates only for the
// problems it finds.
func (t *Tender) check(p *program.Problems) {
	if t.OpenedAt.IsZero() {
		if i := slices.IndexFunc(t.Bidders, approvedRegistration); i >= 0 {
			p.Add("/opened_at", "required: the sourced registration at %s is approved, and it counts only if approved before the tender opened (an RFC 3339 instant)", p.Path(p.Index("/bidders", i), "sourced_registration"))
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
	for i := range t.Lines {
		l := &t.Lines[i]
		if lineOK(l, t.Currency) {
			continue
		}
		f := p.Index("/lines", i)
		checkAmount(p, p.Path(f, "msrp"), l.MSRP)
		if curOK && l.MSRP.Currency.Valid() && l.MSRP.Currency != t.Currency {
			p.Add(p.Path(f, "msrp", "currency"), "%s differs from the tender's currency %s; currencies never mix", l.MSRP.Currency, t.Currency)
		}
		switch {
		case l.Quantity < 1:
			p.Add(p.Path(f, "quantity"), "%d: want at least 1", l.Quantity)
		case l.Quantity > program.MaxCount:
			p.Add(p.Path(f, "quantity"), "%d is more than %d", l.Quantity, program.MaxCount)
		}
	}
	if len(t.Bidders) == 0 {
		p.Add("/bidders", "required: at least one bidder")
	}
	for i := range t.Bidders {
		b := &t.Bidders[i]
		if !blank(b.Partner) && registrationOK(b.SourcedRegistration) {
			continue
		}
		f := p.Index("/bidders", i)
		checkPartnerID(p, p.Path(f, "partner"), b.Partner)
		if r := b.SourcedRegistration; r != nil {
			rf := p.Path(f, "sourced_registration")
			program.CheckEnum(p, p.Path(rf, "status"), r.Status, "registration status", RegistrationStatuses)
			if r.Status == RegistrationApproved && r.ApprovedAt.IsZero() {
				p.Add(p.Path(rf, "approved_at"), "required when the registration is approved: the sourced margin needs an approval before the tender opened")
			}
		}
	}
}

func lineOK(l *Line, cur program.Currency) bool {
	if l.Quantity < 1 || l.Quantity > program.MaxCount || !sameString(string(l.MSRP.Currency), string(cur)) {
		return false
	}
	a := l.MSRP.Amount
	if f, ok := fixedOf(a); ok && -MaxScale <= f.exp && f.exp <= 0 {
		// Not negative, at most MaxScale places, and at most 10^15 =
		// 10^(15-exp) × 10^exp, as a coefficient below 10^18 is when
		// 15-exp is past the table.
		k := maxAmountDigits - int(f.exp)
		return k >= len(pow10) || f.coef <= pow10[k]
	}
	return a.Sign() >= 0 && atMostPow10(a, maxAmountDigits) && fitsScale(a)
}

func registrationOK(r *Registration) bool {
	if r == nil {
		return true
	}
	if r.Status == RegistrationApproved {
		return !r.ApprovedAt.IsZero()
	}
	return r.Status.Valid()
}

// sameString is a == b, without a call when a and b share their bytes, as
// a code read once and compared often does.
func sameString(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}

func approvedRegistration(b Bidder) bool {
	return b.SourcedRegistration != nil && b.SourcedRegistration.Status == RegistrationApproved
}

// knownRate is an element's rate, unset when neither the tender nor the
// policy gives it, with the variant of its reasons (v): rateUnknown, or
// whether the tender gives it (rateFromTender).
type knownRate struct {
	Rate
	v uint8
}

// rateFrom is r as a knownRate, from the tender's rates or the policy's.
func rateFrom(r Rate, fromTender bool) knownRate {
	switch {
	case !r.set:
		return knownRate{r, rateUnknown}
	case fromTender:
		return knownRate{r, rateFromTender}
	}
	return knownRate{r, 0}
}

// cite records, in the variant, whether the rate is known and where it
// comes from; its value is read, when the text is written, from the
// laid-out rates (laidRates.elems), which the reason refers to.
func (r *knownRate) cite(f *program.Facts, laid *laidRates) {
	if f.V = r.v; r.set {
		f.Ref = laid
	}
}

// tenderRates are the rates in force for one tender.
type tenderRates struct {
	partnerBase, sourcedMargin, serviceAttach knownRate
	// bothAboveOne: partner base + sourced margin is more than 1.
	bothAboveOne bool
	// laid is what bids point at, laid out once: the policy's own when
	// the tender gives no rate.
	laid *laidRates
	// plans are the plans of bids, by planKey, decided once for these
	// rates (tenderRates.plan).
	plans [16]bidPlan
}

// laidRates are what the bids of a tender share with one another and, when
// the tender gives no rate of its own, with every decision of the policy:
// the elements with their rates, laid out so that the elements of every
// bid are a run of them (elementRuns), and the license discounts, by
// license bits, ready to price with (licenseTerms) where their rates are
// known.
type laidRates struct {
	elems    [5]AppliedRate
	licenses [4]licenseTerms
}

// elementRuns are, by element bits, where a bid's elements are in
// laidRates.elems: partner base, sourced margin, service attach, partner
// base, service attach.
var elementRuns = [8][2]uint8{
	0:                                   {0, 0},
	bitPartnerBase:                      {0, 1},
	bitSourcedMargin:                    {1, 2},
	bitPartnerBase | bitSourcedMargin:   {0, 2},
	bitServiceAttach:                    {2, 3},
	bitPartnerBase | bitServiceAttach:   {3, 5},
	bitSourcedMargin | bitServiceAttach: {1, 3},
	bitPartnerBase | bitSourcedMargin | bitServiceAttach: {0, 3},
}

// elements are the elements of the element bits qualifies, in the order of
// [Elements], each with its rate. Their capacity is their length, so that
// appending to one bid's copies them.
func (rs *tenderRates) elements(qualifies uint8) []AppliedRate {
	r := elementRuns[qualifies&7]
	return rs.laid.elems[r[0]:r[1]:r[1]]
}

// lay lays out, in a new rs.laid, the elements with their rates and the
// license discounts: those of licenses when it is not nil (the license
// rates are licenses'), or else every combination of license discounts
// whose rates are known, each the sum of their rates.
func (rs *tenderRates) lay(licenses *[4]licenseTerms) {
	l := new(laidRates)
	pb := AppliedRate{ElementPartnerBase, rs.partnerBase.Rate}
	sa := AppliedRate{ElementServiceAttach, rs.serviceAttach.Rate}
	l.elems = [5]AppliedRate{pb, {ElementSourcedMargin, rs.sourcedMargin.Rate}, sa, pb, sa}
	rs.laid = l
	if licenses != nil {
		l.licenses = *licenses
		return
	}
	pbr, smr := &rs.partnerBase, &rs.sourcedMargin
	l.licenses[0] = termsOf(decimal.Zero)
	if pbr.set {
		l.licenses[bitPartnerBase] = termsOf(pbr.value)
	}
	if smr.set {
		l.licenses[bitSourcedMargin] = termsOf(smr.value)
	}
	rs.bothAboveOne = false
	if pbr.set && smr.set {
		both := decimal.Zero.Add(pbr.value).Add(smr.value)
		l.licenses[bitPartnerBase|bitSourcedMargin] = termsOf(both)
		rs.bothAboveOne = !atMostPow10(both, 0)
	}
}

// ratesFor is the rates in force for t: the policy's, or else the
// tender's laid over them, rate by rate, in *own.
func (rd *ready) ratesFor(t *Tender, own *tenderRates) *tenderRates {
	r := t.Rates
	if r == nil || r.PartnerBase == nil && r.SourcedMargin == nil && r.ServiceAttach == nil {
		return &rd.rates
	}
	*own = rd.rates
	pick := func(k *knownRate, d *decimal.Decimal) {
		if d != nil {
			*k = rateFrom(Rate{*d, true}, true)
		}
	}
	pick(&own.partnerBase, r.PartnerBase)
	pick(&own.sourcedMargin, r.SourcedMargin)
	pick(&own.serviceAttach, r.ServiceAttach)
	if r.PartnerBase != nil || r.SourcedMargin != nil {
		own.lay(nil)
	} else {
		own.lay(&rd.rates.laid.licenses)
	}
	if p := &rd.rates; own.partnerBase.set != p.partnerBase.set || own.sourcedMargin.set != p.sourcedMargin.set ||
		own.serviceAttach.set != p.serviceAttach.set || own.bothAboveOne != p.bothAboveOne {
		own.plan(rd.msrpOnly) // the policy's plans are for other rates
	}
	return own
}

// given is a tender's rate as a [Rate]: unset when nil.
func given(d *decimal.Decimal) Rate {
	if d == nil {
		return Rate{}
	}
	return Rate{*d, true}
}

// bidState is how far a bid could be decided.
type bidState uint8

const (
	bidPriced   bidState = iota
	bidUnpriced          // a rate is unknown
	bidReview            // the license discounts add up to more than 1
)

// Bits of the pricing elements, in the order of [Elements].
const (
	bitPartnerBase = 1 << iota
	bitSourcedMargin
	bitServiceAttach
)

// registration is what a bidder's sourced registration amounts to.
type registration uint8

const (
	regNone        registration = iota
	regSourced                  // approved strictly before the opening
	regLate                     // approved at or after the opening
	regNotApproved              // pending or denied
)

// bidPlan is what the ranking phase decides for one bidder: everything its
// bid and its reasons are written from. It holds no pointer: plans are
// kept in the frame of the decision's reasons (tenderFrame), which the
// collector does not scan.
type bidPlan struct {
	qualifies uint8 // the element bits of the elements it qualifies for
	unknown   uint8 // the element bits of those without a rate
	license   uint8 // the element bits of its license discounts
	reg       registration
	exception bool // the US public-sector exception applies
	state     bidState
	rules     uint8 // ruleKey but for a repeated bidder's bit, decided with the rest
	_         uint8 // the padding, named so that it is zero: plans are a frame's bytes, which decisions made alike share
	repeatOf  int32 // the index of the partner's first bid, or -1
}

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
	var p program.Problems
	t.check(&p)
	rd, err := pol.prepare(&p)
	if err != nil {
		return TenderDecision{}, err
	}
	if r := t.Rates; r != nil && (r.PartnerBase != nil || r.SourcedMargin != nil || r.ServiceAttach != nil) {
		return rd.tenderOwnRates(&t), nil
	}
	return rd.tender(&t, &rd.rates), nil
}

// tenderOwnRates decides a tender that gives rates of its own, laid over
// the policy's in a variable that only such a tender makes room for.
func (rd *ready) tenderOwnRates(t *Tender) TenderDecision {
	var own tenderRates
	return rd.tender(t, rd.ratesFor(t, &own))
}

// pairwise is how many bidders a decision compares pairwise to find a
// partner bidding again: as many as program.UniqueIDs compares without a
// table.
const pairwise = 32

// tender decides a valid tender in three phases: plan every bid (its
// elements, rates and state), price the bids by their license discounts,
// and write the bids.
//
// A decision allocates its bids, the frame its reasons are written from
// when they are read (tenderFrame, with the bids' plans in it), the line
// prices of each license discount and the coefficients of the amounts it
// computes (program.DecimalCells): four allocations, whatever the number
// of bidders and lines, when the amounts fit 64 bits. Bids share what
// cannot differ between them: the prices of bids with the same license
// discount (prices), the rule IDs of bids citing the same rules
// (bidRules), and the elements with their rates and the license
// discounts (laidRates, the policy's own when the tender gives no rate;
// else one more allocation), which write the reasons and which the
// reasons citing a rate refer to. A tender with more than pairwise
// bidders allocates the table that finds repeated bidders, and one that
// needs review the text of its next step.
func (rd *ready) tender(t *Tender, rates *tenderRates) TenderDecision {
	n := len(t.Bidders)
	x := newFrame(t, rates)
	plans, approvals, flags := x.plans(), x.approvals(), x.flags()
	var groups uint // bit g: a priced bid has license bits g
	outcome := Priced
	ids := program.NewUniqueIDs(n) // a table only for a long list
	for i := range plans {
		b := &t.Bidders[i]
		bp := rates.plans[planKey(t, b)]
		approvals[i], flags[i] = note(b)
		// A partner bidding again: pairwise in a short list, as
		// program.UniqueIDs does it, with no call for each.
		if n > pairwise {
			if j, dup := ids.Check(i, b.Partner, func(j int) string { return t.Bidders[j].Partner }); dup {
				bp.repeatOf = int32(j)
			}
		} else if b.Partner != "" { // as ids.Check: an empty ID is no one's
			for j := range i {
				if sameString(t.Bidders[j].Partner, b.Partner) {
					bp.repeatOf = int32(j)
					break
				}
			}
		}
		switch bp.state {
		case bidPriced:
			groups |= 1 << bp.license
		case bidUnpriced:
			if outcome == Priced {
				outcome = Unpriced
			}
		case bidReview:
			outcome = TenderNeedsReview
		}
		if bp.repeatOf >= 0 {
			outcome = TenderNeedsReview
		}
		plans[i] = bp
	}

	bids := make([]Bid, n)
	pr := priceAll(t, groups, rates.laid)
	nReasons := 0
	for i := range plans {
		bp, bid := &plans[i], &bids[i]
		bid.Partner, bid.Basis = t.Bidders[i].Partner, BasisDiscounted
		if bp.exception && rd.msrpOnly {
			bid.Basis = BasisMSRP
		}
		bid.Elements, bid.Rules = rates.elements(bp.qualifies), bidRules[bp.key()]
		nReasons += len(bid.Rules)
		if bp.state == bidPriced {
			pr.price(bid, bp.license, rates.laid)
		}
	}
	d := TenderDecision{Outcome: outcome, Currency: t.Currency, Bids: bids, PolicyVersion: rd.src.Version}
	d.Reasons = x.reasons(nReasons, rates.laid)
	if outcome == TenderNeedsReview {
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: reviewTender(t, plans)}
	}
	return d
}

// planKey is the key of bidder b's plan in tenderRates.plans: what its
// sourced registration amounts to, whether the tender is a US public-sector
// one, and whether b offers services.
func planKey(t *Tender, b *Bidder) int {
	reg := regNone
	if r := b.SourcedRegistration; r != nil {
		switch {
		case r.Status != RegistrationApproved:
			reg = regNotApproved
		case r.ApprovedAt.Before(t.OpenedAt):
			reg = regSourced
		default:
			reg = regLate
		}
	}
	k := int(reg) << 2
	if t.USPublicSector {
		k |= planPubSec
	}
	if b.OffersServices {
		k |= planServices
	}
	return k
}

// Bits of a plan's key below its registration (planKey).
const (
	planServices = 1 << iota
	planPubSec
)

// plan decides, for every key of planKey, a bid's elements, their rates
// and how far it can be decided, once for the policy (or for a tender
// that gives its own rates) rather than for every bidder.
func (rs *tenderRates) plan(msrpOnly bool) {
	for k := range rs.plans {
		bp := bidPlan{reg: registration(k >> 2), repeatOf: -1}
		qualify := func(bit uint8, r *knownRate) {
			bp.qualifies |= bit
			if bit != bitServiceAttach {
				bp.license |= bit
			}
			if !r.set {
				bp.unknown |= bit
			}
		}
		bp.exception = k&planPubSec != 0 && bp.reg != regSourced
		if !bp.exception || !msrpOnly {
			qualify(bitPartnerBase, &rs.partnerBase)
		}
		if bp.reg == regSourced {
			qualify(bitSourcedMargin, &rs.sourcedMargin)
		}
		if k&planServices != 0 {
			qualify(bitServiceAttach, &rs.serviceAttach)
		}
		switch {
		case bp.unknown&bp.license != 0:
			bp.state = bidUnpriced
		case bp.license == bitPartnerBase|bitSourcedMargin && rs.bothAboveOne:
			bp.state = bidReview
		}
		bp.rules = uint8(bp.ruleKey())
		rs.plans[k] = bp
	}
}

// prices are a tender's prices, by license discount. Bids of the same
// license discount have the same prices, so they share them: every
// discount a priced bid has is priced once, all of them line by line, so
// that each line's list amount is worked out once, and in integers while
// the amounts fit 64 bits (fixed).
//
// The line prices of the discounts come first in one block, n per
// discount; then their totals, two to a LinePrice (as its List, then its
// Price), where the bids' Total point, so that they take no allocation of
// their own. A bid's DiscountRate points at its discount among the
// laid-out rates (laidRates.licenses).
type prices struct {
	// byLicense holds, by license bits, the prices of the discount.
	byLicense [4]pricedLines
	// What is left of the room made for line prices, totals and
	// coefficients: none, but for the coefficients of prices computed
	// by decimal's arithmetic.
	lines, totals []LinePrice
	cells         program.DecimalCells
}

// pricedLines are the prices of one license discount.
type pricedLines struct {
	lines []LinePrice
	total *program.Money
}

// priceAll prices t's lines for each license discount of groups (bit g:
// the discount of license bits g), laid out in laid. The prices are
// returned, and kept in local variables while they are made, so that
// only the prices written into the block take write barriers.
func priceAll(t *Tender, groups uint, laid *laidRates) (pr prices) {
	nGroups := bits.OnesCount(groups)
	if nGroups == 0 {
		return pr
	}
	n := len(t.Lines)
	nCells := nGroups * (n + 1) // prices and total
	for j := range t.Lines {
		if t.Lines[j].Quantity != 1 {
			nCells++ // its list amount
		}
	}
	all := make([]LinePrice, nGroups*n+(nGroups+1)/2)
	cells := program.NewDecimalCells(nCells)
	// The discounts, in order of their license bits: their lines, the
	// share of the list price paid, and the total so far while every
	// price is computed in integers (fast).
	var (
		order  [4]uint8
		blocks [4][]LinePrice
		factor [4]fixed
		sum    [4]uint64
		fast   [4]bool
	)
	k := 0
	for g := range uint8(4) {
		if groups&(1<<g) != 0 {
			order[k], blocks[k] = g, all[k*n:(k+1)*n:(k+1)*n]
			factor[k], fast[k] = laid.licenses[g].factor, laid.licenses[g].fast
			k++
		}
	}
	cur, places := t.Currency, t.Currency.MinorUnits()
	for j := range t.Lines {
		l := &t.Lines[j]
		list, lf, listFits := l.MSRP.Amount, fixed{}, false
		if l.Quantity == 1 { // × 1: the same value and exponent
			lf, listFits = fixedOf(list)
		} else {
			list, lf, listFits, cells = listAmount(list, l.Quantity, cells)
		}
		// Line j of each discount's block, n line prices apart.
		for x, at := 0, j; x < k; x, at = x+1, at+n {
			lp := &all[at]
			lp.Line, lp.Quantity = l.ID, l.Quantity
			lp.List.Amount, lp.List.Currency, lp.Price.Currency = list, cur, cur
			if !fast[x] {
				continue
			}
			c, ok := roundedPrice(lf, factor[x], places)
			if sum[x] += c; !listFits || !ok || sum[x] > math.MaxInt64 {
				fast[x] = false // the cells taken stay unused
				continue
			}
			if len(cells) == 0 { // decimal's layout is not the one cells are written for
				lp.Price.Amount = decimal.New(int64(c), -places)
				continue
			}
			lp.Price.Amount, cells = cells.Unsigned(c, -places)
		}
	}
	totals := all[k*n:]
	for x, g := range order[:k] {
		var total decimal.Decimal
		switch {
		case fast[x] && len(cells) > 0:
			total, cells = cells.Unsigned(sum[x], -places)
		case fast[x]:
			total = decimal.New(int64(sum[x]), -places)
		default:
			total = decimalPrices(blocks[x], &laid.licenses[g], places)
		}
		row := &totals[x/2]
		m := &row.List
		if x%2 == 1 {
			m = &row.Price
		}
		m.Amount, m.Currency = total, cur
		pr.byLicense[g] = pricedLines{lines: blocks[x], total: m}
	}
	pr.lines, pr.totals, pr.cells = all[k*n:k*n], totals[(k+1)/2:], cells
	return pr
}

// price gives bid, whose license bits are license, its prices.
func (pr *prices) price(bid *Bid, license uint8, laid *laidRates) {
	own := &pr.byLicense[license]
	bid.Lines, bid.Total, bid.DiscountRate = own.lines, own.total, &laid.licenses[license].discount
}

// ruleKey says which rules bp's reasons cite: the key of bidRules.
func (bp *bidPlan) ruleKey() int {
	k := int(bp.qualifies&bitPartnerBase) | int(bp.reg)<<1 | int(bp.qualifies&bitServiceAttach)<<1
	if bp.exception {
		k |= 1 << 4
	}
	if bp.unknown != 0 {
		k |= 1 << 5
	}
	if bp.state == bidReview {
		k |= 1 << 6
	}
	if bp.repeatOf >= 0 {
		k |= ruleRepeated
	}
	return k
}

// key is the key of bidRules of bp, whose rules were decided with it but
// for whether the partner bids again.
func (bp *bidPlan) key() uint8 {
	if bp.repeatOf >= 0 {
		return bp.rules | ruleRepeated
	}
	return bp.rules
}

// ruleRepeated is the bit of ruleKey for a partner bidding again.
const ruleRepeated = 1 << 7

// bidRules are the rule IDs of a bid's reasons, in the order WriteReasons
// writes them, by ruleKey: bits 0 partner base, 1-2 the registration, 3
// service attach, 4 the public-sector exception, 5 a rate unknown, 6
// discounts above one, 7 a repeated bidder. Every bid citing the same
// rules shares its list; their capacity is their length.
var bidRules = func() (table [256][]program.RuleID) {
	all := make([]program.RuleID, 0, 256*7)
	for k := range table {
		start := len(all)
		cite := func(bit int, id program.RuleID) {
			if k&bit != 0 {
				all = append(all, id)
			}
		}
		cite(1, RuleTenderPartnerBase)
		switch registration(k >> 1 & 3) {
		case regSourced:
			all = append(all, RuleTenderSourcedMargin)
		case regLate:
			all = append(all, RuleTenderSourcedLate)
		case regNotApproved:
			all = append(all, RuleTenderSourcedNotApproved)
		}
		cite(1<<3, RuleTenderServiceAttach)
		cite(1<<4, RuleTenderUSPubSec)
		cite(1<<5, RuleTenderRateUnknown)
		cite(1<<6, RuleTenderDiscountsAboveOne)
		cite(1<<7, RuleTenderRepeatedBidder)
		table[k] = all[start:len(all):len(all)]
	}
	return table
}()

// reviewTender says what a person reviews in a tender that needs review.
func reviewTender(t *Tender, plans []bidPlan) string {
	b := append(make([]byte, 0, 128), "review the tender: "...)
	sep := ""
	for i := range plans {
		partner := t.Bidders[i].Partner
		if plans[i].state == bidReview {
			b = append(append(append(b, sep...), "the license discounts of "...), partner...)
			b, sep = append(b, " add up to more than 1"...), "; "
		}
		if j := int(plans[i].repeatOf); j >= 0 {
			b = append(append(append(b, sep...), "which of "...), partner...)
			b = strconv.AppendInt(append(b, "'s bids stands (/bidders/"...), int64(j), 10)
			b = strconv.AppendInt(append(b, ", /bidders/"...), int64(i), 10)
			b, sep = append(b, ')'), "; "
		}
	}
	return string(b)
}
