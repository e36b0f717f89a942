package dealreg

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestCheckingAGoodRegistrationDoesNotAllocate keeps check's promise: the
// JSON Pointers of problems are built only when there is a problem, whether
// the registration is the whole document or an element of /registrations.
func TestCheckingAGoodRegistrationDoesNotAllocate(t *testing.T) {
	p := Default()
	sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	yes := true
	r := Registration{
		ID: "reg-1",
		Partner: program.Partner{
			AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: 2},
		},
		Scope:        ScopeSingleOpportunity,
		Program:      ProgramResale,
		Opportunity:  program.Opportunity{ID: "opp-1", Kind: program.KindNewOpportunity, Stage: program.Stage2},
		SubmittedAt:  sub,
		ESM:          &Review{Decision: VerdictApproved, At: sub.Add(24 * time.Hour)},
		ASM:          &Review{Decision: VerdictApproved, At: sub.Add(48 * time.Hour)},
		LocalSupport: &yes,
	}
	now := sub.Add(72 * time.Hour)
	for _, where := range []place{whole, {3}} {
		var pr program.Problems
		allocs := testing.AllocsPerRun(100, func() { p.check(&pr, p.ready, where, &r, now) })
		if allocs != 0 || pr.Len() != 0 {
			t.Errorf("checking a good registration at %+v: %v allocations, %d problems", where, allocs, pr.Len())
		}
	}
	// A stage given as a CRM label is looked up, not copied.
	p.StageLabels = map[string]program.Stage{"2-Scoping": program.Stage2}
	p, _ = p.Compile()
	r.Opportunity.Stage = "2-Scoping"
	var pr program.Problems
	if allocs := testing.AllocsPerRun(100, func() { p.check(&pr, p.ready, whole, &r, now) }); allocs != 0 || pr.Len() != 0 {
		t.Errorf("checking a good registration with a stage label: %v allocations, %d problems", allocs, pr.Len())
	}
}

func TestPlacePointers(t *testing.T) {
	for _, tt := range []struct {
		where place
		names []string
		want  string
	}{
		{whole, []string{"opportunity", "stage"}, "/opportunity/stage"},
		{whole, []string{"partner", "employees", "foundations_trained"}, "/partner/employees/foundations_trained"},
		{place{1}, []string{"opportunity", "id"}, "/registrations/1/opportunity/id"},
		{place{0}, []string{"esm", "at"}, "/registrations/0/esm/at"},
	} {
		if got := tt.where.ptr(tt.names...); got != tt.want {
			t.Errorf("%+v.ptr(%q) = %q, want %q", tt.where, tt.names, got, tt.want)
		}
	}
}

// FuzzValidIsCheckAll holds valid, the fast question check asks first, to
// checkAll, which names every problem: a registration valid passes has no
// problem, and one with no problem is passed by valid.
func FuzzValidIsCheckAll(f *testing.F) {
	f.Add(uint8(4), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), true, int64(0), int64(86400), uint8(1), int64(3600), uint8(1), int64(7200), int64(864000), int16(3), int16(0))
	f.Add(uint8(12), uint8(0), uint8(9), uint8(4), uint8(5), uint8(9), false, int64(-1), int64(0), uint8(3), int64(-5), uint8(2), int64(0), int64(-3), int16(-2), int16(1))
	f.Add(uint8(13), uint8(3), uint8(2), uint8(2), uint8(2), uint8(2), true, int64(1), int64(1), uint8(2), int64(1), uint8(1), int64(1), int64(1), int16(0), int16(-1))
	labelled := Default()
	labelled.StageLabels = map[string]program.Stage{"3-Technical": program.Stage3, "Won": program.StageClosedWon}
	labelled, err := labelled.Compile()
	if err != nil {
		f.Fatal(err)
	}
	stages := append(append([]program.Stage{}, program.Stages...), "", "3-Technical", "Won", "9")
	f.Fuzz(func(t *testing.T, stage, kind, track, scope, prog, verdicts uint8, growth bool, subAt, nowAfter int64, esm uint8, esmAfter int64, asm uint8, asmAfter, activityAt int64, closeDays, trained int16) {
		sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		r := Registration{
			Partner: program.Partner{
				AgreementSigned: true, Track: pickOr(program.Tracks, track, "gold"),
				Employees: program.Employees{FoundationsTrained: int(trained)},
			},
			Scope:       pickOr(Scopes, scope, "everything"),
			Program:     pickOr(ProgramTypes, prog, "barter"),
			Opportunity: program.Opportunity{Kind: pickOr(program.OpportunityKinds, kind, "upsell"), Stage: stages[int(stage)%len(stages)], SourcedGrowth: growth},
		}
		if subAt != 0 {
			r.SubmittedAt = sub.Add(time.Duration(subAt%(400*86400)) * time.Second)
		}
		now := sub.Add(time.Duration(nowAfter%(400*86400)) * time.Second)
		if activityAt != 0 {
			a := now.Add(time.Duration(activityAt%(400*86400)) * time.Second)
			if activityAt%2 == 0 {
				r.Opportunity.LastSalesActivity = program.AtInstant(a)
			} else {
				r.Opportunity.LastSalesActivity = program.OnDate(program.DateOf(a))
			}
		}
		if closeDays != 0 {
			r.Opportunity.CloseDate = program.DateOf(now).AddDays(int(closeDays))
		}
		review := func(which uint8, after int64, verdict uint8) *Review {
			if which%4 == 0 {
				return nil
			}
			rv := &Review{Decision: pickOr(Verdicts, verdict, "maybe")}
			if which%4 != 3 { // 3: no instant
				rv.At = sub.Add(time.Duration(after%(400*86400)) * time.Second)
			}
			return rv
		}
		r.ESM = review(esm, esmAfter, verdicts)
		r.ASM = review(asm, asmAfter, verdicts>>4)
		for _, p := range []Policy{Default(), labelled} {
			rd, err := p.checked()
			if err != nil {
				t.Fatal(err)
			}
			var pr program.Problems
			p.checkAll(&pr, rd, whole, &r, now)
			if valid := p.valid(rd, &r, now); valid != (pr.Len() == 0) {
				t.Fatalf("valid %v, checkAll %v: %+v at %v", valid, pr.Err(), r, now)
			}
		}
	})
}

// pickOr is one of values, or other: a fuzzed enum is valid or not.
func pickOr[T ~string](values []T, i uint8, other string) T {
	if n := int(i) % (len(values) + 1); n < len(values) {
		return values[n]
	}
	return T(other)
}

// A routing decision keeps its reasons' facts in a frame kept in place in
// its Reasons: nothing in it may be a pointer, and it must fit the room a
// Reasons value has for it. Every stage, kind and scope fits its field.
func TestFrameIsWordsOnly(t *testing.T) {
	if ft := reflect.TypeFor[frame](); !program.WordsOnly(ft) {
		t.Errorf("%v holds more than words", ft)
	}
	for i, st := range program.Stages {
		if got := stageIndex(st); int(got) != i {
			t.Errorf("stage %q is kept as %d, its index is %d", st, got, i)
		}
	}
	if size := unsafe.Sizeof(frame{}); size > program.InPlaceFacts {
		t.Errorf("a frame is %d bytes, more than the %d a Reasons keeps in place", size, program.InPlaceFacts)
	}
	if len(program.Stages) > 1<<enumKindShift || len(program.OpportunityKinds) > 1<<(enumScopeShift-enumKindShift) || len(Scopes)<<enumScopeShift > 1<<16 {
		t.Errorf("%d stages, %d kinds and %d scopes do not fit a frame's enums", len(program.Stages), len(program.OpportunityKinds), len(Scopes))
	}
	if eligible+len(eligibilityRules) >= 255 || kindCount >= expiryActive {
		t.Error("a reason's rule does not fit its byte")
	}
}

// A stage label is named by its index among the policy's labels, however
// many the policy has.
func TestFrameNamesEveryLabel(t *testing.T) {
	p := Default()
	p.StageLabels = map[string]program.Stage{}
	for i := range 70_000 {
		p.StageLabels[fmt.Sprintf("L%06d", i)] = program.Stage1
	}
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, label := range []string{"L000000", "L065534", "L065535", "L069999"} {
		r := Registration{
			Partner: program.Partner{AgreementSigned: true, Employees: program.Employees{FoundationsTrained: 2}},
			Scope:   ScopeSingleOpportunity, Program: ProgramResale,
			Opportunity: program.Opportunity{Kind: program.KindNewCustomer, Stage: program.Stage(label)},
			SubmittedAt: sub,
		}
		d, err := p.Route(r, sub.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if text := d.Reasons.At(0).Text(); !strings.Contains(text, `"`+label+`"`) {
			t.Errorf("label %s: reason %q", label, text)
		}
	}
}

// A compiled policy keeps its own labels: changing the map in place
// afterwards, which the policy's documentation forbids, is not seen (the
// map is the same map, of the same length), and a decision is made, and
// written, with the labels compiled.
func TestLabelsChangedInPlaceAreNotRead(t *testing.T) {
	p := Default()
	p.StageLabels = map[string]program.Stage{"Alpha": program.Stage1}
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	delete(p.StageLabels, "Alpha")
	p.StageLabels["Zulu"] = program.Stage1
	sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := Registration{
		Partner: program.Partner{AgreementSigned: true, Employees: program.Employees{FoundationsTrained: 2}},
		Scope:   ScopeSingleOpportunity, Program: ProgramResale,
		Opportunity: program.Opportunity{Kind: program.KindNewCustomer, Stage: "Zulu"},
		SubmittedAt: sub,
	}
	if _, err := p.Route(r, sub.Add(time.Hour)); err == nil {
		t.Error("a label added in place after compiling was read")
	}
	r.Opportunity.Stage = "Alpha"
	d, err := p.Route(r, sub.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if text := d.Reasons.At(0).Text(); !strings.Contains(text, `"Alpha"`) {
		t.Errorf("reason %q does not name the compiled label", text)
	}
}

// valid and checkAll agree at every boundary the check draws, to the
// nanosecond: an instant equal to now, or to what it must not precede, is
// accepted by both; one nanosecond past it is refused by both.
func TestValidAndCheckAllAgreeAtTheBoundaries(t *testing.T) {
	sub := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := sub.Add(72 * time.Hour)
	base := func() Registration {
		return Registration{
			Partner: program.Partner{AgreementSigned: true, Employees: program.Employees{FoundationsTrained: 2}},
			Scope:   ScopeSingleOpportunity, Program: ProgramResale,
			Opportunity: program.Opportunity{Kind: program.KindNewCustomer, Stage: program.Stage2},
			SubmittedAt: sub,
		}
	}
	approved := func(at time.Time) *Review { return &Review{Decision: VerdictApproved, At: at} }
	for _, tt := range []struct {
		name  string
		edit  func(r *Registration, past time.Duration)
		field string    // the member refused past the boundary
		now   time.Time // when not the usual now
	}{
		{"submitted at now", func(r *Registration, past time.Duration) { r.SubmittedAt = now.Add(past) }, "/submitted_at", time.Time{}},
		{"ESM at submission", func(r *Registration, past time.Duration) { r.ESM = approved(sub.Add(-past)) }, "/esm/at", time.Time{}},
		{"ESM at now", func(r *Registration, past time.Duration) { r.ESM = approved(now.Add(past)) }, "/esm/at", time.Time{}},
		{"ASM at the ESM approval", func(r *Registration, past time.Duration) {
			r.ESM, r.ASM = approved(sub.Add(time.Hour)), approved(sub.Add(time.Hour-past))
		}, "/asm/at", time.Time{}},
		{"ASM at now", func(r *Registration, past time.Duration) {
			r.ESM, r.ASM = approved(sub.Add(time.Hour)), approved(now.Add(past))
		}, "/asm/at", time.Time{}},
		{"activity at now", func(r *Registration, past time.Duration) {
			r.Opportunity.LastSalesActivity = program.AtInstant(now.Add(past))
		}, "/opportunity/last_sales_activity", time.Time{}},
		{"closed on today", func(r *Registration, past time.Duration) {
			r.Opportunity.Stage, r.Opportunity.CloseDate = program.StageClosedWon, program.DateOf(now)
			if past > 0 {
				r.Opportunity.CloseDate = r.Opportunity.CloseDate.AddDays(1)
			}
		}, "/opportunity/close_date", time.Time{}},
		{"closed on today, decided at its first instant", func(r *Registration, past time.Duration) {
			r.Opportunity.Stage, r.Opportunity.CloseDate = program.StageClosedLost, program.DateOf(now)
			r.SubmittedAt = now.Truncate(24 * time.Hour).Add(-time.Hour)
			if past > 0 {
				r.Opportunity.CloseDate = r.Opportunity.CloseDate.AddDays(1)
			}
		}, "/opportunity/close_date", now.Truncate(24 * time.Hour)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := Default()
			rd, err := p.checked()
			if err != nil {
				t.Fatal(err)
			}
			now := now
			if !tt.now.IsZero() {
				now = tt.now
			}
			for _, past := range []time.Duration{0, time.Nanosecond} {
				r := base()
				tt.edit(&r, past)
				var pr program.Problems
				p.checkAll(&pr, rd, whole, &r, now)
				valid := p.valid(rd, &r, now)
				switch {
				case past == 0 && (!valid || pr.Len() != 0):
					t.Errorf("at the boundary: valid %v, checkAll %v", valid, pr.Err())
				case past > 0 && (valid || !slices.Equal(program.Locations(pr.Err()), []string{tt.field})):
					t.Errorf("past the boundary: valid %v, checkAll %v", valid, pr.Err())
				}
			}
		})
	}
}

// A compiled policy is checked against the fields it was compiled from as
// memory, up to its ready form: that must be its last field, and a field
// equal in value but elsewhere in memory still reads as unchanged.
func TestPolicyIsComparedUpToItsReadyForm(t *testing.T) {
	pt := reflect.TypeFor[Policy]()
	last := pt.Field(pt.NumField() - 1)
	if last.Name != "ready" || last.Offset+last.Type.Size() != pt.Size() {
		t.Fatalf("Policy's last field is %s; fresh compares the bytes before ready", last.Name)
	}
	p := Default()
	rd := p.ready
	p.Version = string([]byte(p.Version)) // the same text, elsewhere
	if !p.fresh() {
		t.Error("a policy whose version was rewritten with the same text reads as changed")
	}
	p.Version += "-b"
	if p.fresh() {
		t.Error("a changed version reads as unchanged")
	}
	if got, err := p.checked(); err != nil || got == rd {
		t.Errorf("a changed policy kept its old ready form (%v)", err)
	}
}
