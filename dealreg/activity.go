package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// lastActivity is the opportunity's last sales activity.
func lastActivity(o *program.Opportunity) program.DateOrInstant { return o.LastSalesActivity }

// activityAfter reports whether a is dated after now: an instant after now,
// or a date later than now's date in loc.
func activityAfter(a program.DateOrInstant, now time.Time, loc *time.Location) bool {
	if t, ok := a.Instant(); ok {
		return t.After(now)
	}
	d, _ := a.Date()
	return d.Start(loc).After(now)
}
