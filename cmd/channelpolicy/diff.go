package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

func runDiff(args []string, e env) int {
	fs := newFlags("diff", e)
	oldFile := fs.String("old", "", "the current policy set `FILE` (default: the handbook's policies)")
	newFile := fs.String("new", "", "the changed policy set `FILE` (required)")
	stream := fs.String("jsonl", "", "treat CASES as a JSON Lines stream of inputs to this `OPERATION`")
	nowText := fs.String("now", "", "with --jsonl: the instant to decide at, RFC 3339 (default: the current time)")
	examples := fs.Int("examples", 3, "how many example cases to show per transition")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if *newFile == "" || len(pos) != 1 {
		fmt.Fprintln(e.stderr, "channelpolicy diff: want --new POLICY and one CASES path (a case-book file or folder, or with --jsonl an input stream)")
		return exitBadCall
	}
	oldSet, err := policySet(*oldFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	newSet, err := policySet(*newFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	var report casebook.DiffReport
	if *stream != "" {
		now := time.Now().UTC()
		if *nowText != "" {
			if now, err = program.ParseInstant(*nowText); err != nil {
				fmt.Fprintf(e.stderr, "channelpolicy diff: --now: %q is not an RFC 3339 instant\n", *nowText)
				return exitBadCall
			}
		}
		f, err := os.Open(pos[0])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		defer f.Close()
		if report, err = casebook.DiffStream(oldSet, newSet, *stream, now, f, *examples); err != nil {
			return fail(e, exitBadCall, err)
		}
	} else {
		cases, err := load(pos[0])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		report = casebook.Diff(oldSet, newSet, cases, *examples)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(report, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", out)
	} else {
		fmt.Fprint(e.stdout, strings.TrimRight(report.Summary(), "\n")+"\n")
	}
	return exitOK
}
