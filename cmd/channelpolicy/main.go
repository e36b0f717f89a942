// Command channelpolicy evaluates the channel-partner rules on JSON, runs case
// books, and shows what a policy change does.
//
//	channelpolicy eval dealreg.route registration.json --now 2026-03-20T09:00:00Z
//	channelpolicy eval dealreg.route --jsonl registrations.jsonl > decisions.jsonl
//	channelpolicy test testdata/
//	channelpolicy diff --old policies.json --new policies-60.json testdata/dealreg
//	channelpolicy policy dealreg > policies.json
//	channelpolicy audit landing-page https://partner.example/GitLab --country DE
//	channelpolicy schema dealreg.route
//	channelpolicy openapi > openapi.json
//	channelpolicy graph dealreg --format mermaid
//	channelpolicy serve --addr 127.0.0.1:8080 --policy policies.json
//	channelpolicy completion bash > /etc/bash_completion.d/channelpolicy
//	channelpolicy --version
//
// Exit codes: 0 success; 1 a case, check or input line failed; 2 bad usage
// or bad input. Input errors locate each problem with a JSON Pointer into
// the input and never print a stack trace. Help that is asked for (--help,
// help COMMAND) goes to stdout; usage shown after a mistake, and every
// error, go to stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/channelpolicy/channelpolicy"
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
	// flagSets, when not nil, collects each command's flag set as
	// newFlags makes it (for shell completion).
	flagSets map[string]*flag.FlagSet
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
	// help, when set, explains the command beyond its summary: shown by
	// --help between the summary and the example.
	help string
	run  func(args []string, e env) int
}

func commands() []command {
	return []command{
		{name: "eval", args: "OPERATION [FILE|-]", summary: "decide one JSON input, or a JSON Lines stream with --jsonl",
			example: "channelpolicy eval dealreg.route registration.json --now 2026-03-20T09:00:00Z", help: evalHelp, run: runEval},
		{name: "test", args: "[DIR|FILE ...]", summary: "run case books (default testdata/) and report failing cases",
			example: "channelpolicy test testdata/dealreg --policy policies.json", help: testHelp, run: runTest},
		{name: "diff", args: "--old POLICY --new POLICY CASES|--log LOG.jsonl", summary: "show which decisions a policy change moves (case books, input streams, decision logs)",
			example: "channelpolicy diff --old policies.json --new policies-60.json testdata/dealreg", run: runDiff},
		{name: "policy", args: "[PACKAGE ...]", summary: "print the default policies as a policy set to copy and edit",
			example: "channelpolicy policy dealreg > policies.json", run: runPolicy},
		{name: "audit", args: "landing-page URL|FILE", summary: "fetch a partner's GitLab landing page (or read a saved one) and audit it; --jsonl audits a list",
			example: "channelpolicy audit landing-page https://partner.example/GitLab --country DE", help: auditHelp, run: runAudit},
		{name: "schema", args: "OPERATION", summary: "print the JSON Schema of an operation's input",
			example: "channelpolicy schema dealreg.route > registration.schema.json", run: runSchema},
		{name: "openapi", summary: "print the OpenAPI 3.1 document of the HTTP API, to generate clients from",
			example: "channelpolicy openapi > openapi.json", run: runOpenAPI},
		{name: "graph", args: "PACKAGE [--format mermaid|dot]", summary: "draw a package's decision flow from its rule definitions",
			example: "channelpolicy graph dealreg --format mermaid", run: runGraph},
		{name: "operations", summary: "list every operation with its package and summary",
			example: "channelpolicy operations", run: runOperations},
		{name: "serve", args: "[--addr HOST:PORT]", summary: "answer every operation over HTTP: POST /v1/PACKAGE/OPERATION",
			example: "channelpolicy serve --addr 127.0.0.1:8080 --policy policies.json", help: serveHelp, run: runServe},
		{name: "completion", args: "bash|zsh", summary: "print a shell completion script for commands, operations, packages and flags",
			example: "source <(channelpolicy completion bash)", help: completionHelp, run: runCompletion},
		{name: "version", summary: "print the version of the command, from its build information",
			example: "channelpolicy version", run: runVersion},
		{name: "help", args: "[COMMAND]", summary: "print the help of the command, or of one command",
			example: "channelpolicy help eval", run: runHelp},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run runs the command line args. Help that was asked for goes to stdout;
// usage shown because of a mistake, and every error, go to stderr.
func run(args []string, e env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitBadCall
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(args[1:], e)
	}
	if c, ok := lookupCommand(args[0]); ok {
		return c.run(args[1:], e)
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "channelpolicy: unknown flag %q; flags follow the command\n\n", args[0])
	} else {
		fmt.Fprintf(e.stderr, "channelpolicy: unknown command %q\n\n", args[0])
	}
	usage(e.stderr)
	return exitBadCall
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "channelpolicy decides channel-partner handbook rules on JSON input.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  channelpolicy %-10s %-32s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'channelpolicy help COMMAND' (or 'channelpolicy COMMAND --help') for a command's flags and an example;")
	fmt.Fprintln(w, "'channelpolicy --version' prints the version.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 a case, check or input line failed, 2 bad usage or bad input.")
}

func runHelp(args []string, e env) int {
	fs := newFlags("help", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	switch len(pos) {
	case 0:
		usage(e.stdout)
		return exitOK
	case 1:
		c, ok := lookupCommand(pos[0])
		if !ok {
			fmt.Fprintf(e.stderr, "channelpolicy help: unknown command %q\n\n", pos[0])
			usage(e.stderr)
			return exitBadCall
		}
		return c.run([]string{"--help"}, e)
	}
	fmt.Fprintln(e.stderr, "channelpolicy help: want at most one COMMAND")
	return exitBadCall
}

// cmdOutput is the output of a command's flag set: the flag package's own
// error messages go to stderr, and parse finds stdout there for the help
// that was asked for.
type cmdOutput struct {
	stdout, stderr io.Writer
}

func (o *cmdOutput) Write(p []byte) (int, error) { return o.stderr.Write(p) }

// newFlags makes a command's flag set. --help prints the command's help to
// stdout; a flag error prints the error and the command's usage line to
// stderr (see parse).
func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(&cmdOutput{stdout: e.stdout, stderr: e.stderr})
	fs.Usage = func() {} // parse writes the help, knowing why it is wanted
	if e.flagSets != nil {
		e.flagSets[name] = fs
	}
	return fs
}

// commandHelp writes the help of the command fs belongs to.
func commandHelp(w io.Writer, fs *flag.FlagSet) {
	c, _ := lookupCommand(fs.Name())
	fmt.Fprintf(w, "Usage: channelpolicy %s %s\n\n%s.\n", c.name, c.args, upperFirst(c.summary))
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	fmt.Fprintf(w, "\nExample:\n  %s\n", c.example)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nFlags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parse parses flags wherever they stand among the positional arguments, so
// "eval dealreg.route reg.json --now T" works as users type it. It returns
// the positional arguments, or an exit code when parsing ended the command:
// 0 after --help (the command's help on stdout), 2 after a flag error (the
// error and the command's usage line on stderr).
func parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	out, _ := fs.Output().(*cmdOutput)
	if out == nil {
		out = &cmdOutput{stdout: os.Stdout, stderr: os.Stderr}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				commandHelp(out.stdout, fs)
				return nil, exitOK, false
			}
			c, _ := lookupCommand(fs.Name())
			fmt.Fprintf(out.stderr, "Usage: channelpolicy %s %s\nRun 'channelpolicy help %s' for its flags and an example.\n", c.name, c.args, c.name)
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

// fail reports err on stderr, one line per problem ("POINTER: DETAIL" for
// an input's problem), and returns code.
func fail(e env, code int, err error) int {
	for _, line := range problemLines(err) {
		fmt.Fprintf(e.stderr, "channelpolicy: %s\n", line)
	}
	return code
}

// problemLines splits err into one line per problem. Problems joined and
// then wrapped with their context ("policies.json: " + "/a: ...\n/b: ...")
// get the context on every line, not only the first.
func problemLines(err error) []string {
	msg := err.Error()
	if !strings.Contains(msg, "\n") {
		return []string{msg}
	}
	// The innermost error that still holds every line is the join.
	join := ""
	for inner := errors.Unwrap(err); inner != nil; inner = errors.Unwrap(inner) {
		im := inner.Error()
		if !strings.Contains(im, "\n") || !strings.HasSuffix(msg, im) || strings.Contains(msg[:len(msg)-len(im)], "\n") {
			break
		}
		join = im
	}
	if join != "" {
		prefix := msg[:len(msg)-len(join)]
		lines := strings.Split(join, "\n")
		for i := range lines {
			lines[i] = prefix + lines[i]
		}
		return lines
	}
	return strings.Split(msg, "\n")
}

// policySet is every rules package under its default policy, or under the
// policy set in file laid over the defaults when one is given.
func policySet(file string) (channelpolicy.PolicySet, error) {
	set := channelpolicy.Default().Policies()
	if file == "" {
		return set, nil
	}
	data, err := casebook.ReadFile(file)
	if err != nil {
		return set, err
	}
	next, err := set.Load(data)
	if err != nil {
		return set, fmt.Errorf("%s: %w", file, err)
	}
	return next, nil
}
