package casetest

import (
	"reflect"
	"testing"
	"time"
)

// PolicyNoticesChanges checks a package's compiled policy against its
// fields: fresh(built) must hold, and after any one exported field of built
// is given another value (a scalar changed, a list or map replaced by an
// equal copy, a struct changed in one of its fields or zeroed), fresh must
// not. fresh is the package's own test that a policy's ready form still
// matches its fields, so a field added to Policy and forgotten there fails
// here.
func PolicyNoticesChanges[P any](t *testing.T, built P, fresh func(P) bool) {
	t.Helper()
	if !fresh(built) {
		t.Fatalf("a freshly compiled %T is not fresh", built)
	}
	typ := reflect.TypeFor[P]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		changed := reflect.New(typ).Elem()
		changed.Set(reflect.ValueOf(built))
		if !change(changed.Field(i)) {
			t.Errorf("%s.%s: the test cannot change a %s; teach PolicyNoticesChanges", typ, f.Name, f.Type)
			continue
		}
		if fresh(changed.Interface().(P)) {
			t.Errorf("%s.%s changed after compiling, but the ready form is still used", typ, f.Name)
		}
	}
}

var typeTime = reflect.TypeFor[time.Time]()

// change gives v another value, reporting whether it could.
func change(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Slice:
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len()+1)
		reflect.Copy(c, v)
		v.Set(c)
	case reflect.Map:
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), it.Value())
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		} else {
			v.Set(reflect.Zero(v.Type()))
		}
	case reflect.Struct:
		if v.Type() == typeTime {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
			return true
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && change(v.Field(i)) {
				return true
			}
		}
		if v.IsZero() {
			return false
		}
		v.Set(reflect.Zero(v.Type()))
	default:
		return false
	}
	return true
}
