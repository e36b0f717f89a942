package nfr_test

import (
	"encoding/json"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// partnerRequires lists the members of the partner that eligibility and
// the caps read, for operation op: the require tags on Request.Partner and
// Holdings.Partner.
func partnerRequires(op string) []casetest.Requirement {
	return []casetest.Requirement{
		casetest.Required(op, "/partner", "holds the track, the standing and the certification counts", nfr.RuleEligible),
		casetest.Required(op, "/partner/track", "an eligible track; the caps, and whether seats beyond a cap go to review, go by track",
			nfr.RuleTrack, nfr.RuleWithinCap, nfr.RuleNoAllocation, nfr.RuleOverCapDenied, nfr.RuleOverCapReview, nfr.RuleRemaining),
		casetest.Required(op, "/partner/standing", "NFR licenses need good standing", nfr.RuleStanding),
		casetest.Required(op, "/partner/employees", "holds the certification counts", nfr.RuleCertified),
		casetest.Required(op, "/partner/employees/certified_solution_architects", "a Solution Architect is a certified employee", nfr.RuleCertified, nfr.RuleEligible),
		casetest.Required(op, "/partner/employees/certified_professional_services_engineers", "a Professional Services Engineer is a certified employee", nfr.RuleCertified, nfr.RuleEligible),
	}
}

// requires lists every member the inputs of nfr require, with the rules
// that read it: a member is required exactly when the decision reads it.
// Tagging an unread member required (the partner's country, say) fails the
// test below; so does listing a member no change of which changes a
// decision.
//
// Members the decisions read but that have a meaning when left out are not
// here: the partner's agreement (absent: not signed, so not authorized),
// its competencies (none, for the allocations that need one), a seat
// line's held count (0) and asked count (0, unless no other line asks),
// the justification (none given) and the allowance's held seats (none).
var requires = append(append(partnerRequires("nfr.decide"),
	casetest.Required("nfr.decide", "/seats", "the seats held and asked per license type, checked against its cap",
		nfr.RuleWithinCap, nfr.RuleNoAllocation),
	casetest.Required("nfr.decide", "/seats/*/license", "the license type whose cap the seats count against",
		nfr.RuleWithinCap, nfr.RuleNoAllocation, nfr.RuleOverCapDenied),
	casetest.Requirement{Op: "nfr.decide", Pointer: "/seats/*/asked", At: "/seats", When: othersAskNone,
		Rules: []program.RuleID{nfr.RuleWithinCap, nfr.RuleOverCapDenied, nfr.RuleOverCapReview},
		Why:   "a request asks for seats of at least one license type: without the only line that asks, it asks for nothing, reported at /seats"},
	casetest.Required("nfr.decide", "/uses", "the declared uses are permitted, prohibited or reviewed",
		nfr.RulePermittedUses, nfr.RuleUnclassifiedUse, nfr.RuleProhibitedUse),
	casetest.Required("nfr.decide", "/submitted_at", "provisioning of a granted request is due business days after submission",
		nfr.RuleProvisioning)),
	append(partnerRequires("nfr.allowance"),
		casetest.Required("nfr.allowance", "/held/*/license", "the license type whose cap the held seats count against",
			nfr.RuleRemaining))...)

// othersAskNone reports whether no seat line but the one holding the
// member asks for seats.
func othersAskNone(s casetest.Situation) bool {
	lines, _ := s.Get("/seats").([]any)
	for i := range lines {
		at := program.Path(program.Index("/seats", i), "asked")
		if n, ok := s.Get(at).(json.Number); ok && at != s.Pointer && n != "0" {
			return false
		}
	}
	return true
}

// TestRequiredExactlyWhenRead holds the inputs of nfr to "a member is
// required exactly when the decision reads it", on every deciding case of
// the case book (see casetest.Requirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	casetest.Requirements(t, channelpolicy.NFR(), casetest.Load(t, "../testdata/nfr"), requires)
}
