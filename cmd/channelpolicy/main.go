// Command channelpolicy evaluates the channel-partner rules on JSON, runs case
// books, and shows what a policy change does.
//
//	channelpolicy eval dealreg.route registration.json --now 2026-03-20T09:00:00Z
//	channelpolicy eval dealreg.route --jsonl registrations.jsonl > decisions.jsonl
//	channelpolicy test testdata/
//	channelpolicy diff --old policies.json --new policies-60.json testdata/dealreg
//	channelpolicy policy dealreg > policies.json
//	channelpolicy schema dealreg.route
//	channelpolicy graph dealreg --format mermaid
//	channelpolicy serve --addr 127.0.0.1:8080 --policy policies.json
//
// Exit codes: 0 success; 1 a case, check or input line failed; 2 bad usage
// or bad input. Input errors name the field and never print a stack trace.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/channelpolicy/channelpolicy/casebook"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1
	exitBadCall = 2
)

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrIsTerminal enables progress lines on long streams.
	stderrIsTerminal bool
}

func main() {
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		e.stderrIsTerminal = true
	}
	os.Exit(run(os.Args[1:], e))
}

type command struct {
	name, args, summary, example string
	run                          func(args []string, e env) int
}

func commands() []command {
	return []command{
		{"eval", "OPERATION [FILE|-]", "decide one JSON input, or a JSON Lines stream with --jsonl",
			"channelpolicy eval dealreg.route registration.json --now 2026-03-20T09:00:00Z", runEval},
		{"test", "[DIR|FILE ...]", "run case books (default testdata/) and report failing cases",
			"channelpolicy test testdata/dealreg --policy policies.json", runTest},
		{"diff", "--old POLICY --new POLICY CASES", "show which decisions a policy change moves",
			"channelpolicy diff --old policies.json --new policies-60.json testdata/dealreg", runDiff},
		{"policy", "[PACKAGE ...]", "print the default policies as a policy set to copy and edit",
			"channelpolicy policy dealreg > policies.json", runPolicy},
		{"schema", "OPERATION", "print the JSON Schema of an operation's input",
			"channelpolicy schema dealreg.route > registration.schema.json", runSchema},
		{"graph", "PACKAGE [--format mermaid|dot]", "draw a package's decision flow from its rule definitions",
			"channelpolicy graph dealreg --format mermaid", runGraph},
		{"operations", "", "list every operation with its package and summary",
			"channelpolicy operations", runOperations},
		{"serve", "[--addr HOST:PORT]", "answer every operation over HTTP: POST /v1/PACKAGE/OPERATION", "channelpolicy serve --addr 127.0.0.1:8080 --policy policies.json", runServe},
	}
}

func run(args []string, e env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitBadCall
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], e)
		}
	}
	fmt.Fprintf(e.stderr, "channelpolicy: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return exitBadCall
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "channelpolicy decides channel-partner handbook rules on JSON input.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  channelpolicy %-10s %-32s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'channelpolicy COMMAND --help' for a command's flags and an example.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 a case, check or input line failed, 2 bad usage or bad input.")
}

// newFlags makes a command's flag set whose --help shows an example.
func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, c := range commands() {
			if c.name == name {
				fmt.Fprintf(e.stdout, "Usage: channelpolicy %s %s\n\n%s.\n\nExample:\n  %s\n\nFlags:\n", c.name, c.args, upperFirst(c.summary), c.example)
			}
		}
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parse parses flags wherever they stand among the positional arguments, so
// "eval dealreg.route reg.json --now T" works as users type it. It returns
// the positional arguments, or an exit code when parsing ended the command.
func parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitBadCall, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// fail reports err on stderr, one line per problem ("FIELD: PROBLEM"), and
// returns code.
func fail(e env, code int, err error) int {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(e.stderr, "channelpolicy: %s\n", line)
	}
	return code
}

// registry is every rules package under its default policy, or under the
// policy set in file when one is given.
func registry(file string) (*casebook.Registry, error) {
	reg := casebook.Default()
	if file == "" {
		return reg, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if err := reg.LoadPolicies(data); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return reg, nil
}
