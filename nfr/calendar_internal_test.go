package nfr

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestWorkCalendarCountsAsTheBusinessCalendar holds the compiled calendar
// to program.BusinessCalendar's own counting (rickar/cal) over random
// calendars: zones with daylight-saving changes (a half-hour one among
// them), any working days and hours, national holiday sets, listed
// holidays, starts at any instant (before, in and after hours, on days off,
// outside the years a set's holidays are kept for) and counts from nothing
// to a few weeks. Listed holidays are drawn only for calendars without a set:
// with both, rickar/cal misses a listed date that is also the date of a set
// holiday observed on another day (see TestListedHolidayIsNeverWorked).
func TestWorkCalendarCountsAsTheBusinessCalendar(t *testing.T) {
	zones := []string{"UTC", "Europe/Berlin", "Asia/Jerusalem", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"}
	sets := []program.Country{"", "", "US", "DE", "JP"}
	rng := rand.New(rand.NewPCG(13, 2026))
	n := 150
	if testing.Short() || raceEnabled {
		n = 20
	}
	for range n {
		c := program.BusinessCalendar{TimeZone: program.MustTimeZone(zones[rng.IntN(len(zones))]), HolidaySet: sets[rng.IntN(len(sets))]}
		for _, d := range program.Weekdays {
			if rng.IntN(3) > 0 {
				c.Workdays = append(c.Workdays, d)
			}
		}
		if len(c.Workdays) == 0 {
			c.Workdays = []program.Weekday{"wednesday"}
		}
		start := rng.IntN(23 * 60)
		end := start + 1 + rng.IntN(24*60-1-start)
		c.WorkdayStart, c.WorkdayEnd = program.ClockTime(start), program.ClockTime(end)
		if rng.IntN(4) == 0 { // the quarter hour in one clock hour rickar/cal misreads
			c.WorkdayStart, c.WorkdayEnd = program.Clock(9, 30), program.Clock(9, 45)
		}
		base := time.Date(2024+rng.IntN(4), 1, 1, 0, 0, 0, 0, time.UTC)
		if rng.IntN(20) == 0 {
			base = time.Date(1850+rng.IntN(2)*520, 1, 1, 0, 0, 0, 0, time.UTC) // 1850 or 2370
		}
		for range rng.IntN(4) {
			if c.HolidaySet == "" {
				d := base.Add(time.Duration(rng.IntN(400*24)) * time.Hour)
				c.Holidays = append(c.Holidays, program.DateOf(d))
			}
		}
		var pr program.Problems
		if c.Check(&pr, ""); pr.Len() > 0 {
			t.Fatalf("test calendar %+v: %v", c, pr.Err())
		}
		w := newWorkCalendar(c)
		for range 10 {
			from := base.Add(time.Duration(rng.Int64N(int64(366 * 24 * time.Hour))))
			if rng.IntN(3) == 0 { // on the minute, often exactly at opening or closing
				from = from.Truncate(time.Minute)
			}
			var d time.Duration
			switch rng.IntN(3) {
			case 0:
				d = time.Duration(rng.IntN(21)) * c.WorkdayLength()
			case 1:
				d = time.Duration(rng.IntN(3*24*60)) * time.Minute
			default:
				d = time.Duration(rng.Int64N(int64(6 * 24 * time.Hour)))
			}
			want := c.AddBusinessHours(from, d)
			got := w.AddBusinessHours(from, d)
			if !got.Equal(want) || got.Location() != want.Location() {
				t.Fatalf("calendar %+v\nfrom %s plus %s: got %s, want %s", c, from, d, got, want)
			}
		}
	}
}

// TestListedHolidayIsNeverWorked: a date the calendar lists is a day off
// even when a national set has a holiday that day observed on another day
// (Japan's Emperor's Birthday fell on Sunday 2025-02-23 and was observed on
// Monday the 24th): both days are off. (rickar/cal, asked through
// program.BusinessCalendar, answers for the set's holiday alone and counts
// the 23rd as a working day.)
func TestListedHolidayIsNeverWorked(t *testing.T) {
	c := program.StandardWeek(program.UTC())
	c.Workdays = append(c.Workdays, "sunday")
	c.HolidaySet = "JP"
	c.Holidays = []program.Date{program.NewDate(2025, 2, 23)}
	w := newWorkCalendar(c)
	from := time.Date(2025, 2, 22, 12, 0, 0, 0, time.UTC) // a Saturday, a day off
	got := w.AddBusinessDays(from, 1)
	if want := time.Date(2025, 2, 25, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Saturday plus 1 business day = %s, want %s (Sunday listed, Monday the set's)", got, want)
	}
}
