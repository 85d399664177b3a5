package xlsx

import "testing"

// BenchmarkWrite is the cost a build pays per report for its workbook.
func BenchmarkWrite(b *testing.B) {
	reports := corpus(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reports {
			if _, err := Write(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(reports)), "µs/report")
}
