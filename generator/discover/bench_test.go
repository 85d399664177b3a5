package discover

import (
	"flag"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/synth"
)

var benchReports = flag.Int("bench-reports", 1000, "reports in the synthetic site of BenchmarkSearchIndex (10 years per bureau)")

// BenchmarkSearchIndex builds the search index of a synthetic site and
// reports its size: all files per report, the largest term shard (what
// the heaviest query term loads) and the documents file.
//
//	go test ./generator/discover -run - -bench SearchIndex -benchtime 1x -bench-reports 10000
func BenchmarkSearchIndex(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: max(1, *benchReports/10), Years: 10, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	reports := 0
	for _, bu := range s.Bureaus {
		reports += len(bu.Reports)
	}
	b.ResetTimer()
	var files map[string][]byte
	var docs int
	for i := 0; i < b.N; i++ {
		ix := SearchIndex(s)
		docs = len(ix.Docs)
		files = ix.Files()
	}
	b.StopTimer()
	total, maxShard, maxDocs, shards := 0, 0, 0, 0
	for p, data := range files {
		total += len(data)
		switch {
		case strings.HasPrefix(p, SearchDir+"/t-"):
			shards++
			maxShard = max(maxShard, len(data))
		case strings.HasPrefix(p, SearchDir+"/d-"):
			maxDocs = max(maxDocs, len(data))
		}
	}
	b.ReportMetric(float64(reports), "reports")
	b.ReportMetric(float64(docs), "docs")
	b.ReportMetric(float64(total)/float64(reports), "B/report")
	b.ReportMetric(float64(shards), "shards")
	b.ReportMetric(float64(maxShard), "max-shard-B")
	b.ReportMetric(float64(maxDocs), "max-docs-file-B")
}

// BenchmarkFeed writes the feed of a synthetic site (as a build after a
// corrected figure does, from the bureaus' models).
//
//	go test ./generator/discover -run - -bench Feed -bench-reports 10000
func BenchmarkFeed(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: max(1, *benchReports/10), Years: 10, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	base, _ := permalink.ParseBase("https://example.gov.cn/jixiao/")
	b.ReportAllocs()
	for b.Loop() {
		Feed(base, s)
	}
}

// BenchmarkFeedReusing writes the same feed after one bureau changed,
// copying the others' entries from the last feed (FeedReusing).
func BenchmarkFeedReusing(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: max(1, *benchReports/10), Years: 10, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	base, _ := permalink.ParseBase("https://example.gov.cn/jixiao/")
	last := Feed(base, s)
	changed := s.Bureaus[0]
	b.ReportAllocs()
	for b.Loop() {
		FeedReusing(base, s, last, func(x *budget.Bureau) bool { return x != changed })
	}
}

// BenchmarkAddBureau indexes each bureau of a synthetic site of 100
// reports on its own, as a build does (site.renderBureau).
func BenchmarkAddBureau(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 20, Years: 5, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, bu := range s.Bureaus {
			NewIndex().AddBureau(bu)
		}
	}
}

// BenchmarkAppend indexes each bureau of a synthetic site of 1,000
// reports on its own and joins them in order, as a cold build does
// (site.joiner), releasing each part once joined: the joined index's
// lists are the larger part.
func BenchmarkAppend(b *testing.B) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 200, Years: 5, Seed: 1}))
	if diags.Errors() > 0 {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		ix := NewIndex()
		for _, bu := range s.Bureaus {
			part := NewIndex()
			part.AddBureau(bu)
			ix.Append(part)
			part.Release()
			ix.EmitFullChunks(func(string, []byte) {})
		}
	}
}
