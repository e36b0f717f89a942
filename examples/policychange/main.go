// Command policychange shows what a policy change does to the decisions of
// a case book before anyone adopts it. By default it compares the
// handbook's deal-registration policy with one whose approvals expire after
// 60 days instead of 90, over the deal-registration case book.
//
//	go run ./examples/policychange
//	go run ./examples/policychange -change '{"dealreg":{"aging_days":120}}'
//
// The printout is for reading; main_test.go is the point of the example: it
// is how a policy owner writes down the impact they expect, so that the
// change cannot land with a different one.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
)

// sixtyDays is the change this example studies, as a policy set: packages
// it does not name keep the handbook's policy.
const sixtyDays = `{"dealreg":{"expiry_days":60}}`

func main() {
	cases := flag.String("cases", "testdata/dealreg", "a case-book file or folder (run from the repository root)")
	change := flag.String("change", sixtyDays, "the changed policy set, as JSON")
	flag.Parse()
	if err := run(os.Stdout, *cases, *change); err != nil {
		fmt.Fprintln(os.Stderr, "policychange:", err)
		os.Exit(2)
	}
}

func run(w io.Writer, casesPath, change string) error {
	cases, err := load(casesPath)
	if err != nil {
		return err
	}
	report, err := compare(cases, []byte(change), len(cases))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "policy change %s over %s:\n", change, casesPath)
	fmt.Fprint(w, report.Summary())
	return nil
}

// load reads one case-book file or every case book under a folder.
func load(path string) ([]casebook.Case, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return casebook.LoadDir(path)
	}
	return casebook.LoadFile(path)
}

// compare decides every case under the handbook's policies and under the
// handbook's policies with change laid over them, and reports what moved,
// naming up to examples cases per transition.
func compare(cases []casebook.Case, change []byte, examples int) (casebook.DiffReport, error) {
	before := channelpolicy.Default().Policies()
	after, err := before.Load(change)
	if err != nil {
		return casebook.DiffReport{}, fmt.Errorf("the changed policy: %w", err)
	}
	return casebook.Diff(before, after, cases, examples), nil
}
