package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

func TestProblemLinesCarryTheirContext(t *testing.T) {
	var p program.Problems
	p.Add("/dealreg/expiry_days", "0 is not between 1 and 3650 days")
	p.Add("/billing", "not a package")
	for _, tt := range []struct {
		err  error
		want []string
	}{
		{errors.New("plain"), []string{"plain"}},
		{p.Err(), []string{"/dealreg/expiry_days: 0 is not between 1 and 3650 days", "/billing: not a package"}},
		{fmt.Errorf("policies.json: %w", p.Err()), []string{"policies.json: /dealreg/expiry_days: 0 is not between 1 and 3650 days", "policies.json: /billing: not a package"}},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", p.Err())), []string{"a: b: /dealreg/expiry_days: 0 is not between 1 and 3650 days", "a: b: /billing: not a package"}},
		{errors.New("two\nlines"), []string{"two", "lines"}},
	} {
		if got := problemLines(tt.err); !slices.Equal(got, tt.want) {
			t.Errorf("problemLines(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestVersionText(t *testing.T) {
	for _, tt := range []struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{nil, false, "channelpolicy (devel)\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.0"}}, true, "channelpolicy v1.2.0 go1.26.0\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: ""}}, true, "channelpolicy (devel) go1.26.0\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.time", Value: "2026-03-20T09:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		}}, true, "channelpolicy (devel) revision 0123456789ab (modified) 2026-03-20T09:00:00Z go1.26.0\n"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260320090000-0123456789ab"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789ab"}, {Key: "vcs.modified", Value: "false"},
		}}, true, "channelpolicy v0.0.0-20260320090000-0123456789ab revision 0123456789ab\n"},
	} {
		if got := versionText(tt.info, tt.ok); got != tt.want {
			t.Errorf("versionText = %q, want %q", got, tt.want)
		}
	}
}

// TestHelpGoesWhereItWasAskedFor runs the command in-process: help that is
// asked for on stdout, usage after a mistake on stderr.
func TestHelpGoesWhereItWasAskedFor(t *testing.T) {
	run1 := func(args ...string) (int, string, string) {
		var out, errb strings.Builder
		code := run(args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
		return code, out.String(), errb.String()
	}
	code, out, errs := run1("eval", "--help")
	if code != 0 || !strings.HasPrefix(out, "Usage: channelpolicy eval OPERATION [FILE|-]\n") || !strings.Contains(out, "  -format FORMAT") || errs != "" {
		t.Errorf("eval --help: %d\n%s\nstderr %q", code, out, errs)
	}
	code, out, errs = run1("eval", "--now")
	if code != 2 || out != "" || !strings.Contains(errs, "flag needs an argument: -now\nUsage: channelpolicy eval OPERATION [FILE|-]\n") {
		t.Errorf("eval --now: %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = run1()
	if code != 2 || out != "" || !strings.HasPrefix(errs, "channelpolicy decides") {
		t.Errorf("no arguments: %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = run1("help", "operations")
	if code != 0 || !strings.HasPrefix(out, "Usage: channelpolicy operations") || strings.Contains(out, "Flags:") || errs != "" {
		t.Errorf("help operations: %d\n%s\nstderr %q", code, out, errs)
	}
}

func TestCompletionSpecFollowsTheFlags(t *testing.T) {
	spec := completionSpec()
	byName := map[string]commandSpec{}
	for _, c := range spec.commands {
		byName[c.name] = c
	}
	for key, choices := range flagChoices {
		cmd, name, _ := strings.Cut(key, " ")
		i := slices.IndexFunc(byName[cmd].flags, func(f flagSpec) bool { return f.name == name })
		if i < 0 {
			t.Errorf("flagChoices names %s --%s, which the command does not have", cmd, name)
			continue
		}
		if f := byName[cmd].flags[i]; !slices.Equal(f.choices, choices) || f.bool {
			t.Errorf("%s --%s: %+v", cmd, name, f)
		}
	}
	eval := byName["eval"]
	for _, f := range eval.flags {
		switch f.name {
		case "policy":
			if f.complete != completeFiles {
				t.Errorf("eval --policy completes %q, want files", f.complete)
			}
		case "jsonl":
			if !f.bool {
				t.Errorf("eval --jsonl is a bool flag")
			}
		}
	}
	if diff := byName["diff"]; !slices.ContainsFunc(diff.flags, func(f flagSpec) bool { return f.name == "jsonl" && f.complete == completeOperations }) {
		t.Errorf("diff --jsonl does not complete operations: %+v", diff.flags)
	}
	if len(spec.operations) == 0 || len(spec.packages) == 0 || len(spec.flows) == 0 {
		t.Errorf("spec %+v", spec)
	}
}
