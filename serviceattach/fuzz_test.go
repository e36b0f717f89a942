package serviceattach_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// seeds adds the inputs of the case book's cases for operation op.
func seeds(f *testing.F, op string) {
	for _, c := range casetest.Load(f, "../testdata/serviceattach") {
		if c.Operation == op {
			f.Add([]byte(c.Input))
		}
	}
}

func checkDecision(t *testing.T, d serviceattach.Decision) {
	t.Helper()
	switch d.Outcome {
	case serviceattach.Approved, serviceattach.Accepted, serviceattach.Unqualified:
	case serviceattach.NeedsReview:
		// Only for a date the registration does not record, which a
		// review reason names, and a person reviews.
		if d.Reasons.Len() == 0 || (d.Reasons.At(0).Rule != serviceattach.RuleReviewCloseDate && d.Reasons.At(0).Rule != serviceattach.RuleReviewSignatureDate) {
			t.Fatalf("needs_review without a review reason first: %+v", d)
		}
		if d.Next.Actor != program.ActorEcosystemOps || d.Rebate {
			t.Fatalf("needs_review: %+v", d)
		}
	default:
		t.Fatalf("classify gave outcome %q", d.Outcome)
	}
	casetest.Reasons(t, serviceattach.Rules(), d.Reasons)
	for _, r := range d.Reasons.All() {
		if r.Text() == "" {
			t.Fatalf("reason %+v has no text", r)
		}
	}
}

func FuzzClassify(f *testing.F) {
	seeds(f, "serviceattach.classify")
	p := serviceattach.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in serviceattach.Registration
		if err := program.DecodeJSON(data, &in); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d1, err := p.Classify(in)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		checkDecision(t, d1)
		d2, _ := p.Classify(in)
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("same input, different decisions:\n%+v\n%+v", d1, d2)
		}
		if _, err := json.Marshal(d1); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzPortfolio(f *testing.F) {
	seeds(f, "serviceattach.portfolio")
	p := serviceattach.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in channelpolicy.PortfolioInput
		if err := program.DecodeJSON(data, &in); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d1, err := p.Portfolio(in.Registrations)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if len(d1.Entries) != len(in.Registrations) || d1.Reasons.Len() == 0 {
			t.Fatalf("%d entries for %d registrations, %d reasons", len(d1.Entries), len(in.Registrations), d1.Reasons.Len())
		}
		for _, e := range d1.Entries {
			if !e.Outcome.Valid() || e.Reasons.Len() == 0 {
				t.Fatalf("entry %+v", e)
			}
			checkDecision(t, e.Classification)
		}
		d2, _ := p.Portfolio(in.Registrations)
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("same input, different decisions")
		}
	})
}

// FuzzParsePolicy holds serviceattach.ParsePolicy to the policy contract:
// an input error locating each problem, or a valid policy that survives a
// JSON round trip and classifies a registration.
func FuzzParsePolicy(f *testing.F) {
	def, _ := json.Marshal(serviceattach.Default())
	f.Add(def)
	f.Add([]byte(`{"close_window_months": 3, "windows_open_at_anchor": true}`))
	f.Add([]byte(`{"regulated_industries": ["public_sector", "healthcare"]}`))
	for _, c := range casetest.Load(f, "../testdata/serviceattach") {
		if len(c.Policy) > 0 {
			f.Add([]byte(c.Policy))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, serviceattach.Default, serviceattach.ParsePolicy, data)
		if !ok {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy returned an invalid policy: %v", err)
		}
		d, err := p.Classify(baseline())
		if err != nil {
			t.Fatal(err)
		}
		checkDecision(t, d)
	})
}
