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
	os.Args, flag.CommandLine, os.Stdout = append([]string{"policychange"}, args...), flag.NewFlagSet("policychange", flag.ContinueOnError), w
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

// The command line reaches run: -cases and -change are the comparison's.
func TestMainReadsItsFlags(t *testing.T) {
	got := runMain(t, "-cases", caseDir+"/expiry.json", "-change", `{"dealreg":{"expiry_days":30}}`)
	if !strings.HasPrefix(got, `policy change {"dealreg":{"expiry_days":30}} over `+caseDir+"/expiry.json:") || !strings.Contains(got, "active -> expired: ") {
		t.Errorf("output:\n%s", got)
	}
}
