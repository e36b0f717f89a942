package serviceattach

import (
	"math/bits"

	"github.com/channelpolicy/channelpolicy/program"
)

// Decision is the classification of one registration.
type Decision struct {
	Outcome Outcome `json:"outcome"`
	// Rebate: the registration earns the quarterly rebate (approved only).
	Rebate bool `json:"rebate"`
	// PSPCompliance: the registration counts toward Professional Services
	// Partner compliance (approved or accepted, or under review with an
	// accepted route that holds whatever the review finds).
	PSPCompliance bool `json:"psp_compliance"`
	// Route is the first accepted route that holds, for an accepted
	// registration or one under review.
	Route Route `json:"route,omitempty"`
	// Nearest is the better category whose unmet requirements the reasons
	// name, for an accepted registration or one unqualified without a
	// disqualifier.
	Nearest Miss `json:"nearest,omitzero"`
	// Reasons, in a fixed order: the disqualifiers of an outright
	// unqualified registration; every approved requirement of an approved
	// one; the routes that hold and then the unmet approved requirements of
	// an accepted one; the missing dates and then the routes that hold, for
	// one that needs review; or the no-category reason and the unmet
	// requirements of the nearest category.
	Reasons program.Reasons `json:"reasons"`
	// Next is set when the partner can still act to reach a better
	// category (not when that category needs a closed-won opportunity and
	// the opportunity is closed-lost), and asks Ecosystem Ops to confirm
	// the missing dates of a registration that needs review.
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Miss names the nearest better category and how many of its requirements
// are unmet.
type Miss struct {
	Outcome Outcome `json:"outcome"`
	// Route is the accepted route, when Outcome is accepted.
	Route Route `json:"route,omitempty"`
	Unmet int   `json:"unmet"`
}

// target is a category a registration can reach: approved or one of the
// accepted routes, in the order nearest-miss ties are broken.
type target int

const (
	tApproved target = iota
	tPaid
	tFree
	tManaged
	nTargets
)

// Requirement bits, per target, in handbook order.
const (
	aClosedWon = iota
	aPSP
	aSOW
	aCloseWindow
	aSignatureWindow
	aInScope
	aNotFree
	aNotSubcontracted
	aNotPartnerSoftware
	nApproved
)

const (
	pNotFree = iota
	pSOW
	pWindow
	pClosedWon
	pNetARR
)

const (
	fFree = iota
	fPartnerLed
	fProof
)

const (
	mClosedWon = iota
	mService
	mPartnerSoftware
)

var (
	approvedRules = [...]program.RuleID{RuleClosedWon, RulePSP, RuleSOW, RuleCloseWindow, RuleSignatureWindow, RuleInScopeService, RuleNotFree, RuleNotSubcontracted, RuleNotPartnerSoftware}
	targetRules   = [nTargets][]program.RuleID{
		approvedRules[:],
		{RulePaidNotFree, RulePaidSOW, RulePaidWindow, RulePaidClosedWon, RulePaidNetARR},
		{RuleFreeOfCharge, RuleFreePartnerLed, RuleFreeProof},
		{RuleManagedClosedWon, RuleManagedService, RuleManagedPartnerSoftware},
	}
	routeRules   = [...]program.RuleID{tPaid: RuleAcceptedPaid, tFree: RuleAcceptedFree, tManaged: RuleAcceptedManaged}
	targetMiss   = [nTargets]Miss{{Outcome: Approved}, {Outcome: Accepted, Route: RoutePaid}, {Outcome: Accepted, Route: RouteFree}, {Outcome: Accepted, Route: RouteManaged}}
	targetPrefix = [nTargets]string{"would be approved: ", "would be accepted (paid engagement): ", "would be accepted (free of charge): ", "would be accepted (managed/hosted): "}
	targetNext   = [nTargets]string{
		"meet the unmet approved requirements named in the reasons",
		"meet the unmet paid-engagement requirements named in the reasons",
		"meet the unmet free-of-charge requirements named in the reasons",
		"meet the unmet managed/hosted requirements named in the reasons",
	}
)

// Where a document's date falls against a window.
const (
	before  = -1
	within  = 0
	after   = 1
	unknown = 2 // a signature carried without its date may fall either side
)

// window is where a document's dates fall against a window.
type window struct {
	opens, closes  program.Date
	checkOpen      bool
	signed, submit int // before, within, after or unknown
}

// newWindow places e's dates. unsigned says the document carries a
// signature without its date: the real signing day is then on or after the
// later recorded one and not after the submission, so it is unknown only
// against a window that opens at its anchor, when no recorded signature is
// inside.
func newWindow(e *Evidence, opens, closes program.Date, checkOpen, unsigned bool) window {
	w := window{opens: opens, closes: closes, checkOpen: checkOpen}
	s := e.signed()
	w.signed = w.place(s)
	if unsigned && checkOpen && (s.IsZero() || w.signed == before) {
		w.signed = unknown
	}
	w.submit = w.place(e.Submitted)
	return w
}

func (w window) place(d program.Date) int {
	switch {
	case d.IsZero():
		return within
	case d.After(w.closes):
		return after
	case w.checkOpen && d.Before(w.opens):
		return before
	}
	return within
}

func (w window) ok() bool { return w.signed == within && w.submit == within }

// undetermined: only a signature without its date stands between the
// document and the window.
func (w window) undetermined() bool { return w.signed == unknown && w.submit == within }

// eval holds the facts of one classification: where they come from, and
// what was found.
type eval struct {
	p *Policy
	r *Registration
	e *Evidence

	closedWon, hasInScope, hasNonGitLab, hasEducation, hasManaged bool
	// docOK: the evidence is submitted and counts as a SOW.
	docOK bool
	// closeWin and regWin are set when the document's dates can be
	// judged against them (judged is false otherwise).
	closeWin, regWin       window
	closeJudged, regJudged bool
	sigOpens               program.Date
	sigJudged              bool
	// noCloseDate: the opportunity is closed-won and the document
	// submitted, but no close date is recorded. missCustomer and
	// missPartner: the submitted document carries that signature without
	// its date (see [Evidence.unsigned]).
	noCloseDate               bool
	missCustomer, missPartner bool
	unmet                     [nTargets]uint16
	// unknown marks the unmet requirements that are unmet only because a
	// date is not recorded; each is also set in unmet.
	unknown     [nTargets]uint16
	outright    [5]bool
	anyOutright bool
}

func (v *eval) run() {
	p, r := v.p, v.r
	v.e = r.Evidence
	v.closedWon = r.Opportunity.Stage == program.StageClosedWon
	for _, c := range r.Services {
		switch {
		case p.inScope(c):
			v.hasInScope = true
		case c == NonGitLab:
			v.hasNonGitLab = true
		case c == EducationTraining:
			v.hasEducation = true
		}
		if c == ManagedHosted {
			v.hasManaged = true
		}
	}
	v.outright = [5]bool{
		!v.hasInScope && v.hasNonGitLab,
		r.Opportunity.Stage == program.StageNone,
		r.CommunityEdition && !r.UpgradeOpportunity,
		r.GitLabPSSubcontract,
		!v.hasInScope && v.hasEducation,
	}
	for _, o := range v.outright {
		v.anyOutright = v.anyOutright || o
	}

	if v.anyOutright {
		return
	}

	e := v.e
	if e != nil && !e.Submitted.IsZero() {
		switch e.Kind {
		case EvidenceSOW:
			v.docOK = e.FullyExecuted
		case EvidenceAcknowledgement:
			v.docOK = p.regulated(r.CustomerIndustry)
		}
		v.missCustomer, v.missPartner = e.unsigned()
		switch c := r.Opportunity.CloseDate; {
		case !v.closedWon:
		case c.IsZero():
			v.noCloseDate = true
		default:
			v.closeWin = newWindow(e, c, c.AddMonths(p.CloseWindowMonths), p.WindowsOpenAtAnchor, v.unsigned())
			v.closeJudged = true
		}
		if !e.CustomerSigned.IsZero() {
			v.sigOpens = e.Submitted.AddMonths(-p.SignatureWindowMonths)
			v.sigJudged = true
		}
	}
	v.set(tApproved, aClosedWon, !v.closedWon)
	v.set(tApproved, aPSP, !r.Partner.Has(program.CompetencyProfessionalServices))
	v.set(tApproved, aSOW, !v.docOK)
	v.set(tApproved, aCloseWindow, v.noCloseDate || v.closeJudged && !v.closeWin.ok())
	v.setUnknown(tApproved, aCloseWindow, v.noCloseDate || v.closeJudged && v.closeWin.undetermined())
	v.set(tApproved, aSignatureWindow, v.missCustomer || v.sigJudged && e.CustomerSigned.Before(v.sigOpens))
	v.setUnknown(tApproved, aSignatureWindow, v.missCustomer)
	v.set(tApproved, aInScope, !v.hasInScope)
	v.set(tApproved, aNotFree, r.FreeOfCharge)
	v.set(tApproved, aNotSubcontracted, r.Subcontracted)
	v.set(tApproved, aNotPartnerSoftware, v.hasManaged && r.PartnerOwnedSoftware)
}

func (v *eval) set(t target, bit int, unmet bool) {
	if unmet {
		v.unmet[t] |= 1 << bit
	}
}

// setUnknown marks requirement bit of t as unmet only for want of a date.
func (v *eval) setUnknown(t target, bit int, unknown bool) {
	if unknown {
		v.unmet[t] |= 1 << bit
		v.unknown[t] |= 1 << bit
	}
}

// unsigned: the submitted document carries a signature without its date.
func (v *eval) unsigned() bool { return v.missCustomer || v.missPartner }

// pending reports whether target t is unmet only for want of dates: the
// dates, once known, could meet it.
func (v *eval) pending(t target) bool {
	return v.unmet[t] != 0 && v.unmet[t]&^v.unknown[t] == 0
}

// routes judges the accepted routes; run must have found no disqualifier.
func (v *eval) routes() {
	p, r, e := v.p, v.r, v.e
	if e != nil && !e.Submitted.IsZero() {
		reg := r.Submitted
		v.regWin = newWindow(e, reg, reg.AddMonths(p.RegistrationWindowMonths), p.WindowsOpenAtAnchor, v.unsigned())
		v.regJudged = true
	}
	arr := r.Opportunity.NetARR
	v.set(tPaid, pNotFree, r.FreeOfCharge)
	v.set(tPaid, pSOW, !v.docOK)
	v.set(tPaid, pWindow, v.regJudged && !v.regWin.ok())
	v.setUnknown(tPaid, pWindow, v.regJudged && v.regWin.undetermined())
	v.set(tPaid, pClosedWon, !v.closedWon)
	v.set(tPaid, pNetARR, arr.IsZero() || !arr.Amount.IsPositive())

	v.set(tFree, fFree, !r.FreeOfCharge)
	v.set(tFree, fPartnerLed, r.Subcontracted)
	v.set(tFree, fProof, !r.ProofOfExecution)

	v.set(tManaged, mClosedWon, !v.closedWon)
	v.set(tManaged, mService, !v.hasManaged)
	v.set(tManaged, mPartnerSoftware, !r.PartnerOwnedSoftware)
}

// Classify decides whether one registration is approved (rebate and PSP
// compliance), accepted (PSP compliance only) or unqualified, and says why.
// It does not look at other registrations; [Policy.Portfolio] does.
//
// A registration with a disqualifier is unqualified outright and its
// reasons are every disqualifier. Otherwise it is approved when every
// approved requirement holds; needs review when approval, or (no route
// holding) an accepted route, is short only of dates the registration
// does not record; accepted when any accepted route holds, with the unmet
// approved requirements named; and unqualified otherwise, with the unmet
// requirements of the nearest category named (a requirement that cannot be
// judged for a missing date is unmet). The nearest
// category is the one with the fewest unmet requirements, ties going to
// the better one: approved, then the paid-engagement, free-of-charge and
// managed/hosted routes, in handbook order.
//
// An input error locates each problem with a JSON Pointer into the
// registration's JSON document ("/opportunity/stage",
// "/evidence/customer_signed"). A hand-built policy that does not validate
// gives [Policy.Validate]'s errors instead, which point into the policy.
func (p Policy) Classify(r Registration) (Decision, error) {
	rd, err := p.checked()
	if err != nil {
		return Decision{}, err
	}
	if !r.valid() {
		var pr program.Problems
		r.Check(&pr, "")
		if err := pr.Err(); err != nil {
			return Decision{}, err
		}
	}
	var w program.ReasonWriter
	var d Decision
	rd.src.classify(&r, &w, &d)
	d.Reasons = w.Done()
	return d, nil
}

// classify decides r into d, which is zero, citing its reasons in w
// (which the caller makes Reasons): each reason carries the facts its text
// states, so nothing of r is kept.
func (p *Policy) classify(r *Registration, w *program.ReasonWriter, d *Decision) {
	v := eval{p: p, r: r}
	v.run()
	approved := !v.anyOutright && v.unmet[tApproved] == 0
	if !v.anyOutright && !approved {
		v.routes()
	}
	d.PolicyVersion = p.Version
	switch {
	case v.anyOutright:
		d.Outcome = Unqualified
		for i, on := range v.outright {
			if on {
				v.citeOutright(w, i)
			}
		}
	case approved:
		d.Outcome, d.Rebate, d.PSPCompliance = Approved, true, true
		for bit := range nApproved {
			v.citeMet(w, bit)
		}
	default:
		if v.review() {
			v.citeReview(w, d)
			break
		}
		for t := tPaid; t < nTargets; t++ {
			if v.unmet[t] != 0 {
				continue
			}
			if d.Outcome == "" {
				d.Outcome, d.PSPCompliance, d.Route = Accepted, true, targetMiss[t].Route
			}
			v.citeRoute(w, t)
		}
		nearest := tApproved
		if d.Outcome == "" {
			d.Outcome = Unqualified
			for t := tPaid; t < nTargets; t++ {
				if bits.OnesCount16(v.unmet[t]) < bits.OnesCount16(v.unmet[nearest]) {
					nearest = t
				}
			}
			f := cite(w, ruleRef[RuleNoCategory], program.Applied, sNoCategory)
			f.N[0] = pair(uint32(nearest), count(bits.OnesCount16(v.unmet[nearest])))
		}
		d.Nearest = targetMiss[nearest]
		d.Nearest.Unmet = bits.OnesCount16(v.unmet[nearest])
		for bit := range len(targetRules[nearest]) {
			if v.unmet[nearest]&(1<<bit) != 0 {
				v.citeUnmet(w, nearest, bit)
			}
		}
		if !v.needsLostDeal(nearest) {
			d.Next = program.Action{Actor: program.ActorPartner, What: targetNext[nearest]}
		}
	}
}

// cite records in w that rule bore on the decision with effect e, and
// returns the reason's facts, sentence s, for the caller to fill in.
func cite(w *program.ReasonWriter, rule *program.Rule, e program.Effect, s int) *program.Facts {
	f := w.Cite(rule, e)
	f.V = uint8(s)
	return f
}

// review reports whether the category hinges on dates the registration
// does not record: approval is unmet only for want of them, or no accepted
// route holds and one is unmet only for want of them.
func (v *eval) review() bool {
	if v.pending(tApproved) {
		return true
	}
	held, pending := false, false
	for t := tPaid; t < nTargets; t++ {
		held = held || v.unmet[t] == 0
		pending = pending || v.pending(t)
	}
	return !held && pending
}

// Windows a signature without its date leaves unjudged.
const (
	gapSignatureWindow = 1 << iota // the window before the submission
	gapCloseWindow                 // signed after the close (anchored windows)
	gapRegWindow                   // signed after the registration (anchored windows)
)

// citeReview decides a needs_review decision: a reason for each missing
// date the reviewed categories hinge on, then the accepted routes that hold
// whatever the dates say (PSP compliance is certain then).
func (v *eval) citeReview(w *program.ReasonWriter, d *Decision) {
	d.Outcome = NeedsReview
	// The categories under review are those unmet only for want of dates.
	// An accepted route is among them only when none holds (review): one
	// that holds in a review is the paid engagement, since the other two
	// leave approval unmet outright (free services, partner-owned
	// software), and only the paid engagement waits on a date.
	var unk [nTargets]uint16
	for t := tApproved; t < nTargets; t++ {
		if v.pending(t) {
			unk[t] = v.unknown[t]
		}
	}
	closeDate := unk[tApproved]&(1<<aCloseWindow) != 0 && v.noCloseDate
	gaps := 0
	if unk[tApproved]&(1<<aSignatureWindow) != 0 {
		gaps |= gapSignatureWindow
	}
	if unk[tApproved]&(1<<aCloseWindow) != 0 && !v.noCloseDate {
		gaps |= gapCloseWindow
	}
	if unk[tPaid]&(1<<pWindow) != 0 {
		gaps |= gapRegWindow
	}
	if closeDate {
		v.noCloseDateFacts(cite(w, ruleRef[RuleReviewCloseDate], program.Applied, sNoCloseDate))
	}
	if gaps != 0 {
		v.unsignedFacts(cite(w, ruleRef[RuleReviewSignatureDate], program.Applied, sUnsigned), gaps)
	}
	for t := tPaid; t < nTargets; t++ {
		if v.unmet[t] != 0 {
			continue
		}
		if !d.PSPCompliance {
			d.PSPCompliance, d.Route = true, targetMiss[t].Route
		}
		v.citeRoute(w, t)
	}
	what := "confirm the dates the reasons name: inside the windows the registration is approved"
	if unk[tApproved] == 0 {
		what = "confirm the dates the reasons name: inside the windows the registration is accepted"
	}
	d.Next = program.Action{Actor: program.ActorEcosystemOps, What: what}
}

// noCloseDateFacts records that the window after the close cannot be
// judged.
func (v *eval) noCloseDateFacts(f *program.Facts) {
	e := v.e
	f.S[0], f.S[1] = v.r.Opportunity.ID, e.ID
	f.N[0] = pair(day(e.Submitted), count(v.p.CloseWindowMonths))
	f.N[nFlags] |= docFlags(e)
}

// unsignedFacts records which windows (gap bits) a signature without its
// date leaves unjudged.
func (v *eval) unsignedFacts(f *program.Facts, gaps int) {
	e := v.e
	f.S[0] = e.ID
	fl := docFlags(e) | int64(gaps)*fGaps
	if v.missCustomer {
		fl |= fMissCustomer
	}
	if v.missPartner {
		fl |= fMissPartner
	}
	f.N[nFlags] |= fl
	months := 0
	if gaps&gapSignatureWindow != 0 {
		months = v.p.SignatureWindowMonths
	}
	f.N[0] = pair(day(e.Submitted), count(months))
	var closed, registered program.Date
	if gaps&gapCloseWindow != 0 {
		closed = v.closeWin.opens
	}
	if gaps&gapRegWindow != 0 {
		registered = v.regWin.opens
	}
	f.N[1] = pair(day(closed), day(registered))
}

// docFlags are the flags of document e's noun.
func docFlags(e *Evidence) int64 {
	if e.Kind == EvidenceAcknowledgement {
		return fAck
	}
	return 0
}

// needsLostDeal reports whether target t still needs the opportunity to be
// closed-won although it is closed-lost, which no action of the partner's
// can change.
func (v *eval) needsLostDeal(t target) bool {
	if v.r.Opportunity.Stage != program.StageClosedLost {
		return false
	}
	for bit, id := range targetRules[t] {
		if v.unmet[t]&(1<<bit) != 0 && (id == RuleClosedWon || id == RulePaidClosedWon || id == RuleManagedClosedWon) {
			return true
		}
	}
	return false
}

func (m Miss) label() string {
	switch m.Route {
	case RoutePaid:
		return "accepted as a paid engagement"
	case RouteFree:
		return "accepted as free-of-charge services"
	case RouteManaged:
		return "accepted as managed/hosted services"
	}
	return "approved"
}

// outrightSentences are the disqualifiers' sentences, in outright order.
var outrightSentences = [...]int{sNonGitLab, sNoOpportunity, sCEWithoutUpgrade, sPSSubcontract, sEducationOnly}

// citeOutright cites disqualifier i.
func (v *eval) citeOutright(w *program.ReasonWriter, i int) {
	f := cite(w, outrightRefs[i], program.Applied, outrightSentences[i])
	if outrightSentences[i] == sPSSubcontract {
		f.S[0] = v.r.Partner.ID
	}
}

// citeRoute cites accepted route t, which holds.
func (v *eval) citeRoute(w *program.ReasonWriter, t target) {
	switch t {
	case tPaid:
		r, e := v.r, v.e
		f := cite(w, routeRefs[t], program.Applied, sRoutePaid)
		f.S[0], f.S[1], f.D[0] = e.ID, string(r.Opportunity.NetARR.Currency), r.Opportunity.NetARR.Amount
		f.N[0] = pair(day(v.shownSigned()), day(e.Submitted))
		f.N[1] = pair(day(r.Submitted), count(v.p.RegistrationWindowMonths))
		f.N[nFlags] = docFlags(e)
	case tFree:
		cite(w, routeRefs[t], program.Applied, sRouteFree)
	case tManaged:
		cite(w, routeRefs[t], program.Applied, sRouteManaged)
	}
}

// shownSigned is the day the document was signed, when a text states it:
// the zero Date when a signature's date is missing.
func (v *eval) shownSigned() program.Date {
	if v.unsigned() {
		return program.Date{}
	}
	return v.e.signed()
}

// citeMet cites approved requirement bit, which holds.
func (v *eval) citeMet(w *program.ReasonWriter, bit int) {
	r, e, p := v.r, v.e, v.p
	rule := approvedRefs[bit]
	switch bit {
	case aClosedWon:
		f := cite(w, rule, program.Met, sClosedWon)
		f.S[0], f.N[0] = r.Opportunity.ID, int64(day(r.Opportunity.CloseDate))
	case aPSP:
		cite(w, rule, program.Met, sPSP).S[0] = r.Partner.ID
	case aSOW:
		f := cite(w, rule, program.Met, sDocument)
		f.S[0], f.N[0], f.N[nFlags] = e.ID, int64(day(e.Submitted)), docFlags(e)
		if e.Kind != EvidenceSOW {
			f.S[1] = string(r.CustomerIndustry)
		}
	case aCloseWindow:
		f := cite(w, rule, program.Met, sCloseWindow)
		f.N[0] = pair(day(v.shownSigned()), day(e.Submitted))
		f.N[1] = pair(day(r.Opportunity.CloseDate), count(p.CloseWindowMonths))
		f.N[nFlags] = docFlags(e)
	case aSignatureWindow:
		f := cite(w, rule, program.Met, sSignatureWindow)
		f.N[0] = pair(day(e.CustomerSigned), day(e.Submitted))
		f.N[1] = int64(count(p.SignatureWindowMonths))
	case aInScope:
		cite(w, rule, program.Met, sInScope).N[0] = services(r.Services, p.inScope)
	case aNotFree:
		cite(w, rule, program.Met, sPaid)
	case aNotSubcontracted:
		cite(w, rule, program.Met, sNotSubcontracted)
	case aNotPartnerSoftware:
		f := cite(w, rule, program.Met, sNotPartnerSoftware)
		if v.hasManaged {
			f.N[nFlags] = fManaged
		}
	}
}

// citeUnmet cites requirement bit of target t, which is unmet, as a
// reason of the nearest miss t.
func (v *eval) citeUnmet(w *program.ReasonWriter, t target, bit int) {
	r, e, p := v.r, v.e, v.p
	rule := targetRefs[t][bit]
	f := w.Cite(rule, program.Unmet)
	f.N[nFlags] = int64(t) + 1
	switch rule.ID {
	case RuleClosedWon, RulePaidClosedWon, RuleManagedClosedWon:
		f.V, f.S[0], f.S[1] = sStage, r.Opportunity.ID, string(r.Opportunity.Stage)
	case RulePSP:
		f.V, f.S[0] = sNotPSP, r.Partner.ID
	case RuleSOW, RulePaidSOW:
		f.V = sDocProblem
		v.docProblemFacts(f)
	case RuleCloseWindow:
		switch {
		case v.noCloseDate:
			f.V = sNoCloseDate
			v.noCloseDateFacts(f)
		case v.closeWin.undetermined():
			f.V = sUnsigned
			v.unsignedFacts(f, gapCloseWindow)
		default:
			f.V = sWindowMiss
			windowMissFacts(f, e, v.closeWin, p.CloseWindowMonths)
		}
	case RulePaidWindow:
		if v.regWin.undetermined() {
			f.V = sUnsigned
			v.unsignedFacts(f, gapRegWindow)
		} else {
			f.V = sWindowMiss
			windowMissFacts(f, e, v.regWin, p.RegistrationWindowMonths)
			f.N[nFlags] |= fRegistration
		}
	case RuleSignatureWindow:
		if v.missCustomer {
			f.V = sUnsigned
			v.unsignedFacts(f, gapSignatureWindow)
			break
		}
		f.V = sSignatureMiss
		f.N[0] = pair(day(e.CustomerSigned), day(e.Submitted))
		f.N[1] = int64(count(p.SignatureWindowMonths))
	case RuleInScopeService:
		f.V, f.N[0] = sGiven, services(r.Services, func(ServiceCategory) bool { return true })
	case RulePaidNetARR:
		f.V, f.S[1], f.D[0] = sNetARR, string(r.Opportunity.NetARR.Currency), r.Opportunity.NetARR.Amount
	case RuleNotFree, RulePaidNotFree:
		f.V = sFree
	case RuleNotSubcontracted:
		f.V = sSubcontracted
	case RuleNotPartnerSoftware:
		f.V = sPartnerSoftware
	case RuleFreeOfCharge:
		f.V = sPaidNotFree
	case RuleFreePartnerLed:
		f.V = sNotPartnerLed
	case RuleFreeProof:
		f.V = sNoProof
	case RuleManagedService:
		f.V = sNoManagedService
	case RuleManagedPartnerSoftware:
		f.V = sNotPartnerOwned
	}
}

// docProblemFacts records why the document does not count.
func (v *eval) docProblemFacts(f *program.Facts) {
	e := v.e
	if e == nil {
		f.N[nFlags] |= fNoDoc
		return
	}
	f.S[0] = e.ID
	fl := docFlags(e)
	if e.Kind == EvidenceSOW && !e.FullyExecuted {
		fl |= fNotExecuted
	}
	if e.Submitted.IsZero() {
		fl |= fNotSubmitted
	}
	if e.Kind == EvidenceAcknowledgement && !v.p.regulated(v.r.CustomerIndustry) {
		fl |= fNotRegulated
		f.S[1] = string(v.r.CustomerIndustry)
	}
	f.N[nFlags] |= fl
}

// windowMissFacts records how e's dates miss window win of months.
func windowMissFacts(f *program.Facts, e *Evidence, win window, months int) {
	f.N[0] = pair(day(e.signed()), day(e.Submitted))
	f.N[1] = pair(day(win.opens), count(months))
	fl := docFlags(e)
	switch win.signed {
	case before:
		fl |= fSignedBefore
	case after:
		fl |= fSignedAfter
	}
	switch win.submit {
	case before:
		fl |= fSubmitBefore
	case after:
		fl |= fSubmitAfter
	}
	f.N[nFlags] |= fl
}
