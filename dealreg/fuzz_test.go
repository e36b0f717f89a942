package dealreg_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

var ruleIDs = func() map[program.RuleID]bool {
	m := map[program.RuleID]bool{}
	for _, r := range dealreg.Rules() {
		m[r.ID] = true
	}
	return m
}()

// checkDecision asserts what every decision of a valid input must satisfy.
func checkDecision(t *testing.T, p dealreg.Policy, r dealreg.Registration, now time.Time) {
	t.Helper()
	d, err := p.Route(r, now)
	if err != nil {
		if !errors.Is(err, program.ErrInvalidInput) {
			t.Fatalf("error does not match ErrInvalidInput: %v", err)
		}
		for _, fe := range program.FieldErrors(err) {
			if fe.Parameter == "" && !strings.HasPrefix(fe.Pointer, "/") {
				t.Fatalf("error locates no value: %v", fe)
			}
		}
		return
	}
	if !d.Outcome.Valid() {
		t.Fatalf("unknown outcome %q", d.Outcome)
	}
	if len(d.Reasons) == 0 {
		t.Fatal("a decision without reasons")
	}
	for _, rs := range d.Reasons {
		if !ruleIDs[rs.Rule] || rs.Text() == "" || !slices.Contains(dealreg.Sections, rs.Section) {
			t.Fatalf("reason %+v has an undeclared rule, unknown section or no text", rs)
		}
	}
	if (d.Outcome == dealreg.Approved) != !d.ApprovedAt.IsZero() {
		t.Fatalf("outcome %s with approved_at %v", d.Outcome, d.ApprovedAt)
	}
	again, _ := p.Route(r, now)
	if !reflect.DeepEqual(d, again) {
		t.Fatalf("same input, different decisions:\n%+v\n%+v", d, again)
	}
}

// FuzzRoute builds registrations from a handful of numbers so the fuzzer
// walks every path, boundary and contradiction of the routing table.
func FuzzRoute(f *testing.F) {
	f.Add(uint8(3), uint8(1), false, true, int8(1), uint8(0), uint8(1), uint8(1), int64(86400), uint8(1), int64(864000), int64(864001), int16(0))
	f.Add(uint8(5), uint8(3), true, true, int8(1), uint8(0), uint8(0), uint8(2), int64(3600), uint8(0), int64(0), int64(864000), int16(181))
	f.Add(uint8(4), uint8(0), false, false, int8(0), uint8(1), uint8(3), uint8(0), int64(0), uint8(0), int64(0), int64(0), int16(180))
	f.Fuzz(func(t *testing.T, stage, kind uint8, growth, agreement bool, trained int8, scope, prog, esm uint8, esmAfter int64, asm uint8, asmAfter, nowAfter int64, activityDaysAgo int16) {
		sub := at("2026-03-02T09:00:00Z")
		r := dealreg.Registration{
			Partner: program.Partner{
				AgreementSigned: agreement, Track: program.TrackOpen, Standing: program.StandingGood,
				Employees: program.Employees{FoundationsTrained: int(trained)},
			},
			Scope:       pick(dealreg.Scopes, scope),
			Program:     pick(dealreg.ProgramTypes, prog),
			Opportunity: program.Opportunity{Kind: pick(program.OpportunityKinds, kind), Stage: pick(program.Stages, stage), SourcedGrowth: growth},
			SubmittedAt: sub,
		}
		if r.Opportunity.Stage == program.StageClosedWon {
			r.Opportunity.CloseDate = program.NewDate(2026, 2, 1)
		}
		const span = int64(400 * 24 * 3600)
		now := sub.Add(time.Duration(mod(nowAfter, span)) * time.Second)
		if activityDaysAgo != 0 {
			r.Opportunity.LastSalesActivity = program.OnDate(program.DateOf(now).AddDays(-int(activityDaysAgo)))
		}
		if esm%3 != 0 {
			r.ESM = &dealreg.Review{Decision: dealreg.Verdicts[esm%3-1], At: sub.Add(time.Duration(mod(esmAfter, span)) * time.Second)}
		}
		if asm%3 != 0 {
			base := sub
			if r.ESM != nil {
				base = r.ESM.At
			}
			r.ASM = &dealreg.Review{Decision: dealreg.Verdicts[asm%3-1], At: base.Add(time.Duration(mod(asmAfter, span)) * time.Second)}
		}
		for _, p := range []dealreg.Policy{dealreg.Default(), altPolicy()} {
			checkDecision(t, p, r, now)
		}
	})
}

func altPolicy() dealreg.Policy {
	p := dealreg.Default()
	p.ASMClockStart = dealreg.ClockFromSubmission
	p.MissingActivity = dealreg.MissingActivityAged
	p.TimeZone = program.MustTimeZone("Europe/Berlin")
	return p
}

func pick[T any](values []T, i uint8) T { return values[int(i)%len(values)] }

func mod(n, m int64) int64 {
	n %= m
	if n < 0 {
		n += m
	}
	return n
}

// seeds adds the inputs of the case book's cases of operation op.
func seeds(f *testing.F, op string) {
	cases, err := casebook.LoadDir("../testdata/dealreg")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		if c.Operation == op {
			f.Add([]byte(c.Input), c.Now.Unix())
		}
	}
}

// FuzzDecodeRoute feeds arbitrary bytes through strict decoding and routing:
// never a panic; every error is a field-named input error; every decision is
// well formed.
func FuzzDecodeRoute(f *testing.F) {
	seeds(f, "dealreg.route")
	f.Fuzz(func(t *testing.T, data []byte, nowUnix int64) {
		var r dealreg.Registration
		if err := program.DecodeJSON(data, &r); err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("decode error does not match ErrInvalidInput: %v", err)
			}
			return
		}
		now := time.Unix(mod(nowUnix, 4102444800), 0).UTC()
		checkDecision(t, dealreg.Default(), r, now)
		first, err := dealreg.Default().Route(r, now)
		if err != nil {
			return
		}
		// A valid registration survives a JSON round trip and decides the same.
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back dealreg.Registration
		if err := program.DecodeJSON(b, &back); err != nil {
			t.Fatalf("re-decoding our own JSON: %v\n%s", err, b)
		}
		if second, err := dealreg.Default().Route(back, now); err != nil || !reflect.DeepEqual(first, second) {
			t.Fatalf("after a JSON round trip: %v\n%+v\n%+v", err, first, second)
		}
	})
}

// FuzzDecodeResolve checks the exclusivity invariant on arbitrary
// competitions: at most one winner, and it is the one the outcome names.
func FuzzDecodeResolve(f *testing.F) {
	seeds(f, "dealreg.resolve")
	f.Fuzz(func(t *testing.T, data []byte, nowUnix int64) {
		var c dealreg.Competition
		if program.DecodeJSON(data, &c) != nil {
			return
		}
		now := time.Unix(mod(nowUnix, 4102444800), 0).UTC()
		res, err := dealreg.Default().Resolve(c, now)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("error does not match ErrInvalidInput: %v", err)
			}
			return
		}
		checkResolution(t, c, res)
	})
}

func checkResolution(t *testing.T, c dealreg.Competition, res dealreg.Resolution) {
	t.Helper()
	won := 0
	for i, e := range res.Entries {
		if e.Registration != c.Registrations[i].ID {
			t.Fatalf("entry %d is %q, want input order (%q)", i, e.Registration, c.Registrations[i].ID)
		}
		if e.Reason.Rule == "" || !ruleIDs[e.Reason.Rule] {
			t.Fatalf("entry %d has no declared reason: %+v", i, e.Reason)
		}
		if e.Placing == dealreg.Won {
			won++
			if e.Registration != res.Winner {
				t.Fatalf("entry %s won but the winner is %q", e.Registration, res.Winner)
			}
		}
	}
	if won > 1 {
		t.Fatalf("%d winners", won)
	}
	if (res.Outcome == dealreg.HasWinner) != (won == 1) {
		t.Fatalf("outcome %s with %d winners", res.Outcome, won)
	}
}
