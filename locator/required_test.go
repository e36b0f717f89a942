package locator_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
)

// requires lists every member the inputs of locator require, with the
// rules that read it. Members whose absence means something may be left
// out: /lead/us_public_sector and /lead/marketplace (false), competencies
// and marketplaces (none),
// locations, regions and capabilities (none), in_country_support (none).
// locator.profile requires only the partner's ID: every element it checks
// may be missing, which is what it reports.
var requires = []casetest.Requirement{
	casetest.Required("locator.route", "/lead", "the customer whose lead is routed",
		locator.RuleCoverage, locator.RuleCapability),
	casetest.Required("locator.route", "/lead/country", "the customer's country: coverage and in-country support",
		locator.RuleCoverage, locator.RuleOrderInCountry),
	casetest.Required("locator.route", "/lead/needs", "every capability an eligible partner offers",
		locator.RuleCapability),
	casetest.Required("locator.route", "/lead/cloud", "the cloud whose competency and marketplace come first",
		locator.RuleOrderCloudCompetency, locator.RuleOrderMarketplace),
	casetest.Required("locator.route", "/partners", "the candidates",
		locator.RuleEligible, locator.RuleNoneEligible),
	casetest.Required("locator.route", "/partners/*/partner", "the partner's identity, track and standing",
		locator.RuleStanding, locator.RuleOrderTrack),
	casetest.Required("locator.route", "/partners/*/partner/id", "names the partner and breaks ties",
		locator.RuleOrderTieBreak),
	casetest.Required("locator.profile", "/partner", "the partner whose profile it is",
		locator.RuleProfileComplete),
	casetest.Required("locator.profile", "/partner/id", "the decision names the partner it nudges",
		locator.RuleProfileComplete),
	casetest.Required("locator.route", "/partners/*/partner/agreement_signed", "the agreement every eligible partner has signed",
		locator.RuleAgreement),
	casetest.Required("locator.route", "/partners/*/partner/track", "the track key",
		locator.RuleOrderTrack),
	casetest.Required("locator.route", "/partners/*/partner/standing", "good standing",
		locator.RuleStanding),
	casetest.Required("locator.route", "/partners/*/locations/*/country", "the country a location serves",
		locator.RuleCoverage, locator.RuleOrderInCountry),
	{Op: "locator.profile", Pointer: "/locations/*/country", Schema: true, Form: true,
		Why: "a location is a country; the profile reads only whether there is one"},
}

// TestRequiredExactlyWhenRead holds the inputs of locator to "a member is
// required exactly when the decision reads it" (see casetest.Requirements
// and casetest.GoRequirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	haveCaseBook(t)
	pkg := channelpolicy.Locator()
	cases := casetest.Load(t, caseDir)
	casetest.Requirements(t, pkg, cases, requires)
	t.Run("go", func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, requires, decideGo) })
}

func decideGo(c casebook.Case, input any) error {
	pol := locator.Default()
	if len(c.Policy) > 0 {
		var err error
		if pol, err = locator.ParsePolicy(pol, c.Policy); err != nil {
			return err
		}
	}
	var err error
	switch x := input.(type) {
	case *locator.RouteInput:
		_, err = pol.Route(*x)
	case *locator.Profile:
		_, err = pol.Profile(*x)
	default:
		err = fmt.Errorf("no Go entry point for %T", x)
	}
	return err
}
