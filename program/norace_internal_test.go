//go:build !race

package program

// raceEnabled: see race_internal_test.go.
const raceEnabled = false
