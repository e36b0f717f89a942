package dealreg_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// A stage-2 opportunity: the ESM approved on 2 March, and the ASM has said
// nothing for more than ten days, so Ecosystem Ops approves.
func ExamplePolicy_Route() {
	reg := dealreg.Registration{
		Partner: program.Partner{
			AgreementSigned: true, Track: program.TrackOpen, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: 1},
		},
		Scope:       dealreg.ScopeSingleOpportunity,
		Program:     dealreg.ProgramResale,
		Opportunity: program.Opportunity{ID: "006-ACME-42", Kind: program.KindNewCustomer, Stage: program.Stage2},
		SubmittedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		ESM:         &dealreg.Review{Decision: dealreg.VerdictApproved, At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
	}
	d, err := dealreg.Default().Route(reg, time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, r := range d.Reasons.All() {
		fmt.Printf("- %s: %s\n", r.Rule, r.Text())
	}
	fmt.Println("next:", d.Next.Actor, "-", d.Next.What)
	// Output:
	// approved
	// - dealreg.roe.early_stage: opportunity at stage 2: Ecosystem Ops links it and routes the registration to the ESM, then the ASM
	// - dealreg.roe.early_stage.asm_timeout: the ASM did not decide by the deadline 2026-03-12T10:00:00Z (10 days from the ESM approval at 2026-03-02T10:00:00Z); Ecosystem Ops approves
	// - dealreg.expiry.active: approved at 2026-03-12T10:00:00Z; active until 2026-06-10T10:00:00Z (90 days)
	// next: ecosystem_ops - record the approval the timeout gave
}

// Two partners register the same opportunity: the earlier one is still with
// its ESM, the later one's partner cannot support the customer locally, and
// a third came in after the first.
func ExamplePolicy_Resolve() {
	base := dealreg.Registration{
		Partner: program.Partner{
			AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: 3},
		},
		Scope:       dealreg.ScopeSingleOpportunity,
		Program:     dealreg.ProgramReferral,
		Opportunity: program.Opportunity{ID: "006-ACME-42", Kind: program.KindNewOpportunity, Stage: program.Stage1},
	}
	yes, no := true, false
	first, second, third := base, base, base
	first.ID, first.SubmittedAt, first.LocalSupport = "DR-1", time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC), &yes
	second.ID, second.SubmittedAt, second.LocalSupport = "DR-2", time.Date(2026, 5, 3, 8, 0, 0, 0, time.UTC), &no
	third.ID, third.SubmittedAt, third.LocalSupport = "DR-3", time.Date(2026, 5, 6, 8, 0, 0, 0, time.UTC), &yes

	res, err := dealreg.Default().Resolve(dealreg.Competition{Registrations: []dealreg.Registration{first, second, third}}, time.Date(2026, 5, 7, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outcome, res.Winner)
	for _, e := range res.Entries {
		fmt.Printf("%s %s: %s\n", e.Registration, e.Placing, e.Reason.Text())
	}
	// Output:
	// winner DR-1
	// DR-1 won: received first among the competing registrations, at 2026-05-04T08:00:00Z
	// DR-2 dropped: the partner cannot deliver in-country or in-region support for this customer
	// DR-3 lost: received at 2026-05-06T08:00:00Z, after the earliest at 2026-05-04T08:00:00Z
}

func ExamplePolicy_Expiry() {
	d, _ := dealreg.Default().Expiry(time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC), time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC))
	fmt.Println(d.Outcome, d.ExpiresAt.Format(time.DateTime))
	// Output: expired 2026-04-10 12:00:00
}

// Every problem of a registration is reported at once, each located by a
// JSON Pointer into the registration document.
func ExamplePolicy_Route_invalidInput() {
	reg := dealreg.Registration{
		Partner: program.Partner{
			AgreementSigned: true, Track: program.TrackOpen, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: -1},
		},
		Scope:       dealreg.ScopeSingleOpportunity,
		Program:     dealreg.ProgramResale,
		Opportunity: program.Opportunity{ID: "006-ACME-42", Kind: program.KindNewCustomer, Stage: "9"},
		SubmittedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		ESM:         &dealreg.Review{Decision: dealreg.VerdictApproved, At: time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC)},
	}
	_, err := dealreg.Default().Route(reg, time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC))
	fmt.Println(errors.Is(err, program.ErrInvalidInput))
	for _, fe := range program.FieldErrors(err) {
		fmt.Println(fe)
	}
	// Output:
	// true
	// /partner/employees/foundations_trained: -1 is negative
	// /opportunity/stage: 9 is not a stage (none, 0-7, closed_won, closed_lost)
	// /esm/at: 2026-02-28T10:00:00Z is before submission (2026-03-01T09:00:00Z)
}
