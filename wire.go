package channelpolicy

import (
	"io"
	"slices"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// wireOptions encode values exactly as encoding/json does with HTML
// escaping off (nil lists as null, omitempty as v1 reads it, marshal
// methods called as v1 calls them), with the faster encoder of
// github.com/go-json-experiment/json, which also writes each reason straight
// into its buffer (program.Reason.MarshalJSONTo) instead of re-scanning it.
var wireOptions = json.JoinOptions(jsonv1.DefaultOptionsV1(), jsontext.EscapeForHTML(false))

// AppendJSON appends v's JSON to b: the bytes encoding/json would write
// for v with HTML escaping off, written faster. Batches and the HTTP
// handler write decisions with it.
func AppendJSON(b []byte, v any) ([]byte, error) {
	w := appendWriter{b}
	err := json.MarshalWrite(&w, v, wireOptions)
	return w.b, err
}

// WriteJSON writes v's JSON to w as [AppendJSON] does.
func WriteJSON(w io.Writer, v any) error { return json.MarshalWrite(w, v, wireOptions) }

// appendMarshal appends v's JSON exactly as encoding/json's Marshal writes
// it (HTML characters escaped), with the faster encoder: what the HTTP
// handler answers with.
func appendMarshal(b []byte, v any) ([]byte, error) {
	w := appendWriter{b}
	err := json.MarshalWrite(&w, v, jsonv1.DefaultOptionsV1())
	return w.b, err
}

type appendWriter struct{ b []byte }

// Write appends p, doubling the buffer when it is full: append alone grows
// a large buffer by a quarter at a time, which for a decision of megabytes
// allocates five times its size in all.
func (w *appendWriter) Write(p []byte) (int, error) {
	if len(w.b)+len(p) > cap(w.b) {
		w.b = slices.Grow(w.b, max(len(p), cap(w.b)))
	}
	w.b = append(w.b, p...)
	return len(p), nil
}
