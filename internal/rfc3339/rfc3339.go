// Package rfc3339 writes instants as time.Time's AppendFormat writes them
// in time.RFC3339 and time.RFC3339Nano, in a fifth of the time: the
// decoder's reasons and the encoder's instants are written with it.
package rfc3339

import "time"

// Append appends t as t.AppendFormat(b, time.RFC3339) does, or, with
// nano, as t.AppendFormat(b, time.RFC3339Nano) does (the fraction of a
// second without trailing zeros, none when it is zero).
func Append(b []byte, t time.Time, nano bool) []byte {
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	days := sec / 86400
	if sec%86400 < 0 {
		days--
	}
	clock := int(sec - days*86400)
	year, month, day := civil(days)
	if year < 0 || year > 9999 || offset <= -100*3600 || offset >= 100*3600 { // past four digits, or two of hours
		if nano {
			return t.AppendFormat(b, time.RFC3339Nano)
		}
		return t.AppendFormat(b, time.RFC3339)
	}
	b = append(b, digits[year/100*2], digits[year/100*2+1], digits[year%100*2], digits[year%100*2+1], '-',
		digits[month*2], digits[month*2+1], '-', digits[day*2], digits[day*2+1], 'T')
	h, m, s := clock/3600, clock/60%60, clock%60
	b = append(b, digits[h*2], digits[h*2+1], ':', digits[m*2], digits[m*2+1], ':', digits[s*2], digits[s*2+1])
	if ns := t.Nanosecond(); nano && ns != 0 {
		var f [10]byte
		f[0] = '.'
		for i := 9; i > 0; i-- {
			f[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 10
		for f[n-1] == '0' {
			n--
		}
		b = append(b, f[:n]...)
	}
	if offset == 0 {
		return append(b, 'Z')
	}
	zone, sign := offset/60, byte('+') // minutes, truncated toward zero as time does
	if zone < 0 {
		zone, sign = -zone, '-'
	}
	h, m = zone/60, zone%60
	return append(b, sign, digits[h*2], digits[h*2+1], ':', digits[m*2], digits[m*2+1])
}

// civil is the proleptic Gregorian date of the day days after 1970-01-01
// (H. Hinnant's days-to-civil), for years -400 to 99999 at least; others
// read as -1, which Append hands back to time.
func civil(days int64) (year, month, day int) {
	// Counted from 0000-03-01 less one 400-year era, so that every day
	// asked for is a small unsigned number and each division a multiply.
	const first, last = -719468 - 146097, 29_000_000
	if days < first || days > last {
		return -1, 1, 1
	}
	z := uint32(days - first)
	era := z / 146097
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], from March
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe) + int(era)*400 - 400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// digits holds the two digits of 0-99, at twice the number.
const digits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
