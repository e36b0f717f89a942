package casetest

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// Concurrent decides every case that decides under pkg's default policy
// once alone, then again from many goroutines at once, and fails when any
// concurrent decision differs from its sequential one (byte for byte, as
// JSON; go test -race watches for data races meanwhile). It also checks
// every reason of every decision: its rule is one pkg declares, its section
// is that rule's, and its effect and text are present.
func Concurrent(t *testing.T, pkg channelpolicy.Package, cases []casebook.Case) {
	t.Helper()
	set := channelpolicy.NewRegistry(pkg).Policies()
	declared := map[program.RuleID]string{}
	for _, r := range pkg.Rules() {
		declared[r.ID] = r.Section
	}
	type job struct {
		c    casebook.Case
		want []byte
	}
	var jobs []job
	for _, c := range cases {
		res, err := casebook.Run(set, c)
		if err != nil {
			continue
		}
		b, err := json.Marshal(res.Decision)
		if err != nil {
			t.Fatalf("%s: encoding the decision: %v", c.ID, err)
		}
		checkReasons(t, c.ID, b, declared)
		jobs = append(jobs, job{c, b})
	}
	if len(jobs) == 0 {
		t.Fatal("no case decides")
	}
	const workers, rounds = 8, 4
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				for i := range jobs {
					j := jobs[(i+w*7+r*13)%len(jobs)] // each worker in its own order
					res, err := casebook.Run(set, j.c)
					if err != nil {
						errs <- j.c.ID + ": " + err.Error()
						return
					}
					b, _ := json.Marshal(res.Decision)
					if string(b) != string(j.want) {
						errs <- j.c.ID + ": concurrent decision differs:\n  " + string(b) + "\nalone:\n  " + string(j.want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// checkReasons finds every reason in a decision's JSON (an object with
// rule, section, effect and text) and checks it against the rules declared.
func checkReasons(t *testing.T, id string, decision []byte, declared map[program.RuleID]string) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(decision, &doc); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if rule, ok := v["rule"].(string); ok {
				if _, isReason := v["text"]; isReason {
					section, known := declared[program.RuleID(rule)]
					switch {
					case !known:
						t.Errorf("%s: reason cites %s, which the package does not declare", id, rule)
					case v["section"] != section:
						t.Errorf("%s: reason %s has section %v; the rule's is %q", id, rule, v["section"], section)
					}
					var e program.Effect
					if s, _ := v["effect"].(string); e.UnmarshalText([]byte(s)) != nil {
						t.Errorf("%s: reason %s has effect %v", id, rule, v["effect"])
					}
					if text, _ := v["text"].(string); text == "" {
						t.Errorf("%s: reason %s has no text", id, rule)
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}
