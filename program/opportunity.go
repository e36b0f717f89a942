package program

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
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

// Valid reports whether s is one of Stages.
func (s Stage) Valid() bool {
	if _, ok := s.Number(); ok {
		return true // most stages, without comparing strings
	}
	return s == StageNone || s == StageClosedWon || s == StageClosedLost
}

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
		return "", &FieldError{Detail: s + " is not a " + stageWhat}
	}
	return v, nil
}

// UnmarshalText accepts any non-empty text: a stage name, or a label a
// package maps onto a stage (a CRM's "3-Technical Evaluation"). Whether it
// names a stage is checked by the package that reads it, after mapping
// labels: [Opportunity.Check] refuses anything that is not a stage.
func (s *Stage) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return typeError[Stage]("want a " + stageWhat)
	}
	*s = Stage(b)
	return nil
}

// UnmarshalJSON accepts a stage number (a whole number from 0 to 7, such as
// 2 or 2.0) or any non-empty string, as UnmarshalText does; it refuses other
// numbers and other JSON values.
func (s *Stage) UnmarshalJSON(b []byte) error {
	if len(b) == 1 && '0' <= b[0] && b[0] <= '7' { // the common case, without a copy of b
		*s = Stage(strconv.Itoa(int(b[0] - '0'))) // a small number's text is static
		return nil
	}
	text := string(bytes.TrimSpace(b))
	if strings.HasPrefix(text, `"`) {
		if err := json.Unmarshal(b, &text); err != nil {
			return typeError[Stage]("want a " + stageWhat)
		}
		return s.UnmarshalText([]byte(text))
	}
	n, err := ParseWhole(text)
	if err != nil || n < 0 || n > 7 {
		return typeError[Stage](text + " is not a " + stageWhat)
	}
	*s = Stage(strconv.FormatInt(n, 10))
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

func (k OpportunityKind) Valid() bool { return IsOneOf(k, OpportunityKinds) }
func (k *OpportunityKind) UnmarshalText(b []byte) error {
	return UnmarshalEnum(k, b, "kind", OpportunityKinds)
}

// Opportunity is a sales opportunity. A Stage of [StageNone] means the
// opportunity is not in the CRM yet.
type Opportunity struct {
	ID    string          `json:"id,omitempty"`
	Kind  OpportunityKind `json:"kind,omitempty"`
	Stage Stage           `json:"stage" jsonschema:"required"`
	// SourcedGrowth marks a renewal that carries partner-sourced growth.
	SourcedGrowth bool `json:"sourced_growth,omitempty"`
	// LastSalesActivity is the CRM's "sales last activity": a date or an
	// instant, as the CRM exports it; the zero value means none is recorded.
	LastSalesActivity DateOrInstant `json:"last_sales_activity,omitzero"`
	// CloseDate is when the opportunity closed (or is expected to); required
	// once it is closed-won.
	CloseDate Date `json:"close_date,omitzero"`
	// NetARR is the opportunity's net annual recurring revenue, when known.
	NetARR Money `json:"net_arr,omitzero"`
}

// Check records every problem of o's values under the pointer field. It
// requires the stage, which every reader of an opportunity reads; which
// other members must be present depends on the decision (see
// [RequireTag]). Checking a valid opportunity does not allocate.
func (o Opportunity) Check(p *Problems, field string) {
	if o.Kind != "" && !o.Kind.Valid() {
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
	if !o.LastSalesActivity.Valid() {
		if d, isDate := o.LastSalesActivity.Date(); isDate {
			p.Add(Path(field, "last_sales_activity"), "%04d-%02d-%02d is not a calendar date", d.Year, int(d.Month), d.Day)
		} else {
			p.Add(Path(field, "last_sales_activity"), "the instant is outside the years 0001-9999")
		}
	}
	if d := o.CloseDate; !d.IsZero() && !d.Valid() {
		p.Add(Path(field, "close_date"), "%04d-%02d-%02d is not a calendar date", d.Year, int(d.Month), d.Day)
	}
	if !o.NetARR.IsZero() && !o.NetARR.Currency.Valid() {
		o.NetARR.Check(p, Path(field, "net_arr"))
	}
}

// Valid reports whether o has no problems: whether [Opportunity.Check]
// would record none. It asks each of Check's questions once and builds
// nothing (FuzzValidIsCheck holds the two together).
func (o Opportunity) Valid() bool {
	return (o.Kind == "" || o.Kind.Valid()) && o.Stage != "" && o.Stage.Valid() && o.ValidBesideKindAndStage()
}

// ValidBesideKindAndStage is Valid's answer for every member but the kind
// and the stage, for a caller that has checked those as it read them (as
// indexes, or a stage through its CRM labels).
func (o *Opportunity) ValidBesideKindAndStage() bool {
	return (!o.SourcedGrowth || o.Kind == KindRenewal || o.Kind == "") && o.LastSalesActivity.Valid() &&
		(o.CloseDate.IsZero() || o.CloseDate.Valid()) && (o.NetARR.IsZero() || o.NetARR.Currency.Valid())
}

// EnumValues lists the valid values of OpportunityKind.
func (OpportunityKind) EnumValues() []string { return EnumStrings(OpportunityKinds) }
