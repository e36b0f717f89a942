package main

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// -cases may name one case-book file: the five expiry cases the change
// moves are all in expiry.json.
func TestRunOnOneCaseBookFile(t *testing.T) {
	var out strings.Builder
	if err := run(&out, caseDir+"/expiry.json", sixtyDays); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "over "+caseDir+"/expiry.json:") || !strings.Contains(out.String(), "active -> expired: 5 (e.g. ") {
		t.Errorf("summary:\n%s", out.String())
	}
}

func TestRunOnAMissingPath(t *testing.T) {
	err := run(&strings.Builder{}, caseDir+"/none.json", sixtyDays)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want a missing file", err)
	}
}
