package dealreg

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

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

func (c ClockStart) Valid() bool { return program.IsOneOf(c, ClockStarts) }
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

func (m MissingActivity) Valid() bool { return program.IsOneOf(m, MissingActivities) }
func (m *MissingActivity) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(m, b, "missing-activity reading", MissingActivities)
}

// ActivityDate is how a last sales activity recorded as a calendar date,
// without a time of day, is aged. An activity recorded as an instant is
// always aged instant to instant.
type ActivityDate string

const (
	// ActivityDateCalendarDays: count calendar days from the activity date
	// to today's date in the policy's zone; more than AgingDays is aged, at
	// any time of today. The default (DESIGN.md: "given a date, compare
	// calendar days").
	ActivityDateCalendarDays ActivityDate = "calendar_days"
	// ActivityDateStartOfDay: the date counts as its first instant in the
	// policy's zone, aged once now is more than AgingDays after that
	// instant, so a date 180 days before today is aged from one second after
	// midnight.
	ActivityDateStartOfDay ActivityDate = "start_of_day"
)

// ActivityDates lists every reading.
var ActivityDates = []ActivityDate{ActivityDateCalendarDays, ActivityDateStartOfDay}

func (a ActivityDate) Valid() bool { return program.IsOneOf(a, ActivityDates) }
func (a *ActivityDate) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(a, b, "activity-date reading", ActivityDates)
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
	// ActivityDate is how a last sales activity given as a date is aged.
	ActivityDate ActivityDate `json:"activity_date"`
	// StageLabels maps a CRM's stage picklist labels ("3-Technical
	// Evaluation", "Closed Won") onto stages, so that a registration
	// exported from the CRM may carry the label as its stage. Labels match
	// exactly; a stage's own name ("3", "closed_won") is not a label.
	StageLabels map[string]program.Stage `json:"stage_labels,omitempty"`
	// ExpiryDays: an approved registration is active for this many days.
	ExpiryDays int `json:"expiry_days"`

	ready *ready // see Compile
}

// Default returns the handbook's deal-registration policy, compiled.
func Default() Policy {
	p, err := Policy{
		Version:                  "handbook-2026-11",
		TimeZone:                 program.UTC(),
		MinTrainedEmployees:      1,
		QualifyingKinds:          []program.OpportunityKind{program.KindNewCustomer, program.KindNewOpportunity, program.KindAddOn},
		ASMTimeoutDays:           10,
		ASMClockStart:            ClockFromESMApproval,
		SourcedGrowthTimeoutDays: 10,
		AgingDays:                180,
		MissingActivity:          MissingActivityReview,
		ActivityDate:             ActivityDateCalendarDays,
		ExpiryDays:               90,
	}.Compile()
	if err != nil {
		panic("dealreg: the default policy does not compile: " + err.Error())
	}
	return p
}

// maxDays bounds every day count of a policy: ten years.
const maxDays = 3650

// Validate reports every problem of p, each located by a JSON Pointer into
// the policy document ("/expiry_days").
func (p Policy) Validate() error {
	var pr program.Problems
	if p.Version == "" {
		pr.Add("/version", "required: a name for this policy, reported with every decision")
	}
	program.CheckTimeZone(&pr, "/time_zone", p.TimeZone)
	if p.MinTrainedEmployees < 0 || p.MinTrainedEmployees > program.MaxCount {
		pr.Add("/min_trained_employees", "%d is not between 0 and %d", p.MinTrainedEmployees, program.MaxCount)
	}
	for i, k := range p.QualifyingKinds {
		program.CheckEnum(&pr, program.Index("/qualifying_kinds", i), k, "kind", program.OpportunityKinds)
	}
	program.CheckEnum(&pr, "/asm_clock_start", p.ASMClockStart, "clock start", ClockStarts)
	program.CheckEnum(&pr, "/missing_activity", p.MissingActivity, "missing-activity reading", MissingActivities)
	program.CheckEnum(&pr, "/activity_date", p.ActivityDate, "activity-date reading", ActivityDates)
	for _, d := range [...]struct {
		field string
		n     int
	}{
		{"/asm_timeout_days", p.ASMTimeoutDays},
		{"/sourced_growth_timeout_days", p.SourcedGrowthTimeoutDays},
		{"/aging_days", p.AgingDays},
		{"/expiry_days", p.ExpiryDays},
	} {
		if d.n < 1 || d.n > maxDays {
			pr.Add(d.field, "%d is not between 1 and %d days", d.n, maxDays)
		}
	}
	for _, label := range p.labels() { // sorted: problems come in a fixed order
		at := program.Path("/stage_labels", label)
		switch to := p.StageLabels[label]; {
		case strings.TrimSpace(label) == "":
			pr.Add(at, "a label needs text: %q is blank", label)
		case program.Stage(label).Valid():
			pr.Add(at, "%q is a stage's own name, not a CRM label; map only the CRM's other labels", label)
		case !to.Valid():
			pr.Add(at, "%q is not a stage (none, 0-7, closed_won, closed_lost)", string(to))
		}
	}
	return pr.Err()
}

// labels lists the policy's stage labels in order.
func (p *Policy) labels() []string {
	out := make([]string, 0, len(p.StageLabels))
	for label := range p.StageLabels {
		out = append(out, label)
	}
	sort.Strings(out)
	return out
}

// unknownStage says what an unmapped stage label is not, naming the labels
// the policy knows.
func (p *Policy) unknownStage(s program.Stage) string {
	var b strings.Builder
	b.WriteString(strconv.Quote(string(s)))
	b.WriteString(" is not a stage (none, 0-7, closed_won, closed_lost) nor a CRM stage label the policy maps (")
	for i, l := range p.labels() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(l))
	}
	b.WriteString(")")
	return b.String()
}

// ParsePolicy decodes a policy document strictly over base and compiles
// the result (program.ParsePolicy). A partial document changes only the
// fields it names, so {"expiry_days": 60} over [Default] is the handbook's
// policy with a 60-day expiry. Stage labels it names are laid over the
// base's: it adds labels and remaps the ones it names, and keeps the others.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

// Compile checks p once (every problem [Policy.Validate] reports) and
// returns it with its ready form: the numbers and readings the decisions
// read, the zone's location and the label table. [Default] and
// [ParsePolicy] return compiled policies; a policy built or changed by hand
// is compiled on each decision until Compile is called. A compiled policy
// notices a changed field or a replaced list or map, but not an element
// written in place: its lists and StageLabels are read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = nil
	p.QualifyingKinds = slices.Clip(p.QualifyingKinds)
	rd := &ready{src: p, loc: p.TimeZone.Location(), params: p.params(), labels: maps.Clone(p.StageLabels), names: p.labels()}
	for _, k := range p.QualifyingKinds {
		rd.kinds |= 1 << kindBit(k)
	}
	p.ready = rd
	return p, nil
}

// ready is a compiled policy: what the decisions read, checked once.
type ready struct {
	src    Policy // the fields it was compiled from
	loc    *time.Location
	params params
	kinds  uint32 // the qualifying kinds, by kindBit
	labels map[string]program.Stage
	names  []string // the labels, sorted: a decision's frame names its label by index
}

// kindBit is k's position in program.OpportunityKinds, plus one.
func kindBit(k program.OpportunityKind) int { return program.IndexOf(k, program.OpportunityKinds) + 1 }

// qualifies reports whether the kind at bit (kindBit) is one of the
// policy's qualifying kinds.
func (rd *ready) qualifies(bit int) bool { return rd.kinds&(1<<bit) != 0 }

// stageOf is the stage s names: s itself when it is a stage, the stage its
// label maps to, or false for anything else.
func (rd *ready) stageOf(s program.Stage) (program.Stage, bool) {
	if s.Valid() {
		return s, true
	}
	to, ok := rd.labels[string(s)]
	return to, ok
}

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	if program.SameMemory(p, s, unsafe.Offsetof(p.ready)) { // nothing changed: the usual case
		return true
	}
	return p.Version == s.Version && p.TimeZone == s.TimeZone && p.MinTrainedEmployees == s.MinTrainedEmployees &&
		program.SameSlice(p.QualifyingKinds, s.QualifyingKinds) && p.ASMTimeoutDays == s.ASMTimeoutDays &&
		p.ASMClockStart == s.ASMClockStart && p.SourcedGrowthTimeoutDays == s.SourcedGrowthTimeoutDays &&
		p.AgingDays == s.AgingDays && p.MissingActivity == s.MissingActivity && p.ActivityDate == s.ActivityDate &&
		program.SameMap(p.StageLabels, s.StageLabels) && p.ExpiryDays == s.ExpiryDays
}

// checked is p's ready form, compiled now when p has none or has changed
// since.
func (p *Policy) checked() (*ready, error) {
	if rd := p.ready; rd != nil && p.fresh() {
		return rd, nil
	}
	return program.Ready(*p, Policy.current)
}

// current is p's ready form, when p's fields are as it was compiled from.
func (p Policy) current() (*ready, bool) { return p.ready, p.fresh() }

// EnumValues lists the valid values of ClockStart.
func (ClockStart) EnumValues() []string { return program.EnumStrings(ClockStarts) }

// EnumValues lists the valid values of MissingActivity.
func (MissingActivity) EnumValues() []string { return program.EnumStrings(MissingActivities) }

// EnumValues lists the valid values of ActivityDate.
func (ActivityDate) EnumValues() []string { return program.EnumStrings(ActivityDates) }
