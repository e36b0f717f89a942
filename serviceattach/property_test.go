package serviceattach_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// approvedHolds restates the approved requirements from the handbook and
// DESIGN.md, independently of the package, for the default policy. A
// requirement whose date is not recorded does not hold.
func approvedHolds(p serviceattach.Policy, r serviceattach.Registration) bool {
	o := r.Opportunity
	if o.Stage != program.StageClosedWon || !r.Partner.Has(program.CompetencyProfessionalServices) {
		return false
	}
	if o.CloseDate.IsZero() {
		return false
	}
	e := r.Evidence
	if e == nil || e.Submitted.IsZero() {
		return false
	}
	switch e.Kind {
	case serviceattach.EvidenceSOW:
		if !e.FullyExecuted {
			return false
		}
	case serviceattach.EvidenceAcknowledgement:
		if !slices.Contains(p.RegulatedIndustries, r.CustomerIndustry) {
			return false
		}
	}
	// The document counts, so the customer signed it: on a recorded day.
	if e.CustomerSigned.IsZero() {
		return false
	}
	last := o.CloseDate.AddMonths(6)
	if e.Submitted.After(last) || e.CustomerSigned.After(last) || e.PartnerSigned.After(last) {
		return false
	}
	if !e.CustomerSigned.IsZero() && e.CustomerSigned.Before(e.Submitted.AddMonths(-6)) {
		return false
	}
	inScope, managed := false, false
	for _, c := range r.Services {
		switch c {
		case serviceattach.EducationTraining, serviceattach.NonGitLab:
			// out of scope
		default:
			inScope = true
		}
		managed = managed || c == serviceattach.ManagedHosted
	}
	if !inScope || r.FreeOfCharge || r.Subcontracted || managed && r.PartnerOwnedSoftware {
		return false
	}
	// No disqualifier.
	return !r.GitLabPSSubcontract && !(r.CommunityEdition && !r.UpgradeOpportunity)
}

// withDates fills in the dates a registration may lack, each at the
// document's submission, where it meets every window of the default
// policy: the close date of a closed-won opportunity and the customer's
// signature of a submitted document.
func withDates(r serviceattach.Registration) serviceattach.Registration {
	e := r.Evidence
	if e == nil || e.Submitted.IsZero() {
		return r
	}
	c := *e
	r.Evidence = &c
	if r.Opportunity.Stage == program.StageClosedWon && r.Opportunity.CloseDate.IsZero() {
		r.Opportunity.CloseDate = e.Submitted
	}
	if c.CustomerSigned.IsZero() {
		c.CustomerSigned = e.Submitted
	}
	return r
}

// acceptedRouteHolds restates the three accepted routes.
func acceptedRouteHolds(r serviceattach.Registration) bool {
	o := r.Opportunity
	closedWon := o.Stage == program.StageClosedWon
	e := r.Evidence
	docOK := e != nil && !e.Submitted.IsZero() &&
		(e.Kind == serviceattach.EvidenceSOW && e.FullyExecuted ||
			e.Kind == serviceattach.EvidenceAcknowledgement && r.CustomerIndustry == serviceattach.PublicSector)
	paid := !r.FreeOfCharge && docOK && closedWon && o.NetARR.Amount.IsPositive()
	if paid {
		last := r.Submitted.AddMonths(12)
		paid = !e.Submitted.After(last) && !e.CustomerSigned.After(last) && !e.PartnerSigned.After(last)
	}
	free := r.FreeOfCharge && !r.Subcontracted && r.ProofOfExecution
	managed := closedWon && slices.Contains(r.Services, serviceattach.ManagedHosted) && r.PartnerOwnedSoftware
	return paid || free || managed
}

func TestPropertyApprovedMeetsEveryRequirement(t *testing.T) {
	p := serviceattach.Default()
	rng := rand.New(rand.NewPCG(1, 2))
	counts := map[serviceattach.Outcome]int{}
	for range 20000 {
		r := randomRegistration(rng, false)
		d, err := p.Classify(r)
		if err != nil {
			continue
		}
		counts[d.Outcome]++
		want := approvedHolds(p, r)
		if (d.Outcome == serviceattach.Approved) != want {
			t.Fatalf("approved = %v, the requirements say %v\n%+v\n%+v", d.Outcome == serviceattach.Approved, want, r, d)
		}
		if d.Outcome == serviceattach.Approved {
			var got []program.RuleID
			for _, x := range d.Reasons.All() {
				got = append(got, x.Rule)
			}
			want := []program.RuleID{serviceattach.RuleClosedWon, serviceattach.RulePSP, serviceattach.RuleSOW,
				serviceattach.RuleCloseWindow, serviceattach.RuleSignatureWindow, serviceattach.RuleInScopeService,
				serviceattach.RuleNotFree, serviceattach.RuleNotSubcontracted, serviceattach.RuleNotPartnerSoftware}
			if !slices.Equal(got, want) {
				t.Fatalf("approved decision cites %v, want every approved requirement %v", got, want)
			}
			if !d.Rebate || !d.PSPCompliance {
				t.Fatalf("approved without rebate and PSP: %+v", d)
			}
		}
		if d.Outcome == serviceattach.Accepted && !acceptedRouteHolds(r) {
			t.Fatalf("accepted but no route holds:\n%+v\n%+v", r, d)
		}
		// Under the default policy only approval can hinge on a missing
		// date: it needs review exactly when the recorded facts do not
		// approve it and the missing dates, once recorded inside the
		// windows, would.
		review := !approvedHolds(p, r) && approvedHolds(p, withDates(r))
		if (d.Outcome == serviceattach.NeedsReview) != review {
			t.Fatalf("needs_review = %v, the requirements say %v\n%+v\n%+v", d.Outcome == serviceattach.NeedsReview, review, r, d)
		}
		if d.Outcome == serviceattach.NeedsReview && d.PSPCompliance != acceptedRouteHolds(r) {
			t.Fatalf("needs_review with PSP compliance %v, the routes say %v\n%+v\n%+v", d.PSPCompliance, acceptedRouteHolds(r), r, d)
		}
		if d.Outcome == serviceattach.Unqualified && d.Nearest.Outcome != "" {
			if approvedHolds(p, r) || acceptedRouteHolds(r) {
				t.Fatalf("unqualified although a category holds:\n%+v\n%+v", r, d)
			}
			if d.Nearest.Unmet != d.Reasons.Len()-1 || d.Reasons.At(0).Rule != serviceattach.RuleNoCategory {
				t.Fatalf("nearest miss names %d unmet requirements in %d reasons", d.Nearest.Unmet, d.Reasons.Len())
			}
		}
	}
	// Approval is rare among random registrations, and a review (approval
	// short of a date only) rarer still.
	least := map[serviceattach.Outcome]int{serviceattach.Approved: 100, serviceattach.Accepted: 100, serviceattach.Unqualified: 100, serviceattach.NeedsReview: 40}
	for _, o := range serviceattach.Outcomes {
		if counts[o] < least[o] {
			t.Errorf("the generator produced only %d %s registrations; the property is not exercised", counts[o], o)
		}
	}
}

// The allocation-free validity check must never pass what Check rejects.
func TestPropertyQuickValidityAgreesWithCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		r := randomRegistration(rng, i%2 == 0)
		var pr program.Problems
		r.Check(&pr, "")
		quick, full := serviceattach.Valid(&r), pr.Err() == nil
		if quick && !full {
			t.Fatalf("quick check passes what Check rejects (%v):\n%+v", pr.Err(), r)
		}
		if !quick && full {
			t.Fatalf("quick check rejects a valid registration (only slower, but it should not):\n%+v", r)
		}
	}
}

// After the portfolio rules, no opportunity and no document has more than
// one qualifying registration, and nothing that did not qualify alone
// qualifies together.
func TestPropertyPortfolioOneQualifierPerOpportunityAndDocument(t *testing.T) {
	p := serviceattach.Default()
	rng := rand.New(rand.NewPCG(9, 10))
	reviewed, overridden := 0, 0
	for range 3000 {
		n := 1 + rng.IntN(6)
		regs := make([]serviceattach.Registration, 0, n)
		for i := range n {
			r := randomRegistration(rng, false)
			r.ID = string(rune('A' + i))
			r.Opportunity.ID = []string{"OPP-1", "OPP-2"}[rng.IntN(2)]
			r.MultiPhaseUpsell = rng.IntN(4) == 0
			if rng.IntN(3) == 0 {
				r.Submitted = program.NewDate(2026, 1, 15) // same-day ties
			}
			if r.Evidence != nil {
				r.Evidence.ID = []string{"SOW-1", "SOW-2", "SOW-3"}[rng.IntN(3)]
			}
			regs = append(regs, r)
		}
		d, err := p.Portfolio(regs)
		if err != nil {
			continue
		}
		opps, docs := map[string]string{}, map[string]string{}
		for i, e := range d.Entries {
			alone := e.Classification.Outcome
			// A registration under review for a missing date whose
			// accepted route holds qualifies (for PSP) whatever the review
			// finds, and keeps its outcome.
			held := e.Outcome == serviceattach.NeedsReview && alone == serviceattach.NeedsReview &&
				e.Classification.PSPCompliance && (e.Reasons.At(0).Rule == serviceattach.RuleReviewCloseDate || e.Reasons.At(0).Rule == serviceattach.RuleReviewSignatureDate)
			switch {
			case e.Outcome == serviceattach.Approved, e.Outcome == serviceattach.Accepted, held:
				if e.Outcome != alone {
					t.Fatalf("%s: %s together but %s alone", e.ID, e.Outcome, alone)
				}
				if held {
					reviewed++
				}
				r := regs[i]
				if prev, ok := opps[r.Opportunity.ID]; ok {
					t.Fatalf("%s and %s both qualify for %s", prev, e.ID, r.Opportunity.ID)
				}
				opps[r.Opportunity.ID] = e.ID
				if r.Evidence != nil {
					if prev, ok := docs[r.Evidence.ID]; ok {
						t.Fatalf("%s and %s both use %s", prev, e.ID, r.Evidence.ID)
					}
					docs[r.Evidence.ID] = e.ID
				}
			case e.Outcome == serviceattach.NeedsReview:
				reviewed++
			case e.Outcome == serviceattach.Unqualified:
				if alone != serviceattach.Unqualified {
					overridden++
				}
			}
		}
	}
	if reviewed == 0 || overridden == 0 {
		t.Errorf("generator exercised too little: %d reviewed, %d overridden", reviewed, overridden)
	}
}
