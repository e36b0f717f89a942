// Package iface makes interface values of pointers to values held in
// memory without reflect looking up the pointer type on every call: what
// the decoder (program) and the encoder (the root package) do per field
// when they call a value's own methods (UnmarshalText, MarshalJSON,
// IsZero).
package iface

import (
	"reflect"
	"unsafe"
)

// eface is the layout of an empty interface value: its dynamic type, and
// a pointer to its value (or the value, for a pointer).
type eface struct{ typ, data unsafe.Pointer }

// PointerType is the type word of *t in an interface value, for PointerAt.
func PointerType(t reflect.Type) unsafe.Pointer {
	x := reflect.New(t).Interface()
	return (*eface)(unsafe.Pointer(&x)).typ
}

// PointerAt is the interface value of the pointer p, whose type is the
// one PointerType was given, copying nothing.
func PointerAt(ptrType, p unsafe.Pointer) any {
	var x any
	*(*eface)(unsafe.Pointer(&x)) = eface{ptrType, p}
	return x
}
