package distribution

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Fresh exposes the test that a compiled policy still matches its fields.
func Fresh(p Policy) bool { return p.fresh() }

// WeekClockAdd counts d business hours after t on calendar c as Quote does
// for a calendar without a holiday set; false for one with a set.
func WeekClockAdd(c program.BusinessCalendar, t time.Time, d time.Duration) (time.Time, bool) {
	w := newWeekClock(c)
	if w == nil {
		return time.Time{}, false
	}
	return w.addBusinessHours(t, d), true
}

// PlainEmail and ParsedEmail are the two readings of an e-mail address:
// the allocation-free one of the common form, and net/mail's.
var PlainEmail, ParsedEmail = plainEmail, parsedEmail
