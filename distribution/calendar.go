package distribution

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// quoteClock counts a quote process's turnaround in its calendar's
// business hours, on the calendar made ready when the policy was compiled.
type quoteClock struct {
	loc   *time.Location
	hours time.Duration // the turnaround
	cal   *program.ReadyCalendar
}

// addBusinessHours is [program.ReadyCalendar.AddBusinessHours].
func (q *quoteClock) addBusinessHours(t time.Time, d time.Duration) time.Time {
	return q.cal.AddBusinessHours(t, d)
}
