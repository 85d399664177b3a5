package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestServeShutdown: cancelling serve (Ctrl-C) closes the open event
// streams, stops the watcher and the hub, and leaves no goroutine behind.
func TestServeShutdown(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs lockedBuffer
	done := make(chan int, 1)
	cacheDir := t.TempDir() // not the user's cache folder
	go func() {
		done <- run(ctx, []string{"serve", "--lang", "en", "--port", "0", "--source", src, "--cache-dir", cacheDir}, &out, &errs)
	}()

	var base string
	re := regexp.MustCompile(`at (http://\S+/) \(`)
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errs.String())
		}
	}
	tr := &http.Transport{}
	client := &http.Client{Transport: tr}
	res, err := client.Get(base + "_disclose/events?page=index.html&token=x")
	if err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	if l := <-lines; !strings.HasPrefix(l, "retry:") {
		t.Fatalf("stream began with %q", l)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d:\n%s", code, errs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s")
	}
	for range lines { // the stream ends
	}
	res.Body.Close()
	tr.CloseIdleConnections()
	if !strings.HasSuffix(out.String(), "stopped\n") {
		t.Errorf("output:\n%s", out.String())
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left (from %d):\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServeCPUProfile: serve -cpuprofile writes a CPU profile of the
// whole serve, its runs included, when it stops (as build's flag does).
func TestServeCPUProfile(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--lang", "en", "--port", "0", "--source", src, "--cache-dir", t.TempDir(), "-cpuprofile", prof}, &out, &errs)
	}()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "first build"); time.Sleep(10 * time.Millisecond) {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d:\n%s", code, errs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no first build:\n%s\n%s", out.String(), errs.String())
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, errs.String())
	}
	data, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b { // pprof's profiles are gzipped
		t.Errorf("not a profile: %d bytes", len(data))
	}
}
