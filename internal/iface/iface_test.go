package iface_test

import (
	"encoding"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/internal/iface"
)

// TestPointerAtIsThePointer: the interface value is the pointer itself,
// and a method called through it writes the value in place.
func TestPointerAtIsThePointer(t *testing.T) {
	var holder struct{ When time.Time }
	p := iface.PointerAt(iface.PointerType(reflect.TypeFor[time.Time]()), unsafe.Pointer(&holder.When))
	if p != any(&holder.When) {
		t.Fatalf("PointerAt gave %#v, want %p", p, &holder.When)
	}
	if err := p.(encoding.TextUnmarshaler).UnmarshalText([]byte("2026-03-20T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC); !holder.When.Equal(want) {
		t.Fatalf("the method wrote %v through the pointer, want %v", holder.When, want)
	}
}
