// Command quickstart routes one deal registration under the handbook's
// default policy and prints the explained decision.
//
//	go run ./examples/quickstart                       # the built-in sample
//	go run ./examples/quickstart -input reg.json -now 2026-03-20T09:00:00Z
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

//go:embed registration.json
var sample []byte

func main() {
	input := flag.String("input", "", "a registration as JSON (default: the built-in sample)")
	nowFlag := flag.String("now", "2026-03-20T09:00:00Z", "the instant to decide at (RFC 3339)")
	flag.Parse()
	if err := run(os.Stdout, *input, *nowFlag); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
}

func run(w io.Writer, input, nowText string) error {
	data := sample
	if input != "" {
		var err error
		if data, err = os.ReadFile(input); err != nil {
			return err
		}
	}
	now, err := time.Parse(time.RFC3339, nowText)
	if err != nil {
		return fmt.Errorf("-now: %q is not an RFC 3339 instant", nowText)
	}
	var reg dealreg.Registration
	if err := program.DecodeJSON(data, &reg); err != nil {
		return err
	}
	d, err := dealreg.Default().Route(reg, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "registration %s at %s: %s\n", reg.ID, now.Format(time.RFC3339), d.Outcome)
	for _, r := range d.Reasons.All() {
		fmt.Fprintf(w, "  because %s\n    (%s; %s)\n", r.Text(), r.Rule, r.Section())
	}
	if !d.Next.IsZero() {
		fmt.Fprintf(w, "next: %s must %s", d.Next.Actor, d.Next.What)
		if !d.Next.Due.IsZero() {
			fmt.Fprintf(w, ", by %s", d.Next.Due.Format(time.RFC3339))
		}
		fmt.Fprintln(w)
	}
	if d.Status != "" {
		fmt.Fprintf(w, "status: %s until %s\n", d.Status, d.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}
