package iface_test

import (
	"encoding"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/internal/iface"
)

func TestPointerToIsAddrInterface(t *testing.T) {
	var holder struct{ When time.Time }
	v := reflect.ValueOf(&holder).Elem().Field(0)
	p := iface.PointerTo(iface.PointerType(v.Type()), v)
	if p != v.Addr().Interface() {
		t.Fatalf("PointerTo gave %#v, want %#v", p, v.Addr().Interface())
	}
	if err := p.(encoding.TextUnmarshaler).UnmarshalText([]byte("2026-03-20T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC); !holder.When.Equal(want) {
		t.Fatalf("the method wrote %v through the pointer, want %v", holder.When, want)
	}
}

func TestPointerAtIsThePointer(t *testing.T) {
	var when time.Time
	p := iface.PointerAt(iface.PointerType(reflect.TypeFor[time.Time]()), unsafe.Pointer(&when))
	if p != any(&when) {
		t.Fatalf("PointerAt gave %#v, want %p", p, &when)
	}
}
