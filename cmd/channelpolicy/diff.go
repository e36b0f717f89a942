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
	logFile := fs.String("log", "", "replay the decision `LOG` (serve or eval --decision-log) instead of CASES, each decision at its own now; a CASES file ending in .jsonl without --jsonl is taken as a log")
	check := fs.Bool("check", false, "with a log: replay it under --old alone and fail on any decision whose outcome or rules no longer reproduce")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	// A .jsonl file that is not an input stream (--jsonl) is a decision log.
	if *logFile == "" && len(pos) == 1 && *stream == "" && strings.HasSuffix(pos[0], ".jsonl") {
		*logFile, pos = pos[0], nil
	}
	if *logFile != "" && len(pos) == 0 {
		pos = []string{*logFile}
	} else if *logFile != "" {
		pos = nil // a log and CASES both: refused below
	}
	if (*newFile == "" && !*check) || len(pos) != 1 || (*check && *logFile == "") || (*logFile != "" && *stream != "") {
		fmt.Fprintln(e.stderr, "channelpolicy diff: want --new POLICY and one CASES path (a case-book file or folder, with --jsonl an input stream) or --log LOG (a decision log); --check goes with a log")
		return exitBadCall
	}
	oldSet, err := policySet(*oldFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	if *check {
		f, err := os.Open(pos[0])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		defer f.Close()
		seen, err := casebook.CheckLog(oldSet, f)
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		for _, m := range seen.Moved {
			fmt.Fprintf(e.stdout, "MOVED %s\n", m)
		}
		fmt.Fprintf(e.stdout, "%d decisions replayed, %d no longer reproduce, %d skipped (masked input)\n", seen.Records-seen.Skipped, len(seen.Moved), seen.Skipped)
		if len(seen.Moved) > 0 {
			return exitFailed
		}
		return exitOK
	}
	newSet, err := policySet(*newFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	var report casebook.DiffReport
	skipped := "" // a replayed log's count of masked records
	switch {
	case *logFile != "":
		f, err := os.Open(pos[0])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		defer f.Close()
		var seen casebook.LogReplay
		if report, seen, err = casebook.DiffLog(oldSet, newSet, f, *examples); err != nil {
			return fail(e, exitBadCall, err)
		}
		skipped = fmt.Sprintf("%d of %d logged decisions skipped: their input was masked\n", seen.Skipped, seen.Records)
	case *stream != "":
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
	default:
		cases, err := load(pos[0])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		report = casebook.Diff(oldSet, newSet, cases, *examples)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(report, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", out)
		if skipped != "" {
			fmt.Fprint(e.stderr, "channelpolicy diff: "+skipped)
		}
	} else {
		fmt.Fprint(e.stdout, strings.TrimRight(report.Summary(), "\n")+"\n"+skipped)
	}
	return exitOK
}
