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
	node := browserNeeds(t)
	res, err := site.Build(context.Background(), site.Options{Source: os.DirFS(".."), Mode: site.ModePublish})
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
