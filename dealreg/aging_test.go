package dealreg

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestLastActivityAging walks the routing table with a stage-5 opportunity
// whose last sales activity is an instant or a date, at the boundaries
// DESIGN.md names: an instant is aged strictly more than 180 days before
// now, to the second; a date in calendar days to today, in the policy's
// zone. (Registrations carry an instant once program's opportunity does;
// until then this walks the table directly.)
func TestLastActivityAging(t *testing.T) {
	utc := Default()
	tokyo := Default()
	tokyo.TimeZone = program.MustTimeZone("Asia/Tokyo")
	berlin := Default()
	berlin.TimeZone = program.MustTimeZone("Europe/Berlin")
	startOfDay := Default()
	startOfDay.ActivityDate = ActivityDateStartOfDay
	instant := func(s string) program.DateOrInstant {
		v, err := program.ParseDateOrInstant(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name     string
		p        Policy
		activity string
		now      string
		want     Outcome
	}{
		{"instant exactly 180 days before now", utc, "2026-05-29T12:00:00Z", "2026-11-25T12:00:00Z", Denied},
		{"instant 180 days and 1 second before now", utc, "2026-05-29T11:59:59Z", "2026-11-25T12:00:00Z", Approved},
		{"instant 1 second short of 180 days", utc, "2026-05-29T12:00:01Z", "2026-11-25T12:00:00Z", Denied},
		{"instant with an offset", utc, "2026-05-29T13:59:59+02:00", "2026-11-25T12:00:00Z", Approved},
		{"instant, Berlin days across DST", berlin, "2026-03-28T12:00:00Z", "2026-09-24T11:00:01Z", Approved},
		{"instant, same facts in UTC", utc, "2026-03-28T12:00:00Z", "2026-09-24T11:00:01Z", Denied},
		{"date 180 days before today, late in the day", utc, "2026-05-29", "2026-11-25T23:59:59Z", Denied},
		{"date 181 days before today, at midnight", utc, "2026-05-28", "2026-11-25T00:00:00Z", Approved},
		{"date 181 days before Tokyo's today", tokyo, "2026-05-28", "2026-11-24T15:00:00Z", Approved},
		{"date 180 days before UTC's today", utc, "2026-05-28", "2026-11-24T15:00:00Z", Denied},
		{"start_of_day: date 180 days and 1 second", startOfDay, "2026-05-29", "2026-11-25T00:00:01Z", Approved},
		{"start_of_day: date exactly 180 days", startOfDay, "2026-05-29", "2026-11-25T00:00:00Z", Denied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			loc := tt.p.TimeZone.Location()
			params := tt.p.params()
			s := &state{p: &params, now: now, loc: loc, r: facts{
				Stage: program.Stage5, Kind: program.KindNewOpportunity, kind: uint8(kindBit(program.KindNewOpportunity)), LastSalesActivity: instant(tt.activity),
				SubmittedAt: now.Add(-24 * time.Hour),
			}}
			var d Decision
			var e reasons
			rd, err := tt.p.checked()
			if err != nil {
				t.Fatal(err)
			}
			walk(rd, s, &d, &e)
			reasons := rd.explain(&e, &Registration{SubmittedAt: s.r.SubmittedAt}, s, &d)
			if d.Outcome != tt.want {
				t.Errorf("outcome %s, want %s (%v)", d.Outcome, tt.want, reasons.List())
			}
			if reasons.Len() < 2 || reasons.At(0).Rule != RuleMidStage {
				t.Errorf("reasons %v, want the stage 3-6 path", reasons.List())
			}
		})
	}
}
