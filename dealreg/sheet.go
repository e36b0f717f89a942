package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// instant is an instant as a routing decision compares it: the seconds
// time.Time counts from the start of year 1, and the nanoseconds. A
// registration's instants are read once into instants, so that checking
// them, routing on them and keeping them in a frame compare and copy
// integers, not time.Time values.
//
// Instants are compared as the wall-clock instants they name; the
// monotonic clock reading that time.Now attaches is not read (a decision
// is about the instants a CRM records, which have none). Counting from
// year 1, as time.Time does, keeps the order of any two instants however
// far apart.
type instant struct {
	sec  int64
	nsec int64
}

// unixToInternal is the seconds from the start of year 1 to 1970.
const unixToInternal = (1969*365 + 1969/4 - 1969/100 + 1969/400) * secondsPerDay

const secondsPerDay = 24 * 60 * 60

// instantOf is t as an instant.
func instantOf(t time.Time) instant { return instant{t.Unix() + unixToInternal, int64(t.Nanosecond())} }

// isZero reports whether a is the zero time.Time's instant.
func (a instant) isZero() bool { return a.sec == 0 && a.nsec == 0 }

// after reports whether a is after b.
func (a instant) after(b instant) bool { return a.sec > b.sec || (a.sec == b.sec && a.nsec > b.nsec) }

// compare is -1, 0 or +1 as a is before, at or after b.
func (a instant) compare(b instant) int {
	switch {
	case a.after(b):
		return 1
	case b.after(a):
		return -1
	}
	return 0
}

// time is a in loc.
func (a instant) time(loc *time.Location) time.Time {
	return time.Unix(a.sec-unixToInternal, a.nsec).In(loc)
}

// Instants of years 1 to 9999: the ones whose days are counted without
// time.Time.
const (
	firstSecond = 0                       // 0001-01-01T00:00:00
	endSecond   = 3652059 * secondsPerDay // 10000-01-01T00:00:00
)

// addDays is a plus n calendar days in the policy's zone ([program.AddDays]);
// n is one of the policy's day counts (at most maxDays).
func (rd *ready) addDays(a instant, n int) instant {
	if rd.loc == time.UTC {
		if u := a.sec - unixToInternal; u > -1<<50 && u < 1<<50 { // as AddDays adds seconds
			return instant{a.sec + int64(n)*secondsPerDay, a.nsec}
		}
	}
	return instantOf(program.AddDays(a.time(time.UTC), n, rd.loc))
}

// dayStart is the first instant of the date d, whose day number is day, in
// the policy's zone ([program.Date.Start]).
func (rd *ready) dayStart(d program.Date, day int64) instant {
	if rd.loc == time.UTC && d.Valid() {
		return instant{day*secondsPerDay + unixToInternal, 0}
	}
	return instantOf(d.Start(rd.loc))
}

// dayOf is the day number of now's date in the policy's zone.
func (rd *ready) dayOf(now instant) int64 {
	if rd.loc == time.UTC && now.sec >= firstSecond && now.sec < endSecond {
		return now.sec/secondsPerDay - unixToInternal/secondsPerDay
	}
	return program.DateOf(now.time(rd.loc)).DayNumber()
}

// sheet is a registration as the routing table reads it, read once: its
// instants, its stage as the policy reads it, and the answers to the
// questions the table's rows ask, as bits.
type sheet struct {
	now, sub instant
	esm, asm instant // when decided
	act      instant // the last sales activity, when an instant
	actDay   int64   // the last sales activity's day number, when a date
	clock    instant // when the path's timeout clock started, if from >= 0
	deadline instant // clock + the path's days
	from     int8    // the moment the clock started at (clockFrom), or -1 while it has not
	aging    instant // when the activity's aging period ends, when aged instant to instant
	today    int64   // today's day number, when aged in calendar days
	stage    program.Stage
	index    uint8 // stage's index in program.Stages
	kind     uint8 // the kind's kindBit
	bits     uint32
}

// Bits of a sheet: what the registration is, then, once its path is taken,
// where it stands against the path's deadline or aging period.
const (
	bReviewed     = 1 << iota // an ESM or ASM decision is recorded
	bReviewedPath             // at a stage the ESM and ASM review: 0-2, or 3-6 with sourced growth
	bNone                     // no CRM opportunity
	bEarly                    // stage 0-2
	bMid                      // stage 3-6
	bGrowth                   // a renewal with sourced growth
	bESM                      // an ESM decision is recorded
	bESMDenied                // and it is a denial
	bASM                      // an ASM decision is recorded
	bASMDenied                // and it is a denial
	bNoActivity               // no last sales activity is recorded
	bActInstant               // the last sales activity is an instant (else a date)

	bNowAfter     // now is after the deadline
	bNowInTime    // the clock has not started, or now is not after the deadline
	bESMAfter     // the ESM decided after the deadline
	bESMInTime    // the clock has not started, or the ESM did not decide after the deadline
	bASMAfter     // the ASM decided after the deadline
	bLate         // the ESM or the ASM decided after the deadline
	bAged         // the last sales activity is more than the aging period before now
	bInstantAging // aged instant to instant (else in calendar days)
)

// cond is the condition of a routing row over a sheet's bits: every bit of
// has is set and no bit of not.
type cond struct{ has, not uint32 }

func (c cond) holds(bits uint32) bool { return bits&c.has == c.has && bits&c.not == 0 }

// scan reads r into s under the policy rd, as of now, and reports whether
// r has no problem: checkAll's questions, asked once each with nothing
// built, so that a good registration (nearly every one) is read and
// passed at the cost of its comparisons. When it reports false, s is not
// to be read, and checkAll finds the problems (FuzzValidIsCheckAll holds
// the two together).
func (rd *ready) scan(r *Registration, now time.Time, s *sheet) bool {
	s.from = -1 // no clock until a path starts one
	o := &r.Opportunity
	stage, known := rd.stageOf(o.Stage)
	kind := program.IndexOf(o.Kind, program.OpportunityKinds)
	if !known || kind < 0 || !r.Partner.Valid() || !r.Scope.Valid() || !r.Program.Valid() || !o.ValidBesideKindAndStage() {
		return false
	}
	s.stage, s.index, s.kind = stage, stageIndex(stage), uint8(kind+1)
	var bits uint32
	if o.SourcedGrowth && o.Kind == program.KindRenewal {
		bits |= bGrowth
	}
	switch i := s.index; {
	case i == 0:
		bits |= bNone
	case i <= 3:
		bits |= bEarly | bReviewedPath
	case i <= 7:
		bits |= bMid
		if bits&bGrowth != 0 {
			bits |= bReviewedPath
		}
	}
	s.now, s.sub = instantOf(now), instantOf(r.SubmittedAt)
	if s.sub.isZero() || s.sub.after(s.now) {
		return false
	}
	a := &o.LastSalesActivity
	if t, ok := a.Instant(); ok {
		bits |= bActInstant
		if s.act = instantOf(t); s.act.after(s.now) {
			return false
		}
	} else if d, ok := a.Date(); ok {
		if s.actDay = d.DayNumber(); rd.dayStart(d, s.actDay).after(s.now) {
			return false
		}
	} else {
		bits |= bNoActivity
	}
	if c := o.CloseDate; s.index >= 9 && !c.IsZero() && rd.dayStart(c, c.DayNumber()).after(s.now) { // closed won or lost
		return false
	}
	from := s.sub // a review is made after what it reviews
	if rv := r.ESM; rv != nil {
		if !review(rv, from, s.now, &s.esm, &bits, bESM, bESMDenied) {
			return false
		}
		if bits&bESMDenied == 0 {
			from = s.esm
		}
	}
	if rv := r.ASM; rv != nil {
		// The ASM decides only what the ESM approved.
		if bits&(bESM|bESMDenied) != bESM || !review(rv, from, s.now, &s.asm, &bits, bASM, bASMDenied) {
			return false
		}
	}
	if bits&(bESM|bASM) != 0 {
		bits |= bReviewed
	}
	s.bits = bits
	return true
}

// review reads the review rv into at and the bits made and denied, and
// reports whether it is a known decision made between from and now.
func review(rv *Review, from, now instant, at *instant, bits *uint32, made, denied uint32) bool {
	v := program.IndexOf(rv.Decision, Verdicts)
	*at = instantOf(rv.At)
	if v < 0 || at.isZero() || at.after(now) || from.after(*at) {
		return false
	}
	*bits |= made
	if rv.Decision == VerdictDenied {
		*bits |= denied
	}
	return true
}

// enter starts the clock of the path row k, or ages the last sales
// activity for it, and sets the bits the path's leaves read.
func (rd *ready) enter(k kind, s *sheet) {
	switch k {
	case kEarlyStage, kSourcedGrowth:
		switch s.from = int8(rd.clockFrom(k, s.bits&(bESM|bESMDenied) == bESM)); s.from {
		case atSubmitted:
			s.clock = s.sub
		case atESM:
			s.clock = s.esm
		}
		if s.from >= 0 {
			s.deadline = rd.addDays(s.clock, rd.pathDays(k))
		}
	case kMidStage:
		rd.age(s)
		return
	default:
		return
	}
	// Where the path stands against its deadline, compared literally even
	// while the clock has not started (a zero deadline).
	dl, none := s.deadline, s.from < 0
	bits := s.bits
	if s.now.after(dl) {
		bits |= bNowAfter
	} else {
		bits |= bNowInTime
	}
	if none {
		bits |= bNowInTime | bESMInTime
	}
	if bits&bESM != 0 && s.esm.after(dl) {
		bits |= bESMAfter | bLate
	} else {
		bits |= bESMInTime
	}
	if bits&bASM != 0 && s.asm.after(dl) {
		bits |= bASMAfter | bLate
	}
	s.bits = bits
}

// agingEnd is when the aging period of a last sales activity aged
// instant to instant ends: the activity (at, when isInstant) or the first
// instant of its date (day) in the policy's zone, plus AgingDays.
func (rd *ready) agingEnd(isInstant bool, at instant, day int64) instant {
	if !isInstant {
		at = rd.dayStart(program.DateOfDay(day), day)
	}
	return rd.addDays(at, rd.params.AgingDays)
}

// age decides whether the last sales activity is more than the aging
// period before now: an instant compared with now to the second; a date,
// under the default reading, compared with today's date in calendar days
// (so a date exactly AgingDays before today is not aged at any time of
// today), or, under start_of_day, as its first instant in the policy's
// zone.
func (rd *ready) age(s *sheet) {
	p := &rd.params
	switch {
	case s.bits&bNoActivity != 0:
		return
	case s.bits&bActInstant != 0 || p.ActivityDate == ActivityDateStartOfDay:
		s.aging = rd.agingEnd(s.bits&bActInstant != 0, s.act, s.actDay)
	default:
		s.today = rd.dayOf(s.now)
		if s.today-s.actDay > int64(p.AgingDays) {
			s.bits |= bAged
		}
		return
	}
	s.bits |= bInstantAging
	if s.now.after(s.aging) {
		s.bits |= bAged
	}
}
