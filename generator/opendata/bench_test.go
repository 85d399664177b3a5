package opendata

import (
	"flag"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
)

var benchReports = flag.Int("bench-reports", 1000, "reports in the synthetic site of BenchmarkWrite (10 years per bureau)")

// BenchmarkWrite writes the open data of a synthetic site and reports
// the bytes per report of report.json and of the CSV tables.
//
//	go test ./generator/opendata -run - -bench Write -benchtime 1x -bench-reports 10000
func BenchmarkWrite(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: max(1, *benchReports/10), Years: 10, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	reports := 0
	for _, bu := range s.Bureaus {
		reports += len(bu.Reports)
	}
	var files *output.FileSet
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		files = output.NewFileSet()
		Write(s, diags, files)
	}
	b.StopTimer()
	var jsonBytes, csvBytes, siteBytes int
	for _, p := range files.Paths() {
		data, _ := files.Bytes(p)
		switch {
		case strings.HasPrefix(p, DataDir+"/"):
			siteBytes += len(data)
		case strings.HasSuffix(p, "/report.json"):
			jsonBytes += len(data)
		case strings.HasSuffix(p, ".csv"):
			csvBytes += len(data)
		}
	}
	b.ReportMetric(float64(reports), "reports")
	b.ReportMetric(float64(jsonBytes)/float64(reports), "json-B/report")
	b.ReportMetric(float64(csvBytes)/float64(reports), "csv-B/report")
	b.ReportMetric(float64(siteBytes)/float64(reports), "data-dir-B/report")
}
