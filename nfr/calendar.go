package nfr

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// workCalendar counts business time on a compiled policy's calendar the way
// program.ReadyCalendar does, without rickar/cal on the decision path: the
// working days are a weekday table, the working hours two offsets into the
// day, the listed holidays sorted day numbers, and a national holiday set's
// days are asked of program.BusinessCalendar once a year and kept. It is
// read-only once built (the kept years are filled in atomically) and safe
// to share. (It belongs in program, as the counting of ReadyCalendar; it
// lives here until it moves.)
type workCalendar struct {
	loc         *time.Location
	workday     [7]bool       // by time.Weekday
	open, close time.Duration // the working hours, from midnight
	holidays    []int64       // listed holidays, as days since 1970-01-01, sorted
	set         program.BusinessCalendar
	years       *[setYears]atomic.Pointer[yearDays] // holidays of the set by year; nil without a set
}

// setYears is how many years of a holiday set are kept, from setFirstYear;
// a date outside them asks the set each time.
const (
	setFirstYear = 1900
	setYears     = 400
)

// yearDays marks days of one year by their day of the year (0 is 1 January).
type yearDays [6]uint64

// newWorkCalendar builds c's counting tables. c must be valid
// ([program.BusinessCalendar.Check]).
func newWorkCalendar(c program.BusinessCalendar) *workCalendar {
	w := &workCalendar{loc: c.TimeZone.Location(), open: dur(c.WorkdayStart), close: dur(c.WorkdayEnd)}
	for i, d := range program.Weekdays {
		w.workday[i] = slices.Contains(c.Workdays, d)
	}
	for _, h := range c.Holidays {
		w.holidays = append(w.holidays, dayNumber(h.Year, h.Month, h.Day))
	}
	slices.Sort(w.holidays)
	if c.HolidaySet != "" {
		w.set = program.BusinessCalendar{TimeZone: program.UTC(), HolidaySet: c.HolidaySet}
		w.years = new([setYears]atomic.Pointer[yearDays])
	}
	return w
}

func dur(c program.ClockTime) time.Duration { return time.Duration(c) * time.Minute }

// Location is the calendar's zone.
func (w *workCalendar) Location() *time.Location { return w.loc }

// AddBusinessDays is program.ReadyCalendar.AddBusinessDays: the instant n
// working days' worth of working hours after t, in the calendar's zone.
func (w *workCalendar) AddBusinessDays(t time.Time, n int) time.Time {
	return w.AddBusinessHours(t, time.Duration(n)*(w.close-w.open))
}

// AddBusinessHours is program.ReadyCalendar.AddBusinessHours: the instant
// at which d of working time has passed after t. The count runs on the wall
// clock of the calendar's zone: a start outside working hours begins at the
// next opening, and a count that ends at closing stays there.
func (w *workCalendar) AddBusinessHours(t time.Time, d time.Duration) time.Time {
	t = t.In(w.loc)
	if d <= 0 {
		return t
	}
	y, m, dd := t.Date()
	hh, mm, ss := t.Clock()
	day := dayNumber(y, m, dd)
	at := time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second + time.Duration(t.Nanosecond())
	switch {
	case !w.business(day) || at >= w.close:
		day, at = w.next(day), w.open
	case at < w.open:
		at = w.open
	}
	for left := w.close - at; d > left; left = w.close - w.open {
		d -= left
		day, at = w.next(day), w.open
	}
	at += d
	y, m, dd = dayDate(day)
	hh, at = int(at/time.Hour), at%time.Hour
	mm, at = int(at/time.Minute), at%time.Minute
	ss, at = int(at/time.Second), at%time.Second
	return time.Date(y, m, dd, hh, mm, ss, int(at), w.loc)
}

// next is the first business day after day.
func (w *workCalendar) next(day int64) int64 {
	for day++; !w.business(day); day++ {
	}
	return day
}

// business reports whether day is a working day that is not a holiday.
func (w *workCalendar) business(day int64) bool {
	if !w.workday[weekday(day)] {
		return false
	}
	if _, listed := slices.BinarySearch(w.holidays, day); listed {
		return false
	}
	return w.years == nil || !w.setHoliday(day)
}

// setHoliday reports whether day is observed as a holiday of the set.
func (w *workCalendar) setHoliday(day int64) bool {
	t := time.Unix(day*secondsPerDay, 0).UTC()
	y := t.Year()
	if y < setFirstYear || y >= setFirstYear+setYears {
		return w.set.IsHoliday(program.DateOf(t))
	}
	slot := &w.years[y-setFirstYear]
	days := slot.Load()
	if days == nil {
		days = new(yearDays)
		first := dayNumber(y, time.January, 1)
		for i := range dayNumber(y+1, time.January, 1) - first {
			if w.set.IsHoliday(program.DateOf(time.Unix((first+i)*secondsPerDay, 0).UTC())) {
				days[i/64] |= 1 << (i % 64)
			}
		}
		slot.Store(days) // a racing goroutine stores the same days
	}
	i := t.YearDay() - 1
	return days[i/64]&(1<<(i%64)) != 0
}

const secondsPerDay = 24 * 60 * 60

// dayNumber counts days from 1970-01-01 to y-m-d (negative before).
func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
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
