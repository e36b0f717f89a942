package program_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

func TestDateAddMonthsClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-08-31", 6, "2027-02-28"},
		{"2027-08-31", 6, "2028-02-29"}, // leap year
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-10-25", 6, "2027-04-25"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-01-15", -1, "2025-12-15"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2026-05-31", -12, "2025-05-31"},
	}
	for _, tt := range tests {
		d, err := program.ParseDate(tt.from)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.AddMonths(tt.n).String(), "%s %+d months", tt.from, tt.n)
	}
}

func TestAddMonthsOnInstantsDoesNotOverflow(t *testing.T) {
	at := time.Date(2026, 8, 31, 14, 30, 0, 0, time.UTC)
	got := program.AddMonths(at, 6, time.UTC)
	assert.Equal(t, time.Date(2027, 2, 28, 14, 30, 0, 0, time.UTC), got)
	assert.NotEqual(t, at.AddDate(0, 6, 0), got, "time.AddDate overflows into March; AddMonths must not")
}

func TestAddDaysKeepsWallClockAcrossDST(t *testing.T) {
	berlin := program.MustTimeZone("Europe/Berlin").Location()
	at := time.Date(2026, 3, 25, 10, 0, 0, 0, berlin) // DST starts 2026-03-29
	got := program.AddDays(at, 10, berlin)
	assert.Equal(t, time.Date(2026, 4, 4, 10, 0, 0, 0, berlin), got)
	assert.Equal(t, 239*time.Hour, got.Sub(at))
}

func TestDateParsingRejectsImpossibleDates(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "", "2026-01-01T00:00:00Z"} {
		_, err := program.ParseDate(s)
		assert.Error(t, err, s)
	}
	d, err := program.ParseDate("2028-02-29")
	require.NoError(t, err)
	assert.True(t, d.Valid())
}

func TestDateCompareAndDays(t *testing.T) {
	a := program.NewDate(2026, time.January, 31)
	b := program.NewDate(2026, time.March, 1)
	assert.True(t, a.Before(b))
	assert.True(t, b.After(a))
	assert.Equal(t, 29, a.DaysUntil(b))
	assert.Equal(t, -29, b.DaysUntil(a))
	assert.Equal(t, b, a.AddDays(29))
	assert.Equal(t, 0, a.Compare(a))
}

func TestDateStartsAtMidnightInZone(t *testing.T) {
	tokyo := program.MustTimeZone("Asia/Tokyo").Location()
	d := program.NewDate(2026, time.January, 1)
	assert.Equal(t, time.Date(2025, 12, 31, 15, 0, 0, 0, time.UTC), d.Start(tokyo).UTC())
}

func TestDateJSON(t *testing.T) {
	var v struct {
		D program.Date `json:"d"`
	}
	require.NoError(t, program.DecodeJSON([]byte(`{"d":"2026-11-25"}`), &v))
	assert.Equal(t, program.NewDate(2026, time.November, 25), v.D)
	err := program.DecodeJSON([]byte(`{"d":"2026-11-31"}`), &v)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, "/d", program.FieldErrors(err)[0].Pointer)
}

func TestTimeZone(t *testing.T) {
	_, err := program.LoadTimeZone("Mars/Olympus")
	assert.ErrorIs(t, err, program.ErrInvalidInput)
	_, err = program.LoadTimeZone("Local")
	assert.Error(t, err, "Local depends on the machine and is refused")
	var zero program.TimeZone
	assert.True(t, zero.IsZero())
	assert.Equal(t, time.UTC, zero.Location())
	tz := program.MustTimeZone("Europe/Berlin")
	b, err := tz.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "Europe/Berlin", string(b))
}

func TestDaysInMatchesTheCalendar(t *testing.T) {
	for y := 1896; y <= 2104; y++ {
		for m := time.January; m <= time.December; m++ {
			want := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if got := program.DaysIn(y, m); got != want {
				t.Fatalf("DaysIn(%d, %s) = %d, want %d", y, m, got, want)
			}
		}
	}
}

func TestAddDaysInUTCIsCalendarDays(t *testing.T) {
	at := time.Date(2024, 2, 28, 23, 30, 0, 5, time.FixedZone("", -5*3600))
	for _, n := range []int{0, 1, -1, 366, -366, 100000, 106750, 106752, -106752, 1 << 20} {
		want := at.In(time.UTC).AddDate(0, 0, n)
		if got := program.AddDays(at, n, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("AddDays(%d) = %v, want %v", n, got, want)
		}
	}
}

// FuzzAddDaysInUTC holds AddDays in UTC, which adds seconds, to adding
// days of 24 hours to the time, for any instant and count, a monotonic
// reading or none, at either end of time.
func FuzzAddDaysInUTC(f *testing.F) {
	f.Add(int64(1772442000), int64(5), 60, false)
	f.Add(int64(-62135596800), int64(0), 0, true)
	f.Add(int64(1<<50), int64(999999999), -100000, false)
	f.Add(int64(-1<<62), int64(1), 106751, false)
	f.Fuzz(func(t *testing.T, sec, nsec int64, n int, mono bool) {
		tm := time.Unix(sec, nsec)
		if mono {
			tm = time.Now().Add(time.Duration(sec % (1 << 40)))
		}
		got := program.AddDays(tm, n, time.UTC)
		if n <= -106751 || n >= 106751 {
			return // past a Duration: AddDate's calendar
		}
		want := tm.UTC().Add(time.Duration(n) * 24 * time.Hour)
		if got != want {
			t.Fatalf("AddDays(%v, %d, UTC) = %#v, want %#v", tm, n, got, want)
		}
	})
}

// FuzzDayNumberIsTheCalendars holds DayNumber and DateOfDay, which count
// with integers, to the days time.Date counts, for every date of years
// 1-9999 and for dates out of range (which time.Date normalizes), and
// DateOfDay to DayNumber's inverse.
func FuzzDayNumberIsTheCalendars(f *testing.F) {
	f.Add(2026, 3, 1)
	f.Add(1, 1, 1)
	f.Add(9999, 12, 31)
	f.Add(2000, 2, 29)
	f.Add(1900, 2, 29)
	f.Add(2026, 2, 30)
	f.Add(0, 0, 0)
	f.Fuzz(func(t *testing.T, y, m, d int) {
		y, m, d = y%20000, m%40, d%400
		date := program.NewDate(y, time.Month(m), d)
		start := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		want := start.Unix() / 86400
		if start.Unix()%86400 < 0 {
			want--
		}
		n := date.DayNumber()
		if n != want {
			t.Fatalf("%v.DayNumber() = %d, want %d", date, n, want)
		}
		if got, want := program.DateOfDay(n), program.DateOf(start); got != want {
			t.Fatalf("DateOfDay(%d) = %v, want %v", n, got, want)
		}
	})
}
