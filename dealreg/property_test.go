package dealreg_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestResolveHasAtMostOneWinner resolves many generated competitions — a mix
// of pending, approved, expired, denied and unsupported registrations, with
// deliberate ties — and checks the exclusivity invariant on each.
func TestResolveHasAtMostOneWinner(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := at("2026-01-05T09:00:00Z")
	now := at("2026-06-01T09:00:00Z")
	p := dealreg.Default()
	outcomes := map[dealreg.ResolutionOutcome]int{}
	for n := 0; n < 2000; n++ {
		var c dealreg.Competition
		for i := range 1 + rng.IntN(5) {
			r := registration()
			r.ID = fmt.Sprintf("reg-%d", i)
			r.SubmittedAt = base.Add(time.Duration(rng.IntN(6)) * 24 * time.Hour * 20) // ties are likely
			r.LocalSupport = ptr(rng.IntN(5) != 0)
			switch rng.IntN(4) {
			case 0: // pending at the ESM
			case 1:
				r.Opportunity.Stage = program.StageNone // approved at submission; may have expired
			case 2:
				r.ESM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: r.SubmittedAt.Add(time.Hour)}
			case 3:
				r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: r.SubmittedAt.Add(time.Hour)}
				r.ASM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: r.SubmittedAt.Add(48 * time.Hour)}
			}
			c.Registrations = append(c.Registrations, r)
		}
		res, err := p.Resolve(c, now)
		if err != nil {
			t.Fatal(err)
		}
		checkResolution(t, c, res)
		outcomes[res.Outcome]++
	}
	for _, o := range []dealreg.ResolutionOutcome{dealreg.HasWinner, dealreg.ResolutionNeedsReview, dealreg.NoWinner} {
		if outcomes[o] == 0 {
			t.Errorf("the generator never produced outcome %s; it is not exercising the rules", o)
		}
	}
}
