package serviceattach_test

import (
	"encoding/json"
	"errors"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
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
		if len(d.Reasons) == 0 || (d.Reasons[0].Rule != serviceattach.RuleReviewCloseDate && d.Reasons[0].Rule != serviceattach.RuleReviewSignatureDate) {
			t.Fatalf("needs_review without a review reason first: %+v", d)
		}
		if d.Next.Actor != program.ActorEcosystemOps || d.Rebate {
			t.Fatalf("needs_review: %+v", d)
		}
	default:
		t.Fatalf("classify gave outcome %q", d.Outcome)
	}
	if len(d.Reasons) == 0 {
		t.Fatalf("decision without reasons: %+v", d)
	}
	known := map[program.RuleID]bool{}
	for _, r := range serviceattach.Rules() {
		known[r.ID] = true
	}
	for _, r := range d.Reasons {
		if !known[r.Rule] || r.Text() == "" || r.Section == "" {
			t.Fatalf("reason %+v: unknown rule or empty text/section", r)
		}
	}
}

// checkPointers fails unless every problem of a validation error is a JSON
// Pointer into data that locates a value of data or a missing member of an
// object data has.
func checkPointers(t *testing.T, data []byte, err error) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("input decoded strictly but not by encoding/json: %v", err)
	}
	for _, fe := range program.FieldErrors(err) {
		if fe.Parameter != "" || fe.Pointer == "" || !strings.HasPrefix(fe.Pointer, "/") {
			t.Fatalf("problem %q is not located by a pointer into the input (%v)", fe.Pointer, err)
		}
		parent, _ := path.Split(fe.Pointer)
		if _, ok := casebook.Resolve(doc, fe.Pointer); !ok {
			if v, ok := casebook.Resolve(doc, strings.TrimSuffix(parent, "/")); !ok || reflect.TypeOf(v) != reflect.TypeFor[map[string]any]() {
				t.Fatalf("pointer %s locates nothing in the input (%v)", fe.Pointer, err)
			}
		}
	}
}

func FuzzClassify(f *testing.F) {
	seeds(f, "serviceattach.classify")
	p := serviceattach.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in serviceattach.Registration
		if err := program.DecodeJSON(data, &in); err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("decode error does not match ErrInvalidInput: %v", err)
			}
			return
		}
		d1, err := p.Classify(in)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("error does not match ErrInvalidInput: %v", err)
			}
			checkPointers(t, data, err)
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
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("decode error does not match ErrInvalidInput: %v", err)
			}
			return
		}
		d1, err := p.Portfolio(in.Registrations)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("error does not match ErrInvalidInput: %v", err)
			}
			checkPointers(t, data, err)
			return
		}
		if len(d1.Entries) != len(in.Registrations) || len(d1.Reasons) == 0 {
			t.Fatalf("%d entries for %d registrations, %d reasons", len(d1.Entries), len(in.Registrations), len(d1.Reasons))
		}
		for _, e := range d1.Entries {
			if !e.Outcome.Valid() || len(e.Reasons) == 0 {
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

func FuzzParsePolicy(f *testing.F) {
	def, _ := json.Marshal(serviceattach.Default())
	f.Add(def)
	f.Add([]byte(`{"close_window_months": 3, "windows_open_at_anchor": true}`))
	f.Add([]byte(`{"regulated_industries": ["public_sector", "healthcare"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := serviceattach.ParsePolicy(serviceattach.Default(), data)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("error does not match ErrInvalidInput: %v", err)
			}
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
