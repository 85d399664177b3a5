package validate

import (
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/markdown"
)

// chartBlocks checks that every chart block of a narrative names one of
// its report's charts, so that `disclose check` finds a misspelt name.
// It runs after every report is resolved (charts read resolved values);
// only narratives that may hold a chart block pay for building charts.
func chartBlocks(l *diag.List, r *budget.Report) {
	if !markdown.HasChartBlock(r.Narrative) {
		return
	}
	cs, err := charts.Report(r)
	if err != nil {
		return // the render reports it, with its cause
	}
	has := map[string]bool{}
	for _, c := range cs {
		has[c.Name] = true
	}
	_, bad, err := markdown.New().ConvertCharts(r.Narrative, func(name string) ([]byte, bool) { return nil, has[name] })
	if err != nil {
		return
	}
	for _, c := range bad {
		d := l.Errorf(r.NarrativeFile, diag.Pos{Line: c.Line, Col: c.Col}, "")
		d.Message = c.Text()
		d.Hint = i18n.T("hint.charts", strings.Join(charts.Names(cs), ", "))
	}
}
