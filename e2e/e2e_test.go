// Package e2e checks the built example site in a real browser: it builds
// content/ with the generator and runs check.mjs (headless Chromium under
// a strict Content-Security-Policy). Without Chromium or e2e/node_modules
// the test is skipped, except in CI (CI set), where it fails instead.
package e2e

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/synth"
)

const chromium = "/usr/bin/chromium"

func TestBrowser(t *testing.T) {
	node := browserNeeds(t)

	// The bundled example, with a picture of every figure to look at.
	t.Run("example", func(t *testing.T) { check(t, node, os.DirFS(".."), "example", "--figures") })
	// The example publishes no indicators, no scores and one year only:
	// synthetic content draws the indicator, score and trend charts.
	t.Run("synthetic", func(t *testing.T) {
		// Without a base URL, so that the 404 page's links are relative
		// and it is checked from disk too.
		src := synth.MapFS(synth.Options{Bureaus: 2, Years: 2, LastYear: 2024, Seed: 1})
		cfg := src["content/site.toml"]
		noBase := regexp.MustCompile(`(?m)^base_url = .*\n`)
		if !noBase.Match(cfg.Data) {
			t.Fatalf("synthetic site.toml has no base_url line to drop:\n%s", cfg.Data)
		}
		src["content/site.toml"] = &fstest.MapFile{Data: noBase.ReplaceAll(cfg.Data, nil)}
		// Every kind of chart, drawn by the vendored ECharts.
		check(t, node, src, "synthetic", "--kinds=bar,line,pie,treemap")
	})
	// Twelve real reports of other forms (generator/site/testdata/corpus):
	// figures left out, one project only, long names. They showed what
	// the others did not: ECharts' drawing of a one-project chart had no
	// room for its bars and dropped their labels.
	t.Run("corpus", func(t *testing.T) {
		check(t, node, os.DirFS("../generator/site/testdata/corpus"), "corpus")
	})
}

// check builds a source tree into a temporary folder and runs check.mjs
// on it; screenshots go to e2e/artifacts/<name>/.
func check(t *testing.T, node string, src fs.FS, name string, flags ...string) {
	dir := buildSite(t, src, name)
	cmd := exec.Command(node, append([]string{"check.mjs", dir, name}, flags...)...)
	out, err := cmd.CombinedOutput()
	t.Logf("node check.mjs (%s):\n%s", name, out)
	if err != nil {
		t.Fatalf("browser check of %s failed: %v", name, err)
	}
}

// buildSite builds a source tree into a temporary folder and returns
// the folder.
func buildSite(t *testing.T, src fs.FS, name string) string {
	t.Helper()
	res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("%s does not build:\n%v", name, res.Diags)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(context.Background(), dir, res.Files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserNeeds skips the test without Chromium, node or playwright-core,
// except in CI (CI set), where it fails instead; it returns node's path.
func browserNeeds(t *testing.T) string {
	t.Helper()
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
	for _, m := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join("node_modules", m)); err != nil {
			need("e2e/node_modules/"+m, "run npm ci in e2e/")
		}
	}
	return node
}
