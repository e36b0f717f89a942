package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestQuickstartPrintsAnExplainedDecision(t *testing.T) {
	var out strings.Builder
	if err := run(&out, "", "2026-03-20T09:00:00Z"); err != nil {
		t.Fatal(err)
	}
	// ESM approved 2026-03-03T14:30Z; the ASM had until 2026-03-13T14:30Z and
	// said nothing, so Ecosystem Ops approved at that deadline.
	want := []string{
		"registration DR-2026-0042 at 2026-03-20T09:00:00Z: approved",
		"(dealreg.roe.early_stage; Partner Sourced Deal Registration Rules of Engagement)",
		"(dealreg.roe.early_stage.asm_timeout;",
		"the ASM did not decide by the deadline 2026-03-13T14:30:00Z",
		"next: ecosystem_ops must record the approval the timeout gave, by 2026-03-13T14:30:00Z",
		"status: active until 2026-06-11T14:30:00Z",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestQuickstartBeforeTheDeadlineIsPending(t *testing.T) {
	var out strings.Builder
	if err := run(&out, "", "2026-03-13T14:30:00Z"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ": pending_asm") || !strings.Contains(out.String(), "next: asm must approve or deny the registration, by 2026-03-13T14:30:00Z") {
		t.Errorf("at exactly the deadline the ASM still has time:\n%s", out.String())
	}
}

func TestQuickstartReportsBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, []byte(`{"partner":{"track":"platinum"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(&strings.Builder{}, path, "2026-03-20T09:00:00Z")
	if !errors.Is(err, program.ErrInvalidInput) || !strings.Contains(err.Error(), "/partner/track") {
		t.Fatalf("got %v, want an input error naming /partner/track", err)
	}
	if err := run(&strings.Builder{}, "", "yesterday"); err == nil {
		t.Fatal("a malformed -now must be an error")
	}
}

// TestReadmeShowsTheQuickstartOutput keeps the README's sample output equal
// to what the quickstart prints.
func TestReadmeShowsTheQuickstartOutput(t *testing.T) {
	var out strings.Builder
	if err := run(&out, "", "2026-03-20T09:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if readme := string(casetest.MarkdownBlock(t, "../../README.md", "text")); readme != out.String() {
		t.Errorf("README's quickstart output differs from the program's; paste the output of go run ./examples/quickstart:\n%s", out.String())
	}
}
