package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/synth"
)

// BenchmarkServeEditToReload measures what an editor waits for: the time
// from writing a report's file to the reload event reaching the browser
// that shows the report, through the whole of `disclose serve` (watcher,
// batching, rebuild, diff, event hub, SSE).
//
// It runs on a copy of the bundled example. For portal scale, set
// DISCLOSE_BENCH_SYNTH=BUREAUSxYEARS to run on synthetic content from
// generator/synth instead, e.g.
//
//	DISCLOSE_BENCH_SYNTH=2000x5 go test -run '^$' -bench ServeEditToReload -benchtime 20x ./cmd/disclose
//
// scripts/bench.sh -serve measures the same with the real binary and a
// cache folder a build filled (step serve-edit).
func BenchmarkServeEditToReload(b *testing.B) {
	src := benchSource(b)
	for _, kind := range []string{"narrative", "data"} {
		b.Run(kind, func(b *testing.B) { benchEdit(b, src, kind) })
	}
}

func benchSource(b *testing.B) string {
	dir := b.TempDir()
	if spec := os.Getenv("DISCLOSE_BENCH_SYNTH"); spec != "" {
		var bureaus, years int
		if _, err := fmt.Sscanf(spec, "%dx%d", &bureaus, &years); err != nil {
			b.Fatalf("DISCLOSE_BENCH_SYNTH=%q: want BUREAUSxYEARS, e.g. 2000x5", spec)
		}
		if err := synth.WriteDir(dir, synth.Options{Bureaus: bureaus, Years: years, Seed: 1}, runtime.GOMAXPROCS(0)); err != nil {
			b.Fatal(err)
		}
		return dir
	}
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		b.Fatal(err)
	}
	return dir
}

// lockedBuffer collects a command's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var titleRE = regexp.MustCompile(`(?m)^(title\s*=\s*"[^"]*)"`)

func benchEdit(b *testing.B, src, kind string) {
	// The first report in file order is the one edited.
	var narrative, data string
	fs.WalkDir(os.DirFS(src), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && data == "" && regexp.MustCompile(`^content/[^/]+/\d{4}\.toml$`).MatchString(p) {
			data = p
			narrative = strings.TrimSuffix(p, ".toml") + ".md"
		}
		return nil
	})
	if data == "" {
		b.Fatal("no report in the content")
	}
	slug := filepath.Base(filepath.Dir(data))
	year := strings.TrimSuffix(filepath.Base(data), ".toml")
	page := slug + "/" + year + "/index.html"
	file := narrative
	if kind == "data" {
		file = data
	}
	original, err := os.ReadFile(filepath.Join(src, file))
	if err != nil && !os.IsNotExist(err) {
		b.Fatal(err)
	}
	defer os.WriteFile(filepath.Join(src, file), original, 0o644)
	// edit makes the i-th version of the file: each one changes the page.
	edit := func(i int) []byte {
		if kind == "data" {
			// A change the page shows: the report's title.
			return titleRE.ReplaceAll(original, fmt.Appendf(nil, `${1}编辑%d"`, i))
		}
		return append(bytes.Clone(original), fmt.Sprintf("\n\n编辑 %d。\n", i)...)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var out, errs lockedBuffer
	done := make(chan int, 1)
	cacheDir := b.TempDir() // not the user's cache folder
	go func() {
		done <- run(ctx, []string{"serve", "--lang", "en", "--port", "0", "--source", src, "--cache-dir", cacheDir}, &out, &errs)
	}()
	defer func() {
		cancel()
		<-done
	}()
	urlRE := regexp.MustCompile(`at (http://\S+/) \(`)
	var base string
	for deadline := time.Now().Add(5 * time.Minute); base == ""; time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			b.Fatalf("serve did not start:\n%s\n%s", out.String(), errs.String())
		}
		select {
		case code := <-done:
			b.Fatalf("serve exited %d:\n%s\n%s", code, out.String(), errs.String())
		default:
		}
	}
	// The first build runs after serve listens: edits made before it is
	// done wait for it, and its end reloads the pages opened before.
	for deadline := time.Now().Add(10 * time.Minute); !strings.Contains(out.String(), "first build"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatalf("the first build did not end:\n%s\n%s", out.String(), errs.String())
		}
	}
	res, err := http.Get(base + page)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`data-token="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		b.Fatalf("no reload script in %s (%s)", page, res.Status)
	}
	ev, err := http.Get(base + "_disclose/events?page=" + page + "&token=" + string(m[1]))
	if err != nil {
		b.Fatal(err)
	}
	defer ev.Body.Close()
	reloads := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(ev.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				reloads <- time.Now()
			}
		}
		close(reloads)
	}()

	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := os.WriteFile(filepath.Join(src, file), edit(i), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case at, ok := <-reloads:
			if !ok {
				b.Fatal("event stream closed")
			}
			lat = append(lat, at.Sub(start))
		case <-time.After(60 * time.Second):
			b.Fatalf("no reload within 60s of edit %d:\n%s\n%s", i, out.String(), errs.String())
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	if testing.Verbose() {
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		b.Logf("last summary line: %s (of %s)", lines[len(lines)-1], strconv.Itoa(len(lines)))
	}
}
