package serviceattach

import (
	"slices"
	"strconv"

	"github.com/channelpolicy/channelpolicy/program"
)

// PortfolioDecision is the outcome of many registrations judged together.
type PortfolioDecision struct {
	// Entries are the registrations' outcomes, in input order.
	Entries []Entry `json:"entries"`
	// Reasons are the portfolio rules that changed an outcome, entry by
	// entry in input order, or a single no-conflict reason.
	Reasons program.Reasons `json:"reasons"`
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
	Reasons program.Reasons `json:"reasons"`
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
	rd, err := p.checked()
	if err != nil {
		return PortfolioDecision{}, err
	}
	if err := checkPortfolio(regs); err != nil {
		return PortfolioDecision{}, err
	}
	d := PortfolioDecision{Entries: make([]Entry, len(regs)), PolicyVersion: p.Version}
	// Scratch: each classification's count of reasons, the registrations
	// in submission order, and the overrides, on the stack for a small
	// portfolio.
	var ints [2 * smallPortfolio]int
	var overrides [smallPortfolio]override
	n := len(regs)
	scratch, out := ints[:], overrides[:]
	if n > smallPortfolio {
		scratch, out = make([]int, 2*n), make([]override, n)
	}
	cited, order, out := scratch[:n], scratch[n:2*n], out[:n]
	// One writer holds every reason of the portfolio, each
	// classification's in input order and then the portfolio rules', so
	// that they are one block, cut into runs once it is done.
	var w program.ReasonWriter
	for i := range regs {
		e, before := &d.Entries[i], w.Len()
		rd.src.classify(&regs[i], &w, &e.Classification)
		cited[i] = w.Len() - before
		e.ID, e.Outcome = regs[i].ID, e.Classification.Outcome
	}
	rankPortfolio(regs, d.Entries, order, out)
	explainPortfolio(regs, &d, out, &w, cited)
	return d, nil
}

// smallPortfolio is how many registrations a portfolio's scratch holds
// on the stack.
const smallPortfolio = 16

// checkPortfolio reports every problem of regs beyond each registration's
// own: IDs, opportunity IDs and document IDs the portfolio rules need.
func checkPortfolio(regs []Registration) error {
	var pr program.Problems
	if len(regs) == 0 {
		pr.Add("/registrations", "required: at least one registration")
	}
	ids := program.NewUniqueIDs(len(regs))
	idOf := func(j int) string { return regs[j].ID }
	for i := range regs {
		r := &regs[i]
		j, dup := ids.Check(i, r.ID, idOf)
		noOpp := r.Opportunity.Stage != program.StageNone && r.Opportunity.ID == ""
		noDoc := r.Evidence != nil && r.Evidence.ID == ""
		valid := r.valid()
		if valid && r.ID != "" && !dup && !noOpp && !noDoc {
			continue // a good registration: no path is built
		}
		f := pr.Index("/registrations", i)
		if !valid {
			r.Check(&pr, f)
		}
		switch {
		case r.ID == "":
			pr.Add(pr.Path(f, "id"), "required: an ID to name the registration by")
		case dup:
			pr.Add(pr.Path(f, "id"), "%q is also the ID of the registration at %s", r.ID, pr.Index("/registrations", j))
		}
		if noOpp {
			pr.Add(pr.Path(f, "opportunity", "id"), "required: the opportunity ID tells registrations of one opportunity apart")
		}
		if noDoc {
			pr.Add(pr.Path(f, "evidence", "id"), "required: the document ID keeps each document to one registration")
		}
	}
	return pr.Err()
}

// override is why a portfolio rule changed a registration's outcome: the
// registration that already holds its opportunity or document, or the
// others submitted the same day that share one with it.
type override struct {
	set                  bool
	oppHolder, docHolder int // -1: none
	multiPhase           bool
	// sameDay counts the same day's sharers, when no holder blocks it;
	// named holds the first of them.
	sameDay int
	named   [3]int
}

// rankPortfolio walks the registrations by submission day and finds the
// ones the portfolio rules override (into out, one per registration, with
// order as scratch): only the earliest qualifying registration of an
// opportunity qualifies, and a document counts for one registration only.
// It takes time linear in the registrations (maps keyed by opportunity and
// document), whatever they share.
func rankPortfolio(regs []Registration, entries []Entry, order []int, out []override) {
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return regs[a].Submitted.Compare(regs[b].Submitted) })

	// qualifies: approved, accepted, or under review with an accepted
	// route that holds; undecided: under review, and qualifying only if the
	// review finds so.
	qualifies := func(i int) bool { return entries[i].Classification.PSPCompliance }
	undecided := func(i int) bool {
		c := &entries[i].Classification
		return c.Outcome == NeedsReview && !c.PSPCompliance
	}
	oppHolder := map[string]int{}
	docHolder := map[string]int{}
	var free []int
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && regs[order[end]].Submitted == regs[order[start]].Submitted {
			end++
		}
		free = free[:0] // qualifying and not blocked by an earlier day
		for _, i := range order[start:end] {
			if !qualifies(i) && !undecided(i) {
				continue
			}
			r := &regs[i]
			o := override{oppHolder: -1, docHolder: -1}
			if h, ok := oppHolder[r.Opportunity.ID]; ok {
				o.oppHolder, o.set = h, true
			}
			if e := r.Evidence; e != nil {
				if h, ok := docHolder[e.ID]; ok {
					o.docHolder, o.set = h, true
				}
			}
			if !o.set {
				if qualifies(i) {
					free = append(free, i)
				}
				continue
			}
			o.multiPhase = r.MultiPhaseUpsell
			out[i] = o
		}
		sameDay(regs, free, out)
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
}

// sameDay overrides each of free (qualifying registrations of one day) that
// shares an opportunity or document with another of them: none is
// earliest. It groups them by opportunity, by document and by both, so its
// time is linear in len(free) however many share.
func sameDay(regs []Registration, free []int, out []override) {
	if len(free) < 2 {
		return
	}
	type pair struct{ opp, doc string }
	byOpp := map[string][]int{}
	byDoc := map[string][]int{}
	both := map[pair]int{}
	for _, i := range free {
		opp := regs[i].Opportunity.ID
		byOpp[opp] = append(byOpp[opp], i)
		if e := regs[i].Evidence; e != nil {
			byDoc[e.ID] = append(byDoc[e.ID], i)
			both[pair{opp, e.ID}]++
		}
	}
	for _, i := range free {
		opp := regs[i].Opportunity.ID
		group := byOpp[opp]
		n := len(group) - 1
		var doc []int
		if e := regs[i].Evidence; e != nil {
			doc = byDoc[e.ID]
			n += len(doc) - both[pair{opp, e.ID}]
		}
		if n == 0 {
			continue
		}
		o := override{set: true, oppHolder: -1, docHolder: -1, sameDay: n}
		k := 0
		for _, j := range group {
			if k == len(o.named) {
				break
			}
			if j != i {
				o.named[k] = j
				k++
			}
		}
		// A document's group members of i's own opportunity are named
		// above; at most len(named) of them are skipped here before
		// another is found or the names are full.
		for _, j := range doc {
			if k == len(o.named) {
				break
			}
			if regs[j].Opportunity.ID != opp {
				o.named[k] = j
				k++
			}
		}
		out[i] = o
	}
}

// explainPortfolio overrides the entries the portfolio rules changed, with
// their reasons, and gives the decision's reasons: those, in input order,
// or the no-conflict reason. w holds the classifications' reasons, cited[i]
// of them for entry i; the portfolio's follow them, and all are cut apart
// from the one block w makes.
func explainPortfolio(regs []Registration, d *PortfolioDecision, overridden []override, w *program.ReasonWriter, cited []int) {
	classified := w.Len()
	for i, o := range overridden {
		if !o.set {
			continue
		}
		if h := o.oppHolder; h >= 0 {
			f := w.Cite(ruleRef[RuleOnePerOpportunity], program.Applied)
			f.S[0], f.S[1] = regs[h].ID, regs[i].Opportunity.ID
			f.SetDate(0, regs[h].Submitted)
		}
		if h := o.docHolder; h >= 0 {
			f := w.Cite(ruleRef[RuleOnePerSOW], program.Applied)
			f.S[0], f.S[1], f.S[2] = regs[h].ID, regs[i].Evidence.ID, regs[i].Evidence.noun()
			f.SetDate(0, regs[h].Submitted)
		}
		if o.multiPhase {
			w.Cite(ruleRef[RuleMultiPhase], program.Applied)
		}
		if o.sameDay > 0 {
			f := w.Cite(ruleRef[RuleSameDay], program.Applied)
			f.SetDate(0, regs[i].Submitted).SetInt(1, o.sameDay)
			for k := range min(o.sameDay, len(o.named)) {
				f.S[k] = regs[o.named[k]].ID
			}
		}
		e := &d.Entries[i]
		e.Outcome = Unqualified
		if regs[i].MultiPhaseUpsell || o.sameDay > 0 {
			e.Outcome = NeedsReview
		}
	}
	if w.Len() == classified {
		w.Cite(ruleRef[RuleNoConflict], program.Applied)
	}
	rest := w.Done()
	for i := range d.Entries {
		e := &d.Entries[i]
		e.Classification.Reasons, rest = rest.Cut(cited[i])
		e.Reasons = e.Classification.Reasons
	}
	// The portfolio's reasons; each overridden entry's are its run of them.
	d.Reasons = rest
	for i := range overridden {
		if n := overridden[i].reasons(); n > 0 {
			d.Entries[i].Reasons, rest = rest.Cut(n)
		}
	}
	for i := range d.Entries {
		if d.Entries[i].Outcome == NeedsReview {
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registrations marked needs_review"}
			break
		}
	}
}

// reasons is how many reasons override o gives.
func (o *override) reasons() int {
	if !o.set {
		return 0
	}
	return b2i(o.oppHolder >= 0) + b2i(o.docHolder >= 0) + b2i(o.multiPhase) + b2i(o.sameDay > 0)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// portfolioText is how a portfolio rule's reason is written.
func portfolioText(id program.RuleID) program.Text {
	switch id {
	case RuleOnePerOpportunity:
		return func(b []byte, f program.Facts) []byte {
			b = f.AppendDate(append(append(append(b, "registration "...), f.S[0]...), " (submitted "...), 0)
			return append(append(b, ") already qualifies for opportunity "...), f.S[1]...)
		}
	case RuleOnePerSOW:
		return func(b []byte, f program.Facts) []byte {
			b = append(append(append(append(append(b, f.S[2]...), ' '), f.S[1]...), " already counts for registration "...), f.S[0]...)
			return append(f.AppendDate(append(b, " (submitted "...), 0), ')')
		}
	case RuleMultiPhase:
		return func(b []byte, _ program.Facts) []byte {
			return append(b, "flagged as a multi-phase project driving an add-on or upsell: Ecosystem Ops decides case by case"...)
		}
	case RuleSameDay:
		return func(b []byte, f program.Facts) []byte {
			b = append(f.AppendDate(append(b, "submitted "...), 0), ", the same day as "...)
			n := f.Int(1)
			for k := range min(n, len(f.S)) {
				if k > 0 {
					b = append(b, ", "...)
				}
				b = append(b, f.S[k]...)
			}
			if n > len(f.S) {
				b = append(strconv.AppendInt(append(b, " and "...), int64(n-len(f.S)), 10), " more"...)
			}
			return append(b, ", which share its opportunity or document; none is earliest"...)
		}
	case RuleNoConflict:
		return func(b []byte, _ program.Facts) []byte {
			return append(b, "no two qualifying registrations share an opportunity or a document"...)
		}
	}
	return nil
}
