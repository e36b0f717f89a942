package locator_test

import (
	"fmt"

	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

func ExamplePolicy_Route() {
	partner := func(id string, track program.Track, standing program.Standing, comps ...program.Competency) program.Partner {
		return program.Partner{ID: id, AgreementSigned: true, Track: track, Standing: standing, Competencies: comps}
	}
	in := locator.RouteInput{
		Lead: locator.Lead{Country: "DE", Needs: []locator.Capability{locator.CapResale, locator.CapMigration}, Cloud: locator.CloudAWS},
		Partners: []locator.Profile{
			{Partner: partner("P-OPEN-DE", program.TrackOpen, program.StandingGood),
				Locations:    []locator.Location{{Country: "DE", InCountrySupport: true}},
				Capabilities: []locator.Capability{locator.CapResale, locator.CapMigration}},
			{Partner: partner("P-AWS-EMEA", program.TrackOpen, program.StandingGood, program.CompetencyAWSDevOps),
				Regions:      []locator.Region{locator.RegionEMEA},
				Capabilities: []locator.Capability{locator.CapResale, locator.CapMigration}},
			{Partner: partner("P-SUSPENDED", program.TrackSelect, program.StandingSuspended, program.CompetencyAWSDevOps),
				Locations:    []locator.Location{{Country: "DE", InCountrySupport: true}},
				Capabilities: []locator.Capability{locator.CapResale, locator.CapMigration}},
			{Partner: partner("P-RESALE-ONLY", program.TrackSelect, program.StandingGood),
				Locations:    []locator.Location{{Country: "DE", InCountrySupport: true}},
				Capabilities: []locator.Capability{locator.CapResale}},
		},
	}
	d, err := locator.Default().Route(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, c := range d.Partners {
		fmt.Println(c.Rank, c.ID, "competency:", c.CloudCompetency, "in-country:", c.InCountrySupport)
	}
	for _, m := range d.Excluded {
		fmt.Println("excluded", m.ID, m.Rules)
	}
	// Output:
	// routed
	// 1 P-AWS-EMEA competency: true in-country: false
	// 2 P-OPEN-DE competency: false in-country: true
	// excluded P-SUSPENDED [locator.eligibility.standing]
	// excluded P-RESALE-ONLY [locator.eligibility.capability]
}

func ExamplePolicy_Profile() {
	d, err := locator.Default().Profile(locator.Profile{
		Partner:      program.Partner{ID: "P-1"},
		Capabilities: []locator.Capability{locator.CapResale},
		Locations:    []locator.Location{{Country: "JP", InCountrySupport: true}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome, d.Missing)
	for _, r := range d.Reasons.All() {
		fmt.Println(r.Rule)
	}
	// Output:
	// incomplete [alliances success_stories]
	// locator.profile.alliances
	// locator.profile.success_stories
}
