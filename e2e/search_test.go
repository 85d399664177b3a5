package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
)

// TestSearch builds the example and runs search.mjs: the header's search
// box, opened from disk and over http under a strict CSP.
func TestSearch(t *testing.T) {
	need := func(what, fix string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (%s); CI must run the browser test", what, fix)
		}
		t.Skipf("browser test skipped: %s is missing (%s)", what, fix)
	}
	if _, err := os.Stat(chromium); err != nil {
		need(chromium, "apt-get install -y chromium fonts-noto-cjk")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		need("node", "apt-get install -y nodejs npm")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core")); err != nil {
		need("e2e/node_modules", "run npm ci in e2e/")
	}
	res, err := site.Build(context.Background(), site.Options{Source: os.DirFS(".."), Render: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("the example does not build:\n%v", res.Diags)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(context.Background(), dir, res.Files); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "search.mjs", dir).CombinedOutput()
	t.Logf("node search.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("search check failed: %v", err)
	}
}
