package dealreg_test

import (
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestLastActivityAging routes a stage-5 opportunity whose last sales
// activity is an instant or a date, at the boundaries DESIGN.md names: an
// instant is aged strictly more than 180 days before now, to the second; a
// date in calendar days to today, in the policy's zone.
func TestLastActivityAging(t *testing.T) {
	utc := dealreg.Default()
	tokyo := dealreg.Default()
	tokyo.TimeZone = program.MustTimeZone("Asia/Tokyo")
	berlin := dealreg.Default()
	berlin.TimeZone = program.MustTimeZone("Europe/Berlin")
	startOfDay := dealreg.Default()
	startOfDay.ActivityDate = dealreg.ActivityDateStartOfDay
	instant := func(s string) program.DateOrInstant {
		v, err := program.ParseDateOrInstant(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name     string
		p        dealreg.Policy
		activity string
		now      string
		want     dealreg.Outcome
	}{
		{"instant exactly 180 days before now", utc, "2026-05-29T12:00:00Z", "2026-11-25T12:00:00Z", dealreg.Denied},
		{"instant 180 days and 1 second before now", utc, "2026-05-29T11:59:59Z", "2026-11-25T12:00:00Z", dealreg.Approved},
		{"instant 1 second short of 180 days", utc, "2026-05-29T12:00:01Z", "2026-11-25T12:00:00Z", dealreg.Denied},
		{"instant with an offset", utc, "2026-05-29T13:59:59+02:00", "2026-11-25T12:00:00Z", dealreg.Approved},
		{"instant, Berlin days across DST", berlin, "2026-03-28T12:00:00Z", "2026-09-24T11:00:01Z", dealreg.Approved},
		{"instant, same facts in UTC", utc, "2026-03-28T12:00:00Z", "2026-09-24T11:00:01Z", dealreg.Denied},
		{"date 180 days before today, late in the day", utc, "2026-05-29", "2026-11-25T23:59:59Z", dealreg.Denied},
		{"date 181 days before today, at midnight", utc, "2026-05-28", "2026-11-25T00:00:00Z", dealreg.Approved},
		{"date 181 days before Tokyo's today", tokyo, "2026-05-28", "2026-11-24T15:00:00Z", dealreg.Approved},
		{"date 180 days before UTC's today", utc, "2026-05-28", "2026-11-24T15:00:00Z", dealreg.Denied},
		{"start_of_day: date 180 days and 1 second", startOfDay, "2026-05-29", "2026-11-25T00:00:01Z", dealreg.Approved},
		{"start_of_day: date exactly 180 days", startOfDay, "2026-05-29", "2026-11-25T00:00:00Z", dealreg.Denied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			r := registration()
			r.Opportunity.Stage = program.Stage5
			r.Opportunity.LastSalesActivity = instant(tt.activity)
			r.SubmittedAt = now.Add(-24 * time.Hour)
			d, err := tt.p.Route(r, now)
			if err != nil {
				t.Fatal(err)
			}
			reasons := d.Reasons
			if d.Outcome != tt.want {
				t.Errorf("outcome %s, want %s (%v)", d.Outcome, tt.want, reasons.List())
			}
			if reasons.Len() < 2 || reasons.At(0).Rule != dealreg.RuleMidStage {
				t.Errorf("reasons %v, want the stage 3-6 path", reasons.List())
			}
		})
	}
}

// An activity recorded in the first second of year 1 is an activity: its
// reason names it (kept to the second, it must not read as none).
func TestActivityInTheFirstSecondOfYearOne(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = program.Stage4
	r.Opportunity.LastSalesActivity = program.AtInstant(time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC))
	d, err := dealreg.Default().Route(r, at("2026-03-20T09:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != dealreg.Approved || d.Reasons.Len() < 2 {
		t.Fatalf("outcome %s, reasons %v; want approved as aged", d.Outcome, d.Reasons.List())
	}
	want := "last sales activity at 0001-01-01T00:00:00Z; the 180 days after it ended at 0001-06-30T00:00:00Z"
	if text := d.Reasons.At(1).Text(); !strings.HasPrefix(text, want) {
		t.Errorf("reason %q, want it to begin %q", text, want)
	}
}
