package dealreg

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// activityAfter reports whether a is dated after now: an instant after now,
// or a date whose first instant in the policy's zone is after now.
func (rd *ready) activityAfter(a program.DateOrInstant, now instant) bool {
	if t, ok := a.Instant(); ok {
		return instantOf(t).after(now)
	}
	d, _ := a.Date()
	return rd.dayStart(d, d.DayNumber()).after(now)
}
