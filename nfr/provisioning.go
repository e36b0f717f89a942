package nfr

import "time"

// ProvisioningDue is when a request submitted at t should be provisioned:
// [Policy.ProvisioningBusinessDays] business days later on the policy's
// calendar, a business day being one working day's hours. Time outside
// working hours does not count, so on the default calendar a request
// submitted on a Friday at 15:00 UTC is due on Tuesday at 15:00 UTC, and one
// submitted on a Saturday is due on Tuesday at 17:00 UTC. The result is in
// the calendar's zone.
func (p Policy) ProvisioningDue(t time.Time) time.Time {
	if rd, err := p.checked(); err == nil {
		return rd.cal.AddBusinessDays(t, p.ProvisioningBusinessDays)
	}
	return p.Calendar.AddBusinessDays(t, p.ProvisioningBusinessDays)
}
