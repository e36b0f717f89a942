//go:build race

package program

// raceEnabled: the race detector slows rickar/cal's day-by-day walk tenfold,
// so tests that compare with it draw fewer cases.
const raceEnabled = true
