package distribution

import (
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

func (o QuoteOutcome) Valid() bool { return program.IsOneOf(o, QuoteOutcomes) }
func (o *QuoteOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "quote outcome", QuoteOutcomes)
}

// EnumValues lists the valid values of QuoteOutcome.
func (QuoteOutcome) EnumValues() []string { return program.EnumStrings(QuoteOutcomes) }

// QuoteRequest is a partner asking for a quote, the input of
// [Policy.Quote]; its errors locate problems with JSON Pointers into its
// JSON ("/requested_at").
type QuoteRequest struct {
	// Partner's Country decides the region (with Customer, for US public
	// sector); nothing else of the partner is read.
	Partner  program.Partner `json:"partner" jsonschema:"required" require:"country"`
	Customer Customer        `json:"customer"`
	// RequestedAt is when the request was submitted. It is read, and
	// required, only where the partner's quote process promises a
	// turnaround (by default APJ: 6 business hours), to give the due
	// instant; elsewhere (AMER, EMEA, US PubSec, and a country in no
	// territory) it may be left out. The schema cannot say this
	// cross-member rule: Quote checks it.
	RequestedAt time.Time `json:"requested_at,omitzero"`
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
	Due           time.Time       `json:"due,omitzero"`
	Next          program.Action  `json:"next,omitzero"`
	Reasons       program.Reasons `json:"reasons"`
	PolicyVersion string          `json:"policy_version"`
}

// Quote says how the partner of q gets a quote: APJ partners through the
// portal with an answer due TurnaroundHours business hours after the
// request; AMER, EMEA and US PubSec partners (and those without a
// distributor in the Americas) through a deal registration or their
// Ecosystem Sales Manager. Only the partner's country, the customer and,
// where the process promises a turnaround, RequestedAt are read; a
// request without RequestedAt is an input error only there.
func (p Policy) Quote(q QuoteRequest) (QuoteDecision, error) {
	rd, err := p.checked()
	if err != nil { // a hand-built or changed policy is checked, not trusted
		return QuoteDecision{}, err
	}
	if err := checkPartner(&q.Partner, false); err != nil {
		return QuoteDecision{}, err
	}
	s := rd.seat(q.Partner.Country, q.Customer.PublicSector)
	proc, cal := p.quoteProcess(rd, s.region)
	if cal != nil && q.RequestedAt.IsZero() {
		// Read only here, to give the due instant: required only here.
		var pr program.Problems
		pr.Add("/requested_at", "required for a partner in region %s, whose quote is due %d business hours after the request: when the request was submitted (RFC 3339)",
			s.region, proc.TurnaroundHours)
		return QuoteDecision{}, pr.Err()
	}
	d := QuoteDecision{Territory: s.territory, Region: s.region, PolicyVersion: p.Version, Steps: []string{}}
	var w program.ReasonWriter
	s.reason(&w, q.Partner.Country)
	c := string(q.Partner.Country)
	if proc == nil {
		d.Outcome = QuoteNeedsReview
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: s.unassigned}
		w.Cite(&ruleQuoteUnassigned, program.Applied).S[0] = c
		d.Reasons = w.Done()
		return d, nil
	}
	d.Steps = append(make([]string, 0, len(proc.Steps)), proc.Steps...)
	d.Recipient, d.PurchaseOrdersTo = proc.Recipient, proc.PurchaseOrdersTo
	if cal != nil {
		d.Due = cal.addBusinessHours(q.RequestedAt, cal.hours)
	}
	if s.region != RegionAPJ {
		d.Outcome = QuoteSalesTeam
		d.Next = program.Action{Actor: program.ActorPartner, What: proc.Steps[0], Due: d.Due}
		w.Cite(&ruleQuoteSalesTeam, program.Applied).S = [3]string{c, string(s.region), ""}
		d.Reasons = w.Done()
		return d, nil
	}
	d.Outcome = QuotePortal
	d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "Ecosystem Specialist sends a quote or a status update", Due: d.Due}
	f := w.Cite(&ruleQuoteAPJ, program.Applied)
	f.S = [3]string{c, string(s.region), proc.Recipient}
	if cal != nil {
		f.V = 1
		f.SetInt(0, proc.TurnaroundHours).SetInstant(1, q.RequestedAt, cal.loc).SetInstant(2, d.Due, cal.loc)
	}
	d.Reasons = w.Done()
	return d, nil
}
