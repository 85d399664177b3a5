package budget

import "fmt"

// Form is the printed layout a 自评表 follows. Forms differ in which
// columns they print, what the columns are called, which 一级指标 they
// use and how much the execution row is worth; the page shows each table
// with its own form's column names and only the columns the form has.
type Form struct {
	ID    string // as written in files: form = "national"
	Label string // the form's name, for pages

	// Column names as the form prints them; "" where the form has no
	// such column.
	Initial, Adjusted, Received, Executed, Income string
	Rate                                          string // 执行率
	Weight                                        string // 分值, 权重
	// Scored forms print 分值 and 得分 for the execution row.
	Scored bool
	// ExecutionWeight is the standard 分值 of the execution row, 0 where
	// the form scores no execution row.
	ExecutionWeight Points
	// Levels are the 一级指标 the form uses.
	Levels []string
	// GoalRow is set where 年度目标完成情况 is scored as a row of its own.
	GoalRow bool
	// Columns are the money row's columns the form prints, in its order:
	// initial, adjusted, received, executed, income, weight, rate, score.
	// A page shows these (absent figures as absent) and any other column
	// a table printed.
	Columns []string
}

var projectLevels = []string{"产出指标", "效益指标", "满意度指标", "成本指标"}

// Forms lists the forms a table may follow.
var Forms = []*Form{
	{ID: "national", Label: "项目支出绩效自评表（财预〔2020〕10号附件1）",
		Initial: "年初预算数", Adjusted: "全年预算数", Received: "实际到位资金", Executed: "全年执行数", Rate: "执行率", Weight: "分值",
		Scored: true, ExecutionWeight: 1000, Levels: projectLevels,
		Columns: []string{"initial", "adjusted", "executed", "weight", "rate", "score"}},
	{ID: "execution20", Label: "项目支出绩效自评表（预算执行20分）",
		Initial: "年初预算数", Adjusted: "预算数", Received: "实际到位资金", Executed: "执行数", Rate: "执行率", Weight: "分值",
		Scored: true, ExecutionWeight: 2000, Levels: projectLevels,
		Columns: []string{"adjusted", "executed", "rate", "score"}},
	{ID: "sichuan", Label: "部门预算项目支出绩效自评表（四川）",
		Initial: "年初预算", Adjusted: "调整后预算数", Received: "实际到位资金", Executed: "预算执行数", Rate: "预算执行率", Weight: "权重",
		Scored: true, ExecutionWeight: 1000, Levels: projectLevels,
		Columns: []string{"initial", "adjusted", "executed", "rate", "weight", "score"}},
	{ID: "transfer", Label: "转移支付区域绩效目标自评表",
		Initial: "年初预算数", Adjusted: "全年预算数", Received: "实际到位资金", Executed: "全年执行数", Rate: "预算执行率", Weight: "分值",
		Levels: projectLevels, GoalRow: true,
		Columns: []string{"adjusted", "executed", "rate"}},
	{ID: "department", Label: "部门整体支出绩效自评表",
		Initial: "年初预算数", Adjusted: "全年预算数", Received: "实际到位资金", Executed: "全年执行数", Income: "收入", Rate: "执行率", Weight: "分值",
		Scored: true, ExecutionWeight: 1000,
		Levels:  []string{"投入", "过程", "产出", "效果", "产出指标", "效益指标", "满意度指标", "成本指标"},
		Columns: []string{"initial", "executed", "weight", "score"}},
	{ID: "narrative", Label: "文字报告（无自评表）",
		Initial: "年初预算", Adjusted: "全年预算", Received: "实际到位资金", Executed: "执行数", Income: "收入", Rate: "执行率", Weight: "分值",
		Levels: projectLevels, Columns: []string{"adjusted", "executed", "rate"}},
}

// DefaultForm is the national 附件1 table.
var DefaultForm = Forms[0]

// LookupForm finds a form by its id.
func LookupForm(id string) (*Form, bool) {
	for _, f := range Forms {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// FormIDs lists the form ids, for hints.
func FormIDs() []string {
	ids := make([]string, len(Forms))
	for i, f := range Forms {
		ids[i] = f.ID
	}
	return ids
}

// HasLevel reports whether the form uses the 一级指标 name.
func (f *Form) HasLevel(name string) bool {
	for _, l := range f.Levels {
		if l == name {
			return true
		}
	}
	return false
}

// GobEncode writes the form's id: a build keeps thinned reports between
// builds (package buildcache), and the form itself is part of the program.
func (f *Form) GobEncode() ([]byte, error) { return []byte(f.ID), nil }

// GobDecode finds the form by its id.
func (f *Form) GobDecode(b []byte) error {
	found, ok := LookupForm(string(b))
	if !ok {
		return fmt.Errorf("budget: unknown form %q", b)
	}
	*f = *found
	return nil
}
