package xlsx

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// norm folds a label for matching: full-width forms to half-width
// （（）→()，：→:），no white space at all (cells break lines and pad
// with spaces: "全年预算数\n（A）", "项 目 名 称").
func norm(s string) string {
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

var (
	// markerRE finds the column markers of a header: (A), (B), (B/A).
	markerRE = regexp.MustCompile(`\([A-Z](/[A-Z])?\)`)
	// unitRE finds a money unit in a label or a unit line: (万元), 单位:元.
	unitRE = regexp.MustCompile(`(?:^|\(|单位:|单位：)(万元|千元|亿元|元)(?:\)|$)`)
	// pointsRE finds a points marker: (20分), 20分.
	pointsRE = regexp.MustCompile(`\((\d+(?:\.\d+)?)分\)`)
	// codeRE is a 项目编码 printed in front of a project name (Sichuan).
	codeRE = regexp.MustCompile(`^([0-9A-Z]{12,})[-－—](.+)$`)
)

// bare is a normalised label without markers, unit and points
// brackets, and without a trailing colon: "全年预算数（A）" → "全年预算数".
func bare(s string) string {
	s = markerRE.ReplaceAllString(norm(s), "")
	s = pointsRE.ReplaceAllString(s, "")
	s = strings.NewReplacer("(万元)", "", "(元)", "", "(千元)", "", "(亿元)", "", "(%)", "", "(分)", "").Replace(s)
	return strings.TrimRight(s, ":")
}

// unitIn returns the money unit a label or line names, or "".
func unitIn(s string) string {
	n := norm(s)
	if m := unitRE.FindStringSubmatch(n); m != nil {
		return m[1]
	}
	if i := strings.Index(n, "单位:"); i >= 0 {
		rest := n[i+len("单位:"):]
		for _, u := range []string{"万元", "千元", "亿元", "元"} {
			if strings.HasPrefix(rest, u) {
				return u
			}
		}
	}
	return ""
}

// Money columns, by what they hold. The keys are those of a project in
// the content format, except weight and score (the execution row's).
var moneyLabels = map[string]string{
	"年初预算数": "initial", "年初预算": "initial", "年初数": "initial",
	"全年预算数": "adjusted", "全年预算": "adjusted", "调整后预算数": "adjusted", "调整后预算": "adjusted", "预算数": "adjusted",
	"预算调整数": "adjustment", "调整数": "adjustment",
	"实际到位资金": "received", "实际到位数": "received", "到位资金": "received",
	"全年执行数": "executed", "预算执行数": "executed", "执行数": "executed", "实际执行数": "executed",
	"收入": "income", "收入数": "income",
	"执行率": "execution_rate", "预算执行率": "execution_rate",
	"到位率": "receipt_rate", "资金到位率": "receipt_rate",
	"结余": "balance", "结余资金": "balance", "结余数": "balance",
	"分值": "weight", "权重": "weight",
	"得分": "score", "自评得分": "score",
}

// moneyColumn classifies a header cell of the money block.
func moneyColumn(s string) string {
	b := bare(s)
	if strings.HasPrefix(b, "得分") { // 得分(20分*执行率)
		return "score"
	}
	if k, ok := moneyLabels[b]; ok {
		return k
	}
	return moneyLabels[trimParen(b)]
}

// trimParen drops an explanation in brackets after a label:
// 指标值(包含数字及文字描述) → 指标值.
func trimParen(b string) string {
	if i := strings.Index(b, "("); i > 0 && strings.HasSuffix(b, ")") {
		return b[:i]
	}
	return b
}

// Indicator columns.
var indicatorLabels = map[string]string{
	"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name",
	"年度指标值": "target", "指标值": "target", "年初目标值": "target", "目标值": "target", "年度目标值": "target", "预期指标值": "target",
	"实际完成值": "actual", "完成值": "actual", "全年实际完成值": "actual", "实际值": "actual", "全年实际值": "actual",
	"实际完成情况": "actual", "指标内容": "name",
	"指标性质": "nature", "度量单位": "unit", "计量单位": "unit",
	"分值": "weight", "权重": "weight", "得分": "score", "自评得分": "score",
}

func indicatorColumn(s string) string {
	b := bare(s)
	if strings.HasPrefix(b, "偏差原因") || strings.HasPrefix(b, "未完成原因") {
		return "deviation"
	}
	if k, ok := indicatorLabels[b]; ok {
		return k
	}
	return indicatorLabels[trimParen(b)]
}

// Labels of the header block whose value stands to their right.
var headLabels = map[string]string{
	"项目名称": "name", "转移支付(项目)名称": "name", "转移支付项目名称": "name", "转移支付名称": "name",
	"部门(单位)名称": "name", "部门名称": "name",
	"主管部门": "department", "地方主管部门": "department", "中央主管部门": "central_department",
	"实施单位": "implementer", "项目实施单位": "implementer", "资金使用单位": "implementer",
	"项目编码": "code", "项目代码": "code",
	"数据截至日期": "as_of", "预算执行偏差原因及改进措施": "deviation",
}

// nameLabel reports whether a label starts a table.
func nameLabel(s string) bool { return headLabels[bare(s)] == "name" }

// Labels of the 年度总体目标 block.
var goalLabels = map[string]string{
	"预期目标": "goal", "年度目标": "goal", "总体目标": "goal",
	"实际完成情况": "outcome", "全年实际完成情况": "outcome", "年度目标完成情况": "outcome",
}

// Headings of the form that hold no value of their own: they are read
// as the form's structure.
var structure = map[string]bool{
	"项目资金": true, "资金情况": true, "预算执行情况": true, "项目资金情况": true,
	"年度总体目标": true, "绩效指标": true, "年度绩效指标": true, "年度绩效目标": true,
}

// totalRow reports whether a money row label names the total.
func totalRow(s string) bool {
	switch bare(s) {
	case "", "年度资金总额", "资金总额", "总额", "合计", "总计", "年度资金总额合计":
		return true
	}
	return false
}

// fundSource is a money row's label without 其中:.
func fundSource(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"其中：", "其中:", "其中"} {
		if strings.HasPrefix(s, p) && len(s) > len(p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

// blank reports whether a cell only says that nothing was printed.
func blank(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "—", "——", "－", "/", "／", "…", "……", "...", "——————":
		return true
	}
	return false
}

// instruction reports whether a cell still holds the template's
// instructions (对照年度目标,说明相关任务目标的完成情况(100字以内)).
func instruction(s string) bool {
	n := norm(s)
	return strings.Contains(n, "说明") && (strings.HasPrefix(n, "对照") || strings.Contains(n, "字以内"))
}

// grades are the 等级 a table may print.
var grades = map[string]bool{"优": true, "良": true, "中": true, "差": true}
