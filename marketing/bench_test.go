package marketing_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/internal/cputime"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

// bigPage is a landing page of about size bytes: the compliant page's
// head, then sections like a partner's site has (navigation, headings,
// paragraphs of 20 to 60 words, lists, images, links, a script and a
// style block every few sections), the paragraph once near the end.
func bigPage(tb testing.TB, size int) string {
	base, err := os.ReadFile(caseDir + "/pages/compliant-en.html")
	if err != nil {
		tb.Fatal(err)
	}
	head, body, _ := strings.Cut(string(base), "<main>")
	words := strings.Fields("our consultants help teams plan build secure and run software with GitLab across " +
		"clouds and data centres we train developers migrate repositories tune pipelines and support " +
		"regulated industries in banking health and public sector projects every week")
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("<main>\n")
	for i := 0; b.Len() < size-len(body)-200; i++ {
		fmt.Fprintf(&b, "<section id=\"s%d\"><h3>Service %d</h3>\n<p>", i, i)
		n := 20 + i%41
		for j := range n {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(i*7+j)%len(words)])
		}
		fmt.Fprintf(&b, ".</p>\n<ul><li><a href=\"/services/%d\">details</a></li><li><a href=\"https://example.com/case/%d\">case study</a></li>"+
			"<li>GitLab &amp; partners</li></ul>\n<img src=\"/img/s%d.png\" alt=\"service %d\" width=\"120\">\n", i, i, i, i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "<script>window.track && track(\"s%d\", {a: 1, b: [1, 2, 3]});</script>\n<style>#s%d { margin: 0 auto; }</style>\n", i, i)
		}
		b.WriteString("</section>\n")
	}
	b.WriteString(body)
	return b.String()
}

func benchPolicy(b *testing.B) marketing.Policy {
	return fuzzPolicy(b)
}

// BenchmarkAudit200KB audits a 200 KB page with a paragraph text to
// compare (the budget: 2 ms). cpu-ns/op is the process's CPU time
// per audit, which another job's load on the machine inflates far less
// than ns/op.
func BenchmarkAudit200KB(b *testing.B) {
	html := bigPage(b, 200<<10)
	pol := benchPolicy(b)
	pg := marketing.Page{URL: "https://example.com/GitLab", HTML: html, Country: "DE"}
	d, err := pol.AuditLandingPage(pg)
	if err != nil || d.Outcome != marketing.Compliant {
		b.Fatalf("%v %s %+v", err, d.Outcome, d.Elements)
	}
	b.SetBytes(int64(len(html)))
	b.ReportAllocs()
	cputime.Loop(b, func() {
		if _, err := pol.AuditLandingPage(pg); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkTokenizerFloor only tokenizes the 200 KB page with
// golang.org/x/net/html: the floor BenchmarkAudit200KB is measured
// against, in the same run.
func BenchmarkTokenizerFloor(b *testing.B) {
	page := bigPage(b, 200<<10)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	cputime.Loop(b, func() {
		z := html.NewTokenizer(strings.NewReader(page))
		for z.Next() != html.ErrorToken {
			z.Raw()
		}
	})
}

// BenchmarkAudit200KBOneBlock audits 200 KB of text in one block: too long
// to be the paragraph, so it is never compared word by word.
func BenchmarkAudit200KBOneBlock(b *testing.B) {
	html := "<html lang=en><p>" + strings.Repeat("GitLab is a single application for the whole software lifecycle ", 200<<10/66) + "</p>"
	pol := benchPolicy(b)
	pg := marketing.Page{URL: "https://example.com/GitLab", HTML: html, Country: "US"}
	b.SetBytes(int64(len(html)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.AuditLandingPage(pg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditSmall audits the compliant case-book page (about 1.5 KB).
func BenchmarkAuditSmall(b *testing.B) {
	html, err := os.ReadFile(caseDir + "/pages/compliant-en.html")
	if err != nil {
		b.Fatal(err)
	}
	pol := benchPolicy(b)
	pg := marketing.Page{URL: "https://example.com/GitLab", HTML: string(html), Country: "US"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.AuditLandingPage(pg); err != nil {
			b.Fatal(err)
		}
	}
}

// mdfBatch is n requests of every kind of participation.
func mdfBatch(n int) []marketing.MDFRequest {
	rs := make([]marketing.MDFRequest, n)
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := range rs {
		r := marketing.MDFRequest{ID: fmt.Sprintf("MDF-%04d", (i*7919)%10000), Purpose: marketing.PurposePipeline,
			Amount: program.MustMoney(fmt.Sprintf("%d.00", 1000+i*37%9000), "USD"), SubmittedAt: at.Add(time.Duration(i%17) * time.Hour),
			Start: program.NewDate(2026, 6, 10+i%10), End: program.NewDate(2026, 6, 20+i%10)}
		if i%2 == 0 {
			r.Participants.Partners = []marketing.PartnerKind{marketing.PartnerResale}
		}
		if i%3 != 0 {
			r.Participants.GitLab = true
		}
		if i%5 < 3 {
			r.Participants.Clouds = []marketing.Cloud{marketing.Clouds[i%3]}
		}
		if i%13 == 0 {
			r.Purpose = marketing.PurposeAwareness
		}
		rs[i] = r
	}
	return rs
}

// BenchmarkPrioritizeMDF100 ranks a batch of 100 requests.
func BenchmarkPrioritizeMDF100(b *testing.B) {
	rs := mdfBatch(100)
	pol := marketing.Default()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.PrioritizeMDF(rs, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrioritizeMDFBadInput is a batch of 100 requests of which one
// has an unknown purpose and another an unknown cloud: refused with two
// problems.
func BenchmarkPrioritizeMDFBadInput(b *testing.B) {
	rs := mdfBatch(100)
	rs[3].Purpose = "parties"
	rs[50].Participants.Clouds = []marketing.Cloud{"ibm"}
	pol := marketing.Default()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.PrioritizeMDF(rs, now); err == nil {
			b.Fatal("want an error")
		}
	}
}

// BenchmarkRender writes every text of an audit and of a 100-request
// batch, as encoding or String would.
func BenchmarkRender(b *testing.B) {
	pol := benchPolicy(b)
	html, _ := os.ReadFile(caseDir + "/pages/product-unlinked.html")
	a, err := pol.AuditLandingPage(marketing.Page{URL: "https://example.com/x", HTML: string(html), Country: "DE"})
	if err != nil {
		b.Fatal(err)
	}
	m, err := pol.PrioritizeMDF(mdfBatch(100), time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	var w program.ReasonWriter
	w.AddAll(a.Reasons)
	w.AddAll(m.Reasons)
	for _, e := range m.Requests {
		w.AddAll(e.Reasons)
	}
	casetest.BenchmarkRender(b, w.Done())
}
