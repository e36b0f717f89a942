package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/marketing"
)

// standIn is the stand-in paragraph the marketing case books use: the
// policy a test gives the audit, since the default has none.
const standIn = "GitLab is a single application for the whole software lifecycle, from planning and source code " +
	"to builds, security checks and deployment, so that teams ship better software faster together."

func paragraphPolicy(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "policies.json")
	doc := `{"marketing": {"landing_page": {"paragraphs": [` + fmt.Sprintf("%q", standIn) + `]}}}`
	if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func page(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "marketing", "pages", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// site is a partner's web site for the fetch tests, recording what each
// request carried.
type site struct {
	*httptest.Server
	mu      sync.Mutex
	agents  []string
	cookies []string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	html := func(b []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
		}
	}
	mux := http.NewServeMux()
	for _, name := range []string{"compliant-en", "no-logo", "no-home-link", "no-paragraph", "product-unlinked", "no-language"} {
		mux.Handle("/pages/"+name, html(page(t, name)))
	}
	mux.Handle("/GitLab", html(page(t, "compliant-en")))
	redirect := func(to string, code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "x"})
			http.Redirect(w, r, to, code)
		}
	}
	mux.Handle("/r1", redirect("/r2", http.StatusMovedPermanently))
	mux.Handle("/r2", redirect("/partners/gitlab", http.StatusFound))
	mux.Handle("/partners/gitlab", html(page(t, "compliant-en")))
	mux.Handle("/loop-a", redirect("/loop-b", http.StatusFound))
	mux.Handle("/loop-b", redirect("/loop-a", http.StatusFound))
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>" + strings.Repeat("GitLab ", 300_000) + "</p>")) // 2.1 MB, no length announced
	})
	mux.HandleFunc("/huge-announced", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "3000000")
		w.Write([]byte("<p>"))
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7 GitLab"))
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no type: the body is sniffed
		w.Write(page(t, "compliant-en"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html lang=en><p>GitLab"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/bad-utf8", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		b := bytes.Replace(page(t, "compliant-en"), []byte("What we offer"), []byte("What we \xff\xfe offer"), 1)
		w.Write(b)
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html lang=fr><p>Caf\xe9 et GitLab Duo, voil\xe0.</p></html>"))
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.agents = append(s.agents, r.UserAgent())
		s.cookies = append(s.cookies, r.Header.Get("Cookie"))
		s.mu.Unlock()
		if d := r.URL.Query().Get("delay"); d != "" {
			wait, _ := time.ParseDuration(d)
			time.Sleep(wait)
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// partnerSite serves one page at its site's preferred URL, /GitLab, and
// returns that URL: each partner its own site.
func partnerSite(t *testing.T, name string) string {
	t.Helper()
	b := page(t, name)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/GitLab" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/GitLab"
}

// runCmd runs the command in-process.
func runCmd(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code := run(args, env{stdin: stdin, stdout: &out, stderr: &errb})
	return result{code, out.String(), errb.String()}
}

func decodeRecord(t *testing.T, s string) auditRecord {
	t.Helper()
	var rec struct {
		auditRecord
		Decision *struct {
			Outcome  marketing.AuditOutcome `json:"outcome"`
			Elements marketing.Elements     `json:"elements"`
			Products []marketing.ProductMention
		} `json:"decision"`
	}
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		t.Fatalf("output is not one JSON record: %v\n%s", err, s)
	}
	out := rec.auditRecord
	if rec.Decision != nil {
		out.Decision = &marketing.AuditDecision{Outcome: rec.Decision.Outcome, Elements: rec.Decision.Elements, Products: rec.Decision.Products}
	}
	return out
}

// TestAuditFetchesEachElement serves a compliant page and one page missing
// each element: each audit says which element is unmet, and only it.
func TestAuditFetchesEachElement(t *testing.T) {
	srv := newSite(t)
	pol := paragraphPolicy(t)
	for _, tt := range []struct {
		name, url string
		outcome   marketing.AuditOutcome
		unmet     string
	}{
		{"compliant", partnerSite(t, "compliant-en"), marketing.Compliant, ""},
		{"no logo", partnerSite(t, "no-logo"), marketing.NonCompliant, "logo"},
		{"no link back", partnerSite(t, "no-home-link"), marketing.NonCompliant, "home_link"},
		{"no paragraph", partnerSite(t, "no-paragraph"), marketing.NonCompliant, "paragraph"},
		{"a product unlinked", partnerSite(t, "product-unlinked"), marketing.NonCompliant, "product_links"},
		{"not at the preferred URL", srv.URL + "/pages/compliant-en", marketing.NonCompliant, "preferred_url"},
		{"no language", partnerSite(t, "no-language"), marketing.Compliant, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, nil, "audit", "landing-page", tt.url, "--country", "US", "--policy", pol)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			rec := decodeRecord(t, r.stdout)
			if rec.Decision == nil || rec.Decision.Outcome != tt.outcome {
				t.Fatalf("decision %+v, want %s", rec.Decision, tt.outcome)
			}
			e := rec.Decision.Elements
			for name, st := range map[string]marketing.State{"preferred_url": e.PreferredURL, "logo": e.Logo,
				"home_link": e.HomeLink, "paragraph": e.Paragraph, "product_links": e.ProductLinks} {
				if (st == marketing.Unmet) != (name == tt.unmet) {
					t.Errorf("%s is %s", name, st)
				}
			}
			if tt.name == "no language" && e.LocalLanguage != marketing.Advised {
				t.Errorf("local language %s, want advised", e.LocalLanguage)
			}
		})
	}
}

// TestAuditRecordsRedirects follows /r1 (301) and /r2 (302) to the page:
// the chain is recorded in order with its statuses, the page is audited at
// the final URL, every request names the tool, and no cookie set along
// the way is sent back.
func TestAuditRecordsRedirects(t *testing.T) {
	srv := newSite(t)
	r := runCmd(t, nil, "audit", "landing-page", srv.URL+"/r1", "--country", "US", "--policy", paragraphPolicy(t))
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rec := decodeRecord(t, r.stdout)
	want := []marketing.Redirect{{URL: srv.URL + "/r1", Status: new(301)}, {URL: srv.URL + "/r2", Status: new(302)}}
	if !reflect.DeepEqual(rec.Redirects, want) || rec.FinalURL != srv.URL+"/partners/gitlab" {
		t.Fatalf("redirects %+v to %s", rec.Redirects, rec.FinalURL)
	}
	// /r1 is not the preferred path, but the page it leads to is at
	// /partners/gitlab, not /GitLab either: unmet.
	if rec.Decision.Elements.PreferredURL != marketing.Unmet {
		t.Errorf("preferred URL %s", rec.Decision.Elements.PreferredURL)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.agents) != 3 {
		t.Fatalf("%d requests", len(srv.agents))
	}
	for i := range srv.agents {
		if !strings.HasPrefix(srv.agents[i], "channelpolicy/") || srv.cookies[i] != "" {
			t.Errorf("request %d: User-Agent %q, Cookie %q", i, srv.agents[i], srv.cookies[i])
		}
	}
}

// TestAuditRefusesWhatIsNoPage: a redirect loop, too many redirects, a
// page over the size limit (announced or not), content that is not HTML,
// a server too slow (before or during the body), an error status and an
// empty body each fail the fetch with a message naming it, exit 1.
func TestAuditRefusesWhatIsNoPage(t *testing.T) {
	srv := newSite(t)
	for _, tt := range []struct {
		path string
		args []string
		want string
	}{
		{"/loop-a", nil, "redirect loop: " + srv.URL + "/loop-a is visited twice"},
		{"/hop/0", nil, "more than 10 redirects"},
		{"/huge", []string{"--max-bytes", "1MiB"}, "more than --max-bytes 1048576 bytes"},
		{"/huge-announced", []string{"--max-bytes", "1MiB"}, "the page is 3000000 bytes, more than --max-bytes 1048576"},
		{"/pdf", nil, `not an HTML page: its content type is "application/pdf"`},
		{"/slow", []string{"--timeout", "300ms"}, "no complete answer within 300ms"},
		{"/slow-body", []string{"--timeout", "300ms"}, "no complete answer within 300ms"},
		{"/missing", nil, "HTTP 404 Not Found"},
		{"/empty", nil, "/html: required"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := runCmd(t, nil, append([]string{"audit", "landing-page", srv.URL + tt.path, "--country", "US"}, tt.args...)...)
			if r.code != exitFailed || r.stdout != "" || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and %q", r.code, r.stdout, r.stderr, tt.want)
			}
		})
	}
}

// TestAuditDecodesText: bytes that are not UTF-8 in a UTF-8 page become
// U+FFFD and the page is still audited (the output is valid JSON); a page
// in another charset is decoded; a page without a type is sniffed.
func TestAuditDecodesText(t *testing.T) {
	srv := newSite(t)
	r := runCmd(t, nil, "audit", "landing-page", srv.URL+"/bad-utf8", "--country", "US", "--policy", paragraphPolicy(t))
	if r.code != exitOK || !json.Valid([]byte(r.stdout)) {
		t.Fatalf("exit %d: %s %s", r.code, r.stderr, r.stdout)
	}
	if rec := decodeRecord(t, r.stdout); rec.Decision.Outcome != marketing.NonCompliant || rec.Decision.Elements.Logo != marketing.Met {
		t.Fatalf("%+v", rec.Decision)
	}
	r = runCmd(t, nil, "audit", "landing-page", srv.URL+"/latin1", "--country", "FR")
	rec := decodeRecord(t, r.stdout)
	if r.code != exitOK || len(rec.Decision.Products) != 1 || rec.Decision.Products[0].Name != "GitLab Duo" ||
		rec.Decision.Elements.LocalLanguage != marketing.Met {
		t.Fatalf("exit %d: %s %+v", r.code, r.stderr, rec.Decision)
	}
	r = runCmd(t, nil, "audit", "landing-page", srv.URL+"/untyped", "--country", "US")
	if r.code != exitOK {
		t.Fatalf("a page without a content type: exit %d: %s", r.code, r.stderr)
	}
}

// TestAuditSavedFile reads a saved page; it needs the URL it came from.
func TestAuditSavedFile(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "marketing", "pages", "compliant-en.html")
	r := runCmd(t, nil, "audit", "landing-page", file, "--url", "https://example.com/GitLab", "--country", "US", "--policy", paragraphPolicy(t))
	if rec := decodeRecord(t, r.stdout); r.code != exitOK || rec.Decision.Outcome != marketing.Compliant || rec.URL != "https://example.com/GitLab" {
		t.Fatalf("exit %d: %s %+v", r.code, r.stderr, rec)
	}
	r = runCmd(t, nil, "audit", "landing-page", file, "--country", "US")
	if r.code != exitBadCall || !strings.Contains(r.stderr, "needs --url") {
		t.Fatalf("without --url: exit %d: %s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"audit", "landing-page"},
		{"audit", "landing-pages", "https://example.com/GitLab", "--country", "US"},
		{"audit", "landing-page", "https://example.com/GitLab"},
		{"audit", "landing-page", "https://example.com/GitLab", "--country", "UK"},
		{"audit", "landing-page", "-", "--jsonl", "--parallel", "0"},
	} {
		if r := runCmd(t, nil, args...); r.code != exitBadCall || r.stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// TestAuditList audits a list with --jsonl: URLs and JSON lines, one
// record per line in input order although the first page is the slowest,
// a bad line and a failed fetch recorded without stopping the list, and a
// count on stderr.
func TestAuditList(t *testing.T) {
	srv := newSite(t)
	list := strings.Join([]string{
		srv.URL + "/GitLab?delay=400ms",
		`{"url": "` + srv.URL + `/pages/no-logo", "country": "DE", "id": "P-2"}`,
		"ftp://example.com/GitLab",
		srv.URL + "/pdf",
		`{"url": "` + srv.URL + `/r1", "id": "P-5"}`,
		"",
		srv.URL + "/GitLab",
	}, "\n") + "\n"
	r := runCmd(t, strings.NewReader(list), "audit", "landing-page", "--jsonl", "-", "--parallel", "3", "--country", "US", "--policy", paragraphPolicy(t))
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d records:\n%s", len(lines), r.stdout)
	}
	want := []struct {
		id, outcome, err string
	}{
		{"", "compliant", ""}, {"P-2", "non_compliant", ""}, {"", "", "is not an http or https URL"},
		{"", "", "not an HTML page"}, {"P-5", "non_compliant", ""}, {"", "", "empty line"}, {"", "compliant", ""},
	}
	for i, line := range lines {
		var rec struct {
			Line     int    `json:"line"`
			ID       string `json:"id"`
			Decision *struct {
				Outcome string `json:"outcome"`
			} `json:"decision"`
			Errors []struct{ Detail string } `json:"errors"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("record %d: %v: %s", i+1, err, line)
		}
		w := want[i]
		got := ""
		if rec.Decision != nil {
			got = rec.Decision.Outcome
		}
		if rec.Line != i+1 || rec.ID != w.id || got != w.outcome || (w.err != "") != (len(rec.Errors) > 0) ||
			(w.err != "" && !strings.Contains(rec.Errors[0].Detail, w.err)) {
			t.Errorf("record %d: %s; want id %q outcome %q error %q", i+1, line, w.id, w.outcome, w.err)
		}
	}
	if !strings.Contains(r.stderr, "channelpolicy audit: 7 pages: 2 compliant, 2 non_compliant, 0 needs_review, 3 failed") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestAuditEndToEnd runs the built command against a page served locally.
func TestAuditEndToEnd(t *testing.T) {
	srv := newSite(t)
	r := cli(t, nil, "audit", "landing-page", srv.URL+"/GitLab", "--country", "US", "--policy", paragraphPolicy(t))
	expect(t, r, 0, []string{`"outcome": "compliant"`, `"url": "` + srv.URL + `/GitLab"`, "marketing.landing.compliant"}, nil)
	r = cli(t, strings.NewReader(partnerSite(t, "no-logo")+"\n"), "audit", "landing-page", "--jsonl", "-", "--country", "US")
	expect(t, r, 0, []string{`"line":1`, `"outcome":"non_compliant"`}, []string{"1 pages: 0 compliant, 1 non_compliant"})
}

// TestAuditCompletes: bash completes audit's kind of audit, then files.
func TestAuditCompletes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var script bytes.Buffer
	if code := run([]string{"completion", "bash"}, env{stdin: strings.NewReader(""), stdout: &script, stderr: io.Discard}); code != exitOK {
		t.Fatalf("completion: exit %d", code)
	}
	path := filepath.Join(t.TempDir(), "channelpolicy.bash")
	os.WriteFile(path, script.Bytes(), 0o600)
	for _, tt := range []struct{ words, want string }{
		{`channelpolicy audit ""`, "landing-page"},
		{`channelpolicy audit landing-page --par`, "--parallel"},
	} {
		words := strings.Fields(tt.words)
		prog := fmt.Sprintf("source %q\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_channelpolicy\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n",
			path, strings.Join(words, " "), len(words)-1)
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tt.want {
			t.Errorf("%s completes to %q (%v), want %q", tt.words, out, err, tt.want)
		}
	}
}
