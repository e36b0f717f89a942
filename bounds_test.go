package channelpolicy_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// boundedList is a list member of an operation's input: where it is (JSON
// member names, "0" through a list), its Go type and its maxItems.
type boundedList struct {
	path     []string
	typ      reflect.Type
	maxItems int
}

func (l boundedList) pointer() string {
	return "/" + strings.Join(l.path, "/")
}

// inputLists finds every list member an input of type t can hold.
func inputLists(t reflect.Type) []boundedList {
	var out []boundedList
	var walk func(t reflect.Type, path []string, stack []reflect.Type)
	walk = func(t reflect.Type, path []string, stack []reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || slices.Contains(stack, t) || reflect.PointerTo(t).Implements(typeJSONUnmarshaler) || reflect.PointerTo(t).Implements(typeTextUnmarshaler) || t == typeTime {
			return
		}
		stack = append(stack, t)
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if f.Anonymous && name == "" {
				walk(f.Type, path, stack)
				continue
			}
			member := append(slices.Clone(path), name)
			switch ft := f.Type; ft.Kind() {
			case reflect.Slice:
				out = append(out, boundedList{member, ft, program.MaxItems(f.Tag)})
				walk(ft.Elem(), append(member, "0"), stack)
			case reflect.Map:
				out = append(out, boundedList{member, ft, 0})
			default:
				walk(ft, member, stack)
			}
		}
	}
	walk(t, nil, nil)
	return out
}

// listDocument is a document that holds, at l's place, a list of n
// elements of the right JSON kind (empty objects, strings, numbers), and
// nothing else it does not need to get there.
func listDocument(l boundedList, n int) []byte {
	elem := `"x"`
	switch et := l.typ.Elem(); {
	case reflect.PointerTo(et).Implements(typeTextUnmarshaler) || et.Kind() == reflect.String:
	case et.Kind() == reflect.Struct:
		elem = `{}`
	default:
		elem = `0`
	}
	var b bytes.Buffer
	for i, name := range l.path {
		if name == "0" {
			b.WriteString(`[`)
			continue
		}
		b.WriteString(`{` + strconv.Quote(name) + `:`)
		_ = i
	}
	b.WriteString(`[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(elem)
	}
	b.WriteString(`]`)
	for i := len(l.path) - 1; i >= 0; i-- {
		if l.path[i] == "0" {
			b.WriteString(`]`)
		} else {
			b.WriteString(`}`)
		}
	}
	return b.Bytes()
}

// TestEveryInputListIsBounded: every list an operation's input can hold
// has a maxItems, and the decoder and the published schema refuse exactly
// the same lengths: maxItems elements are not too many, one more is, and
// the decoder says so first, at the list.
func TestEveryInputListIsBounded(t *testing.T) {
	for _, op := range channelpolicy.Default().Operations() {
		sch := compileInputSchema(t, op)
		for _, l := range inputLists(op.Input()) {
			name := op.Name() + " " + l.pointer()
			if l.typ.Kind() == reflect.Map || l.maxItems == 0 {
				t.Errorf("%s: a list or map with no maxItems: an input could hold any number of values", name)
				continue
			}
			for _, n := range []int{l.maxItems, l.maxItems + 1} {
				over := n > l.maxItems
				doc := listDocument(l, n)
				var in = reflect.New(op.Input())
				err := program.DecodeJSON(doc, in.Interface())
				var decoderRefuses bool
				if fes := program.FieldErrors(err); len(fes) > 0 && fes[0].Pointer == l.pointer() && strings.Contains(fes[0].Detail, "the most this list may hold is "+strconv.Itoa(l.maxItems)) {
					decoderRefuses = true
				}
				for _, fe := range program.FieldErrors(err)[min(1, len(program.FieldErrors(err))):] {
					if strings.Contains(fe.Detail, "the most this list may hold") {
						t.Errorf("%s, %d items: the list's problem is not listed first: %v", name, n, err)
					}
				}
				inst, jerr := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
				if jerr != nil {
					t.Fatal(jerr)
				}
				schemaRefuses := schemaSays[*kind.MaxItems](sch.Validate(inst), l.path)
				if decoderRefuses != over || schemaRefuses != over {
					t.Errorf("%s, %d items (maxItems %d): the decoder refuses: %v, the schema refuses: %v; want both %v\n%v",
						name, n, l.maxItems, decoderRefuses, schemaRefuses, over, err)
				}
			}
		}
	}
}

// schemaSays reports whether the schema's verdict err holds an error of
// kind K at the instance location path.
func schemaSays[K any](err error, path []string) bool {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	found := false
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if _, ok := e.ErrorKind.(K); ok && slices.Equal(e.InstanceLocation, path) {
			found = true
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return found
}

// TestNonObjectDocuments: an input that is not an object at all gets one
// problem, at the root pointer "", saying what the document is and that an
// object is wanted, from every operation.
func TestNonObjectDocuments(t *testing.T) {
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Now: func() time.Time { return caseNow }})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range channelpolicy.Default().Operations() {
		for body, is := range map[string]string{`[]`: "a list", `"x"`: "a string", `12`: "a number", `true`: "a boolean", `null`: "null"} {
			pkg, short, _ := strings.Cut(op.Name(), ".")
			w := apiPost("/v1/"+pkg+"/"+short, body).do(h)
			written := w.Body.String()
			p := wantProblem(t, w, http.StatusBadRequest, "invalid-input", "/v1/"+pkg+"/"+short)
			if len(p.Errors) != 1 || p.Errors[0].Pointer != "" || !strings.HasPrefix(p.Errors[0].Detail, "the document is "+is+"; want an object") {
				t.Errorf("%s given %s: %v; want one problem at \"\" saying the document is %s", op.Name(), body, located(p), is)
			}
			if !strings.Contains(written, `"pointer":""`) {
				t.Errorf("%s given %s: the problem's pointer is not written: %s", op.Name(), body, written)
			}
		}
	}
}

// TestREADMELimits holds the README's table of limits to the constants and
// tags that set them.
func TestREADMELimits(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "**Limits.**")
	if !ok {
		t.Fatal("README.md has no Limits paragraph")
	}
	section, _, _ = strings.Cut(section, "\n\n\n")
	want := []string{
		fmt.Sprintf("the first %d", program.MaxProblems),
		fmt.Sprintf("%d characters", program.MaxDecimalLength),
		fmt.Sprintf("%d MiB | an error naming the file, once %d MiB are read", casebook.MaxFile>>20, casebook.MaxFile>>20),
		fmt.Sprintf("| %d MiB |", casebook.MaxLine>>20),
	}
	for _, w := range want {
		if !strings.Contains(section, w) {
			t.Errorf("README's limits do not say %q", w)
		}
	}
	_, row, _ := strings.Cut(section, "| each list of an input |")
	row, _, _ = strings.Cut(row, "\n")
	seen := map[int]bool{}
	for _, op := range channelpolicy.Default().Operations() {
		for _, l := range inputLists(op.Input()) {
			if n := humanCount(l.maxItems) + " "; !seen[l.maxItems] && !strings.Contains(row, n) {
				t.Errorf("README's limit of lists does not say %q (%s %s)", n, op.Name(), l.pointer())
			}
			seen[l.maxItems] = true
		}
	}
}

// humanCount writes n as the README does: 1,000.
func humanCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
