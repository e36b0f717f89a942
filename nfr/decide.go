package nfr

import (
	"slices"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Decision is the answer to a [Request].
type Decision struct {
	Outcome Outcome          `json:"outcome"`
	Reasons []program.Reason `json:"reasons"`
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
	lines := p.lines(r.Partner,
		func(l LicenseType) int { return sumSeats(r.Seats, l, func(s SeatLine) int { return s.Held }) },
		func(l LicenseType) int { return sumSeats(r.Seats, l, func(s SeatLine) int { return s.Asked }) })

	reasons := make([]program.Reason, 0, 8)
	worst := capWithin
	justificationOnly := true // every cap denial is for a missing justification
	for _, ln := range lines {
		if ln.Asked == 0 {
			continue
		}
		rs, v := rd.checkCap(r.Partner, ln, r.HasJustification())
		reasons = append(reasons, rs)
		worst = max(worst, v)
		if v == capDeny && rs.Rule != RuleOverCapJustificationNeeded {
			justificationOnly = false
		}
	}
	reasons, eligible := rd.eligibility(r.Partner, reasons)
	reasons, prohibited, unclassified := rd.checkUses(r.Uses, reasons)

	d := Decision{PolicyVersion: p.Version}
	switch {
	case !eligible || prohibited || worst == capDeny:
		d.Outcome = Denied
		if eligible && !prohibited && justificationOnly {
			d.Next = program.Action{Actor: program.ActorPartner,
				What: "resubmit the request with a business justification for the seats beyond the cap"}
		}
	case worst == capReview || unclassified:
		d.Outcome = NeedsReview
		var f program.Facts
		f.SetInt(fDays, p.ProvisioningBusinessDays)
		reasons = append(reasons, rd.cite(RuleReview, program.Applied, f))
		d.Next = program.Action{Actor: p.ReviewActor, What: p.reviewWhat(worst == capReview, unclassified)}
	default:
		d.Outcome = Granted
		d.ProvisioningDue = rd.cal.AddBusinessDays(r.SubmittedAt, p.ProvisioningBusinessDays)
		var f program.Facts
		loc := rd.cal.Location()
		f.SetInstant(fDue, d.ProvisioningDue, loc).SetInstant(fSince, r.SubmittedAt, loc).SetInt(fDays, p.ProvisioningBusinessDays)
		reasons = append(reasons, rd.cite(RuleProvisioning, program.Applied, f))
		d.Next = program.Action{Actor: p.ProvisioningActor, What: "provision the NFR licenses", Due: d.ProvisioningDue}
	}
	d.Reasons = reasons
	d.Licenses = make([]LicenseLine, len(lines))
	for i, ln := range lines {
		used := ln.Held
		if d.Outcome == Granted {
			used = ln.Total
		}
		ln.Remaining = remaining(ln, used, eligible)
		d.Licenses[i] = ln
	}
	return d, nil
}

func (p Policy) reviewWhat(overCap, unclassified bool) string {
	switch {
	case overCap && unclassified:
		return "review the business justification for the seats beyond the cap and the unclassified uses"
	case overCap:
		return "review the business justification for the seats beyond the cap"
	}
	return "decide whether the declared uses are permitted"
}

// checkUses appends the reasons about the declared uses: the permitted ones
// together, then each unclassified and each prohibited one, in [Uses] order.
func (rd *ready) checkUses(uses []Use, out []program.Reason) ([]program.Reason, bool, bool) {
	p := &rd.src
	var permitted int64
	var unclassified, prohibited bool
	for i, u := range Uses {
		if slices.Contains(uses, u) && slices.Contains(p.PermittedUses, u) {
			permitted |= 1 << i
		}
	}
	if permitted != 0 {
		var f program.Facts
		f.N[fUses] = permitted
		out = append(out, rd.cite(RulePermittedUses, program.Met, f))
	}
	for i, u := range Uses {
		if slices.Contains(uses, u) && !slices.Contains(p.PermittedUses, u) && !slices.Contains(p.ProhibitedUses, u) {
			unclassified = true
			var f program.Facts
			f.N[fUses] = int64(i)
			out = append(out, rd.cite(RuleUnclassifiedUse, program.Applied, f))
		}
	}
	for i, u := range Uses {
		if slices.Contains(uses, u) && slices.Contains(p.ProhibitedUses, u) {
			prohibited = true
			var f program.Facts
			f.N[fUses] = int64(i)
			out = append(out, rd.cite(RuleProhibitedUse, program.Unmet, f))
		}
	}
	return out, prohibited, unclassified
}

func sumSeats(lines []SeatLine, l LicenseType, f func(SeatLine) int) int {
	for _, s := range lines {
		if s.License == l {
			return f(s)
		}
	}
	return 0
}
