package program

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Compiler is a package's Policy: data that is checked once and turned into
// the ready form its decisions read. Compile reports every problem of the
// policy, located by JSON Pointers into the policy document, or returns the
// policy with its ready form attached.
type Compiler[P any] interface {
	Compile() (P, error)
}

// ParsePolicy decodes a policy document strictly over base and compiles the
// result: members data does not name keep base's values, and a list data
// names replaces base's whole. The result shares nothing with base (base is
// copied through its own JSON form, which every policy round-trips), so
// changing one never changes the other. Every problem, of decoding or of
// the policy, is located by a JSON Pointer into data.
func ParsePolicy[P Compiler[P]](base P, data []byte) (P, error) {
	var zero, p P
	own, err := json.Marshal(base)
	if err != nil {
		return zero, fmt.Errorf("copying the base policy: %w", err)
	}
	if err := DecodeJSON(own, &p); err != nil {
		return zero, fmt.Errorf("copying the base policy: %w", err)
	}
	if err := DecodeJSON(data, &p); err != nil {
		return zero, err
	}
	return p.Compile()
}

// SameSlice reports whether a and b are the same list: the same elements in
// memory, not merely equal ones. A policy's ready form uses it to notice
// that a list was replaced after the policy was compiled.
func SameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// SameMap reports whether a and b are the same map, not merely equal ones.
func SameMap[K comparable, V any](a, b map[K]V) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(a) == len(b) && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
