package program

// UniqueIDs finds repeated IDs in a list, item by item: the rule every
// list of registrations, partners or bidders keeps, that each is named
// once. Short lists are compared pairwise, without allocating; longer ones
// use a map, so the check stays linear.
type UniqueIDs struct {
	seen map[string]int
}

// smallList is how many items are compared pairwise.
const smallList = 32

// NewUniqueIDs prepares to check a list of n items.
func NewUniqueIDs(n int) UniqueIDs {
	if n > smallList {
		return UniqueIDs{seen: make(map[string]int, n)}
	}
	return UniqueIDs{}
}

// Check reports the index of the first item before i whose ID is id, and
// records item i. idOf(j) is the ID of item j; it is called only for j < i,
// and only on short lists. An empty id is neither checked nor recorded.
func (u *UniqueIDs) Check(i int, id string, idOf func(j int) string) (first int, dup bool) {
	if id == "" {
		return 0, false
	}
	if u.seen != nil {
		if j, ok := u.seen[id]; ok {
			return j, true
		}
		u.seen[id] = i
		return 0, false
	}
	for j := range i {
		if idOf(j) == id {
			return j, true
		}
	}
	return 0, false
}
