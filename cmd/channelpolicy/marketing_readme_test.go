package main

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
)

// TestMarketingReadmeShowsTheGeneratedFlow keeps marketing/README.md's
// diagram equal to what 'channelpolicy graph marketing' draws today.
func TestMarketingReadmeShowsTheGeneratedFlow(t *testing.T) {
	block := string(casetest.MarkdownBlock(t, "../../marketing/README.md", "mermaid"))
	if want := render(marketing.Default().Flow(), "mermaid"); block != want {
		t.Errorf("marketing/README.md's diagram differs from 'channelpolicy graph marketing'; regenerate it:\n  go run ./cmd/channelpolicy graph marketing")
	}
}
