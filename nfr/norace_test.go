//go:build !race

package nfr_test

const raceEnabled = false
