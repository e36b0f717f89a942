package nfr_test

import (
	"fmt"
	"time"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

func ExamplePolicy_Decide() {
	req := nfr.Request{
		Partner: program.Partner{
			AgreementSigned: true,
			Track:           program.TrackSelect,
			Standing:        program.StandingGood,
			Employees:       program.Employees{SolutionArchitects: 1},
		},
		Seats: []nfr.SeatLine{
			{License: nfr.UltimateSaaS, Held: 8, Asked: 10},
			{License: nfr.Duo, Asked: 5},
		},
		Uses:        []nfr.Use{nfr.UseDemonstrations, nfr.UseInternalTraining},
		SubmittedAt: time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC), // a Friday
	}
	d, err := nfr.Default().Decide(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, r := range d.Reasons.All() {
		fmt.Printf("%s: %s\n", r.Rule, r.Text())
	}
	fmt.Println("due", d.ProvisioningDue.Format(time.RFC3339))

	// Twenty more SaaS seats go over the cap of 25: a Select partner needs
	// a business justification, which sends the request to review.
	req.Seats[0].Asked = 20
	req.Justification = "a second demo lab for the public-sector team"
	d, _ = nfr.Default().Decide(req)
	fmt.Println(d.Outcome, d.Reasons.At(0).Text())
	// Output:
	// granted
	// nfr.allocation.within_cap: Ultimate SaaS: 8 held + 10 asked = 18 ≤ 25
	// nfr.allocation.within_cap: Duo: 0 held + 5 asked = 5 ≤ 5
	// nfr.eligibility.eligible: authorized select partner in good standing; certified employees: Solution Architect 1, Professional Services Engineer 0
	// nfr.uses.permitted: permitted uses: internal employee training, demonstrations to prospects
	// nfr.request.provisioning: provision by Tue 2026-12-01 15:00 UTC, 2 business days after submission at Fri 2026-11-27 15:00 UTC
	// due 2026-12-01T15:00:00Z
	// needs_review Ultimate SaaS: 8 held + 20 asked = 28 > 25; the business justification goes to review
}

func ExamplePolicy_Allowance() {
	a, err := nfr.Default().Allowance(nfr.Holdings{
		Partner: program.Partner{
			AgreementSigned: true,
			Track:           program.TrackOpen,
			Standing:        program.StandingGood,
			Employees:       program.Employees{ProfessionalServicesEngineers: 2},
			Competencies:    []program.Competency{program.CompetencyAWSDevOps},
		},
		Held: []nfr.Held{{License: nfr.UltimateSelfManaged, Seats: 4}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Outcome)
	for _, l := range a.Licenses {
		fmt.Printf("%-22s allocated %-5v cap %2d held %d remaining %2d\n", l.License, l.Allocated, l.Cap, l.Held, l.Remaining)
	}
	// Output:
	// available
	// ultimate_self_managed  allocated true  cap 10 held 4 remaining  6
	// ultimate_saas          allocated true  cap 10 held 0 remaining 10
	// duo                    allocated false cap  0 held 0 remaining  0
	// duo_amazon_q           allocated true  cap 25 held 0 remaining 25
}

func ExamplePolicy_ProvisioningDue() {
	pol := nfr.Default()
	pol.Calendar.Holidays = []program.Date{program.NewDate(2026, 12, 24), program.NewDate(2026, 12, 25)}
	for _, at := range []time.Time{
		time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC), // Friday afternoon
		time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC), // Saturday
		time.Date(2026, 12, 23, 10, 0, 0, 0, time.UTC), // before two holidays
	} {
		fmt.Println(at.Format("Mon 01-02 15:04"), "->", pol.ProvisioningDue(at).Format("Mon 01-02 15:04"))
	}
	// Output:
	// Fri 11-27 15:00 -> Tue 12-01 15:00
	// Sat 11-28 11:00 -> Tue 12-01 17:00
	// Wed 12-23 10:00 -> Tue 12-29 10:00
}

// Bad input is reported all at once, each problem at a JSON Pointer into
// the request document.
func ExamplePolicy_Decide_invalidInput() {
	data := []byte(`{
	  "partner": {"track": "select", "standing": "good",
	    "employees": {"certified_solution_architects": 1, "certified_professional_services_engineers": 0}},
	  "seats": [{"license": "ultimate_saas", "held": 8, "asked": -2}],
	  "uses": ["demonstrations", "demonstrations"],
	  "submitted_at": "2026-11-27T15:00:00Z"
	}`)
	var req nfr.Request
	err := program.DecodeJSON(data, &req)
	if err == nil {
		_, err = nfr.Default().Decide(req)
	}
	for _, fe := range program.FieldErrors(err) {
		fmt.Printf("%s: %s\n", fe.Pointer, fe.Detail)
	}
	// Output:
	// /seats/0/asked: -2 is negative
	// /uses/1: demonstrations is already listed at /uses/0
}
