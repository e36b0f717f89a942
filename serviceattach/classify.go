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
	// Partner compliance (approved or accepted).
	PSPCompliance bool `json:"psp_compliance"`
	// Route is the first accepted route that holds, for an accepted
	// registration.
	Route Route `json:"route,omitempty"`
	// Nearest is the better category whose unmet requirements the reasons
	// name, for an accepted registration or one unqualified without a
	// disqualifier.
	Nearest Miss `json:"nearest,omitzero"`
	// Reasons, in a fixed order: the disqualifiers of an outright
	// unqualified registration; every approved requirement of an approved
	// one; the routes that hold and then the unmet approved requirements of
	// an accepted one; or the no-category reason and the unmet requirements
	// of the nearest category.
	Reasons []program.Reason `json:"reasons"`
	// Next is set when the partner can still act to reach a better
	// category: not when that category needs a closed-won opportunity and
	// the opportunity is closed-lost.
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

// window is where a document's dates fall against a window.
type window struct {
	opens, closes  program.Date
	checkOpen      bool
	signed, submit int // -1 before the window, 0 within, +1 after
}

func newWindow(e *Evidence, opens, closes program.Date, checkOpen bool) window {
	w := window{opens: opens, closes: closes, checkOpen: checkOpen}
	w.signed = w.place(e.signed())
	w.submit = w.place(e.Submitted)
	return w
}

func (w window) place(d program.Date) int {
	switch {
	case d.IsZero():
		return 0
	case d.After(w.closes):
		return 1
	case w.checkOpen && d.Before(w.opens):
		return -1
	}
	return 0
}

func (w window) ok() bool { return w.signed == 0 && w.submit == 0 }

// eval holds the facts of one classification.
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
	unmet                  [nTargets]uint16
	outright               [5]bool
	anyOutright            bool
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
		if v.closedWon {
			c := r.Opportunity.CloseDate
			v.closeWin = newWindow(e, c, c.AddMonths(p.CloseWindowMonths), p.WindowsOpenAtAnchor)
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
	v.set(tApproved, aCloseWindow, v.closeJudged && !v.closeWin.ok())
	v.set(tApproved, aSignatureWindow, v.sigJudged && e.CustomerSigned.Before(v.sigOpens))
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

// routes judges the accepted routes; run must have found no disqualifier.
func (v *eval) routes() {
	p, r, e := v.p, v.r, v.e
	if e != nil && !e.Submitted.IsZero() {
		reg := r.Submitted
		v.regWin = newWindow(e, reg, reg.AddMonths(p.RegistrationWindowMonths), p.WindowsOpenAtAnchor)
		v.regJudged = true
	}
	arr := r.Opportunity.NetARR
	v.set(tPaid, pNotFree, r.FreeOfCharge)
	v.set(tPaid, pSOW, !v.docOK)
	v.set(tPaid, pWindow, v.regJudged && !v.regWin.ok())
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
// approved requirement holds; accepted when any accepted route holds, with
// the unmet approved requirements named; and unqualified otherwise, with
// the unmet requirements of the nearest category named. The nearest
// category is the one with the fewest unmet requirements, ties going to
// the better one: approved, then the paid-engagement, free-of-charge and
// managed/hosted routes, in handbook order.
//
// Field paths in errors start at "registration".
func (p Policy) Classify(r Registration) (Decision, error) {
	if !p.usable() {
		return Decision{}, p.Validate()
	}
	if !r.valid() {
		var pr program.Problems
		r.Check(&pr, "registration")
		if err := pr.Err(); err != nil {
			return Decision{}, err
		}
	}
	return p.classify(&r), nil
}

func (p *Policy) classify(r *Registration) Decision {
	v := eval{p: p, r: r}
	v.run()
	var w writer
	d := Decision{PolicyVersion: p.Version}
	switch {
	case v.anyOutright:
		w.init(256)
		d.Outcome = Unqualified
		v.writeOutright(&w)
	case v.unmet[tApproved] == 0:
		// An approved decision's nine texts run to about 600 bytes.
		w.init(704)
		d.Outcome, d.Rebate, d.PSPCompliance = Approved, true, true
		for bit := range nApproved {
			w.begin(approvedRules[bit])
			v.writeMet(&w, bit)
			w.end()
		}
	default:
		v.routes()
		w.init(384)
		for t := tPaid; t < nTargets; t++ {
			if v.unmet[t] != 0 {
				continue
			}
			if d.Outcome == "" {
				d.Outcome, d.PSPCompliance, d.Route = Accepted, true, targetMiss[t].Route
			}
			v.writeRoute(&w, t)
		}
		nearest := tApproved
		if d.Outcome == "" {
			d.Outcome = Unqualified
			for t := tPaid; t < nTargets; t++ {
				if bits.OnesCount16(v.unmet[t]) < bits.OnesCount16(v.unmet[nearest]) {
					nearest = t
				}
			}
			w.begin(RuleNoCategory)
			w.s("meets no category; the nearest is ").s(targetMiss[nearest].label()).s(", with ")
			n := bits.OnesCount16(v.unmet[nearest])
			w.i(n).s(" unmet requirement")
			if n != 1 {
				w.s("s")
			}
			w.end()
		}
		d.Nearest = targetMiss[nearest]
		d.Nearest.Unmet = bits.OnesCount16(v.unmet[nearest])
		for bit := range len(targetRules[nearest]) {
			if v.unmet[nearest]&(1<<bit) == 0 {
				continue
			}
			w.begin(targetRules[nearest][bit])
			w.s(targetPrefix[nearest])
			v.writeRequirement(&w, nearest, bit)
			w.end()
		}
		if !v.needsLostDeal(nearest) {
			d.Next = program.Action{Actor: program.ActorPartner, What: targetNext[nearest]}
		}
	}
	d.Reasons = w.reasons(SectionCategories)
	return d
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

func (v *eval) writeOutright(w *writer) {
	r := v.r
	for i, on := range v.outright {
		if !on {
			continue
		}
		switch i {
		case 0:
			w.begin(RuleNonGitLab)
			w.s("the services are not related to GitLab and none is in scope")
		case 1:
			w.begin(RuleNoLicenseOpportunity)
			w.s("no related license opportunity (opportunity stage none)")
		case 2:
			w.begin(RuleCEWithoutUpgrade)
			w.s("services for GitLab CE with no upgrade opportunity")
		case 3:
			w.begin(RuleGitLabPSSubcontract)
			w.s("the partner")
			w.id(r.Partner.ID)
			w.s(" delivers as a subcontractor to GitLab Professional Services")
		case 4:
			w.begin(RuleEducationOnly)
			w.s("education/training is the only service in scope of the registration")
		}
		w.end()
	}
}

func (v *eval) writeRoute(w *writer, t target) {
	r, e := v.r, v.e
	w.begin(routeRules[t])
	switch t {
	case tPaid:
		w.s("paid engagement: ").s(e.noun()).id(e.ID)
		if s := e.signed(); !s.IsZero() {
			w.s(" signed ").d(s).s(" and")
		}
		w.s(" submitted ").d(e.Submitted).s(", within ").i(v.p.RegistrationWindowMonths).s(" months of the registration on ").d(r.Submitted)
		w.s("; opportunity closed-won with Net ARR ").money(r.Opportunity.NetARR)
	case tFree:
		w.s("free-of-charge services led by the partner, with proof of execution")
	case tManaged:
		w.s("closed-won managed/hosted services on software sold to or owned by the partner")
	}
	w.end()
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
		if s := e.signed(); !s.IsZero() {
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
		writeWindowMiss(w, e, v.closeWin, p.CloseWindowMonths, "the opportunity closed")
	case RulePaidWindow:
		writeWindowMiss(w, e, v.regWin, p.RegistrationWindowMonths, "the registration was submitted")
	case RuleSignatureWindow:
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
	if win.signed > 0 || win.submit > 0 {
		switch {
		case win.signed > 0 && win.submit > 0:
			w.s(" signed ").d(signed).s(" and submitted ").d(e.Submitted).s(", ").i(win.closes.DaysUntil(signed)).s(" and ").days(win.closes.DaysUntil(e.Submitted))
		case win.signed > 0:
			w.s(" signed ").d(signed).s(", ").days(win.closes.DaysUntil(signed))
		default:
			w.s(" submitted ").d(e.Submitted).s(", ").days(win.closes.DaysUntil(e.Submitted))
		}
		w.s(" after the ").i(months).s("-month window closed ").d(win.closes)
		sep = ";"
	}
	if win.signed < 0 || win.submit < 0 {
		w.s(sep)
		switch {
		case win.signed < 0 && win.submit < 0:
			w.s(" signed ").d(signed).s(" and submitted ").d(e.Submitted).s(", ").i(signed.DaysUntil(win.opens)).s(" and ").days(e.Submitted.DaysUntil(win.opens))
		case win.signed < 0:
			w.s(" signed ").d(signed).s(", ").days(signed.DaysUntil(win.opens))
		default:
			w.s(" submitted ").d(e.Submitted).s(", ").days(e.Submitted.DaysUntil(win.opens))
		}
		w.s(" before ").s(anchor).s(" on ").d(win.opens)
	}
}
