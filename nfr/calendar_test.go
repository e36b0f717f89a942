package nfr_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestListedHolidayIsNeverWorked: a date the policy's calendar lists is a
// day off even when its national set has a holiday that day observed on
// another day. Bulgaria's second day of Christmas fell on Tuesday
// 2023-12-26; rickar/cal's BG set observes it on Wednesday the 27th, so an
// office lists the 26th: the 25th, 26th and 27th are all off.
func TestListedHolidayIsNeverWorked(t *testing.T) {
	p := nfr.Default()
	p.Calendar.TimeZone = program.MustTimeZone("Europe/Sofia")
	p.Calendar.HolidaySet = "BG"
	p.Calendar.Holidays = []program.Date{program.NewDate(2023, 12, 26)}
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	sofia := p.Calendar.TimeZone.Location()
	// Friday 22 December 15:00: 2 hours on Friday, Monday to Wednesday off,
	// 8 on Thursday, 6 on Friday 29th.
	from := time.Date(2023, 12, 22, 15, 0, 0, 0, sofia)
	if got, want := p.ProvisioningDue(from), time.Date(2023, 12, 29, 15, 0, 0, 0, sofia); !got.Equal(want) {
		t.Errorf("provisioning due %s, want %s", got, want)
	}
}
