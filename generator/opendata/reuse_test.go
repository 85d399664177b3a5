package opendata

import (
	"bytes"
	"os"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/csvfile"
	"github.com/disclose-portal/disclose/generator/load"
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
	d := new(ReportDoc)
	for _, r := range order {
		want := docBytes(NewReportDoc(r, s.Config, nil))
		if got := docBytes(fillReportDoc(d, r, s.Config, nil)); !bytes.Equal(got, want) {
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
	d := fillReportDoc(new(ReportDoc), r, s.Config, nil)
	fresh := testing.AllocsPerRun(20, func() { NewReportDoc(r, s.Config, nil) })
	reused := testing.AllocsPerRun(20, func() { fillReportDoc(d, r, s.Config, nil) })
	if reused > fresh-float64(2*len(r.Projects)) {
		t.Errorf("%.0f allocations filling a reused document, %.0f a new one: want %d fewer at least",
			reused, fresh, 2*len(r.Projects))
	}
}
