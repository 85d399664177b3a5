package render

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A report's narrative HTML is the converter's buffer, not a copy of it
// in a string: rendering it allocates less than converting it and
// copying its HTML once (it allocated that copy more, ~6 KB a report).
func TestNarrativeNotCopied(t *testing.T) {
	r := defaultRenderer(t)
	_, rep := oneSynthReport(t)
	cs, _ := charts.Report(rep)
	byName := byName(cs)
	html, bad, err := r.narrative(rep, byName)
	want, _, _ := r.md.ConvertCharts(rep.Narrative, r.placer(byName))
	if err != nil || len(bad) > 0 || !bytes.Equal([]byte(html), want) {
		t.Fatalf("narrative differs from ConvertCharts (%v, %d bad)", err, len(bad))
	}
	got := allocs.Bytes(10, func() { r.narrative(rep, byName) })
	conv := allocs.Bytes(10, func() { r.md.ConvertCharts(rep.Narrative, r.placer(byName)) })
	t.Logf("%d B of HTML; narrative allocates %d B, ConvertCharts %d B", len(html), got, conv)
	if got >= conv+uint64(len(html))/2 {
		t.Errorf("narrative allocates %d B, ConvertCharts %d B: want less than half the HTML's %d B more", got, conv, len(html))
	}
}

// A report page's JSON-LD is DatasetLD's buffer, not a copy of it in a
// string (~2 KB a report page).
func TestDatasetLDNotCopied(t *testing.T) {
	s, rep := oneSynthReport(t)
	base := permalink.Base{}
	ld := datasetLD(base, s.Config, rep)
	if want := discover.DatasetLD(base, s.Config, rep); string(ld) != string(want) || len(ld) == 0 {
		t.Fatalf("datasetLD differs from DatasetLD")
	}
	got := allocs.Bytes(10, func() { datasetLD(base, s.Config, rep) })
	made := allocs.Bytes(10, func() { discover.DatasetLD(base, s.Config, rep) })
	if got >= made+uint64(len(ld))/2 {
		t.Errorf("datasetLD allocates %d B, DatasetLD %d B: want less than half the JSON-LD's %d B more", got, made, len(ld))
	}
}

// A bureau page's rows, and each row's amounts by source, are made at
// their size: appended a doubling at a time they allocated up to twice
// their bytes, a bureau page each.
func TestBureauRowsAtTheirSize(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 2, Years: 3, Seed: 4}))
	if diags.Errors() > 0 {
		t.Fatal(diags.Errors(), "errors")
	}
	for _, b := range s.Bureaus {
		v := bureauView(b, newBureauParts(b))
		if len(v.Rows) != len(b.Reports) || cap(v.Rows) != len(v.Rows) {
			t.Errorf("%s: %d rows in a block of %d, want %d in %d", b.Slug, len(v.Rows), cap(v.Rows), len(b.Reports), len(b.Reports))
		}
		for _, row := range v.Rows {
			if len(row.BySrc) != len(v.Sources) || cap(row.BySrc) != len(v.Sources) {
				t.Errorf("%s %d: %d amounts by source in a block of %d, want %d", b.Slug, row.Report.Year, len(row.BySrc), cap(row.BySrc), len(v.Sources))
			}
		}
	}
}
