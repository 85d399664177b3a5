package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestServeReload runs the real `disclose serve` on a copy of the example
// and checks in Chromium that an open page reloads after an edit, shows
// the overlay on a broken file and recovers when it is fixed (serve.mjs).
func TestServeReload(t *testing.T) {
	node := browserNeeds(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "disclose")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/disclose").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "site")
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	srv := exec.Command(bin, "serve", "--lang", "en", "--port", "0", "--source", src, "--cache-dir", t.TempDir())
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- srv.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve did not stop cleanly: %v", err)
			}
		case <-time.After(10 * time.Second):
			srv.Process.Kill()
			t.Error("serve did not stop within 10s of Ctrl-C")
		}
	}()
	urls, built := make(chan string, 1), make(chan bool, 1)
	go func() {
		re := regexp.MustCompile(`at (http://\S+/) \(`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			t.Log(sc.Text())
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
			if regexp.MustCompile(`first build`).MatchString(sc.Text()) {
				built <- true
			}
		}
	}()
	var base string
	select {
	case base = <-urls:
	case <-time.After(60 * time.Second):
		t.Fatal("serve printed no URL within 60s")
	}
	// Serve listens before its first build is done; the page opened then
	// would reload once more when it is.
	select {
	case <-built:
	case <-time.After(60 * time.Second):
		t.Fatal("serve's first build did not end within 60s")
	}
	out, err := exec.Command(node, "serve.mjs", base, "hengyang-scjgj/2023/index.html", src).CombinedOutput()
	t.Logf("node serve.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("browser check of serve failed: %v", err)
	}
}
