package render

import (
	"bytes"
	"reflect"
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/charts"
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

// The charts take a metric's growth from the report's metric views
// (charts.ReportWith, BureauWith) rather than work it out again in
// big.Rat: the same charts, and fewer allocations a report.
func TestChartsTakeGrowthFromViews(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 4, Seed: 5}))
	if diags.Errors() > 0 {
		t.Fatal(diags.Errors(), "errors")
	}
	same := func(what string, a, b []*charts.Chart) {
		t.Helper()
		if len(a) != len(b) {
			t.Fatalf("%s: %d charts from the views' growth, %d without", what, len(a), len(b))
		}
		for i := range a {
			if !bytes.Equal(a[i].Option(), b[i].Option()) || !reflect.DeepEqual(a[i].Table, b[i].Table) || a[i].ID != b[i].ID {
				t.Errorf("%s: chart %s differs from the views' growth", what, b[i].Name)
			}
		}
	}
	grown := 0
	for _, b := range s.Bureaus {
		parts := newBureauParts(b)
		withViews, err1 := charts.BureauWith(b, s.Config.Unit, parts.growth)
		without, err2 := charts.Bureau(b, s.Config.Unit)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		same(b.Slug, withViews, without)
		for i, r := range b.Reports {
			p := parts.of(i)
			withViews, err1 := charts.ReportWith(r, p.growth)
			without, err2 := charts.Report(r)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			same(r.File, withViews, without)
			n := 0
			for _, mv := range p.metrics {
				if mv.Computed {
					n++
				}
			}
			if n == 0 {
				continue
			}
			grown++
			a := testing.AllocsPerRun(5, func() { charts.ReportWith(r, p.growth) })
			b := testing.AllocsPerRun(5, func() { charts.Report(r) })
			t.Logf("%s: %d growths computed: %.0f allocations with the views', %.0f without", r.File, n, a, b)
			if a+float64(2*n) > b {
				t.Errorf("%s: %d growths computed: %.0f allocations with the views', %.0f without, want %d fewer", r.File, n, a, b, 2*n)
			}
		}
	}
	if grown == 0 {
		t.Fatal("no computed growth checked")
	}
}
