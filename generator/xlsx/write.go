package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
)

// FileName is the name of a report's workbook beside its page.
const FileName = "tables.xlsx"

// formLine names the form a sheet follows: 表式：<label>. Import reads it
// back, so that a table keeps its form even where its headings alone
// would not tell.
const formLine = "表式："

// Write renders a report's 自评表 and fund table as a workbook in the
// layout of the printed forms: one sheet per table with the form's
// Chinese headings and the report's unit, the fund table on a sheet of
// its own, and what the portal computes from the printed figures on a
// last sheet, apart from them. Its bytes depend only on the report: the
// document's dates, and those of the zip entries, are its publication
// date. The package is written by hand (sheetml.go), not through excelize.
func Write(r *budget.Report) ([]byte, error) { return write(r, true) }

// WriteBuffer is Write passing the workbook to use in a buffer that is
// reused once use returns: a site staged on disk writes it at once
// (output.FileSet.AddBuffer) instead of keeping a copy.
func WriteBuffer(r *budget.Report, use func(data []byte)) error {
	return writeUse(r, true, use)
}

// write is Write; reuse false compresses every part afresh (sameParts).
func write(r *budget.Report, reuse bool) ([]byte, error) {
	var out []byte
	err := writeUse(r, reuse, func(data []byte) {
		out = bytes.Clone(data) // of its size: the site keeps it until written
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeUse is WriteBuffer; reuse as for write.
func writeUse(r *budget.Report, reuse bool, use func(data []byte)) error {
	d := getDeflater()
	w := &writer{b: newWorkbook(d), r: r, cells: d.cells[:0], kv: d.kv[:0], hdr: d.hdr[:0], line: d.line[:0],
		moneyCols: d.moneyCols[:0]}
	for i, p := range r.Projects {
		w.project("自评表"+strconv.Itoa(i+1), p)
	}
	if r.Funds != nil {
		w.funds("资金结构")
	}
	w.computed("计算核对")
	data, err := w.b.write(docProps{title: r.Title, date: workbookDate(r)}, reuse)
	if err == nil {
		use(data)
	}
	w.b.done()
	clear(w.cells[:cap(w.cells)]) // nothing of the report is held on to
	clear(w.kv[:cap(w.kv)])
	clear(w.hdr[:cap(w.hdr)])
	clear(w.line[:cap(w.line)])
	d.cells, d.kv, d.hdr, d.line, d.moneyCols = w.cells[:0], w.kv[:0], w.hdr[:0], w.line[:0], w.moneyCols[:0]
	putDeflater(d)
	return err
}

// workbookDate is the date of a report's workbook and of its zip
// entries: its publication, else the zip epoch.
func workbookDate(r *budget.Report) time.Time {
	if p := r.Published; !p.IsZero() {
		return time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
}

type writer struct {
	b     *wbook
	sh    *wsheet
	r     *budget.Report
	row   int
	cells []any // a row of the indicator table, reused
	kv    []any // a row of label and value pairs, reused
	hdr   []any // a block's heading row, reused
	line  []any // a row of the money block or a total, reused
	// the money block's columns, reused from project to project
	moneyCols []moneyCol
}

// sheet starts a sheet.
func (w *writer) sheet(name string) {
	w.sh, w.row = w.b.addSheet(name), 0
}

// amountCell writes an amount as the number it is, exactly, shown with
// its decimals (two at least, as pages show them): never rounded.
func (w *writer) amountCell(col int, a budget.Amount) {
	s := a.Decimal(w.r.Unit)
	_, frac, _ := strings.Cut(s, ".")
	st := w.b.amountStyle(len(frac))
	if plainDecimal(s) {
		w.sh.number(col, st, s)
	} else {
		w.b.text(w.sh, col, st, s)
	}
}

// put writes a row of cells from column A: string or *string (text),
// *budget.Amount, budget.Points, *budget.Points, *budget.Percent (as
// printed, text), budget.Value or *budget.Value (a number as a number,
// text as text); nil and absent figures leave the cell empty, with the
// row's style (its border). The pointers are for the indicator rows,
// most of a workbook's: a string or Value put in an interface is
// copied to the heap, a pointer is not.
func (w *writer) put(style int, cells ...any) {
	w.row++
	w.sh.startRow(w.row)
	defer w.sh.endRow()
	for i, v := range cells {
		col := i + 1
		switch x := v.(type) {
		case nil:
		case string:
			if x != "" {
				w.b.text(w.sh, col, style, x)
				continue
			}
		case *string:
			if x != nil && *x != "" {
				w.b.text(w.sh, col, style, *x)
				continue
			}
		case *budget.Amount:
			if x != nil {
				w.amountCell(col, *x)
				continue
			}
		case budget.Points:
			w.numberOrText(col, style, x.String())
			continue
		case *budget.Points:
			if x != nil {
				w.numberOrText(col, style, x.String())
				continue
			}
		case *budget.Percent:
			if x != nil {
				w.b.text(w.sh, col, style, x.Raw)
				continue
			}
		case budget.Value:
			if !x.IsZero() {
				w.numberOrText(col, style, x.Raw)
				continue
			}
		case *budget.Value:
			if x != nil && !x.IsZero() {
				w.numberOrText(col, style, x.Raw)
				continue
			}
		default:
			panic("xlsx: cannot write " + cellName(col, w.row))
		}
		w.sh.empty(col, style)
	}
}

// numberOrText writes a plain decimal as a number and anything else
// (200余人, ≥95%) as the text it is.
func (w *writer) numberOrText(col, style int, s string) {
	if plainDecimal(s) {
		w.sh.number(col, style, s)
	} else {
		w.b.text(w.sh, col, style, s)
	}
}

func plainDecimal(s string) bool {
	i, f, dot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	return allDigits(i) && (!dot || allDigits(f))
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// merge merges the range from (c0, r0) to (c1, r1), from 1.
func (w *writer) merge(c0, r0, c1, r1 int) { w.sh.merge(c0, r0, c1, r1) }

// goalScoreLabel heads the row of 年度目标完成情况 scored as a row of its
// own (goal_weight, goal_score), apart from its text.
const goalScoreLabel = "年度目标完成情况评分"

// moneyCol is a column of the money block.
type moneyCol struct {
	key, label string
}

// moneyKeys are the keys of the money block's columns, in a set by
// their bit (moneyCols tells from each project which it prints).
var moneyKeys = [...]string{"initial", "adjustment", "adjusted", "received", "executed", "income",
	"rate", "weight", "score", "receipt_rate", "balance"}

func moneyBit(key string) uint16 {
	for i, k := range moneyKeys {
		if k == key {
			return 1 << i
		}
	}
	return 0
}

// moneyCols appends to out the columns a project's money block prints:
// its form's, and any other the project gave a figure for.
func moneyCols(out []moneyCol, p *budget.Project) []moneyCol {
	f := p.Form
	var has uint16
	set := func(key string, ok bool) {
		if ok {
			has |= moneyBit(key)
		}
	}
	for _, k := range f.Columns {
		set(k, true)
	}
	var initial, adjusted, executed, rate bool
	for _, pf := range p.Funds {
		initial = initial || pf.Initial != nil
		adjusted = adjusted || pf.Adjusted != nil
		executed = executed || pf.Executed != nil
		rate = rate || pf.ExecutionRate != nil
	}
	set("initial", p.Initial != nil || initial)
	set("adjusted", p.Adjusted != nil || adjusted)
	set("executed", p.Executed != nil || executed)
	set("rate", p.ExecutionRate != nil || rate)
	set("received", p.Received != nil)
	set("income", p.Income != nil)
	// A 20-point table prints its 分值 in the heading; where the table
	// printed none there, a column keeps the figure.
	set("weight", p.ExecutionWeight != nil && f.ID != "execution20")
	set("score", p.ExecutionScore != nil)
	a, b := "（A）", "（B）"
	initialLabel, adjustedLabel := f.Initial, f.Adjusted
	if p.ExecutionBase == "initial" {
		initialLabel += a
	} else {
		adjustedLabel += a
	}
	add := func(key, label string) {
		if has&moneyBit(key) != 0 {
			out = append(out, moneyCol{key, label})
		}
	}
	add("initial", initialLabel)
	if p.Change != nil {
		out = append(out, moneyCol{"adjustment", "预算调整数"})
	}
	add("adjusted", adjustedLabel)
	add("received", f.Received)
	add("executed", f.Executed+b)
	income := f.Income
	if income == "" { // a project table that prints the department's 收入
		income = "收入"
	}
	add("income", income)
	if f.ID == "sichuan" {
		add("rate", f.Rate)
		add("weight", f.Weight)
	} else {
		add("weight", f.Weight)
		add("rate", f.Rate+"（B/A）")
	}
	add("score", "得分")
	if p.ReceiptRate != nil {
		out = append(out, moneyCol{"receipt_rate", "到位率"})
	}
	if p.Balance != nil {
		out = append(out, moneyCol{"balance", "结余"})
	}
	return out
}

func (w *writer) project(sheet string, p *budget.Project) {
	w.sheet(sheet)
	f := p.Form
	u := w.r.Unit.Name
	w.sh.colWidth(1, 1, 16)
	w.sh.colWidth(2, 12, 14)
	cols := moneyCols(w.moneyCols[:0], p)
	w.moneyCols = cols
	last := max(len(cols)+2, 11) // the widest block: the indicators' 11 columns
	w.put(styleNone, w.r.Title)
	w.merge(1, 1, last, 1)
	w.put(styleNone, formLine+f.Label)
	w.put(styleNone, "单位："+u)
	// The header block.
	nameLabel, name := "项目名称", p.Name
	switch f.ID {
	case "transfer":
		nameLabel = "转移支付（项目）名称"
	case "department":
		nameLabel = "部门（单位）名称"
	case "sichuan":
		if p.Code != "" {
			name = p.Code + "-" + p.Name
		}
	}
	kv := func(pairs ...string) {
		cells := w.kv[:0]
		for i := 0; i < len(pairs); i += 2 {
			cells = append(cells, pairs[i], pairs[i+1])
		}
		w.put(styleWrap, cells...)
		w.kv = cells
	}
	kv(nameLabel, name)
	if p.Code != "" && f.ID != "sichuan" {
		kv("项目编码", p.Code)
	}
	switch f.ID {
	case "transfer":
		kv("中央主管部门", p.CentralDepartment)
		kv("地方主管部门", p.Department, "资金使用单位", p.Implementer)
	case "department":
		if p.Department != "" || p.Implementer != "" {
			kv("主管部门", p.Department, "实施单位", p.Implementer)
		}
	default:
		if p.CentralDepartment != "" {
			kv("中央主管部门", p.CentralDepartment)
		}
		kv("主管部门", p.Department, "实施单位", p.Implementer)
	}
	if !p.AsOf.IsZero() {
		kv("数据截至日期", p.AsOf.String())
	}
	// The money block: 项目资金（万元） | row label | columns.
	heading := "项目资金（" + u + "）"
	if f.ID == "execution20" || f.ID == "sichuan" {
		heading = "预算执行情况（" + u + "）"
		if p.ExecutionWeight != nil && f.ID == "execution20" {
			heading += "（" + p.ExecutionWeight.String() + "分）"
		}
	}
	top := w.row + 1
	hdr := append(w.hdr[:0], heading, "")
	for _, c := range cols {
		hdr = append(hdr, c.label)
	}
	w.put(styleHead, hdr...)
	w.hdr = hdr
	total := "年度资金总额"
	if f.ID == "sichuan" {
		total = "总额"
	}
	row := append(w.line[:0], "", total)
	for _, c := range cols {
		switch c.key {
		case "initial":
			row = append(row, p.Initial)
		case "adjustment":
			row = append(row, p.Change)
		case "adjusted":
			row = append(row, p.Adjusted)
		case "received":
			row = append(row, p.Received)
		case "executed":
			row = append(row, p.Executed)
		case "income":
			row = append(row, p.Income)
		case "weight":
			row = append(row, p.ExecutionWeight)
		case "rate":
			row = append(row, p.ExecutionRate)
		case "score":
			row = append(row, p.ExecutionScore)
		case "receipt_rate":
			row = append(row, p.ReceiptRate)
		case "balance":
			row = append(row, p.Balance)
		}
	}
	w.put(styleWrap, row...)
	w.line = row
	for _, pf := range p.Funds {
		row := append(w.line[:0], "", pf.Source)
		for _, c := range cols {
			switch c.key {
			case "initial":
				row = append(row, pf.Initial)
			case "adjusted":
				row = append(row, pf.Adjusted)
			case "executed":
				row = append(row, pf.Executed)
			case "rate":
				row = append(row, pf.ExecutionRate)
			default:
				row = append(row, nil)
			}
		}
		w.put(styleWrap, row...)
		w.line = row
	}
	w.merge(1, top, 1, w.row)
	if p.Deviation != "" {
		kv("预算执行偏差原因及改进措施", p.Deviation)
	}
	// 年度总体目标.
	switch f.ID {
	case "sichuan":
		kv("年度目标", p.Goal)
		kv("年度目标完成情况", p.Outcome)
	default:
		goal, outcome := "预期目标", "实际完成情况"
		if f.ID == "transfer" {
			goal, outcome = "总体目标", "全年实际完成情况"
		}
		w.put(styleHead, "年度总体目标", goal, "", "", "", outcome)
		w.put(styleWrap, "", p.Goal, "", "", "", p.Outcome)
		w.merge(1, w.row-1, 1, w.row)
		for _, r := range []int{w.row - 1, w.row} {
			w.merge(2, r, 5, r)
			w.merge(6, r, last, r)
		}
	}
	if p.GoalWeight != nil || p.GoalScore != nil {
		w.put(styleWrap, goalScoreLabel, "分值", p.GoalWeight, "得分", p.GoalScore)
	}
	w.indicators(p)
}

func (w *writer) indicators(p *budget.Project) {
	f := p.Form
	var nature, unit bool
	for _, in := range p.Indicators {
		nature = nature || in.Nature != ""
		unit = unit || in.Unit != ""
	}
	if f.ID == "sichuan" {
		nature, unit = true, true
	}
	target, actual, dev := "年度指标值", "实际完成值", "偏差原因分析及改进措施"
	switch f.ID {
	case "sichuan":
		target, actual, dev = "指标值", "完成值", "未完成原因分析"
	case "transfer":
		target, actual, dev = "指标值", "全年实际完成值", "未完成原因和改进措施"
	case "execution20":
		target, actual = "年初目标值（A）", "实际完成值（B）"
	}
	hdr := append(w.hdr[:0], "绩效指标", "一级指标", "二级指标", "三级指标")
	if nature {
		hdr = append(hdr, "指标性质")
	}
	hdr = append(hdr, target)
	if unit {
		hdr = append(hdr, "度量单位")
	}
	hdr = append(hdr, actual, f.Weight, "得分", dev)
	w.put(styleHead, hdr...)
	w.hdr = hdr
	top := w.row
	for _, in := range p.Indicators {
		row := append(w.cells[:0], "", &in.Level1, &in.Level2, &in.Name)
		if nature {
			row = append(row, &in.Nature)
		}
		row = append(row, &in.Target)
		if unit {
			row = append(row, &in.Unit)
		}
		row = append(row, &in.Actual, in.Weight, in.Score, &in.Deviation)
		w.put(styleWrap, row...)
		w.cells = row
	}
	if w.row > top {
		w.merge(1, top, 1, w.row)
	}
	if p.Score != nil || p.Grade != "" {
		row := append(w.line[:0], make([]any, len(hdr))...)
		row[0] = "总分"
		row[len(hdr)-2] = p.Score
		row[len(hdr)-1] = p.Grade
		w.put(styleWrap, row...)
		w.line = row
	}
}

// funds writes 资金结构: each source, the lines under it, the total.
func (w *writer) funds(sheet string) {
	w.sheet(sheet)
	w.sh.colWidth(1, 4, 24)
	fd := w.r.Funds
	names := map[*budget.Project]string{}
	for _, p := range w.r.Projects {
		names[p] = p.Name
	}
	w.put(styleNone, "资金结构")
	w.put(styleNone, "单位："+w.r.Unit.Name)
	w.put(styleHead, "资金来源", "明细", "金额", "对应评价项目")
	for _, s := range fd.Sources {
		w.put(styleWrap, s.Name, "", s.Amount)
		for _, it := range s.Items {
			w.put(styleWrap, "", it.Name, it.Amount, names[it.Project])
		}
	}
	if fd.Total != nil {
		w.put(styleWrap, "项目支出合计", "", fd.Total)
	}
}

// computed writes what the portal computes from the printed figures,
// each with its rule and beside the printed figure it checks: never in
// a printed cell.
func (w *writer) computed(sheet string) {
	w.sheet(sheet)
	w.sh.colWidth(1, 1, 28)
	w.sh.colWidth(2, 5, 18)
	w.sh.colWidth(6, 6, 40)
	u := w.r.Unit.Name
	w.put(styleNone, computedTitle)
	w.put(styleNone, "说明：以下数字不是原报告所印，由门户按原报告公开的数字计算；原表未印的数字不计算。金额单位："+u)
	w.put(styleHead, "项目", "计算项", "计算值", "原表所印", "计算规则")
	for _, p := range w.r.Projects {
		f := p.Form
		// Each row written as it is found, in this order.
		if r, ok := p.ComputedExecutionRate(); ok {
			w.put(styleWrap, p.Name, "执行率", r.Percent(), p.ExecutionRate, f.Executed+" ÷ "+p.RateBaseLabel())
		}
		if r, ok := p.ComputedReceiptRate(); ok {
			w.put(styleWrap, p.Name, "到位率", r.Percent(), p.ReceiptRate, f.Received+" ÷ "+f.Adjusted)
		}
		if b, ok := p.ComputedBalance(); ok {
			w.put(styleWrap, p.Name, "结余", budget.Amt(b), p.Balance, f.Received+" − "+f.Executed)
		}
		if a, ok := p.Adjustment(); ok && a != 0 {
			w.put(styleWrap, p.Name, "预算调整", budget.Amt(a), nil, f.Adjusted+" − "+f.Initial)
		}
	}
	if fd := w.r.Funds; fd != nil && fd.Total == nil {
		if s := fd.SourcesSum(); s.Complete() {
			w.put(styleWrap, "资金结构", "项目支出", budget.Amt(s.Amount), nil, "各资金来源之和")
		}
	}
}
