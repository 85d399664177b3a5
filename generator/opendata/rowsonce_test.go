package opendata

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
)

// newReportData encodes each row once for a report's table and the
// site-wide one: the files and rows are the bytes of encoding the
// tables whole (ReportTables, SiteTable), on the fixture and on
// synthetic reports, with names that need quoting in front.
func TestRowsEncodedOnce(t *testing.T) {
	s, _ := fixture(t)
	all := reports(s)
	syn, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 2, Seed: 7}))
	all = append(all, reports(syn)...)
	quoted := *all[0]
	quoted.Bureau = &budget.Bureau{Slug: "q", Name: " 局, \"甲\"\n乙"}
	all = append(all, &quoted)
	for _, r := range all {
		files := output.NewFileSet()
		rd := newReportData(r, s.Config, nil, files, new(RowBuffer))
		d := NewReportDoc(r, s.Config, nil)
		got := map[string][]byte{}
		for _, p := range files.Paths() {
			got[p], _ = files.Bytes(p)
		}
		for k, tb := range ReportTables(d) {
			p := ReportDir(r) + "/" + tb.Name + ".csv"
			if want := tb.CSV(); !bytes.Equal(got[p], want) {
				t.Errorf("%s:\n got %q\nwant %q", p, got[p], want)
			}
			want := bytes.TrimPrefix(SiteTable(tb.Name, []*ReportDoc{d}).CSV(), TableHead(k))
			if !bytes.Equal(rd.rows[k], want) {
				t.Errorf("%s %d, site-wide %s:\n got %q\nwant %q", r.Bureau.Slug, r.Year, tb.Name, rd.rows[k], want)
			}
		}
	}
}

// ScoreFrom, given the scores report.json computes anyway, is the total
// ComputedScore computes itself, on every project of the fixture and of
// synthetic reports (most of which score completely).
func TestScoreFromSame(t *testing.T) {
	s, _ := fixture(t)
	all := reports(s)
	syn, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 5, Years: 3, Seed: 11}))
	all = append(all, reports(syn)...)
	scored := 0
	for _, r := range all {
		for _, p := range r.Projects {
			rows := make([]*budget.Points, len(p.Indicators))
			for i, in := range p.Indicators {
				rows[i] = in.ComputedScore(s.Config.Scoring)
			}
			got := p.ScoreFrom(s.Config.Scoring, p.ComputedExecutionScore(), rows)
			want := p.ComputedScore(s.Config.Scoring)
			if (got == nil) != (want == nil) || got != nil && *got != *want {
				t.Errorf("%s %d %s: ScoreFrom %v, ComputedScore %v", r.Bureau.Slug, r.Year, p.ID, got, want)
			}
			if want != nil {
				scored++
			}
		}
	}
	if scored < 10 {
		t.Errorf("only %d projects scored: the comparison says little", scored)
	}
}

// newReportData adds its files from the buffers they were made in: into
// a staged site no copy of them is made (a set held in memory keeps
// one), so the staged site's build allocates at least their size less.
func TestReportFilesNotCopied(t *testing.T) {
	syn, r, staged := stagedSynthReport(t)
	newReportData(r, syn.Config, nil, staged, new(RowBuffer)) // folders made, pools filled
	size := 0
	for _, p := range staged.Paths() {
		data, _ := staged.Bytes(p)
		size += len(data)
	}
	mem := output.NewFileSet()
	inMemory := allocs.Bytes(5, func() { newReportData(r, syn.Config, nil, mem, new(RowBuffer)) })
	onDisk := allocs.Bytes(5, func() { newReportData(r, syn.Config, nil, staged, new(RowBuffer)) })
	if inMemory < onDisk+uint64(size)*3/4 {
		t.Errorf("into a staged site %d bytes allocated, held in memory %d: the %d bytes of files were copied", onDisk, inMemory, size)
	}
}
