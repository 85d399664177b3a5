package stamp

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fingerprint(t *testing.T, src string, opts ...string) string {
	t.Helper()
	fp, err := Fingerprint(src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFingerprint(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "content/site.toml"), "title = \"x\"")
	write(t, filepath.Join(src, "content/b/2023.toml"), "title = \"y\"")
	base := fingerprint(t, src)
	if fingerprint(t, src) != base {
		t.Fatal("the same tree gave two fingerprints")
	}
	// Output folders and other files beside the inputs do not count.
	write(t, filepath.Join(src, "public/index.html"), "page")
	if fingerprint(t, src) != base {
		t.Error("a file outside content/, static/ and themes/ changed the fingerprint")
	}
	if fingerprint(t, src, "baseURL=https://a/") == base {
		t.Error("an option did not change the fingerprint")
	}
	steps := []struct {
		what string
		do   func()
	}{
		{"an edit", func() {
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(src, "content/b/2023.toml"), later, later)
		}},
		{"a new static file", func() { write(t, filepath.Join(src, "static/robots.txt"), "") }},
		{"a theme override", func() { write(t, filepath.Join(src, "themes/default/templates/base.html"), "") }},
		{"a removed file", func() { os.Remove(filepath.Join(src, "content/b/2023.toml")) }},
	}
	prev := base
	for _, s := range steps {
		s.do()
		fp := fingerprint(t, src)
		if fp == prev {
			t.Errorf("%s did not change the fingerprint", s.what)
		}
		prev = fp
	}
}

func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if _, ok := UpToDate(dest, "fp"); ok {
		t.Fatal("up to date before any build")
	}
	write(t, filepath.Join(dest, "index.html"), "page")
	if err := Save(dest, Record{Fingerprint: "fp", Stderr: "warning\n", Stdout: "summary"}); err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(Path(dest)) != dir {
		t.Errorf("record kept at %s, not beside %s", Path(dest), dest)
	}
	r, ok := UpToDate(dest, "fp")
	if !ok || r.Stderr != "warning\n" || r.Stdout != "summary" {
		t.Fatalf("UpToDate = %+v, %v", r, ok)
	}
	if _, ok := UpToDate(dest, "other"); ok {
		t.Error("up to date with another fingerprint")
	}
	// Someone adds a file to the destination.
	time.Sleep(10 * time.Millisecond)
	write(t, filepath.Join(dest, "extra.html"), "x")
	if _, ok := UpToDate(dest, "fp"); ok {
		t.Error("up to date after the destination changed")
	}
	Remove(dest)
	if _, err := os.Stat(Path(dest)); !os.IsNotExist(err) {
		t.Error("Remove left the record")
	}
}
