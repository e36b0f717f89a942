//go:build race

package serviceattach_test

// raceEnabled: under the race detector sync.Pool drops a quarter of the
// buffers put back, so a pooled buffer is sometimes made anew.
const raceEnabled = true
