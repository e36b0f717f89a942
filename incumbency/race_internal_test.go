//go:build race

package incumbency

// raceEnabled: under the race detector sync.Pool drops a quarter of the
// buffers put back, so a pooled buffer is sometimes made anew.
const raceEnabled = true
