package dealreg

import (
	"slices"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Competition is a set of registrations competing for one opportunity. Each
// must carry its ID, by which the resolution names it, and whether its
// partner can support the customer locally, which decides whether it
// competes; [Policy.Route] reads neither.
type Competition struct {
	Registrations []Registration `json:"registrations" jsonschema:"required,minItems=1,maxItems=1000" require:"id,local_support"`
}

// Placing is how one registration fares in a competition.
type Placing string

const (
	Won                Placing = "won"
	Lost               Placing = "lost"
	Dropped            Placing = "dropped"
	PlacingNeedsReview Placing = "needs_review"
)

// ResolutionOutcome is the result of a competition as a whole.
type ResolutionOutcome string

const (
	// HasWinner: exactly one registration won.
	HasWinner ResolutionOutcome = "winner"
	// ResolutionNeedsReview: the rules cannot pick one; a person must.
	ResolutionNeedsReview ResolutionOutcome = "needs_review"
	// NoWinner: every registration dropped out.
	NoWinner ResolutionOutcome = "no_winner"
)

// Entry is one registration's place in a competition.
type Entry struct {
	Registration string  `json:"registration"`
	Placing      Placing `json:"placing"`
	// Route is the registration's own routing outcome at now.
	Route  Outcome        `json:"route"`
	Reason program.Reason `json:"reason"`
}

// Resolution decides a competition: at most one winner, and every other
// registration's place with its reason. Entries are in input order.
type Resolution struct {
	Outcome       ResolutionOutcome `json:"outcome"`
	Winner        string            `json:"winner,omitempty"`
	Entries       []Entry           `json:"entries"`
	PolicyVersion string            `json:"policy_version"`
}

// Resolve decides which of several registrations for one opportunity earns
// the deal-registration margin at now. Each registration is routed first.
// Rejected or denied registrations, expired approvals and partners that
// cannot support the customer in-country or in-region drop out. An
// approved, unexpired registration holds the opportunity against every
// registration received after it. Without such a holder, the earliest
// received of the rest wins. Whatever the rules cannot settle — registrations
// received at the same instant, one received before an approved holder, two
// holders — is needs_review. An input error locates each bad value with a
// JSON Pointer into the competition document ("/registrations/1/opportunity/id").
func (p Policy) Resolve(c Competition, now time.Time) (Resolution, error) {
	rd, err := p.checked()
	if err != nil {
		return Resolution{}, err
	}
	if err := p.validateCompetition(rd, &c, now); err != nil {
		return Resolution{}, err
	}
	regs := c.Registrations
	res := Resolution{PolicyVersion: p.Version, Entries: make([]Entry, len(regs))}
	// One allocation holds the routing facts of every registration and the
	// two orders the phases below share.
	work := make([]routed, len(regs))
	order := make([]int, 2*len(regs))
	competing, holders := order[:0:len(regs)], order[len(regs):len(regs)]

	// Route each registration and drop those that do not compete.
	for i := range regs {
		w := &work[i]
		var d Decision
		var s sheet
		if !rd.scan(&regs[i], now, &s) {
			panic("dealreg: a registration checked valid that its routing refuses")
		}
		p.decide(rd, &regs[i], &s, false, &d)
		w.outcome, w.status, w.approvedAt, w.expiresAt = d.Outcome, d.Status, d.ApprovedAt, d.ExpiresAt
		res.Entries[i].Registration, res.Entries[i].Route = regs[i].ID, d.Outcome
		switch {
		case d.Outcome == Rejected || d.Outcome == Denied:
			var f program.Facts
			f.S[cWord] = string(d.Outcome)
			res.place(i, Dropped, 0, f)
		case d.Outcome == Approved && d.Status == Expired:
			var f program.Facts
			f.SetInstant(cAt, d.ExpiresAt, rd.loc)
			res.place(i, Dropped, 1, f)
		case !*regs[i].LocalSupport:
			res.place(i, Dropped, 2, program.Facts{})
		default:
			competing = append(competing, i)
			if d.Outcome == Approved {
				holders = append(holders, i)
			}
		}
	}

	// Rank the rest by receipt, then place each.
	byReceipt := func(a, b int) int { return instantOf(regs[a].SubmittedAt).compare(instantOf(regs[b].SubmittedAt)) }
	slices.SortStableFunc(competing, byReceipt)
	slices.SortStableFunc(holders, byReceipt)
	received := func(i int, other time.Time, id string) program.Facts {
		var f program.Facts
		f.SetInstant(cAt, regs[i].SubmittedAt, rd.loc).SetInstant(cOther, other, rd.loc)
		f.S[cID] = id
		return f
	}
	switch {
	case len(competing) == 0:
		res.Outcome = NoWinner
	case len(holders) > 1:
		res.Outcome = ResolutionNeedsReview
		first := &regs[holders[0]] // holders are sorted by receipt
		for _, i := range competing {
			switch {
			case slices.Contains(holders, i):
				var f program.Facts
				f.SetInt(cCount, len(holders)-1)
				res.place(i, PlacingNeedsReview, 6, f)
			case !instantOf(regs[i].SubmittedAt).after(instantOf(first.SubmittedAt)):
				f := received(i, first.SubmittedAt, first.ID)
				f.N[cMultiple] = 1
				res.place(i, PlacingNeedsReview, 5, f)
			default:
				f := received(i, time.Time{}, first.ID)
				f.N[cMultiple] = 1
				res.place(i, Lost, 4, f)
			}
		}
	case len(holders) == 1:
		h := holders[0]
		hr, hw := &regs[h], &work[h]
		earlier := 0
		for _, i := range competing {
			switch {
			case i == h:
			case !instantOf(regs[i].SubmittedAt).after(instantOf(hr.SubmittedAt)):
				earlier++
				res.place(i, PlacingNeedsReview, 5, received(i, hr.SubmittedAt, hr.ID))
			default:
				res.place(i, Lost, 4, received(i, hw.expiresAt, hr.ID))
			}
		}
		pl := Won
		if earlier > 0 {
			pl = PlacingNeedsReview
			res.Outcome = ResolutionNeedsReview
		} else {
			res.Outcome, res.Winner = HasWinner, hr.ID
		}
		var f program.Facts
		f.SetInstant(cAt, hw.approvedAt, rd.loc).SetInstant(cOther, hw.expiresAt, rd.loc)
		res.place(h, pl, 3, f)
	default:
		first := regs[competing[0]].SubmittedAt
		tied := 0
		for _, i := range competing {
			if instantOf(regs[i].SubmittedAt) == instantOf(first) {
				tied++
			}
		}
		for _, i := range competing {
			switch {
			case tied > 1 && instantOf(regs[i].SubmittedAt) == instantOf(first):
				f := received(i, time.Time{}, "")
				f.SetInt(cCount, tied-1)
				res.place(i, PlacingNeedsReview, 9, f)
			case instantOf(regs[i].SubmittedAt) == instantOf(first):
				res.Outcome, res.Winner = HasWinner, regs[i].ID
				res.place(i, Won, 7, received(i, time.Time{}, ""))
			default:
				res.place(i, Lost, 8, received(i, first, ""))
			}
		}
		if tied > 1 {
			res.Outcome = ResolutionNeedsReview
		}
	}
	return res, nil
}

// routed is what Resolve keeps of a registration's routing decision.
type routed struct {
	outcome               Outcome
	status                Status
	approvedAt, expiresAt time.Time
}

// place gives entry i its placing and the reason: conflict rule k, with
// facts f.
func (res *Resolution) place(i int, pl Placing, k int, f program.Facts) {
	res.Entries[i].Placing = pl
	res.Entries[i].Reason = conflictRules[k].Cite(program.Applied, f)
}

func (p *Policy) validateCompetition(rd *ready, c *Competition, now time.Time) error {
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(nowRequired())
	}
	if len(c.Registrations) == 0 {
		pr.Add("/registrations", "required: at least one registration")
	}
	ids := program.NewUniqueIDs(len(c.Registrations))
	idOf := func(j int) string { return c.Registrations[j].ID }
	// The opportunity IDs given must agree; a registration without one
	// (its opportunity may not be in the CRM yet) is taken as the caller
	// sends it, for the same opportunity.
	oppAt := -1
	for i := range c.Registrations {
		r := &c.Registrations[i]
		where := place{i}
		if r.ID == "" {
			pr.Add(where.in(&pr, "id"), "required: competing registrations are told apart by ID")
		} else if j, dup := ids.Check(i, r.ID, idOf); dup {
			pr.Add(where.in(&pr, "id"), "%q is also the ID of /registrations/%d", r.ID, j)
		}
		if r.LocalSupport == nil {
			pr.Add(where.in(&pr, "local_support"), "required: whether the partner can deliver in-country or in-region support")
		}
		switch o := r.Opportunity.ID; {
		case o == "":
		case oppAt < 0:
			oppAt = i
		case o != c.Registrations[oppAt].Opportunity.ID:
			pr.Add(where.in(&pr, "opportunity", "id"), "%q differs from /registrations/%d's %q; resolve one opportunity at a time", o, oppAt, c.Registrations[oppAt].Opportunity.ID)
		}
		at := now
		if at.IsZero() {
			at = r.SubmittedAt
		}
		p.check(&pr, rd, where, r, at)
	}
	return pr.Err()
}
