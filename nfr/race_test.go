//go:build race

package nfr_test

// raceEnabled: under the race detector sync.Pool drops some of the values
// put back, so fmt's pooled printer is now and then made anew.
const raceEnabled = true
