package opendata

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
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
		{"bureau_name", "string", "部门", "published"},
		{"year", "integer", "年度", "published"},
	}
	fundFields = []Field{
		{"row_type", "string", "行类型", "source: a fund source's total; item: a line under it (sum only rows of one type)"},
		{"source", "string", "资金来源", "published"},
		{"item", "string", "明细", "published; empty on source rows"},
		{"project_id", "string", "评价项目", "id of the evaluated project the item funds"},
		{"amount", "number", "金额", "published, in unit; empty where the report printed no amount"},
		{"unit", "string", "单位", "always 元"},
	}
	// Amounts are as published, empty where the report did not print
	// them. A derivable figure has three columns: the value (published
	// where printed, else computed), *_status saying which, and
	// *_computed, the generator's own figure from printed inputs.
	projectFields = []Field{
		{"project_id", "string", "项目代码", "the project's id in the portal's files"},
		{"project_name", "string", "项目名称", "published"},
		{"form", "string", "表式", "id of the form the 自评表 follows: " + strings.Join(budget.FormIDs(), ", ")},
		{"department", "string", "主管部门", "published"},
		{"central_department", "string", "中央主管部门", "published, in transfer-payment tables"},
		{"implementer", "string", "实施单位", "published"},
		{"code", "string", "项目编码", "published"},
		{"as_of", "date", "数据截至日期", "published: the date the figures stand at; empty when the report does not say"},
		{"initial", "number", "年初预算数", "published, in unit; empty when not printed"},
		{"adjusted", "number", "全年预算数", "published, in unit; empty when not printed"},
		{"received", "number", "实际到位资金", "published, in unit; empty when not printed"},
		{"executed", "number", "全年执行数", "published, in unit; empty when not printed"},
		{"income", "number", "收入", "published, in unit (department-wide tables); empty when not printed"},
		{"adjustment", "number", "预算调整数", "published, in unit (追加 positive, 调减 negative); empty when not printed"},
		{"balance", "number", "结余", "published where printed, else derived (balance_computed); balance_status says which; in unit"},
		{"balance_status", "string", "结余来源", "published, computed, or empty when neither is known"},
		{"balance_computed", "number", "结余（计算）", "derived: received − executed, where both were printed; in unit"},
		{"unit", "string", "单位", "always 元"},
		{"execution_rate_percent", "number", "执行率（%）", "published (the printed number of percent) where printed, else derived (execution_rate_percent_computed); execution_rate_percent_status says which"},
		{"execution_rate_percent_status", "string", "执行率来源", "published, computed, or empty when neither is known"},
		{"execution_rate_percent_computed", "number", "执行率（%，计算）", "derived: executed / the base (execution_base) × 100, two decimals, where both were printed and the base is not 0"},
		{"execution_base", "string", "执行率分母", "adjusted (全年预算数, or 年初预算数 + 预算调整数 where only those were printed) or initial (where the form divides by 年初预算数)"},
		{"receipt_rate_percent", "number", "到位率（%）", "published (the printed number of percent) where printed, else derived (receipt_rate_percent_computed); receipt_rate_percent_status says which"},
		{"receipt_rate_percent_status", "string", "到位率来源", "published, computed, or empty when neither is known"},
		{"receipt_rate_percent_computed", "number", "到位率（%，计算）", "derived: received / adjusted × 100, two decimals, where both were printed and adjusted is not 0"},
		{"execution_weight", "number", "执行率分值", "published"},
		{"execution_score", "number", "执行率得分", "published"},
		{"execution_score_computed", "number", "执行率得分（计算）", "derived: weight × min(执行率, 100%)"},
		{"score", "number", "总分", "published"},
		{"score_computed", "number", "总分（计算）", "derived by the standard scoring rules, only from a complete table"},
		{"grade", "string", "等级", "published"},
		{"grade_computed", "string", "等级（计算）", "derived from score_computed"},
		{"deviation", "string", "偏差说明", "published"},
	}
	indicatorFields = []Field{
		{"project_id", "string", "项目代码", "the project's id in the portal's files"},
		{"project_name", "string", "项目名称", "published"},
		{"row", "integer", "序号", "1-based position in the project's 自评表"},
		{"group", "string", "年度绩效目标", "published, where the form groups rows under 目标1, 目标2 …"},
		{"level1", "string", "一级指标", "published"},
		{"level2", "string", "二级指标", "published"},
		{"indicator", "string", "三级指标", "published"},
		{"target", "string", "年度指标值", "published, as printed"},
		{"target_op", "string", "指标值比较符", "read from target: ≥ > ≤ < = or empty"},
		{"target_number", "number", "指标值数值", "the number read from target, exact"},
		{"target_suffix", "string", "指标值单位", "what follows the number"},
		{"actual", "string", "实际完成值", "published, as printed"},
		{"actual_op", "string", "完成值比较符", "read from actual"},
		{"actual_number", "number", "完成值数值", "the number read from actual, exact"},
		{"actual_suffix", "string", "完成值单位", ""},
		{"unit", "string", "计量单位", "published: unit of bare numbers"},
		{"nature", "string", "指标性质", "published, as printed"},
		{"direction", "string", "指标方向", "positive, reverse, equal or qualitative: from nature where printed, else inferred"},
		{"achieved", "string", "达成程度", "published, for qualitative rows"},
		{"met", "boolean", "是否达成", "derived; empty when unknown"},
		{"completion_percent", "number", "完成率（%）", "derived: actual / target × 100"},
		{"weight", "number", "分值", "published"},
		{"score", "number", "得分", "published"},
		{"score_computed", "number", "得分（计算）", "derived by the standard scoring rules"},
		{"deviation", "string", "偏差原因分析及改进措施", "published"},
	}
	metricFields = []Field{
		{"metric_id", "string", "指标代码", "the metric's id in the portal's files, the same in every year"},
		{"metric", "string", "指标", "published"},
		{"group", "string", "分组", ""},
		{"value", "string", "数值", "published, as printed"},
		{"value_number", "number", "数值（数）", "the number read from value, exact"},
		{"unit", "string", "单位", "published"},
		{"previous", "string", "上年", "published: last year's report, else the previous value this report gives"},
		{"previous_number", "number", "上年（数）", "the number read from previous"},
		{"baseline", "string", "基期", "published: a value before a change, not necessarily last year's"},
		{"baseline_number", "number", "基期（数）", "the number read from baseline"},
		{"change_percent", "number", "变化（%）", "derived: baseline → value, two decimals"},
		{"yoy_percent", "number", "同比（%）", "published"},
		{"yoy_percent_computed", "number", "同比（%，计算）", "derived from previous, two decimals"},
		{"target", "string", "目标", "published"},
		{"target_number", "number", "目标（数）", "the number read from target"},
		{"completion_percent", "number", "完成率（%）", "derived: value / target × 100"},
		{"note", "string", "说明", "published"},
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

// rowsOf returns the rows of table name of a report, each its own slice.
func rowsOf(name string, d *ReportDoc) [][]string {
	rows := [][]string{}
	eachRow(name, d, func(fields []string) { rows = append(rows, append([]string(nil), fields...)) })
	return rows
}

// eachRow calls row with each row of table name of a report, in one
// slice it reuses: a build encodes the fields and keeps only the bytes.
func eachRow(name string, d *ReportDoc, row func(fields []string)) {
	var fields []string
	switch name {
	case "funds":
		if d.Funds == nil {
			break
		}
		for _, s := range d.Funds.Sources {
			fields = append(fields[:0], "source", s.Name, "", "", yuan(s.Amount), yuanUnit)
			row(fields)
			for _, it := range s.Items {
				fields = append(fields[:0], "item", s.Name, it.Name, it.Project, yuan(it.Amount), yuanUnit)
				row(fields)
			}
		}
	case "projects":
		for i := range d.Projects {
			p := &d.Projects[i]
			balance, balanceStatus := moneyValue(p.Balance)
			exec, execStatus := rateValue(p.ExecutionRate)
			receipt, receiptStatus := rateValue(p.ReceiptRate)
			fields = append(fields[:0], p.ID, p.Name, str(p.Form), p.Department, p.CentralDepartment, p.Implementer, p.Code, str(p.AsOf),
				yuan(p.Initial), yuan(p.Adjusted), yuan(p.Received), yuan(p.Executed), yuan(p.Income), yuan(p.Adjustment.Published),
				balance, balanceStatus, yuan(p.Balance.Computed), yuanUnit,
				exec, execStatus, ratePercent(p.ExecutionRate.Computed), p.ExecutionBase,
				receipt, receiptStatus, ratePercent(p.ReceiptRate.Computed),
				num(p.ExecutionWeight), num(p.ExecutionScore.Published), num(p.ExecutionScore.Computed),
				num(p.Score.Published), num(p.Score.Computed), str(p.Grade.Published), str(p.Grade.Computed), p.Deviation)
			row(fields)
		}
	case "indicators":
		for k := range d.Projects {
			p := &d.Projects[k]
			for i := range p.Indicators {
				in := &p.Indicators[i]
				met := ""
				if in.Met != nil {
					met = strconv.FormatBool(*in.Met)
				}
				fields = append(fields[:0], p.ID, p.Name, strconv.Itoa(i+1), in.Group, in.Level1, in.Level2, in.Name,
					in.Target.Raw, in.Target.Op, str(in.Target.Number), in.Target.Suffix,
					in.Actual.Raw, in.Actual.Op, str(in.Actual.Number), in.Actual.Suffix,
					in.Unit, in.Nature, in.Direction, in.Achieved, met, ratePercent(in.Completion),
					num(in.Weight), num(in.Score.Published), num(in.Score.Computed), in.Deviation)
				row(fields)
			}
		}
	case "metrics":
		for i := range d.Metrics {
			m := &d.Metrics[i]
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
			fields = append(fields[:0], m.ID, m.Name, m.Group, m.Value.Raw, str(m.Value.Number), m.Unit,
				prev, prevNum, base, baseNum, str(m.Change), str(m.YoY.Published), str(m.YoY.Computed), target, targetNum,
				ratePercent(m.Completion), m.Note)
			row(fields)
		}
	}
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

// yuan is an amount's cell: 元, empty where it was not printed.
func yuan(m *Money) string {
	if m == nil {
		return ""
	}
	return m.Yuan
}

// moneyValue is a derivable amount's value and status cells: the
// published amount where printed, else the computed one.
func moneyValue(c MoneyCheck) (value, status string) {
	switch {
	case c.Published != nil:
		return c.Published.Yuan, statusPublished
	case c.Computed != nil:
		return c.Computed.Yuan, statusComputed
	}
	return "", ""
}

// rateValue is a derivable rate's value and status cells, in percent:
// the printed number where printed, else the computed one.
func rateValue(c RateCheck) (value, status string) {
	switch {
	case c.Published != nil:
		return c.Published.Percent, statusPublished
	case c.Computed != nil:
		return c.Computed.Percent, statusComputed
	}
	return "", ""
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
