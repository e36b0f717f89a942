package nfr_test

import (
	"regexp"
	"testing"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

var digits = regexp.MustCompile(`[0-9]+`)

// A partner holding exactly its cap holds all it may and no more (License
// Allocation: "up to 25"). Its allowance line must not read as one over
// the cap: with the numbers masked, the reason for 25 Ultimate SaaS seats
// held differs from the reason for 26. (Texts may be reworded; the two
// cases must stay worded apart.)
func TestAllowanceAtTheCapDoesNotReadAsOverIt(t *testing.T) {
	saas := func(held int) (string, nfr.LicenseLine) {
		t.Helper()
		a, err := nfr.Default().Allowance(nfr.Holdings{
			Partner: program.Partner{AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
				Employees: program.Employees{SolutionArchitects: 1}},
			Held: []nfr.Held{{License: nfr.UltimateSaaS, Seats: held}},
		})
		if err != nil {
			t.Fatal(err)
		}
		// One reason per license type, in LicenseTypes order: SaaS is the second.
		if a.Reasons[1].Rule != nfr.RuleRemaining || a.Licenses[1].License != nfr.UltimateSaaS {
			t.Fatalf("reason %s for %s; want %s for %s", a.Reasons[1].Rule, a.Licenses[1].License, nfr.RuleRemaining, nfr.UltimateSaaS)
		}
		return a.Reasons[1].Text(), a.Licenses[1]
	}
	at, atLine := saas(25)
	over, overLine := saas(26)
	if atLine.Cap != 25 || atLine.Remaining != 0 || overLine.Remaining != 0 {
		t.Fatalf("lines %+v and %+v; want a cap of 25 and none remaining", atLine, overLine)
	}
	if digits.ReplaceAllString(at, "#") == digits.ReplaceAllString(over, "#") {
		t.Errorf("at the cap the reason reads as over it:\n  25 held: %s\n  26 held: %s", at, over)
	}
}
