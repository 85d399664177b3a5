package serve

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"github.com/disclose-portal/disclose/generator/i18n"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
)

const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="stylesheet" href="assets/style.css">
</head>
<body class="page-home">
<main>%s</main>
</body>
</html>
`

func html(title, main string) []byte {
	return []byte(strings.Replace(strings.Replace(page, "%s", title, 1), "%s", main, 1))
}

func site(home string) *output.FileSet {
	fs := output.NewFileSet()
	fs.Add("index.html", html("首页", home))
	fs.Add("demo/index.html", html("测试局", "bureau"))
	fs.Add("demo/2023/index.html", html("2023", "report"))
	fs.Add("404.html", html("页面未找到", "not found page"))
	fs.Add("assets/style.css", []byte("body{}"))
	fs.Add("data/all.csv", []byte("a,b\n1,2\n"))
	return fs
}

func get(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// strict checks what the site's CSP demands of an HTML page: no inline
// script or style.
func strict(t *testing.T, html string) {
	t.Helper()
	for _, re := range []string{`<script(?:\s[^>]*)?>\s*[^<\s]`, `<style`, `\sstyle=`, `\son[a-z]+=`} {
		if regexp.MustCompile(re).MatchString(html) {
			t.Errorf("page has inline code or style (%s):\n%s", re, html)
		}
	}
}

func TestHandler(t *testing.T) {
	s := New(Options{})
	s.Update(site("v1"), nil)

	res := get(t, s, "GET", "/")
	text := body(t, res)
	if res.StatusCode != 200 || !strings.Contains(text, "<main>v1</main>") {
		t.Fatalf("GET /: %d\n%s", res.StatusCode, text)
	}
	if got := res.Header.Get("Content-Security-Policy"); got != "default-src 'self'" {
		t.Errorf("CSP %q", got)
	}
	if got := res.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if !regexp.MustCompile(`<script src="/_disclose/reload.js" data-events="/_disclose/events" data-page="index.html" data-token="[^"]+" defer></script></head>`).MatchString(text) {
		t.Errorf("reload script not injected before </head>:\n%s", text)
	}
	if strings.Contains(text, "disclose-overlay") || strings.Contains(text, "disclose-warnings") {
		t.Errorf("overlay on a good build:\n%s", text)
	}
	strict(t, text)

	for _, tt := range []struct {
		target, status, ctype, has, location string
	}{
		{"/demo/", "200", "text/html; charset=utf-8", "<main>bureau</main>", ""},
		{"/demo/2023/index.html", "200", "text/html; charset=utf-8", "<main>report</main>", ""},
		{"/demo", "301", "", "", "/demo/"},
		{"/demo/2023?x=1", "301", "", "", "/demo/2023/?x=1"},
		{"/assets/style.css", "200", "text/css; charset=utf-8", "body{}", ""},
		{"/data/all.csv", "200", "text/csv; charset=utf-8", "a,b", ""},
		{"/nope/", "404", "text/html; charset=utf-8", "not found page", ""},
		{"/../../etc/passwd", "404", "text/html; charset=utf-8", "not found page", ""},
		{"/_disclose/reload.js", "200", "text/javascript; charset=utf-8", "EventSource", ""},
		{"/_disclose/serve.css", "200", "text/css; charset=utf-8", ".disclose-overlay", ""},
		{"/_disclose/nothing", "404", "", "", ""},
	} {
		res := get(t, s, "GET", tt.target)
		text := body(t, res)
		if got := res.Status[:3]; got != tt.status {
			t.Errorf("GET %s: status %s, want %s", tt.target, got, tt.status)
		}
		if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.target, res.Header.Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(text, tt.has) {
			t.Errorf("GET %s: body lacks %q:\n%s", tt.target, tt.has, text)
		}
		if got := res.Header.Get("Location"); got != tt.location {
			t.Errorf("GET %s: Location %q, want %q", tt.target, got, tt.location)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no CSP", tt.target)
		}
		if strings.HasSuffix(tt.target, ".css") && strings.Contains(text, "reload.js") {
			t.Errorf("GET %s: script injected into a non-HTML file", tt.target)
		}
	}
	if res := get(t, s, "HEAD", "/"); res.StatusCode != 200 || body(t, res) != "" || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD /: %d, length %q", res.StatusCode, res.Header.Get("Content-Length"))
	}
	if res := get(t, s, "POST", "/"); res.StatusCode != 405 {
		t.Errorf("POST /: %d", res.StatusCode)
	}
}

var broken = diag.List{{
	Severity: diag.Error, File: "content/demo/2023.toml", Pos: diag.Pos{Line: 5, Col: 1},
	Message: i18n.T("load.unknown_key_in", "excuted", i18n.Row("row.project", 1, "商事制度改革", "business-registration")),
	Hint:    i18n.T("hint.did_you_mean", "executed"), Source: "excuted = 100",
}}

func TestOverlay(t *testing.T) {
	s := New(Options{})
	s.Update(site("good"), nil)

	out := s.Update(nil, broken)
	if len(out.Changed) != 0 {
		t.Errorf("a failed build changed %v", out.Changed)
	}
	for _, target := range []string{"/", "/demo/2023/", "/nope"} {
		text := body(t, get(t, s, "GET", target))
		for _, want := range []string{
			`<link rel="stylesheet" href="/_disclose/serve.css">`,
			`class="disclose-overlay"`,
			"构建失败：1 个错误",
			// The formatter of `check`, escaped, in Chinese by default.
			"content/demo/2023.toml:5:1: 错误: 未知的键 &#34;excuted&#34;（在项目「商事制度改革」(id = business-registration)中）\n  5 | excuted = 100\n    | ^\n    = 提示: 是否想写 executed？",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("GET %s: lacks %q:\n%s", target, want, text)
			}
		}
		strict(t, text)
	}
	if text := body(t, get(t, s, "GET", "/")); !strings.Contains(text, "<main>good</main>") {
		t.Errorf("the last good site is not served under the overlay:\n%s", text)
	}

	// Fixed: the overlay goes, the new site shows.
	s.Update(site("fixed"), nil)
	text := body(t, get(t, s, "GET", "/"))
	if strings.Contains(text, "disclose-overlay") || !strings.Contains(text, "<main>fixed</main>") {
		t.Errorf("after the fix:\n%s", text)
	}

	// Warnings are a discreet note, not an overlay.
	warn := diag.List{{Severity: diag.Warning, File: "content/demo/2023.md", Message: i18n.Lit("narrative is empty")}}
	s.Update(site("fixed"), warn)
	text = body(t, get(t, s, "GET", "/"))
	if strings.Contains(text, `class="disclose-overlay"`) || !strings.Contains(text, `<details class="disclose-warnings">`) ||
		!strings.Contains(text, "content/demo/2023.md: 警告: narrative is empty") || !strings.Contains(text, "1 个警告") {
		t.Errorf("warnings:\n%s", text)
	}
	strict(t, text)
}

// TestOverlayEnglish: with Lang En the overlay and its problems are in
// English.
func TestOverlayEnglish(t *testing.T) {
	s := New(Options{Lang: i18n.En})
	s.Update(site("good"), nil)
	s.Update(nil, broken)
	text := body(t, get(t, s, "GET", "/"))
	for _, want := range []string{
		"Build failed: 1 error<",
		">Close<",
		"content/demo/2023.toml:5:1: error: unknown key &#34;excuted&#34; in project &#34;商事制度改革&#34; (id = business-registration)\n  5 | excuted = 100\n    | ^\n    = hint: did you mean &#34;executed&#34;?",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
}

func TestNoSiteYet(t *testing.T) {
	s := New(Options{})
	s.Update(nil, broken)
	res := get(t, s, "GET", "/")
	text := body(t, res)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(text, "disclose-overlay") || !strings.Contains(text, "reload.js") {
		t.Errorf("no good build yet: %d\n%s", res.StatusCode, text)
	}
}

func TestPrefix(t *testing.T) {
	s := New(Options{Prefix: "/jixiao"})
	s.Update(site("home"), nil)
	for _, tt := range []struct{ target, status, location string }{
		{"/", "302", "/jixiao/"},
		{"/jixiao", "302", "/jixiao/"},
		{"/jixiao/", "200", ""},
		{"/jixiao/demo/", "200", ""},
		{"/demo/", "404", ""},
	} {
		res := get(t, s, "GET", tt.target)
		if res.Status[:3] != tt.status || res.Header.Get("Location") != tt.location {
			t.Errorf("GET %s: %s, Location %q; want %s %q", tt.target, res.Status, res.Header.Get("Location"), tt.status, tt.location)
		}
	}
}

func TestUpdateDiff(t *testing.T) {
	s := New(Options{})
	if out := s.Update(site("v1"), nil); out.Pages != 4 || len(out.Changed) != 6 {
		t.Errorf("first update: %+v", out)
	}
	if out := s.Update(site("v1"), nil); len(out.Changed) != 0 {
		t.Errorf("identical rebuild changed %v", out.Changed)
	}
	next := site("v2")
	next.Add("demo/2024/index.html", html("2024", "new"))
	out := s.Update(next, nil)
	if strings.Join(out.Changed, " ") != "demo/2024/index.html index.html" || out.Pages != 2 {
		t.Errorf("changed %v, pages %d", out.Changed, out.Pages)
	}
	out = s.Update(site("v2"), nil)
	if strings.Join(out.Changed, " ") != "demo/2024/index.html" {
		t.Errorf("a removed page: changed %v", out.Changed)
	}
	if res := get(t, s, "GET", "/demo/2024/"); res.StatusCode != 404 {
		t.Errorf("removed page still served: %d", res.StatusCode)
	}

	// A partial rebuild hands over the previous bytes themselves: they
	// keep their key, and what is new is still seen.
	cur := site("v2")
	s.Update(cur, nil)
	shared := output.NewFileSet()
	for _, p := range cur.Paths() {
		f, _ := cur.Get(p)
		shared.Add(p, f.Data)
	}
	shared.Add("demo/index.html", html("测试局", "changed"))
	if out := s.Update(shared, nil); strings.Join(out.Changed, " ") != "demo/index.html" {
		t.Errorf("shared bytes: changed %v", out.Changed)
	}
}

// stream is an open event stream, read line by line.
type stream struct {
	lines chan string
	body  io.Closer
}

func openEvents(t *testing.T, base, page, token string) *stream {
	t.Helper()
	res, err := http.Get(base + "/_disclose/events?page=" + page + "&token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events Content-Type %q", ct)
	}
	st := &stream{lines: make(chan string, 100), body: res.Body}
	stop := make(chan struct{})
	go func() {
		defer close(st.lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			select {
			case st.lines <- sc.Text():
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		res.Body.Close()
	})
	st.wait(t, ": connected")
	return st
}

// wait reads lines until one equals want; it fails after 5 s.
func (st *stream) wait(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-st.lines:
			if !ok {
				t.Fatalf("stream closed while waiting for %q", want)
			}
			if l == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %q within 5s", want)
		}
	}
}

// nextEvent returns the next event line, "closed" when the stream
// ended, or "none" when nothing came within 5 s.
func (st *stream) nextEvent(t *testing.T) string {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-st.lines:
			if !ok {
				return "closed"
			}
			if strings.HasPrefix(l, "event: ") {
				return l
			}
		case <-deadline:
			return "none"
		}
	}
}

func tokenOf(t *testing.T, base, target string) string {
	t.Helper()
	res, err := http.Get(base + target)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`data-token="([^"]+)"`).FindStringSubmatch(body(t, res))
	if m == nil {
		t.Fatalf("no token in %s", target)
	}
	return m[1]
}

func TestEvents(t *testing.T) {
	s := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	s.Update(site("v1"), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer cancel() // first: Close waits for the event streams to end

	home := openEvents(t, ts.URL, "index.html", tokenOf(t, ts.URL, "/"))
	report := openEvents(t, ts.URL, "demo/2023/index.html", tokenOf(t, ts.URL, "/demo/2023/"))
	missing := openEvents(t, ts.URL, "demo/2024/index.html", tokenOf(t, ts.URL, "/demo/2024/"))
	if n := s.Clients(); n != 3 {
		t.Fatalf("%d clients, want 3", n)
	}

	// Only the home page changes: only its browser reloads.
	out := s.Update(site("v2"), nil)
	if out.Reloaded != 1 {
		t.Errorf("reloaded %d browsers, want 1", out.Reloaded)
	}
	if ev := home.nextEvent(t); ev != "event: reload" {
		t.Errorf("home: %q", ev)
	}
	// A page that did not exist appears: its 404 browser reloads.
	next := site("v2")
	next.Add("demo/2024/index.html", html("2024", "new"))
	if out := s.Update(next, nil); out.Reloaded != 1 {
		t.Errorf("reloaded %d browsers for a new page, want 1", out.Reloaded)
	}
	if ev := missing.nextEvent(t); ev != "event: reload" {
		t.Errorf("new page: %q", ev)
	}
	// A failed build reloads every page, to show the overlay.
	if out := s.Update(nil, broken); out.Reloaded != 3 {
		t.Errorf("reloaded %d browsers on a failed build, want 3", out.Reloaded)
	}
	if ev := report.nextEvent(t); ev != "event: reload" {
		t.Errorf("report after failure: %q", ev)
	}

	// A page loaded before a change but listening after it is told at once.
	stale := tokenOf(t, ts.URL, "/demo/")
	s.Update(next, nil)
	late := openEvents(t, ts.URL, "demo/index.html", stale)
	if ev := late.nextEvent(t); ev != "event: reload" {
		t.Errorf("stale page: %q", ev)
	}
	// A current one is not.
	fresh := openEvents(t, ts.URL, "demo/index.html", tokenOf(t, ts.URL, "/demo/"))
	if out := s.Update(next, nil); out.Reloaded != 0 || len(out.Changed) != 0 {
		t.Errorf("a rebuild that changed nothing: %+v", out)
	}
	s.Update(nil, broken)
	if ev := fresh.nextEvent(t); ev != "event: reload" {
		t.Errorf("fresh page after a failure: %q", ev)
	}

	// Shutting down closes every stream.
	cancel()
	<-done
	for ev := home.nextEvent(t); ev != "closed"; ev = home.nextEvent(t) {
		if ev == "none" {
			t.Fatal("stream still open after shutdown")
		}
	}
}

func TestEventsFreshNoReload(t *testing.T) {
	old := heartbeat
	heartbeat = 20 * time.Millisecond
	defer func() { heartbeat = old }()
	s := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go s.Run(ctx)
	s.Update(site("v1"), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer cancel() // first: Close waits for the event streams to end
	st := openEvents(t, ts.URL, "demo/index.html", tokenOf(t, ts.URL, "/demo/"))
	s.Update(site("v2"), nil) // changes index.html only
	// Heartbeats come, a reload must not.
	for i := 0; i < 3; i++ {
		select {
		case l := <-st.lines:
			if strings.HasPrefix(l, "event:") {
				t.Fatalf("unchanged page got %q", l)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no heartbeat")
		}
	}
}

func TestHubDropsSlowClients(t *testing.T) {
	h := newHub()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.run(ctx); close(done) }()
	slow := &client{page: "index.html", ch: make(chan string, clientBuffer)}
	fast := &client{page: "index.html", ch: make(chan string, clientBuffer)}
	h.register(slow)
	h.register(fast)
	all := func(string) bool { return true }
	for i := 0; i < clientBuffer+2; i++ {
		h.notify(all, uint64(i))
		<-fast.ch // the fast one keeps up
	}
	// The slow one was dropped: its channel holds what it had, then ends.
	n := 0
	for range slow.ch {
		n++
	}
	if n != clientBuffer {
		t.Errorf("slow client got %d events before being dropped, want %d", n, clientBuffer)
	}
	if got := h.notify(all, 99); got != 1 {
		t.Errorf("notified %d clients, want only the fast one", got)
	}
	cancel()
	<-done
	if _, ok := <-fast.ch; !ok {
		t.Error("the pending event was lost")
	}
	if _, ok := <-fast.ch; ok {
		t.Error("stream not closed on shutdown")
	}
	if h.register(&client{ch: make(chan string, 1)}) {
		t.Error("registered after shutdown")
	}
	if h.notify(all, 100) != 0 {
		t.Error("notified after shutdown")
	}
}

// TestInstallFinish: files left for later are made when a request asks
// for one, once, and not for requests of pages that are there.
func TestInstallFinish(t *testing.T) {
	s := New(Options{})
	files := site("v1")
	made := 0
	s.Install(files, Later{Make: func(name string) diag.List {
		if name == "search/index.js" {
			made++
			files.Add(name, []byte("index"))
		}
		return nil
	}}, nil)
	if res := get(t, s, "GET", "/demo/2023/"); res.StatusCode != 200 || made != 0 {
		t.Errorf("a page: %d, finished %d times", res.StatusCode, made)
	}
	if res := get(t, s, "GET", "/search/index.js"); res.StatusCode != 200 || body(t, res) != "index" {
		t.Errorf("a file left for later: %d", res.StatusCode)
	}
	if made != 1 {
		t.Errorf("finished %d times, want 1", made)
	}

	// A page left for later is not counted as changed, but a browser that
	// opened it while the build ran is told to reload.
	tok := s.token("index.html")
	next := site("v1")
	next.Remove("index.html")
	out := s.Install(next, Later{Pages: []string{"index.html"}, Make: func(string) diag.List { return nil }}, nil)
	if out.Pages != 0 || s.token("index.html") == tok {
		t.Errorf("a page left for later: %+v, token %s → %s", out, tok, s.token("index.html"))
	}
}

// TestDataChangeReloadsNoPage: a page that only links a data file need
// not reload when the file changes; a style sheet is shown by every page.
func TestDataChangeReloadsNoPage(t *testing.T) {
	s := New(Options{})
	s.Update(site("v1"), nil)
	next := site("v1")
	next.Add("data/all.csv", []byte("a,b\n1,3\n"))
	next.Add("search/t-1.js", []byte("x"))
	next.Add("demo/2023/report.json", []byte("{}"))
	tok := s.token("demo/index.html")
	s.Update(next, nil)
	if s.token("demo/index.html") != tok {
		t.Error("a changed data file reloads pages")
	}
	next = site("v1")
	next.Add("assets/style.css", []byte("body{color:red}"))
	s.Update(next, nil)
	if s.token("demo/index.html") == tok {
		t.Error("a changed style sheet does not reload pages")
	}
}

// TestPrecompressedAssets: an asset with a .gz copy is sent as the copy
// to a browser that accepts gzip (Content-Encoding, the asset's type,
// Vary), as it is to one that does not; a copy left for later is made
// when asked for; other files are never sent encoded.
func TestPrecompressedAssets(t *testing.T) {
	css := strings.Repeat("body{color:#333}\n", 50)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(css))
	zw.Close()
	files := site("v1")
	files.Add("assets/style.css", []byte(css))
	files.Add("assets/later.css", []byte(css))
	files.Add("data/all.csv.gz", []byte("not used"))
	s := New(Options{})
	var asked []string
	s.Install(files, Later{Make: func(name string) diag.List {
		asked = append(asked, name)
		if name == "assets/later.css.gz" {
			files.Add(name, zipped.Bytes())
		}
		return nil
	}}, nil)
	do := func(target, accept string) *http.Response {
		req := httptest.NewRequest("GET", target, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		files.Add("assets/style.css.gz", zipped.Bytes())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Result()
	}
	for _, tt := range []struct {
		target, accept, encoding, vary string
	}{
		{"/assets/style.css", "gzip, deflate, br, zstd", "gzip", "Accept-Encoding"},
		{"/assets/later.css", "gzip", "gzip", "Accept-Encoding"},
		{"/assets/style.css", "", "", "Accept-Encoding"},
		{"/assets/style.css", "br", "", "Accept-Encoding"},
		{"/assets/style.css", "gzip;q=0, *", "", "Accept-Encoding"},
		{"/data/all.csv", "gzip", "", ""},
	} {
		res := do(tt.target, tt.accept)
		data := body(t, res)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != tt.encoding || res.Header.Get("Vary") != tt.vary {
			t.Errorf("GET %s (Accept-Encoding %q): %d, Content-Encoding %q, Vary %q; want %q, %q", tt.target, tt.accept,
				res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"), tt.encoding, tt.vary)
		}
		if strings.HasSuffix(tt.target, ".css") && res.Header.Get("Content-Type") != "text/css; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tt.target, res.Header.Get("Content-Type"))
		}
		if tt.encoding == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(data))
			if err != nil {
				t.Fatalf("GET %s: %v", tt.target, err)
			}
			plain, _ := io.ReadAll(zr)
			data = string(plain)
		}
		if strings.HasSuffix(tt.target, ".css") && data != css {
			t.Errorf("GET %s (Accept-Encoding %q): the body is not the style sheet", tt.target, tt.accept)
		}
	}
	if strings.Join(asked, " ") != "assets/later.css.gz" {
		t.Errorf("asked the build for %q, want only the copy left for later", asked)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                    false,
		"gzip":                true,
		"GZIP":                true,
		"deflate, gzip;q=1.0": true,
		"gzip;q=0":            false,
		"gzip; q=0.0, br":     false,
		"br, *":               true,
		"*;q=0":               false,
		"identity":            false,
		"x-gzip":              true,
		"br;q=1, gzip;q=0.5":  true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %t, want %t", header, got, want)
		}
	}
}

// TestEarly: before the first build is installed, a bureau's files come
// from Options.Early (made for the request, with the reload script), a
// bureau with errors shows them, and a file only the build makes is a
// page saying it is being made, which reloads itself without inline
// script. Once a build is installed, Early is no longer asked.
func TestEarly(t *testing.T) {
	asked := 0
	early := func(name string) (*output.FileSet, diag.List, bool) {
		asked++
		switch {
		case strings.HasPrefix(name, "demo/"):
			fs := output.NewFileSet()
			fs.Add("demo/index.html", html("测试局", "early bureau"))
			fs.Add("demo/2023/index.html", html("2023", "early report"))
			fs.Add("demo/2023/charts.csv", []byte("a,b\n"))
			return fs, nil, true
		case strings.HasPrefix(name, "broken/"):
			return nil, broken, true
		}
		return nil, nil, false
	}
	s := New(Options{Early: early})
	for _, tt := range []struct {
		target, status, has string
	}{
		{"/demo/2023/", "200", "<main>early report</main>"},
		{"/demo/2023/charts.csv", "200", "a,b"},
		{"/demo", "301", ""},
		{"/demo/nothing.html", "404", "页面未找到"},
		{"/broken/2023/", "503", "content/demo/2023.toml:5:1: 错误"},
		{"/", "503", "正在生成…"},
		{"/2023/", "503", `<meta http-equiv="refresh" content="2">`},
		{"/data/all.csv", "503", "正在生成…"},
	} {
		res := get(t, s, "GET", tt.target)
		text := body(t, res)
		if got := res.Status[:3]; got != tt.status || !strings.Contains(text, tt.has) {
			t.Errorf("GET %s: status %s, want %s with %q:\n%s", tt.target, got, tt.status, tt.has, text)
		}
		if strings.HasSuffix(tt.target, "/") {
			strict(t, text)
			if !strings.Contains(text, "reload.js") {
				t.Errorf("GET %s: no reload script", tt.target)
			}
		}
	}
	tok := s.token("index.html")
	s.Update(site("built"), nil)
	before := asked
	if res := get(t, s, "GET", "/demo/2023/"); !strings.Contains(body(t, res), "<main>report</main>") || asked != before {
		t.Errorf("after the first build: Early asked %d times", asked-before)
	}
	if s.token("index.html") == tok {
		t.Error("a page that was being made does not reload when the build is installed")
	}
}

// TestEarlyPrecompressed: before the first build is installed, an asset
// goes out as its .gz copy too (asked of Options.Early), to a browser
// that accepts gzip, and as it is to one that does not or where Early
// has no copy.
func TestEarlyPrecompressed(t *testing.T) {
	css := strings.Repeat("body{color:#333}\n", 50)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(css))
	zw.Close()
	var asked []string
	s := New(Options{Early: func(name string) (*output.FileSet, diag.List, bool) {
		asked = append(asked, name)
		fs := output.NewFileSet()
		switch name {
		case "assets/style.css", "assets/plain.css":
			fs.Add(name, []byte(css))
		case "assets/style.css.gz":
			fs.Add(name, zipped.Bytes())
		case "assets/plain.css.gz": // not smaller: none
		default:
			return nil, nil, false
		}
		return fs, nil, true
	}})
	for _, tt := range []struct {
		target, accept, encoding string
	}{
		{"/assets/style.css", "gzip, br", "gzip"},
		{"/assets/style.css", "", ""},
		{"/assets/plain.css", "gzip", ""},
	} {
		req := httptest.NewRequest("GET", tt.target, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		res := rec.Result()
		data := body(t, res)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != tt.encoding || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s (Accept-Encoding %q): %d, Content-Encoding %q, Vary %q; want 200, %q", tt.target, tt.accept,
				res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"), tt.encoding)
		}
		if tt.encoding == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(data))
			if err != nil {
				t.Fatalf("GET %s: %v", tt.target, err)
			}
			plain, _ := io.ReadAll(zr)
			data = string(plain)
		}
		if data != css {
			t.Errorf("GET %s (Accept-Encoding %q): the body is not the style sheet", tt.target, tt.accept)
		}
	}
	if want := "assets/style.css assets/style.css.gz assets/style.css assets/plain.css assets/plain.css.gz"; strings.Join(asked, " ") != want {
		t.Errorf("asked Early for %q, want %q", strings.Join(asked, " "), want)
	}
}
