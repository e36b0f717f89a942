package program

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// Weekday is a day of the week in lower case ("monday").
type Weekday string

// Weekdays lists the days of the week, Sunday first as in package time.
var Weekdays = []Weekday{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func (w Weekday) Valid() bool { return IsOneOf(w, Weekdays) }
func (w *Weekday) UnmarshalText(b []byte) error {
	return UnmarshalEnum(w, b, "weekday", Weekdays)
}

// Time is w as a time.Weekday; w must be valid.
func (w Weekday) Time() time.Weekday { return time.Weekday(slices.Index(Weekdays, w)) }

// ClockTime is a time of day, "HH:MM" in JSON, counted in minutes after
// midnight.
type ClockTime int

// Clock returns h:m as a ClockTime.
func Clock(h, m int) ClockTime { return ClockTime(h*60 + m) }

func (c ClockTime) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

func (c ClockTime) duration() time.Duration { return time.Duration(c) * time.Minute }

// MarshalText writes "HH:MM".
func (c ClockTime) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM" from 00:00 to 23:59.
func (c *ClockTime) UnmarshalText(b []byte) error {
	s := string(b)
	bad := typeError[ClockTime](fmt.Sprintf("%q is not a time of day (HH:MM, 00:00-23:59)", s))
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return bad
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 23 {
		return bad
	}
	*c = Clock(h, m)
	return nil
}

// BusinessCalendar says when people work: the working days of the week, the
// working hours of each, holidays, and the zone in which those are read. It
// drives deadlines counted in business days or hours (NFR provisioning, quote
// turnaround), counted by [ReadyCalendar]; github.com/rickar/cal/v2 defines
// the national holiday sets.
type BusinessCalendar struct {
	TimeZone     TimeZone  `json:"time_zone"`
	Workdays     []Weekday `json:"workdays"`
	WorkdayStart ClockTime `json:"workday_start"`
	WorkdayEnd   ClockTime `json:"workday_end"`
	// HolidaySet names a country whose public holidays, as
	// github.com/rickar/cal/v2 ships them, are non-working days ("JP",
	// "DE", "US"); [HolidaySets] lists the countries that have one. Empty
	// means none.
	HolidaySet Country `json:"holiday_set,omitempty"`
	// Holidays are further non-working dates: company closures, or a
	// country's holidays where no set ships.
	Holidays []Date `json:"holidays,omitempty"`
}

// holidaySets are the national holiday lists rickar/cal/v2 ships, by
// country. Countries it covers only by state or province (Australia) are
// left out: their holidays are not national.
var holidaySets = map[Country][]*cal.Holiday{
	"AT": at.Holidays, "BE": be.Holidays, "BG": bg.Holidays, "BR": br.Holidays,
	"CA": ca.Holidays, "CH": ch.Holidays, "CZ": cz.Holidays, "DE": de.Holidays,
	"DK": dk.Holidays, "ES": es.Holidays, "FR": fr.Holidays, "GB": gb.Holidays,
	"GR": gr.Holidays, "HR": hr.Holidays, "IE": ie.Holidays, "IT": it.Holidays,
	"JP": jp.Holidays, "LT": lt.Holidays, "LV": lv.Holidays, "MW": mw.Holidays,
	"NL": nl.Holidays, "NO": no.Holidays, "NZ": nz.Holidays, "PL": pl.Holidays,
	"RO": ro.Holidays, "RU": ru.Holidays, "SE": se.Holidays, "SI": si.Holidays,
	"SK": sk.Holidays, "UA": ua.Holidays, "US": us.Holidays, "ZA": za.Holidays,
}

// HolidaySets lists the countries whose holidays a calendar can name in
// HolidaySet, in order.
func HolidaySets() []Country {
	return slices.Sorted(maps.Keys(holidaySets))
}

// StandardWeek is a Monday-to-Friday, 09:00-17:00 calendar in tz without
// holidays.
func StandardWeek(tz TimeZone) BusinessCalendar {
	return BusinessCalendar{
		TimeZone:     tz,
		Workdays:     []Weekday{"monday", "tuesday", "wednesday", "thursday", "friday"},
		WorkdayStart: Clock(9, 0),
		WorkdayEnd:   Clock(17, 0),
	}
}

// Check records every problem of c under field. A calendar needs a zone, at
// least one working day and a working day of positive length.
func (c BusinessCalendar) Check(p *Problems, field string) {
	if c.TimeZone.IsZero() { // pointers are built only for problems
		CheckTimeZone(p, Path(field, "time_zone"), c.TimeZone)
	}
	if len(c.Workdays) == 0 {
		p.Add(Path(field, "workdays"), "required: at least one working day such as monday")
	}
	for i, w := range c.Workdays {
		if !w.Valid() {
			CheckEnum(p, Index(Path(field, "workdays"), i), w, "weekday", Weekdays)
		}
	}
	if c.WorkdayStart < 0 || c.WorkdayEnd >= Clock(24, 0) || c.WorkdayStart >= c.WorkdayEnd {
		p.Add(Path(field, "workday_end"), "%s must be after workday_start %s, before 24:00", c.WorkdayEnd, c.WorkdayStart)
	}
	if _, ok := holidaySets[c.HolidaySet]; c.HolidaySet != "" && !ok {
		p.Add(Path(field, "holiday_set"), "no holiday set ships for %q; sets: %s; list other holidays in holidays", string(c.HolidaySet), oneOf(HolidaySets()))
	}
	for i, h := range c.Holidays {
		if !h.Valid() {
			p.Add(Index(Path(field, "holidays"), i), "%q is not a date", h.String())
		}
	}
}

// WorkdayLength is the length of one working day.
func (c BusinessCalendar) WorkdayLength() time.Duration {
	return (c.WorkdayEnd - c.WorkdayStart).duration()
}

// IsHoliday reports whether d is a day off for a holiday of the calendar:
// one it lists, or one of its holiday set's as observed (a holiday that
// falls on a weekend may be observed on a weekday). A set's holiday is a day
// off on the day it is observed, not on its actual date when it is observed
// on another; a listed date is a day off whatever the set says of it.
func (c BusinessCalendar) IsHoliday(d Date) bool {
	return c.ready().IsHoliday(d)
}

// IsBusinessDay reports whether d is a working day that is not a holiday.
func (c BusinessCalendar) IsBusinessDay(d Date) bool {
	return c.ready().IsBusinessDay(d)
}

// AddBusinessHours returns the instant at which d of working time has passed
// after t. Time outside working hours does not count: a request made on a
// Saturday starts counting at the next working day's start, and a count
// that ends exactly at closing time stays there. t is read in the calendar's
// zone and the result is in that zone. The calendar must be valid (see
// [BusinessCalendar.Check]); an invalid one returns t unchanged rather than
// loop. It is counted by [ReadyCalendar]; a caller counting often on one
// calendar keeps one ([BusinessCalendar.Ready]).
//
// Working hours are wall-clock hours: the count runs on the local calendar
// and clock, so a day on which daylight-saving time starts or ends still
// opens at 09:00 and has its usual working hours.
func (c BusinessCalendar) AddBusinessHours(t time.Time, d time.Duration) time.Time {
	if !c.usable() {
		return t.In(c.TimeZone.Location())
	}
	return c.ready().AddBusinessHours(t, d)
}

// AddBusinessDays returns the instant n working days after t, a working day
// being the calendar's working hours: on a Monday-to-Friday 09:00-17:00
// calendar, Friday 15:00 plus 2 business days is Tuesday 15:00.
func (c BusinessCalendar) AddBusinessDays(t time.Time, n int) time.Time {
	return c.AddBusinessHours(t, time.Duration(n)*c.WorkdayLength())
}

// Ready checks c (every problem [BusinessCalendar.Check] reports, at
// pointers below field) and returns it ready to count.
func (c BusinessCalendar) Ready(field string) (*ReadyCalendar, error) {
	var p Problems
	c.Check(&p, field)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return c.ready(), nil
}

func (c BusinessCalendar) usable() bool {
	var p Problems
	c.Check(&p, "")
	return p.Len() == 0
}

// EnumValues lists the valid values of Weekday.
func (Weekday) EnumValues() []string { return EnumStrings(Weekdays) }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
