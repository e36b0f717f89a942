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
	return p.Calendar.AddBusinessDays(t, p.ProvisioningBusinessDays)
}

// formatInstant writes t in the calendar's zone for reason texts.
func (p Policy) formatInstant(t time.Time) string {
	return t.In(p.Calendar.TimeZone.Location()).Format("Mon 2006-01-02 15:04 MST")
}
