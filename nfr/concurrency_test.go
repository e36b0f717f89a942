package nfr_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.NFR(), casetest.Load(t, "../testdata/nfr"))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, nfr.Default(), nfr.Fresh)
	p := nfr.Default()
	p.ProvisioningBusinessDays = -1
	if _, err := p.Decide(validRequest()); err == nil {
		t.Fatal("a policy changed to -1 provisioning days decided")
	}
	// PolicyNoticesChanges changes one member of the calendar; the ready
	// form is built from each of them.
	for name, change := range map[string]func(*program.BusinessCalendar){
		"time_zone":     func(c *program.BusinessCalendar) { c.TimeZone = program.MustTimeZone("Asia/Tokyo") },
		"workdays":      func(c *program.BusinessCalendar) { c.Workdays = slices.Clone(c.Workdays) },
		"workday_start": func(c *program.BusinessCalendar) { c.WorkdayStart-- },
		"workday_end":   func(c *program.BusinessCalendar) { c.WorkdayEnd++ },
		"holiday_set":   func(c *program.BusinessCalendar) { c.HolidaySet = "US" },
		"holidays":      func(c *program.BusinessCalendar) { c.Holidays = []program.Date{program.NewDate(2026, 12, 1)} },
	} {
		p := nfr.Default()
		change(&p.Calendar)
		if nfr.Fresh(p) {
			t.Errorf("calendar %s changed after compiling, but the ready form is still used", name)
		}
	}
	// And a changed calendar counts as changed: a holiday on the due date
	// moves it.
	p = nfr.Default()
	p.Calendar.Holidays = []program.Date{program.NewDate(2026, 12, 1)}
	if d, err := p.Decide(validRequest()); err != nil || !d.ProvisioningDue.Equal(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)) {
		t.Errorf("with a holiday on Tuesday 2026-12-01, due %s (%v); want Wednesday 15:00", d.ProvisioningDue, err)
	}
}

// TestSharedCalendarLearnsHolidaysSafely: a compiled policy with a national
// holiday set keeps each year's holidays once it first needs them. Many
// goroutines deciding on one such policy, across years none has asked for
// yet, must each get the due instant a policy compiled for it alone gives.
func TestSharedCalendarLearnsHolidaysSafely(t *testing.T) {
	parse := func() nfr.Policy {
		p, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"calendar": {"holiday_set": "US", "time_zone": "America/New_York"}}`))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Thanksgiving week, and the days around New Year, of several years.
	var starts []time.Time
	for y := 2025; y < 2033; y++ {
		starts = append(starts, time.Date(y, 11, 25, 14, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 20, 0, 0, 0, time.UTC))
	}
	want := make([]time.Time, len(starts))
	for i, at := range starts {
		want[i] = parse().ProvisioningDue(at)
	}
	shared := parse()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for k := range starts {
				i := (k + w*3) % len(starts)
				if got := shared.ProvisioningDue(starts[i]); !got.Equal(want[i]) {
					t.Errorf("from %s: %s on the shared policy, %s alone", starts[i], got, want[i])
				}
			}
		})
	}
	wg.Wait()
}
