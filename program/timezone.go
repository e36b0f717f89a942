package program

import (
	"time"
	// The IANA database is embedded so that a policy's zone loads the same on
	// every machine, including minimal containers without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// TimeZone is an IANA time zone ("Europe/Berlin", "UTC"), written as its name
// in JSON. The zero TimeZone is unset: policies reject it rather than
// assume UTC.
type TimeZone struct {
	loc *time.Location
}

// UTC is the UTC time zone.
func UTC() TimeZone { return TimeZone{time.UTC} }

// LoadTimeZone loads the IANA zone name.
func LoadTimeZone(name string) (TimeZone, error) {
	if name == "" || name == "Local" {
		return TimeZone{}, &FieldError{Detail: "\"" + name + "\" is not an IANA time zone name such as Europe/Berlin"}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return TimeZone{}, &FieldError{Detail: "\"" + name + "\" is not an IANA time zone name such as Europe/Berlin"}
	}
	return TimeZone{loc}, nil
}

// MustTimeZone is LoadTimeZone for names known to be valid; it panics
// otherwise and is meant for package-level defaults and tests.
func MustTimeZone(name string) TimeZone {
	tz, err := LoadTimeZone(name)
	if err != nil {
		panic(err)
	}
	return tz
}

// IsZero reports whether tz is unset.
func (tz TimeZone) IsZero() bool { return tz.loc == nil }

// Location is tz's location; an unset zone yields UTC so that a mistake can
// never panic, but validation reports it first.
func (tz TimeZone) Location() *time.Location {
	if tz.loc == nil {
		return time.UTC
	}
	return tz.loc
}

// String is the zone's IANA name.
func (tz TimeZone) String() string {
	if tz.loc == nil {
		return ""
	}
	return tz.loc.String()
}

// MarshalText writes the zone's name.
func (tz TimeZone) MarshalText() ([]byte, error) { return []byte(tz.String()), nil }

// UnmarshalText loads the named zone.
func (tz *TimeZone) UnmarshalText(b []byte) error {
	v, err := LoadTimeZone(string(b))
	if err != nil {
		return typeError[TimeZone](err.Error())
	}
	*tz = v
	return nil
}

// Equal reports whether two zones have the same name.
func (tz TimeZone) Equal(o TimeZone) bool { return tz.String() == o.String() }

// CheckTimeZone records a problem at field when tz is unset.
func CheckTimeZone(p *Problems, field string, tz TimeZone) {
	if tz.IsZero() {
		p.Add(field, "required: an IANA time zone name such as UTC or Europe/Berlin")
	}
}
