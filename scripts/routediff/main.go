// Command routediff prints what dealreg decides for many generated cases,
// one line per case, so that two revisions of dealreg can be compared line
// by line: a rewrite of Policy.Route (and of Policy.Resolve, which routes
// each registration the same way) that changes no decision prints the same
// lines. scripts/routediff.sh runs it on an old revision and on the working
// tree and diffs the two outputs.
//
//	go run ./scripts/routediff -n 200000 -seed 1 > out.txt
//	go run ./scripts/routediff -case 1234   # one case, with its input
//
// Each case is a policy (one of the variants of policies, in turn), a
// registration and the instant it is decided at, drawn from a generator
// seeded by the seed and the case's number, so a case prints the same line
// whatever -n is. Times are placed so that deadlines, the aging period and
// expiry land exactly on their boundaries often; the clock is never read.
//
// A line is the case's number, the policy variant's name, "route" or
// "resolve", and then the error ("err: ", its problems joined by \n, and
// whether it is program.ErrInvalidInput), a panic, or the decision: its
// JSON (which writes every reason's text), its rule IDs, the zones of its
// Deadline, ApprovedAt, ExpiresAt and Next.Due (which JSON leaves out),
// whether a second Route gave a reflect.DeepEqual decision, and its
// reasons' facts (-facts=false leaves them out). A resolution is its JSON.
//
// It uses only the public API of dealreg and program, so that it builds on
// older revisions too: the script copies this file into an old worktree.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func main() {
	n := flag.Int("n", 200000, "how many cases to run")
	seed := flag.Uint64("seed", 1, "the seed the cases are drawn from")
	only := flag.Int("case", -1, "run only this case, printing its policy and registration first")
	flag.BoolVar(&withFacts, "facts", true, "end each decision's line with its reasons' facts")
	flag.Parse()

	vs := policies()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	first, last := 0, *n
	if *only >= 0 {
		first, last = *only, *only+1
	}
	for i := first; i < last; i++ {
		runCase(w, vs, *seed, i, *only >= 0)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "routediff:", err)
		os.Exit(1)
	}
}

// runCase generates case i and prints its routing decision, and for every
// tenth case the resolution of a competition the registration is part of.
func runCase(w io.Writer, vs []variant, seed uint64, i int, verbose bool) {
	v := vs[i%len(vs)]
	g := newGen(rand.New(rand.NewPCG(seed, uint64(i))), v.p)
	r, now := g.registration()
	var c dealreg.Competition
	resolveToo := i%10 == 9
	if resolveToo {
		c = g.competition(r, now)
	}
	if verbose {
		fmt.Fprintf(w, "policy %s: %s\n", v.name, show(v.p))
		fmt.Fprintf(w, "now: %s\n", showTime(now))
		fmt.Fprintf(w, "registration: %s\n", showRegistration(r))
		for j, cr := range c.Registrations {
			fmt.Fprintf(w, "competitor %d: %s\n", j, showRegistration(cr))
		}
	}
	fmt.Fprintf(w, "%d %s route %s\n", i, v.name, route(v.p, r, now))
	if resolveToo {
		fmt.Fprintf(w, "%d %s resolve %s\n", i, v.name, resolve(v.p, c, now))
	}
}

// route decides r at now under p and writes the decision, or the error, as
// one line. A panic is written too: it is an outcome to compare like any
// other.
func route(p dealreg.Policy, r dealreg.Registration, now time.Time) (line string) {
	defer func() {
		if e := recover(); e != nil {
			line = fmt.Sprintf("panic: %v", e)
		}
	}()
	d, err := p.Route(r, now)
	if err != nil {
		return errText(err)
	}
	again, err := p.Route(r, now)
	same := err == nil && reflect.DeepEqual(d, again)
	line = fmt.Sprintf("%s ids=%v zones=%s,%s,%s,%s same=%t", decisionText(d), d.Reasons.IDs(),
		d.Deadline.Location(), d.ApprovedAt.Location(), d.ExpiresAt.Location(), d.Next.Due.Location(), same)
	if withFacts {
		line += " facts=" + factsText(d.Reasons)
	}
	return line
}

// decisionText is d as JSON, which writes every reason's text; or, for a
// decision JSON cannot write (an instant outside the years 0-9999), the
// error and each member, the reasons as JSON.
func decisionText(d dealreg.Decision) string {
	js, err := json.Marshal(d)
	if err == nil {
		return string(js)
	}
	rs, rerr := json.Marshal(d.Reasons)
	if rerr != nil {
		rs = []byte(rerr.Error())
	}
	return fmt.Sprintf("marshal error: %v; outcome=%s reasons=%s next=%s/%q/%s deadline=%s approved_at=%s approved_by=%s expires_at=%s status=%s policy_version=%s",
		err, d.Outcome, rs, d.Next.Actor, d.Next.What, stamp(d.Next.Due), stamp(d.Deadline), stamp(d.ApprovedAt), d.ApprovedBy,
		stamp(d.ExpiresAt), d.Status, d.PolicyVersion)
}

// stamp is t to the nanosecond with its offset; any year.
func stamp(t time.Time) string { return t.Format(time.RFC3339Nano) }

// withFacts is whether a decision's line ends with its reasons' facts,
// the values their texts are written from (-facts).
var withFacts = true

// factsText is the facts of each reason: the numbers, the words, the
// decimals, the zone and the sentence chosen. Ref, a pointer, is written
// only as whether it is set.
func factsText(rs program.Reasons) string {
	var b strings.Builder
	for i, r := range rs.All() {
		if i > 0 {
			b.WriteByte(' ')
		}
		f := &r.Facts
		loc := "-"
		if f.Loc != nil {
			loc = f.Loc.String()
		}
		fmt.Fprintf(&b, "{%v %q [%s %s] %s %d %t}", f.N, f.S, f.D[0].String(), f.D[1].String(), loc, f.V, f.Ref != nil)
	}
	return b.String()
}

// resolve decides the competition c at now under p and writes the
// resolution, or the error, as one line.
func resolve(p dealreg.Policy, c dealreg.Competition, now time.Time) (line string) {
	defer func() {
		if e := recover(); e != nil {
			line = fmt.Sprintf("panic: %v", e)
		}
	}()
	res, err := p.Resolve(c, now)
	if err != nil {
		return errText(err)
	}
	js, jerr := json.Marshal(res)
	if jerr != nil {
		return "marshal error: " + jerr.Error()
	}
	return string(js)
}

// errText is an error on one line, saying whether it is an input error.
func errText(err error) string {
	return fmt.Sprintf("err: %s invalid_input=%t", strings.ReplaceAll(err.Error(), "\n", `\n`), errors.Is(err, program.ErrInvalidInput))
}

// A variant is one of the policies the cases cycle through.
type variant struct {
	name string
	p    dealreg.Policy
}

// Zones the policies count days in.
var (
	utc      = program.UTC()
	newYork  = program.MustTimeZone("America/New_York")
	berlin   = program.MustTimeZone("Europe/Berlin")
	kolkata  = program.MustTimeZone("Asia/Kolkata")
	lordHowe = program.MustTimeZone("Australia/Lord_Howe")
)

// crmLabels maps a CRM's whole stage picklist; fewLabels maps a few labels,
// one with spaces around it and one not in ASCII.
var (
	crmLabels = map[string]program.Stage{
		"0-Prospecting": program.Stage0, "1-Discovery": program.Stage1, "2-Scoping": program.Stage2,
		"3-Technical Evaluation": program.Stage3, "4-Proposal": program.Stage4, "5-Negotiating": program.Stage5,
		"6-Awaiting Signature": program.Stage6, "7-Closing": program.Stage7,
		"Closed Won": program.StageClosedWon, "Closed Lost": program.StageClosedLost, "Not in CRM": program.StageNone,
	}
	fewLabels = map[string]program.Stage{
		"Qualify": program.Stage2, "3-Technical Evaluation": program.Stage3, " Negotiating ": program.Stage5,
		"Négociation": program.Stage6, "Closed Won": program.StageClosedWon,
	}
)

// policies lists the policy variants: the default, each reading switch, each
// zone, stage labels, qualifying kinds, day counts and training minimums,
// some combined, all compiled; then compiled policies changed by hand
// afterwards (and one never compiled), which Route must compile per call,
// one of them invalid.
func policies() []variant {
	var vs []variant
	// compiled adds the default policy as change leaves it, compiled.
	compiled := func(name string, change func(p *dealreg.Policy)) {
		p := dealreg.Default()
		change(&p)
		c, err := p.Compile()
		if err != nil {
			panic("routediff: policy " + name + ": " + err.Error())
		}
		vs = append(vs, variant{name, c})
	}
	// days sets every day count of p to n.
	days := func(p *dealreg.Policy, n int) {
		p.ASMTimeoutDays, p.SourcedGrowthTimeoutDays, p.AgingDays, p.ExpiryDays = n, n, n, n
	}
	compiled("default", func(p *dealreg.Policy) {})
	compiled("clock-submission", func(p *dealreg.Policy) { p.ASMClockStart = dealreg.ClockFromSubmission })
	compiled("missing-aged", func(p *dealreg.Policy) { p.MissingActivity = dealreg.MissingActivityAged })
	compiled("missing-active", func(p *dealreg.Policy) { p.MissingActivity = dealreg.MissingActivityActive })
	compiled("start-of-day", func(p *dealreg.Policy) { p.ActivityDate = dealreg.ActivityDateStartOfDay })
	compiled("new-york", func(p *dealreg.Policy) { p.TimeZone = newYork })
	compiled("berlin", func(p *dealreg.Policy) { p.TimeZone = berlin })
	compiled("kolkata", func(p *dealreg.Policy) { p.TimeZone = kolkata })
	compiled("lord-howe", func(p *dealreg.Policy) { p.TimeZone = lordHowe })
	compiled("crm-labels", func(p *dealreg.Policy) { p.StageLabels = crmLabels })
	compiled("few-labels", func(p *dealreg.Policy) { p.StageLabels = fewLabels })
	compiled("kinds-renewal", func(p *dealreg.Policy) { p.QualifyingKinds = program.OpportunityKinds })
	compiled("kinds-new-customer", func(p *dealreg.Policy) {
		p.QualifyingKinds = []program.OpportunityKind{program.KindNewCustomer}
	})
	compiled("kinds-none", func(p *dealreg.Policy) { p.QualifyingKinds = nil })
	compiled("days-1", func(p *dealreg.Policy) { days(p, 1) })
	compiled("days-10", func(p *dealreg.Policy) { days(p, 10) })
	compiled("days-180", func(p *dealreg.Policy) { days(p, 180) })
	compiled("days-3650", func(p *dealreg.Policy) { days(p, 3650) })
	compiled("days-mixed", func(p *dealreg.Policy) {
		p.ASMTimeoutDays, p.SourcedGrowthTimeoutDays, p.AgingDays, p.ExpiryDays = 1, 3650, 10, 180
	})
	compiled("trained-0", func(p *dealreg.Policy) { p.MinTrainedEmployees = 0 })
	compiled("trained-5", func(p *dealreg.Policy) { p.MinTrainedEmployees = 5 })
	compiled("berlin-submission-startofday-crm", func(p *dealreg.Policy) {
		p.TimeZone, p.ASMClockStart, p.ActivityDate, p.StageLabels = berlin, dealreg.ClockFromSubmission, dealreg.ActivityDateStartOfDay, crmLabels
	})
	compiled("newyork-aged-days1-trained0", func(p *dealreg.Policy) {
		p.TimeZone, p.MissingActivity, p.MinTrainedEmployees = newYork, dealreg.MissingActivityAged, 0
		days(p, 1)
	})
	compiled("lordhowe-startofday-aging10-submission", func(p *dealreg.Policy) {
		p.TimeZone, p.ActivityDate, p.AgingDays, p.ASMClockStart = lordHowe, dealreg.ActivityDateStartOfDay, 10, dealreg.ClockFromSubmission
	})
	compiled("kolkata-active-renewal-few", func(p *dealreg.Policy) {
		p.TimeZone, p.MissingActivity, p.StageLabels = kolkata, dealreg.MissingActivityActive, fewLabels
		p.QualifyingKinds = program.OpportunityKinds
	})
	compiled("newyork-startofday-days3650", func(p *dealreg.Policy) {
		p.TimeZone, p.ActivityDate = newYork, dealreg.ActivityDateStartOfDay
		days(p, 3650)
	})

	// handChanged adds a compiled policy, as change leaves it without
	// compiling it again.
	handChanged := func(name string, change func(p *dealreg.Policy)) {
		p := dealreg.Default()
		change(&p)
		vs = append(vs, variant{name, p})
	}
	handChanged("hand-asm-3", func(p *dealreg.Policy) { p.ASMTimeoutDays = 3 })
	handChanged("hand-berlin", func(p *dealreg.Policy) { p.TimeZone = berlin })
	handChanged("hand-labels", func(p *dealreg.Policy) { p.StageLabels = fewLabels })
	handChanged("hand-kinds", func(p *dealreg.Policy) {
		p.QualifyingKinds = []program.OpportunityKind{program.KindRenewal, program.KindAddOn}
	})
	handChanged("hand-version-submission", func(p *dealreg.Policy) {
		p.Version, p.ASMClockStart = "hand-2027", dealreg.ClockFromSubmission
	})
	handChanged("hand-invalid-aging-0", func(p *dealreg.Policy) { p.AgingDays = 0 })
	// A policy built from scratch and never compiled.
	vs = append(vs, variant{"never-compiled", dealreg.Policy{
		Version:                  "scratch",
		TimeZone:                 lordHowe,
		MinTrainedEmployees:      2,
		QualifyingKinds:          []program.OpportunityKind{program.KindNewOpportunity, program.KindAddOn},
		ASMTimeoutDays:           7,
		ASMClockStart:            dealreg.ClockFromESMApproval,
		SourcedGrowthTimeoutDays: 14,
		AgingDays:                90,
		MissingActivity:          dealreg.MissingActivityAged,
		ActivityDate:             dealreg.ActivityDateCalendarDays,
		StageLabels:              crmLabels,
		ExpiryDays:               30,
	}})
	return vs
}

// gen draws the parts of one case for one policy.
type gen struct {
	rng *rand.Rand
	p   dealreg.Policy
	loc *time.Location // the policy's zone
	// clean is set for three cases in four: they hold only valid values,
	// with their instants in an order that can be true, so that they are
	// decided. The other cases may hold any value and contradict
	// themselves, so that errors are compared too.
	clean bool
	// eligible is set for two registrations in three: their partner,
	// scope and program meet the requirements (the kind and stage still
	// may not), so that they are routed. The others are often rejected.
	eligible bool
}

func newGen(rng *rand.Rand, p dealreg.Policy) *gen {
	g := &gen{rng: rng, p: p, loc: p.TimeZone.Location()}
	g.clean = g.chance(75)
	return g
}

// elect draws whether the next registration is eligible (gen.eligible).
func (g *gen) elect() { g.eligible = g.chance(67) }

// chance reports true with probability percent/100.
func (g *gen) chance(percent int) bool { return g.rng.IntN(100) < percent }

// bad reports true with probability percent/100 in a case that is not
// clean, and never in a clean one: whether to put a bad value in.
func (g *gen) bad(percent int) bool { return !g.clean && g.chance(percent) }

// pick is one of values, uniformly.
func pick[T any](g *gen, values ...T) T { return values[g.rng.IntN(len(values))] }

// oneOf is one of valid, or, in a case that is not clean, one of invalid
// percent of the time.
func oneOf[T any](g *gen, valid []T, percent int, invalid ...T) T {
	if len(invalid) > 0 && g.bad(percent) {
		return pick(g, invalid...)
	}
	return pick(g, valid...)
}

// notBefore is t, or in a clean case after when t is before it: a clean
// case's instants come in an order that can be true.
func (g *gen) notBefore(t, after time.Time) time.Time {
	if g.clean && t.Before(after) {
		return after
	}
	return t
}

// Instants a small fraction of the times are replaced by: the zero time,
// the first and last instants RFC 3339 writes, year 0, and instants far
// outside the years 1-9999.
var extremes = []time.Time{
	{},
	time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
	time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	time.Date(9999, 12, 20, 12, 0, 0, 0, time.UTC),
	time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC),
	time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Unix(1<<40, 0),
	time.Unix(-1<<40, 0),
	time.Unix(1<<62, 0),
	time.Unix(-1<<62, 0),
}

// extreme is one of extremes, in one of the zones present gives.
func (g *gen) extreme() time.Time { return g.present(pick(g, extremes...)) }

// odd is a fixed zone with a half-hour offset, as some of the instants are
// given in.
var odd = time.FixedZone("x", 5*3600+1800)

// present gives t in the zone a caller might: UTC most often, else the
// policy's zone, a fixed offset, New York or Berlin. The instant stays the
// same; only its Location differs.
func (g *gen) present(t time.Time) time.Time {
	switch g.rng.IntN(10) {
	case 0, 1:
		return t.In(g.loc)
	case 2:
		return t.In(odd)
	case 3:
		return t.In(newYork.Location())
	case 4:
		return t.In(berlin.Location())
	}
	return t.UTC()
}

// offset is a small shift for placing an instant at or next to a boundary:
// none most often, then a nanosecond, a second, half an hour, an hour or a
// day either way, or a random shift of up to three days.
func (g *gen) offset() time.Duration {
	switch g.rng.IntN(16) {
	case 0, 1, 2, 3:
		return 0
	case 4, 5:
		return time.Nanosecond
	case 6, 7:
		return -time.Nanosecond
	case 8:
		return time.Second
	case 9:
		return -time.Second
	case 10:
		return pick(g, 30*time.Minute, -30*time.Minute, time.Hour, -time.Hour)
	case 11:
		return 24 * time.Hour
	case 12:
		return -24 * time.Hour
	}
	return time.Duration(g.rng.Int64N(int64(6*24*time.Hour))) - 3*24*time.Hour
}

// near is t moved by an offset.
func (g *gen) near(t time.Time) time.Time { return t.Add(g.offset()) }

// between is an instant from a to b inclusive (a when b is before a):
// either end exactly, or a random instant between.
func (g *gen) between(a, b time.Time) time.Time {
	switch {
	case !b.After(a):
		return a
	case g.chance(15):
		return a
	case g.chance(15):
		return b
	}
	span := b.Sub(a) // saturates for far-apart instants: still inside [a, b]
	return a.Add(time.Duration(g.rng.Int64N(int64(span))))
}

// days is one of the policy's day counts.
func (g *gen) days() int {
	p := &g.p
	return pick(g, p.ASMTimeoutDays, p.SourcedGrowthTimeoutDays, p.AgingDays, p.ExpiryDays)
}

// transitions are the changes of offset (daylight saving) of a zone from
// 2024 to 2028; none for a zone without them.
func transitions(loc *time.Location) []time.Time {
	var out []time.Time
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(2029, 1, 1, 0, 0, 0, 0, loc)
	for t.Before(end) {
		_, next := t.ZoneBounds()
		if next.IsZero() {
			break
		}
		out = append(out, next)
		t = next
	}
	return out
}

// zoneChanges holds the transitions of the zones the policies use.
var zoneChanges = map[*time.Location][]time.Time{}

func init() {
	for _, tz := range []program.TimeZone{utc, newYork, berlin, kolkata, lordHowe} {
		zoneChanges[tz.Location()] = transitions(tz.Location())
	}
}

// base is the instant a registration's times are placed from, its
// submission: a random instant of 2020-2030 usually; a policy's day count
// before a daylight-saving change in the policy's zone (or New York's, for
// zones without), or at such a change; midnight in the policy's zone; near
// the ends of the years RFC 3339 writes, or in year 0; or, in a case that
// is not clean, an extreme.
func (g *gen) base() time.Time {
	switch n := g.rng.IntN(100); {
	case n < 60:
		t := time.Unix(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()+g.rng.Int64N(11*365*86400), 0)
		if g.chance(30) {
			t = t.Add(time.Duration(g.rng.Int64N(int64(time.Second))))
		}
		return g.present(t)
	case n < 82:
		changes := zoneChanges[g.loc]
		if len(changes) == 0 {
			changes = zoneChanges[newYork.Location()]
		}
		t := pick(g, changes...)
		if g.chance(70) {
			t = program.AddDays(t, -g.days(), g.loc)
		}
		return g.present(g.near(t))
	case n < 92:
		d := time.Date(2020+g.rng.IntN(10), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, g.loc)
		return g.present(g.near(d))
	case n < 97 || g.clean:
		return g.present(pick(g,
			time.Date(1, 1, 1, g.rng.IntN(24), 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(30)),
			time.Date(9999, 12, 31, 12, 0, 0, 0, time.UTC).AddDate(0, 0, -g.rng.IntN(400)),
			time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
			time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC)))
	}
	return g.extreme()
}

// scopes are every scope, the one that qualifies weighted up.
var scopes = []dealreg.Scope{
	dealreg.ScopeSingleOpportunity, dealreg.ScopeSingleOpportunity, dealreg.ScopeSingleOpportunity,
	dealreg.ScopeSingleOpportunity, dealreg.ScopeSingleOpportunity, dealreg.ScopeSingleOpportunity,
	dealreg.ScopeSingleOpportunity, dealreg.ScopeSingleOpportunity, dealreg.ScopeCustomerAccount, dealreg.ScopeCombinedOpportunities,
}

// programs are every program type, the deal-registration ones weighted up.
var programs = []dealreg.ProgramType{
	dealreg.ProgramReferral, dealreg.ProgramResale, dealreg.ProgramMSP,
	dealreg.ProgramReferral, dealreg.ProgramResale, dealreg.ProgramMSP,
	dealreg.ProgramReferral, dealreg.ProgramResale, dealreg.ProgramMSP, dealreg.ProgramServiceAttached,
}

// kinds of opportunity, renewals weighted up: they take the sourced-growth
// path.
var kinds = []program.OpportunityKind{
	program.KindNewCustomer, program.KindNewOpportunity, program.KindAddOn,
	program.KindNewCustomer, program.KindNewOpportunity, program.KindAddOn, program.KindRenewal, program.KindRenewal,
}

// unmappedLabels are stage texts that are neither stages nor (for most
// policies) labels: near misses of stages and labels, labels some policies
// map and others do not, and nothing.
var unmappedLabels = []program.Stage{
	"3-Tech Eval", "Closed Won", "Qualify", "closed won", "Stage 3", " 3", "3 ", "CLOSED_WON", "Négociation",
	"9", "-1", "bogus", "None", "",
}

// stage is an opportunity's stage: a stage most often (0-6 weighted up,
// since they have paths, and 3-6 for a renewal, which has a path there),
// else a label the policy maps, or, in a case that is not clean, a text
// it may not map, or nothing.
func (g *gen) stage(renewal bool) program.Stage {
	switch {
	case g.bad(12):
		return pick(g, unmappedLabels...)
	case renewal && g.chance(70):
		return pick(g, program.Stage3, program.Stage4, program.Stage5, program.Stage6)
	case len(g.p.StageLabels) > 0 && g.chance(25):
		// A map's order is random: sorted, the draw is fixed.
		return program.Stage(pick(g, slices.Sorted(maps.Keys(g.p.StageLabels))...))
	case g.chance(70):
		return pick(g, program.Stage0, program.Stage1, program.Stage2, program.Stage3, program.Stage4, program.Stage5, program.Stage6)
	}
	return pick(g, program.Stages...)
}

// stageOf is the stage s names under the policy, as the policy reads it.
func (g *gen) stageOf(s program.Stage) program.Stage {
	if s.Valid() {
		return s
	}
	return g.p.StageLabels[string(s)]
}

// partner is a partner: the agreement signed most often, a trained count
// around the policies' minimums (for an eligible registration, at the
// policy's minimum or above it), and its unread members (track, standing,
// country, competencies, marketplaces, the other counts) sometimes set;
// in a case that is not clean, any of them may be invalid.
func (g *gen) partner() program.Partner {
	p := program.Partner{
		AgreementSigned: g.eligible || g.chance(85),
		Employees: program.Employees{
			FoundationsTrained: oneOf(g, []int{0, 1, 1, 2, 5, 5, 6, 6}, 8, -1, 1000001),
		},
	}
	if min := g.p.MinTrainedEmployees; g.eligible && p.Employees.FoundationsTrained < min {
		p.Employees.FoundationsTrained = pick(g, min, min+1)
	}
	if g.chance(30) {
		p.Track = oneOf(g, program.Tracks, 10, "bogus", "Open")
	}
	if g.chance(30) {
		p.Standing = oneOf(g, program.Standings, 10, "bogus")
	}
	if g.chance(20) {
		p.Country = oneOf(g, []program.Country{"DE", "US", "IN", "AU", "XK"}, 15, "UK", "de", "EZ", "D")
	}
	if g.chance(15) {
		p.Competencies = []program.Competency{pick(g, program.Competencies...)}
		if g.bad(10) {
			p.Competencies = append(p.Competencies, "bogus")
		}
	}
	if g.chance(8) {
		p.Marketplaces = []program.Marketplace{oneOf(g, program.Marketplaces, 10, "bogus")}
	}
	switch {
	case g.bad(4):
		p.Employees.SolutionArchitects = pick(g, -1, 1000001)
	case g.chance(5):
		p.Employees.SolutionArchitects = 3
	}
	return p
}

// opportunity is an opportunity without its times: a kind, a stage,
// sourced growth on most renewals, and sometimes a net ARR; in a case that
// is not clean, the kind may be missing or unknown, another kind may carry
// sourced growth and the net ARR's currency may be missing or unknown.
func (g *gen) opportunity() program.Opportunity {
	o := program.Opportunity{Kind: oneOf(g, kinds, 8, "", "bogus")}
	renewal := o.Kind == program.KindRenewal
	o.Stage = g.stage(renewal)
	if renewal {
		o.SourcedGrowth = g.chance(80)
	} else {
		o.SourcedGrowth = g.bad(8)
	}
	if g.chance(20) {
		o.NetARR = oneOf(g, []program.Money{
			program.MustMoney("125000.50", "USD"),
			program.MustMoney("1000", "JPY"),
			program.MustMoney("0.001", "BHD"),
			program.MustMoney("-1", "EUR"),
		}, 25, program.MustMoney("12", ""), program.MustMoney("12", "usd"), program.MustMoney("12", "XXX"))
	}
	return o
}

// clockDays are the days of the timeout clock of the path a registration
// at stage takes, and whether that clock starts at submission; a stage
// without a clock gives the early-stage days.
func (g *gen) clockDays(stage program.Stage, growth bool) (int, bool) {
	switch {
	case stage.Between(3, 6) && growth:
		return g.p.SourcedGrowthTimeoutDays, true
	case stage.Between(0, 2):
		return g.p.ASMTimeoutDays, g.p.ASMClockStart == dealreg.ClockFromSubmission
	}
	return g.p.ASMTimeoutDays, g.chance(50)
}

// verdicts are the verdicts, approvals weighted up: they lead on to the
// ASM.
var verdicts = []dealreg.Verdict{dealreg.VerdictApproved, dealreg.VerdictApproved, dealreg.VerdictDenied}

// review is a reviewer's decision made after after, placed around the
// deadline the path's clock gives: at it, or a nanosecond, a second or a
// day either side; between after and the deadline; at or near after
// itself; or up to ten days past the deadline. In a clean case it is not
// before after; in another it may be, and its verdict may be unknown and
// its instant zero or extreme.
func (g *gen) review(after, deadline time.Time) *dealreg.Review {
	rv := &dealreg.Review{Decision: oneOf(g, verdicts, 10, "", "bogus", "Approved")}
	switch n := g.rng.IntN(100); {
	case g.bad(5):
		rv.At = pick(g, time.Time{}, g.extreme())
	case n < 40:
		rv.At = g.near(deadline)
	case n < 75:
		rv.At = g.between(after, deadline)
	case n < 90:
		rv.At = g.near(after)
	default:
		rv.At = g.between(after, deadline.Add(10*24*time.Hour))
	}
	rv.At = g.present(g.notBefore(rv.At, after))
	return rv
}

// registration is a registration and the instant to decide it at. The
// instants are placed in order: the submission (base); the ESM decision
// around the deadline of a clock from submission; the ASM decision around
// the path's deadline (from the ESM approval when the clock starts there);
// now around that deadline, a review, the aging boundary of the last sales
// activity or the expiry of an approval; and the activity around the aging
// boundary as seen from now. Reviews are likelier on the stages that have
// them than on the others (where they are a history the opportunity moved
// on from).
func (g *gen) registration() (dealreg.Registration, time.Time) {
	g.elect()
	r := dealreg.Registration{
		Partner:     g.partner(),
		Scope:       oneOf(g, scopes, 6, "", "bogus"),
		Program:     oneOf(g, programs, 6, "", "bogus"),
		Opportunity: g.opportunity(),
	}
	g.meetRequirements(&r)
	stage, growth := g.stageOf(r.Opportunity.Stage), r.Opportunity.SourcedGrowth
	days, fromSubmission := g.clockDays(stage, growth)
	reviewed := stage.Between(0, 2) || (stage.Between(3, 6) && growth)

	sub := g.base()
	r.SubmittedAt = sub
	subDeadline := program.AddDays(sub, days, g.loc)
	deadline := subDeadline
	if (reviewed && g.chance(70)) || g.chance(12) {
		r.ESM = g.review(sub, subDeadline)
		if r.ESM.Decision == dealreg.VerdictApproved && !fromSubmission {
			deadline = program.AddDays(r.ESM.At, days, g.loc)
		}
	}
	if (r.ESM != nil && r.ESM.Decision == dealreg.VerdictApproved && g.chance(60)) || g.bad(5) {
		after := sub
		if r.ESM != nil {
			after = r.ESM.At
		}
		r.ASM = g.review(after, deadline)
	}

	var now time.Time
	activityFirst := false
	switch n := g.rng.IntN(100); {
	case g.bad(8):
		now = pick(g, time.Time{}, g.extreme())
	case n < 35:
		now = g.near(deadline)
	case n < 45:
		now = g.near(g.latest(&r))
	case n < 55:
		now = g.between(sub, deadline.Add(48*time.Hour))
	case n < 77:
		activityFirst = true
	case n < 90:
		// Around the expiry of the approval a decision would carry: at
		// submission, at the deadline or at the ASM's approval.
		approved := pick(g, sub, deadline, g.latest(&r))
		now = g.near(program.AddDays(approved, g.p.ExpiryDays, g.loc))
	case n < 95:
		now = sub
	default:
		now = g.near(sub.Add(time.Duration(g.rng.Int64N(int64(400 * 24 * time.Hour)))))
	}
	var a program.DateOrInstant
	if activityFirst {
		a, now = g.activityThenNow(sub)
		now = g.notBefore(now, g.latest(&r))
	} else {
		now = g.notBefore(now, g.latest(&r))
		a = g.activity(now)
	}
	r.Opportunity.LastSalesActivity = a
	now = g.present(now)
	if g.chance(20) {
		r.Opportunity.CloseDate = g.closeDate(now)
	}
	return r, now
}

// meetRequirements gives an eligible registration with a valid scope and
// program the scope and program that qualify.
func (g *gen) meetRequirements(r *dealreg.Registration) {
	if !g.eligible {
		return
	}
	if r.Scope.Valid() {
		r.Scope = dealreg.ScopeSingleOpportunity
	}
	if r.Program == dealreg.ProgramServiceAttached {
		r.Program = pick(g, dealreg.ProgramReferral, dealreg.ProgramResale, dealreg.ProgramMSP)
	}
}

// latest is the last instant of r's submission and reviews.
func (g *gen) latest(r *dealreg.Registration) time.Time {
	t := r.SubmittedAt
	for _, rv := range []*dealreg.Review{r.ESM, r.ASM} {
		if rv != nil && rv.At.After(t) {
			t = rv.At
		}
	}
	return t
}

// activity is a last sales activity as seen from now: none; a date the
// aging days (or one more or fewer) before today, now's date in the
// policy's zone, another date up to twice the period back, or today; or an
// instant at the aging boundary (the aging days before now in calendar
// days of the policy's zone) or a nanosecond, second, hour or day either
// side, one up to twice the period back, or now itself. In a case that is
// not clean it may be tomorrow or not a calendar date, or an instant just
// after now or an extreme.
func (g *gen) activity(now time.Time) program.DateOrInstant {
	aging := g.p.AgingDays
	switch g.rng.IntN(10) {
	case 0, 1, 2:
		return program.DateOrInstant{}
	case 3, 4, 5, 6:
		today := program.DateOf(now.In(g.loc))
		switch n := g.rng.IntN(100); {
		case g.bad(10):
			return program.OnDate(pick(g, g.badDate(), today.AddDays(1)))
		case n < 65:
			return program.OnDate(today.AddDays(-(aging + g.rng.IntN(4) - 1)))
		case n < 90:
			return program.OnDate(today.AddDays(-g.rng.IntN(2*aging + 2)))
		}
		return program.OnDate(today)
	}
	var t time.Time
	switch n := g.rng.IntN(100); {
	case g.bad(10):
		t = pick(g, now.Add(time.Nanosecond), g.extreme())
	case n < 65:
		t = g.near(program.AddDays(now, -aging, g.loc))
	case n < 88:
		t = now.Add(-time.Duration(g.rng.Int64N(int64(2 * 24 * time.Hour * time.Duration(aging+1)))))
	default:
		t = now
	}
	if g.clean && t.After(now) {
		t = now
	}
	return program.AtInstant(g.present(t))
}

// activityThenNow is a last sales activity up to the aging days before the
// submission, and a now at its aging boundary: for a date, at or just
// either side of the start (in the policy's zone) of the last day it is
// not aged or the first day it is, or late in that day, or at the boundary
// of the start-of-day reading; for an instant, at or just either side of
// its aging boundary.
func (g *gen) activityThenNow(sub time.Time) (program.DateOrInstant, time.Time) {
	aging := g.p.AgingDays
	back := g.rng.IntN(aging + 1)
	if g.chance(50) {
		d := program.DateOf(sub.In(g.loc)).AddDays(-back)
		var now time.Time
		if g.chance(50) {
			day := d.AddDays(aging + g.rng.IntN(2)).Start(g.loc)
			now = day.Add(pick(g, 0, time.Nanosecond, -time.Nanosecond, 12*time.Hour, 24*time.Hour-time.Nanosecond))
		} else {
			now = program.AddDays(d.Start(g.loc), aging, g.loc).Add(pick(g, 0, time.Nanosecond, -time.Nanosecond, time.Second, -time.Second))
		}
		return program.OnDate(d), now
	}
	t := g.present(g.near(program.AddDays(sub, -back, g.loc)))
	now := program.AddDays(t, aging, g.loc).Add(pick(g, 0, time.Nanosecond, -time.Nanosecond, time.Second, -time.Second))
	return program.AtInstant(t), now
}

// badDate is a date that is not a calendar date, or is outside the years
// 1-9999.
func (g *gen) badDate() program.Date {
	return pick(g,
		program.NewDate(2026, 2, 29), program.NewDate(2026, 13, 1), program.NewDate(2026, 4, 31),
		program.NewDate(2026, 1, 0), program.NewDate(0, 1, 1), program.NewDate(10000, 1, 1), program.NewDate(-1, 6, 1))
}

// closeDate is a close date around today (now's date in the policy's
// zone): today, yesterday or long ago; in a case that is not clean also
// tomorrow, or not a date.
func (g *gen) closeDate(now time.Time) program.Date {
	today := program.DateOf(now.In(g.loc))
	if g.bad(30) {
		return pick(g, g.badDate(), today.AddDays(1))
	}
	return today.AddDays(pick(g, 0, -1, -400))
}

// competition is r and one to three competitors for the same opportunity,
// decided at the same now: each submitted at r's submission or near it,
// with reviews between its submission and now, each with an ID, whether
// it supports the customer locally and most with an opportunity ID. In a
// case that is not clean an ID or the local support may be missing, an ID
// repeated, or an opportunity ID different.
func (g *gen) competition(r dealreg.Registration, now time.Time) dealreg.Competition {
	regs := []dealreg.Registration{r}
	for range 1 + g.rng.IntN(3) {
		g.elect()
		c := dealreg.Registration{
			Partner:     g.partner(),
			Scope:       oneOf(g, scopes, 6, "bogus"),
			Program:     oneOf(g, programs, 6, "bogus"),
			Opportunity: g.opportunity(),
		}
		g.meetRequirements(&c)
		if g.chance(60) {
			c.Opportunity.Kind, c.Opportunity.Stage, c.Opportunity.SourcedGrowth = r.Opportunity.Kind, r.Opportunity.Stage, r.Opportunity.SourcedGrowth
		}
		sub := r.SubmittedAt
		if g.chance(60) {
			sub = g.near(sub)
			if g.clean && sub.After(now) { // not after now in a clean case
				sub = now
			}
		}
		c.SubmittedAt = g.present(sub)
		if g.chance(60) {
			c.ESM = &dealreg.Review{Decision: oneOf(g, dealreg.Verdicts, 10, "bogus"), At: g.present(g.between(sub, now))}
			if c.ESM.Decision == dealreg.VerdictApproved && g.chance(60) {
				c.ASM = &dealreg.Review{Decision: oneOf(g, dealreg.Verdicts, 10, "bogus"), At: g.present(g.between(c.ESM.At, now))}
			}
		}
		c.Opportunity.LastSalesActivity = g.activity(now)
		regs = append(regs, c)
	}
	for i := range regs {
		rr := &regs[i]
		rr.ID = fmt.Sprintf("reg-%d", i+1)
		if g.bad(10) {
			rr.ID = pick(g, "", "reg-1")
		}
		if !g.bad(10) {
			local := g.chance(80)
			rr.LocalSupport = &local
		}
		switch {
		case g.bad(10):
			rr.Opportunity.ID = "opp-2"
		case g.chance(60):
			rr.Opportunity.ID = "opp-1"
		}
	}
	return dealreg.Competition{Registrations: regs}
}

// show is v as JSON, or as Go prints it when JSON cannot write it (a time
// outside the years 0-9999).
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

// showTime is t with its zone's name, which JSON leaves out.
func showTime(t time.Time) string {
	return t.Format(time.RFC3339Nano) + " (" + t.Location().String() + ")"
}

// showRegistration is r as JSON, or as Go prints it when JSON cannot
// write it, with its reviews and the zones of its instants.
func showRegistration(r dealreg.Registration) string {
	esm, asm := r.ESM, r.ASM
	r.ESM, r.ASM = nil, nil // Go would print the pointers
	s := show(r) + " submitted_at=" + showTime(r.SubmittedAt)
	if esm != nil {
		s += fmt.Sprintf(" esm=%q at %s", esm.Decision, showTime(esm.At))
	}
	if asm != nil {
		s += fmt.Sprintf(" asm=%q at %s", asm.Decision, showTime(asm.At))
	}
	if t, ok := r.Opportunity.LastSalesActivity.Instant(); ok {
		s += " activity=" + showTime(t)
	}
	return s
}
