package program

import (
	"bytes"
	"reflect"
	"strings"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
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
// names replaces base's whole. The result shares no list or map with base
// ([DeepCopy]), so changing one never changes the other. Every problem, of
// decoding or of the policy, is located by a JSON Pointer into data.
func ParsePolicy[P Compiler[P]](base P, data []byte) (P, error) {
	p := DeepCopy(base)
	if err := DecodeJSON(data, &p); err != nil {
		var zero P
		return zero, err
	}
	c, err := p.Compile()
	if err != nil {
		return c, locateInDocument(data, err)
	}
	return c, nil
}

// locateInDocument re-locates the problems of a policy merged from data over
// a base that lie in what data did not name, a part kept from the base: a
// document that replaces the territories and keeps the base's distributors
// can make a kept distributor wrong. Such a problem is moved to the member
// of data the caller would write to replace that part (the missing member
// of an object data has, or the nearest value data holds), and its detail
// names the place in the merged policy ("/distributors/5/countries/0 in
// the merged policy: …"). Problems inside data are left as they are, and
// when none moves, err is returned as it is.
func locateInDocument(data []byte, err error) error {
	var places map[string]byte // pointer → '{', '[' or 0 for a scalar
	moved := false
	var pr Problems
	walkProblems(err, func(e error) {
		fe, ok := e.(*FieldError)
		if !ok || fe.Parameter != "" {
			pr.AddErr(e)
			return
		}
		if places == nil {
			places = valuePlaces(data)
		}
		at := nearestPlace(places, fe.Pointer)
		if at == fe.Pointer {
			pr.AddErr(e)
			return
		}
		moved = true
		pr.AddErr(&FieldError{Pointer: at, Detail: fe.Pointer + " in the merged policy: " + fe.Detail})
	})
	if !moved {
		return err
	}
	return pr.Err()
}

// valuePlaces reads the pointer of every value of the well-formed JSON
// document data, with its kind.
func valuePlaces(data []byte) map[string]byte {
	places := map[string]byte{}
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true)) // as DecodeJSON reads it
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return places
		}
		p := string(dec.StackPointer())
		switch k := tok.Kind(); k {
		case '{', '[':
			places[p] = byte(k)
		case '}', ']':
		default:
			if _, seen := places[p]; !seen {
				places[p] = 0
			}
		}
		if dec.StackDepth() == 0 {
			return places
		}
	}
}

// nearestPlace is where in the document of places a problem at pointer
// belongs: pointer itself when the document holds a value there or it is a
// member missing from an object the document has; otherwise the member of
// the deepest object on its path that the document lacks, or the deepest
// list or scalar on its path.
func nearestPlace(places map[string]byte, pointer string) string {
	if _, ok := places[pointer]; ok || !strings.HasPrefix(pointer, "/") {
		return pointer
	}
	at := ""
	for i := 1; ; {
		j := strings.IndexByte(pointer[i:], '/')
		end := len(pointer)
		if j >= 0 {
			end = i + j
		}
		next := pointer[:end]
		if _, ok := places[next]; !ok {
			if places[at] == '{' {
				return next
			}
			return at
		}
		at = next
		if j < 0 {
			return at
		}
		i = end + 1
	}
}

// DeepCopy copies v with every list and map reachable through exported
// fields copied too, so that writing an element of one never changes the
// other. Pointers and unexported fields are shared.
func DeepCopy[T any](v T) T {
	c := reflect.ValueOf(&v).Elem()
	deepCopy(c)
	return v
}

func deepCopy(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				deepCopy(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			deepCopy(c.Index(i))
		}
		v.Set(c)
	case reflect.Array:
		for i := range v.Len() {
			deepCopy(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			deepCopy(e)
			c.SetMapIndex(it.Key(), e)
		}
		v.Set(c)
	}
}

// SameMemory reports whether the first n bytes of *a and *b are the same
// bytes: a policy's fields before its ready form, compared as memory, so
// that a policy checked against the fields it was compiled from costs a
// comparison of words when nothing changed. Equal memory means the same
// values, the same lists and the same maps; different memory (padding, a
// string equal but elsewhere) means nothing, and the caller compares field
// by field.
func SameMemory[T any](a, b *T, n uintptr) bool {
	return unsafe.String((*byte)(unsafe.Pointer(a)), n) == unsafe.String((*byte)(unsafe.Pointer(b)), n)
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

// Ready returns the ready form of a compiled policy: current(p) gives it
// while p's fields are as they were compiled; otherwise p is compiled now
// (every problem of the policy reported) and the new form returned. Every
// package's decisions start here, so none validates a compiled policy.
func Ready[P Compiler[P], R any](p P, current func(P) (R, bool)) (R, error) {
	if r, ok := current(p); ok {
		return r, nil
	}
	q, err := p.Compile()
	if err != nil {
		var zero R
		return zero, err
	}
	r, _ := current(q)
	return r, nil
}
