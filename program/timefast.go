package program

import "time"

// Dates and instants in CRM exports are nearly all in one form each:
// "2026-03-02" and "2026-03-02T09:00:00Z" (a fraction of a second at
// most). time.Parse reads them in about ten times the time it takes to
// read the digits where they stand, so those two forms are read here, and
// anything else (offsets, malformed text) goes to time.Parse, which stays
// the authority: TestFastTimeEqualsTimeParse holds the two to the same
// answers.

// num reads the n ASCII digits of s from i, or reports false.
func num(s string, i, n int) (int, bool) {
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// fastDate reads "YYYY-MM-DD" when it is a real date of years 1 to 9999.
func fastDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, ok1 := num(s, 0, 4)
	m, ok2 := num(s, 5, 2)
	d, ok3 := num(s, 8, 2)
	dt := Date{y, time.Month(m), d}
	return dt, ok1 && ok2 && ok3 && dt.Valid()
}

// fastInstant reads "YYYY-MM-DDTHH:MM:SS[.f…]Z" (one to nine fraction
// digits) when time.Parse would read it, to the same time.Time.
func fastInstant(s string) (time.Time, bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	d, ok := fastDate(s[:10])
	if !ok {
		return time.Time{}, false
	}
	hh, ok1 := num(s, 11, 2)
	mm, ok2 := num(s, 14, 2)
	ss, ok3 := num(s, 17, 2)
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	ns := 0
	if frac := s[19 : len(s)-1]; frac != "" { // a point and one to nine digits
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		f, ok := num(frac, 1, len(frac)-1)
		if !ok {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			f *= 10
		}
		ns = f
	}
	return time.Date(d.Year, d.Month, d.Day, hh, mm, ss, ns, time.UTC), true
}
