package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

func writeInput(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "registration.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// -input replaces the built-in sample.
func TestQuickstartDecidesTheInputFile(t *testing.T) {
	body := strings.Replace(string(sample), "DR-2026-0042", "DR-FROM-FILE", 1)
	var out strings.Builder
	if err := run(&out, writeInput(t, body), "2026-03-20T09:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "registration DR-FROM-FILE at 2026-03-20T09:00:00Z: ") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestQuickstartReportsAMissingInputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.json")
	err := run(&strings.Builder{}, path, "2026-03-20T09:00:00Z")
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an error naming %s", err, path)
	}
}

// Input that decodes can still be refused by the rules: sourced growth is
// carried only by a renewal.
func TestQuickstartReportsWhatTheRulesRefuse(t *testing.T) {
	body := strings.Replace(string(sample), `"stage": 2}`, `"stage": 2, "sourced_growth": true}`, 1)
	if body == string(sample) {
		t.Fatal("the sample no longer has the opportunity this test edits")
	}
	err := run(&strings.Builder{}, writeInput(t, body), "2026-03-20T09:00:00Z")
	if !errors.Is(err, program.ErrInvalidInput) || !strings.Contains(err.Error(), "/opportunity/sourced_growth") {
		t.Errorf("got %v, want an input error naming /opportunity/sourced_growth", err)
	}
}
