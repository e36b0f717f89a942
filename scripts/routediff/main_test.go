package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/dealreg"
)

// run prints cases first to last-1 as the tool does.
func run(t *testing.T, first, last int) string {
	t.Helper()
	var b bytes.Buffer
	vs := policies()
	for i := first; i < last; i++ {
		runCase(&b, vs, 1, i, false)
	}
	return b.String()
}

// The generator is worth its lines only if it reaches every rule of the
// routing table, every outcome, input errors and resolutions, and makes
// nothing panic.
func TestTheCasesReachEveryRoutingRule(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 5000
	}
	out := run(t, 0, n)
	for _, rr := range dealreg.Default().RoutingRules() {
		if !strings.Contains(out, string(rr.ID)) {
			t.Errorf("no case reaches %s", rr.ID)
		}
	}
	for _, o := range dealreg.Outcomes {
		if !strings.Contains(out, `{"outcome":"`+string(o)+`"`) {
			t.Errorf("no case is %s", o)
		}
	}
	for _, want := range []string{" route err: ", " resolve {", " resolve err: ", "zones=UTC,Europe/Berlin"} {
		if !strings.Contains(out, want) {
			t.Errorf("no line has %q", want)
		}
	}
	if strings.Contains(out, "panic: ") || strings.Contains(out, "same=false") {
		t.Error("a case panicked or decided twice differently")
	}
	if lines := strings.Count(out, "\n"); lines < n || lines > n+n/10 {
		t.Errorf("%d lines for %d cases (one each, one more for every tenth)", lines, n)
	}
}

// A case is drawn from the seed and its number alone: run by itself
// (-case), it prints what it printed in the stream, after its inputs.
func TestACaseRunAloneIsTheCaseInTheStream(t *testing.T) {
	stream := strings.Split(run(t, 0, 40), "\n")
	vs := policies()
	for _, i := range []int{0, 9, 17, 39} {
		var b bytes.Buffer
		runCase(&b, vs, 1, i, true)
		alone := b.String()
		for _, head := range []string{"policy ", "now: ", "registration: "} {
			if !strings.Contains(alone, head) {
				t.Errorf("case %d alone does not print its %q", i, strings.TrimSpace(head))
			}
		}
		for _, line := range stream {
			if strings.HasPrefix(line, strconv.Itoa(i)+" ") && !strings.Contains(alone, line+"\n") {
				t.Errorf("case %d alone differs from the stream's line\n%s", i, line)
			}
		}
	}
}
