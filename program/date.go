package program

import (
	"math"
	"time"
)

// Date is a calendar date without a time of day or zone, written
// "YYYY-MM-DD" in JSON. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d; it does not normalize.
func NewDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// ParseDate parses "YYYY-MM-DD", rejecting impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	t, err := time.Parse(dateLayout, s)
	if d := DateOf(t); err == nil && len(s) == len(dateLayout) && d.Valid() {
		return d, nil
	}
	return Date{}, &FieldError{Detail: "\"" + s + "\" is not a date (YYYY-MM-DD, years 0001-9999)"}
}

// DateOf is the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date.
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month) && d.Year >= 1 && d.Year <= 9999
}

// Start is the first instant of d in loc (midnight, or the first instant
// after a daylight-saving gap).
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// AddMonths returns d plus n calendar months, clamped to the end of the
// target month: 2026-08-31 plus 6 months is 2027-02-28.
func (d Date) AddMonths(n int) Date {
	y, m := addMonths(d.Year, d.Month, n)
	return Date{y, m, min(d.Day, DaysIn(y, m))}
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil is the number of calendar days from d to e (negative when e is
// earlier).
func (d Date) DaysUntil(e Date) int { return int(e.DayNumber() - d.DayNumber()) }

// DayNumber counts the days from 1970-01-01 to d (negative before it) in
// the proleptic Gregorian calendar. A date out of range (2026-02-30)
// counts as time.Date normalizes it (2026-03-02).
func (d Date) DayNumber() int64 {
	if !d.Valid() {
		return dayNumber(d.Year, d.Month, d.Day)
	}
	// Days from the civil date, counted in 400-year eras that start on 1
	// March, so that a leap day ends its year (H. Hinnant's
	// days_from_civil); years 1-9999 need no care for negative eras.
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DateOfDay is the date of day number n ([Date.DayNumber]) for the dates
// of years 1-9999; outside them, the date time.Time gives.
func DateOfDay(n int64) Date {
	const first, last = -719162, 2932896 // 0001-01-01, 9999-12-31
	if n < first || n > last {
		y, m, d := dayDate(n)
		return Date{y, m, d}
	}
	z := n + 719468 // days from 0000-03-01: positive here
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := (mp+2)%12 + 1
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(day)}
}

// String formats d as "YYYY-MM-DD"; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.AppendFormat(nil))
}

// AppendFormat appends "YYYY-MM-DD" to b without allocating a string.
func (d Date) AppendFormat(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

func appendPadded(b []byte, n, width int) []byte {
	var tmp [20]byte // every digit of an int
	i := len(tmp)
	for n > 0 || width > 0 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	return append(b, tmp[i:]...)
}

// MarshalText writes "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return d.AppendFormat(nil), nil }

// UnmarshalText reads "YYYY-MM-DD" and rejects anything else.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return typeError[Date](err.Error())
	}
	*d = v
	return nil
}

// DaysIn is the number of days in month m of year y (proleptic Gregorian).
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func addMonths(y int, m time.Month, n int) (int, time.Month) {
	total := y*12 + int(m-1) + n
	return total / 12, time.Month(total%12 + 1)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// maxDurationDays bounds the days a time.Duration holds.
const maxDurationDays = int(math.MaxInt64 / (24 * time.Hour))

// AddDays is t plus n calendar days in loc: the same wall-clock time n days
// later, so a day across a daylight-saving change is 23 or 25 hours long.
func AddDays(t time.Time, n int, loc *time.Location) time.Time {
	if loc == time.UTC && n > -maxDurationDays && n < maxDurationDays { // every day is 24 hours long
		if u := t.Unix(); u > -1<<50 && u < 1<<50 { // seconds: Add's care for its monotonic reading and overflow is not needed
			return time.Unix(u+int64(n)*secondsPerDay, int64(t.Nanosecond())).UTC()
		}
		return t.UTC().Add(time.Duration(n) * 24 * time.Hour)
	}
	return t.In(loc).AddDate(0, 0, n)
}

// AddMonths is t plus n calendar months in loc, clamped to the end of the
// target month (31 August + 6 months is 28 or 29 February), unlike
// time.AddDate, which overflows into March.
func AddMonths(t time.Time, n int, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	ty, tm := addMonths(y, m, n)
	hh, mm, ss := t.Clock()
	return time.Date(ty, tm, min(d, DaysIn(ty, tm)), hh, mm, ss, t.Nanosecond(), loc)
}
