package incumbency

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// explainWhileDeciding is how Tender wrote its reasons before it kept
// their facts in a frame (tenderFrame): every reason cited while
// deciding, into a ReasonWriter. It is the oracle the frame's reasons
// are held to (TestFrameReasonsAreTheReasonsWrittenWhileDeciding).
func explainWhileDeciding(t *Tender, plans []bidPlan, rates *tenderRates) program.Reasons {
	var w program.ReasonWriter
	var opened int64 // the opening as an instant fact, once a reason states it
	openedFact := func() int64 {
		if opened == 0 {
			opened = program.InstantFact(t.OpenedAt)
		}
		return opened
	}
	for i := range plans {
		bp, b := &plans[i], &t.Bidders[i]
		cite := func(r *program.Rule, e program.Effect) *program.Facts {
			f := w.Cite(r, e)
			f.S[0] = b.Partner
			return f
		}
		if bp.qualifies&bitPartnerBase != 0 {
			rates.partnerBase.cite(cite(&ruleTenderPartnerBase, program.Applied), rates.laid)
		}
		switch reg := b.SourcedRegistration; bp.reg {
		case regSourced:
			f := cite(&ruleTenderSourcedMargin, program.Met).SetInstant(0, reg.ApprovedAt, time.UTC)
			f.N[1] = openedFact()
			rates.sourcedMargin.cite(f, rates.laid)
		case regLate:
			cite(&ruleTenderSourcedLate, program.Unmet).SetInstant(0, reg.ApprovedAt, time.UTC).N[1] = openedFact()
		case regNotApproved:
			f := cite(&ruleTenderSourcedNotApproved, program.Unmet).SetString(1, string(reg.Status))
			if !reg.ApprovedAt.IsZero() {
				f.SetInstant(0, reg.ApprovedAt, time.UTC).V = 1
			}
		}
		if bp.qualifies&bitServiceAttach != 0 {
			rates.serviceAttach.cite(cite(&ruleTenderServiceAttach, program.Met), rates.laid)
		}
		if bp.exception {
			f := cite(&ruleTenderUSPubSec, program.Applied)
			if bp.qualifies&bitPartnerBase != 0 {
				f.V = pubSecPartnerBase
			}
			if b.OffersServices {
				f.V += pubSecServices
			}
		}
		if bp.unknown != 0 {
			f := cite(&ruleTenderRateUnknown, program.Applied).SetInt(0, int(bp.unknown))
			if bp.unknown&bp.license == 0 {
				f.V = 1
			}
		}
		if bp.state == bidReview {
			f := cite(&ruleTenderDiscountsAboveOne, program.Applied).SetInt(0, int(bp.license))
			f.D[0], f.D[1] = rates.partnerBase.value, rates.sourcedMargin.value
		}
		if bp.repeatOf >= 0 {
			cite(&ruleTenderRepeatedBidder, program.Applied).SetInt(0, int(bp.repeatOf))
		}
	}
	return w.Done()
}
