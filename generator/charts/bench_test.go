package charts

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// synthReports loads a synthetic site, for benchmarks and for comparing
// the direct writers with go-echarts over many reports.
func synthReports(tb testing.TB, opt synth.Options) *budget.Site {
	tb.Helper()
	s, diags := load.Site(synth.MapFS(opt))
	if diags.Errors() > 0 || len(s.Bureaus) == 0 {
		tb.Fatalf("synthetic site did not load: %d errors", diags.Errors())
	}
	return s
}

// BenchmarkReportSynth builds the charts of 100 synthetic reports per
// iteration (what a cold build does once per report).
func BenchmarkReportSynth(b *testing.B) {
	s := synthReports(b, synth.Options{Bureaus: 20, Years: 5, Seed: 1})
	var reps []*budget.Report
	for _, bu := range s.Bureaus {
		reps = append(reps, bu.Reports...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range reps {
			if _, err := Report(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reps)), "ns/report")
}

// BenchmarkReportWrittenSynth is BenchmarkReportSynth with each chart's
// drawing and option written into a reused buffer, as a page writes
// them: what a cold build pays for a report's charts.
func BenchmarkReportWrittenSynth(b *testing.B) {
	s := synthReports(b, synth.Options{Bureaus: 20, Years: 5, Seed: 1})
	var reps []*budget.Report
	for _, bu := range s.Bureaus {
		reps = append(reps, bu.Reports...)
	}
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range reps {
			cs, err := Report(r)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range cs {
				buf = c.AppendOption(c.AppendSVG(buf[:0]))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reps)), "ns/report")
}
