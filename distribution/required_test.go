package distribution_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// requires lists every member the inputs of distribution require (the
// decoder refuses the input without it, the schema says so, and the Go
// entry point refuses a zero value), with the rules that read it. Nothing
// else may be required: a member is required exactly when the decision
// reads it. Tagging an unread member required (the partner's standing,
// say) fails TestRequiredExactlyWhenRead; so does listing a member no
// change of which changes a decision.
//
// Members the decisions read but that have a meaning when left out are not
// here, and may be left out: /customer/public_sector (not a public-sector
// customer), /partner/marketplaces (enrolled in none), the order's end-user
// details and invoice contact (missing ones are order problems), its
// instants (the event has not happened) and /eula/method (the policy's
// default).
var requires = []casetest.Requirement{
	casetest.Required("distribution.territory", "/partner", "holds the country",
		distribution.RuleTerritoryCountry),
	casetest.Required("distribution.territory", "/partner/country", "the country places the sale",
		distribution.RuleTerritoryCountry, distribution.RuleTerritoryRegion, distribution.RuleTerritoryUnlisted, distribution.RuleTerritoryUSPubSec),
	casetest.Required("distribution.path", "/partner", "holds the country and the track",
		distribution.RuleSelectDirect, distribution.RuleOpenDistributor),
	casetest.Required("distribution.path", "/partner/country", "the territory rules, and which distributors serve the country",
		distribution.RuleTerritoryCountry, distribution.RuleOpenDistributor, distribution.RuleAlternativeDistributor),
	casetest.Required("distribution.path", "/partner/track", "Select partners buy direct or through a distributor; Open partners through a distributor",
		distribution.RuleSelectDirect, distribution.RuleSelectDistributor, distribution.RuleOpenDistributor, distribution.RuleNoDistributorDirect),
	casetest.Required("distribution.quote", "/partner", "holds the country",
		distribution.RuleQuoteAPJ, distribution.RuleQuoteSalesTeam, distribution.RuleQuoteUnassigned),
	casetest.Required("distribution.quote", "/partner/country", "the territory rules, whose quote region picks the APJ portal, the sales team or none",
		distribution.RuleQuoteAPJ, distribution.RuleQuoteSalesTeam, distribution.RuleQuoteUnassigned),
	{Op: "distribution.quote", Pointer: "/requested_at",
		When: func(s casetest.Situation) bool {
			return !s.Decision.(distribution.QuoteDecision).Due.IsZero()
		},
		Rules: []program.RuleID{distribution.RuleQuoteAPJ},
		Why:   "the due instant, where the quote process promises a turnaround (APJ)"},
	casetest.Required("distribution.order", "/kind", "whether the order kind needs an executed EULA",
		distribution.RuleEULANotRequired, distribution.RuleEULALicenseKey, distribution.RuleEULACountersigned),
}

// TestRequiredExactlyWhenRead holds the inputs of distribution to "a member
// is required exactly when the decision reads it", on every deciding case
// of the case book, through JSON (see casetest.Requirements) and through
// the Go entry points (see casetest.GoRequirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	pkg := channelpolicy.Distribution()
	cases := casetest.Load(t, "../testdata/distribution")
	casetest.Requirements(t, pkg, cases, requires)
	t.Run("go", func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, requires, decideGo) })
}

// decideGo decides input (a pointer to an operation's input type) with the
// package's Go entry point under c's policy: what a Go caller gets.
func decideGo(c casebook.Case, input any) error {
	pol := distribution.Default()
	if len(c.Policy) > 0 {
		var err error
		if pol, err = distribution.ParsePolicy(pol, c.Policy); err != nil {
			return err
		}
	}
	var err error
	switch x := input.(type) {
	case *distribution.Transaction:
		_, err = pol.Territory(*x)
	case *distribution.PathRequest:
		_, err = pol.Path(*x)
	case *distribution.QuoteRequest:
		_, err = pol.Quote(*x)
	case *distribution.Order:
		_, err = pol.CheckOrder(*x, c.Now)
	default:
		err = fmt.Errorf("no Go entry point for %T", x)
	}
	return err
}
