package main

import (
	"fmt"
	"os"

	"github.com/channelpolicy/channelpolicy/casebook"
)

func runTest(args []string, e env) int {
	fs := newFlags("test", e)
	policyFile := fs.String("policy", "", "a policy set `FILE` laid over the defaults (cases' own policy overrides still apply)")
	verbose := fs.Bool("v", false, "also print a line for every passing case")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		pos = []string{"testdata"}
	}
	reg, err := registry(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	var cases []casebook.Case
	for _, p := range pos {
		cs, err := load(p)
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		cases = append(cases, cs...)
	}
	passed, failed := 0, 0
	for _, c := range cases {
		res, err := reg.Run(c)
		mismatches := casebook.Check(c, res, err)
		if len(mismatches) == 0 {
			passed++
			if *verbose {
				fmt.Fprintf(e.stdout, "PASS %s\n", c.ID)
			}
			continue
		}
		failed++
		fmt.Fprintf(e.stdout, "FAIL %s (%s)\n", c.ID, c.File)
		for _, m := range mismatches {
			fmt.Fprintf(e.stdout, "     %s\n", m)
		}
	}
	fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// load reads one case book file, or every case book under a directory.
func load(path string) ([]casebook.Case, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return casebook.LoadDir(path)
	}
	return casebook.LoadFile(path)
}
