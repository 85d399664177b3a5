package opendata

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/csvfile"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
)

// docBytes are report.json and the four tables of a document.
func docBytes(d *ReportDoc) []byte {
	out := MarshalReport(nil, d)
	for _, name := range TableNames {
		eachRow(name, d, func(fields []string) { out = csvfile.AppendRecord(out, fields) })
	}
	return out
}

// A document filled again for another report (fillReportDoc, as a build
// reuses them) writes what a new one does: reports with more and fewer
// projects, indicators, fund rows and metrics than the last, none, and
// the same report twice.
func TestReportDocReused(t *testing.T) {
	var rs []*budget.Report
	for _, root := range []string{"../..", "../site/testdata/corpus"} {
		s, _ := load.Site(os.DirFS(root))
		rs = append(rs, reports(s)...)
	}
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: 5}))
	rs = append(rs, reports(s)...)
	fs, _ := fixture(t)
	rs = append(rs, reports(fs)...)
	rs = append(rs, &budget.Report{Bureau: rs[0].Bureau, Year: 2020}) // nothing in it
	rs = append(rs, rs[0], rs[0])
	order := append(append([]*budget.Report{}, rs...), rs[len(rs)/2:]...)
	for i := len(order) - 1; i >= 0; i-- {
		order = append(order, order[i]) // and backwards: shrinking after growing
	}
	d, mk := new(ReportDoc), new(maker)
	for _, r := range order {
		want := docBytes(NewReportDoc(r, s.Config, nil))
		if got := docBytes(fillReportDoc(d, mk, r, s.Config, nil, true)); !bytes.Equal(got, want) {
			t.Fatalf("%s %d: a reused document writes other bytes than a new one", r.Bureau.Slug, r.Year)
		}
	}
}

// Filling a reused document allocates none of its lists again: fewer
// allocations than a new document by at least one list per project.
func TestReportDocReuseAllocates(t *testing.T) {
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 1, Seed: 3}))
	r := reports(s)[0]
	if len(r.Projects) < 3 {
		t.Fatalf("%d projects, want a few", len(r.Projects))
	}
	d, mk := new(ReportDoc), new(maker)
	fillReportDoc(d, mk, r, s.Config, nil, true)
	fresh := testing.AllocsPerRun(20, func() { NewReportDoc(r, s.Config, nil) })
	reused := testing.AllocsPerRun(20, func() { fillReportDoc(d, mk, r, s.Config, nil, true) })
	if reused > fresh-float64(2*len(r.Projects)) {
		t.Errorf("%.0f allocations filling a reused document, %.0f a new one: want %d fewer at least",
			reused, fresh, 2*len(r.Projects))
	}
}

// What a build allocates for a report's open data, into a staged site:
// hardly more than its rows of the site-wide tables (which it keeps) and
// the strings of its document's figures. The report's document and what
// it points to, its workbook's sheets and zip, its narrative are reused
// or borrowed (247 KB for a synthetic report with 41 KB of rows before,
// 83 KB now).
func TestReportDataAllocation(t *testing.T) {
	syn, r, staged := stagedSynthReport(t)
	rows := 0
	for _, row := range newReportData(r, syn.Config, nil, staged, new(RowBuffer)).rows {
		rows += len(row)
	}
	// Every document and deflater kept (by earlier tests too) fitted to
	// this report first: they are taken in turn.
	for range 4 * cap(freeDocs) {
		newReportData(r, syn.Config, nil, staged, new(RowBuffer))
	}
	// The least of a few measures: the scratch buffers of a sync.Pool
	// change roles from call to call.
	got := uint64(1 << 62)
	for range 3 {
		got = min(got, allocs.Bytes(5, func() { newReportData(r, syn.Config, nil, staged, new(RowBuffer)) }))
	}
	if got > uint64(rows)*5/2 {
		t.Errorf("%d bytes allocated for a report whose rows are %d bytes: want 2.5 times its rows at most", got, rows)
	}
}

// A report's scratch buffers are kept through collections, which a
// build makes every few reports (a sync.Pool emptied at two had them
// grown again for the next report): with a collection before each
// report, its open data allocates what it does without.
func TestReportDataScratchOutlastsGC(t *testing.T) {
	syn, r, staged := stagedSynthReport(t)
	for range 4 * cap(freeDocs) {
		newReportData(r, syn.Config, nil, staged, new(RowBuffer))
	}
	measure := func(collect bool) uint64 {
		got := uint64(1 << 62)
		for range 3 {
			got = min(got, allocs.Bytes(5, func() {
				if collect {
					runtime.GC()
					runtime.GC()
				}
				newReportData(r, syn.Config, nil, staged, new(RowBuffer))
			}))
		}
		return got
	}
	without, with := measure(false), measure(true)
	if with > without+without/10 {
		t.Errorf("%d bytes allocated for a report after collections, %d without: its buffers were lost", with, without)
	}
}

// stagedSynthReport is a synthetic report and a staged site to write its
// open data into, discarded when the test ends.
func stagedSynthReport(t *testing.T) (*budget.Site, *budget.Report, *output.FileSet) {
	t.Helper()
	syn, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 1, Seed: 3}))
	site, err := output.Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(site.Discard)
	return syn, reports(syn)[0], site.Through(nil)
}
