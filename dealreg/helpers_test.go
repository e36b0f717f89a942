package dealreg_test

import (
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// registration is an eligible stage-2 resale registration submitted
// 2026-03-02T09:00:00Z with no decisions yet.
func registration() dealreg.Registration {
	return dealreg.Registration{
		ID: "reg-1",
		Partner: program.Partner{
			ID: "p-1", AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Employees: program.Employees{FoundationsTrained: 2},
		},
		Scope:       dealreg.ScopeSingleOpportunity,
		Program:     dealreg.ProgramResale,
		Opportunity: program.Opportunity{ID: "opp-1", Kind: program.KindNewOpportunity, Stage: program.Stage2},
		SubmittedAt: at("2026-03-02T09:00:00Z"),
	}
}

// fieldPaths lists where err's problems are: the JSON Pointer of each
// value, or the name of the parameter ("now") for a parameter's problem.
func fieldPaths(err error) []string {
	return program.Locations(err)
}

func dur(hours int) time.Duration { return time.Duration(hours) * time.Hour }
