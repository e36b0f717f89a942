package nfr

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Decision is the answer to a [Request].
type Decision struct {
	Outcome Outcome         `json:"outcome"`
	Reasons program.Reasons `json:"reasons"`
	// Next is who acts next: the provisioner of a granted request, the
	// reviewer of one that needs review, the partner when only a business
	// justification is missing. Zero when nobody needs to act.
	Next program.Action `json:"next,omitzero"`
	// Licenses has one line per license type, in [LicenseTypes] order.
	Licenses []LicenseLine `json:"licenses"`
	// ProvisioningDue is when a granted request should be provisioned;
	// zero unless the outcome is [Granted] (a reviewed request is counted
	// from its approval, which is not known yet).
	ProvisioningDue time.Time `json:"provisioning_due,omitzero"`
	PolicyVersion   string    `json:"policy_version"`
}

// Decide grants, sends to review or denies NFR request r. It checks every
// requirement and lists every finding: the caps of each asked license type,
// eligibility, then the declared uses. A failed eligibility requirement, a
// prohibited use, a license type the partner has no allocation of, or seats
// over a cap without a justification (or on a track where none helps) deny
// the request; otherwise seats over a cap with a justification, or a use
// the policy does not classify, need review; otherwise the request is granted and due for
// provisioning [Policy.ProvisioningBusinessDays] business days after
// submission.
//
// Bad input returns an error matching program.ErrInvalidInput that lists
// every problem, each located by a JSON Pointer into the request document
// ("/seats/1/license", "/uses/0", "/partner/track", "/submitted_at"). An
// invalid policy is reported the same way, with pointers into the policy
// document (see [Policy.Validate]).
func (p Policy) Decide(r Request) (Decision, error) {
	rd, err := p.checked()
	if err != nil {
		return Decision{}, err
	}
	if err := r.Check(); err != nil {
		return Decision{}, err
	}
	var a assessment
	rd.assess(&r, &a)
	d := rd.conclude(&r, &a)
	d.Licenses = make([]LicenseLine, len(a.lines))
	rd.fillLines(&a, &d)
	var w program.ReasonWriter
	rd.explain(&w, &r, &a, &d)
	d.Reasons = w.Done()
	return d, nil
}

// assessment is what a request's requirements came to, before any reason
// is written: one line per license type with the cap rule that decides it,
// the failed eligibility requirements, the declared uses by class, and the
// verdicts the outcome is decided from.
type assessment struct {
	lines [4]LicenseLine
	caps  [4]capFinding // for each asked line
	// worst is the worst verdict on an asked license type;
	// justificationOnly is whether every cap denial is for a missing
	// justification.
	worst             capCheck
	justificationOnly bool
	failed            failures
	// permitted, neither and prohibited are the declared uses by class, as
	// sets of bits in [Uses] order.
	permitted, neither, prohibited uint
}

// assess checks every requirement of request r into a: the caps of each
// asked license type, eligibility, the declared uses.
func (rd *ready) assess(r *Request, a *assessment) {
	var held, asked [4]int
	for _, s := range r.Seats {
		i := indexOf(LicenseTypes, s.License)
		held[i], asked[i] = s.Held, s.Asked
	}
	rd.lines(&r.Partner, &held, &asked, &a.lines)
	a.justificationOnly = true
	justified := r.HasJustification()
	for i, ln := range &a.lines {
		if ln.Asked == 0 {
			continue
		}
		c := rd.checkCap(r.Partner, ln, justified)
		a.caps[i] = c
		a.worst = max(a.worst, c.verdict)
		if c.verdict == capDeny && c.rule != citeOverCapJustificationNeeded {
			a.justificationOnly = false
		}
	}
	a.failed = rd.eligibility(r.Partner)
	declared := useSet(r.Uses)
	a.permitted = declared & rd.permitted
	a.prohibited = declared & rd.prohibited
	a.neither = declared &^ (rd.permitted | rd.prohibited)
}

// conclude decides request r from its assessment: the outcome, who acts
// next, when provisioning is due, and what remains of each cap.
func (rd *ready) conclude(r *Request, a *assessment) Decision {
	p := &rd.src
	d := Decision{PolicyVersion: p.Version}
	eligible := a.failed == 0
	switch {
	case !eligible || a.prohibited != 0 || a.worst == capDeny:
		d.Outcome = Denied
		if eligible && a.prohibited == 0 && a.justificationOnly {
			d.Next = program.Action{Actor: program.ActorPartner,
				What: "resubmit the request with a business justification for the seats beyond the cap"}
		}
	case a.worst == capReview || a.neither != 0:
		d.Outcome = NeedsReview
		d.Next = program.Action{Actor: p.ReviewActor, What: reviewWhat(a.worst == capReview, a.neither != 0)}
	default:
		d.Outcome = Granted
		d.ProvisioningDue = rd.cal.AddBusinessDays(r.SubmittedAt, p.ProvisioningBusinessDays)
		d.Next = program.Action{Actor: p.ProvisioningActor, What: "provision the NFR licenses", Due: d.ProvisioningDue}
	}
	return d
}

// fillLines writes d's license lines, with what remains of each cap once
// d takes effect.
func (rd *ready) fillLines(a *assessment, d *Decision) {
	eligible := a.failed == 0
	for i, ln := range &a.lines {
		used := ln.Held
		if d.Outcome == Granted {
			used = ln.Total
		}
		ln.Remaining = remaining(ln, used, eligible)
		d.Licenses[i] = ln
	}
}

// explain writes decision d's reasons into w, in rule order: one per
// asked license type, the eligibility findings, the declared uses, and the
// closing one (provisioning or review).
func (rd *ready) explain(w *program.ReasonWriter, r *Request, a *assessment, d *Decision) {
	for i, c := range &a.caps {
		if c.rule != nil {
			rd.citeLine(w, c.rule, c.effect, a.lines[i], r.Partner)
		}
	}
	rd.explainEligibility(w, a.failed, r.Partner)
	rd.explainUses(w, a)
	switch d.Outcome {
	case NeedsReview:
		rd.cite(w, citeReview, program.Applied).SetInt(fDays, rd.src.ProvisioningBusinessDays)
	case Granted:
		loc := rd.cal.Location()
		rd.cite(w, citeProvisioning, program.Applied).
			SetInstant(fDue, d.ProvisioningDue, loc).SetInstant(fSince, r.SubmittedAt, loc).SetInt(fDays, rd.src.ProvisioningBusinessDays)
	}
}

// reviewWhat is what the reviewer of a request is asked to decide.
func reviewWhat(overCap, unclassified bool) string {
	switch {
	case overCap && unclassified:
		return "review the business justification for the seats beyond the cap and the unclassified uses"
	case overCap:
		return "review the business justification for the seats beyond the cap"
	}
	return "decide whether the declared uses are permitted"
}

// explainUses writes the reasons about the declared uses into w: the
// permitted ones together, then each unclassified and each prohibited one,
// in [Uses] order.
func (rd *ready) explainUses(w *program.ReasonWriter, a *assessment) {
	if a.permitted != 0 {
		rd.cite(w, citePermittedUses, program.Met).N[fUses] = int64(a.permitted)
	}
	for i := range Uses {
		if a.neither&(1<<i) != 0 {
			rd.cite(w, citeUnclassifiedUse, program.Applied).N[fUses] = int64(i)
		}
	}
	for i := range Uses {
		if a.prohibited&(1<<i) != 0 {
			rd.cite(w, citeProhibitedUse, program.Unmet).N[fUses] = int64(i)
		}
	}
}
