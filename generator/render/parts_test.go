package render

import (
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A bureau's page and its reports' pages show the same glance, key
// figures and metrics' views of each report: the two share them, worked
// out once, where the bureau's page worked out each a second time.
func TestBureauAndReportPagesShareParts(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 1, Years: 3, Seed: 4})
	s, diags := load.Site(src)
	if diags.Errors() > 0 {
		t.Fatal(diags.Errors(), "errors")
	}
	b := s.Bureaus[0]
	jobs := defaultRenderer(t).bureauJobs(b, siteViewOf(s), nil, src, output.NewFileSet())
	bp, _ := jobs[0].page()
	bv := bp.Bureau
	metrics := 0
	for i, rep := range b.Reports {
		p, _ := jobs[1+i].page()
		rv := p.Report
		if rv.Report != rep {
			t.Fatalf("job %d is %s's page, want %d's", 1+i, p.Path, rep.Year)
		}
		g := bv.Glances[len(b.Reports)-1-i]
		if g.Link != strconv.Itoa(rep.Year)+"/index.html" || rv.Glance.Link != "" {
			t.Errorf("%d: glance links %q and %q", rep.Year, g.Link, rv.Glance.Link)
		}
		if len(g.Sources) == 0 || &g.Sources[0] != &rv.Glance.Sources[0] || g.Tally != rv.Glance.Tally {
			t.Errorf("%d: the bureau's glance is not the report's", rep.Year)
		}
		for _, series := range bv.Metrics {
			m := series.Points[i].Metric
			if m == nil {
				continue
			}
			shared := false
			for _, mv := range rv.Metrics {
				shared = shared || mv == m
			}
			if !shared {
				t.Errorf("%d: metric %s viewed twice", rep.Year, series.ID)
			}
			metrics++
		}
	}
	if metrics == 0 {
		t.Fatal("no metric checked")
	}
}
