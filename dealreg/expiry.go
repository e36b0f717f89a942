package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// ExpiryDecision says whether an approval is still in force: its outcome
// is active or expired.
type ExpiryDecision struct {
	Outcome       Status          `json:"outcome"`
	ExpiresAt     time.Time       `json:"expires_at"`
	Reasons       program.Reasons `json:"reasons"`
	PolicyVersion string          `json:"policy_version"`
}

// Expiry decides whether a registration approved at approvedAt is active at
// now: active while approvedAt <= now < approvedAt + ExpiryDays calendar days
// in the policy's zone. Its input document is {"approved_at": ...}, so a
// missing approvedAt, or one after now, is an input error at "/approved_at";
// a zero now is a problem with the parameter "now".
func (p Policy) Expiry(approvedAt, now time.Time) (ExpiryDecision, error) {
	rd, err := p.checked()
	if err != nil {
		return ExpiryDecision{}, err
	}
	var pr program.Problems
	if approvedAt.IsZero() {
		pr.Add("/approved_at", "required: when the registration was approved")
	}
	if now.IsZero() {
		pr.AddErr(nowRequired())
	}
	if !approvedAt.IsZero() && !now.IsZero() && instantOf(approvedAt).after(instantOf(now)) {
		pr.Add("/approved_at", "%s is after now (%s)", stamp(approvedAt, rd.loc), stamp(now, rd.loc))
	}
	if err := pr.Err(); err != nil {
		return ExpiryDecision{}, err
	}
	d := ExpiryDecision{PolicyVersion: p.Version}
	exp, st := rd.expiry(instantOf(approvedAt), instantOf(now))
	d.ExpiresAt, d.Outcome = exp.time(rd.loc), st
	var w program.ReasonWriter
	rd.citeExpiry(w.Cite(rd.expiryRule(d.Outcome), program.Applied), approvedAt, d.ExpiresAt)
	d.Reasons = w.Done()
	return d, nil
}

// expiry is when an approval at approvedAt expires, and whether it is in
// force at now.
func (rd *ready) expiry(approvedAt, now instant) (instant, Status) {
	exp := rd.addDays(approvedAt, rd.params.ExpiryDays)
	if exp.after(now) {
		return exp, Active
	}
	return exp, Expired
}

// expiryRule is the rule that says an approval is active or expired.
func (rd *ready) expiryRule(st Status) *program.Rule {
	if st == Active {
		return &expiryRules[0]
	}
	return &expiryRules[1]
}

// citeExpiry records the facts of an expiry reason.
func (rd *ready) citeExpiry(f *program.Facts, approvedAt, expiresAt time.Time) {
	f.SetInstant(0, approvedAt, rd.loc).SetInstant(1, expiresAt, rd.loc).SetInt(2, rd.params.ExpiryDays)
}
