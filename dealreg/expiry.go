package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// ExpiryDecision says whether an approval is still in force: its outcome
// is active or expired.
type ExpiryDecision struct {
	Outcome       Status           `json:"outcome"`
	ExpiresAt     time.Time        `json:"expires_at"`
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

// Expiry decides whether a registration approved at approvedAt is active at
// now: active while approvedAt <= now < approvedAt + ExpiryDays calendar days
// in the policy's zone. Its input document is {"approved_at": ...}, so a
// missing approvedAt, or one after now, is an input error at "/approved_at";
// a zero now is a problem with the parameter "now".
func (p Policy) Expiry(approvedAt, now time.Time) (ExpiryDecision, error) {
	if !p.usable() {
		return ExpiryDecision{}, p.Validate()
	}
	var pr program.Problems
	if approvedAt.IsZero() {
		pr.Add("/approved_at", "required: when the registration was approved")
	}
	if now.IsZero() {
		pr.AddErr(nowRequired())
	}
	if !approvedAt.IsZero() && !now.IsZero() && approvedAt.After(now) {
		pr.Add("/approved_at", "%s is after now (%s)", stamp(approvedAt, p.TimeZone.Location()), stamp(now, p.TimeZone.Location()))
	}
	if err := pr.Err(); err != nil {
		return ExpiryDecision{}, err
	}
	w := workPool.Get().(*work)
	w.e.reset(p.TimeZone.Location())
	d := ExpiryDecision{PolicyVersion: p.Version}
	d.ExpiresAt, d.Outcome = p.expiry(approvedAt, now)
	p.explainExpiry(&w.e, approvedAt, d.ExpiresAt, d.Outcome)
	d.Reasons = w.e.done()
	workPool.Put(w)
	return d, nil
}

func (p *Policy) expiry(approvedAt, now time.Time) (time.Time, Status) {
	exp := program.AddDays(approvedAt, p.ExpiryDays, p.TimeZone.Location())
	if now.Before(exp) {
		return exp, Active
	}
	return exp, Expired
}

func (p *Policy) explainExpiry(e *explainer, approvedAt, expiresAt time.Time, st Status) {
	if st == Active {
		e.add(expiryRules[0]).s("approved at ").t(approvedAt).s("; active until ").t(expiresAt).s(" (").i(p.ExpiryDays).s(" days)")
		return
	}
	e.add(expiryRules[1]).s("approved at ").t(approvedAt).s("; expired at ").t(expiresAt).s(" (").i(p.ExpiryDays).s(" days)")
}
