package buildcache

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/opendata"
)

// BenchmarkEncode is what Store spends on one bureau's entry (3 reports
// of synthetic content), its digests included.
func BenchmarkEncode(b *testing.B) {
	t := &testing.T{}
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	paths := folderOf("a").Paths()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encode(e, paths); err != nil {
			b.Fatal(err)
		}
	}
}
