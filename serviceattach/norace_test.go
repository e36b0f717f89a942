//go:build !race

package serviceattach_test

const raceEnabled = false
