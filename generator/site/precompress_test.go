package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/themes"
)

// TestExamplePrecompressed: beside the theme's assets (and nowhere else)
// a build writes .gz and .br copies that decompress to the asset's bytes;
// no page, sitemap, search index or open-data file names them; a build
// whose copies come from the cache folder writes the same bytes.
func TestExamplePrecompressed(t *testing.T) {
	res := buildExample(t)
	files := res.Files
	var assets, copies, vendored int
	for _, p := range files.Paths() {
		ext := path.Ext(p)
		if ext != ".gz" && ext != ".br" {
			if strings.HasPrefix(p, "assets/") {
				assets++
			}
			continue
		}
		copies++
		asset := strings.TrimSuffix(p, ext)
		if !strings.HasPrefix(p, "assets/") || !files.Has(asset) {
			t.Errorf("%s: a copy of no asset", p)
			continue
		}
		want, _ := files.Bytes(asset)
		data, _ := files.Bytes(p)
		if sum := sha256.Sum256(want); true {
			if _, ok := themes.Precompressed(hex.EncodeToString(sum[:]), ext); ok {
				vendored++ // made at development time, not kept in the cache folder
			}
		}
		if len(data) >= len(want) {
			t.Errorf("%s is not smaller than %s", p, asset)
		}
		var r io.Reader
		if ext == ".gz" {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			r = zr
		} else {
			r = brotli.NewReader(bytes.NewReader(data))
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s does not decompress to %s (%v)", p, asset, err)
		}
	}
	for _, p := range []string{"assets/vendor/echarts/echarts.min", "assets/style"} {
		for _, ext := range []string{".gz", ".br"} {
			found := false
			for _, q := range files.Paths() {
				found = found || strings.HasPrefix(q, p+".") && strings.HasSuffix(q, ext)
			}
			if !found {
				t.Errorf("no %s copy of %s.*", ext, p)
			}
		}
	}
	if copies == 0 || copies > 2*assets {
		t.Fatalf("%d copies of %d assets", copies, assets)
	}
	// Named by nothing a reader or a crawler is given.
	named := []string{discover.SitemapPath, discover.FeedPath, opendata.PackagePath, "data/index.html", "index.html"}
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, discover.SearchDir+"/") {
			named = append(named, p)
		}
	}
	for _, p := range named {
		data, err := files.Bytes(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if bytes.Contains(data, []byte(".gz")) || bytes.Contains(data, []byte(".br\"")) || bytes.Contains(data, []byte(".br<")) {
			t.Errorf("%s names a precompressed copy", p)
		}
	}
	if files.Pages() != res.Pages {
		t.Errorf("the set counts %d pages, the result %d", files.Pages(), res.Pages)
	}

	if vendored != 2 {
		t.Errorf("%d copies are vendored (themes/precompressed), want 2: the ECharts build's .gz and .br", vendored)
	}
	// With the cache folder: the first build keeps the copies there but
	// the vendored ones, the next takes them from it; both write what the
	// build above did.
	root := t.TempDir()
	for i := range 2 {
		dest := filepath.Join(t.TempDir(), "public")
		staged, err := output.Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Build(context.Background(), Options{Source: exampleSource(t), Mode: ModePublish, Files: staged,
			Store: buildcache.Open(root, dest), Program: "test", Hasher: nil, Root: "/src"})
		if err != nil || !r.OK() {
			t.Fatal(err, r.Diags)
		}
		for _, p := range files.Paths() {
			if ext := path.Ext(p); ext != ".gz" && ext != ".br" {
				continue
			}
			want, _ := files.Bytes(p)
			got, err := r.Files.Bytes(p)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("build %d with a cache folder: %s differs (%v)", i+1, p, err)
			}
		}
		staged.Discard()
		kept, _ := filepath.Glob(filepath.Join(root, "compressed", "*"))
		if len(kept) < copies-vendored {
			t.Errorf("build %d kept %d copies in the cache folder, want at least %d", i+1, len(kept), copies-vendored)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "compressed")); err != nil {
		t.Error(err)
	}
}

// TestCheckMakesNoCopies: `disclose check` renders nothing, so it
// compresses nothing either.
func TestCheckMakesNoCopies(t *testing.T) {
	root := t.TempDir()
	res, err := Check(context.Background(), CheckOptions{Source: exampleSource(t), Store: buildcache.OpenStore(root)})
	if err != nil || !res.OK() {
		t.Fatal(err, res.Diags)
	}
	if _, err := os.Stat(filepath.Join(root, "compressed")); !os.IsNotExist(err) {
		t.Errorf("check wrote copies to the cache folder: %v", err)
	}
}
