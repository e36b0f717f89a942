// Command mutate is the project's own mutation tester, for what the
// operator mutants of gremlins (github.com/go-gremlins/gremlins) cannot
// reach: the time comparisons and day counts where every deadline of the
// handbook lives, and decimal comparisons and rounding. scripts/mutation.sh runs gremlins
// and then this program; see there for the one command to use.
//
// For each package it finds its own mutants (see the Op constants):
//
//   - x.After(y), x.Before(y), x.Equal(y), with or without a "!" in front:
//     the boundary moved (> to >=), the comparison negated, After and
//     Before swapped (Equal to either); the same for decimals'
//     GreaterThan, GreaterThanOrEqual, LessThan and LessThanOrEqual;
//     x.Compare(y) and x.Cmp(y) reversed;
//   - plus and minus one on day, month and hour counts: the arguments of
//     AddDate, AddDays, AddMonths, AddBusinessDays, the n of n*time.Hour,
//     integer literals given to a field named for days, months or hours
//     (a policy's defaults), and the right side of a comparison of such
//     counts;
//   - decimal rounding: each rounding mode swapped for every other, and
//     the number of places moved by one.
//
// It then reads the package's gremlins report (-gremlins), if any, and runs
// the mutants gremlins listed but did not run: gremlins maps each mutant to
// a coverage block, and the conditions of a switch's cases lie in no block,
// so it reports them NOT COVERED and skips them; and it runs again those
// gremlins timed out, whose timeout scales a coverage run that compiled
// nothing.
//
// Each mutant is applied to a copy of the module, the package's tests are
// run with a timeout, and the mutant is killed (a test failed), survived,
// timed out or not viable (it does not compile). Survivors listed in the
// equivalence file (-equivalent) with a reason are left out of the score;
// the score of a package is killed (and timed out) over the rest.
//
// After tests are added, -again with the previous run's -json report runs
// only what was not killed then: a killed mutant stays killed when the
// code under test is the same and the tests only grew.
//
// Usage:
//
//	go run ./scripts/mutate [flags] ./dealreg ./nfr ...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	var (
		gremlinsDir = flag.String("gremlins", "", "directory of gremlins JSON reports, one per package, named `gremlins-<package>.json` (slashes as _)")
		eqFile      = flag.String("equivalent", "", "JSON list of survivors judged equivalent, with reasons")
		jsonOut     = flag.String("json", "", "write every mutant and its status to this file")
		workers     = flag.Int("workers", 1, "mutants tested at once, each in its own copy of the module")
		timeout     = flag.Duration("timeout", 0, "per-mutant test timeout (default: 5 times the package's first test run, at least 1m)")
		list        = flag.Bool("list", false, "list this program's mutants and exit")
		minScore    = flag.Float64("min", 0, "exit with status 1 when a package scores below this percentage")
		tmp         = flag.String("tmp", "", "directory for the module copies (default: the system's)")
		again       = flag.String("again", "", "a previous -json report: its killed, timed-out and not-viable mutants are taken as they were and only the rest run (sound when only tests changed since)")
	)
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/mutate [flags] ./package ...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	var eq []Equivalent
	if *eqFile != "" {
		if eq, err = ReadEquivalents(*eqFile); err != nil {
			fatal(err)
		}
	}
	var before *Previous
	if *again != "" {
		if before, err = ReadPrevious(*again); err != nil {
			fatal(err)
		}
	}
	used := map[string]bool{}
	var scores []*Score
	var all []*Mutant
	start := time.Now()
	for _, arg := range flag.Args() {
		pkg := strings.Trim(filepath.ToSlash(filepath.Clean(arg)), "/")
		ms, err := Generate(root, pkg)
		if err != nil {
			fatal(err)
		}
		if *list {
			for _, m := range ms {
				fmt.Println(m)
			}
			continue
		}
		for _, m := range ms {
			m.Status = Pending
		}
		if before != nil {
			// The earlier run's gremlins mutants, found again by their
			// sites: its gremlins report names lines edits may have moved.
			gs, err := before.Gremlins(root, pkg)
			if err != nil {
				fatal(err)
			}
			ms = append(gs, ms...)
		} else if *gremlinsDir != "" {
			rep := filepath.Join(*gremlinsDir, "gremlins-"+strings.ReplaceAll(pkg, "/", "_")+".json")
			gs, err := ReadGremlins(rep, root, pkg)
			switch {
			case os.IsNotExist(err):
				fmt.Fprintf(os.Stderr, "mutate: no gremlins report %s; running this program's mutants only\n", rep)
			case err != nil:
				fatal(err)
			}
			ms = append(gs, ms...)
		}
		if before != nil {
			before.Settle(ms)
		}
		t := *timeout
		if t == 0 {
			took, err := baseline(root, *tmp, pkg)
			if err != nil {
				fatal(err)
			}
			t = max(time.Minute, 5*took)
		}
		pending := 0
		for _, m := range ms {
			if m.Status == Pending {
				pending++
			}
		}
		fmt.Printf("mutate: %s: %d mutants to run (timeout %s each)\n", pkg, pending, t.Round(time.Second))
		err = Run(root, *tmp, "./"+pkg, ms, *workers, t, func(m *Mutant) {
			fmt.Printf("%-10s %s\n", strings.ToUpper(string(m.Status)), m)
		})
		if err != nil {
			fatal(err)
		}
		scores = append(scores, Tally(pkg, ms, eq, used))
		all = append(all, ms...)
	}
	if *list {
		return
	}
	fmt.Println()
	Print(os.Stdout, scores, eq, used)
	fmt.Printf("mutate: %d packages in %s\n", len(scores), time.Since(start).Round(time.Second))
	if *jsonOut != "" {
		data, err := json.MarshalIndent(all, "", "  ")
		if err == nil {
			err = os.WriteFile(*jsonOut, append(data, '\n'), 0o644)
		}
		if err != nil {
			fatal(err)
		}
	}
	for _, s := range scores {
		if s.Percent() < *minScore || s.Pending > 0 {
			fmt.Printf("mutate: %s scores %.1f%%, under %.1f%% (or has mutants not run)\n", s.Pkg, s.Percent(), *minScore)
			os.Exit(1)
		}
	}
}

// baseline runs the package's tests once, unmutated, in a fresh copy of
// the module (so the time includes compiling it), and fails when they do.
func baseline(root, tmp, pkg string) (time.Duration, error) {
	ws, err := NewWorkspace(root, tmp)
	if err != nil {
		return 0, err
	}
	defer ws.Remove()
	st, out, took := ws.GoTest("./"+pkg, 10*time.Minute, "-count=1")
	if st != Survived {
		return 0, fmt.Errorf("%s: the tests do not pass without a mutant (%s):\n%s", pkg, st, out)
	}
	return took, nil
}

// moduleRoot finds the directory of go.mod from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(2)
}
