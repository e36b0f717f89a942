package program

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/rickar/cal/v2"
)

// ReadyCalendar is a business calendar checked once and ready to count:
// what a compiled policy keeps, so that a decision neither checks nor
// rebuilds it. It is read-only and safe to share.
//
// It counts in integer arithmetic on the wall clock of the calendar's zone,
// days numbered from 1970-01-01: the working days are a table by weekday,
// the working hours two offsets into the day, the listed holidays sorted
// day numbers. A holiday set's days off are worked out once per year from
// github.com/rickar/cal/v2's definitions (each holiday's observed date,
// also one that falls in the year from a holiday of the year before or
// after) and kept as a bitmap shared by every calendar naming the set, for
// the years 1900 to 2299; other years are worked out on each count.
type ReadyCalendar struct {
	loc         *time.Location
	workday     [7]bool // by time.Weekday
	open, close int64   // the working hours, in nanoseconds after midnight
	holidays    []int64 // the listed holidays, as day numbers, sorted
	set         *holidaySet
}

func (c BusinessCalendar) ready() *ReadyCalendar {
	r := &ReadyCalendar{loc: c.TimeZone.Location(),
		open: int64(c.WorkdayStart.duration()), close: int64(c.WorkdayEnd.duration()),
		set: setDays[c.HolidaySet]}
	for _, w := range c.Workdays {
		if w.Valid() {
			r.workday[w.Time()] = true
		}
	}
	if len(c.Holidays) > 0 {
		r.holidays = make([]int64, len(c.Holidays))
		for i, h := range c.Holidays {
			r.holidays[i] = h.DayNumber()
		}
		slices.Sort(r.holidays)
	}
	return r
}

// Location is the calendar's zone.
func (r *ReadyCalendar) Location() *time.Location { return r.loc }

// IsHoliday is [BusinessCalendar.IsHoliday] on the ready calendar.
func (r *ReadyCalendar) IsHoliday(d Date) bool {
	return r.holiday(d.DayNumber())
}

// IsBusinessDay is [BusinessCalendar.IsBusinessDay] on the ready calendar.
func (r *ReadyCalendar) IsBusinessDay(d Date) bool {
	return r.business(d.DayNumber())
}

// AddBusinessDays is [BusinessCalendar.AddBusinessDays] on the ready
// calendar.
func (r *ReadyCalendar) AddBusinessDays(t time.Time, n int) time.Time {
	return r.AddBusinessHours(t, time.Duration(n)*time.Duration(r.close-r.open))
}

// AddBusinessHours is [BusinessCalendar.AddBusinessHours] on the ready
// calendar: time before the working hours of a working day starts at
// opening, time after them or on a day off at the next working day's
// opening, and a count that ends exactly at closing ends then.
func (r *ReadyCalendar) AddBusinessHours(t time.Time, d time.Duration) time.Time {
	t = t.In(r.loc)
	if d <= 0 {
		return t
	}
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset) // seconds since 1970-01-01T00:00 on the wall clock
	day := sec / secondsPerDay
	if sec%secondsPerDay < 0 {
		day--
	}
	clock := (sec-day*secondsPerDay)*int64(time.Second) + int64(t.Nanosecond())
	switch {
	case !r.business(day) || clock > r.close:
		day, clock = r.next(day), r.open
	case clock < r.open:
		clock = r.open
	}
	for left := int64(d); ; day, clock = r.next(day), r.open {
		if rest := r.close - clock; left > rest {
			left -= rest
			continue
		}
		clock += left
		break
	}
	if r.loc == time.UTC {
		return time.Unix(day*secondsPerDay+clock/int64(time.Second), clock%int64(time.Second)).UTC()
	}
	// The wall clock back in the zone, as time.Date reads one (a time in a
	// daylight-saving gap moves by the gap).
	return time.Date(1970, time.January, 1+int(day), int(clock/int64(time.Hour)), int(clock/int64(time.Minute)%60),
		int(clock/int64(time.Second)%60), int(clock%int64(time.Second)), r.loc)
}

// next is the first business day after day.
func (r *ReadyCalendar) next(day int64) int64 {
	for day++; !r.business(day); day++ {
	}
	return day
}

// business reports whether day is a working day that is not a holiday.
func (r *ReadyCalendar) business(day int64) bool {
	return r.workday[weekday(day)] && !r.holiday(day)
}

// holiday reports whether day is a listed holiday or observed as one of
// the set's.
func (r *ReadyCalendar) holiday(day int64) bool {
	if _, listed := slices.BinarySearch(r.holidays, day); listed {
		return true
	}
	return r.set != nil && r.set.observed(day)
}

// holidaySet is a national holiday set: its holidays, each with a
// calculation of its own ([isolated]), and the days they are observed on,
// worked out per year when first asked and kept.
type holidaySet struct {
	holidays []*cal.Holiday
	years    [setYears]atomic.Pointer[yearDays] // from setFirstYear
}

// setFirstYear and setYears are the years whose holidays a set keeps.
const (
	setFirstYear = 1900
	setYears     = 400
)

// yearDays marks days of one year by their day of the year (0 is 1
// January).
type yearDays [6]uint64

// setDays are the holiday sets by country, shared by every calendar.
var setDays = func() map[Country]*holidaySet {
	m := make(map[Country]*holidaySet, len(holidaySets))
	for c, hs := range holidaySets {
		m[c] = &holidaySet{holidays: isolated(hs)}
	}
	return m
}()

// observed reports whether day is a day off for a holiday of the set.
func (s *holidaySet) observed(day int64) bool {
	first, last := yearStarts[0], yearStarts[setYears]
	if day < first || day >= last {
		y, m, d := dayDate(day)
		i := dayNumber(y, m, d) - dayNumber(y, time.January, 1)
		days := s.year(y)
		return days[i/64]&(1<<(i%64)) != 0
	}
	n := int((day - first) * setYears / (last - first)) // the year, give or take one
	for yearStarts[n+1] <= day {
		n++
	}
	for yearStarts[n] > day {
		n--
	}
	slot := &s.years[n]
	days := slot.Load()
	if days == nil {
		days = new(yearDays)
		*days = s.year(setFirstYear + n)
		slot.Store(days) // a racing goroutine stores the same days
	}
	i := day - yearStarts[n]
	return days[i/64]&(1<<(i%64)) != 0
}

// yearStarts are the day numbers of 1 January of the years a set keeps,
// and of the year after.
var yearStarts = func() (s [setYears + 1]int64) {
	for i := range s {
		s[i] = dayNumber(setFirstYear+i, time.January, 1)
	}
	return s
}()

// year works out the days of year y on which a holiday of the set is
// observed: each holiday's observed date of y, and of the years before and
// after when it falls in y (New Year's Day of y+1 on a Saturday observed on
// Friday 31 December of y).
func (s *holidaySet) year(y int) yearDays {
	var days yearDays
	for _, h := range s.holidays {
		for n := y - 1; n <= y+1; n++ {
			_, obs := h.Calc(n)
			if obs.IsZero() {
				continue
			}
			if oy, om, od := obs.Date(); oy == y {
				i := dayNumber(oy, om, od) - dayNumber(y, time.January, 1)
				days[i/64] |= 1 << (i % 64)
			}
		}
	}
	return days
}

// isolated gives each holiday of a set a calculation of its own: some of
// rickar/cal's calculations write the *Holiday they are given (jp's
// equinoxes set its Day), so two goroutines working out a set's days on
// the package-level holidays race. Each returned holiday hands its
// calculation a fresh copy of the original on every call.
func isolated(hs []*cal.Holiday) []*cal.Holiday {
	out := make([]*cal.Holiday, len(hs))
	for i, h := range hs {
		c := *h
		if f := h.Func; f != nil {
			orig := *h
			c.Func = func(_ *cal.Holiday, year int) time.Time {
				own := orig
				return f(&own, year)
			}
		}
		out[i] = &c
	}
	return out
}

const secondsPerDay = 24 * 60 * 60

// dayNumber counts days from 1970-01-01 to y-m-d (negative before); m and
// d may be out of range, as time.Date normalizes them. [Date.DayNumber]
// counts valid dates without time.Date.
func dayNumber(y int, m time.Month, d int) int64 {
	sec := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	day := sec / secondsPerDay
	if sec%secondsPerDay < 0 {
		day--
	}
	return day
}

// dayDate is the date of day number day.
func dayDate(day int64) (int, time.Month, int) {
	return time.Unix(day*secondsPerDay, 0).UTC().Date()
}

// weekday is the day of the week of day number day (1970-01-01 was a
// Thursday).
func weekday(day int64) time.Weekday {
	return time.Weekday(((day+4)%7 + 7) % 7)
}
