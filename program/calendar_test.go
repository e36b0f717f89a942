package program_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

func TestAddBusinessDays(t *testing.T) {
	utc := program.StandardWeek(program.UTC())
	withHoliday := utc
	withHoliday.Holidays = []program.Date{program.NewDate(2026, time.December, 28)} // a Monday
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	tests := []struct {
		name string
		cal  program.BusinessCalendar
		from string
		days int
		want string
	}{
		{"Friday afternoon is due Tuesday afternoon", utc, "2026-11-27T15:00:00Z", 2, "2026-12-01T15:00:00Z"},
		{"midweek", utc, "2026-11-24T10:30:00Z", 2, "2026-11-26T10:30:00Z"},
		{"Saturday counts from Monday's start", utc, "2026-11-28T11:00:00Z", 2, "2026-12-01T17:00:00Z"},
		{"after hours counts from the next start", utc, "2026-11-24T18:00:00Z", 1, "2026-11-25T17:00:00Z"},
		{"a holiday is skipped", withHoliday, "2026-12-25T15:00:00Z", 2, "2026-12-30T15:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.AddBusinessDays(at(tt.from), tt.days)
			assert.True(t, got.Equal(at(tt.want)), "got %s, want %s", got.Format(time.RFC3339), tt.want)
		})
	}
}

func TestAddBusinessHoursInZone(t *testing.T) {
	sg := program.StandardWeek(program.MustTimeZone("Asia/Singapore"))
	// Friday 15:00 in Singapore (07:00Z): 2 hours left on Friday, 4 on Monday.
	from := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	got := sg.AddBusinessHours(from, 6*time.Hour)
	assert.Equal(t, time.Date(2026, 11, 30, 13, 0, 0, 0, sg.TimeZone.Location()), got)
}

func TestBusinessCalendarCheck(t *testing.T) {
	bad := program.BusinessCalendar{WorkdayStart: program.Clock(17, 0), WorkdayEnd: program.Clock(9, 0), Workdays: []program.Weekday{"funday"}, Holidays: []program.Date{{Year: 2026, Month: 2, Day: 30}}}
	var pr program.Problems
	bad.Check(&pr, "/calendar")
	assert.Equal(t, []string{"/calendar/time_zone", "/calendar/workdays/0", "/calendar/workday_end", "/calendar/holidays/0"}, fields(pr.Err()))

	none := program.StandardWeek(program.UTC())
	none.Workdays = nil
	from := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	assert.Equal(t, from, none.AddBusinessDays(from, 2), "an unusable calendar returns the start rather than loop")
}

func TestBusinessCalendarJSON(t *testing.T) {
	var c program.BusinessCalendar
	err := program.DecodeJSON([]byte(`{"time_zone":"Asia/Tokyo","workdays":["monday","friday"],"workday_start":"08:30","workday_end":"17:45","holidays":["2026-01-01"]}`), &c)
	require.NoError(t, err)
	assert.Equal(t, program.Clock(8, 30), c.WorkdayStart)
	assert.Equal(t, 9*time.Hour+15*time.Minute, c.WorkdayLength())
	assert.False(t, c.IsBusinessDay(program.NewDate(2026, 1, 1)))
	assert.True(t, c.IsBusinessDay(program.NewDate(2026, 1, 2)))
	err = program.DecodeJSON([]byte(`{"workday_start":"25:00"}`), &c)
	assert.Equal(t, []string{"/workday_start"}, fields(err))
}

// TestBusinessHoursAcrossDaylightSavingChanges: working hours are wall-clock
// hours, also on the days the clocks change.
func TestBusinessHoursAcrossDaylightSavingChanges(t *testing.T) {
	jerusalem := program.StandardWeek(program.MustTimeZone("Asia/Jerusalem"))
	berlinSundays := program.StandardWeek(program.MustTimeZone("Europe/Berlin"))
	berlinSundays.Workdays = append(berlinSundays.Workdays, "sunday")
	newYork := program.StandardWeek(program.MustTimeZone("America/New_York"))
	newYork.Workdays = program.Weekdays
	newYork.WorkdayStart, newYork.WorkdayEnd = program.Clock(0, 0), program.Clock(23, 30)
	tests := []struct {
		name string
		cal  program.BusinessCalendar
		from time.Time
		add  time.Duration
		want time.Time
	}{
		// Israel moves its clocks on Friday 2026-03-27.
		{"Friday afternoon on the change day", jerusalem,
			time.Date(2026, 3, 27, 16, 30, 0, 0, jerusalem.TimeZone.Location()), time.Hour,
			time.Date(2026, 3, 30, 9, 30, 0, 0, jerusalem.TimeZone.Location())},
		// Berlin springs forward on Sunday 2026-03-29.
		{"the morning after spring forward", berlinSundays,
			time.Date(2026, 3, 29, 8, 0, 0, 0, berlinSundays.TimeZone.Location()), time.Hour,
			time.Date(2026, 3, 29, 10, 0, 0, 0, berlinSundays.TimeZone.Location())},
		// New York springs forward on Sunday 2026-03-08; Sunday is worked.
		{"Sunday is not skipped", newYork,
			time.Date(2026, 3, 7, 23, 0, 0, 0, newYork.TimeZone.Location()), time.Hour,
			time.Date(2026, 3, 8, 0, 30, 0, 0, newYork.TimeZone.Location())},
		{"two business days over the autumn change", program.StandardWeek(program.MustTimeZone("Europe/Berlin")),
			time.Date(2026, 10, 23, 15, 0, 0, 0, berlinSundays.TimeZone.Location()), 16 * time.Hour,
			time.Date(2026, 10, 27, 15, 0, 0, 0, berlinSundays.TimeZone.Location())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.AddBusinessHours(tt.from, tt.add)
			assert.True(t, got.Equal(tt.want), "got %s, want %s", got, tt.want)
		})
	}
}

func TestClockTimeIsStrict(t *testing.T) {
	for _, s := range []string{"+9:00", "-0:30", "09:+5", "9:00", "09:60", "24:00", "ab:cd"} {
		var c program.ClockTime
		assert.Error(t, c.UnmarshalText([]byte(s)), s)
	}
}

func TestShortWorkdayWithinOneClockHour(t *testing.T) {
	c := program.StandardWeek(program.UTC())
	c.WorkdayStart, c.WorkdayEnd = program.Clock(9, 30), program.Clock(9, 45)
	got := c.AddBusinessDays(time.Date(2026, 11, 23, 9, 10, 0, 0, time.UTC), 1) // a Monday, before opening
	assert.Equal(t, time.Date(2026, 11, 23, 9, 45, 0, 0, time.UTC), got)
}

func TestHolidaySets(t *testing.T) {
	jp := program.StandardWeek(program.MustTimeZone("Asia/Tokyo"))
	jp.HolidaySet = "JP"
	// 2026-11-23 (Monday) is Labour Thanksgiving Day in Japan.
	assert.True(t, jp.IsHoliday(program.NewDate(2026, 11, 23)))
	assert.False(t, jp.IsBusinessDay(program.NewDate(2026, 11, 23)))
	assert.True(t, jp.IsBusinessDay(program.NewDate(2026, 11, 24)))
	// Friday 2026-11-20 15:00 in Tokyo plus 6 business hours: 2 on Friday,
	// Monday is the holiday, 4 on Tuesday: Tuesday 13:00.
	from := time.Date(2026, 11, 20, 15, 0, 0, 0, jp.TimeZone.Location())
	assert.Equal(t, time.Date(2026, 11, 24, 13, 0, 0, 0, jp.TimeZone.Location()), jp.AddBusinessHours(from, 6*time.Hour))

	us := program.StandardWeek(program.MustTimeZone("America/New_York"))
	us.HolidaySet = "US"
	// 2026-07-04 is a Saturday; the federal holiday is observed on Friday 3 July.
	assert.True(t, us.IsHoliday(program.NewDate(2026, 7, 3)))
	assert.False(t, us.IsBusinessDay(program.NewDate(2026, 7, 3)))

	var pr program.Problems
	bad := program.StandardWeek(program.UTC())
	bad.HolidaySet = "SG"
	bad.Check(&pr, "/calendar")
	assert.Equal(t, []string{"/calendar/holiday_set"}, fields(pr.Err()), "no set ships for Singapore")
	assert.Contains(t, program.HolidaySets(), program.Country("JP"))
	assert.NotContains(t, program.HolidaySets(), program.Country("AU"), "Australia ships only by state")
}

func TestReadyCalendarCountsAsTheCalendar(t *testing.T) {
	c := program.BusinessCalendar{TimeZone: program.MustTimeZone("Europe/Berlin"), Workdays: []program.Weekday{"monday", "tuesday", "wednesday", "thursday", "friday"},
		WorkdayStart: 9 * 60, WorkdayEnd: 17 * 60, HolidaySet: "DE", Holidays: []program.Date{program.NewDate(2026, 12, 28)}}
	r, err := c.Ready("/calendar")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 23, 15, 0, 0, 0, time.UTC)
	for h := range 60 {
		d := time.Duration(h) * time.Hour
		if got, want := r.AddBusinessHours(start, d), c.AddBusinessHours(start, d); !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("+%v: ready %v, calendar %v", d, got, want)
		}
	}
	if got, want := r.AddBusinessDays(start, 3), c.AddBusinessDays(start, 3); !got.Equal(want) {
		t.Fatalf("+3 days: ready %v, calendar %v", got, want)
	}
	c.WorkdayEnd = c.WorkdayStart
	if _, err := c.Ready("/calendar"); err == nil {
		t.Fatal("a calendar with no working hours is ready")
	}
}

// TestReadyCalendarIsSafeToShare counts on one ready Japanese calendar from
// many goroutines, and on fresh calendars of the same set: rickar/cal's
// equinox holidays write the holiday they are given, and the set's days of
// a year are worked out by whichever count first needs them and then kept
// for every calendar (go test -race finds a race in either). The years
// 2101 to 2108 are first asked for here, by several goroutines at once.
func TestReadyCalendarIsSafeToShare(t *testing.T) {
	c := program.BusinessCalendar{TimeZone: program.MustTimeZone("Asia/Tokyo"), Workdays: []program.Weekday{"monday", "tuesday", "wednesday", "thursday", "friday"},
		WorkdayStart: 9 * 60, WorkdayEnd: 17 * 60, HolidaySet: "JP"}
	r, err := c.Ready("/calendar")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 18, 3, 0, 0, 0, time.UTC)
	want := r.AddBusinessDays(start, 3)
	fresh := func(g, i int) time.Time {
		return time.Date(2101+(g+i)%8, 3, 18, 3, 0, 0, 0, time.UTC)
	}
	var got [8][20]time.Time
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if got := r.AddBusinessDays(start, 3); !got.Equal(want) {
					t.Errorf("got %v, want %v", got, want)
					return
				}
				c.AddBusinessDays(start, 3)
				got[g][i] = r.AddBusinessDays(fresh(g, i), 3)
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, at := range got[g] {
			if want := r.AddBusinessDays(fresh(g, i), 3); !at.Equal(want) {
				t.Errorf("from %s: got %v while the year was worked out, %v after", fresh(g, i), at, want)
			}
		}
	}
}

// TestValidCalendarCheckAllocatesNothing: checking a valid calendar builds
// no pointers (a policy's calendar is checked on every compile).
func TestValidCalendarCheckAllocatesNothing(t *testing.T) {
	c := program.StandardWeek(program.MustTimeZone("Asia/Tokyo"))
	c.HolidaySet = "JP"
	c.Holidays = []program.Date{program.NewDate(2026, 12, 28)}
	if n := testing.AllocsPerRun(100, func() {
		var pr program.Problems
		c.Check(&pr, "/quotes/apj/calendar")
		if pr.Len() != 0 {
			t.Fatal(pr.Err())
		}
	}); n != 0 {
		t.Errorf("Check of a valid calendar: %v allocations", n)
	}
}
