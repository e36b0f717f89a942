package program

import (
	"hash/maphash"
	"math/bits"
)

// UniqueIDs finds repeated IDs in a list, item by item: the rule every
// list of registrations, partners or bidders keeps, that each is named
// once. Short lists are compared pairwise, without allocating; longer ones
// use a hash table of item indices (one allocation, holding no pointers),
// so the check stays linear.
type UniqueIDs struct {
	// slots is an open-addressing table of the recorded items, by the hash
	// of their IDs: an item's index plus one, 0 for an empty slot. Nil on
	// short lists.
	slots []int32
}

// smallList is how many items are compared pairwise.
const smallList = 32

// idSeed seeds the table's hashes; the answers do not depend on it.
var idSeed = maphash.MakeSeed()

// NewUniqueIDs prepares to check a list of n items.
func NewUniqueIDs(n int) UniqueIDs {
	if n <= smallList {
		return UniqueIDs{}
	}
	// At most half full: a power of two of at least 2n slots.
	return UniqueIDs{slots: make([]int32, 1<<bits.Len(uint(2*n-1)))}
}

// Check reports the index of the first item before i whose ID is id, and
// records item i. idOf(j) is the ID of item j, the one Check was given
// for it; it is called only for items j < i Check recorded. An empty id
// is neither checked nor recorded.
func (u *UniqueIDs) Check(i int, id string, idOf func(j int) string) (first int, dup bool) {
	if id == "" {
		return 0, false
	}
	if u.slots != nil {
		mask := uint64(len(u.slots) - 1)
		for h := maphash.String(idSeed, id) & mask; ; h = (h + 1) & mask {
			s := u.slots[h]
			if s == 0 {
				u.slots[h] = int32(i + 1)
				return 0, false
			}
			if j := int(s - 1); idOf(j) == id {
				return j, true
			}
		}
	}
	for j := range i {
		if idOf(j) == id {
			return j, true
		}
	}
	return 0, false
}
