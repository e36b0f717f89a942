package distribution_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestWeekClockMatchesReadyCalendar: the quote's own count of business
// hours gives, to the nanosecond and in the same zone, the instant
// program.ReadyCalendar gives (through rickar/cal), on calendars of
// several zones (daylight saving, odd offsets), working weeks, hours
// (minutes included, opening and closing in one clock hour) and listed
// holidays, from instants around openings and closings, on days off,
// across years and centuries, and for turnarounds up to the longest a
// policy allows.
func TestWeekClockMatchesReadyCalendar(t *testing.T) {
	zones := []string{"Asia/Singapore", "America/New_York", "Europe/London", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "UTC"}
	weeks := [][]program.Weekday{
		{"monday", "tuesday", "wednesday", "thursday", "friday"},
		{"sunday", "monday", "tuesday", "wednesday", "thursday"},
		{"saturday"},
		program.Weekdays,
	}
	hours := [][2]program.ClockTime{
		{program.Clock(9, 0), program.Clock(17, 0)},
		{program.Clock(9, 30), program.Clock(9, 45)},
		{program.Clock(0, 0), program.Clock(23, 59)},
		{program.Clock(1, 30), program.Clock(3, 0)}, // across a daylight-saving change
		{program.Clock(8, 15), program.Clock(18, 40)},
	}
	holidays := [][]program.Date{nil, {{Year: 2026, Month: 12, Day: 25}, {Year: 2026, Month: 12, Day: 28}, {Year: 2027, Month: 1, Day: 1}, {Year: 1969, Month: 12, Day: 31}}}
	rng := rand.New(rand.NewPCG(13, 42))
	n := 0
	for _, z := range zones {
		tz := program.MustTimeZone(z)
		for _, week := range weeks {
			for _, h := range hours {
				for _, hol := range holidays {
					c := program.BusinessCalendar{TimeZone: tz, Workdays: week, WorkdayStart: h[0], WorkdayEnd: h[1], Holidays: hol}
					rc, err := c.Ready("")
					if err != nil {
						t.Fatal(err)
					}
					for i := range 64 {
						at := instant(rng, i, tz.Location(), c)
						d := turnaround(rng, i, c)
						want := rc.AddBusinessHours(at, d)
						got, ok := distribution.WeekClockAdd(c, at, d)
						n++
						if !ok || !got.Equal(want) || got.Location() != want.Location() || got.Format(time.RFC3339Nano) != want.Format(time.RFC3339Nano) {
							t.Fatalf("%s %v %s-%s holidays %v: %s + %s = %s, want %s", z, week, h[0], h[1], hol,
								at.Format(time.RFC3339Nano), d, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
						}
					}
				}
			}
		}
	}
	c := program.StandardWeek(program.UTC())
	c.HolidaySet = "JP"
	if _, ok := distribution.WeekClockAdd(c, time.Now(), time.Hour); ok {
		t.Error("a calendar with a holiday set is counted without it")
	}
	t.Logf("%d instants compared", n)
}

// instant is a request instant: at, just before and just after an opening
// or a closing, in the last second of a closing minute, around midnight,
// or anywhere from the year 1900 to 2200.
func instant(rng *rand.Rand, i int, loc *time.Location, c program.BusinessCalendar) time.Time {
	day := time.Date(2026, 10, 20, 0, 0, 0, 0, loc).AddDate(0, 0, rng.IntN(30))
	at := func(m program.ClockTime) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), int(m)/60, int(m)%60, 0, 0, loc)
	}
	ns := time.Duration(rng.Int64N(int64(time.Second)))
	switch i % 8 {
	case 0:
		return at(c.WorkdayStart)
	case 1:
		return at(c.WorkdayEnd)
	case 2:
		return at(c.WorkdayEnd).Add(ns)
	case 3:
		return at(c.WorkdayStart).Add(-ns - time.Duration(rng.IntN(3))*time.Minute)
	case 4:
		return at(c.WorkdayEnd).Add(time.Second + ns)
	case 5:
		return day.Add(-ns)
	case 6:
		return time.Unix(rng.Int64N(10_000_000_000)-2_208_988_800, rng.Int64N(1e9)).In(loc)
	}
	return day.Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))
}

// turnaround is up to a few working days in whole hours, minutes or
// nanoseconds, or, now and then, up to the longest a policy allows.
func turnaround(rng *rand.Rand, i int, c program.BusinessCalendar) time.Duration {
	day := c.WorkdayLength()
	switch i % 5 {
	case 0:
		return time.Duration(1+rng.IntN(12)) * time.Hour
	case 1:
		return day * time.Duration(1+rng.IntN(3))
	case 2:
		return time.Duration(1+rng.IntN(600)) * time.Minute
	case 3:
		return time.Duration(1 + rng.Int64N(int64(3*day)))
	}
	if i%25 == 4 {
		return min(distribution.MaxTurnaroundHours*time.Hour, 366*day)
	}
	return time.Duration(1+rng.IntN(40)) * time.Hour
}
