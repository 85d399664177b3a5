package precompress

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/themes"
)

var update = flag.Bool("update", false, "write the vendored precompressed copies (themes/precompressed)")

// vendoredAssets are the default theme's third-party assets that get
// copies made at development time: every compressible file under
// assets/vendor/ but the license texts.
func vendoredAssets(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for p, data := range defaultAssets(t) {
		if strings.HasPrefix(p, "assets/vendor/") && Compressible(p) && strings.HasSuffix(p, ".js") {
			out[p] = data
		}
	}
	if len(out) == 0 {
		t.Fatal("no vendored assets found in the default theme")
	}
	return out
}

// TestVendoredCopies: every vendored asset has its copies in
// themes/precompressed, byte for byte what Gzip and Brotli make of it
// now (so a build that takes them writes what one that compresses
// would), and no copy there is of an asset the theme no longer has.
// With -update it writes them.
func TestVendoredCopies(t *testing.T) {
	dir := filepath.Join("..", "..", "themes", themes.PrecompressedDir)
	want := map[string][]byte{}
	for p, data := range vendoredAssets(t) {
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		for _, enc := range Encodings {
			want[digest+enc.Ext] = enc.encode(data)
			if !*update {
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, digest+enc.Ext), want[digest+enc.Ext], 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%s)", digest+enc.Ext, p)
		}
	}
	if *update {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "README.md" && want[e.Name()] == nil {
				os.Remove(filepath.Join(dir, e.Name()))
				t.Logf("removed %s: a copy of no vendored asset", e.Name())
			}
		}
		return // the embedded files are this test binary's old ones
	}
	for name, data := range want {
		got, ok := themes.Precompressed(strings.TrimSuffix(name, filepath.Ext(name)), filepath.Ext(name))
		switch {
		case !ok:
			t.Errorf("themes/precompressed/%s 缺失 (missing): run go test ./generator/precompress -run 'TestVendoredCopies$' -update", name)
		case !bytes.Equal(got, data):
			t.Errorf("themes/precompressed/%s 与现在压缩的结果不同 (differs from what the encoders make now): run go test ./generator/precompress -run 'TestVendoredCopies$' -update", name)
		}
	}
	err := fs.WalkDir(themes.PrecompressedFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "README.md" {
			return err
		}
		if want[p] == nil {
			t.Errorf("themes/precompressed/%s 不对应任何第三方资源 (a copy of no vendored asset): run the -update above", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVendoredCopiesUsed: a build takes the vendored copies instead of
// compressing, and writes the same bytes as compressing would.
func TestVendoredCopiesUsed(t *testing.T) {
	assets := vendoredAssets(t)
	made := resetMemo(t)
	vendoredUsed.Store(0)
	copies := Start(context.Background(), assets, nil).Copies()
	if n := made.Load(); n != 0 {
		t.Errorf("compressed %d copies of vendored assets, want 0 (themes/precompressed)", n)
	}
	if n, want := vendoredUsed.Load(), int64(len(assets)*len(Encodings)); n != want {
		t.Errorf("used %d vendored copies, want %d", n, want)
	}
	for p, data := range assets {
		for _, enc := range Encodings {
			if !bytes.Equal(copies[p+enc.Ext], enc.encode(data)) {
				t.Errorf("%s differs from what %s makes", p+enc.Ext, enc.Name)
			}
		}
	}
}

// TestVendoredCopyChecked: a vendored copy that does not decompress to
// the asset is not used.
func TestVendoredCopyChecked(t *testing.T) {
	for p, data := range vendoredAssets(t) {
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		for _, enc := range Encodings {
			if _, ok := vendored(digest, data, enc); !ok {
				t.Errorf("%s%s: the vendored copy is not used", p, enc.Ext)
			}
			other := append(bytes.Clone(data[:len(data)-1]), data[len(data)-1]^1)
			if _, ok := vendored(digest, other, enc); ok {
				t.Errorf("%s%s: a copy used for other bytes under the same digest", p, enc.Ext)
			}
			if _, ok := vendored(digest, data[:len(data)-1], enc); ok {
				t.Errorf("%s%s: a copy used for shorter bytes", p, enc.Ext)
			}
		}
	}
}
