package serviceattach_test

import (
	"fmt"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// A SOW submitted a week after the 6-month window closed misses approval
// (no rebate) but is accepted as a paid engagement (PSP compliance); the
// decision names what kept it from approval.
func ExamplePolicy_Classify() {
	reg := serviceattach.Registration{
		ID:        "R-1",
		Submitted: program.NewDate(2026, 1, 15),
		Partner: program.Partner{ID: "P-1", AgreementSigned: true, Track: program.TrackSelect,
			Standing: program.StandingGood, Competencies: []program.Competency{program.CompetencyProfessionalServices}},
		Opportunity: program.Opportunity{ID: "OPP-1", Kind: program.KindNewCustomer, Stage: program.StageClosedWon,
			CloseDate: program.NewDate(2025, 10, 25), NetARR: program.MustMoney("120000", "USD")},
		Services: []serviceattach.ServiceCategory{serviceattach.Implementation},
		Evidence: &serviceattach.Evidence{Kind: serviceattach.EvidenceSOW, ID: "SOW-1", FullyExecuted: true,
			CustomerSigned: program.NewDate(2026, 4, 20), PartnerSigned: program.NewDate(2026, 4, 21),
			Submitted: program.NewDate(2026, 5, 2)},
	}
	d, err := serviceattach.Default().Classify(reg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Route, "rebate:", d.Rebate, "PSP:", d.PSPCompliance)
	for _, r := range d.Reasons.All() {
		fmt.Printf("%s\n  %s\n", r.Rule, r.Text())
	}
	// Output:
	// accepted paid_engagement rebate: false PSP: true
	// serviceattach.accepted.paid
	//   paid engagement: SOW SOW-1 signed 2026-04-21 and submitted 2026-05-02, within 12 months of the registration on 2026-01-15; opportunity closed-won with Net ARR 120000 USD
	// serviceattach.approved.close_window
	//   would be approved: SOW submitted 2026-05-02, 7 days after the 6-month window closed 2026-04-25
}

// Two registrations of one opportunity: only the earlier qualifies, unless
// the later is flagged as a multi-phase project driving an upsell, which
// Ecosystem Ops reviews.
func ExamplePolicy_Portfolio() {
	first := baseline()
	second := baseline()
	second.ID, second.Submitted = "R-2", program.NewDate(2026, 2, 1)
	second.Evidence = &serviceattach.Evidence{Kind: serviceattach.EvidenceSOW, ID: "SOW-2", FullyExecuted: true,
		CustomerSigned: program.NewDate(2026, 3, 2), PartnerSigned: program.NewDate(2026, 3, 4),
		Submitted: program.NewDate(2026, 3, 12)}
	second.MultiPhaseUpsell = true

	d, err := serviceattach.Default().Portfolio([]serviceattach.Registration{first, second})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range d.Entries {
		fmt.Println(e.ID, e.Outcome, "(alone:", string(e.Classification.Outcome)+")")
	}
	for _, r := range d.Reasons.All() {
		fmt.Printf("%s\n  %s\n", r.Rule, r.Text())
	}
	fmt.Println("next:", d.Next.Actor)
	// Output:
	// R-1 approved (alone: approved)
	// R-2 needs_review (alone: approved)
	// serviceattach.portfolio.one_per_opportunity
	//   registration R-1 (submitted 2026-01-15) already qualifies for opportunity OPP-1
	// serviceattach.portfolio.multi_phase
	//   flagged as a multi-phase project driving an add-on or upsell: Ecosystem Ops decides case by case
	// next: ecosystem_ops
}
