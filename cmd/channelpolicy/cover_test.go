package main

import (
	"os"
	"strings"
)

// The end-to-end tests run the command as a separate process, whose
// statements a test's coverage profile does not see. When
// CHANNELPOLICY_E2E_COVERDIR names a directory (.ci/run sets it), the
// command is built for coverage and every process of it writes its counters
// there, for .ci/coverage.go to add to the package's figure.
func init() {
	dir := os.Getenv("CHANNELPOLICY_E2E_COVERDIR")
	if dir == "" {
		return
	}
	os.Setenv("GOCOVERDIR", dir)
	os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -cover -coverpkg=github.com/channelpolicy/channelpolicy/cmd/channelpolicy"))
}
