package load

import (
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// BenchmarkDecode splits the cost of reading one report file: the TOML
// parser alone (github.com/BurntSushi/toml into a map), the position
// scan (tomlpos), both (parseTOML), and a whole bureau read into the
// model, per report. The parser alone is the floor of any build or
// check of a portal, whatever else gets faster (docs/performance.md).
func BenchmarkDecode(b *testing.B) {
	dir := b.TempDir()
	if err := synth.WriteDir(dir, synth.Options{Bureaus: 20, Years: 5, Seed: 1}, runtime.GOMAXPROCS(0)); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	var names []string
	var srcs [][]byte
	var size int64
	fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".toml") && path.Base(p) != "bureau.toml" && path.Base(p) != "site.toml" {
			src, _ := fs.ReadFile(fsys, p)
			names, srcs = append(names, p), append(srcs, src)
			size += int64(len(src))
		}
		return nil
	})
	per := func(b *testing.B, f func(name string, src []byte)) {
		b.SetBytes(size / int64(len(srcs)))
		i := 0
		for b.Loop() {
			f(names[i%len(srcs)], srcs[i%len(srcs)])
			i++
		}
	}
	b.Run("toml.Decode", func(b *testing.B) {
		per(b, func(_ string, src []byte) {
			var m map[string]any
			if _, err := toml.Decode(string(src), &m); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("tomlpos.Scan", func(b *testing.B) {
		per(b, func(_ string, src []byte) { tomlpos.ScanString(string(src)).Release() })
	})
	// What the loader scans: numbers only, the index given back after
	// each file as the loader gives it back.
	b.Run("tomlpos.ScanNumbers", func(b *testing.B) {
		per(b, func(_ string, src []byte) { tomlpos.ScanNumbers(string(src)).Release() })
	})
	b.Run("parseTOML", func(b *testing.B) {
		per(b, func(name string, src []byte) {
			var diags diag.List
			t, _ := parseTOML(name, src, &diags)
			if t == nil {
				b.Fatal(diags)
			}
		})
	})
	b.Run("bureau", func(b *testing.B) {
		top := Top(fsys)
		reports, i := 0, 0
		for b.Loop() {
			bu, diags := Bureau(fsys, top.Folders[i%len(top.Folders)], top.Config.Unit)
			if bu == nil || diags.Errors() > 0 {
				b.Fatal(diags)
			}
			reports += len(bu.Reports)
			i++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(reports), "ns/report")
	})
}
