package marketing_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestMDFReasonTexts reads every MDF reason of a batch written out by hand
// under the default policy (the joint tier needs a resale or services
// partner, GitLab and AWS or Google Cloud; weights of 1 each; ties by
// submission, then ID): R1 meets the joint tier with score 3, R2 only the
// standard tier with score 0 (a technology partner and another cloud weigh
// nothing), R3, R5 and R6 ask for purposes the program does not fund, and
// R4's activity ended before the decision's day.
func TestMDFReasonTexts(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	req := func(id string, purpose marketing.Purpose, p marketing.Participants, amount string, end program.Date) marketing.MDFRequest {
		return marketing.MDFRequest{ID: id, Purpose: purpose, Participants: p, Amount: program.MustMoney(amount, "USD"),
			SubmittedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), Start: program.NewDate(2026, 11, 2), End: end}
	}
	later := program.NewDate(2026, 12, 20)
	joint := marketing.Participants{Partners: []marketing.PartnerKind{marketing.PartnerResale}, GitLab: true, Clouds: []marketing.Cloud{marketing.CloudAWS}}
	other := marketing.Participants{Partners: []marketing.PartnerKind{marketing.PartnerTechnology}, Clouds: []marketing.Cloud{marketing.CloudOther}}
	d, err := marketing.Default().PrioritizeMDF([]marketing.MDFRequest{
		req("R1", marketing.PurposePipeline, joint, "1000.00", later),
		req("R2", marketing.PurposePipeline, other, "500", later),
		req("R3", marketing.PurposeAwareness, joint, "100.00", later),
		req("R4", marketing.PurposePipeline, joint, "100.00", program.NewDate(2026, 11, 20)),
		req("R5", marketing.PurposeOther, joint, "100.00", later),
		req("R6", marketing.PurposeRetention, joint, "100.00", later),
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	texts := func(rs program.Reasons) []string {
		var out []string
		for _, r := range rs.All() {
			out = append(out, r.String())
		}
		return out
	}
	wantBatch := []string{
		"marketing.mdf.order: 2 of 6 requests ranked by tier, then score, then submitted_at, then id, then input order; first: R1",
		"marketing.mdf.review: 4 request(s) need a person: R3, R4, R5 and 1 more",
	}
	if got := texts(d.Reasons); !slices.Equal(got, wantBatch) {
		t.Errorf("batch reasons:\n got %q\nwant %q", got, wantBatch)
	}
	want := map[string][]string{
		"R1": {
			"marketing.mdf.purpose: request R1: purpose pipeline_generation is one the MDF program funds",
			"marketing.mdf.partner: request R1: a resale or services partner takes part (resale)",
			"marketing.mdf.gitlab: request R1: GitLab takes part",
			"marketing.mdf.hyperscaler: request R1: aws or google_cloud takes part (aws)",
			`marketing.mdf.tier: request R1: tier 1 of 2 ("joint"), score 3, rank 1 of 2; 1000.00 USD`,
		},
		"R2": {
			"marketing.mdf.purpose: request R2: purpose pipeline_generation is one the MDF program funds",
			"marketing.mdf.partner: request R2: no resale or services partner takes part (technology)",
			"marketing.mdf.gitlab: request R2: GitLab does not take part",
			"marketing.mdf.hyperscaler: request R2: neither aws nor google_cloud takes part (other)",
			`marketing.mdf.tier: request R2: tier 2 of 2 ("standard"), score 0, rank 2 of 2; 500.00 USD`,
		},
		"R3": {"marketing.mdf.purpose: request R3: purpose brand_awareness is not one the MDF program funds (pipeline_generation): a person decides"},
		"R4": {
			"marketing.mdf.purpose: request R4: purpose pipeline_generation is one the MDF program funds",
			"marketing.mdf.ended: request R4: the activity ended on 2026-11-20, before 2026-11-28, the day of the decision: a person decides",
		},
	}
	for _, e := range d.Requests {
		w, ok := want[e.ID]
		if !ok {
			continue
		}
		if got := texts(e.Reasons); !slices.Equal(got, w) {
			t.Errorf("%s:\n got %q\nwant %q", e.ID, got, w)
		}
	}
	if d.Requests[0].ID != "R1" || d.Requests[1].ID != "R2" {
		t.Errorf("ranked first: %s, %s; want R1, R2", d.Requests[0].ID, d.Requests[1].ID)
	}
}

// TestTextsOfOneHyperscalerAndNoParagraph: with one hyperscaler in the
// policy, a request without it says that one does not take part; with no
// paragraph text in the policy, the audit says a person compares it.
func TestTextsOfOneHyperscalerAndNoParagraph(t *testing.T) {
	pol, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"mdf":{"hyperscalers":["aws"]},"landing_page":{"paragraphs":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := marketing.MDFRequest{ID: "R1", Purpose: marketing.PurposePipeline, Amount: program.MustMoney("100.00", "USD"),
		Participants: marketing.Participants{Clouds: []marketing.Cloud{marketing.CloudOther}},
		SubmittedAt:  time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), Start: program.NewDate(2026, 12, 1), End: program.NewDate(2026, 12, 2)}
	d, err := pol.PrioritizeMDF([]marketing.MDFRequest{r}, time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, x := range d.Requests[0].Reasons.All() {
		if x.Rule == marketing.RuleMDFHyperscaler {
			got = x.Text()
		}
	}
	if want := "request R1: aws does not take part (other)"; got != want {
		t.Errorf("hyperscaler:\n got %q\nwant %q", got, want)
	}
	a, err := pol.AuditLandingPage(marketing.Page{URL: "https://partner.example/GitLab", HTML: "<p>GitLab</p>", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	want := `the policy gives no text of the press kit's "What is GitLab?" paragraph (landing_page.paragraphs): a person compares the page's text with it`
	if got := reasonText(a, marketing.RuleParagraphUnchecked); got != want {
		t.Errorf("paragraph unchecked:\n got %q\nwant %q", got, want)
	}
}

// TestMDFBatchAllocatesPerBatch: a batch's allocations do not grow with its
// requests. Their reasons are one block, cut into runs, however many there
// are.
func TestMDFBatchAllocatesPerBatch(t *testing.T) {
	pol := marketing.Default()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	// The fewest of three counts: a collection in between empties the
	// reason writer's pool, and its buffer is then made anew.
	count := func(n int) float64 {
		rs := mdfBatch(n)
		least := math.Inf(1)
		for range 3 {
			least = min(least, testing.AllocsPerRun(20, func() {
				if _, err := pol.PrioritizeMDF(rs, now); err != nil {
					t.Fatal(err)
				}
			}))
		}
		return least
	}
	// Past eight requests the set of their IDs takes a table of its own.
	// Under the race detector the writer's pooled buffer is now and then
	// dropped and grown anew, a few times for a large batch (raceEnabled).
	want := 4.0
	if raceEnabled {
		want = 10
	}
	for _, n := range []int{100, 400} {
		if a := count(n); a > want {
			t.Errorf("%v allocations for %d requests, want at most %v (issue 13)", a, n, want)
		}
	}
}
