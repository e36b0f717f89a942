package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clockModule writes the small module of TestRunOnACopy: a deadline its
// test pins exactly, so the boundary and negation mutants of its
// comparison are killed and swapping After for Before survives.
func clockModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example.com/clock\n\ngo 1.22\n")
	writeFile(t, root, "clock/clock.go", "package clock\n\nimport \"time\"\n\nvar Deadline = time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)\n\n"+
		"// Late reports whether t is after the deadline.\nfunc Late(t time.Time) bool { return t.After(Deadline) }\n")
	writeFile(t, root, "clock/clock_test.go", "package clock\n\nimport \"testing\"\n\n"+
		"func TestAtTheDeadline(t *testing.T) {\n\tif Late(Deadline) {\n\t\tt.Error(\"late at the deadline\")\n\t}\n}\n")
	return root
}

// runMain runs main in dir with args as its command line, on a flag set of
// its own, and returns what it printed on standard output and error.
func runMain(t *testing.T, dir string, args ...string) string {
	t.Helper()
	t.Chdir(dir)
	oldArgs, oldFlags, oldStdout, oldStderr := os.Args, flag.CommandLine, os.Stdout, os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Args, flag.CommandLine, os.Stdout, os.Stderr = append([]string{"mutate"}, args...), flag.NewFlagSet("mutate", flag.ContinueOnError), w, w
	defer func() { os.Args, flag.CommandLine, os.Stdout, os.Stderr = oldArgs, oldFlags, oldStdout, oldStderr }()
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	main()
	w.Close()
	return <-out
}

// -list lists the package's mutants, from a directory below the module's
// root too, and runs nothing.
func TestMainListsMutants(t *testing.T) {
	root := clockModule(t)
	got := runMain(t, filepath.Join(root, "clock"), "-list", "clock")
	for _, op := range []string{OpTimeBoundary, OpTimeNegation, OpTimeSwap} {
		if !strings.Contains(got, "mutate "+op+" at clock/clock.go:8:") {
			t.Errorf("the list lacks %s:\n%s", op, got)
		}
	}
	if strings.Contains(got, "KILLED") || strings.Contains(got, "score") {
		t.Errorf("-list ran mutants:\n%s", got)
	}
}

// A whole run: the baseline passes, every mutant runs, the survivor judged
// equivalent is left out of the score and named with its reason, and the
// JSON report holds every mutant with its status.
func TestMainScoresAPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on module copies")
	}
	root := clockModule(t)
	ms, err := Generate(root, "clock")
	if err != nil {
		t.Fatal(err)
	}
	var swap *Mutant
	for _, m := range ms {
		if m.Op == OpTimeSwap {
			swap = m
		}
	}
	if swap == nil {
		t.Fatal("no swap mutant")
	}
	eq := filepath.Join(t.TempDir(), "equivalent.json")
	doc, _ := json.Marshal(map[string]any{"equivalent": []Equivalent{
		{File: "clock/clock.go", Op: swap.Op, Site: swap.Site, To: swap.To, Why: "at the deadline After and Before are both false"},
		{File: "clock/clock.go", Op: OpTimeSwap, Site: "gone", To: "x", Why: "an entry for a line since edited"},
	}})
	writeFile(t, filepath.Dir(eq), "equivalent.json", string(doc))
	report := filepath.Join(t.TempDir(), "mutants.json")
	got := runMain(t, root, "-equivalent", eq, "-json", report, "-gremlins", t.TempDir(), "-workers", "2", "-min", "100", "-tmp", t.TempDir(), "./clock")
	for _, want := range []string{
		"mutate: no gremlins report ",
		"mutate: clock: 3 mutants to run (timeout 1m0s each)",
		"KILLED     mutate " + OpTimeBoundary,
		"SURVIVED   mutate " + OpTimeSwap,
		"100.0%",
		"equivalent mutate " + OpTimeSwap,
		"at the deadline After and Before are both false",
		"STALE equivalence entry (no survivor matches it): clock/clock.go TIME_SWAP \"gone\" -> x",
		"mutate: 1 packages in ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	var all []Mutant
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &all); err != nil || len(all) != 3 {
		t.Fatalf("report: %v, %d mutants", err, len(all))
	}
	for _, m := range all {
		if m.Status != Killed && m.Status != Survived {
			t.Errorf("%s %s: %s", m.Op, m.To, m.Status)
		}
	}
}

// -again runs only what the earlier report did not see killed: after a
// test for the survivor is added, one mutant runs and the package scores
// 100% with no equivalence list.
func TestMainAgainRunsOnlySurvivors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on module copies")
	}
	root := clockModule(t)
	first := filepath.Join(t.TempDir(), "first.json")
	got := runMain(t, root, "-json", first, "-tmp", t.TempDir(), "./clock")
	if !strings.Contains(got, "mutate: clock: 3 mutants to run") || !strings.Contains(got, "SURVIVED   mutate "+OpTimeSwap) {
		t.Fatalf("first run:\n%s", got)
	}
	writeFile(t, root, "clock/after_test.go", "package clock\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\n"+
		"func TestASecondLate(t *testing.T) {\n\tif !Late(Deadline.Add(time.Second)) {\n\t\tt.Error(\"on time a second after the deadline\")\n\t}\n}\n")
	second := filepath.Join(t.TempDir(), "second.json")
	got = runMain(t, root, "-again", first, "-json", second, "-min", "100", "-tmp", t.TempDir(), "./clock")
	for _, want := range []string{"mutate: clock: 1 mutants to run", "KILLED     mutate " + OpTimeSwap, "100.0%"} {
		if !strings.Contains(got, want) {
			t.Errorf("second run lacks %q:\n%s", want, got)
		}
	}
	var all []Mutant
	data, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &all); err != nil || len(all) != 3 {
		t.Fatalf("report: %v, %d mutants", err, len(all))
	}
	for _, m := range all {
		if m.Status != Killed {
			t.Errorf("%s %s: %s, want killed (kept from the first run or killed now)", m.Op, m.To, m.Status)
		}
	}
}

// Settle matches mutants of one site written twice in order, keeps what
// the earlier run killed and runs again what survived or is new.
func TestSettleMatchesRepeatedSitesInOrder(t *testing.T) {
	mk := func(st Status) *Mutant {
		return &Mutant{Pkg: "p", File: "f.go", Op: "CONDITIONALS_BOUNDARY", Site: "if i > 0 {#6", To: ">=", Status: st}
	}
	killed := mk(Killed)
	killed.Failed = "TestX"
	p := &Previous{done: map[string][]*Mutant{previousKey(killed): {killed, mk(Survived)}}}
	ms := []*Mutant{mk(Pending), mk(Survived), mk(Pending)}
	p.Settle(ms)
	want := []Status{Killed, Pending, Pending}
	for i, m := range ms {
		if m.Status != want[i] {
			t.Errorf("mutant %d: %s, want %s", i, m.Status, want[i])
		}
	}
	if ms[0].Failed != "TestX" {
		t.Errorf("the kept kill lost its test: %q", ms[0].Failed)
	}
}

// Gremlins finds the earlier run's gremlins mutants again by their sites
// after lines above them moved, in order for a line written twice, and
// drops one whose line changed.
func TestPreviousGremlinsFollowMovedLines(t *testing.T) {
	root := t.TempDir()
	old := []*Mutant{
		{Pkg: "p", File: "f.go", Op: "CONDITIONALS_BOUNDARY", By: byGremlins, From: ">", To: ">=", Site: "if n > 0 {#6", Status: Killed},
		{Pkg: "p", File: "f.go", Op: "CONDITIONALS_BOUNDARY", By: byGremlins, From: ">", To: ">=", Site: "if n > 0 {#6", Status: Survived},
		{Pkg: "p", File: "f.go", Op: "CONDITIONALS_NEGATION", By: byGremlins, From: "<", To: ">=", Site: "if m < 3 {#6", Status: Survived},
		{Pkg: "p", File: "gone.go", Op: "CONDITIONALS_NEGATION", By: byGremlins, From: "<", To: ">=", Site: "if m < 3 {#6", Status: Survived},
	}
	writeFile(t, root, "p/f.go", "package p\n\n// moved\n// down\nfunc f(n, m int) {\n\tif n > 0 {\n\t}\n\tif n > 0 {\n\t}\n\tif m <= 3 {\n\t}\n}\n")
	p := &Previous{done: map[string][]*Mutant{}, all: old}
	for _, m := range old {
		p.done[previousKey(m)] = append(p.done[previousKey(m)], m)
	}
	gs, err := p.Gremlins(root, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[0].Line != 6 || gs[1].Line != 8 || gs[0].Col != 7 {
		for _, g := range gs {
			t.Logf("%s", g)
		}
		t.Fatalf("%d mutants found again, want the two of line 6 and 8 (column 7)", len(gs))
	}
	p.Settle(gs)
	if gs[0].Status != Killed || gs[1].Status != Pending {
		t.Errorf("statuses %s, %s; want the first kept killed, the second to run", gs[0].Status, gs[1].Status)
	}
}
