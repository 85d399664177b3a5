package opendata

import (
	"encoding/json"
	"strconv"

	"github.com/disclose-portal/disclose/generator/csvfile"
)

// Field is one column of a table, described for the Table Schema in
// datapackage.json as well as for the CSV header.
type Field struct {
	Name        string
	Type        string // Table Schema type: string, integer, number, boolean, date
	Title       string // Chinese label
	Description string
}

// Table is a CSV table: its name (file name without .csv), columns and rows.
type Table struct {
	Name   string
	Title  string
	Fields []Field
	Rows   [][]string
}

// yuanUnit is the unit every CSV amount is written in.
const yuanUnit = "元"

// Columns of the per-report tables. The site-wide tables put
// reportFields in front.
var (
	reportFields = []Field{
		{"bureau", "string", "部门代码", "the bureau's slug, as in the site's URLs"},
		{"bureau_name", "string", "部门", ""},
		{"year", "integer", "年度", ""},
	}
	fundFields = []Field{
		{"row_type", "string", "行类型", "source: a fund source's total; item: a line under it (sum only rows of one type)"},
		{"source", "string", "资金来源", ""},
		{"item", "string", "明细", "empty on source rows"},
		{"project_id", "string", "评价项目", "id of the evaluated project the item funds"},
		{"amount", "number", "金额", "in unit"},
		{"unit", "string", "单位", "always 元"},
	}
	projectFields = []Field{
		{"project_id", "string", "项目代码", ""},
		{"project_name", "string", "项目名称", ""},
		{"department", "string", "主管部门", ""},
		{"implementer", "string", "实施单位", ""},
		{"code", "string", "项目编码", ""},
		{"initial", "number", "年初预算数", "in unit"},
		{"adjusted", "number", "全年预算数", "in unit"},
		{"received", "number", "实际到位", "in unit"},
		{"executed", "number", "全年执行数", "in unit"},
		{"balance", "number", "结余", "received − executed, in unit"},
		{"unit", "string", "单位", "always 元"},
		{"execution_rate_percent", "number", "执行率（%）", "executed / adjusted × 100, two decimals; empty when adjusted is 0"},
		{"receipt_rate_percent", "number", "到位率（%）", "received / adjusted × 100, two decimals; empty when adjusted is 0"},
		{"execution_weight", "number", "执行率分值", ""},
		{"execution_score", "number", "执行率得分", "as published"},
		{"execution_score_computed", "number", "执行率得分（计算）", "weight × min(执行率, 100%)"},
		{"score", "number", "总分", "as published"},
		{"score_computed", "number", "总分（计算）", "by the standard scoring rules"},
		{"grade", "string", "等级", "as published"},
		{"grade_computed", "string", "等级（计算）", ""},
		{"deviation", "string", "偏差说明", ""},
	}
	indicatorFields = []Field{
		{"project_id", "string", "项目代码", ""},
		{"project_name", "string", "项目名称", ""},
		{"row", "integer", "序号", "1-based position in the project's 自评表"},
		{"level1", "string", "一级指标", ""},
		{"level2", "string", "二级指标", ""},
		{"indicator", "string", "三级指标", ""},
		{"target", "string", "年度指标值", "as printed"},
		{"target_op", "string", "指标值比较符", "≥ > ≤ < = or empty"},
		{"target_number", "number", "指标值数值", "the number read from target, exact"},
		{"target_suffix", "string", "指标值单位", "what follows the number"},
		{"actual", "string", "实际完成值", "as printed"},
		{"actual_op", "string", "完成值比较符", ""},
		{"actual_number", "number", "完成值数值", ""},
		{"actual_suffix", "string", "完成值单位", ""},
		{"unit", "string", "计量单位", "unit of bare numbers"},
		{"direction", "string", "指标方向", "positive, reverse, equal or qualitative"},
		{"achieved", "string", "达成程度", "as given for qualitative rows"},
		{"met", "boolean", "是否达成", "empty when unknown"},
		{"completion_percent", "number", "完成率（%）", "actual / target × 100"},
		{"weight", "number", "分值", ""},
		{"score", "number", "得分", "as published"},
		{"score_computed", "number", "得分（计算）", ""},
		{"deviation", "string", "偏差原因分析及改进措施", ""},
	}
	metricFields = []Field{
		{"metric_id", "string", "指标代码", ""},
		{"metric", "string", "指标", ""},
		{"group", "string", "分组", ""},
		{"value", "string", "数值", "as printed"},
		{"value_number", "number", "数值（数）", ""},
		{"unit", "string", "单位", ""},
		{"previous", "string", "上年", "last year's report, else the previous field"},
		{"previous_number", "number", "上年（数）", ""},
		{"baseline", "string", "基期", "a value before a change, not necessarily last year's"},
		{"baseline_number", "number", "基期（数）", ""},
		{"change_percent", "number", "变化（%）", "baseline → value, two decimals"},
		{"yoy_percent", "number", "同比（%）", "as published"},
		{"yoy_percent_computed", "number", "同比（%，计算）", "from previous, two decimals"},
		{"target", "string", "目标", ""},
		{"target_number", "number", "目标（数）", ""},
		{"completion_percent", "number", "完成率（%）", "value / target × 100"},
		{"note", "string", "说明", ""},
	}
)

// TableNames lists the tables in the order pages list them.
var TableNames = []string{"funds", "projects", "indicators", "metrics"}

var tableTitles = map[string]string{"funds": "资金结构", "projects": "项目预算执行与评分", "indicators": "绩效指标（自评表）", "metrics": "主要绩效指标"}

func fieldsOf(name string) []Field {
	switch name {
	case "funds":
		return fundFields
	case "projects":
		return projectFields
	case "indicators":
		return indicatorFields
	}
	return metricFields
}

// ReportTables returns the four tables of one report.
func ReportTables(d *ReportDoc) []*Table {
	var out []*Table
	for _, name := range TableNames {
		out = append(out, &Table{Name: name, Title: tableTitles[name], Fields: fieldsOf(name), Rows: rowsOf(name, d)})
	}
	return out
}

func rowsOf(name string, d *ReportDoc) [][]string {
	rows := [][]string{}
	switch name {
	case "funds":
		if d.Funds == nil {
			break
		}
		for _, s := range d.Funds.Sources {
			rows = append(rows, []string{"source", s.Name, "", "", s.Amount.Yuan, yuanUnit})
			for _, it := range s.Items {
				rows = append(rows, []string{"item", s.Name, it.Name, it.Project, it.Amount.Yuan, yuanUnit})
			}
		}
	case "projects":
		for _, p := range d.Projects {
			rows = append(rows, []string{p.ID, p.Name, p.Department, p.Implementer, p.Code,
				p.Initial.Yuan, p.Adjusted.Yuan, p.Received.Yuan, p.Executed.Yuan, p.Balance.Yuan, yuanUnit,
				ratePercent(p.ExecutionRate), ratePercent(p.ReceiptRate),
				string(p.ExecutionWeight), num(p.ExecutionScore.Published), num(p.ExecutionScore.Computed),
				num(p.Score.Published), num(p.Score.Computed), p.Grade.Published, p.Grade.Computed, p.Deviation})
		}
	case "indicators":
		for _, p := range d.Projects {
			for i, in := range p.Indicators {
				met := ""
				if in.Met != nil {
					met = strconv.FormatBool(*in.Met)
				}
				rows = append(rows, []string{p.ID, p.Name, strconv.Itoa(i + 1), in.Level1, in.Level2, in.Name,
					in.Target.Raw, in.Target.Op, str(in.Target.Number), in.Target.Suffix,
					in.Actual.Raw, in.Actual.Op, str(in.Actual.Number), in.Actual.Suffix,
					in.Unit, in.Direction, in.Achieved, met, ratePercent(in.Completion),
					num(in.Weight), num(in.Score.Published), num(in.Score.Computed), in.Deviation})
			}
		}
	case "metrics":
		for _, m := range d.Metrics {
			var prev, prevNum, base, baseNum, target, targetNum string
			if m.Previous != nil {
				prev, prevNum = m.Previous.Raw, str(m.Previous.Number)
			}
			if m.Baseline != nil {
				base, baseNum = m.Baseline.Raw, str(m.Baseline.Number)
			}
			if m.Target != nil {
				target, targetNum = m.Target.Raw, str(m.Target.Number)
			}
			rows = append(rows, []string{m.ID, m.Name, m.Group, m.Value.Raw, str(m.Value.Number), m.Unit,
				prev, prevNum, base, baseNum, str(m.Change), str(m.YoY.Published), str(m.YoY.Computed), target, targetNum,
				ratePercent(m.Completion), m.Note})
		}
	}
	return rows
}

// SiteTable joins one table of every report, with bureau and year in front.
func SiteTable(name string, docs []*ReportDoc) *Table {
	t := &Table{Name: name, Title: tableTitles[name], Fields: append(append([]Field{}, reportFields...), fieldsOf(name)...), Rows: [][]string{}}
	for _, d := range docs {
		for _, row := range rowsOf(name, d) {
			t.Rows = append(t.Rows, append([]string{d.Bureau.Slug, d.Bureau.Name, strconv.Itoa(d.Year)}, row...))
		}
	}
	return t
}

// CSV renders a table: UTF-8 with a byte order mark, a header of field
// names, RFC 4180 quoting and CRLF line ends.
func (t *Table) CSV() []byte {
	header := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		header[i] = f.Name
	}
	return csvfile.Encode(append([][]string{header}, t.Rows...))
}

func ratePercent(r *Rate) string {
	if r == nil {
		return ""
	}
	return r.Percent
}

func num(n *json.Number) string {
	if n == nil {
		return ""
	}
	return n.String()
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
