package distribution

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// OrderOutcome is where an order stands.
type OrderOutcome string

const (
	// OrderIncomplete: at least one check failed; Problems lists each.
	OrderIncomplete OrderOutcome = "incomplete"
	// OrderAwaitingInvoice: the order is complete and not invoiced yet.
	OrderAwaitingInvoice OrderOutcome = "awaiting_invoice"
	// OrderAwaitingEULA: invoiced; the customer has yet to accept the EULA
	// at the download link.
	OrderAwaitingEULA OrderOutcome = "awaiting_eula"
	// OrderDeliverKey: the license key can go out.
	OrderDeliverKey OrderOutcome = "deliver_key"
)

// OrderOutcomes lists every order outcome, in a fixed order.
var OrderOutcomes = []OrderOutcome{OrderIncomplete, OrderAwaitingInvoice, OrderAwaitingEULA, OrderDeliverKey}

func (o OrderOutcome) Valid() bool { return slices.Contains(OrderOutcomes, o) }
func (o *OrderOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "order outcome", OrderOutcomes)
}

// EnumValues lists the valid values of OrderOutcome.
func (OrderOutcome) EnumValues() []string { return program.EnumStrings(OrderOutcomes) }

// Order is an order as the checks see it, the input of [Policy.CheckOrder];
// its errors locate problems with JSON Pointers into its JSON
// ("/end_user/email"). A zero instant means the event has not happened.
type Order struct {
	Kind    OrderKind `json:"kind" jsonschema:"required"`
	EndUser EndUser   `json:"end_user"`
	EULA    EULA      `json:"eula"`
	// QuoteESignedAt is when the quote was e-signed.
	QuoteESignedAt time.Time `json:"quote_esigned_at,omitzero"`
	// ReadyToInvoiceAt is when the order became ready to invoice. An
	// invoiced order was ready by its invoice, so on one it may be left out
	// (not recorded); it then matters only for a quote e-signed before the
	// invoice, which is an order problem at this member.
	ReadyToInvoiceAt time.Time `json:"ready_to_invoice_at,omitzero"`
	InvoicedAt       time.Time `json:"invoiced_at,omitzero"`
	// PartnerInvoiceContact is the transacting partner's invoice contact,
	// copied on the activation email.
	PartnerInvoiceContact string `json:"partner_invoice_contact,omitempty" jsonschema:"format=email,pattern=^[^\":@[][^\":[]*[^.]$"`
}

// EndUser is the end user's contact information.
type EndUser struct {
	Email           string `json:"email,omitempty" jsonschema:"format=email,pattern=^[^\":@[][^\":[]*[^.]$"`
	ShippingAddress string `json:"shipping_address,omitempty"`
	PostalCode      string `json:"postal_code,omitempty"`
}

// EULA is the state of the order's end-user license agreement.
type EULA struct {
	// Method is how the EULA is executed; empty means the policy's default
	// (license_key). none says that no EULA is arranged, which leaves an
	// order that needs one incomplete.
	Method EULAMethod `json:"method,omitempty"`
	// AcceptedAt is when the customer accepted the terms at the download
	// link (license_key method). An acceptance before the invoice is a
	// fact like any other: it holds the key until the order is invoiced.
	AcceptedAt time.Time `json:"accepted_at,omitzero"`
	// CountersignedAt is when the document was fully countersigned
	// (countersigned method).
	CountersignedAt time.Time `json:"countersigned_at,omitzero"`
}

// OrderDecision is the result of the order checks.
type OrderDecision struct {
	Outcome OrderOutcome `json:"outcome"`
	// Problems lists every failed check with the member of the order to
	// fix, in handbook order; empty unless the outcome is incomplete.
	Problems []Problem `json:"problems"`
	// EULAMethod is the method in force (the order's or the default).
	EULAMethod EULAMethod `json:"eula_method,omitempty"`
	// Delivery says who gets the activation email, once the key can go out.
	Delivery      KeyDelivery      `json:"delivery,omitzero"`
	Next          program.Action   `json:"next,omitzero"`
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

// Problem is one failed order check.
type Problem struct {
	// Pointer is the JSON Pointer of the order's member to fix
	// ("/end_user/email"), as input errors locate theirs.
	Pointer string         `json:"pointer"`
	Rule    program.RuleID `json:"rule"`
}

// KeyDelivery is the activation email's recipients.
type KeyDelivery struct {
	To string `json:"to"`
	CC string `json:"cc"`
}

// eulaMethod is the method in force for o.
func (p Policy) eulaMethod(o Order) EULAMethod {
	if o.EULA.Method != "" {
		return o.EULA.Method
	}
	return p.Orders.DefaultEULAMethod
}

// checkOrder records input errors: malformed values, an impossible order
// of events, and events after now. Valid facts in a combination the checks
// do not expect (an EULA acceptance before the invoice, an execution of the
// EULA by another method than the order's, an invoiced order that does not
// say when it became ready to invoice) are decided by CheckOrder, not
// refused here.
func (p Policy) checkOrder(pr *program.Problems, o Order, now time.Time) {
	program.CheckEnum(pr, "/kind", o.Kind, "kind", OrderKinds)
	if strings.TrimSpace(o.EndUser.Email) != "" {
		checkEmail(pr, "/end_user/email", o.EndUser.Email, false)
	}
	if o.EULA.Method != "" {
		program.CheckEnum(pr, "/eula/method", o.EULA.Method, "method", EULAMethods)
	}
	// Invoiced before it was ready to invoice is impossible, as an approval
	// before its submission is; invoiced without saying when it became
	// ready is not (see CheckOrder).
	if !o.InvoicedAt.IsZero() && !o.ReadyToInvoiceAt.IsZero() && o.InvoicedAt.Before(o.ReadyToInvoiceAt) {
		pr.Add("/invoiced_at", "%s is before ready_to_invoice_at %s: an order is invoiced only once it is ready",
			o.InvoicedAt.Format(time.RFC3339), o.ReadyToInvoiceAt.Format(time.RFC3339))
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) != "" {
		checkEmail(pr, "/partner_invoice_contact", o.PartnerInvoiceContact, false)
	}
	for _, ev := range []struct {
		pointer string
		at      time.Time
	}{
		{"/eula/accepted_at", o.EULA.AcceptedAt},
		{"/eula/countersigned_at", o.EULA.CountersignedAt},
		{"/quote_esigned_at", o.QuoteESignedAt},
		{"/ready_to_invoice_at", o.ReadyToInvoiceAt},
		{"/invoiced_at", o.InvoicedAt},
	} {
		if !now.IsZero() && ev.at.After(now) { // without now, only its absence is reported
			pr.Add(ev.pointer, "%s is after the evaluation instant %s", ev.at.Format(time.RFC3339), now.Format(time.RFC3339))
		}
	}
}

// CheckOrder checks o at now: end-user contact details, the EULA, the
// timing of the quote's e-signature and the partner's invoice contact. An
// order failing any check is incomplete and every failure is listed with
// the JSON Pointer of the member to fix; otherwise the decision says
// whether the license key waits for the invoice (an EULA accepted before
// the invoice holds the key until then), waits for the customer's EULA
// acceptance, or can go out. Input errors locate problems with JSON
// Pointers into the order's JSON; a zero now is the parameter "now".
func (p Policy) CheckOrder(o Order, now time.Time) (OrderDecision, error) {
	rd, err := p.checked()
	if err != nil { // a hand-built or changed policy is checked, not trusted
		return OrderDecision{}, err
	}
	p.ready = rd // fresh for the rest of this call
	var pr program.Problems
	if now.IsZero() {
		// A parameter of the call, not a member of the order.
		pr.AddErr(&program.FieldError{Parameter: "now", Detail: "required: the evaluation instant (RFC 3339)"})
	}
	p.checkOrder(&pr, o, now)
	if err := pr.Err(); err != nil {
		return OrderDecision{}, err
	}
	d := OrderDecision{PolicyVersion: p.Version, Problems: []Problem{}}
	eulaRequired := slices.Contains(p.Orders.EULARequiredFor, o.Kind)
	if eulaRequired {
		d.EULAMethod = p.eulaMethod(o)
	}
	fail := func(pointer string, id program.RuleID, f program.Facts) {
		d.Problems = append(d.Problems, Problem{Pointer: pointer, Rule: id})
		d.Reasons = append(d.Reasons, cite(id, program.Unmet, f))
	}
	if !o.QuoteESignedAt.IsZero() {
		var f program.Facts
		f.SetInstant(0, o.QuoteESignedAt, nil)
		switch {
		case !o.ReadyToInvoiceAt.IsZero():
			if o.QuoteESignedAt.Before(o.ReadyToInvoiceAt) {
				f.SetInstant(1, o.ReadyToInvoiceAt, nil)
				fail("/quote_esigned_at", RuleESignedEarly, f)
			}
		case o.InvoicedAt.IsZero():
			f.V = 1
			fail("/quote_esigned_at", RuleESignedEarly, f)
		case o.QuoteESignedAt.Before(o.InvoicedAt):
			// Invoiced, so it was ready by the invoice; whether it was
			// ready by the e-signature is what the order does not say.
			f.V = 2
			f.SetInstant(1, o.InvoicedAt, nil)
			fail("/ready_to_invoice_at", RuleESignedEarly, f)
		}
	}
	if strings.TrimSpace(o.EndUser.Email) == "" {
		fail("/end_user/email", RuleEndUserEmail, program.Facts{})
	}
	if strings.TrimSpace(o.EndUser.ShippingAddress) == "" {
		fail("/end_user/shipping_address", RuleShippingAddress, program.Facts{})
	}
	if strings.TrimSpace(o.EndUser.PostalCode) == "" {
		fail("/end_user/postal_code", RulePostalCode, program.Facts{})
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) == "" {
		fail("/partner_invoice_contact", RuleInvoiceContactMissing, program.Facts{})
	}
	if eulaRequired {
		p.checkEULA(o, d.EULAMethod, fail)
	}
	if len(d.Problems) > 0 {
		d.Outcome = OrderIncomplete
		d.Next = program.Action{Actor: program.ActorPartner, What: fmt.Sprintf("fix %d problem(s) with the order, starting with %s", len(d.Problems), d.Problems[0].Pointer)}
		return d, nil
	}

	accepted := eulaRequired && d.EULAMethod == EULALicenseKey && !o.EULA.AcceptedAt.IsZero()
	switch {
	case !eulaRequired:
		d.Reasons = append(d.Reasons, cite(RuleEULANotRequired, program.Applied, facts(string(o.Kind), "", "")))
	case d.EULAMethod == EULACountersigned:
		var f program.Facts
		f.SetInstant(0, o.EULA.CountersignedAt, nil)
		d.Reasons = append(d.Reasons, cite(RuleEULACountersigned, program.Applied, f))
	case !accepted:
		d.Reasons = append(d.Reasons, cite(RuleEULALicenseKey, program.Applied, program.Facts{}))
	default:
		var f program.Facts
		f.SetInstant(0, o.EULA.AcceptedAt, nil).V = 1
		d.Reasons = append(d.Reasons, cite(RuleEULALicenseKey, program.Applied, f))
	}
	var f program.Facts // the order's instants, as it records them
	f.SetInstant(0, o.EULA.AcceptedAt, nil).SetInstant(1, o.InvoicedAt, nil)
	switch {
	case o.InvoicedAt.IsZero() && accepted:
		// No Next: the handbook does not say who invoices.
		d.Outcome = OrderAwaitingInvoice
		d.Reasons = append(d.Reasons, cite(RuleAcceptedBeforeInvoice, program.Applied, f))
	case o.InvoicedAt.IsZero():
		d.Outcome = OrderAwaitingInvoice
		d.Reasons = append(d.Reasons, cite(RuleAwaitInvoice, program.Applied, f))
	case eulaRequired && d.EULAMethod == EULALicenseKey && !accepted:
		d.Outcome = OrderAwaitingEULA
		d.Next = program.Action{Actor: program.ActorPartner, What: "have the customer accept the EULA at the download link"}
		d.Reasons = append(d.Reasons, cite(RuleAwaitAcceptance, program.Applied, f))
	default:
		if accepted && o.EULA.AcceptedAt.Before(o.InvoicedAt) {
			f.V = 1
			d.Reasons = append(d.Reasons, cite(RuleAcceptedBeforeInvoice, program.Applied, f))
			f.V = 0
		}
		d.Outcome = OrderDeliverKey
		d.Delivery = KeyDelivery{To: o.EndUser.Email, CC: o.PartnerInvoiceContact}
		f.S[1], f.S[2] = o.EndUser.Email, o.PartnerInvoiceContact
		d.Reasons = append(d.Reasons, cite(RuleDeliverKey, program.Applied, f))
	}
	return d, nil
}

// checkEULA records the EULA problems of an order whose kind needs an
// executed EULA under method: none arranged, an execution recorded that
// belongs to another method, a countersignature missing.
func (p Policy) checkEULA(o Order, method EULAMethod, fail func(pointer string, id program.RuleID, f program.Facts)) {
	if method == EULANone {
		fail("/eula/method", RuleEULANoneArranged, facts(string(o.Kind), "", ""))
	}
	if !o.EULA.AcceptedAt.IsZero() && method != EULALicenseKey {
		f := facts(string(method), "", "")
		f.SetInstant(0, o.EULA.AcceptedAt, nil)
		fail("/eula/accepted_at", RuleEULAMethodMismatch, f)
	}
	if !o.EULA.CountersignedAt.IsZero() && method != EULACountersigned {
		f := facts(string(method), "", "")
		f.SetInstant(0, o.EULA.CountersignedAt, nil).V = 1
		fail("/eula/countersigned_at", RuleEULAMethodMismatch, f)
	}
	if method == EULACountersigned && o.EULA.CountersignedAt.IsZero() {
		fail("/eula/countersigned_at", RuleCountersignatureMissing, facts(string(o.Kind), "", ""))
	}
}
