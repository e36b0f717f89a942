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
	Registrations []Registration `json:"registrations" jsonschema:"required,minItems=1" require:"id,local_support"`
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
	if err := p.validateCompetition(&c, now); err != nil {
		return Resolution{}, err
	}
	regs := c.Registrations
	loc := p.TimeZone.Location()
	res := Resolution{PolicyVersion: p.Version, Entries: make([]Entry, len(regs))}
	var competing, holders []int
	decisions := make([]Decision, len(regs))
	for i := range regs {
		r := &regs[i]
		d := p.route(r, now)
		decisions[i] = d
		en := &res.Entries[i]
		en.Registration, en.Route = r.ID, d.Outcome
		e := newExplainer(loc)
		switch {
		case d.Outcome == Rejected || d.Outcome == Denied:
			en.Placing = Dropped
			e.add(conflictRules[0]).s("routed as ").s(string(d.Outcome)).s(", so it does not compete")
		case d.Outcome == Approved && d.Status == Expired:
			en.Placing = Dropped
			e.add(conflictRules[1]).s("its approval expired at ").t(d.ExpiresAt).s(" and no longer holds the opportunity")
		case !*r.LocalSupport:
			en.Placing = Dropped
			e.add(conflictRules[2]).s("the partner cannot deliver in-country or in-region support for this customer")
		default:
			competing = append(competing, i)
			if d.Outcome == Approved {
				holders = append(holders, i)
			}
			continue
		}
		en.Reason = e.done()[0]
	}
	slices.SortStableFunc(competing, func(a, b int) int { return regs[a].SubmittedAt.Compare(regs[b].SubmittedAt) })
	slices.SortStableFunc(holders, func(a, b int) int { return regs[a].SubmittedAt.Compare(regs[b].SubmittedAt) })

	explain := func(i int, pl Placing, rule program.Rule, write func(*explainer)) {
		e := newExplainer(loc)
		write(e.add(rule))
		res.Entries[i].Placing = pl
		res.Entries[i].Reason = e.done()[0]
	}
	switch {
	case len(competing) == 0:
		res.Outcome = NoWinner
	case len(holders) > 1:
		res.Outcome = ResolutionNeedsReview
		first := regs[holders[0]] // holders are sorted by receipt
		for _, i := range competing {
			switch {
			case slices.Contains(holders, i):
				explain(i, PlacingNeedsReview, conflictRules[6], func(e *explainer) {
					e.s("approved and unexpired like ").i(len(holders) - 1).s(" other registration(s) for this opportunity: a person decides which holds it")
				})
			case !regs[i].SubmittedAt.After(first.SubmittedAt):
				explain(i, PlacingNeedsReview, conflictRules[5], func(e *explainer) {
					e.s("received at ").t(regs[i].SubmittedAt).s(", not after the earliest approved registration ").s(first.ID).s(" (received ").t(first.SubmittedAt).s("): a person decides")
				})
			default:
				explain(i, Lost, conflictRules[4], func(e *explainer) {
					e.s("received at ").t(regs[i].SubmittedAt).s(", after ").s(first.ID).s(", and other registrations already hold approvals")
				})
			}
		}
	case len(holders) == 1:
		h := holders[0]
		hr, d := &regs[h], decisions[h]
		earlier := 0
		for _, i := range competing {
			if i != h && !regs[i].SubmittedAt.After(hr.SubmittedAt) {
				earlier++
				explain(i, PlacingNeedsReview, conflictRules[5], func(e *explainer) {
					e.s("received at ").t(regs[i].SubmittedAt).s(", not after the approved registration ").s(hr.ID).s(" (received ").t(hr.SubmittedAt).s("): a person decides")
				})
			}
		}
		for _, i := range competing {
			if regs[i].SubmittedAt.After(hr.SubmittedAt) {
				explain(i, Lost, conflictRules[4], func(e *explainer) {
					e.s("received at ").t(regs[i].SubmittedAt).s(", after ").s(hr.ID).s(", which is approved and active until ").t(d.ExpiresAt)
				})
			}
		}
		pl := Won
		if earlier > 0 {
			pl = PlacingNeedsReview
			res.Outcome = ResolutionNeedsReview
		} else {
			res.Outcome, res.Winner = HasWinner, hr.ID
		}
		explain(h, pl, conflictRules[3], func(e *explainer) {
			e.s("approved at ").t(d.ApprovedAt).s(" and active until ").t(d.ExpiresAt).s(": it holds the opportunity")
		})
	default:
		first := regs[competing[0]].SubmittedAt
		tied := 0
		for _, i := range competing {
			if regs[i].SubmittedAt.Equal(first) {
				tied++
			}
		}
		for _, i := range competing {
			switch {
			case tied > 1 && regs[i].SubmittedAt.Equal(first):
				explain(i, PlacingNeedsReview, conflictRules[9], func(e *explainer) {
					e.s("received at ").t(first).s(", the same instant as ").i(tied - 1).s(" other registration(s): the customer relationship decides, so a person must")
				})
			case regs[i].SubmittedAt.Equal(first):
				res.Outcome, res.Winner = HasWinner, regs[i].ID
				explain(i, Won, conflictRules[7], func(e *explainer) {
					e.s("received first among the competing registrations, at ").t(first)
				})
			default:
				explain(i, Lost, conflictRules[8], func(e *explainer) {
					e.s("received at ").t(regs[i].SubmittedAt).s(", after the earliest at ").t(first)
				})
			}
		}
		if tied > 1 {
			res.Outcome = ResolutionNeedsReview
		}
	}
	return res, nil
}

func (p *Policy) validateCompetition(c *Competition, now time.Time) error {
	if !p.usable() {
		return p.Validate()
	}
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(nowRequired())
	}
	if len(c.Registrations) == 0 {
		pr.Add("/registrations", "required: at least one registration")
	}
	seen := make(map[string]int, len(c.Registrations))
	// The opportunity IDs given must agree; a registration without one
	// (its opportunity may not be in the CRM yet) is taken as the caller
	// sends it, for the same opportunity.
	oppAt := -1
	for i := range c.Registrations {
		r := &c.Registrations[i]
		where := place{i}
		if r.ID == "" {
			pr.Add(where.ptr("id"), "required: competing registrations are told apart by ID")
		} else if j, dup := seen[r.ID]; dup {
			pr.Add(where.ptr("id"), "%q is also the ID of /registrations/%d", r.ID, j)
		} else {
			seen[r.ID] = i
		}
		if r.LocalSupport == nil {
			pr.Add(where.ptr("local_support"), "required: whether the partner can deliver in-country or in-region support")
		}
		switch o := r.Opportunity.ID; {
		case o == "":
		case oppAt < 0:
			oppAt = i
		case o != c.Registrations[oppAt].Opportunity.ID:
			pr.Add(where.ptr("opportunity", "id"), "%q differs from /registrations/%d's %q; resolve one opportunity at a time", o, oppAt, c.Registrations[oppAt].Opportunity.ID)
		}
		at := now
		if at.IsZero() {
			at = r.SubmittedAt
		}
		p.check(&pr, where, r, at)
	}
	return pr.Err()
}
