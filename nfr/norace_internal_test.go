//go:build !race

package nfr

// raceEnabled: see race_internal_test.go.
const raceEnabled = false
