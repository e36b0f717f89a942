package serviceattach_test

import (
	"math/rand/v2"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// randomDate picks dates that cluster around month ends and leap days, where
// the windows are easiest to get wrong.
func randomDate(rng *rand.Rand) program.Date {
	y := 2025 + rng.IntN(4)
	m := time.Month(1 + rng.IntN(12))
	switch rng.IntN(4) {
	case 0:
		return program.NewDate(y, m, program.DaysIn(y, m))
	case 1:
		return program.NewDate(y, m, 28+rng.IntN(program.DaysIn(y, m)-27))
	}
	return program.NewDate(y, m, 1+rng.IntN(program.DaysIn(y, m)))
}

func maybeDate(rng *rand.Rand) program.Date {
	if rng.IntN(6) == 0 {
		return program.Date{}
	}
	return randomDate(rng)
}

// randomRegistration builds a registration that is usually valid; with
// broken set, it also plants invalid values.
func randomRegistration(rng *rand.Rand, broken bool) serviceattach.Registration {
	b := func() bool { return rng.IntN(2) == 0 }
	pick := func(n int) int { return rng.IntN(n) }
	r := serviceattach.Registration{
		ID:        "R",
		Submitted: randomDate(rng),
		Partner: program.Partner{
			ID: "P", AgreementSigned: true,
			Track:    program.Tracks[pick(len(program.Tracks))],
			Standing: program.Standings[pick(len(program.Standings))],
		},
		Opportunity: program.Opportunity{
			ID:    "OPP",
			Kind:  program.OpportunityKinds[pick(len(program.OpportunityKinds))],
			Stage: program.Stages[pick(len(program.Stages))],
		},
		FreeOfCharge:         rng.IntN(4) == 0,
		ProofOfExecution:     b(),
		Subcontracted:        rng.IntN(4) == 0,
		GitLabPSSubcontract:  rng.IntN(8) == 0,
		PartnerOwnedSoftware: rng.IntN(3) == 0,
		CommunityEdition:     rng.IntN(5) == 0,
		UpgradeOpportunity:   b(),
	}
	if rng.IntN(4) != 0 {
		r.Opportunity.Stage = program.StageClosedWon
	}
	// A closed-won opportunity mostly records its close date; one that
	// does not is decided (reviewed when the date decides the category).
	if r.Opportunity.Stage == program.StageClosedWon && rng.IntN(8) != 0 || b() {
		r.Opportunity.CloseDate = randomDate(rng)
	}
	if rng.IntN(5) != 0 {
		r.Opportunity.NetARR = program.MustMoney([]string{"0", "1", "120000.00", "0.01"}[pick(4)], "USD")
	}
	if rng.IntN(3) != 0 {
		r.Partner.Competencies = []program.Competency{program.CompetencyProfessionalServices}
	}
	for _, c := range serviceattach.ServiceCategories {
		if rng.IntN(6) == 0 {
			r.Services = append(r.Services, c)
		}
	}
	if len(r.Services) == 0 {
		r.Services = []serviceattach.ServiceCategory{serviceattach.ServiceCategories[pick(len(serviceattach.ServiceCategories))]}
	}
	if b() {
		r.CustomerIndustry = serviceattach.Industries[pick(len(serviceattach.Industries))]
	}
	if rng.IntN(6) != 0 {
		e := &serviceattach.Evidence{Kind: serviceattach.EvidenceKinds[pick(2)], ID: "DOC", Submitted: maybeDate(rng)}
		e.CustomerSigned = maybeDate(rng)
		e.PartnerSigned = maybeDate(rng)
		if !e.Submitted.IsZero() && rng.IntN(5) != 0 {
			// Mostly keep the signatures before the submission, as valid
			// input must.
			if e.CustomerSigned.After(e.Submitted) {
				e.CustomerSigned = e.Submitted.AddDays(-rng.IntN(250))
			}
			if e.PartnerSigned.After(e.Submitted) {
				e.PartnerSigned = e.Submitted.AddDays(-rng.IntN(30))
			}
		}
		if e.Kind == serviceattach.EvidenceSOW {
			// Mostly a fully executed SOW records both signature dates;
			// now and then one lacks a date, which is decided, not refused.
			e.FullyExecuted = (!e.CustomerSigned.IsZero() && !e.PartnerSigned.IsZero() || rng.IntN(6) == 0) && rng.IntN(5) != 0
		} else if e.CustomerSigned.IsZero() && rng.IntN(5) != 0 {
			e.CustomerSigned = e.Submitted
		}
		r.Evidence = e
	}
	if !broken {
		return r
	}
	switch pick(14) {
	case 0:
		r.Submitted = program.Date{}
	case 1:
		r.Submitted = program.NewDate(2026, 2, 30)
	case 2:
		r.Partner.Track = "gold"
	case 3:
		r.Partner.Employees.FoundationsTrained = -1
	case 4:
		r.Opportunity.Stage = "9"
	case 5:
		r.Opportunity.Kind = "retail"
	case 6:
		if r.Evidence != nil && !r.Evidence.Submitted.IsZero() {
			r.Evidence.CustomerSigned = r.Evidence.Submitted.AddDays(1)
		} else {
			r.Submitted = program.Date{}
		}
	case 7:
		r.Opportunity.NetARR = program.Money{Amount: r.Opportunity.NetARR.Amount.Add(program.MustMoney("1", "USD").Amount), Currency: "XYZ"}
	case 8:
		r.Services = append(r.Services, "training")
	case 9:
		r.Services = append(r.Services, r.Services[0])
	case 10:
		r.CustomerIndustry = "mining"
	case 11:
		if r.Evidence != nil {
			r.Evidence.Kind = "letter"
		}
	case 12:
		r.Partner.Competencies = append(r.Partner.Competencies, "plumbing")
	case 13:
		r.Opportunity.CloseDate = program.NewDate(2027, 2, 29)
	}
	return r
}
