package program

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Stage is the sales stage of a CRM opportunity: "0" to "7", "closed_won" or
// "closed_lost", or "none" when no CRM opportunity exists yet. In JSON the
// numbered stages may be written as numbers (3) or strings ("3").
type Stage string

const (
	StageNone       Stage = "none"
	Stage0          Stage = "0"
	Stage1          Stage = "1"
	Stage2          Stage = "2"
	Stage3          Stage = "3"
	Stage4          Stage = "4"
	Stage5          Stage = "5"
	Stage6          Stage = "6"
	Stage7          Stage = "7"
	StageClosedWon  Stage = "closed_won"
	StageClosedLost Stage = "closed_lost"
)

// Stages lists every stage, in pipeline order.
var Stages = []Stage{StageNone, Stage0, Stage1, Stage2, Stage3, Stage4, Stage5, Stage6, Stage7, StageClosedWon, StageClosedLost}

const stageWhat = "stage (none, 0-7, closed_won, closed_lost)"

func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// Number returns the stage's number and true for stages 0 to 7.
func (s Stage) Number() (int, bool) {
	if len(s) == 1 && s[0] >= '0' && s[0] <= '7' {
		return int(s[0] - '0'), true
	}
	return 0, false
}

// Between reports whether s is a numbered stage from lo to hi inclusive.
func (s Stage) Between(lo, hi int) bool {
	n, ok := s.Number()
	return ok && n >= lo && n <= hi
}

// MarshalJSON writes numbered stages as JSON numbers and the others as strings.
func (s Stage) MarshalJSON() ([]byte, error) {
	if _, ok := s.Number(); ok {
		return []byte(s), nil
	}
	return json.Marshal(string(s))
}

// ParseStage reads a stage from text ("3", "closed_won", "none"), for CSV
// columns, form fields and flags.
func ParseStage(s string) (Stage, error) {
	v := Stage(s)
	if !v.Valid() {
		return "", &FieldError{Problem: s + " is not a " + stageWhat}
	}
	return v, nil
}

// UnmarshalText is ParseStage for decoders that use text (encoding/json uses
// UnmarshalJSON, which also accepts numbers).
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := ParseStage(string(b))
	if err != nil {
		return typeError[Stage](err.Error())
	}
	*s = v
	return nil
}

// UnmarshalJSON accepts a stage number or a stage name and rejects anything
// else.
func (s *Stage) UnmarshalJSON(b []byte) error {
	text := b
	if len(b) > 0 && b[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		text = []byte(str)
	}
	v := Stage(text)
	if !v.Valid() {
		return typeError[Stage](string(bytes.TrimSpace(text)) + " is not a " + stageWhat)
	}
	*s = v
	return nil
}

// OpportunityKind is what a sales opportunity sells.
type OpportunityKind string

const (
	// KindNewCustomer: a first sale to a customer that has none.
	KindNewCustomer OpportunityKind = "new_customer"
	// KindNewOpportunity: a new opportunity with an existing customer.
	KindNewOpportunity OpportunityKind = "new_opportunity"
	// KindAddOn: an add-on sale to a renewal (more seats, a higher tier).
	KindAddOn OpportunityKind = "add_on"
	// KindRenewal: a renewal of an existing subscription.
	KindRenewal OpportunityKind = "renewal"
)

// OpportunityKinds lists every kind, in a fixed order.
var OpportunityKinds = []OpportunityKind{KindNewCustomer, KindNewOpportunity, KindAddOn, KindRenewal}

func (k OpportunityKind) Valid() bool { return slices.Contains(OpportunityKinds, k) }
func (k *OpportunityKind) UnmarshalText(b []byte) error {
	return UnmarshalEnum(k, b, "kind", OpportunityKinds)
}

// Opportunity is a sales opportunity. A Stage of [StageNone] means the
// opportunity is not in the CRM yet.
type Opportunity struct {
	ID    string          `json:"id,omitempty"`
	Kind  OpportunityKind `json:"kind" jsonschema:"required"`
	Stage Stage           `json:"stage" jsonschema:"required"`
	// SourcedGrowth marks a renewal that carries partner-sourced growth.
	SourcedGrowth bool `json:"sourced_growth,omitempty"`
	// LastSalesActivity is the CRM's "sales last activity" date; the zero
	// Date means none is recorded.
	LastSalesActivity Date `json:"last_sales_activity,omitzero"`
	// CloseDate is when the opportunity closed (or is expected to); required
	// once it is closed-won.
	CloseDate Date `json:"close_date,omitzero"`
	// NetARR is the opportunity's net annual recurring revenue, when known.
	NetARR Money `json:"net_arr,omitzero"`
}

// Check records every problem of o under field; checking a valid
// opportunity does not allocate.
func (o Opportunity) Check(p *Problems, field string) {
	if !o.Kind.Valid() {
		CheckEnum(p, Path(field, "kind"), o.Kind, "kind", OpportunityKinds)
	}
	if o.Stage == "" {
		p.Add(Path(field, "stage"), "required: a %s", stageWhat)
	} else if !o.Stage.Valid() {
		p.Add(Path(field, "stage"), "%s is not a %s", string(o.Stage), stageWhat)
	}
	if o.SourcedGrowth && o.Kind != KindRenewal && o.Kind != "" {
		p.Add(Path(field, "sourced_growth"), "only a renewal carries sourced growth; kind is %s", o.Kind)
	}
	for _, d := range [...]struct {
		name string
		date Date
	}{{"last_sales_activity", o.LastSalesActivity}, {"close_date", o.CloseDate}} {
		if !d.date.IsZero() && !d.date.Valid() {
			p.Add(Path(field, d.name), "%04d-%02d-%02d is not a calendar date", d.date.Year, int(d.date.Month), d.date.Day)
		}
	}
	if o.Stage == StageClosedWon && o.CloseDate.IsZero() {
		p.Add(Path(field, "close_date"), "required once the opportunity is closed_won")
	}
	if !o.NetARR.IsZero() && !o.NetARR.Currency.Valid() {
		o.NetARR.Check(p, Path(field, "net_arr"))
	}
}

// Valid reports whether o has no problems; it does not allocate.
func (o Opportunity) Valid() bool {
	var p Problems
	o.Check(&p, "")
	return p.Len() == 0
}

// EnumValues lists the valid values of OpportunityKind.
func (OpportunityKind) EnumValues() []string { return EnumStrings(OpportunityKinds) }
