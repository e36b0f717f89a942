package distribution_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds adds the case book's inputs for operation op to f.
func seeds(f *testing.F, op string, add func(input []byte, c casebook.Case)) {
	casetest.Seeds(f, "../testdata/distribution", func(c casebook.Case) { add(c.Input, c) }, op)
}

func sameJSON(t *testing.T, a, b any) {
	t.Helper()
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("same input, different decisions:\n%s\n%s", ja, jb)
	}
}

func FuzzTransaction(f *testing.F) {
	seeds(f, "distribution.path", func(in []byte, _ casebook.Case) { f.Add(in) })
	seeds(f, "distribution.territory", func(in []byte, _ casebook.Case) { f.Add(in) })
	pol := distribution.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		// The same JSON as a Transaction (territory) and a PathRequest
		// (path), which requires the partner's track as well.
		var tx distribution.Transaction
		if err := program.DecodeJSON(data, &tx); err != nil {
			casetest.InputError(t, data, err)
		} else if td, err := pol.Territory(tx); err != nil {
			casetest.InputError(t, data, err)
		} else {
			if !td.Outcome.Valid() {
				t.Fatalf("territory %q", td.Outcome)
			}
			casetest.Reasons(t, distribution.Rules(), td.Reasons)
			td2, _ := pol.Territory(tx)
			sameJSON(t, td, td2)
		}
		var r distribution.PathRequest
		if err := program.DecodeJSON(data, &r); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.Path(r)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("outcome %q", d.Outcome)
		}
		casetest.Reasons(t, distribution.Rules(), d.Reasons)
		checkPath(t, r, d)
		d2, _ := pol.Path(r)
		sameJSON(t, d, d2)
	})
}

func FuzzQuote(f *testing.F) {
	seeds(f, "distribution.quote", func(in []byte, _ casebook.Case) { f.Add(in) })
	pol := distribution.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var q distribution.QuoteRequest
		if err := program.DecodeJSON(data, &q); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.Quote(q)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("outcome %q", d.Outcome)
		}
		casetest.Reasons(t, distribution.Rules(), d.Reasons)
		if d.Outcome == distribution.QuotePortal && (q.RequestedAt.IsZero() || d.Due.Before(q.RequestedAt.Add(6*time.Hour))) {
			t.Fatalf("due %s is less than 6 hours after %s", d.Due, q.RequestedAt)
		}
		d2, _ := pol.Quote(q)
		sameJSON(t, d, d2)
	})
}

func FuzzOrder(f *testing.F) {
	seeds(f, "distribution.order", func(in []byte, c casebook.Case) { f.Add(in, c.Now.Unix()) })
	pol := distribution.Default()
	f.Fuzz(func(t *testing.T, data []byte, unix int64) {
		var o distribution.Order
		if err := program.DecodeJSON(data, &o); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		now := time.Unix(unix, 0).UTC()
		d, err := pol.CheckOrder(o, now)
		if err != nil {
			casetest.InputError(t, data, err, "now")
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("outcome %q", d.Outcome)
		}
		casetest.Reasons(t, distribution.Rules(), d.Reasons)
		if (d.Outcome == distribution.OrderIncomplete) != (len(d.Problems) > 0) {
			t.Fatalf("outcome %s with %d problems", d.Outcome, len(d.Problems))
		}
		if d.Outcome == distribution.OrderDeliverKey && (o.InvoicedAt.IsZero() || d.Delivery.CC == "" || d.Delivery.To == "") {
			t.Fatalf("key delivered without invoice or recipients: %+v", d)
		}
		if d.Outcome == distribution.OrderDeliverKey && d.EULAMethod == distribution.EULANone {
			t.Fatalf("key delivered with no EULA arranged: %+v", d)
		}
		d2, _ := pol.CheckOrder(o, now)
		sameJSON(t, d, d2)
	})
}

// FuzzParsePolicy holds distribution.ParsePolicy to the policy contract:
// an input error locating each problem, or a valid policy that survives a
// JSON round trip and decides a path and a quote.
func FuzzParsePolicy(f *testing.F) {
	b, _ := json.Marshal(distribution.Default())
	f.Add(b)
	f.Add([]byte(`{"quotes":{"apj":{"calendar":{"holidays":["2026-11-30"]}}}}`))
	f.Add([]byte(`{"distributors":[{"name":"N","site":"https://n.example/","territory":"emea","role":"primary","email":"n@n.example"}]}`))
	f.Add([]byte(`{"territories":[{"territory":"apac","areas":["142"],"quote_region":"apj"}]}`))
	// Territories replaced, the default directory kept: its distributors of
	// India and Thailand are located at /distributors.
	f.Add([]byte(`{"territories":[{"territory":"apac","areas":["JP"],"quote_region":"apj"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, distribution.Default, distribution.ParsePolicy, data)
		if !ok {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy returned an invalid policy: %v", err)
		}
		// A valid policy must decide.
		r := distribution.PathRequest{Partner: program.Partner{Track: program.TrackOpen, Country: "IN"}}
		d, err := p.Path(r)
		if err != nil {
			t.Fatal(err)
		}
		casetest.Reasons(t, distribution.Rules(), d.Reasons)
		q, err := p.Quote(distribution.QuoteRequest{Partner: r.Partner, RequestedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		casetest.Reasons(t, distribution.Rules(), q.Reasons)
	})
}
