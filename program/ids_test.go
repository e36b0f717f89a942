package program_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

func TestUniqueIDsShortAndLongListsAgree(t *testing.T) {
	for _, n := range []int{0, 1, 5, 32, 33, 200, 5000} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("id-%d", i%(n/2+1))
			if i%7 == 3 {
				ids[i] = ""
			}
		}
		u := program.NewUniqueIDs(n)
		for i, id := range ids {
			first, dup := u.Check(i, id, func(j int) string { return ids[j] })
			want, wantDup := 0, false
			for j := range i {
				if id != "" && ids[j] == id {
					want, wantDup = j, true
					break
				}
			}
			if dup != wantDup || first != want {
				t.Fatalf("n=%d item %d (%q): got %d %v, want %d %v", n, i, id, first, dup, want, wantDup)
			}
		}
	}
}

func TestUniqueIDsShortListDoesNotAllocate(t *testing.T) {
	ids := []string{"a", "b", "c", "a"}
	allocs := testing.AllocsPerRun(100, func() {
		u := program.NewUniqueIDs(len(ids))
		for i, id := range ids {
			u.Check(i, id, func(j int) string { return ids[j] })
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations", allocs)
	}
}

func TestUniqueIDsLongListAllocatesOnce(t *testing.T) {
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("partner-%d", i%900) // the last 100 repeat
	}
	dups := 0
	allocs := testing.AllocsPerRun(50, func() {
		dups = 0
		u := program.NewUniqueIDs(len(ids))
		for i, id := range ids {
			if first, dup := u.Check(i, id, func(j int) string { return ids[j] }); dup {
				if first != i-900 {
					t.Fatalf("item %d: first %d, want %d", i, first, i-900)
				}
				dups++
			}
		}
	})
	if allocs != 1 || dups != 100 {
		t.Fatalf("%v allocations, %d repeats; want 1 and 100", allocs, dups)
	}
}
