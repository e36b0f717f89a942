package program

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// fastCase is an input type with a member of every kind the fast path
// reads, and of some it leaves to the full decoder.
type fastCase struct {
	ID       string            `json:"id,omitempty"`
	Partner  Partner           `json:"partner" jsonschema:"required" require:"agreement_signed,employees/foundations_trained"`
	Opp      *Opportunity      `json:"opportunity,omitempty"`
	At       time.Time         `json:"at" jsonschema:"required"`
	Due      *time.Time        `json:"due,omitempty"`
	Amount   decimal.Decimal   `json:"amount,omitempty"`
	Price    Money             `json:"price,omitzero"`
	Count    int8              `json:"count,omitempty"`
	Seats    uint16            `json:"seats,omitempty"`
	Ratio    float64           `json:"ratio,omitempty"`
	OK       *bool             `json:"ok,omitempty"`
	Tags     []string          `json:"tags,omitempty" jsonschema:"maxItems=3"`
	Days     []Date            `json:"days,omitempty"`
	Nested   [][]int           `json:"nested,omitempty"`
	Kids     []fastCase        `json:"kids,omitempty"`
	Extra    json.RawMessage   `json:"extra,omitempty"`
	Labels   map[string]string `json:"labels,omitempty"`
	Currency Currency          `json:"currency,omitempty"`
	Actor    Actor             `json:"actor,omitempty"`
	Zone     *TimeZone         `json:"zone,omitempty"`
	fastEmbedded
}

// fastEmbedded's members are fastCase's own, at offsets past the embedded
// struct's start.
type fastEmbedded struct {
	Skip  int16  `json:"skip,omitempty"`
	Note  string `json:"note,omitempty"`
	Big   int32  `json:"big,omitempty"`
	Small uint8  `json:"small,omitempty"`
	Wide  uint32 `json:"wide,omitempty"`
}

var fastSeeds = []string{
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2},"country":"DE"},"at":"2026-03-02T09:00:00Z"}`,
	`{"id":"DR-1","partner":{"id":"p","agreement_signed":false,"employees":{"foundations_trained":0}},"at":"2026-03-02T09:00:00.5+01:00","due":null,"opportunity":{"id":"o","kind":"new_customer","stage":2},"count":-12,"seats":7,"ok":true,"tags":["a","b"],"days":["2026-01-02"],"nested":[[1,2],[],[3]],"currency":"EUR","actor":"esm","zone":"Europe/Berlin","amount":"12.50","price":{"amount":"3","currency":"USD"},"skip":-300,"note":"n","big":-2147483648,"small":255,"wide":4294967295}`,
	` { "partner" : { "id" : "p" , "agreement_signed" : true , "employees" : { "foundations_trained" : 1 } } , "at" : "2026-03-02T09:00:00Z" , "kids" : [ ] } `,
	`{"partner":{"id":"Müller \u00e9","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z"}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z","count":2.0,"ratio":0.5,"extra":{"x":[1]},"labels":{"a":"b"}}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z","tags":["a","b","c","d"],"count":300,"seats":-1}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z","big":2147483648,"small":256,"wide":4294967296,"skip":-32769}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"partner":{},"at":"2026-13-02T09:00:00Z","unknown":1}`,
	`{"partner":null,"at":"2026-03-02T09:00:00Z","kids":[{"partner":{"id":"k","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z"},null]}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z"} {}`,
	`{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":2}},"at":"2026-03-02T09:00:00Z",}`,
	`{"partner":{"id":"p\x01","agreement_signed":tru,"employees":{"foundations_trained":01}},"at":"2026-03-02T09:00:00Z"`,
	"{\"partner\":{\"id\":\"\xff\",\"agreement_signed\":true,\"employees\":{\"foundations_trained\":-0}},\"at\":\"2026-03-02T09:00:00Z\"}",
	`null`, `[]`, `"x"`, `{}`, `{"partner":{"id":"p","agreement_signed":true,"employees":{"foundations_trained":1e1}},"at":"2026-03-02T09:00:00Z"}`,
}

// FuzzDecodeFastPathAgrees: whatever the input, DecodeJSON with its fast
// path gives what the full decoder alone gives: the same problems at the
// same pointers, and on success the same value.
func FuzzDecodeFastPathAgrees(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast, full fastCase
		errFast := decodeJSON(data, &fast, true)
		errFull := decodeJSON(data, &full, false)
		if (errFast == nil) != (errFull == nil) || errFast != nil && errFast.Error() != errFull.Error() {
			t.Fatalf("%q:\nfast path: %v\nfull:      %v", data, errFast, errFull)
		}
		if errFast == nil && !reflect.DeepEqual(fast, full) {
			t.Fatalf("%q:\nfast path: %+v\nfull:      %+v", data, fast, full)
		}
	})
}

// TestFastPathReadsPlainInput: the fast path itself accepts the plain
// seeds (so the comparison above is not between two full decodings), and
// gives up on the others.
func TestFastPathReadsPlainInput(t *testing.T) {
	p := planFor(reflect.TypeFor[fastCase](), "")
	for i, s := range fastSeeds {
		d := &decodeState{data: []byte(s)}
		var v fastCase
		got := d.fastDocument(p, unsafe.Pointer(&v))
		want := i < 3 // the plain ones; the fourth has an escape
		if got != want {
			t.Errorf("seed %d: fast path took it: %v, want %v: %s", i, got, want, s)
		}
	}
}

// TestFastPathLeavesLayeredValuesAlone: a value that already holds
// something (a policy decoded over its base) is read by the full decoder,
// which lays the input over it.
func TestFastPathLeavesLayeredValuesAlone(t *testing.T) {
	v := fastCase{Tags: []string{"base"}, Count: 3}
	if err := DecodeJSON([]byte(fastSeeds[0][:len(fastSeeds[0])-1]+`,"seats":2}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Count != 3 || v.Seats != 2 || len(v.Tags) != 1 || !strings.HasPrefix(v.Partner.ID, "p") {
		t.Errorf("got %+v", v)
	}
}

// TestDecodeStateCarriesNothingOver: a pooled decoding state that read a
// bad input with the full decoder, or another type, leaves the next
// decoding nothing: not its problems, not its plan.
func TestDecodeStateCarriesNothingOver(t *testing.T) {
	bad := `{"partner":{"id":1},"at":"soon"}`
	for i := range 20 {
		var v fastCase
		if err := DecodeJSON([]byte(bad), &v); len(Locations(err)) != 4 {
			t.Fatalf("round %d: bad input gave %v, want four problems", i, err)
		}
		var p Partner
		if err := DecodeJSON([]byte(`{"id":"p","agreement_signed":true}`), &p); err != nil || p.ID != "p" || !p.AgreementSigned {
			t.Fatalf("round %d: a partner after it gave %+v, %v", i, p, err)
		}
		v = fastCase{}
		if err := DecodeJSON([]byte(fastSeeds[1]), &v); err != nil || v.Note != "n" || v.Wide != 4294967295 {
			t.Fatalf("round %d: a good input after them gave %+v, %v", i, v, err)
		}
	}
}
