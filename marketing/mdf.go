package marketing

import (
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// MDFRequest is one Marketing Development Fund request: what the money is
// for, who takes part, how much, and when.
type MDFRequest struct {
	// ID names the request; unique in a batch.
	ID string `json:"id" jsonschema:"required"`
	// Activity says what the money pays for (an event, a webinar), for
	// people; the rules do not read it.
	Activity string `json:"activity,omitempty"`
	// Purpose is what the activity is for; the program funds pipeline
	// generation.
	Purpose Purpose `json:"purpose" jsonschema:"required"`
	// Participants are who takes part: partners by kind (the requesting
	// partner's own kind included), GitLab, hyperscalers. Left out, nobody
	// is recorded as taking part, and the request meets no tier condition.
	Participants Participants `json:"participants,omitzero"`
	// Amount is the funding asked for: more than zero.
	Amount program.Money `json:"amount" jsonschema:"required,minimum=0"`
	// SubmittedAt is when the request was made: not after the decision.
	SubmittedAt time.Time `json:"submitted_at" jsonschema:"required"`
	// Start and End are the activity's first and last days.
	Start program.Date `json:"start" jsonschema:"required"`
	End   program.Date `json:"end" jsonschema:"required"`
}

// Participants are who takes part in an MDF activity. Each member may be
// left out: none of that kind takes part.
type Participants struct {
	// Partners are the kinds of partners taking part (the requesting
	// partner included).
	Partners []PartnerKind `json:"partners,omitempty" jsonschema:"maxItems=16,uniqueItems=true"`
	// GitLab: GitLab takes part (a speaker, co-funding, a joint event).
	GitLab bool `json:"gitlab,omitempty"`
	// Clouds are the hyperscalers taking part.
	Clouds []Cloud `json:"clouds,omitempty" jsonschema:"maxItems=16,uniqueItems=true"`
}

// MDFDecision is the priority of a batch of MDF requests.
type MDFDecision struct {
	Outcome MDFOutcome `json:"outcome"`
	// Reasons explain the batch: its order, and the requests left to a
	// person.
	Reasons program.Reasons `json:"reasons"`
	// Requests are every request: the ranked ones first, by rank, then
	// those that need review, in input order.
	Requests      []MDFEntry     `json:"requests"`
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// MDFEntry is one request's place in the batch.
type MDFEntry struct {
	ID       string         `json:"id"`
	Activity string         `json:"activity,omitempty"`
	Outcome  RequestOutcome `json:"outcome"`
	// Rank is the request's place among the ranked, from 1; 0 when it
	// needs review.
	Rank int `json:"rank,omitempty"`
	// Tier is the name of its tier, and Score its participants' weight
	// within the tier (ranked requests only).
	Tier    string          `json:"tier,omitempty"`
	Score   int             `json:"score"`
	Amount  program.Money   `json:"amount"`
	Reasons program.Reasons `json:"reasons"`
}

// PrioritizeMDF ranks MDF requests: a request for a purpose the program
// does not fund (or, with the policy's review_ended, for an activity that
// ended before now's day) needs review; every other one is in the first
// tier of the policy whose conditions it meets (default: a resale or
// services partner, GitLab and AWS or Google Cloud all take part; then
// everything else), scored by its participants' weights, and ranked by
// tier, score and the policy's tie-break. Bad input returns an error
// wrapping [program.ErrInvalidInput] whose pointers locate the problems in
// the document {"requests": [...]}.
func (p Policy) PrioritizeMDF(requests []MDFRequest, now time.Time) (MDFDecision, error) {
	rd, err := p.checked()
	if err != nil {
		return MDFDecision{}, err
	}
	if err := checkRequests(requests, now); err != nil {
		return MDFDecision{}, err
	}
	today := program.DateOf(now.UTC())
	entries := make([]MDFEntry, len(requests))
	ints := make([]int, 3*len(requests))
	tiers := ints[:len(requests)] // each ranked request's tier; -1 for review
	ranked := 0
	for i := range requests {
		r := &requests[i]
		e := &entries[i]
		*e = MDFEntry{ID: r.ID, Activity: r.Activity, Amount: r.Amount, Outcome: Ranked}
		tiers[i] = -1
		funded := rd.funded&(1<<slices.Index(Purposes, r.Purpose)) != 0
		ended := p.MDF.ReviewEnded && r.End.Before(today)
		if !funded || ended {
			e.Outcome = NeedsReview
			continue
		}
		have := rd.have(&r.Participants)
		tiers[i] = len(rd.tiers) - 1
		for t, need := range rd.tiers {
			if need&^have == 0 {
				tiers[i] = t
				break
			}
		}
		e.Tier, e.Score = p.MDF.Tiers[tiers[i]].Name, rd.score(&r.Participants)
		ranked++
	}

	// Rank: sort the indices of the ranked requests.
	order := ints[len(requests):len(requests)]
	for i := range requests {
		if tiers[i] >= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := tiers[a] - tiers[b]; c != 0 {
			return c
		}
		if c := entries[b].Score - entries[a].Score; c != 0 {
			return c
		}
		return p.MDF.tieBreak(&requests[a], &requests[b])
	})
	for r, i := range order {
		entries[i].Rank = r + 1
	}

	// Explain each request, then the batch, with one writer: the batch's
	// reasons are one block, cut into each request's run and the batch's
	// own (ends[i] counts the reasons up to request i's last).
	var ex explainer
	ends := ints[2*len(requests):]
	for i := range requests {
		r, e := &requests[i], &entries[i]
		funded := rd.funded&(1<<slices.Index(Purposes, r.Purpose)) != 0
		ex.purpose(r, funded, rd)
		if e.Outcome == NeedsReview {
			if funded {
				ex.ended(r, today)
			}
			ends[i] = ex.w.Len()
			continue
		}
		have := rd.have(&r.Participants)
		for k, c := range Conditions {
			if rd.conds&(1<<k) == 0 {
				continue
			}
			switch c {
			case CondPartner:
				ex.condition(c, r, have&(1<<k) != 0, rd.partners, mask(r.Participants.Partners, PartnerKinds))
			case CondGitLab:
				ex.condition(c, r, r.Participants.GitLab, 1, uint8(b2i(r.Participants.GitLab)))
			case CondHyperscaler:
				ex.condition(c, r, have&(1<<k) != 0, rd.clouds, mask(r.Participants.Clouds, Clouds))
			}
		}
		ex.tier(r, e, tiers[i], len(rd.tiers), ranked)
		ends[i] = ex.w.Len()
	}
	if ranked > 0 {
		ex.order(ranked, len(requests), entries[order[0]].ID, p.MDF.TieBreak)
	}
	review := len(requests) - ranked
	if review > 0 {
		ex.review(entries, review)
	}
	rest, start := ex.done(), 0
	for i := range entries {
		entries[i].Reasons, rest = rest.Cut(ends[i] - start)
		start = ends[i]
	}
	// The entries go in place to where the decision lists them: the ranked
	// by rank, then those that need review in input order (pos, over the
	// tiers no longer needed, is where each goes).
	pos, k := tiers, 0
	for _, i := range order {
		pos[i], k = k, k+1
	}
	for i := range entries {
		if entries[i].Outcome == NeedsReview {
			pos[i], k = k, k+1
		}
	}
	for i := range entries {
		for j := pos[i]; j != i; j = pos[i] {
			entries[i], entries[j] = entries[j], entries[i]
			pos[i], pos[j] = pos[j], j
		}
	}
	d := MDFDecision{Reasons: rest, Outcome: Ordered, PolicyVersion: p.Version, Requests: entries}
	if review > 0 {
		d.Outcome = BatchNeedsReview
		d.Next = program.Action{Actor: program.ActorESM,
			What: "decide the requests left unranked: a purpose the MDF program does not fund, or an activity already over"}
	}
	return d, nil
}

// have is the set of conditions a request's participants meet, by index
// in Conditions.
func (rd *ready) have(pt *Participants) uint8 {
	var m uint8
	if mask(pt.Partners, PartnerKinds)&rd.partners != 0 {
		m |= 1 << slices.Index(Conditions, CondPartner)
	}
	if pt.GitLab {
		m |= 1 << slices.Index(Conditions, CondGitLab)
	}
	if mask(pt.Clouds, Clouds)&rd.clouds != 0 {
		m |= 1 << slices.Index(Conditions, CondHyperscaler)
	}
	return m
}

// score is the sum of the weights of a request's participants.
func (rd *ready) score(pt *Participants) int {
	s := 0
	for _, k := range pt.Partners {
		s += rd.partnerWeight[slices.Index(PartnerKinds, k)]
	}
	if pt.GitLab {
		s += rd.src.MDF.Weights.GitLab
	}
	for _, c := range pt.Clouds {
		s += rd.cloudWeight[slices.Index(Clouds, c)]
	}
	return s
}

// tieBreak compares two requests by the policy's tie-break keys.
func (m *MDFPolicy) tieBreak(a, b *MDFRequest) int {
	for _, k := range m.TieBreak {
		var c int
		switch k {
		case TieSubmitted:
			c = a.SubmittedAt.Compare(b.SubmittedAt)
		case TieStart:
			c = a.Start.Compare(b.Start)
		case TieAmount:
			if c = strings.Compare(string(a.Amount.Currency), string(b.Amount.Currency)); c == 0 {
				c = a.Amount.Amount.Cmp(b.Amount.Amount)
			}
		case TieID:
			c = strings.Compare(a.ID, b.ID)
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// checkRequests reports every problem of requests, with pointers into the
// document {"requests": [...]}.
func checkRequests(requests []MDFRequest, now time.Time) error {
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(&program.FieldError{Parameter: "now", Detail: "required: the instant to decide at (RFC 3339)"})
	}
	if len(requests) == 0 {
		pr.Add("/requests", "required: at least one request")
	}
	ids := program.NewUniqueIDs(len(requests))
	idOf := func(j int) string { return requests[j].ID }
	for i := range requests {
		r := &requests[i]
		_, dup := ids.Check(i, r.ID, idOf)
		if !dup && r.valid(now) {
			continue
		}
		at := pr.Index("/requests", i)
		if dup {
			pr.Add(pr.Path(at, "id"), "request %q is listed more than once", r.ID)
		}
		r.check(&pr, at, now)
	}
	return pr.Err()
}

// valid reports quickly, without allocating, whether r has no problem.
func (r *MDFRequest) valid(now time.Time) bool {
	pt := &r.Participants
	ok := !now.IsZero() && r.ID != "" && r.Purpose.Valid() && r.Amount.Currency.Valid() && r.Amount.Amount.Sign() > 0 &&
		!r.SubmittedAt.IsZero() && !r.SubmittedAt.After(now) && r.Start.Valid() && r.End.Valid() && !r.End.Before(r.Start)
	for j, k := range pt.Partners {
		ok = ok && k.Valid() && !slices.Contains(pt.Partners[:j], k)
	}
	for j, c := range pt.Clouds {
		ok = ok && c.Valid() && !slices.Contains(pt.Clouds[:j], c)
	}
	return ok
}

// check records every problem of r below the pointer at.
func (r *MDFRequest) check(pr *program.Problems, at string, now time.Time) {
	program.RequireMember(pr, at, "id", r.ID == "", "the request's ID")
	if r.Purpose == "" {
		program.RequireMember(pr, at, "purpose", true, "what the activity is for: "+strings.Join(program.EnumStrings(Purposes), ", "))
	} else {
		program.CheckEnum(pr, pr.Path(at, "purpose"), r.Purpose, "purpose", Purposes)
	}
	pt := &r.Participants
	checkList(pr, pt.Partners, "partner kind", PartnerKinds, at, "participants", "partners")
	checkList(pr, pt.Clouds, "cloud", Clouds, at, "participants", "clouds")
	switch {
	case r.Amount.IsZero():
		program.RequireMember(pr, at, "amount", true, "the funding asked for")
	default:
		r.Amount.Check(pr, pr.Path(at, "amount"))
		if r.Amount.Amount.Sign() <= 0 {
			pr.Add(pr.Path(at, "amount", "amount"), "%s is not more than zero: a request asks for funding", r.Amount.Amount.String())
		}
	}
	switch {
	case r.SubmittedAt.IsZero():
		program.RequireMember(pr, at, "submitted_at", true, "when the request was made")
	case !now.IsZero() && r.SubmittedAt.After(now):
		pr.Add(pr.Path(at, "submitted_at"), "%s is after now (%s)",
			r.SubmittedAt.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	for _, d := range [...]struct {
		name string
		date program.Date
		what string
	}{{"start", r.Start, "the activity's first day"}, {"end", r.End, "the activity's last day"}} {
		switch {
		case d.date.IsZero():
			program.RequireMember(pr, at, d.name, true, d.what)
		case !d.date.Valid():
			pr.Add(pr.Path(at, d.name), "%s is not a date", d.date.String())
		}
	}
	if r.Start.Valid() && r.End.Valid() && r.End.Before(r.Start) {
		pr.Add(pr.Path(at, "end"), "%s is before the activity's start %s", r.End.String(), r.Start.String())
	}
}
