package serviceattach_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// TestSameDayTexts: qualifying registrations submitted the same day that
// share an opportunity or a SOW are each reviewed, none being earliest,
// and each one's reason names the others it shares with: those of its own
// opportunity first, then those of its SOW on another opportunity, at most
// three by name and how many more.
func TestSameDayTexts(t *testing.T) {
	reg := func(id, opp, sow string) serviceattach.Registration {
		r := baseline()
		r.ID, r.Opportunity.ID, r.Evidence.ID = id, opp, sow
		return r
	}
	const tail = ", which share its opportunity or document; none is earliest"
	for _, tc := range []struct {
		name string
		regs []serviceattach.Registration
		want map[string]string // entry ID → its same-day reason
	}{
		{"one opportunity, four registrations",
			[]serviceattach.Registration{reg("A", "O1", "S1"), reg("B", "O1", "S2"), reg("C", "O1", "S3"), reg("D", "O1", "S4")},
			map[string]string{"A": "submitted 2026-01-15, the same day as B, C, D" + tail, "D": "submitted 2026-01-15, the same day as A, B, C" + tail}},
		{"one opportunity, five registrations",
			[]serviceattach.Registration{reg("A", "O1", "S1"), reg("B", "O1", "S2"), reg("C", "O1", "S3"), reg("D", "O1", "S4"), reg("E", "O1", "S5")},
			map[string]string{"A": "submitted 2026-01-15, the same day as B, C, D and 1 more" + tail}},
		{"one SOW on three opportunities",
			[]serviceattach.Registration{reg("A", "O1", "S1"), reg("B", "O2", "S1"), reg("C", "O3", "S1")},
			map[string]string{"A": "submitted 2026-01-15, the same day as B, C" + tail, "C": "submitted 2026-01-15, the same day as A, B" + tail}},
		{"an opportunity and a SOW",
			[]serviceattach.Registration{reg("A", "O1", "S1"), reg("B", "O1", "S2"), reg("C", "O2", "S1")},
			map[string]string{
				"A": "submitted 2026-01-15, the same day as B, C" + tail,
				"B": "submitted 2026-01-15, the same day as A" + tail,
				"C": "submitted 2026-01-15, the same day as A" + tail,
			}},
	} {
		d, err := serviceattach.Default().Portfolio(tc.regs)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range d.Entries {
			want, ok := tc.want[e.ID]
			if !ok {
				continue
			}
			var got []string
			for _, r := range e.Reasons.All() {
				if r.Rule == serviceattach.RuleSameDay {
					got = append(got, r.Text())
				}
			}
			if e.Outcome != serviceattach.NeedsReview || !slices.Equal(got, []string{want}) {
				t.Errorf("%s, %s: %s with same-day reasons %q; want needs review, %q", tc.name, e.ID, e.Outcome, got, want)
			}
		}
	}
}

// TestOverriddenEntriesKeepTheirOwnReasons: each entry the portfolio rules
// override gets exactly its own run of the portfolio's reasons, however
// many rules override it and wherever its holder stands in the list (here
// the first registration holds both the opportunity and the SOW of the
// second); the entries left alone keep their classification's reasons.
func TestOverriddenEntriesKeepTheirOwnReasons(t *testing.T) {
	reg := func(id, opp, sow string, day int) serviceattach.Registration {
		r := baseline()
		r.ID, r.Opportunity.ID, r.Evidence.ID = id, opp, sow
		r.Submitted = program.NewDate(2026, 1, day)
		return r
	}
	regs := []serviceattach.Registration{reg("A", "O1", "S1", 10), reg("B", "O1", "S1", 12), reg("C", "O2", "S2", 12), reg("D", "O2", "S3", 14)}
	d, err := serviceattach.Default().Portfolio(regs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]program.RuleID{
		"B": {serviceattach.RuleOnePerOpportunity, serviceattach.RuleOnePerSOW},
		"D": {serviceattach.RuleOnePerOpportunity},
	}
	if got, all := d.Reasons.IDs(), append(slices.Clone(want["B"]), want["D"]...); !slices.Equal(got, all) {
		t.Errorf("portfolio reasons %v, want %v", got, all)
	}
	for _, e := range d.Entries {
		if w, ok := want[e.ID]; ok {
			if got := e.Reasons.IDs(); e.Outcome != serviceattach.Unqualified || !slices.Equal(got, w) {
				t.Errorf("entry %s: %s %v, want unqualified %v", e.ID, e.Outcome, got, w)
			}
			continue
		}
		if !e.Reasons.Equal(e.Classification.Reasons) || e.Outcome != e.Classification.Outcome {
			t.Errorf("entry %s: %s %v, want its classification's %s %v", e.ID, e.Outcome, e.Reasons.IDs(), e.Classification.Outcome, e.Classification.Reasons.IDs())
		}
	}
}

// A document counts for one registration only, and the reason of the
// later one names the document for what it is: a SOW, or a customer
// acknowledgement.
func TestOnePerDocumentTextNamesTheDocument(t *testing.T) {
	for _, kind := range serviceattach.EvidenceKinds {
		regs := []serviceattach.Registration{baseline(), baseline()}
		for i := range regs {
			r := &regs[i]
			r.ID, r.Opportunity.ID = fmt.Sprintf("R-%d", i), fmt.Sprintf("OPP-%d", i)
			r.Submitted = r.Submitted.AddDays(i)
			r.CustomerIndustry = serviceattach.PublicSector
			r.Evidence.Kind, r.Evidence.ID = kind, "DOC-1"
		}
		d, err := serviceattach.Default().Portfolio(regs)
		if err != nil {
			t.Fatal(err)
		}
		later := d.Entries[1]
		if later.Outcome != serviceattach.Unqualified || !slices.Equal(later.Reasons.IDs(), []program.RuleID{serviceattach.RuleOnePerSOW}) {
			t.Fatalf("%s: the later registration: %s %v", kind, later.Outcome, later.Reasons.IDs())
		}
		text := later.Reasons.At(0).Text()
		if acknowledgement := strings.Contains(text, "acknowledgement"); acknowledgement != (kind == serviceattach.EvidenceAcknowledgement) || !strings.Contains(text, "DOC-1") || !strings.Contains(text, "R-0") {
			t.Errorf("%s DOC-1, already counted for R-0: %q", kind, text)
		}
	}
}
