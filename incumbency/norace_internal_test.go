//go:build !race

package incumbency

const raceEnabled = false
