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

// Order is an order as the checks see it. Its JSON root is "order". A zero
// instant means the event has not happened.
type Order struct {
	Kind    OrderKind `json:"kind" jsonschema:"required"`
	EndUser EndUser   `json:"end_user"`
	EULA    EULA      `json:"eula"`
	// QuoteESignedAt is when the quote was e-signed.
	QuoteESignedAt time.Time `json:"quote_esigned_at,omitzero"`
	// ReadyToInvoiceAt is when the order became ready to invoice.
	ReadyToInvoiceAt time.Time `json:"ready_to_invoice_at,omitzero"`
	InvoicedAt       time.Time `json:"invoiced_at,omitzero"`
	// PartnerInvoiceContact is the transacting partner's invoice contact,
	// copied on the activation email.
	PartnerInvoiceContact string `json:"partner_invoice_contact,omitempty"`
}

// EndUser is the end user's contact information.
type EndUser struct {
	Email           string `json:"email,omitempty"`
	ShippingAddress string `json:"shipping_address,omitempty"`
	PostalCode      string `json:"postal_code,omitempty"`
}

// EULA is the state of the order's end-user license agreement.
type EULA struct {
	// Method is how the EULA is executed; empty means the policy's default
	// (license_key).
	Method EULAMethod `json:"method,omitempty"`
	// AcceptedAt is when the customer accepted the terms at the download
	// link (license_key method).
	AcceptedAt time.Time `json:"accepted_at,omitzero"`
	// CountersignedAt is when the document was fully countersigned
	// (countersigned method).
	CountersignedAt time.Time `json:"countersigned_at,omitzero"`
}

// OrderDecision is the result of the order checks.
type OrderDecision struct {
	Outcome OrderOutcome `json:"outcome"`
	// Problems lists every failed check with the field to fix, in handbook
	// order; empty unless the outcome is incomplete.
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
	Field string         `json:"field"`
	Rule  program.RuleID `json:"rule"`
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

// checkOrder records input errors: malformed values and facts that
// contradict each other or lie after now.
func (p Policy) checkOrder(pr *program.Problems, o Order, now time.Time) {
	program.CheckEnum(pr, "order.kind", o.Kind, "kind", OrderKinds)
	if strings.TrimSpace(o.EndUser.Email) != "" {
		checkEmail(pr, "order.end_user.email", o.EndUser.Email, false)
	}
	if o.EULA.Method != "" {
		program.CheckEnum(pr, "order.eula.method", o.EULA.Method, "method", EULAMethods)
	}
	method := p.eulaMethod(o)
	if !o.EULA.AcceptedAt.IsZero() {
		switch {
		case method != EULALicenseKey:
			pr.Add("order.eula.accepted_at", "set, but the EULA method is %s; acceptance at the download link belongs to license_key", method)
		case o.InvoicedAt.IsZero():
			pr.Add("order.eula.accepted_at", "set, but the order is not invoiced; the download link goes out after invoicing")
		case o.EULA.AcceptedAt.Before(o.InvoicedAt):
			pr.Add("order.eula.accepted_at", "%s is before invoiced_at %s; the download link goes out after invoicing",
				o.EULA.AcceptedAt.Format(time.RFC3339), o.InvoicedAt.Format(time.RFC3339))
		}
	}
	if !o.EULA.CountersignedAt.IsZero() && method != EULACountersigned {
		pr.Add("order.eula.countersigned_at", "set, but the EULA method is %s, not countersigned", method)
	}
	if !o.InvoicedAt.IsZero() {
		switch {
		case o.ReadyToInvoiceAt.IsZero():
			pr.Add("order.ready_to_invoice_at", "required once invoiced_at is set: an order is invoiced only when ready")
		case o.InvoicedAt.Before(o.ReadyToInvoiceAt):
			pr.Add("order.invoiced_at", "%s is before ready_to_invoice_at %s",
				o.InvoicedAt.Format(time.RFC3339), o.ReadyToInvoiceAt.Format(time.RFC3339))
		}
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) != "" {
		checkEmail(pr, "order.partner_invoice_contact", o.PartnerInvoiceContact, false)
	}
	for _, ev := range []struct {
		field string
		at    time.Time
	}{
		{"order.eula.accepted_at", o.EULA.AcceptedAt},
		{"order.eula.countersigned_at", o.EULA.CountersignedAt},
		{"order.quote_esigned_at", o.QuoteESignedAt},
		{"order.ready_to_invoice_at", o.ReadyToInvoiceAt},
		{"order.invoiced_at", o.InvoicedAt},
	} {
		if ev.at.After(now) {
			pr.Add(ev.field, "%s is after the evaluation instant %s", ev.at.Format(time.RFC3339), now.Format(time.RFC3339))
		}
	}
}

// CheckOrder checks o at now: end-user contact details, the EULA, the
// timing of the quote's e-signature and the partner's invoice contact. An
// order failing any check is incomplete and every failure is listed with
// its field; otherwise the decision says whether the license key waits for
// the invoice, waits for the customer's EULA acceptance, or can go out.
func (p Policy) CheckOrder(o Order, now time.Time) (OrderDecision, error) {
	if err := p.Validate(); err != nil { // a hand-built policy is checked, not trusted
		return OrderDecision{}, err
	}
	var pr program.Problems
	if now.IsZero() {
		pr.Add("now", "required: the evaluation instant (RFC 3339)")
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
	fail := func(field string, id program.RuleID, text string) {
		d.Problems = append(d.Problems, Problem{Field: field, Rule: id})
		d.Reasons = append(d.Reasons, reason(id, text))
	}
	if !o.QuoteESignedAt.IsZero() && (o.ReadyToInvoiceAt.IsZero() || o.QuoteESignedAt.Before(o.ReadyToInvoiceAt)) {
		when := "the order is not ready to invoice"
		if !o.ReadyToInvoiceAt.IsZero() {
			when = "the order became ready to invoice only at " + o.ReadyToInvoiceAt.Format(time.RFC3339)
		}
		fail("order.quote_esigned_at", RuleESignedEarly,
			fmt.Sprintf("quote e-signed at %s, but %s", o.QuoteESignedAt.Format(time.RFC3339), when))
	}
	if strings.TrimSpace(o.EndUser.Email) == "" {
		fail("order.end_user.email", RuleEndUserEmail, "the end user's email address is missing")
	}
	if strings.TrimSpace(o.EndUser.ShippingAddress) == "" {
		fail("order.end_user.shipping_address", RuleShippingAddress, "the end user's shipping address is missing")
	}
	if strings.TrimSpace(o.EndUser.PostalCode) == "" {
		fail("order.end_user.postal_code", RulePostalCode, "the end user's postal code is missing")
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) == "" {
		fail("order.partner_invoice_contact", RuleInvoiceContactMissing, "the transacting partner's invoice contact is missing; it is copied on the activation email")
	}
	if eulaRequired && d.EULAMethod == EULACountersigned && o.EULA.CountersignedAt.IsZero() {
		fail("order.eula.countersigned_at", RuleCountersignatureMissing,
			fmt.Sprintf("a %s order with a physical-signature EULA needs the fully countersigned document", o.Kind))
	}
	if len(d.Problems) > 0 {
		d.Outcome = OrderIncomplete
		d.Next = program.Action{Actor: program.ActorPartner, What: fmt.Sprintf("fix %d problem(s) with the order, starting with %s", len(d.Problems), d.Problems[0].Field)}
		return d, nil
	}

	switch {
	case !eulaRequired:
		d.Reasons = append(d.Reasons, reason(RuleEULANotRequired, fmt.Sprintf("a %s order needs no new EULA", o.Kind)))
	case d.EULAMethod == EULACountersigned:
		d.Reasons = append(d.Reasons, reason(RuleEULACountersigned,
			"EULA executed by a document countersigned at "+o.EULA.CountersignedAt.Format(time.RFC3339)))
	case o.EULA.AcceptedAt.IsZero():
		d.Reasons = append(d.Reasons, reason(RuleEULALicenseKey, "EULA to be executed by the customer accepting its terms at the key download link; not accepted yet"))
	default:
		d.Reasons = append(d.Reasons, reason(RuleEULALicenseKey,
			"EULA executed: the customer accepted its terms at the key download link at "+o.EULA.AcceptedAt.Format(time.RFC3339)))
	}
	switch {
	case o.InvoicedAt.IsZero():
		// No Next: the handbook does not say who invoices.
		d.Outcome = OrderAwaitingInvoice
		d.Reasons = append(d.Reasons, reason(RuleAwaitInvoice, "the order is not invoiced yet; the license key waits for the invoice"))
	case eulaRequired && d.EULAMethod == EULALicenseKey && o.EULA.AcceptedAt.IsZero():
		d.Outcome = OrderAwaitingEULA
		d.Next = program.Action{Actor: program.ActorPartner, What: "have the customer accept the EULA at the download link"}
		d.Reasons = append(d.Reasons, reason(RuleAwaitAcceptance,
			"invoiced at "+o.InvoicedAt.Format(time.RFC3339)+"; the key activates once the customer accepts the EULA"))
	default:
		d.Outcome = OrderDeliverKey
		d.Delivery = KeyDelivery{To: o.EndUser.Email, CC: o.PartnerInvoiceContact}
		d.Reasons = append(d.Reasons, reason(RuleDeliverKey,
			fmt.Sprintf("invoiced and EULA executed: send the activation email to %s, copying %s", o.EndUser.Email, o.PartnerInvoiceContact)))
	}
	return d, nil
}
