package program_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// BenchmarkReadyCalendar counts 2 business days (NFR provisioning) and 24
// business hours (an APJ quote) on ready calendars: the standard week, one
// with listed holidays in a zone with daylight saving, and one with a
// national holiday set; and 2 business days on a BusinessCalendar that is
// made ready on each call.
func BenchmarkReadyCalendar(b *testing.B) {
	week := program.StandardWeek(program.UTC())
	berlin := program.StandardWeek(program.MustTimeZone("Europe/Berlin"))
	berlin.Holidays = []program.Date{program.NewDate(2026, 12, 24), program.NewDate(2026, 12, 25), program.NewDate(2026, 12, 31)}
	jp := program.StandardWeek(program.MustTimeZone("Asia/Tokyo"))
	jp.HolidaySet = "JP"
	at := time.Date(2026, 12, 23, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		cal  program.BusinessCalendar
	}{{"week", week}, {"holidays", berlin}, {"set", jp}} {
		r, err := c.cal.Ready("")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/days", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.AddBusinessDays(at, 2)
			}
		})
		b.Run(c.name+"/hours", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.AddBusinessHours(at, 24*time.Hour)
			}
		})
	}
	b.Run("unready/set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			jp.AddBusinessDays(at, 2)
		}
	})
}
