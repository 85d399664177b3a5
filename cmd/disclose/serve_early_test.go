package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/site"
)

// TestServeBeforeFirstBuild: serve listens before its first build; while
// the build is held back, a report page is made on demand with the bytes
// `disclose build` writes (plus the reload script), and the home page
// says it is being made; once the build is done the home page is served.
func TestServeBeforeFirstBuild(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	firstBuildGate = func() { <-gate }
	defer func() { firstBuildGate = func() {} }()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--port", "0", "--source", src, "--cache-dir", t.TempDir()}, &out, &errs)
	}()
	defer func() {
		select {
		case <-gate:
		default:
			close(gate)
		}
		cancel()
		<-done
	}()
	var base string
	re := regexp.MustCompile(`地址 (http://\S+/)（`)
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errs.String())
		}
	}
	fetch := func(target string) (int, []byte) {
		t.Helper()
		res, err := http.Get(base + target)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, data
	}

	const report = "hengyang-scjgj/2023/index.html"
	status, got := fetch("hengyang-scjgj/2023/")
	if status != 200 {
		t.Fatalf("a report before the first build: %d\n%s", status, got)
	}
	full, err := site.Build(ctx, site.Options{Source: os.DirFS(src), Mode: site.ModePublish})
	if err != nil || !full.OK() {
		t.Fatalf("build: %v %v", err, full.Diags)
	}
	want, _ := full.Files.Bytes(report)
	injected := regexp.MustCompile(`<link rel="stylesheet" href="/_disclose/serve.css"><script src="/_disclose/reload.js"[^>]*></script>`)
	if !injected.Match(got) {
		t.Errorf("no reload script in the page made on demand")
	}
	if !bytes.Equal(injected.ReplaceAll(got, nil), want) {
		t.Errorf("the page made on demand is not the build's %s", report)
	}
	if status, home := fetch(""); status != http.StatusServiceUnavailable || !strings.Contains(string(home), "正在生成") {
		t.Errorf("the home page before the first build: %d\n%s", status, home)
	}
	if strings.Contains(out.String(), "首次构建") {
		t.Fatalf("the first build ran while held back:\n%s", out.String())
	}

	close(gate)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if status, _ := fetch(""); status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no home page after the first build:\n%s\n%s", out.String(), errs.String())
		}
	}
	if _, again := fetch("hengyang-scjgj/2023/"); !bytes.Equal(injected.ReplaceAll(again, nil), want) {
		t.Errorf("the report after the first build is not the build's")
	}
}
