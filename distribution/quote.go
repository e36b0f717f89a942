package distribution

import (
	"fmt"
	"slices"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// QuoteOutcome is which quote process applies.
type QuoteOutcome string

const (
	// QuotePortal: request the quote through the partner portal (APJ).
	QuotePortal QuoteOutcome = "portal_request"
	// QuoteSalesTeam: the quote comes through a deal registration or the
	// Ecosystem Sales Manager, and the assigned sales team carries it from
	// there (AMER, EMEA, US PubSec).
	QuoteSalesTeam QuoteOutcome = "sales_team"
	// QuoteNeedsReview: no territory lists the partner's country, so no
	// process is known.
	QuoteNeedsReview QuoteOutcome = "needs_review"
)

// QuoteOutcomes lists every quote outcome, in a fixed order.
var QuoteOutcomes = []QuoteOutcome{QuotePortal, QuoteSalesTeam, QuoteNeedsReview}

func (o QuoteOutcome) Valid() bool { return slices.Contains(QuoteOutcomes, o) }
func (o *QuoteOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "quote outcome", QuoteOutcomes)
}

// EnumValues lists the valid values of QuoteOutcome.
func (QuoteOutcome) EnumValues() []string { return program.EnumStrings(QuoteOutcomes) }

// QuoteRequest is a partner asking for a quote. Its JSON root is
// "quote_request".
type QuoteRequest struct {
	// Partner's Country decides the region.
	Partner  program.Partner `json:"partner" jsonschema:"required"`
	Customer Customer        `json:"customer"`
	// RequestedAt is when the request was submitted.
	RequestedAt time.Time `json:"requested_at" jsonschema:"required"`
}

// QuoteDecision is the quote process for one request.
type QuoteDecision struct {
	Outcome   QuoteOutcome `json:"outcome"`
	Territory Territory    `json:"territory"`
	Region    QuoteRegion  `json:"region,omitempty"`
	// Steps are what the partner does, in order.
	Steps            []string `json:"steps"`
	Recipient        string   `json:"recipient,omitempty"`
	PurchaseOrdersTo string   `json:"purchase_orders_to,omitempty"`
	// Due is when a quote or status update is owed (APJ), in the
	// calendar's zone.
	Due           time.Time        `json:"due,omitzero"`
	Next          program.Action   `json:"next,omitzero"`
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

// Quote says how the partner of q gets a quote: APJ partners through the
// portal with an answer due TurnaroundHours business hours after the
// request; AMER, EMEA and US PubSec partners (and those without a
// distributor in the Americas) through a deal registration or their
// Ecosystem Sales Manager. Only the partner's country, the customer and
// RequestedAt are read.
func (p Policy) Quote(q QuoteRequest) (QuoteDecision, error) {
	if err := p.Validate(); err != nil { // a hand-built policy is checked, not trusted
		return QuoteDecision{}, err
	}
	var pr program.Problems
	checkCountry(&pr, "quote_request.partner.country", q.Partner.Country)
	if q.RequestedAt.IsZero() {
		pr.Add("quote_request.requested_at", "required: when the request was submitted (RFC 3339)")
	}
	if err := pr.Err(); err != nil {
		return QuoteDecision{}, err
	}
	td := p.territory(Transaction{Partner: q.Partner, Customer: q.Customer})
	d := QuoteDecision{Territory: td.Outcome, Region: td.QuoteRegion, PolicyVersion: p.Version, Steps: []string{}}
	d.Reasons = append(d.Reasons, td.Reasons...)
	var proc QuoteProcess
	switch td.QuoteRegion {
	case "":
		d.Outcome = QuoteNeedsReview
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "decide which quote process applies to partners in " + string(q.Partner.Country)}
		d.Reasons = append(d.Reasons, reason(RuleQuoteUnassigned,
			fmt.Sprintf("country %s is in no territory, so no quote region is known", q.Partner.Country)))
		return d, nil
	case RegionAPJ:
		d.Outcome, proc = QuotePortal, p.Quotes.APJ
	default:
		d.Outcome, proc = QuoteSalesTeam, p.Quotes.SalesTeam
	}
	d.Steps = append(d.Steps, proc.Steps...)
	d.Recipient, d.PurchaseOrdersTo = proc.Recipient, proc.PurchaseOrdersTo
	if proc.TurnaroundHours > 0 {
		d.Due = proc.Calendar.AddBusinessHours(q.RequestedAt, time.Duration(proc.TurnaroundHours)*time.Hour)
	}
	if d.Outcome == QuotePortal {
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "Ecosystem Specialist sends a quote or a status update", Due: d.Due}
		text := fmt.Sprintf("region %s: request through the partner portal, routed to the %s", td.QuoteRegion, proc.Recipient)
		if !d.Due.IsZero() {
			text += fmt.Sprintf("; answer due %d business hours after %s, at %s",
				proc.TurnaroundHours, q.RequestedAt.In(proc.Calendar.TimeZone.Location()).Format(time.RFC3339), d.Due.Format(time.RFC3339))
		}
		d.Reasons = append(d.Reasons, reason(RuleQuoteAPJ, text))
	} else {
		d.Next = program.Action{Actor: program.ActorPartner, What: proc.Steps[0], Due: d.Due}
		d.Reasons = append(d.Reasons, reason(RuleQuoteSalesTeam,
			fmt.Sprintf("region %s: quotes come through a deal registration or the Ecosystem Sales Manager", td.QuoteRegion)))
	}
	return d, nil
}
