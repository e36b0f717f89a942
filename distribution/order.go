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

func (o OrderOutcome) Valid() bool { return program.IsOneOf(o, OrderOutcomes) }
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
	Delivery      KeyDelivery     `json:"delivery,omitzero"`
	Next          program.Action  `json:"next,omitzero"`
	Reasons       program.Reasons `json:"reasons"`
	PolicyVersion string          `json:"policy_version"`
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

// checkOrder reports input errors: a missing now, malformed values, an
// impossible order of events, and events after now. Valid facts in a
// combination the checks do not expect (an EULA acceptance before the
// invoice, an execution of the EULA by another method than the order's, an
// invoiced order that does not say when it became ready to invoice) are
// decided by CheckOrder, not refused here. It allocates only for a problem.
func (p *Policy) checkOrder(o *Order, now time.Time) error {
	var pr program.Problems
	if now.IsZero() {
		// A parameter of the call, not a member of the order.
		pr.AddErr(&program.FieldError{Parameter: "now", Detail: "required: the evaluation instant (RFC 3339)"})
	}
	program.CheckEnum(&pr, "/kind", o.Kind, "kind", OrderKinds)
	if strings.TrimSpace(o.EndUser.Email) != "" {
		checkEmail(&pr, "/end_user/email", o.EndUser.Email, false)
	}
	if o.EULA.Method != "" {
		program.CheckEnum(&pr, "/eula/method", o.EULA.Method, "method", EULAMethods)
	}
	// Invoiced before it was ready to invoice is impossible, as an approval
	// before its submission is; invoiced without saying when it became
	// ready is not (see CheckOrder).
	if !o.InvoicedAt.IsZero() && !o.ReadyToInvoiceAt.IsZero() && o.InvoicedAt.Before(o.ReadyToInvoiceAt) {
		pr.Add("/invoiced_at", "%s is before ready_to_invoice_at %s: an order is invoiced only once it is ready",
			o.InvoicedAt.Format(time.RFC3339), o.ReadyToInvoiceAt.Format(time.RFC3339))
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) != "" {
		checkEmail(&pr, "/partner_invoice_contact", o.PartnerInvoiceContact, false)
	}
	if !now.IsZero() { // without now, only its absence is reported
		for _, ev := range [...]struct {
			pointer string
			at      time.Time
		}{
			{"/eula/accepted_at", o.EULA.AcceptedAt},
			{"/eula/countersigned_at", o.EULA.CountersignedAt},
			{"/quote_esigned_at", o.QuoteESignedAt},
			{"/ready_to_invoice_at", o.ReadyToInvoiceAt},
			{"/invoiced_at", o.InvoicedAt},
		} {
			if !ev.at.IsZero() && ev.at.After(now) { // absent is not after anything
				pr.Add(ev.pointer, "%s is after the evaluation instant %s", ev.at.Format(time.RFC3339), now.Format(time.RFC3339))
			}
		}
	}
	return pr.Err()
}

// CheckOrder checks o at now: end-user contact details, the EULA, the
// timing of the quote's e-signature and the partner's invoice contact. An
// order failing any check is incomplete and every failure is listed with
// the JSON Pointer of the member to fix; otherwise the decision says
// whether the license key waits for the invoice (an EULA accepted before
// the invoice holds the key until then), waits for the customer's EULA
// acceptance, or can go out. Input errors locate problems with JSON
// Pointers into the order's JSON; a zero now is the parameter "now".
//
// In steps: check the input (checkOrder), run the order checks
// (orderChecks), and, for a complete order, say how its EULA is executed
// (eulaStep) and where its key stands (keyStep).
func (p Policy) CheckOrder(o Order, now time.Time) (OrderDecision, error) {
	if _, err := p.checked(); err != nil { // a hand-built or changed policy is checked, not trusted
		return OrderDecision{}, err
	}
	if err := p.checkOrder(&o, now); err != nil {
		return OrderDecision{}, err
	}
	d := OrderDecision{PolicyVersion: p.Version, Problems: []Problem{}}
	eulaRequired := slices.Contains(p.Orders.EULARequiredFor, o.Kind)
	if eulaRequired {
		d.EULAMethod = p.eulaMethod(o)
	}
	var rs orderReasons
	if rs.orderChecks(&o, eulaRequired, d.EULAMethod); rs.n > 0 {
		d.Outcome = OrderIncomplete
		d.Problems = make([]Problem, rs.n)
		for i := range d.Problems {
			d.Problems[i] = Problem{Pointer: orderMembers[rs.at[i]], Rule: rs.rule[i]}
		}
		d.Next = program.Action{Actor: program.ActorPartner, What: fixOrder[rs.at[0]][rs.n]}
		d.Reasons = rs.w.Done()
		return d, nil
	}
	accepted := rs.eulaStep(&o, eulaRequired, d.EULAMethod)
	d.Outcome = rs.keyStep(&o, eulaRequired && d.EULAMethod == EULALicenseKey, accepted)
	switch d.Outcome {
	case OrderAwaitingEULA:
		d.Next = program.Action{Actor: program.ActorPartner, What: "have the customer accept the EULA at the download link"}
	case OrderDeliverKey:
		d.Delivery = KeyDelivery{To: o.EndUser.Email, CC: o.PartnerInvoiceContact}
	}
	d.Reasons = rs.w.Done()
	return d, nil
}

// maxOrderReasons bounds an order decision's reasons: an incomplete order
// fails at most the e-signature, the four contact details and three EULA
// checks (method none with executions recorded by both other methods).
const maxOrderReasons = 8

// orderReasons collects an order decision's reasons in its writer, and its
// n failed checks, each with its rule and the member to fix (an index in
// orderMembers). It lives on the stack of the decision.
type orderReasons struct {
	w    program.ReasonWriter
	rule [maxOrderReasons]program.RuleID
	at   [maxOrderReasons]uint8
	n    int
}

// cite records a reason citing rule with effect e, and returns its facts.
func (rs *orderReasons) cite(rule *program.Rule, e program.Effect) *program.Facts {
	return rs.w.Cite(rule, e)
}

// fail records a failed check of the member orderMembers[at].
func (rs *orderReasons) fail(at uint8, rule *program.Rule) *program.Facts {
	rs.rule[rs.n], rs.at[rs.n] = rule.ID, at
	rs.n++
	return rs.cite(rule, program.Unmet)
}

// The members an order check points at, by index.
const (
	atQuoteESigned uint8 = iota
	atReadyToInvoice
	atEndUserEmail
	atShippingAddress
	atPostalCode
	atInvoiceContact
	atEULAMethod
	atEULAAccepted
	atEULACountersigned
)

var orderMembers = [...]string{
	atQuoteESigned:      "/quote_esigned_at",
	atReadyToInvoice:    "/ready_to_invoice_at",
	atEndUserEmail:      "/end_user/email",
	atShippingAddress:   "/end_user/shipping_address",
	atPostalCode:        "/end_user/postal_code",
	atInvoiceContact:    "/partner_invoice_contact",
	atEULAMethod:        "/eula/method",
	atEULAAccepted:      "/eula/accepted_at",
	atEULACountersigned: "/eula/countersigned_at",
}

// fixOrder[at][n] is the next step of an incomplete order with n problems,
// the first at orderMembers[at]: written once, so that no decision formats.
var fixOrder = func() (t [len(orderMembers)][maxOrderReasons + 1]string) {
	for at, pointer := range orderMembers {
		for n := 1; n <= maxOrderReasons; n++ {
			t[at][n] = fmt.Sprintf("fix %d problem(s) with the order, starting with %s", n, pointer)
		}
	}
	return t
}()

// orderChecks records every failed check of o, in handbook order: the
// e-signature's timing, the end user's details, the invoice contact, and
// the EULA where the order's kind needs one (eulaRequired) under method.
func (rs *orderReasons) orderChecks(o *Order, eulaRequired bool, method EULAMethod) {
	if !o.QuoteESignedAt.IsZero() {
		switch {
		case !o.ReadyToInvoiceAt.IsZero():
			if o.QuoteESignedAt.Before(o.ReadyToInvoiceAt) {
				rs.fail(atQuoteESigned, &ruleESignedEarly).SetInstant(0, o.QuoteESignedAt, nil).SetInstant(1, o.ReadyToInvoiceAt, nil).V = esignedBeforeReady
			}
		case o.InvoicedAt.IsZero():
			rs.fail(atQuoteESigned, &ruleESignedEarly).SetInstant(0, o.QuoteESignedAt, nil).V = esignedNotReady
		case o.QuoteESignedAt.Before(o.InvoicedAt):
			// Invoiced, so it was ready by the invoice; whether it was
			// ready by the e-signature is what the order does not say.
			rs.fail(atReadyToInvoice, &ruleESignedEarly).SetInstant(0, o.QuoteESignedAt, nil).SetInstant(1, o.InvoicedAt, nil).V = esignedReadyUnknown
		}
	}
	if strings.TrimSpace(o.EndUser.Email) == "" {
		rs.fail(atEndUserEmail, &ruleEndUserEmail)
	}
	if strings.TrimSpace(o.EndUser.ShippingAddress) == "" {
		rs.fail(atShippingAddress, &ruleShippingAddress)
	}
	if strings.TrimSpace(o.EndUser.PostalCode) == "" {
		rs.fail(atPostalCode, &rulePostalCode)
	}
	if strings.TrimSpace(o.PartnerInvoiceContact) == "" {
		rs.fail(atInvoiceContact, &ruleInvoiceContactMissing)
	}
	if eulaRequired {
		rs.eulaChecks(o, method)
	}
}

// eulaChecks records the EULA problems of an order whose kind needs an
// executed EULA under method: none arranged, an execution recorded that
// belongs to another method, a countersignature missing.
func (rs *orderReasons) eulaChecks(o *Order, method EULAMethod) {
	if method == EULANone {
		rs.fail(atEULAMethod, &ruleEULANoneArranged).S[0] = string(o.Kind)
	}
	if !o.EULA.AcceptedAt.IsZero() && method != EULALicenseKey {
		f := rs.fail(atEULAAccepted, &ruleEULAMethodMismatch)
		f.S[0] = string(method)
		f.SetInstant(0, o.EULA.AcceptedAt, nil)
	}
	if !o.EULA.CountersignedAt.IsZero() && method != EULACountersigned {
		f := rs.fail(atEULACountersigned, &ruleEULAMethodMismatch)
		f.S[0] = string(method)
		f.SetInstant(0, o.EULA.CountersignedAt, nil).V = 1
	}
	if method == EULACountersigned && o.EULA.CountersignedAt.IsZero() {
		rs.fail(atEULACountersigned, &ruleCountersignatureMissing).S[0] = string(o.Kind)
	}
}

// eulaStep records how a complete order's EULA stands, and reports whether
// the customer has accepted it at the download link (license-key method).
// An executed EULA is a requirement met.
func (rs *orderReasons) eulaStep(o *Order, eulaRequired bool, method EULAMethod) (accepted bool) {
	switch {
	case !eulaRequired:
		rs.cite(&ruleEULANotRequired, program.Applied).S[0] = string(o.Kind)
	case method == EULACountersigned:
		rs.cite(&ruleEULACountersigned, program.Met).SetInstant(0, o.EULA.CountersignedAt, nil)
	case o.EULA.AcceptedAt.IsZero():
		rs.cite(&ruleEULALicenseKey, program.Applied)
	default:
		rs.cite(&ruleEULALicenseKey, program.Met).SetInstant(0, o.EULA.AcceptedAt, nil).V = 1
		return true
	}
	return false
}

// keyStep records where a complete order's license key stands and returns
// the outcome: waiting for the invoice (held by an acceptance before it, or
// not), waiting for the customer's acceptance (byKey: the license-key
// method applies and accepted is false), or going out.
func (rs *orderReasons) keyStep(o *Order, byKey, accepted bool) OrderOutcome {
	// Every key reason carries the order's instants, as it records them.
	instants := func(f *program.Facts) *program.Facts {
		return f.SetInstant(0, o.EULA.AcceptedAt, nil).SetInstant(1, o.InvoicedAt, nil)
	}
	switch {
	case o.InvoicedAt.IsZero() && accepted:
		// No Next: the handbook does not say who invoices.
		instants(rs.cite(&ruleAcceptedBeforeInvoice, program.Applied))
		return OrderAwaitingInvoice
	case o.InvoicedAt.IsZero():
		instants(rs.cite(&ruleAwaitInvoice, program.Applied))
		return OrderAwaitingInvoice
	case byKey && !accepted:
		instants(rs.cite(&ruleAwaitAcceptance, program.Applied))
		return OrderAwaitingEULA
	}
	if accepted && o.EULA.AcceptedAt.Before(o.InvoicedAt) {
		instants(rs.cite(&ruleAcceptedBeforeInvoice, program.Applied)).V = 1
	}
	f := instants(rs.cite(&ruleDeliverKey, program.Applied))
	f.S[1], f.S[2] = o.EndUser.Email, o.PartnerInvoiceContact
	return OrderDeliverKey
}
