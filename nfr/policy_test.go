package nfr_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestPolicyHoldsTheHandbookNumbers(t *testing.T) {
	p := nfr.Default()
	want := []nfr.Allocation{
		{License: nfr.UltimateSelfManaged, Track: program.TrackSelect, Seats: 25},
		{License: nfr.UltimateSaaS, Track: program.TrackSelect, Seats: 25},
		{License: nfr.Duo, Track: program.TrackSelect, Seats: 5},
		{License: nfr.UltimateSelfManaged, Track: program.TrackOpen, Seats: 10},
		{License: nfr.UltimateSaaS, Track: program.TrackOpen, Seats: 10},
		{License: nfr.DuoAmazonQ, Competency: program.CompetencyAWSDevOps, Seats: 25},
	}
	if !slices.Equal(p.Allocations, want) {
		t.Errorf("allocations = %+v\nwant %+v", p.Allocations, want)
	}
	if p.ProvisioningBusinessDays != 2 {
		t.Errorf("provisioning takes %d business days, want 2", p.ProvisioningBusinessDays)
	}
	c := p.Calendar
	if c.TimeZone.String() != "UTC" || c.WorkdayStart != program.Clock(9, 0) || c.WorkdayEnd != program.Clock(17, 0) ||
		!slices.Equal(c.Workdays, []program.Weekday{"monday", "tuesday", "wednesday", "thursday", "friday"}) || len(c.Holidays) != 0 {
		t.Errorf("calendar = %+v, want Monday-Friday 09:00-17:00 UTC without holidays", c)
	}
	if !slices.Equal(p.PermittedUses, []nfr.Use{nfr.UseInternalTraining, nfr.UseIntegrationTesting, nfr.UseDemonstrations}) ||
		!slices.Equal(p.ProhibitedUses, []nfr.Use{nfr.UseCustomerProduction, nfr.UseInternalProduction, nfr.UseManagedServices}) {
		t.Errorf("uses: permitted %v, prohibited %v", p.PermittedUses, p.ProhibitedUses)
	}
	if !slices.Equal(p.ReviewTracks, []program.Track{program.TrackSelect}) ||
		!slices.Equal(p.EligibleTracks, []program.Track{program.TrackSelect, program.TrackOpen}) {
		t.Errorf("review tracks %v, eligible tracks %v", p.ReviewTracks, p.EligibleTracks)
	}
	if !slices.Equal(p.Certifications, []nfr.Certification{nfr.CertSolutionArchitect, nfr.CertProfessionalServicesEngineer}) {
		t.Errorf("certifications %v", p.Certifications)
	}
}

func TestZeroPolicyIsRejected(t *testing.T) {
	if _, err := nfr.ParsePolicy(nfr.Policy{}, []byte(`{}`)); err == nil {
		t.Error("a zero policy parsed without error")
	}
	if _, err := (nfr.Policy{}).Decide(validRequest()); err == nil {
		t.Error("the zero policy decided a request")
	}
}

// TestRulesAreUniqueAndInHandbookOrder is the traceability check the case
// book relies on: every rule is declared once, under this package's prefix,
// cites a listed section, and the list follows the handbook's order.
func TestRulesAreUniqueAndInHandbookOrder(t *testing.T) {
	seen := map[program.RuleID]bool{}
	last := 0
	for _, r := range nfr.Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if !strings.HasPrefix(string(r.ID), "nfr.") || r.Summary == "" {
			t.Errorf("rule %+v: want an nfr. ID and a summary", r)
		}
		i := slices.Index(nfr.Sections, r.Section)
		if i < 0 {
			t.Errorf("rule %s cites unlisted section %q", r.ID, r.Section)
		}
		if i < last {
			t.Errorf("rule %s (%s) comes after a rule of a later section", r.ID, r.Section)
		}
		last = max(last, i)
	}
}
