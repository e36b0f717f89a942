package dealreg_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// Reason texts carry the facts of their case (DESIGN section 3: "last
// sales activity 2026-09-01 is 85 days before 2026-11-25; limit 180").
// These tests check the instants, counts, verdicts and kinds a text
// states, not its wording.

func route(t *testing.T, p dealreg.Policy, r dealreg.Registration, now string) dealreg.Decision {
	t.Helper()
	d, err := p.Route(r, at(now))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// textOf is the text of the reason citing rule, failing t when none does.
func textOf(t *testing.T, reasons program.Reasons, rule program.RuleID) string {
	t.Helper()
	text, ok := casetest.ReasonText(reasons, rule)
	if !ok {
		t.Fatalf("no %s reason among %v", rule, reasons.IDs())
	}
	return text
}

var (
	instantOrDate = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2}))?`)
	number        = regexp.MustCompile(`[0-9]+`)
)

// counts lists the integers a text states outside its dates and instants.
func counts(text string) []int {
	var out []int
	for _, m := range number.FindAllString(instantOrDate.ReplaceAllString(text, ""), -1) {
		n, _ := strconv.Atoi(m)
		out = append(out, n)
	}
	return out
}

func wantIn(t *testing.T, text string, facts ...string) {
	t.Helper()
	for _, f := range facts {
		if !strings.Contains(text, f) {
			t.Errorf("%q does not state %s", text, f)
		}
	}
}

// Under the submission clock the ESM's wait has a deadline, 10 days from
// submission at 2026-03-02T09:00Z, and the text says when.
func TestESMPendingTextStatesTheDeadline(t *testing.T) {
	p := dealreg.Default()
	p.ASMClockStart = dealreg.ClockFromSubmission
	d := route(t, p, registration(), "2026-03-05T00:00:00Z")
	wantIn(t, textOf(t, d.Reasons, dealreg.RuleEarlyStageESMPending), "2026-03-02T09:00:00Z", "2026-03-12T09:00:00Z")
}

// A decision after the deadline is stated with its verdict and instant
// ("denied at 2026-03-14T10:00:01Z"), beside the deadline it missed.
func TestLateDecisionTextsStateTheVerdict(t *testing.T) {
	for _, v := range []dealreg.Verdict{dealreg.VerdictApproved, dealreg.VerdictDenied} {
		// Early stage: the ASM's 10 days run from the ESM approval at
		// 2026-03-04T10:00Z to 2026-03-14T10:00Z; the ASM decides a second
		// later.
		r := registration()
		r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-04T10:00:00Z")}
		r.ASM = &dealreg.Review{Decision: v, At: at("2026-03-14T10:00:01Z")}
		text := textOf(t, route(t, dealreg.Default(), r, "2026-03-20T00:00:00Z").Reasons, dealreg.RuleEarlyStageASMLate)
		wantIn(t, text, string(v)+" at 2026-03-14T10:00:01Z", "2026-03-14T10:00:00Z")
		// Sourced growth: 10 days from submission at 2026-03-02T09:00Z;
		// the ESM decides a second after 2026-03-12T09:00Z.
		g := registration()
		g.Opportunity.Kind, g.Opportunity.Stage, g.Opportunity.SourcedGrowth = program.KindRenewal, program.Stage4, true
		g.ESM = &dealreg.Review{Decision: v, At: at("2026-03-12T09:00:01Z")}
		text = textOf(t, route(t, dealreg.Default(), g, "2026-03-20T00:00:00Z").Reasons, dealreg.RuleSourcedGrowthLate)
		wantIn(t, text, string(v)+" at 2026-03-12T09:00:01Z", "2026-03-12T09:00:00Z")
	}
}

// The aging texts state the last activity and how it was aged: an instant
// with the instant its 180 days ended, a date with the calendar days to
// today.
func TestAgingTextsStateTheActivityAndItsAge(t *testing.T) {
	mid := func(a program.DateOrInstant) dealreg.Registration {
		r := registration()
		r.Opportunity.Stage, r.Opportunity.LastSalesActivity = program.Stage4, a
		return r
	}
	// 2026-03-01T10:00Z + 180 days = 2026-08-28T10:00Z, before now: aged.
	d := route(t, dealreg.Default(), mid(program.AtInstant(at("2026-03-01T10:00:00Z"))), "2026-11-27T00:00:00Z")
	wantIn(t, textOf(t, d.Reasons, dealreg.RuleMidStageAged), "2026-03-01T10:00:00Z", "2026-08-28T10:00:00Z")
	// 2026-09-01T10:00Z + 180 days = 2027-02-28T10:00Z, after now: active.
	d = route(t, dealreg.Default(), mid(program.AtInstant(at("2026-09-01T10:00:00Z"))), "2026-11-27T00:00:00Z")
	wantIn(t, textOf(t, d.Reasons, dealreg.RuleMidStageActive), "2026-09-01T10:00:00Z", "2027-02-28T10:00:00Z")
	// 2026-05-01 to today 2026-11-27 is 210 calendar days, more than 180.
	d = route(t, dealreg.Default(), mid(program.OnDate(program.NewDate(2026, time.May, 1))), "2026-11-27T12:00:00Z")
	text := textOf(t, d.Reasons, dealreg.RuleMidStageAged)
	wantIn(t, text, "2026-05-01", "2026-11-27")
	if c := counts(text); !slices.Contains(c, 210) || !slices.Contains(c, 180) {
		t.Errorf("%q does not state 210 days against the limit of 180", text)
	}
}

// A registration of a kind that does not qualify is told its kind, or,
// for a renewal, its stage and whether it carries sourced growth.
func TestOpportunityKindTextsStateTheOpportunity(t *testing.T) {
	r := registration()
	r.Opportunity.Kind, r.Opportunity.Stage = program.KindRenewal, program.Stage4
	plain := textOf(t, route(t, dealreg.Default(), r, "2026-03-05T00:00:00Z").Reasons, dealreg.RuleOpportunityKind)
	if !slices.Contains(counts(plain), 4) || !strings.Contains(plain, "without sourced growth") {
		t.Errorf("a plain renewal at stage 4: %q", plain)
	}
	r.Opportunity.Stage, r.Opportunity.SourcedGrowth = program.Stage7, true
	growth := textOf(t, route(t, dealreg.Default(), r, "2026-03-05T00:00:00Z").Reasons, dealreg.RuleOpportunityKind)
	if !slices.Contains(counts(growth), 7) || !strings.Contains(growth, "with sourced growth") || strings.Contains(growth, "without") {
		t.Errorf("a renewal with sourced growth at stage 7: %q", growth)
	}
	p := dealreg.Default()
	p.QualifyingKinds = []program.OpportunityKind{program.KindNewCustomer}
	r = registration()
	r.Opportunity.Kind = program.KindAddOn
	wantIn(t, textOf(t, route(t, p, r, "2026-03-05T00:00:00Z").Reasons, dealreg.RuleOpportunityKind), string(program.KindAddOn))
}

func competitor(id string, stage program.Stage, submitted string) dealreg.Registration {
	r := registration()
	r.ID, r.Partner.ID, r.SubmittedAt, r.LocalSupport = id, "p-"+id, at(submitted), ptr(true)
	r.Opportunity.Stage = stage
	return r
}

func resolve(t *testing.T, regs ...dealreg.Registration) dealreg.Resolution {
	t.Helper()
	res, err := dealreg.Default().Resolve(dealreg.Competition{Registrations: regs}, at("2026-03-05T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The conflict texts state how many others a registration ties with or
// shares its approval with, the holder's expiry when one holder blocks,
// and that the holder is the earliest of several when there are several.
func TestConflictTextsStateTheCompetition(t *testing.T) {
	// Two holders, approved at submission (no CRM opportunity yet): each
	// shares the opportunity with 1 other.
	res := resolve(t, competitor("h1", program.StageNone, "2026-03-02T09:00:00Z"), competitor("h2", program.StageNone, "2026-03-02T10:00:00Z"))
	for _, e := range res.Entries {
		if e.Reason.Rule != dealreg.RuleConflictMultipleHolders || !slices.Equal(counts(e.Reason.Text()), []int{1}) {
			t.Errorf("%s: %s %q; want it to state 1 other holder", e.Registration, e.Reason.Rule, e.Reason.Text())
		}
	}
	// Two registrations received at the same instant tie, each with 1 other.
	res = resolve(t, competitor("a", program.Stage1, "2026-03-02T09:00:00Z"), competitor("b", program.Stage1, "2026-03-02T09:00:00Z"))
	for _, e := range res.Entries {
		if e.Reason.Rule != dealreg.RuleConflictTie || !slices.Equal(counts(e.Reason.Text()), []int{1}) {
			t.Errorf("%s: %s %q; want it to state a tie with 1 other", e.Registration, e.Reason.Rule, e.Reason.Text())
		}
	}
	// One holder approved 2026-03-02T09:00Z, active for 90 days, until
	// 2026-05-31T09:00Z, blocks a later registration.
	res = resolve(t, competitor("h", program.StageNone, "2026-03-02T09:00:00Z"), competitor("late", program.Stage1, "2026-03-03T09:00:00Z"))
	if e := res.Entries[1]; e.Reason.Rule != dealreg.RuleConflictBlocked {
		t.Errorf("late: %s, want %s", e.Reason.Rule, dealreg.RuleConflictBlocked)
	} else {
		wantIn(t, e.Reason.Text(), "2026-03-03T09:00:00Z", "2026-05-31T09:00:00Z", "h")
	}
	// A registration received before the earlier of two holders is told
	// it precedes the earliest of them; before a sole holder, that one.
	res = resolve(t, competitor("early", program.Stage1, "2026-03-01T09:00:00Z"),
		competitor("h1", program.StageNone, "2026-03-02T09:00:00Z"), competitor("h2", program.StageNone, "2026-03-02T10:00:00Z"))
	several := res.Entries[0].Reason.Text()
	res = resolve(t, competitor("early", program.Stage1, "2026-03-01T09:00:00Z"), competitor("h1", program.StageNone, "2026-03-02T09:00:00Z"))
	sole := res.Entries[0].Reason.Text()
	wantIn(t, several, "earliest", "h1", "2026-03-02T09:00:00Z")
	if strings.Contains(sole, "earliest") {
		t.Errorf("before a sole holder the text speaks of the earliest of several: %q", sole)
	}
}
