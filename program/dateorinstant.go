package program

import (
	"strconv"
	"time"

	"github.com/channelpolicy/channelpolicy/internal/rfc3339"
)

// DateOrInstant is when something happened as a CRM field records it: a
// calendar date ("2026-05-01") or an RFC 3339 instant
// ("2026-05-01T11:59:59Z"). CRMs export the Sales Last Activity field in
// either form. The value keeps the form it came in and is written back in
// that form (an instant with the offset it was given); the zero value means
// none is recorded.
type DateOrInstant struct {
	date    Date
	instant time.Time
}

// OnDate is the calendar date d; the zero Date gives the zero value.
func OnDate(d Date) DateOrInstant { return DateOrInstant{date: d} }

// AtInstant is the instant t; the zero time gives the zero value.
func AtInstant(t time.Time) DateOrInstant { return DateOrInstant{instant: t} }

// IsZero reports whether nothing is recorded.
func (v DateOrInstant) IsZero() bool { return v.date.IsZero() && v.instant.IsZero() }

// Date returns the calendar date and true when v was given as a date.
func (v DateOrInstant) Date() (Date, bool) { return v.date, !v.date.IsZero() }

// Instant returns the instant and true when v was given as an instant.
func (v DateOrInstant) Instant() (time.Time, bool) { return v.instant, !v.instant.IsZero() }

// Valid reports whether v is nothing, a real calendar date, or an instant in
// the years 0001-9999 (the ones RFC 3339 can write).
func (v DateOrInstant) Valid() bool {
	if !v.instant.IsZero() {
		y := v.instant.Year()
		return y >= 1 && y <= 9999
	}
	return v.date.IsZero() || v.date.Valid()
}

// Equal reports whether v and w were given in the same form with the same
// value; instants compare as instants, whatever their offsets.
func (v DateOrInstant) Equal(w DateOrInstant) bool {
	return v.date == w.date && v.instant.Equal(w.instant) && v.instant.IsZero() == w.instant.IsZero()
}

// String is the form v came in: "2026-05-01" or "2026-05-01T11:59:59Z";
// nothing recorded is "".
func (v DateOrInstant) String() string { return string(v.AppendFormat(nil)) }

// AppendFormat appends the form v came in to b.
func (v DateOrInstant) AppendFormat(b []byte) []byte {
	switch {
	case !v.instant.IsZero():
		return rfc3339.Append(b, v.instant, true)
	case !v.date.IsZero():
		return v.date.AppendFormat(b)
	}
	return b
}

// MarshalText writes the form v came in.
func (v DateOrInstant) MarshalText() ([]byte, error) { return v.AppendFormat(nil), nil }

// UnmarshalText is [ParseDateOrInstant].
func (v *DateOrInstant) UnmarshalText(b []byte) error {
	w, err := ParseDateOrInstant(string(b))
	if err != nil {
		return err
	}
	*v = w
	return nil
}

const dateOrInstantWant = "a date such as 2026-05-01 or an RFC 3339 instant with its offset, such as 2026-05-01T11:59:59Z"

// ParseDateOrInstant reads a calendar date ("2026-05-01") or an RFC 3339
// instant with its offset ("2026-05-01T11:59:59Z", "2026-05-01T13:59:59+02:00")
// and refuses anything else: a time without an offset, a date with a time
// but no "T", an impossible date.
func ParseDateOrInstant(s string) (DateOrInstant, error) {
	if len(s) == len("2006-01-02") {
		d, err := ParseDate(s)
		if err != nil {
			return DateOrInstant{}, typeError[DateOrInstant](strconv.Quote(s) + " is not a calendar date: want " + dateOrInstantWant)
		}
		return OnDate(d), nil
	}
	t, err := ParseInstant(s)
	if err != nil || t.IsZero() || t.Year() < 1 {
		return DateOrInstant{}, typeError[DateOrInstant](strconv.Quote(s) + " is not a date or an instant: want " + dateOrInstantWant)
	}
	return AtInstant(t), nil
}

func (DateOrInstant) describe() string { return dateOrInstantWant }
