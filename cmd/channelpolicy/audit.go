package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// auditHelp is audit's --help beyond its summary.
const auditHelp = `
Audits a partner's GitLab landing page for each element the handbook lists
(marketing.audit_landing_page): the preferred URL or a redirect from it,
local language (advice), the Authorized Reseller logo, the link back to
about.gitlab.com, the "What is GitLab?" paragraph and the links for the
products the page names.

URL (http or https) is fetched: redirects are followed and recorded, at most
10, a loop is an error; the whole fetch has --timeout; a body larger than
--max-bytes is refused; no cookies are kept; the User-Agent is
"channelpolicy/VERSION". Only a 2xx answer with an HTML body (text/html or
application/xhtml+xml, or no type and HTML content) is audited; its charset
is decoded to UTF-8 and bytes that are not UTF-8 become U+FFFD. FILE is a
saved page; --url says where it was saved from (the preferred URL is read
from it; no redirects are known).

The output is one JSON object: the URL asked for, the redirects, the final
URL and the decision. The partner's country (--country) gives the local
languages. The default policy has no text of the press kit's paragraph (the
handbook only links to it), so an otherwise compliant page needs review;
give the text in a policy set (--policy): {"marketing": {"landing_page":
{"paragraphs": ["..."]}}}.

With --jsonl, LIST (a file, or - for standard input) holds one page a line:
a URL, or a JSON object {"url": ..., "country": ..., "id": ...} (country
defaults to --country). Pages are fetched --parallel at a time and the output
is one JSON object a line, in input order:

  {"line": 1, "id": "P-1", "url": "...", "redirects": [...], "final_url": "...", "decision": {...}}
  {"line": 2, "url": "...", "errors": [{"pointer": "", "detail": "fetch: ..."}]}

On a terminal, stderr shows progress; at the end it counts the outcomes. A
page that could not be fetched or audited does not stop the list; the exit
code is then 1. Exit codes: 0 audited (whatever the outcome), 1 a fetch or
a line failed, 2 bad usage or a bad --policy file.
`

// Limits of a fetch.
const (
	maxRedirects    = 10
	maxParallel     = 64
	defaultMaxBytes = 5 << 20
)

func runAudit(args []string, e env) int {
	fs := newFlags("audit", e)
	country := fs.String("country", "", "the partner's `COUNTRY` (ISO 3166-1 alpha-2, such as DE): its languages are the local ones")
	pageURL := fs.String("url", "", "for a saved FILE, the `URL` it was saved from")
	policyFile := fs.String("policy", "", "a policy set `FILE` (see 'channelpolicy policy') laid over the defaults")
	jsonl := fs.Bool("jsonl", false, "read a list of pages (a URL or a JSON object a line) and write a record per line")
	parallel := fs.Int("parallel", 4, "with --jsonl, how many pages to fetch at once (1-64)")
	timeout := fs.Duration("timeout", 15*time.Second, "the time one fetch may take, redirects and body included")
	maxBytes := byteSize(defaultMaxBytes)
	fs.Var(&maxBytes, "max-bytes", "the largest page body fetched or read: a `SIZE` in bytes or with a unit (KiB, MiB, KB, MB)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 || pos[0] != "landing-page" {
		fmt.Fprintln(e.stderr, "channelpolicy audit: want landing-page and one URL or FILE (with --jsonl, a LIST or -)")
		return exitBadCall
	}
	if *parallel < 1 || *parallel > maxParallel {
		fmt.Fprintf(e.stderr, "channelpolicy audit: --parallel %d: want 1 to %d\n", *parallel, maxParallel)
		return exitBadCall
	}
	if *timeout <= 0 {
		fmt.Fprintf(e.stderr, "channelpolicy audit: --timeout %s: want a positive duration such as 15s\n", *timeout)
		return exitBadCall
	}
	if *country != "" && !program.Country(*country).Valid() {
		fmt.Fprintf(e.stderr, "channelpolicy audit: --country %q: want an ISO 3166-1 alpha-2 code such as DE\n", *country)
		return exitBadCall
	}
	set, err := policySet(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	a := auditor{
		policy:  set.Policy("marketing").(marketing.Policy),
		fetcher: newFetcher(*timeout, int64(maxBytes)),
		country: program.Country(*country),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	target := pos[1]
	if *jsonl {
		if *pageURL != "" {
			fmt.Fprintln(e.stderr, "channelpolicy audit: --url is for a saved FILE, not a --jsonl list")
			return exitBadCall
		}
		in := e.stdin
		if target != "-" {
			f, err := os.Open(target)
			if err != nil {
				return fail(e, exitBadCall, err)
			}
			defer f.Close()
			in = f
		}
		return a.stream(ctx, in, *parallel, e)
	}
	if a.country == "" {
		fmt.Fprintln(e.stderr, "channelpolicy audit: --country is required: the partner's country gives the local languages")
		return exitBadCall
	}
	var rec auditRecord
	if isWebURL(target) {
		if *pageURL != "" {
			fmt.Fprintln(e.stderr, "channelpolicy audit: --url is for a saved FILE; a URL is fetched")
			return exitBadCall
		}
		rec = a.audit(ctx, pageJob{url: target, country: a.country})
	} else {
		if *pageURL == "" || !isWebURL(*pageURL) {
			fmt.Fprintln(e.stderr, "channelpolicy audit: a saved FILE needs --url, the http or https URL it was saved from")
			return exitBadCall
		}
		page, err := readSavedPage(target, int64(maxBytes))
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		page.URL, page.Country = *pageURL, a.country
		rec = a.decide(page)
	}
	if rec.Errors != nil {
		for _, fe := range rec.Errors {
			fmt.Fprintf(e.stderr, "channelpolicy audit: %s: %s\n", target, fe.Error())
		}
		return exitFailed
	}
	out, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fail(e, exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	return exitOK
}

// auditRecord is the output for one page: where it was asked for and
// found, and the decision or what went wrong.
type auditRecord struct {
	Line      int                      `json:"line,omitempty"`
	ID        string                   `json:"id,omitempty"`
	URL       string                   `json:"url"`
	Redirects []marketing.Redirect     `json:"redirects,omitempty"`
	FinalURL  string                   `json:"final_url,omitempty"`
	Decision  *marketing.AuditDecision `json:"decision,omitempty"`
	Errors    []*program.FieldError    `json:"errors,omitempty"`
}

// pageJob is one page to audit.
type pageJob struct {
	url, id string
	country program.Country
}

type auditor struct {
	policy  marketing.Policy
	fetcher *fetcher
	country program.Country // the default for list lines without one
}

// audit fetches job's page and audits it.
func (a *auditor) audit(ctx context.Context, job pageJob) auditRecord {
	page, err := a.fetcher.fetch(ctx, job.url)
	if err != nil {
		return auditRecord{ID: job.id, URL: job.url, Redirects: page.Redirects,
			Errors: []*program.FieldError{{Detail: "fetch: " + err.Error()}}}
	}
	page.Country = job.country
	rec := a.decide(page)
	rec.ID = job.id
	return rec
}

// decide audits a page in hand.
func (a *auditor) decide(page marketing.Page) auditRecord {
	rec := auditRecord{URL: page.URL, Redirects: page.Redirects, FinalURL: page.FinalURL}
	if rec.FinalURL == "" {
		rec.FinalURL = page.URL
	}
	d, err := a.policy.AuditLandingPage(page)
	if err != nil {
		rec.Errors = program.FieldErrors(err)
		return rec
	}
	rec.Decision = &d
	return rec
}

// fetcher gets pages over HTTP for an audit.
type fetcher struct {
	transport http.RoundTripper
	timeout   time.Duration
	maxBytes  int64
	userAgent string
}

func newFetcher(timeout time.Duration, maxBytes int64) *fetcher {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxParallel
	return &fetcher{transport: t, timeout: timeout, maxBytes: maxBytes, userAgent: userAgent()}
}

// userAgent names the command and its version: "channelpolicy/v1.2.0",
// "channelpolicy/devel" for a build that recorded none.
func userAgent() string {
	return "channelpolicy/" + channelpolicy.Version()
}

var errNotHTML = errors.New("not an HTML page")

// fetch gets the page at rawURL, following and recording redirects. On an
// error the page holds the redirects followed so far.
func (f *fetcher) fetch(ctx context.Context, rawURL string) (marketing.Page, error) {
	var page marketing.Page
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return page, err
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1")
	page.URL = req.URL.String()
	client := &http.Client{
		Transport: f.transport,
		Timeout:   f.timeout,
		// No Jar: no cookies are kept between responses.
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			prev := via[len(via)-1]
			page.Redirects = append(page.Redirects, marketing.Redirect{URL: prev.URL.String(), Status: new(next.Response.StatusCode)})
			for _, v := range via {
				if v.URL.String() == next.URL.String() {
					return fmt.Errorf("redirect loop: %s is visited twice", next.URL)
				}
			}
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			next.Header.Set("User-Agent", f.userAgent)
			return nil
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is the record's already
			if ue.Timeout() {
				err = fmt.Errorf("no complete answer within %s", f.timeout)
			}
		}
		return page, err
	}
	defer resp.Body.Close()
	page.FinalURL = resp.Request.URL.String()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return page, fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > f.maxBytes {
		return page, fmt.Errorf("the page is %d bytes, more than --max-bytes %d", resp.ContentLength, f.maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes+1))
	if err != nil {
		var te interface{ Timeout() bool }
		if errors.As(err, &te) && te.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return page, fmt.Errorf("no complete answer within %s", f.timeout)
		}
		return page, fmt.Errorf("reading the page: %w", err)
	}
	if int64(len(body)) > f.maxBytes {
		return page, fmt.Errorf("the page is more than --max-bytes %d bytes", f.maxBytes)
	}
	ctype := resp.Header.Get("Content-Type")
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	if mt, _, err := mime.ParseMediaType(ctype); err != nil || (mt != "text/html" && mt != "application/xhtml+xml") {
		return page, fmt.Errorf("%w: its content type is %q", errNotHTML, ctype)
	}
	if page.HTML, err = decodeHTML(body, ctype); err != nil {
		return page, err
	}
	if len(page.Redirects) == 0 {
		page.FinalURL = "" // the URL asked for answered
	}
	return page, nil
}

// decodeHTML turns a page's bytes into UTF-8 text: the charset of the
// content type, a byte-order mark or a meta element (x/net/html/charset's
// reading), and U+FFFD for bytes that are not text in it.
func decodeHTML(body []byte, ctype string) (string, error) {
	if len(body) == 0 {
		return "", nil // no page: the audit says so
	}
	r, err := charset.NewReader(bytes.NewReader(body), ctype)
	if err != nil {
		return "", fmt.Errorf("the page's charset: %w", err)
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("decoding the page: %w", err)
	}
	return strings.ToValidUTF8(string(text), "\uFFFD"), nil
}

// readSavedPage reads a saved page, at most maxBytes.
func readSavedPage(path string, maxBytes int64) (marketing.Page, error) {
	f, err := os.Open(path)
	if err != nil {
		return marketing.Page{}, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return marketing.Page{}, err
	}
	if int64(len(body)) > maxBytes {
		return marketing.Page{}, fmt.Errorf("%s is more than --max-bytes %d bytes", path, maxBytes)
	}
	html, err := decodeHTML(body, "text/html")
	if err != nil {
		return marketing.Page{}, fmt.Errorf("%s: %w", path, err)
	}
	return marketing.Page{HTML: html}, nil
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// listLine is a line of a --jsonl list given as a JSON object.
type listLine struct {
	URL     string          `json:"url" jsonschema:"required"`
	Country program.Country `json:"country,omitempty"`
	ID      string          `json:"id,omitempty"`
}

// job reads one line of a list: a URL, or a JSON object.
func (a *auditor) job(line []byte) (pageJob, []*program.FieldError) {
	line = bytes.TrimSpace(line)
	job := pageJob{country: a.country}
	switch {
	case len(line) == 0:
		return job, []*program.FieldError{{Detail: "empty line; want a URL or a JSON object a line"}}
	case line[0] == '{':
		var l listLine
		if err := program.DecodeJSON(line, &l); err != nil {
			return job, program.FieldErrors(err)
		}
		job.url, job.id = l.URL, l.ID
		if l.Country != "" {
			job.country = l.Country
		}
		if !isWebURL(l.URL) {
			return job, []*program.FieldError{{Pointer: "/url", Detail: fmt.Sprintf("%q is not an http or https URL", l.URL)}}
		}
	default:
		job.url = string(line)
		if !isWebURL(job.url) {
			return job, []*program.FieldError{{Detail: fmt.Sprintf("%q is not an http or https URL (or a JSON object)", job.url)}}
		}
	}
	if job.country == "" {
		return job, []*program.FieldError{{Pointer: "/country", Detail: "required: the partner's country, on the line or as --country"}}
	}
	return job, nil
}

// auditJob is a list line on its way through the workers; the writer
// waits for done.
type auditJob struct {
	line    int
	text    []byte
	tooLong bool
	out     auditRecord
	done    chan struct{}
}

// stream audits a list, parallel pages at a time, writing one record per
// line in input order. Memory is bounded: at most 2×parallel lines are
// read ahead of the writer.
func (a *auditor) stream(ctx context.Context, in io.Reader, parallel int, e env) int {
	work := make(chan *auditJob, parallel)
	order := make(chan *auditJob, 2*parallel)
	for range parallel {
		go func() {
			for j := range work {
				job, errs := a.job(j.text)
				if j.tooLong {
					errs = []*program.FieldError{{Detail: fmt.Sprintf("line longer than %d bytes", casebook.MaxLine)}}
				}
				if errs != nil {
					j.out = auditRecord{ID: job.id, URL: job.url, Errors: errs}
				} else {
					j.out = a.audit(ctx, job)
				}
				j.out.Line = j.line
				close(j.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		lines := casebook.NewLineReader(in)
		for {
			text, n, tooLong, err := lines.Next()
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
			if tooLong {
				text = nil
			}
			j := &auditJob{line: n, text: bytes.Clone(text), tooLong: tooLong, done: make(chan struct{})}
			order <- j
			select {
			case work <- j:
			case <-ctx.Done():
				j.out = auditRecord{Line: n, Errors: []*program.FieldError{{Detail: "interrupted"}}}
				close(j.done)
			}
		}
	}()
	w := bufio.NewWriter(e.stdout)
	enc := recordWriter{new(bytes.Buffer)}
	var progress *progressLine
	if e.stderrIsTerminal {
		progress = newProgress(e.stderr)
	}
	counts := map[marketing.AuditOutcome]int{}
	pages, failed := 0, 0
	var writeErr error
	for j := range order {
		<-j.done
		pages++
		if j.out.Decision != nil {
			counts[j.out.Decision.Outcome]++
		} else {
			failed++
		}
		enc.out.Reset()
		if err := enc.Encode(j.out); err != nil {
			failed++
			enc.out.Reset()
			enc.Encode(auditRecord{Line: j.line, URL: j.out.URL, Errors: []*program.FieldError{{Detail: "the record could not be written as JSON: " + err.Error()}}})
		}
		if writeErr == nil {
			_, writeErr = w.Write(enc.out.Bytes())
		}
		if pages%8 == 0 && writeErr == nil {
			writeErr = w.Flush() // records reach a pipe as pages are audited
		}
		progress.updatePages(pages, failed)
	}
	if writeErr == nil {
		writeErr = w.Flush()
	}
	progress.finishPages(pages, failed)
	if err := <-readErr; err != nil {
		return fail(e, exitBadCall, err)
	}
	if writeErr != nil {
		return fail(e, exitFailed, writeErr)
	}
	var summary []string
	for _, o := range marketing.AuditOutcomes {
		summary = append(summary, fmt.Sprintf("%d %s", counts[o], o))
	}
	fmt.Fprintf(e.stderr, "channelpolicy audit: %d pages: %s, %d failed\n", pages, strings.Join(summary, ", "), failed)
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// updatePages rewrites the progress line with the pages audited so far,
// at most once a second.
func (p *progressLine) updatePages(pages, failed int) {
	if p == nil || time.Since(p.last) < time.Second {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r%d pages audited (%d failed), %.1f/s", pages, failed, float64(pages)/time.Since(p.start).Seconds())
}

func (p *progressLine) finishPages(pages, failed int) {
	if p == nil || p.last.Equal(p.start) {
		return
	}
	fmt.Fprintf(p.w, "\r%d pages audited (%d failed)\n", pages, failed)
}
