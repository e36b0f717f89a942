package channelpolicy_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/dealreg"
)

// BenchmarkServe compares the handler's path for one deal-registration
// routing request with a bare net/http handler that reads the same body,
// decodes it with encoding/json, routes it and encodes the decision: the
// cost of everything the handler adds (strict decoding with pointers,
// problem documents, limits, timeouts, metrics off). Issue 13's budget:
// within 1.2x of bare.
func BenchmarkServe(b *testing.B) {
	raw, err := os.ReadFile("cmd/channelpolicy/testdata/registration.json")
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	json.Compact(&body, raw)
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	policy := dealreg.Default()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var reg dealreg.Registration
		if err := json.Unmarshal(in, &reg); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		d, err := policy.Route(reg, now)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		out, _ := json.Marshal(d)
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	})
	ours, err := channelpolicy.NewHandler(channelpolicy.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range []struct {
		name string
		h    http.Handler
		url  string
	}{
		{"bare", bare, "/"},
		{"channelpolicy", ours, "/v1/dealreg/route?now=2026-03-20T09:00:00Z"},
	} {
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, h.url, bytes.NewReader(body.Bytes()))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
