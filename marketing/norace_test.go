//go:build !race

package marketing_test

const raceEnabled = false
