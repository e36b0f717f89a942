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
	if err := p.Validate(); err != nil { // a hand-built policy is checked, not trusted
		return OrderDecision{}, err
	}
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
	fail := func(pointer string, id program.RuleID, text string) {
		d.Problems = append(d.Problems, Problem{Pointer: pointer, Rule: id})
		d.Reasons = append(d.Reasons, reason(id, text))
	}
	if !o.QuoteESignedAt.IsZero() {
		signed := o.QuoteESignedAt.Format(time.RFC3339)
		switch {
		case !o.ReadyToInvoiceAt.IsZero():
			if o.QuoteESignedAt.Before(o.ReadyToInvoiceAt) {
				fail("/quote_esigned_at", RuleESignedEarly, fmt.Sprintf("quote e-signed at %s, but the order became ready to invoice only at %s",
					signed, o.ReadyToInvoiceAt.Format(time.RFC3339)))
			}
		case o.InvoicedAt.IsZero():
			fail("/quote_esigned_at", RuleESignedEarly, fmt.Sprintf("quote e-signed at %s, but the order is not ready to invoice", signed))
		case o.QuoteESignedAt.Before(o.InvoicedAt):
			// Invoiced, so it was ready by the invoice; whether it was
			// ready by the e-signature is what the order does not say.
			fail("/ready_to_invoice_at", RuleESignedEarly, fmt.Sprintf(
				"quote e-signed at %s, before the invoice at %s, and the order does not say when it became ready to invoice: record it, so the e-signature's timing can be checked",
				signed, o.InvoicedAt.Format(time.RFC3339)))
		}
	}
	if strings.TrimSpace(o.EndUser.Email) == "" {
		fail("/end_user/email", RuleEndUserEmail, "the end user's email address is missing")
	}
	if strings.TrimSpace(o.EndUser.ShippingAddress) == "" {
		fail("/end_user/shipping_address", RuleShippingAddress, "the end user's shipping address is missing")
	}
	if strings.TrimSpace(o.EndUser.PostalCode) == "" {
		fail("/end_user/postal_code", RulePostalCode, "the end user's postal code is missing")
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) == "" {
		fail("/partner_invoice_contact", RuleInvoiceContactMissing, "the transacting partner's invoice contact is missing; it is copied on the activation email")
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
		d.Reasons = append(d.Reasons, reason(RuleEULANotRequired, fmt.Sprintf("a %s order needs no new EULA", o.Kind)))
	case d.EULAMethod == EULACountersigned:
		d.Reasons = append(d.Reasons, reason(RuleEULACountersigned,
			"EULA executed by a document countersigned at "+o.EULA.CountersignedAt.Format(time.RFC3339)))
	case !accepted:
		d.Reasons = append(d.Reasons, reason(RuleEULALicenseKey, "EULA to be executed by the customer accepting its terms at the key download link; not accepted yet"))
	default:
		d.Reasons = append(d.Reasons, reason(RuleEULALicenseKey,
			"EULA executed: the customer accepted its terms at the key download link at "+o.EULA.AcceptedAt.Format(time.RFC3339)))
	}
	switch {
	case o.InvoicedAt.IsZero() && accepted:
		// No Next: the handbook does not say who invoices.
		d.Outcome = OrderAwaitingInvoice
		d.Reasons = append(d.Reasons, reason(RuleAcceptedBeforeInvoice, fmt.Sprintf(
			"the EULA was accepted at %s, before the order is invoiced: the license key is held until the invoice",
			o.EULA.AcceptedAt.Format(time.RFC3339))))
	case o.InvoicedAt.IsZero():
		d.Outcome = OrderAwaitingInvoice
		d.Reasons = append(d.Reasons, reason(RuleAwaitInvoice, "the order is not invoiced yet; the license key waits for the invoice"))
	case eulaRequired && d.EULAMethod == EULALicenseKey && !accepted:
		d.Outcome = OrderAwaitingEULA
		d.Next = program.Action{Actor: program.ActorPartner, What: "have the customer accept the EULA at the download link"}
		d.Reasons = append(d.Reasons, reason(RuleAwaitAcceptance,
			"invoiced at "+o.InvoicedAt.Format(time.RFC3339)+"; the key activates once the customer accepts the EULA"))
	default:
		if accepted && o.EULA.AcceptedAt.Before(o.InvoicedAt) {
			d.Reasons = append(d.Reasons, reason(RuleAcceptedBeforeInvoice, fmt.Sprintf(
				"the EULA was accepted at %s, before the invoice at %s: the license key was held until the invoice",
				o.EULA.AcceptedAt.Format(time.RFC3339), o.InvoicedAt.Format(time.RFC3339))))
		}
		d.Outcome = OrderDeliverKey
		d.Delivery = KeyDelivery{To: o.EndUser.Email, CC: o.PartnerInvoiceContact}
		d.Reasons = append(d.Reasons, reason(RuleDeliverKey,
			fmt.Sprintf("invoiced and EULA executed: send the activation email to %s, copying %s", o.EndUser.Email, o.PartnerInvoiceContact)))
	}
	return d, nil
}

// checkEULA records the EULA problems of an order whose kind needs an
// executed EULA under method: none arranged, an execution recorded that
// belongs to another method, a countersignature missing.
func (p Policy) checkEULA(o Order, method EULAMethod, fail func(pointer string, id program.RuleID, text string)) {
	if method == EULANone {
		fail("/eula/method", RuleEULANoneArranged, fmt.Sprintf(
			"the order says no EULA is arranged, but a %s order needs an executed EULA (license-key acceptance or a countersigned document)", o.Kind))
	}
	if !o.EULA.AcceptedAt.IsZero() && method != EULALicenseKey {
		fail("/eula/accepted_at", RuleEULAMethodMismatch, fmt.Sprintf(
			"an acceptance at the download link is recorded at %s, but the EULA method is %s: say which method the customer uses",
			o.EULA.AcceptedAt.Format(time.RFC3339), method))
	}
	if !o.EULA.CountersignedAt.IsZero() && method != EULACountersigned {
		fail("/eula/countersigned_at", RuleEULAMethodMismatch, fmt.Sprintf(
			"a countersigned document is recorded at %s, but the EULA method is %s: say which method the customer uses",
			o.EULA.CountersignedAt.Format(time.RFC3339), method))
	}
	if method == EULACountersigned && o.EULA.CountersignedAt.IsZero() {
		fail("/eula/countersigned_at", RuleCountersignatureMissing,
			fmt.Sprintf("a %s order with a physical-signature EULA needs the fully countersigned document", o.Kind))
	}
}
