package incumbency_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestRulesAreDeclaredOnce: every rule has one ID, a section the package
// lists, a summary and a text that writes something even from no facts.
func TestRulesAreDeclaredOnce(t *testing.T) {
	seen := map[program.RuleID]bool{}
	for _, r := range incumbency.Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s declared twice", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(incumbency.Sections, r.Section) || r.Summary == "" || r.Text == nil {
			t.Errorf("rule %s: section %q, summary %q, text %v", r.ID, r.Section, r.Summary, r.Text != nil)
			continue
		}
		for v := range uint8(4) {
			if got := r.Text(nil, program.Facts{V: v}); len(got) == 0 {
				t.Errorf("rule %s writes nothing for variant %d", r.ID, v)
			}
		}
	}
}

// reasonTexts renders every reason of a decision as "rule: text".
func reasonTexts(reasons program.Reasons) []string {
	out := make([]string, reasons.Len())
	for i, r := range reasons.All() {
		out[i] = r.String()
	}
	return out
}

func wantTexts(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("texts:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestReasonTexts pins a few texts as written from their facts when asked
// for: dates, instants in UTC, rates with their origin, lists of partners
// longer than the fact slots, and variants.
func TestReasonTexts(t *testing.T) {
	d, err := incumbency.Default().Incumbent(benchCustomer())
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, reasonTexts(d.Reasons),
		"incumbency.incumbent.last_sale: acme transacted the most recent sale, on 2025-06-15",
		"incumbency.incumbent.letter_before_sale: 1 formal written communication(s) dated before the sale of 2025-06-15 do not count",
		"incumbency.incumbent.written_transfer: the customer's formal written communication of 2025-09-01, after the sale of 2025-06-15, names cobalt: incumbency moves to it",
		"incumbency.incumbent.informal_ignored: communications naming borealis are not formal and written, so they cannot move incumbency")

	day := program.NewDate(2025, 6, 15)
	var c incumbency.Customer
	for _, p := range []string{"e", "c", "a", "d", "b", "c"} {
		c.Sales = append(c.Sales, incumbency.Sale{Partner: p, Date: day})
	}
	r, err := incumbency.Default().RenewalDiscount(incumbency.RenewalRequest{Partner: "z", Customer: c, CreditStanding: incumbency.CreditPoor, CustomerEngaged: true, PursuingRenewal: true})
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, reasonTexts(r.Incumbent.Reasons),
		"incumbency.incumbent.same_day_sales: a, b, c, d, e all transacted sales on 2025-06-15, the most recent sale day")
	wantTexts(t, reasonTexts(r.Reasons),
		"incumbency.renewal.not_incumbent: the incumbent will be one of a, b, c, d, e, not z",
		"incumbency.renewal.credit_standing: z's credit standing is poor, not good")
	if r.Reasons.At(0).Effect != program.Unmet || r.Incumbent.Reasons.At(0).Effect != program.Applied {
		t.Errorf("effects %v, %v: want a requirement unmet, a rule applied", r.Reasons.At(0).Effect, r.Incumbent.Reasons.At(0).Effect)
	}

	tn := threeBidders()
	tn.OpenedAt = tn.OpenedAt.In(time.FixedZone("", -5*3600)) // written in UTC
	tn.Rates = &incumbency.TenderRates{SourcedMargin: incumbency.RateOf("0.5")}
	tn.Bidders = append(tn.Bidders, incumbency.Bidder{Partner: "borealis", SourcedRegistration: &incumbency.Registration{Status: incumbency.RegistrationApproved, ApprovedAt: tn.OpenedAt.AddDate(0, -1, 0)}})
	pol := samplePolicy()
	pol.Rates.PartnerBase = incumbency.MustRate("0.6")
	td, err := pol.Tender(tn)
	if err != nil {
		t.Fatal(err)
	}
	wantTexts(t, reasonTexts(td.Reasons),
		"incumbency.tender.partner_base: acme: partner base discount 0.6 (policy rate) applies to every bidder",
		"incumbency.tender.partner_base: borealis: partner base discount 0.6 (policy rate) applies to every bidder",
		"incumbency.tender.sourced_margin: borealis: sourced registration approved 2026-02-01T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin 0.5 (tender rate)",
		"incumbency.tender.service_attach: borealis: offers services: service-attach incentive 0.025 (policy rate), a services rebate listed beside the license price, not taken off it",
		"incumbency.tender.discounts_above_one: borealis: license discounts partner_base 0.6 + sourced_margin 0.5 add up to 1.1, more than 1: the bid is not priced",
		"incumbency.tender.partner_base: cobalt: partner base discount 0.6 (policy rate) applies to every bidder",
		"incumbency.tender.sourced_late: cobalt: sourced registration approved 2026-03-10T09:00:00Z, not before the tender opened 2026-03-01T09:00:00Z: no sourced margin",
		"incumbency.tender.partner_base: borealis: partner base discount 0.6 (policy rate) applies to every bidder",
		"incumbency.tender.sourced_margin: borealis: sourced registration approved 2026-02-01T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin 0.5 (tender rate)",
		"incumbency.tender.discounts_above_one: borealis: license discounts partner_base 0.6 + sourced_margin 0.5 add up to 1.1, more than 1: the bid is not priced",
		"incumbency.tender.repeated_bidder: borealis: also bids at /bidders/1; each bid is decided on its own facts, and which one stands is for a person")
	if want := "review the tender: the license discounts of borealis add up to more than 1; the license discounts of borealis add up to more than 1; which of borealis's bids stands (/bidders/1, /bidders/3)"; td.Next.What != want {
		t.Errorf("next: %q\nwant %q", td.Next.What, want)
	}

	// The JSON writes each reason's text and effect.
	b, err := json.Marshal(td.Reasons.At(2))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"rule":"incumbency.tender.sourced_margin","section":"Tender Offers (Multiple Bids)","effect":"met","text":"borealis: sourced registration approved 2026-02-01T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin 0.5 (tender rate)"}`; string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
}

// TestBidListsHaveNoRoomLeft: for every case of the case books, a bid's
// lists shared with other bids have no room left over, so that appending
// to one copies it. (A decision's reasons are written by a
// program.ReasonWriter, in one block of their size: nothing to count.)
func TestBidListsHaveNoRoomLeft(t *testing.T) {
	set := channelpolicy.NewRegistry(channelpolicy.Incumbency()).Policies()
	for _, c := range casetest.Load(t, "../testdata/incumbency") {
		res, err := casebook.Run(set, c)
		if err != nil {
			continue
		}
		switch d := res.Decision.(type) {
		case incumbency.IncumbentDecision, incumbency.RenewalDecision:
		case incumbency.TenderDecision:
			for _, b := range d.Bids {
				if cap(b.Rules) != len(b.Rules) || cap(b.Elements) != len(b.Elements) {
					t.Errorf("%s: bid %s shares room with the next bid", c.ID, b.Partner)
				}
			}
		default:
			t.Fatalf("%s: decision %T", c.ID, d)
		}
	}
}

// TestLongLists: lists of partners longer than a decision keeps in place,
// and tenders with more bidders than it plans on the stack, are decided
// and written in full.
func TestLongLists(t *testing.T) {
	day := program.NewDate(2025, 6, 15)
	c := incumbency.Customer{Sales: []incumbency.Sale{{Partner: "a", Date: day}}}
	for _, p := range []string{"f", "b", "a", "e", "c", "d", "b"} {
		c.Communications = append(c.Communications, incumbency.Communication{Partner: p, Date: day, Form: incumbency.FormFormalWritten})
	}
	d, err := incumbency.Default().Incumbent(c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != incumbency.Incumbent || d.Partner != "a" {
		t.Errorf("outcome %s %s, want incumbent a", d.Outcome, d.Partner)
	}
	wantTexts(t, reasonTexts(d.Reasons),
		"incumbency.incumbent.last_sale: a transacted the most recent sale, on 2025-06-15",
		"incumbency.incumbent.letter_on_sale_day: formal written communication(s) of 2025-06-15, the day of the most recent sale, name b, c, d, e, f; only a communication dated after the sale moves incumbency")

	tn := validTender()
	tn.Bidders = nil
	for _, p := range strings.Fields("k j i h g f e d c b a") {
		tn.Bidders = append(tn.Bidders, incumbency.Bidder{Partner: p, OffersServices: p < "f"})
	}
	td, err := samplePolicy().Tender(tn)
	if err != nil {
		t.Fatal(err)
	}
	if len(td.Bids) != len(tn.Bidders) || td.Outcome != incumbency.Priced {
		t.Fatalf("%d bids, outcome %s", len(td.Bids), td.Outcome)
	}
	for i, b := range td.Bids {
		if b.Partner != tn.Bidders[i].Partner || b.Total.AmountText() != "880.00" || len(b.Elements) != len(b.Rules) {
			t.Errorf("bid %d: %s total %s, %d elements, rules %v", i, b.Partner, b.Total.AmountText(), len(b.Elements), b.Rules)
		}
	}
}
