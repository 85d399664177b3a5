package xlsx

import (
	"archive/zip"
	"compress/flate"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/xuri/excelize/v2"
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
// document's dates are its publication date.
func Write(r *budget.Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	w := &writer{f: f, r: r, amountStyle: map[int]int{}}
	if err := w.styles(); err != nil {
		return nil, err
	}
	first := true
	sheet := func(name string) (string, error) {
		if first {
			first = false
			return name, f.SetSheetName("Sheet1", name)
		}
		_, err := f.NewSheet(name)
		return name, err
	}
	for i, p := range r.Projects {
		name, err := sheet("自评表" + strconv.Itoa(i+1))
		if err != nil {
			return nil, err
		}
		if err := w.project(name, p); err != nil {
			return nil, err
		}
	}
	if r.Funds != nil {
		name, err := sheet("资金结构")
		if err != nil {
			return nil, err
		}
		if err := w.funds(name); err != nil {
			return nil, err
		}
	}
	name, err := sheet("计算核对")
	if err != nil {
		return nil, err
	}
	if err := w.computed(name); err != nil {
		return nil, err
	}
	date := "1980-01-01T00:00:00Z" // the zip epoch: no date of the report is known
	if !r.Published.IsZero() {
		date = r.Published.String() + "T00:00:00Z"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: r.Title, Creator: "disclose", LastModifiedBy: "disclose", Language: "zh-CN",
		Created: date, Modified: date,
	}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fastZip compresses at flate's fastest level: a build writes a workbook
// for every report, and the default level spent a quarter of the time
// for files a few per cent smaller. The writers are pooled, as
// archive/zip pools its own.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, ok := flatePool.Get().(*flate.Writer)
		if ok {
			fw.Reset(out)
		} else {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		}
		return &pooledFlate{fw}, nil
	})
	return zw
}

var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	p.Writer = nil
	return err
}

type writer struct {
	f           *excelize.File
	r           *budget.Report
	sheet       string
	row         int
	head, wrap  int
	amountStyle map[int]int // decimals → style
}

func (w *writer) styles() (err error) {
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	align := &excelize.Alignment{WrapText: true, Vertical: "center"}
	if w.head, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: align, Border: border}); err != nil {
		return err
	}
	w.wrap, err = w.f.NewStyle(&excelize.Style{Alignment: align, Border: border})
	return err
}

// amountCell writes an amount as the number it is, exactly, shown with
// its decimals (two at least, as pages show them): never rounded.
func (w *writer) amountCell(ref string, a budget.Amount) error {
	s := a.Decimal(w.r.Unit)
	_, frac, _ := strings.Cut(s, ".")
	st, ok := w.amountStyle[len(frac)]
	if !ok {
		code := "#,##0." + strings.Repeat("0", len(frac))
		var err error
		if st, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &code, Border: []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}}); err != nil {
			return err
		}
		w.amountStyle[len(frac)] = st
	}
	if err := w.f.SetCellDefault(w.sheet, ref, s); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, ref, ref, st)
}

// put writes a row of cells from column A: string (text), *budget.Amount,
// budget.Points, *budget.Points, *budget.Percent (as printed, text),
// budget.Value (a number as a number, text as text), num (a plain
// decimal); nil and absent figures leave the cell empty.
type num string

func (w *writer) put(style int, cells ...any) error {
	w.row++
	for c, v := range cells {
		ref, _ := excelize.CoordinatesToCellName(c+1, w.row)
		var err error
		switch x := v.(type) {
		case nil:
		case string:
			if x != "" {
				err = w.f.SetCellStr(w.sheet, ref, x)
			}
		case num:
			err = w.f.SetCellDefault(w.sheet, ref, string(x))
		case *budget.Amount:
			if x != nil {
				if err := w.amountCell(ref, *x); err != nil {
					return err
				}
				continue
			}
		case *budget.Points:
			if x != nil {
				err = w.f.SetCellDefault(w.sheet, ref, x.String())
			}
		case *budget.Percent:
			if x != nil {
				err = w.f.SetCellStr(w.sheet, ref, x.Raw)
			}
		case budget.Value:
			switch {
			case x.IsZero():
			case plainDecimal(x.Raw):
				err = w.f.SetCellDefault(w.sheet, ref, x.Raw)
			default:
				err = w.f.SetCellStr(w.sheet, ref, x.Raw)
			}
		default:
			panic("xlsx: cannot write " + ref)
		}
		if err != nil {
			return err
		}
		if style != 0 {
			if err := w.f.SetCellStyle(w.sheet, ref, ref, style); err != nil {
				return err
			}
		}
	}
	return nil
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

func (w *writer) merge(a, z string) error { return w.f.MergeCell(w.sheet, a, z) }

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// goalScoreLabel heads the row of 年度目标完成情况 scored as a row of its
// own (goal_weight, goal_score), apart from its text.
const goalScoreLabel = "年度目标完成情况评分"

// moneyCol is a column of the money block.
type moneyCol struct {
	key, label string
}

// moneyCols are the columns a project's money block prints: its form's,
// and any other the project gave a figure for.
func moneyCols(p *budget.Project) []moneyCol {
	f := p.Form
	has := map[string]bool{}
	for _, k := range f.Columns {
		has[k] = true
	}
	fundHas := func(get func(budget.ProjectFund) bool) bool {
		for _, pf := range p.Funds {
			if get(pf) {
				return true
			}
		}
		return false
	}
	if p.Initial != nil || fundHas(func(pf budget.ProjectFund) bool { return pf.Initial != nil }) {
		has["initial"] = true
	}
	if p.Adjusted != nil || fundHas(func(pf budget.ProjectFund) bool { return pf.Adjusted != nil }) {
		has["adjusted"] = true
	}
	if p.Executed != nil || fundHas(func(pf budget.ProjectFund) bool { return pf.Executed != nil }) {
		has["executed"] = true
	}
	if p.ExecutionRate != nil || fundHas(func(pf budget.ProjectFund) bool { return pf.ExecutionRate != nil }) {
		has["rate"] = true
	}
	has["received"] = has["received"] || p.Received != nil
	has["income"] = has["income"] || p.Income != nil
	// A 20-point table prints its 分值 in the heading; where the table
	// printed none there, a column keeps the figure.
	has["weight"] = has["weight"] || p.ExecutionWeight != nil && f.ID != "execution20"
	has["score"] = has["score"] || p.ExecutionScore != nil
	a, b := "（A）", "（B）"
	initial, adjusted := f.Initial, f.Adjusted
	if p.ExecutionBase == "initial" {
		initial += a
	} else {
		adjusted += a
	}
	var out []moneyCol
	add := func(key, label string) {
		if has[key] {
			out = append(out, moneyCol{key, label})
		}
	}
	add("initial", initial)
	if p.Change != nil {
		out = append(out, moneyCol{"adjustment", "预算调整数"})
	}
	add("adjusted", adjusted)
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

func (w *writer) project(sheet string, p *budget.Project) error {
	w.sheet, w.row = sheet, 0
	f := p.Form
	u := w.r.Unit.Name
	w.f.SetColWidth(sheet, "A", "A", 16)
	w.f.SetColWidth(sheet, "B", "L", 14)
	cols := moneyCols(p)
	last := max(len(cols)+2, 11) // the widest block: the indicators' 11 columns
	lastCol, _ := excelize.ColumnNumberToName(last)
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	// A panic above is an excelize error on a name this code made; it
	// is turned back into an error here.
	var err error
	func() {
		defer func() {
			if e := recover(); e != nil {
				if pe, ok := e.(error); ok {
					err = pe
					return
				}
				panic(e)
			}
		}()
		must(w.put(0, w.r.Title))
		must(w.merge("A1", lastCol+"1"))
		must(w.put(0, formLine+f.Label))
		must(w.put(0, "单位："+u))
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
			var cells []any
			for i := 0; i < len(pairs); i += 2 {
				cells = append(cells, pairs[i], pairs[i+1])
			}
			must(w.put(w.wrap, cells...))
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
		hdr := []any{heading, ""}
		for _, c := range cols {
			hdr = append(hdr, c.label)
		}
		must(w.put(w.head, hdr...))
		total := "年度资金总额"
		if f.ID == "sichuan" {
			total = "总额"
		}
		row := []any{"", total}
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
		must(w.put(w.wrap, row...))
		for _, pf := range p.Funds {
			row := []any{"", pf.Source}
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
			must(w.put(w.wrap, row...))
		}
		must(w.merge(cellName(1, top), cellName(1, w.row)))
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
			must(w.put(w.head, "年度总体目标", goal, "", "", "", outcome))
			must(w.put(w.wrap, "", p.Goal, "", "", "", p.Outcome))
			must(w.merge(cellName(1, w.row-1), cellName(1, w.row)))
			for _, r := range []int{w.row - 1, w.row} {
				must(w.merge(cellName(2, r), cellName(5, r)))
				must(w.merge(cellName(6, r), cellName(last, r)))
			}
		}
		if p.GoalWeight != nil || p.GoalScore != nil {
			must(w.put(w.wrap, goalScoreLabel, "分值", p.GoalWeight, "得分", p.GoalScore))
		}
		w.indicators(p, must)
	}()
	return err
}

func (w *writer) indicators(p *budget.Project, must func(error)) {
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
	hdr := []any{"绩效指标", "一级指标", "二级指标", "三级指标"}
	if nature {
		hdr = append(hdr, "指标性质")
	}
	hdr = append(hdr, target)
	if unit {
		hdr = append(hdr, "度量单位")
	}
	hdr = append(hdr, actual, f.Weight, "得分", dev)
	must(w.put(w.head, hdr...))
	top := w.row
	for _, in := range p.Indicators {
		row := []any{"", in.Level1, in.Level2, in.Name}
		if nature {
			row = append(row, in.Nature)
		}
		row = append(row, in.Target)
		if unit {
			row = append(row, in.Unit)
		}
		row = append(row, in.Actual, in.Weight, in.Score, in.Deviation)
		must(w.put(w.wrap, row...))
	}
	if w.row > top {
		must(w.merge(cellName(1, top), cellName(1, w.row)))
	}
	if p.Score != nil || p.Grade != "" {
		row := make([]any, len(hdr))
		row[0] = "总分"
		row[len(hdr)-2] = p.Score
		row[len(hdr)-1] = p.Grade
		must(w.put(w.wrap, row...))
	}
}

// funds writes 资金结构: each source, the lines under it, the total.
func (w *writer) funds(sheet string) error {
	w.sheet, w.row = sheet, 0
	w.f.SetColWidth(sheet, "A", "D", 24)
	fd := w.r.Funds
	names := map[*budget.Project]string{}
	for _, p := range w.r.Projects {
		names[p] = p.Name
	}
	if err := w.put(0, "资金结构"); err != nil {
		return err
	}
	if err := w.put(0, "单位："+w.r.Unit.Name); err != nil {
		return err
	}
	if err := w.put(w.head, "资金来源", "明细", "金额", "对应评价项目"); err != nil {
		return err
	}
	for _, s := range fd.Sources {
		if err := w.put(w.wrap, s.Name, "", s.Amount); err != nil {
			return err
		}
		for _, it := range s.Items {
			if err := w.put(w.wrap, "", it.Name, it.Amount, names[it.Project]); err != nil {
				return err
			}
		}
	}
	if fd.Total != nil {
		return w.put(w.wrap, "项目支出合计", "", fd.Total)
	}
	return nil
}

// computed writes what the portal computes from the printed figures,
// each with its rule and beside the printed figure it checks: never in
// a printed cell.
func (w *writer) computed(sheet string) error {
	w.sheet, w.row = sheet, 0
	w.f.SetColWidth(sheet, "A", "A", 28)
	w.f.SetColWidth(sheet, "B", "E", 18)
	w.f.SetColWidth(sheet, "F", "F", 40)
	u := w.r.Unit.Name
	if err := w.put(0, computedTitle); err != nil {
		return err
	}
	if err := w.put(0, "说明：以下数字不是原报告所印，由门户按原报告公开的数字计算；原表未印的数字不计算。金额单位："+u); err != nil {
		return err
	}
	if err := w.put(w.head, "项目", "计算项", "计算值", "原表所印", "计算规则"); err != nil {
		return err
	}
	for _, p := range w.r.Projects {
		f := p.Form
		rows := [][]any{}
		if r, ok := p.ComputedExecutionRate(); ok {
			rows = append(rows, []any{p.Name, "执行率", r.Percent(), p.ExecutionRate, f.Executed + " ÷ " + p.RateBaseLabel()})
		}
		if r, ok := p.ComputedReceiptRate(); ok {
			rows = append(rows, []any{p.Name, "到位率", r.Percent(), p.ReceiptRate, f.Received + " ÷ " + f.Adjusted})
		}
		if b, ok := p.ComputedBalance(); ok {
			rows = append(rows, []any{p.Name, "结余", budget.Amt(b), p.Balance, f.Received + " − " + f.Executed})
		}
		if a, ok := p.Adjustment(); ok && a != 0 {
			rows = append(rows, []any{p.Name, "预算调整", budget.Amt(a), nil, f.Adjusted + " − " + f.Initial})
		}
		for _, row := range rows {
			if err := w.put(w.wrap, row...); err != nil {
				return err
			}
		}
	}
	if fd := w.r.Funds; fd != nil && fd.Total == nil {
		if s := fd.SourcesSum(); s.Complete() {
			if err := w.put(w.wrap, "资金结构", "项目支出", budget.Amt(s.Amount), nil, "各资金来源之和"); err != nil {
				return err
			}
		}
	}
	return nil
}
