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
// what was found (values only, so that a snapshot copies them without
// copying a pointer into the caller's data).
type eval struct {
	p *Policy
	r *Registration
	e *Evidence
	found
}

// found is what a classification found.
type found struct {
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
	return rd.src.classify(&r, nil), nil
}

// classify decides r; with an arena (a portfolio's), its snapshot comes
// from the arena. p is a ready form's policy (ready.src), which nothing
// writes after it is compiled: the decision's texts read it later.
func (p *Policy) classify(r *Registration, a *arena) Decision {
	v := eval{p: p, r: r}
	v.run()
	approved := !v.anyOutright && v.unmet[tApproved] == 0
	if !v.anyOutright && !approved {
		v.routes()
	}
	// Every classification gives a reason, each written from one snapshot
	// of what was found, all of it found by now. p goes apart from v, so
	// that keeping it does not make v's registration escape.
	var w program.ReasonWriter
	s := v.snap(p, a)
	d := Decision{PolicyVersion: p.Version}
	switch {
	case v.anyOutright:
		d.Outcome = Unqualified
		for i, on := range v.outright {
			if on {
				s.cite(&w, outrightRefs[i], program.Applied, modeOutright, 0, i)
			}
		}
	case approved:
		d.Outcome, d.Rebate, d.PSPCompliance = Approved, true, true
		for bit := range nApproved {
			s.cite(&w, approvedRefs[bit], program.Met, modeMet, tApproved, bit)
		}
	default:
		if v.review() {
			v.citeReview(&w, s, &d)
			break
		}
		for t := tPaid; t < nTargets; t++ {
			if v.unmet[t] != 0 {
				continue
			}
			if d.Outcome == "" {
				d.Outcome, d.PSPCompliance, d.Route = Accepted, true, targetMiss[t].Route
			}
			s.cite(&w, routeRefs[t], program.Applied, modeRoute, t, 0)
		}
		nearest := tApproved
		if d.Outcome == "" {
			d.Outcome = Unqualified
			for t := tPaid; t < nTargets; t++ {
				if bits.OnesCount16(v.unmet[t]) < bits.OnesCount16(v.unmet[nearest]) {
					nearest = t
				}
			}
			s.cite(&w, ruleRef[RuleNoCategory], program.Applied, modeNoCategory, nearest, 0)
		}
		d.Nearest = targetMiss[nearest]
		d.Nearest.Unmet = bits.OnesCount16(v.unmet[nearest])
		for bit := range len(targetRules[nearest]) {
			if v.unmet[nearest]&(1<<bit) != 0 {
				s.cite(&w, targetRefs[nearest][bit], program.Unmet, modeRequirement, nearest, bit)
			}
		}
		if !v.needsLostDeal(nearest) {
			d.Next = program.Action{Actor: program.ActorPartner, What: targetNext[nearest]}
		}
	}
	d.Reasons = w.Done()
	return d
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
func (v *eval) citeReview(w *program.ReasonWriter, s *snapshot, d *Decision) {
	d.Outcome = NeedsReview
	held := false
	for t := tPaid; t < nTargets; t++ {
		held = held || v.unmet[t] == 0
	}
	var unk [nTargets]uint16
	if v.pending(tApproved) {
		unk[tApproved] = v.unknown[tApproved]
	}
	if !held {
		for t := tPaid; t < nTargets; t++ {
			if v.pending(t) {
				unk[t] = v.unknown[t]
			}
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
		s.cite(w, ruleRef[RuleReviewCloseDate], program.Applied, modeNoCloseDate, 0, 0)
	}
	if gaps != 0 {
		s.cite(w, ruleRef[RuleReviewSignatureDate], program.Applied, modeUnsigned, 0, gaps)
	}
	for t := tPaid; t < nTargets; t++ {
		if v.unmet[t] != 0 {
			continue
		}
		if !d.PSPCompliance {
			d.PSPCompliance, d.Route = true, targetMiss[t].Route
		}
		s.cite(w, routeRefs[t], program.Applied, modeRoute, t, 0)
	}
	what := "confirm the dates the reasons name: inside the windows the registration is approved"
	if unk[tApproved] == 0 {
		what = "confirm the dates the reasons name: inside the windows the registration is accepted"
	}
	d.Next = program.Action{Actor: program.ActorEcosystemOps, What: what}
}

// writeNoCloseDate says that the window after the close cannot be judged.
func (v *eval) writeNoCloseDate(w *writer) {
	e := v.e
	w.s("opportunity").id(v.r.Opportunity.ID).s(" is closed-won but records no close date, so the ").i(v.p.CloseWindowMonths).s("-month window after the close cannot be judged for ").s(e.noun()).id(e.ID).s(" submitted ").d(e.Submitted)
}

// writeUnsigned says which windows (gap bits) a signature without its date
// leaves unjudged.
func (v *eval) writeUnsigned(w *writer, gaps int) {
	e := v.e
	w.s(e.noun()).id(e.ID).s(" submitted ").d(e.Submitted).s(" records no ")
	switch {
	case gaps == gapSignatureWindow || v.missCustomer && !v.missPartner:
		// The window before the submission reads the customer's only.
		w.s("customer")
	case v.missCustomer:
		w.s("customer or partner")
	default:
		w.s("partner")
	}
	w.s(" signature date, so ")
	sep := ""
	if gaps&gapSignatureWindow != 0 {
		w.s("the ").i(v.p.SignatureWindowMonths).s("-month window before the submission")
		sep = " and "
	}
	if gaps&gapCloseWindow != 0 {
		w.s(sep).s("whether it was signed after the opportunity closed on ").d(v.closeWin.opens)
		sep = " and "
	}
	if gaps&gapRegWindow != 0 {
		w.s(sep).s("whether it was signed after the registration on ").d(v.regWin.opens)
	}
	w.s(" cannot be judged")
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

// writeOutright says what disqualifier i is.
func (v *eval) writeOutright(w *writer, i int) {
	switch i {
	case 0:
		w.s("the services are not related to GitLab and none is in scope")
	case 1:
		w.s("no related license opportunity (opportunity stage none)")
	case 2:
		w.s("services for GitLab CE with no upgrade opportunity")
	case 3:
		w.s("the partner").id(v.r.Partner.ID).s(" delivers as a subcontractor to GitLab Professional Services")
	case 4:
		w.s("education/training is the only service in scope of the registration")
	}
}

func (v *eval) writeRoute(w *writer, t target) {
	r, e := v.r, v.e
	switch t {
	case tPaid:
		w.s("paid engagement: ").s(e.noun()).id(e.ID)
		if s := e.signed(); !s.IsZero() && !v.unsigned() {
			w.s(" signed ").d(s).s(" and")
		}
		w.s(" submitted ").d(e.Submitted).s(", within ").i(v.p.RegistrationWindowMonths).s(" months of the registration on ").d(r.Submitted)
		w.s("; opportunity closed-won with Net ARR ").money(r.Opportunity.NetARR)
	case tFree:
		w.s("free-of-charge services led by the partner, with proof of execution")
	case tManaged:
		w.s("closed-won managed/hosted services on software sold to or owned by the partner")
	}
}

// writeMet says why a met approved requirement holds.
func (v *eval) writeMet(w *writer, bit int) {
	r, e, p := v.r, v.e, v.p
	switch bit {
	case aClosedWon:
		w.s("opportunity").id(r.Opportunity.ID).s(" closed-won on ").d(r.Opportunity.CloseDate)
	case aPSP:
		w.s("partner").id(r.Partner.ID).s(" is a Professional Services Partner")
	case aSOW:
		if e.Kind == EvidenceSOW {
			w.s("fully executed SOW").id(e.ID).s(" submitted ").d(e.Submitted)
		} else {
			w.s("customer acknowledgement").id(e.ID).s(" submitted ").d(e.Submitted).s("; the customer is in ").s(string(r.CustomerIndustry)).s(", a regulated industry")
		}
	case aCloseWindow:
		w.s(e.noun())
		if s := e.signed(); !s.IsZero() && !v.unsigned() {
			w.s(" signed ").d(s).s(" and")
		}
		w.s(" submitted ").d(e.Submitted).s(", within the ").i(p.CloseWindowMonths).s("-month window after the close on ").d(r.Opportunity.CloseDate).s(" (closes ").d(v.closeWin.closes).s(")")
	case aSignatureWindow:
		w.s("customer signed ").d(e.CustomerSigned).s(", within the ").i(p.SignatureWindowMonths).s("-month window before the submission on ").d(e.Submitted).s(" (opened ").d(v.sigOpens).s(")")
	case aInScope:
		w.s("in-scope services:")
		first := true
		for _, c := range r.Services {
			if p.inScope(c) {
				if !first {
					w.s(",")
				}
				w.s(" ").s(string(c))
				first = false
			}
		}
	case aNotFree:
		w.s("the services are paid")
	case aNotSubcontracted:
		w.s("the services are not subcontracted")
	case aNotPartnerSoftware:
		if v.hasManaged {
			w.s("managed/hosted services on software the partner neither bought nor owns")
		} else {
			w.s("no managed/hosted services")
		}
	}
}

// writeRequirement says why requirement bit of target t is unmet.
func (v *eval) writeRequirement(w *writer, t target, bit int) {
	r, e, p := v.r, v.e, v.p
	req := targetRules[t][bit]
	switch req {
	case RuleClosedWon, RulePaidClosedWon, RuleManagedClosedWon:
		w.s("opportunity").id(r.Opportunity.ID).s(" is at stage ").s(string(r.Opportunity.Stage)).s(", not closed-won")
	case RulePSP:
		w.s("partner").id(r.Partner.ID).s(" is not a Professional Services Partner (competency professional_services)")
	case RuleSOW, RulePaidSOW:
		v.writeDocProblem(w)
	case RuleCloseWindow:
		switch {
		case v.noCloseDate:
			v.writeNoCloseDate(w)
		case v.closeWin.undetermined():
			v.writeUnsigned(w, gapCloseWindow)
		default:
			writeWindowMiss(w, e, v.closeWin, p.CloseWindowMonths, "the opportunity closed")
		}
	case RulePaidWindow:
		if v.regWin.undetermined() {
			v.writeUnsigned(w, gapRegWindow)
		} else {
			writeWindowMiss(w, e, v.regWin, p.RegistrationWindowMonths, "the registration was submitted")
		}
	case RuleSignatureWindow:
		if v.missCustomer {
			v.writeUnsigned(w, gapSignatureWindow)
			break
		}
		w.s("customer signed ").d(e.CustomerSigned).s(", ").days(e.CustomerSigned.DaysUntil(v.sigOpens)).s(" before the ").i(p.SignatureWindowMonths).s("-month window before the submission on ").d(e.Submitted).s(" opened ").d(v.sigOpens)
	case RuleInScopeService:
		w.s("no service in scope; given:")
		for i, c := range r.Services {
			if i > 0 {
				w.s(",")
			}
			w.s(" ").s(string(c))
		}
	case RuleNotFree, RulePaidNotFree:
		w.s("the services are free of charge")
	case RuleNotSubcontracted:
		w.s("the services are subcontracted")
	case RuleNotPartnerSoftware:
		w.s("managed/hosted services on software sold to or owned by the partner")
	case RulePaidNetARR:
		arr := r.Opportunity.NetARR
		if arr.IsZero() {
			w.s("no Net ARR recorded on the opportunity")
		} else {
			w.s("Net ARR ").money(arr).s(" is not positive")
		}
	case RuleFreeOfCharge:
		w.s("the services are paid, not free of charge")
	case RuleFreePartnerLed:
		w.s("the services are subcontracted, not led by the partner")
	case RuleFreeProof:
		w.s("no proof of execution")
	case RuleManagedService:
		w.s("no managed/hosted service among the services")
	case RuleManagedPartnerSoftware:
		w.s("the software is not sold to or owned by the partner")
	}
}

func (v *eval) writeDocProblem(w *writer) {
	e := v.e
	if e == nil {
		w.s("no SOW or customer acknowledgement submitted")
		return
	}
	w.s(e.noun()).id(e.ID)
	notSubmitted := e.Submitted.IsZero()
	switch {
	case e.Kind == EvidenceSOW && !e.FullyExecuted && notSubmitted:
		w.s(" is not fully executed and not submitted")
	case e.Kind == EvidenceSOW && !e.FullyExecuted:
		w.s(" is not fully executed")
	case notSubmitted:
		w.s(" is not submitted")
	}
	if e.Kind == EvidenceAcknowledgement && !v.p.regulated(v.r.CustomerIndustry) {
		if !notSubmitted {
			w.s(" does not count:")
		} else {
			w.s(", and")
		}
		w.s(" an acknowledgement stands in for a SOW only for a customer in a regulated industry; the customer's industry is ")
		if v.r.CustomerIndustry == "" {
			w.s("not stated")
		} else {
			w.s(string(v.r.CustomerIndustry))
		}
	}
}

// writeWindowMiss says how a document's dates miss a window:
// "SOW submitted 2026-05-02, 7 days after the 6-month window closed
// 2026-04-25".
func writeWindowMiss(w *writer, e *Evidence, win window, months int, anchor string) {
	w.s(e.noun())
	signed := e.signed()
	sep := ""
	if win.signed == after || win.submit == after {
		switch {
		case win.signed == after && win.submit == after:
			w.s(" signed ").d(signed).s(" and submitted ").d(e.Submitted).s(", ").i(win.closes.DaysUntil(signed)).s(" and ").days(win.closes.DaysUntil(e.Submitted))
		case win.signed == after:
			w.s(" signed ").d(signed).s(", ").days(win.closes.DaysUntil(signed))
		default:
			w.s(" submitted ").d(e.Submitted).s(", ").days(win.closes.DaysUntil(e.Submitted))
		}
		w.s(" after the ").i(months).s("-month window closed ").d(win.closes)
		sep = ";"
	}
	if win.signed == before || win.submit == before {
		w.s(sep)
		switch {
		case win.signed == before && win.submit == before:
			w.s(" signed ").d(signed).s(" and submitted ").d(e.Submitted).s(", ").i(signed.DaysUntil(win.opens)).s(" and ").days(e.Submitted.DaysUntil(win.opens))
		case win.signed == before:
			w.s(" signed ").d(signed).s(", ").days(signed.DaysUntil(win.opens))
		default:
			w.s(" submitted ").d(e.Submitted).s(", ").days(e.Submitted.DaysUntil(win.opens))
		}
		w.s(" before ").s(anchor).s(" on ").d(win.opens)
	}
}
