package dealreg

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// ClockStart is where the early-stage ASM timeout starts counting.
type ClockStart string

const (
	// ClockFromESMApproval: the ASM has its days from the moment the ESM
	// approved and the registration reached the ASM. The default.
	ClockFromESMApproval ClockStart = "esm_approval"
	// ClockFromSubmission: the days count from the partner's submission.
	ClockFromSubmission ClockStart = "submission"
)

// ClockStarts lists every clock start.
var ClockStarts = []ClockStart{ClockFromESMApproval, ClockFromSubmission}

func (c ClockStart) Valid() bool { return slices.Contains(ClockStarts, c) }
func (c *ClockStart) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "clock start", ClockStarts)
}

// MissingActivity is how a stage 3-6 opportunity without a recorded last
// sales activity date is routed.
type MissingActivity string

const (
	// MissingActivityReview: a person decides. The default: the handbook
	// routes on the date and says nothing of its absence.
	MissingActivityReview MissingActivity = "needs_review"
	// MissingActivityAged: no recorded activity counts as aged: approved.
	MissingActivityAged MissingActivity = "treat_as_aged"
	// MissingActivityActive: no recorded date counts as activity: denied.
	MissingActivityActive MissingActivity = "treat_as_active"
)

// MissingActivities lists every reading.
var MissingActivities = []MissingActivity{MissingActivityReview, MissingActivityAged, MissingActivityActive}

func (m MissingActivity) Valid() bool { return slices.Contains(MissingActivities, m) }
func (m *MissingActivity) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(m, b, "missing-activity reading", MissingActivities)
}

// Policy holds every number and reading switch of deal registration. The
// zero Policy is not usable; start from [Default] and change what differs.
type Policy struct {
	Version string `json:"version"`
	// TimeZone is where calendar days are counted and dates (such as the
	// last sales activity date) begin.
	TimeZone program.TimeZone `json:"time_zone"`
	// MinTrainedEmployees is how many employees must have completed the
	// Foundations for Partners training.
	MinTrainedEmployees int `json:"min_trained_employees"`
	// QualifyingKinds are the opportunity kinds that may be registered on
	// any path. A renewal not listed here qualifies only as a stage 3-6
	// renewal with sourced growth.
	QualifyingKinds []program.OpportunityKind `json:"qualifying_kinds"`
	// ASMTimeoutDays: on the stage 0-2 path, Ecosystem Ops approves when the
	// ASM has not decided within this many days of ASMClockStart.
	ASMTimeoutDays int        `json:"asm_timeout_days"`
	ASMClockStart  ClockStart `json:"asm_clock_start"`
	// SourcedGrowthTimeoutDays: on the stage 3-6 sourced-growth path,
	// Ecosystem Ops approves when the ESM and ASM together have not decided
	// within this many days of submission.
	SourcedGrowthTimeoutDays int `json:"sourced_growth_timeout_days"`
	// AgingDays: a stage 3-6 opportunity whose last sales activity is more
	// than this many days before now is aged, and the registration approved.
	AgingDays       int             `json:"aging_days"`
	MissingActivity MissingActivity `json:"missing_activity"`
	// ExpiryDays: an approved registration is active for this many days.
	ExpiryDays int `json:"expiry_days"`
}

// Default returns the handbook's deal-registration policy.
func Default() Policy {
	return Policy{
		Version:                  "handbook-2026-11",
		TimeZone:                 program.UTC(),
		MinTrainedEmployees:      1,
		QualifyingKinds:          []program.OpportunityKind{program.KindNewCustomer, program.KindNewOpportunity, program.KindAddOn},
		ASMTimeoutDays:           10,
		ASMClockStart:            ClockFromESMApproval,
		SourcedGrowthTimeoutDays: 10,
		AgingDays:                180,
		MissingActivity:          MissingActivityReview,
		ExpiryDays:               90,
	}
}

// maxDays bounds every day count of a policy: ten years.
const maxDays = 3650

// Validate reports every problem of p, with paths under "policy".
func (p Policy) Validate() error {
	var pr program.Problems
	if p.Version == "" {
		pr.Add("policy.version", "required: a name for this policy, reported with every decision")
	}
	program.CheckTimeZone(&pr, "policy.time_zone", p.TimeZone)
	if p.MinTrainedEmployees < 0 || p.MinTrainedEmployees > program.MaxCount {
		pr.Add("policy.min_trained_employees", "%d is not between 0 and %d", p.MinTrainedEmployees, program.MaxCount)
	}
	for i, k := range p.QualifyingKinds {
		program.CheckEnum(&pr, program.Index("policy.qualifying_kinds", i), k, "kind", program.OpportunityKinds)
	}
	program.CheckEnum(&pr, "policy.asm_clock_start", p.ASMClockStart, "clock start", ClockStarts)
	program.CheckEnum(&pr, "policy.missing_activity", p.MissingActivity, "missing-activity reading", MissingActivities)
	for _, d := range [...]struct {
		field string
		n     int
	}{
		{"policy.asm_timeout_days", p.ASMTimeoutDays},
		{"policy.sourced_growth_timeout_days", p.SourcedGrowthTimeoutDays},
		{"policy.aging_days", p.AgingDays},
		{"policy.expiry_days", p.ExpiryDays},
	} {
		if d.n < 1 || d.n > maxDays {
			pr.Add(d.field, "%d is not between 1 and %d days", d.n, maxDays)
		}
	}
	return pr.Err()
}

// usable is Validate's verdict without its messages, cheap enough to ask on
// every decision: a hand-built policy with, say, ExpiryDays 0 is reported
// as an error rather than used.
func (p *Policy) usable() bool {
	days := func(n int) bool { return n >= 1 && n <= maxDays }
	ok := p.Version != "" && !p.TimeZone.IsZero() && p.MinTrainedEmployees >= 0 && p.MinTrainedEmployees <= program.MaxCount &&
		p.ASMClockStart.Valid() && p.MissingActivity.Valid() &&
		days(p.ASMTimeoutDays) && days(p.SourcedGrowthTimeoutDays) && days(p.AgingDays) && days(p.ExpiryDays)
	for _, k := range p.QualifyingKinds {
		ok = ok && k.Valid()
	}
	return ok
}

// ParsePolicy decodes a policy document strictly over base and validates
// the result. A partial document changes only the fields it names, so
// {"expiry_days": 60} over [Default] is the handbook's policy with a 60-day
// expiry.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	p := base
	p.QualifyingKinds = slices.Clone(base.QualifyingKinds)
	if err := program.DecodeJSON(data, &p, "policy"); err != nil {
		return Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// EnumValues lists the valid values of ClockStart.
func (ClockStart) EnumValues() []string { return program.EnumStrings(ClockStarts) }

// EnumValues lists the valid values of MissingActivity.
func (MissingActivity) EnumValues() []string { return program.EnumStrings(MissingActivities) }
