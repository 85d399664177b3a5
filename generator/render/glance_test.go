package render

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
)

// The glance counts indicators by their outcome as the report gives it
// (部分达成 stays 部分达成), sums up only published scores and grades, and
// counts the projects that published neither.
func TestGlance(t *testing.T) {
	p := func(p budget.Points) *budget.Points { return &p }
	in := func(target, actual string, d budget.Direction) *budget.Indicator {
		return &budget.Indicator{Target: budget.ParseValue(target), Actual: budget.ParseValue(actual), Direction: d}
	}
	b := &budget.Bureau{Slug: "b", Name: "某局"}
	r := &budget.Report{Bureau: b, Year: 2023, Title: "2023年项目支出绩效自评报告", Unit: budget.DefaultUnit,
		Funds: &budget.Funds{Total: budget.Amt(300_00), Sources: []*budget.FundSource{
			{Name: "中央", Amount: budget.Amt(100_00), Items: []*budget.FundItem{{Name: "明细", Amount: budget.Amt(100_00)}}},
			{Name: "市级", Amount: budget.Amt(200_00)},
		}},
		Projects: []*budget.Project{
			{ID: "a", Name: "甲", Score: p(9230), Grade: "优", Indicators: []*budget.Indicator{
				in("≥600户", "640户", budget.Positive), // 达成
				in("≥600户", "500户", budget.Positive), // 未达成
				in("及时", "部分完成", budget.Qualitative), // 部分达成
				in("≤30天", "", budget.Reverse),       // cannot be told
			}},
			{ID: "b", Name: "乙", Score: p(8800), Grade: "良"},
			{ID: "c", Name: "丙", Grade: "优"},
			{ID: "d", Name: "丁"},
		},
	}
	b.Reports = []*budget.Report{r}
	g := newGlance(r, keyFigures(r), fundRows(r), "")
	if want := (IndicatorTally{Total: 4, Met: 1, Partly: 1, Not: 1, Unknown: 1}); g.Tally != want {
		t.Errorf("tally %+v, want %+v", g.Tally, want)
	}
	if len(g.Sources) != 2 || g.Sources[0].Name != "中央" || g.Sources[1].Share != "66.67%" {
		t.Errorf("sources %+v: want the two sources (not their items), with shares", g.Sources)
	}
	if len(g.Scores) != 3 || g.Unscored != 1 {
		t.Errorf("%d scored, %d unscored; want 3 and 1", len(g.Scores), g.Unscored)
	}
	if g.Low == nil || *g.Low != 8800 || g.High == nil || *g.High != 9230 {
		t.Errorf("score range %v–%v, want 88–92.3", g.Low, g.High)
	}
	if want := []GradeCount{{"优", 2}, {"良", 1}}; len(g.Grades) != 2 || g.Grades[0] != want[0] || g.Grades[1] != want[1] {
		t.Errorf("grades %+v, want %+v", g.Grades, want)
	}
	if !g.HasFunds || !g.HasProjects || g.Heading != "2023年项目支出绩效自评报告" {
		t.Errorf("glance %+v", g)
	}
	// Nothing printed: nothing invented.
	empty := &budget.Report{Bureau: b, Year: 2024, Title: "报告", Unit: budget.DefaultUnit}
	e := newGlance(empty, keyFigures(empty), fundRows(empty), "2024/index.html")
	if e.Tally.Total != 0 || e.Scores != nil || e.Low != nil || !e.Key.Funds.Absent() || !e.Key.Rate.Absent() || e.HasFunds || e.HasProjects {
		t.Errorf("an empty report's glance shows something: %+v", e)
	}
	if e.Heading != "2024年 报告" {
		t.Errorf("heading %q, want the year once", e.Heading)
	}
}
