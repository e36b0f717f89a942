package dealreg_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// checkDecision asserts what every routing of r must satisfy: an input
// error locating each problem in r's JSON, or a decision with a known
// outcome whose reasons cite declared rules with their sections and say
// something, the same decision each time.
func checkDecision(t *testing.T, p dealreg.Policy, r dealreg.Registration, now time.Time) {
	t.Helper()
	d, err := p.Route(r, now)
	if err != nil {
		doc, jerr := json.Marshal(r)
		if jerr != nil {
			t.Fatal(jerr)
		}
		casetest.InputError(t, doc, err, "now")
		return
	}
	if !d.Outcome.Valid() {
		t.Fatalf("unknown outcome %q", d.Outcome)
	}
	casetest.Reasons(t, dealreg.Rules(), d.Reasons)
	// The reasons are written when read: the rules they name unwritten are
	// the rules of their written block.
	if named, written := d.Reasons.IDs(), d.Reasons.Written().IDs(); !slices.Equal(named, written) {
		t.Fatalf("reasons name rules %v, but their block has %v", named, written)
	}
	for _, rs := range d.Reasons.All() {
		if rs.Text() == "" || !slices.Contains(dealreg.Sections, rs.Section()) {
			t.Fatalf("reason %+v has an unknown section or no text", rs)
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

// seeds adds the input and instant of the case book's cases of operation
// op.
func seeds(f *testing.F, op string) {
	casetest.Seeds(f, "../testdata/dealreg", func(c casebook.Case) { f.Add([]byte(c.Input), c.Now.Unix()) }, op)
}

// FuzzDecodeRoute feeds arbitrary bytes through strict decoding and routing:
// never a panic; every error is a field-named input error; every decision is
// well formed.
func FuzzDecodeRoute(f *testing.F) {
	seeds(f, "dealreg.route")
	f.Fuzz(func(t *testing.T, data []byte, nowUnix int64) {
		var r dealreg.Registration
		if err := program.DecodeJSON(data, &r); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		now := time.Unix(mod(nowUnix, 4102444800), 0).UTC()
		first, err := dealreg.Default().Route(r, now)
		if err != nil {
			casetest.InputError(t, data, err, "now")
			return
		}
		checkDecision(t, dealreg.Default(), r, now)
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
		if err := program.DecodeJSON(data, &c); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		now := time.Unix(mod(nowUnix, 4102444800), 0).UTC()
		res, err := dealreg.Default().Resolve(c, now)
		if err != nil {
			casetest.InputError(t, data, err, "now")
			return
		}
		checkResolution(t, c, res)
	})
}

func checkResolution(t *testing.T, c dealreg.Competition, res dealreg.Resolution) {
	t.Helper()
	if !slices.Contains([]dealreg.ResolutionOutcome{dealreg.HasWinner, dealreg.NoWinner, dealreg.ResolutionNeedsReview}, res.Outcome) {
		t.Fatalf("unknown outcome %q", res.Outcome)
	}
	if len(res.Entries) != len(c.Registrations) {
		t.Fatalf("%d entries for %d registrations", len(res.Entries), len(c.Registrations))
	}
	won := 0
	for i, e := range res.Entries {
		if e.Registration != c.Registrations[i].ID {
			t.Fatalf("entry %d is %q, want input order (%q)", i, e.Registration, c.Registrations[i].ID)
		}
		if !e.Route.Valid() {
			t.Fatalf("entry %d routes to unknown outcome %q", i, e.Route)
		}
		casetest.Reasons(t, dealreg.Rules(), program.ReasonsOf(e.Reason))
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

// FuzzParsePolicy holds dealreg.ParsePolicy to the policy contract: an
// input error locating each problem, or a policy that survives a JSON round
// trip and routes a registration.
func FuzzParsePolicy(f *testing.F) {
	def, _ := json.Marshal(dealreg.Default())
	f.Add(def)
	f.Add([]byte(`{"expiry_days": 60}`))
	f.Add([]byte(`{"asm_clock_start": "submission", "time_zone": "Europe/Berlin"}`))
	f.Add([]byte(`{"stage_labels": {"Qualify": "2", "Closed Won": "closed_won"}}`))
	f.Add([]byte(`{"qualifying_kinds": [], "aging_days": 0}`))
	for _, c := range casetest.Load(f, "../testdata/dealreg") {
		if len(c.Policy) > 0 {
			f.Add([]byte(c.Policy))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, dealreg.Default, dealreg.ParsePolicy, data)
		if !ok {
			return
		}
		checkDecision(t, p, registration(), at("2026-03-20T09:00:00Z"))
	})
}
