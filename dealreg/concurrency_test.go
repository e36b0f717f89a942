package dealreg_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestConcurrentDecisionsMatchSequentialOnes routes every case-book
// registration from many goroutines at once. Routing reuses pooled scratch
// space; a decision must never see another's, so each must equal the one
// made alone (go test -race also watches for data races here).
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	cases, err := casebook.LoadDir("../testdata/dealreg")
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		r    dealreg.Registration
		c    casebook.Case
		want dealreg.Decision
	}
	var jobs []job
	p := dealreg.Default()
	for _, c := range cases {
		if c.Operation != "dealreg.route" || len(c.Policy) > 0 {
			continue
		}
		var r dealreg.Registration
		if program.DecodeJSON(c.Input, &r) != nil {
			continue
		}
		d, err := p.Route(r, c.Now)
		if err != nil {
			continue
		}
		jobs = append(jobs, job{r, c, d})
	}
	if len(jobs) < 50 {
		t.Fatalf("only %d routable cases; the test needs the case book", len(jobs))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 20 {
				for i := range jobs {
					j := jobs[(i+g*7+round)%len(jobs)]
					got, err := p.Route(j.r, j.c.Now)
					if err != nil || !reflect.DeepEqual(got, j.want) {
						t.Errorf("%s: concurrent decision differs:\n%+v\nwant\n%+v", j.c.ID, got, j.want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
