package xlsx

import (
	"os"
	"testing"

	"github.com/disclose-portal/disclose/generator/load"
)

// BenchmarkWriteSynth writes the workbooks of the synthetic reports in
// $SYNTH (cmd/disclose-synth -out), the reports a scale test builds.
func BenchmarkWriteSynth(b *testing.B) {
	dir := os.Getenv("SYNTH")
	if dir == "" {
		b.Skip("set SYNTH to a folder written by disclose-synth")
	}
	s, _ := load.Site(os.DirFS(dir))
	var n int
	b.ReportAllocs()
	for b.Loop() {
		for _, bu := range s.Bureaus[:20] {
			for _, r := range bu.Reports {
				if _, err := Write(r); err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/report")
}
