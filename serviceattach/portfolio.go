package serviceattach

import (
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// PortfolioDecision is the outcome of many registrations judged together.
type PortfolioDecision struct {
	// Entries are the registrations' outcomes, in input order.
	Entries []Entry `json:"entries"`
	// Reasons are the portfolio rules that changed an outcome, entry by
	// entry in input order, or a single no-conflict reason.
	Reasons []program.Reason `json:"reasons"`
	// Next asks Ecosystem Ops to review when an entry needs review.
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Entry is one registration's outcome within a portfolio.
type Entry struct {
	ID      string  `json:"id"`
	Outcome Outcome `json:"outcome"`
	// Reasons are the classification's reasons when the portfolio rules
	// leave it alone, or the portfolio reasons that overrode it.
	Reasons []program.Reason `json:"reasons"`
	// Classification is the registration judged on its own.
	Classification Decision `json:"classification"`
}

// Portfolio classifies regs and then applies the rules that span
// registrations: only the earliest qualifying (approved or accepted)
// registration of an opportunity qualifies, and a SOW (or acknowledgement)
// counts for one registration only. A later qualifying registration that
// shares an opportunity or a document with an earlier one is unqualified,
// or needs_review when it is flagged as a multi-phase project driving an
// add-on or upsell. "Earliest" is by registration submission date;
// qualifying registrations that share an opportunity or document and were
// submitted the same day need review, since none is earliest. A
// registration that needs review or was overridden does not block later
// ones; one that ties does, until a person decides.
//
// A registration whose classification needs review for a missing date
// qualifies here when an accepted route holds for it whatever the date
// (its PSP compliance is certain): it blocks later ones and keeps its
// needs_review outcome. Without such a route it blocks nothing until a
// person decides, but an earlier qualifying registration still takes the
// opportunity or document from it.
//
// Every registration needs an ID, an opportunity ID unless its stage is
// none, and an evidence ID when it has evidence. regs is the "registrations"
// member of the serviceattach.portfolio input, so an input error locates
// each problem with a JSON Pointer into {"registrations": [...]}:
// "/registrations/2/opportunity/id" for the third registration's opportunity
// ID, "/registrations" for an empty list.
func (p Policy) Portfolio(regs []Registration) (PortfolioDecision, error) {
	if !p.usable() {
		return PortfolioDecision{}, p.Validate()
	}
	var pr program.Problems
	if len(regs) == 0 {
		pr.Add("/registrations", "required: at least one registration")
	}
	seen := map[string]int{}
	for i := range regs {
		r := &regs[i]
		f := program.Index("/registrations", i)
		r.Check(&pr, f)
		switch j, dup := seen[r.ID]; {
		case r.ID == "":
			pr.Add(program.Path(f, "id"), "required: an ID to name the registration by")
		case dup:
			pr.Add(program.Path(f, "id"), "%q is also the ID of the registration at %s", r.ID, program.Index("/registrations", j))
		default:
			seen[r.ID] = i
		}
		if r.Opportunity.Stage != program.StageNone && r.Opportunity.ID == "" {
			pr.Add(program.Path(f, "opportunity", "id"), "required: the opportunity ID tells registrations of one opportunity apart")
		}
		if r.Evidence != nil && r.Evidence.ID == "" {
			pr.Add(program.Path(f, "evidence", "id"), "required: the document ID keeps each document to one registration")
		}
	}
	if err := pr.Err(); err != nil {
		return PortfolioDecision{}, err
	}

	d := PortfolioDecision{Entries: make([]Entry, len(regs)), PolicyVersion: p.Version}
	for i := range regs {
		c := p.classify(&regs[i])
		d.Entries[i] = Entry{ID: regs[i].ID, Outcome: c.Outcome, Reasons: c.Reasons, Classification: c}
	}

	order := make([]int, len(regs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return regs[a].Submitted.Compare(regs[b].Submitted) })

	// qualifies: approved, accepted, or under review with an accepted
	// route that holds; undecided: under review, and qualifying only if the
	// review finds so.
	qualifies := func(i int) bool { return d.Entries[i].Classification.PSPCompliance }
	undecided := func(i int) bool {
		c := &d.Entries[i].Classification
		return c.Outcome == NeedsReview && !c.PSPCompliance
	}
	oppHolder := map[string]int{}
	docHolder := map[string]int{}
	overridden := make([][]program.Reason, len(regs))
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && regs[order[end]].Submitted == regs[order[start]].Submitted {
			end++
		}
		day := order[start:end]
		var free []int // qualifying and not blocked by an earlier day
		for _, i := range day {
			if !qualifies(i) && !undecided(i) {
				continue
			}
			r := &regs[i]
			var why []program.Reason
			if h, ok := oppHolder[r.Opportunity.ID]; ok {
				why = append(why, program.NewReason(RuleOnePerOpportunity, SectionHowItWorks, program.Applied, "registration "+regs[h].ID+" (submitted "+regs[h].Submitted.String()+") already qualifies for opportunity "+r.Opportunity.ID))
			}
			if e := r.Evidence; e != nil {
				if h, ok := docHolder[e.ID]; ok {
					why = append(why, program.NewReason(RuleOnePerSOW, SectionHowItWorks, program.Applied, e.noun()+" "+e.ID+" already counts for registration "+regs[h].ID+" (submitted "+regs[h].Submitted.String()+")"))
				}
			}
			if why == nil {
				if qualifies(i) {
					free = append(free, i)
				}
				continue
			}
			if r.MultiPhaseUpsell {
				why = append(why, program.NewReason(RuleMultiPhase, SectionHowItWorks, program.Applied, "flagged as a multi-phase project driving an add-on or upsell: Ecosystem Ops decides case by case"))
			}
			overridden[i] = why
		}
		for _, i := range free {
			var others []string
			for _, j := range free {
				if j != i && sharesWith(&regs[i], &regs[j]) {
					others = append(others, regs[j].ID)
				}
			}
			if others != nil {
				overridden[i] = []program.Reason{program.NewReason(RuleSameDay, SectionHowItWorks, program.Applied, "submitted "+regs[i].Submitted.String()+", the same day as "+strings.Join(others, ", ")+", which share its opportunity or document; none is earliest")}
			}
		}
		for _, i := range free {
			r := &regs[i]
			if _, ok := oppHolder[r.Opportunity.ID]; !ok {
				oppHolder[r.Opportunity.ID] = i
			}
			if e := r.Evidence; e != nil {
				if _, ok := docHolder[e.ID]; !ok {
					docHolder[e.ID] = i
				}
			}
		}
		start = end
	}

	for i, why := range overridden {
		if why == nil {
			continue
		}
		e := &d.Entries[i]
		e.Reasons = why
		e.Outcome = Unqualified
		if regs[i].MultiPhaseUpsell || why[0].Rule == RuleSameDay {
			e.Outcome = NeedsReview
		}
		d.Reasons = append(d.Reasons, why...)
	}
	for _, e := range d.Entries {
		if e.Outcome == NeedsReview {
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registrations marked needs_review"}
			break
		}
	}
	if d.Reasons == nil {
		d.Reasons = []program.Reason{program.NewReason(RuleNoConflict, SectionHowItWorks, program.Applied, "no two qualifying registrations share an opportunity or a document")}
	}
	return d, nil
}

func sharesWith(a, b *Registration) bool {
	if a.Opportunity.ID == b.Opportunity.ID {
		return true
	}
	return a.Evidence != nil && b.Evidence != nil && a.Evidence.ID == b.Evidence.ID
}
