package marketing_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

func mustInstant(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := program.ParseInstant(s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
