package distribution

import (
	"slices"
	"sync"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// quoteClock counts a quote process's turnaround in its calendar's
// business hours. A calendar without a holiday set (the default APJ one)
// is counted by weekClock, in integer arithmetic on the wall clock; one
// with a set by program.ReadyCalendar, which asks rickar/cal for each day.
// Both give the same instant (TestWeekClockMatchesReadyCalendar).
type quoteClock struct {
	loc   *time.Location
	hours time.Duration // the turnaround
	week  *weekClock
	cal   *program.ReadyCalendar
}

// addBusinessHours is [program.ReadyCalendar.AddBusinessHours].
func (q *quoteClock) addBusinessHours(t time.Time, d time.Duration) time.Time {
	if q.week != nil {
		return q.week.addBusinessHours(t, d)
	}
	holidaySets.Lock()
	defer holidaySets.Unlock()
	return q.cal.AddBusinessHours(t, d)
}

// holidaySets serializes the counts that read a holiday set: rickar/cal
// v2.1.13's jp.VernalEquinoxDay writes the year's day into the shared
// holiday each time it is computed (holiday := h, not *h), so two quotes
// on the JP set at once race and may read each other's year. The fix
// belongs where the sets are listed (program's holidaySets: a copy of the
// holiday whose Func copies it first); until then no two quotes of this
// package compute a set's holidays at once.
var holidaySets sync.Mutex

// weekClock is a business calendar without a holiday set, ready to count:
// its working days of the week, working hours and listed holidays, on the
// wall clock of its zone. Days are numbered from 1970-01-01 (day 0, a
// Thursday) on that wall clock.
type weekClock struct {
	loc         *time.Location
	workday     [7]bool // by time.Weekday
	open, close int64   // the working hours, in nanoseconds after midnight
	holidays    []int64 // day numbers, sorted
}

const nsPerDay = int64(24 * time.Hour)

// newWeekClock is c's weekClock, or nil when c names a holiday set. c must
// be valid.
func newWeekClock(c program.BusinessCalendar) *weekClock {
	if c.HolidaySet != "" {
		return nil
	}
	w := &weekClock{loc: c.TimeZone.Location(),
		open:  int64(time.Duration(c.WorkdayStart) * time.Minute),
		close: int64(time.Duration(c.WorkdayEnd) * time.Minute)}
	for _, d := range c.Workdays {
		w.workday[d.Time()] = true
	}
	for _, h := range c.Holidays {
		w.holidays = append(w.holidays, dayNumber(time.Date(h.Year, h.Month, h.Day, 0, 0, 0, 0, time.UTC).Unix()))
	}
	slices.Sort(w.holidays)
	return w
}

// dayNumber is the day of a wall-clock instant given in seconds since
// 1970-01-01T00:00.
func dayNumber(sec int64) int64 {
	d := sec / 86400
	if sec%86400 < 0 {
		d--
	}
	return d
}

// business reports whether day is a working day that is not a holiday.
func (w *weekClock) business(day int64) bool {
	wd := (day + 4) % 7 // 1970-01-01 was a Thursday
	if wd < 0 {
		wd += 7
	}
	if !w.workday[wd] {
		return false
	}
	_, holiday := slices.BinarySearch(w.holidays, day)
	return !holiday
}

// next is the first working day after day.
func (w *weekClock) next(day int64) int64 {
	for day++; !w.business(day); day++ {
	}
	return day
}

// addBusinessHours returns the instant at which d of working time has
// passed after t, in the calendar's zone, as
// [program.ReadyCalendar.AddBusinessHours] counts it: time before the
// working hours of a working day starts at opening, time after them or on
// a day off at the next working day's opening, and a count that ends
// exactly at closing ends then.
func (w *weekClock) addBusinessHours(t time.Time, d time.Duration) time.Time {
	t = t.In(w.loc)
	if d <= 0 {
		return t
	}
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	day := dayNumber(sec)
	clock := (sec-day*86400)*int64(time.Second) + int64(t.Nanosecond())
	switch {
	case !w.business(day) || clock > w.close:
		day, clock = w.next(day), w.open
	case clock < w.open:
		clock = w.open
	}
	for left := int64(d); ; day, clock = w.next(day), w.open {
		if rest := w.close - clock; left > rest {
			left -= rest
			continue
		}
		clock += left
		break
	}
	// The wall clock back in the zone, as time.Date reads a wall clock
	// (a time in a daylight-saving gap moves by the gap).
	return time.Date(1970, time.January, 1+int(day), 0, 0, 0, int(clock), w.loc)
}
