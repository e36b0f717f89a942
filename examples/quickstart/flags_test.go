package main

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

// runMain runs main with args as its command line, on a flag set of its
// own, and returns what it printed.
func runMain(t *testing.T, args ...string) string {
	t.Helper()
	oldArgs, oldFlags, oldStdout := os.Args, flag.CommandLine, os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Args, flag.CommandLine, os.Stdout = append([]string{"quickstart"}, args...), flag.NewFlagSet("quickstart", flag.ContinueOnError), w
	defer func() { os.Args, flag.CommandLine, os.Stdout = oldArgs, oldFlags, oldStdout }()
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	main()
	w.Close()
	return <-out
}

// The command line reaches run: -input names the registration, -now the
// instant.
func TestMainReadsItsFlags(t *testing.T) {
	body := strings.Replace(string(sample), "DR-2026-0042", "DR-FLAGS", 1)
	got := runMain(t, "-input", writeInput(t, body), "-now", "2026-03-21T10:00:00Z")
	if !strings.HasPrefix(got, "registration DR-FLAGS at 2026-03-21T10:00:00Z: ") {
		t.Errorf("output:\n%s", got)
	}
}
