//go:build race

package marketing_test

// raceEnabled: under the race detector sync.Pool drops some of the buffers
// put back, so the reason writer's pooled buffer is now and then made anew.
const raceEnabled = true
