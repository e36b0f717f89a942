//go:build !race

package channelpolicy_test

// raceEnabled is set when the tests run under the race detector, which
// makes code several times slower.
const raceEnabled = false
