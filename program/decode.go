package program

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DecodeJSON decodes one JSON value from data into v strictly: unknown
// fields, trailing data and values of the wrong type or out of an enum are
// errors. Every error matches [ErrInvalidInput] and is a [FieldError] whose
// field is root followed by the path inside the value. encoding/json stops
// at the first bad value and reports paths without list indexes
// ("request.seats.license"); the packages' own validation, which runs after
// decoding, reports every problem with indexes ("request.seats[1].license").
func DecodeJSON(data []byte, v any, root string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, root, data, v)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &FieldError{Field: root, Problem: "more than one JSON value; want exactly one"}
	}
	return nil
}

// jsonError turns an encoding/json error into a FieldError.
func jsonError(err error, root string, data []byte, v any) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		tpe *time.ParseError
	)
	switch {
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(data)) == 0:
		return &FieldError{Field: root, Problem: "empty input; want a JSON object"}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &FieldError{Field: root, Problem: "truncated JSON: the input ends inside a value"}
	case errors.As(err, &syn):
		return &FieldError{Field: root, Problem: fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))}
	case errors.As(err, &typ):
		field := Path(root, typ.Field)
		if typ.Offset == ownMessage {
			return &FieldError{Field: field, Problem: typ.Value}
		}
		want := "a value of type " + typ.Type.String()
		if typ.Type != nil {
			want = jsonKind(typ.Type.Kind().String())
		}
		return &FieldError{Field: field, Problem: fmt.Sprintf("got a JSON %s, want %s", typ.Value, want)}
	case errors.As(err, &tpe):
		field := root
		if path, ok := locate(data, func(isKey bool, s string) bool { return !isKey && s == tpe.Value }); ok {
			field = Path(root, path)
		}
		return &FieldError{Field: field, Problem: fmt.Sprintf("%q is not an RFC 3339 instant such as 2026-11-25T09:30:00Z", tpe.Value)}
	}
	if strings.Contains(err.Error(), "Time.UnmarshalJSON") {
		var doc any
		field := root
		if json.Unmarshal(data, &doc) == nil {
			if path, ok := badInstant(reflect.TypeOf(v), doc, ""); ok {
				field = Path(root, path)
			}
		}
		return &FieldError{Field: field, Problem: "want an RFC 3339 instant as a string, such as \"2026-11-25T09:30:00Z\""}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if quoted, ok := strings.CutPrefix(msg, "unknown field "); ok {
		field := root
		if name, err := strconv.Unquote(quoted); err == nil {
			if path, ok := locate(data, func(isKey bool, s string) bool { return isKey && s == name }); ok {
				field = Path(root, path)
			}
		}
		return &FieldError{Field: field, Problem: "unknown field: not part of this input"}
	}
	return &FieldError{Field: root, Problem: msg}
}

var timeType = reflect.TypeFor[time.Time]()

// badInstant walks type t beside the decoded document and returns the path
// of the first time.Time field whose JSON value is present but not a string.
func badInstant(t reflect.Type, doc any, path string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		_, isString := doc.(string)
		return path, doc != nil && !isString
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		list, _ := doc.([]any)
		for i, x := range list {
			if p, ok := badInstant(t.Elem(), x, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	case reflect.Struct:
		obj, _ := doc.(map[string]any)
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			if x, ok := obj[name]; ok {
				if p, ok := badInstant(f.Type, x, Path(path, name)); ok {
					return p, true
				}
			}
		}
	}
	return "", false
}

// locate returns the path of the one key or string value in data that match
// accepts. encoding/json does not say where a time or an unknown field was;
// when exactly one place matches, that is it, and when several do, locate
// says nothing rather than guess.
func locate(data []byte, match func(isKey bool, s string) bool) (string, bool) {
	type frame struct {
		obj     bool
		wantKey bool
		key     string
		idx     int
	}
	var (
		stack []frame
		found string
		n     int
	)
	path := func() string {
		var b strings.Builder
		for i, f := range stack {
			if f.obj {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.idx)
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].obj && stack[top].wantKey {
			if key, ok := tok.(string); ok {
				stack[top].key, stack[top].wantKey = key, false
				if match(true, key) {
					found, n = path(), n+1
				}
				continue
			}
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:top]
			if top > 0 && stack[top-1].obj {
				stack[top-1].wantKey = true
			}
			continue
		}
		if top >= 0 && !stack[top].obj {
			stack[top].idx++
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{idx: -1})
			continue
		}
		if s, ok := tok.(string); ok && match(false, s) {
			found, n = path(), n+1
		}
		if top >= 0 && stack[top].obj {
			stack[top].wantKey = true
		}
	}
	return found, n == 1
}

func jsonKind(k string) string {
	switch k {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	}
	return "a value of kind " + k
}
