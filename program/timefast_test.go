package program

import (
	"math/rand/v2"
	"testing"
	"time"
)

// slowInstant and slowDate are ParseInstant and ParseDate without the
// fast paths: time.Parse and the checks made after it.
func slowInstant(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil && rfc3339Tail(s)
}

func slowDate(s string) (Date, bool) {
	t, err := time.Parse(dateLayout, s)
	d := DateOf(t)
	return d, err == nil && len(s) == len(dateLayout) && d.Valid()
}

// checkFastTime fails when a fast path reads s and time.Parse does not, or
// reads it to another value or location.
func checkFastTime(t *testing.T, s string) {
	t.Helper()
	if got, ok := fastInstant(s); ok {
		want, wok := slowInstant(s)
		if !wok || !got.Equal(want) || got.Location() != want.Location() || got != want {
			t.Errorf("%q: fast %v, time.Parse %v (read %v)", s, got, want, wok)
		}
	}
	if got, ok := fastDate(s); ok {
		if want, wok := slowDate(s); !wok || got != want {
			t.Errorf("%q: fast %v, time.Parse %v (read %v)", s, got, want, wok)
		}
	}
}

// TestFastTimeEqualsTimeParse: the fast readings of dates and instants
// give time.Parse's answer on every boundary of every field and on random
// near-misses, and do read the common forms (else they would be no
// faster).
func TestFastTimeEqualsTimeParse(t *testing.T) {
	edges := map[string][]string{
		"y":  {"0000", "0001", "1999", "2024", "2100", "9999"},
		"m":  {"00", "01", "02", "12", "13"},
		"d":  {"00", "01", "28", "29", "30", "31", "32"},
		"h":  {"00", "23", "24"},
		"mi": {"00", "59", "60"},
		"s":  {"00", "59", "60"},
		"f":  {"", ".", ".5", ".123456789", ".1234567890", ".12a"},
		"z":  {"Z", "z", "+00:00", "+01:00", ""},
	}
	for _, y := range edges["y"] {
		for _, m := range edges["m"] {
			for _, d := range edges["d"] {
				date := y + "-" + m + "-" + d
				checkFastTime(t, date)
				for _, h := range edges["h"] {
					for _, mi := range edges["mi"] {
						for _, s := range edges["s"] {
							for _, f := range edges["f"] {
								for _, z := range edges["z"] {
									checkFastTime(t, date+"T"+h+":"+mi+":"+s+f+z)
								}
							}
						}
					}
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789-:TZ.+ tz"
	for range 200000 {
		b := []byte("2026-03-02T09:00:00.25Z")
		if r.IntN(2) == 0 {
			b = []byte("2024-02-29")
		}
		for range 1 + r.IntN(3) {
			i := r.IntN(len(b))
			switch r.IntN(3) {
			case 0:
				b[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
			}
			if len(b) == 0 {
				break
			}
		}
		checkFastTime(t, string(b))
	}
	for _, s := range []string{"2026-03-02T09:00:00Z", "2026-03-02T09:00:00.123Z", "2024-02-29T23:59:59.999999999Z"} {
		if _, ok := fastInstant(s); !ok {
			t.Errorf("%q is not read by the fast path", s)
		}
	}
	for _, s := range []string{"2026-03-02", "2024-02-29", "0001-01-01", "9999-12-31"} {
		if _, ok := fastDate(s); !ok {
			t.Errorf("%q is not read by the fast path", s)
		}
	}
}

// FuzzFastTime holds the fast readings of dates and instants to
// time.Parse's on any text.
func FuzzFastTime(f *testing.F) {
	for _, s := range []string{"2026-03-02", "2026-03-02T09:00:00Z", "2026-03-02T09:00:00.5Z", "2023-02-29", "2026-03-02T24:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkFastTime(t, s) })
}
