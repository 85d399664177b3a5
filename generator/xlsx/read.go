package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/xuri/excelize/v2"
)

// Field is one key of the year file, with the cell it was read from.
// A Field with no Key is a comment only.
type Field struct {
	Key  string
	Lit  string    // the value as a TOML literal
	At   string    // "项目1!F7"
	Note i18n.Text // why the value reads as it does, where that needs saying
}

// Project is one 自评表 read from a workbook.
type Project struct {
	ID         string // made by import: project-1, project-2 …
	Form       string
	FormAt     string // the sheet the table is on
	Fields     []Field
	Funds      [][]Field
	Indicators [][]Field
	name       string
}

// Source is a line of the fund table (资金结构), with its items.
type Source struct {
	Fields []Field
	Items  [][]Field
}

// Unplaced is a non-empty cell that went nowhere.
type Unplaced struct {
	At   string // "项目1!H12"
	Text string
	Why  i18n.Text // zero: nothing in the format takes it
}

// Draft is what a workbook gives for one year file.
type Draft struct {
	File       string // the workbook's name, for the comments
	Unit       budget.Unit
	Title      Field
	FundsTotal *Field
	Sources    []Source
	Projects   []*Project
	Unplaced   []Unplaced
	Notices    []i18n.Text
}

// Read reads the 自评表 of a workbook. name is how comments name it;
// amounts are converted to unit, exactly. An error means the bytes are
// no workbook; a workbook without tables gives a Draft without projects.
func Read(r io.Reader, name string, unit budget.Unit) (d *Draft, err error) {
	f, err := open(r)
	if err != nil {
		return nil, &Error{i18n.T("import.not_workbook", err)}
	}
	defer f.Close()
	d = &Draft{File: name, Unit: unit}
	for _, sheet := range f.GetSheetList() {
		g, err := safeGrid(f, sheet)
		if err != nil {
			return nil, &Error{i18n.T("import.bad_sheet", sheet, err)}
		}
		if skipSheet(g) {
			d.Notices = append(d.Notices, i18n.T("import.skip_sheet", sheet))
			continue
		}
		p := &parser{d: d, g: g, used: map[string]bool{}}
		p.sheet()
	}
	d.linkFunds()
	return d, nil
}

// Error is a workbook that cannot be read, said in the caller's language
// by Text.In; Error() is the Chinese, the default.
type Error struct{ i18n.Text }

func (e *Error) Error() string { return e.In(i18n.Zh) }

// open and safeGrid turn a panic of excelize on a damaged workbook
// into an error: a file from anywhere must not stop the program. The
// importer's own code runs outside them, so that its faults still show.
func open(r io.Reader) (f *excelize.File, err error) {
	defer func() {
		if e := recover(); e != nil {
			f, err = nil, fmt.Errorf("%v", e)
		}
	}()
	// A 自评表 workbook holds kilobytes; a damaged or hostile one may
	// declare parts of gigabytes, which excelize would allocate at once.
	return excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzip})
}

// maxUnzip bounds what a workbook may unpack to.
const maxUnzip = 64 << 20

func safeGrid(f *excelize.File, sheet string) (g *grid, err error) {
	defer func() {
		if e := recover(); e != nil {
			g, err = nil, fmt.Errorf("%v", e)
		}
	}()
	return readGrid(f, sheet)
}

// computedTitle heads the sheet of computed figures an exported
// workbook carries: not the original's, so import skips it.
const computedTitle = "计算核对（门户按公开数字计算，非原表所印）"

func skipSheet(g *grid) bool { return norm(g.at(0, 0).text) == norm(computedTitle) }

// lcell is a cell of a row with the columns it spans (merged).
type lcell struct {
	c0, c1 int
	cell
}

// logical returns a row's non-empty cells, a merged range once.
func (g *grid) logical(r int) []lcell {
	var out []lcell
	if r < 0 || r >= len(g.rows) {
		return nil
	}
	for c, cl := range g.rows[r] {
		if cl.text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].ref == cl.ref && out[n-1].c1 == c-1 {
			out[n-1].c1 = c
			continue
		}
		out = append(out, lcell{c, c, cl})
	}
	return out
}

type section int

const (
	inHead section = iota
	inMoney
	inIndicators
)

// table is the 自评表 being read.
type table struct {
	p           *Project
	at          string // where it starts
	unit        string // money unit it names, "" when none
	unitAt      string
	sec         section
	money       map[int]string // column → money key
	firstCol    int            // first money column
	ind         map[int]string // column → indicator key
	goals       map[int]string // column → goal/outcome, waiting for the row below
	headPts     string         // (20分) of the money heading
	headPtsAt   string
	headText    string
	initialAt   string // the 年初预算数（A） heading
	initialText string
	initialA    bool
	set         map[string]string // key → cell, for duplicates
	amounts     []pendingAmount
	total       map[string]string // the total row's weight and score, as printed
	level1      []level1Cell
	form        string // named by a 表式 line
	flags       map[string]bool
}

// pendingAmount is an amount read before the table's unit is known.
type pendingAmount struct {
	fields *[]Field
	idx    int
	c      cell
}

type level1Cell struct {
	row, idx int
	c        cell
}

type parser struct {
	d           *Draft
	g           *grid
	used        map[string]bool
	t           *table
	unit        string // the last unit line outside a table
	title       string
	titleAt     string
	funds       *fundTable
	form        string // the form a 表式 line named, for the next table
	titleListed bool   // the sheet's title differs from the file's and was listed
}

func (p *parser) ref(c cell) string { return p.g.sheet + "!" + c.ref }

func (p *parser) use(c cell) { p.used[c.ref] = true }

// reject records a cell that cannot be placed, with the reason.
func (p *parser) reject(c cell, why i18n.Text) {
	if c.ref == "" || p.used[c.ref] {
		return
	}
	p.used[c.ref] = true
	p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.ref(c), Text: c.text, Why: why})
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var yearLineRE = regexp.MustCompile(`^\(?\d{4}年度?\)?$`)

func (p *parser) sheet() {
	for r := range p.g.rows {
		p.row(r)
	}
	p.flush()
	// Every cell with something in it that nothing took.
	for _, row := range p.g.rows {
		for _, c := range row {
			if c.text != "" && !p.used[c.ref] {
				p.used[c.ref] = true
				p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.ref(c), Text: c.text})
			}
		}
	}
}

func (p *parser) row(r int) {
	cells := p.g.logical(r)
	if len(cells) == 0 {
		return
	}
	// A unit line: 单位：万元, 金额单位：元.
	for _, c := range cells {
		n := norm(c.text)
		if u := unitIn(n); u != "" && (strings.HasPrefix(n, "单位:") || strings.HasPrefix(n, "金额单位:")) {
			p.use(c.cell)
			if p.t != nil {
				p.t.unit, p.t.unitAt = u, p.ref(c.cell)
			} else {
				p.unit = u
			}
		}
	}
	for _, c := range cells {
		if nameLabel(c.text) || nameLabel(labelOf(c.text)) {
			if p.t != nil && (p.t.set["name"] != "" || p.t.sec != inHead) {
				p.flush()
			}
			if p.t == nil {
				p.start(c.cell)
			}
			break
		}
	}
	if p.isFundHeader(cells) {
		p.flush()
		p.fundHeader(cells)
		return
	}
	if p.funds != nil {
		if p.fundRow(r, cells) {
			return
		}
	}
	// 表式：<label>, as an exported workbook names its form.
	for _, c := range cells {
		if rest, ok := strings.CutPrefix(norm(c.text), norm(formLine)); ok {
			for _, f := range budget.Forms {
				if norm(f.Label) == rest {
					p.form = f.ID
					p.use(c.cell)
				}
			}
		}
	}
	if p.t == nil {
		// Before any table: the year, 附件1, and the title: the first
		// cell alone in its row, or one that names a 自评表.
		for _, c := range cells {
			n := norm(c.text)
			switch {
			case p.used[c.ref]:
			case yearLineRE.MatchString(n), strings.HasPrefix(n, "附件") && len([]rune(n)) <= 6:
				p.use(c.cell)
			case p.title == "" && len([]rune(n)) <= 80 && (len(cells) == 1 || strings.Contains(n, "自评")):
				p.title, p.titleAt = strings.TrimSpace(c.text), p.ref(c.cell)
				p.use(c.cell)
			}
		}
		return
	}
	t := p.t
	// Titles, the year line and the form's headings (年度总体目标,
	// 绩效指标) hold no value.
	for _, c := range cells {
		n := norm(c.text)
		if !p.used[c.ref] && (yearLineRE.MatchString(n) || structure[bare(c.text)]) {
			p.use(c.cell)
		}
	}
	if p.moneyHeader(cells) || p.indicatorHeader(cells) {
		return
	}
	if t.goals != nil {
		p.goalValues(cells)
		return
	}
	if bare(cells[0].text) == goalScoreLabel {
		p.goalScore(cells)
		return
	}
	if p.keyValues(cells) {
		return
	}
	switch t.sec {
	case inMoney:
		p.moneyRow(r, cells)
	case inIndicators:
		p.indicatorRow(r, cells)
	}
}

// labelOf is the label of a "label:value" cell.
func labelOf(s string) string {
	n := norm(s)
	if i := strings.Index(n, ":"); i > 0 {
		return n[:i]
	}
	return ""
}

func (p *parser) start(c cell) {
	p.t = &table{p: &Project{FormAt: p.g.sheet}, at: p.ref(c), set: map[string]string{}, total: map[string]string{}, flags: map[string]bool{}, form: p.form}
	p.form = ""
}

// add sets a project key, once.
func (p *parser) add(fields *[]Field, set map[string]string, key, lit string, c cell, note i18n.Text) bool {
	if prev, ok := set[key]; ok {
		p.reject(c, i18n.T("import.duplicate", prev))
		return false
	}
	set[key] = p.ref(c)
	*fields = append(*fields, Field{Key: key, Lit: lit, At: p.ref(c), Note: note})
	p.use(c)
	return true
}

// keyValues reads the header labels of a row (项目名称 | X | 主管部门 | Y)
// and the goal labels; it reports whether the row was such a row.
func (p *parser) keyValues(cells []lcell) bool {
	t := p.t
	found := false
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		label, value, inCell := bare(c.text), cell{}, false
		if k := labelOf(c.text); k != "" && (headLabels[k] != "" || goalLabels[k] != "") {
			// 单位名称:X in one cell.
			label, inCell = k, true
			value = c.cell
			i := strings.IndexAny(c.text, ":：")
			_, size := utf8.DecodeRuneInString(c.text[i:])
			value.text = strings.TrimSpace(c.text[i+size:])
		}
		key, goal := headLabels[label], goalLabels[label]
		if key == "" && goal == "" {
			continue
		}
		found = true
		if label == "中央主管部门" || label == "地方主管部门" || label == "资金使用单位" || strings.HasPrefix(label, "转移支付") {
			t.flags["transfer"] = true
		}
		if label == "部门(单位)名称" || label == "部门名称" {
			t.flags["department"] = true
		}
		if !inCell {
			p.use(c.cell)
			if i+1 < len(cells) {
				next := cells[i+1]
				nb := bare(next.text)
				if headLabels[nb] == "" && goalLabels[nb] == "" && !structure[nb] {
					value, i = next.cell, i+1
				}
			}
		} else {
			p.use(c.cell)
		}
		if goal != "" && value.text == "" && goalHeadings(cells) {
			// A column heading: the text is in the row below.
			if t.goals == nil {
				t.goals = map[int]string{}
			}
			for col := c.c0; col <= c.c1; col++ {
				t.goals[col] = goal
			}
			continue
		}
		if value.text == "" || blank(value.text) {
			if value.ref != "" && !inCell {
				p.use(value)
			}
			continue
		}
		if key == "" {
			key = goal
		}
		p.text(key, value)
	}
	return found
}

// goalScore reads 年度目标完成情况评分 | 分值 | 10 | 得分 | 9.
func (p *parser) goalScore(cells []lcell) {
	t := p.t
	p.use(cells[0].cell)
	for i := 1; i < len(cells); i++ {
		key := map[string]string{"分值": "goal_weight", "得分": "goal_score"}[bare(cells[i].text)]
		if key == "" {
			continue
		}
		p.use(cells[i].cell)
		if i+1 < len(cells) && moneyColumn(cells[i+1].text) == "" {
			i++
			if blank(cells[i].text) {
				p.use(cells[i].cell)
				continue
			}
			p.points(&t.p.Fields, t.set, key, cells[i].cell)
		}
	}
}

// goalHeadings reports whether a row holds the goal block's column
// headings (预期目标 | 实际完成情况), whose texts are in the row below,
// rather than a label with its text beside it (年度目标 | …).
func goalHeadings(cells []lcell) bool {
	n := 0
	for _, c := range cells {
		if goalLabels[bare(c.text)] != "" {
			n++
		}
	}
	return n >= 2
}

// text places a text value of the project.
func (p *parser) text(key string, c cell) {
	t := p.t
	s := strings.TrimSpace(c.text)
	if instruction(s) {
		p.reject(c, i18n.T("import.instruction"))
		return
	}
	if key == "as_of" {
		if !dateRE.MatchString(s) {
			p.reject(c, i18n.T("import.bad_date"))
			return
		}
		p.add(&t.p.Fields, t.set, key, s, c, i18n.Text{})
		return
	}
	if key == "name" {
		// 51000021R000000019951-工资性支出: the code, then the name.
		if m := codeRE.FindStringSubmatch(s); m != nil {
			t.flags["sichuan"] = true
			if t.set["code"] == "" {
				t.set["code"] = p.ref(c)
				t.p.Fields = append(t.p.Fields, Field{Key: "code", Lit: quote(m[1]), At: p.ref(c), Note: i18n.T("import.code_split", s)})
			}
			s = strings.TrimSpace(m[2])
		}
		t.p.name = s
	}
	p.add(&t.p.Fields, t.set, key, quote(s), c, i18n.Text{})
}

// goalValues reads the row under 预期目标 | 实际完成情况.
func (p *parser) goalValues(cells []lcell) {
	t := p.t
	goals := t.goals
	t.goals = nil
	for _, c := range cells {
		key := goals[c.c0]
		if key == "" || p.used[c.ref] {
			continue
		}
		if blank(c.text) {
			p.use(c.cell)
			continue
		}
		p.text(key, c.cell)
	}
}

// moneyHeader reads the headings of the money block: 年初预算数 |
// 全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分.
func (p *parser) moneyHeader(cells []lcell) bool {
	amounts, n := 0, 0
	for _, c := range cells {
		switch moneyColumn(c.text) {
		case "":
		case "initial", "adjusted", "received", "executed", "income", "adjustment":
			amounts++
			n++
		default:
			n++
		}
		if k := indicatorColumn(c.text); k == "name" || k == "target" || k == "actual" {
			return false
		}
	}
	if amounts == 0 || n < 2 {
		return false
	}
	t := p.t
	t.sec, t.money, t.firstCol = inMoney, map[int]string{}, -1
	for _, c := range cells {
		k := moneyColumn(c.text)
		n := norm(c.text)
		if u := unitIn(n); u != "" && t.unit == "" {
			t.unit, t.unitAt = u, p.ref(c.cell)
		}
		if m := pointsRE.FindStringSubmatch(n); m != nil && k != "score" {
			t.headPts, t.headPtsAt, t.headText = m[1], p.ref(c.cell), strings.TrimSpace(c.text)
		}
		if m := pointsRE.FindStringSubmatch(n); m != nil && k == "score" && m[1] == "20" {
			t.flags["execution20"] = true
		}
		switch b := bare(c.text); {
		case k == "":
			// The block's heading, often with the unit: 项目资金（万元）,
			// 年度部门整体支出预算（万元）.
			if structure[b] || strings.HasPrefix(b, "项目资金") || strings.HasPrefix(b, "预算执行情况") || unitIn(n) != "" {
				p.use(c.cell)
			}
			continue
		case k == "initial" && strings.Contains(n, "(A)"):
			t.initialA, t.initialAt, t.initialText = true, p.ref(c.cell), strings.TrimSpace(c.text)
		case b == "调整后预算数" || b == "年初预算" || b == "预算执行数":
			t.flags["sichuan"] = true
		case b == "预算数":
			t.flags["budget"] = true
		}
		p.use(c.cell)
		for col := c.c0; col <= c.c1; col++ {
			if _, ok := t.money[col]; !ok {
				t.money[col] = k
			}
		}
		if t.firstCol < 0 || c.c0 < t.firstCol {
			t.firstCol = c.c0
		}
	}
	return true
}

// rowCells maps the columns of a heading to the row's cells: each key
// gets the first cell under one of its columns, a merged cell once.
func (p *parser) rowCells(r int, cols map[int]string) (map[string]cell, []string) {
	out := map[string]cell{}
	var order []string
	seen := map[string]bool{}
	colsSorted := make([]int, 0, len(cols))
	for c := range cols {
		colsSorted = append(colsSorted, c)
	}
	sort.Ints(colsSorted)
	for _, col := range colsSorted {
		key := cols[col]
		c := p.g.at(r, col)
		if c.text == "" || seen[c.ref] {
			continue
		}
		if _, ok := out[key]; ok {
			continue
		}
		seen[c.ref] = true
		out[key] = c
		order = append(order, key)
	}
	return out, order
}

// spans reports whether a cell of row r stretches over the columns of
// three keys or more (the label's columns count as one): a note or a
// signature merged across the table (填报人：…), not a row of it. Two are
// a heading merged over an empty neighbour (一级指标 over 二级指标).
func (p *parser) spans(r int, cols map[int]string, ref string) bool {
	keys := map[string]bool{}
	for c := 0; c < len(p.g.rows[r]); c++ {
		if p.g.rows[r][c].ref != ref {
			continue
		}
		k, ok := cols[c]
		if !ok {
			k = "label"
		}
		keys[k] = true
	}
	return len(keys) > 2
}

// label is the row's label left of column first: the innermost text
// that is not a heading of the form (项目资金 merged down beside it).
func (p *parser) label(r, first int) (cell, bool) {
	var lab cell
	found := false
	for _, c := range p.g.logical(r) {
		if c.c0 >= first {
			break
		}
		if structure[bare(c.text)] || strings.HasPrefix(bare(c.text), "项目资金") || strings.HasPrefix(bare(c.text), "预算执行情况") {
			p.use(c.cell)
			continue
		}
		lab, found = c.cell, true
	}
	return lab, found
}

func (p *parser) moneyRow(r int, cells []lcell) {
	t := p.t
	lab, _ := p.label(r, t.firstCol)
	if lab.ref != "" && p.spans(r, t.money, lab.ref) {
		return // left for the list of cells not placed
	}
	b := bare(lab.text)
	if b == "总分" || strings.HasPrefix(b, "评价") || b == "绩效指标" {
		return
	}
	vals, order := p.rowCells(r, t.money)
	any := false
	for _, k := range order {
		if !blank(vals[k].text) {
			any = true
		}
	}
	if lab.ref != "" {
		p.use(lab)
	}
	if totalRow(lab.text) {
		if !any {
			return
		}
		for _, k := range order {
			c := vals[k]
			if blank(c.text) {
				p.use(c)
				continue
			}
			switch k {
			case "initial", "adjusted", "received", "executed", "income", "balance", "adjustment":
				p.amount(&t.p.Fields, t.set, k, c)
			case "execution_rate", "receipt_rate":
				p.rate(&t.p.Fields, t.set, k, c)
			case "weight":
				if p.points(&t.p.Fields, t.set, "execution_weight", c) {
					t.total["weight"] = c.text
				}
			case "score":
				if p.points(&t.p.Fields, t.set, "execution_score", c) {
					t.total["score"] = c.text
				}
			}
		}
		return
	}
	if !any {
		// A row of the form with no figure (上年结转资金 | — | —): not written.
		for _, k := range order {
			p.use(vals[k])
		}
		return
	}
	src := fundSource(lab.text)
	if b == "基本支出" || b == "项目支出" || b == "人员经费" || b == "公用经费" {
		t.flags["department"] = true
	}
	fields := []Field{{Key: "source", Lit: quote(src), At: p.ref(lab)}}
	set := map[string]string{}
	for _, k := range order {
		c := vals[k]
		if blank(c.text) {
			p.use(c)
			continue
		}
		switch k {
		case "initial", "adjusted", "executed":
			p.amount(&fields, set, k, c)
		case "execution_rate":
			p.rate(&fields, set, k, c)
		case "weight", "score":
			if v, ok := t.total[k]; ok && v == c.text {
				label := map[string]string{"weight": "分值", "score": "得分"}[k]
				fields = append(fields, Field{At: p.ref(c), Note: i18n.T("import.repeat", label, c.text)})
				p.use(c)
			} else {
				p.reject(c, i18n.T("import.fund_score"))
			}
		default:
			p.reject(c, i18n.T("import.no_key"))
		}
	}
	t.p.Funds = append(t.p.Funds, fields)
}

// indicatorHeader reads 一级指标 | 二级指标 | 三级指标 | 年度指标值 | …
func (p *parser) indicatorHeader(cells []lcell) bool {
	keys := map[string]bool{}
	for _, c := range cells {
		keys[indicatorColumn(c.text)] = true
	}
	if !keys["name"] && !(keys["target"] && keys["actual"]) {
		return false
	}
	t := p.t
	t.sec, t.ind = inIndicators, map[int]string{}
	for _, c := range cells {
		k := indicatorColumn(c.text)
		b := bare(c.text)
		switch {
		case k == "":
			if structure[b] || strings.Contains(b, "绩效指标") || strings.Contains(b, "绩效目标") {
				p.use(c.cell)
			}
			continue
		case b == "年初目标值":
			t.flags["execution20"] = true
		case b == "全年实际完成值":
			t.flags["transfer"] = true
		case k == "deviation" && strings.HasPrefix(b, "未完成原因分析"):
			t.flags["sichuan"] = true
		case k == "nature":
			t.flags["nature"] = true
		case b == "权重":
			t.flags["quanzhong"] = true
		}
		p.use(c.cell)
		for col := c.c0; col <= c.c1; col++ {
			if _, ok := t.ind[col]; !ok {
				t.ind[col] = k
			}
		}
	}
	return true
}

func (p *parser) indicatorRow(r int, cells []lcell) {
	t := p.t
	first := len(p.g.rows[r])
	for col := range t.ind {
		first = min(first, col)
	}
	p.label(r, first) // takes the block's heading (绩效指标) merged beside the row
	// 总分, 合计 and 等级 rows end the indicators; their label may stand
	// in the first column or inside the heading's columns.
	for _, c := range cells {
		b := bare(c.text)
		switch {
		case b == "总分" || b == "自评总分" || b == "总分合计":
			p.scoreRow(r, c, cells)
			return
		case b == "合计":
			p.sumRow(r, c, cells)
			return
		case b == "评级" || b == "等级" || b == "自评等级" || b == "评价等级" || b == "绩效评级":
			p.gradeCells(c, cells)
			return
		}
	}
	vals, order := p.rowCells(r, t.ind)
	for _, k := range order {
		if p.spans(r, t.ind, vals[k].ref) {
			return // left for the list of cells not placed
		}
	}
	name, ok := vals["name"]
	if !ok || blank(name.text) {
		if ok {
			p.use(name)
		}
		// A row of the template left empty (生态效益指标 | | |), or a
		// …… placeholder: not written. Figures without a name cannot be.
		filled := false
		for _, k := range order {
			if k != "level1" && k != "level2" && !blank(vals[k].text) {
				p.reject(vals[k], i18n.T("import.no_name"))
				filled = true
			}
		}
		for _, k := range order {
			if !filled || blank(vals[k].text) {
				p.use(vals[k])
			}
		}
		return
	}
	var fields []Field
	set := map[string]string{}
	for _, k := range []string{"level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "deviation"} {
		c, ok := vals[k]
		if !ok {
			continue
		}
		if blank(c.text) {
			p.use(c)
			continue
		}
		switch k {
		case "level1":
			lv := bare(c.text)
			if lv == "" {
				p.use(c) // "(50分)" alone: the level's name is not printed
				continue
			}
			t.level1 = append(t.level1, level1Cell{row: len(t.p.Indicators), idx: len(fields), c: c})
			p.add(&fields, set, k, quote(lv), c, i18n.Text{})
		case "target", "actual":
			lit, note := valueLit(c)
			p.add(&fields, set, k, lit, c, note)
		case "weight", "score":
			p.points(&fields, set, k, c)
		case "deviation":
			if instruction(c.text) {
				p.reject(c, i18n.T("import.instruction"))
				continue
			}
			p.add(&fields, set, k, quote(strings.TrimSpace(c.text)), c, i18n.Text{})
		case "level2":
			// 数量指标（20分）: the points of a heading are no part of its name.
			lv := strings.TrimSpace(c.text)
			if b := bare(lv); b != norm(lv) && b != "" {
				lv = b
			}
			p.add(&fields, set, k, quote(lv), c, i18n.Text{})
		default:
			p.add(&fields, set, k, quote(strings.TrimSpace(c.text)), c, i18n.Text{})
		}
	}
	t.p.Indicators = append(t.p.Indicators, fields)
}

// scoreRow reads 总分 | 100 | 96 | 优: the cell under 得分 is the score,
// the one under 分值 the weights' sum, a grade wherever it stands.
func (p *parser) scoreRow(r int, label lcell, cells []lcell) {
	t := p.t
	p.use(label.cell)
	var nums []lcell
	for _, c := range cells {
		if c.ref == label.ref || p.used[c.ref] {
			continue
		}
		switch {
		case grades[strings.TrimSpace(c.text)]:
			p.add(&t.p.Fields, t.set, "grade", quote(strings.TrimSpace(c.text)), c.cell, i18n.Text{})
		case blank(c.text):
			p.use(c.cell)
		default:
			nums = append(nums, c)
		}
	}
	var scoreCell *lcell
	for i, c := range nums {
		switch t.ind[c.c0] {
		case "score":
			scoreCell = &nums[i]
		case "weight":
			t.p.Fields = append(t.p.Fields, Field{At: p.ref(c.cell), Note: i18n.T("import.weight_sum", bare(label.text), c.text)})
			p.use(c.cell)
		}
	}
	if scoreCell == nil && len(nums) > 0 && !p.used[nums[len(nums)-1].ref] {
		scoreCell = &nums[len(nums)-1]
	}
	if scoreCell != nil {
		p.points(&t.p.Fields, t.set, "score", scoreCell.cell)
	}
}

// sumRow reads a 合计 of the indicators' weights: no key, a comment.
func (p *parser) sumRow(r int, label lcell, cells []lcell) {
	t := p.t
	p.use(label.cell)
	for _, c := range cells {
		if c.ref == label.ref || p.used[c.ref] || blank(c.text) {
			continue
		}
		if t.ind[c.c0] == "weight" || len(cells) == 2 {
			t.p.Fields = append(t.p.Fields, Field{At: p.ref(c.cell), Note: i18n.T("import.weight_sum", "合计", c.text)})
			p.use(c.cell)
		}
	}
}

func (p *parser) gradeCells(label lcell, cells []lcell) {
	t := p.t
	p.use(label.cell)
	for _, c := range cells {
		if c.ref == label.ref || p.used[c.ref] || blank(c.text) {
			continue
		}
		if grades[strings.TrimSpace(c.text)] {
			p.add(&t.p.Fields, t.set, "grade", quote(strings.TrimSpace(c.text)), c.cell, i18n.Text{})
		} else {
			p.reject(c.cell, i18n.T("import.bad_grade"))
		}
		return
	}
}

// amount records an amount, converted when the table's unit is known.
func (p *parser) amount(fields *[]Field, set map[string]string, key string, c cell) {
	if !p.add(fields, set, key, "", c, i18n.Text{}) {
		return
	}
	p.t.amounts = append(p.t.amounts, pendingAmount{fields: fields, idx: len(*fields) - 1, c: c})
}

// rate records a printed rate: text as printed ("98.61%", "20"), a
// number formatted as a percentage as its percent, a bare fraction up
// to 1 (0.9861) as its percent, with a note.
func (p *parser) rate(fields *[]Field, set map[string]string, key string, c cell) {
	s := strings.TrimSpace(plain(c.text))
	var note i18n.Text
	if c.num {
		switch r, _ := new(big.Rat).SetString(c.text); {
		case c.pct:
			s = padDecimals(percentOf(c.text), c.pctDec) + "%"
		case r != nil && r.Sign() >= 0 && r.Cmp(big.NewRat(1, 1)) <= 0 && c.text != "0":
			s = percentOf(c.text) + "%"
			note = i18n.T("import.fraction", c.text, s)
		}
	}
	if _, err := budget.ParsePercent(s); err != nil {
		p.reject(c, i18n.T("import.bad_rate"))
		return
	}
	p.add(fields, set, key, quote(s), c, note)
}

// points records a weight or score.
func (p *parser) points(fields *[]Field, set map[string]string, key string, c cell) bool {
	// 10分: the unit of points is no part of the figure.
	s := strings.TrimSuffix(strings.TrimSpace(plain(c.text)), "分")
	if c.num && c.pct {
		p.reject(c, i18n.T("import.bad_points"))
		return false
	}
	n, ok := cleanNumber(s)
	if !ok || !validPoints(n) {
		p.reject(c, i18n.T("import.bad_points"))
		return false
	}
	return p.add(fields, set, key, n, c, i18n.Text{})
}

func validPoints(n string) bool {
	if strings.HasPrefix(n, "-") {
		return false
	}
	if _, frac, ok := strings.Cut(n, "."); ok && len(frac) > 2 {
		return false
	}
	r, ok := new(big.Rat).SetString(n)
	return ok && r.Cmp(big.NewRat(100, 1)) <= 0
}

// valueLit is an indicator value: a number stays a number, a number
// shown as a percentage is the percentage as text, text is text.
func valueLit(c cell) (string, i18n.Text) {
	if c.num {
		if c.pct {
			return quote(padDecimals(percentOf(c.text), c.pctDec) + "%"), i18n.Text{}
		}
		return c.text, i18n.Text{}
	}
	return quote(strings.TrimSpace(c.text)), i18n.Text{}
}

// padDecimals writes a decimal with at least n decimals, as a cell
// formatted 0.00% shows 0 as 0.00%; it never drops digits.
func padDecimals(s string, n int) string {
	i, f, _ := strings.Cut(s, ".")
	if len(f) >= n {
		return s
	}
	f += strings.Repeat("0", n-len(f))
	return i + "." + f
}

// percentOf multiplies a plain decimal by 100, moving its point.
func percentOf(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	i, f, _ := strings.Cut(s, ".")
	f += "00"
	i, f = i+f[:2], f[2:]
	out := strings.TrimLeft(i, "0")
	if out == "" {
		out = "0"
	}
	if f = strings.TrimRight(f, "0"); f != "" {
		out += "." + f
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}

// plain folds full-width digits and signs, and drops thousands
// separators: "１，２３４．５" → "1234.5".
func plain(s string) string {
	return strings.NewReplacer(",", "", " ", "").Replace(norm(s))
}

// flush ends the table being read.
func (p *parser) flush() {
	if p.funds != nil {
		p.endFunds()
	}
	t := p.t
	p.t = nil
	if t == nil {
		return
	}
	pr := t.p
	if len(pr.Fields) == 0 && len(pr.Funds) == 0 && len(pr.Indicators) == 0 {
		return
	}
	// The form, from the headings seen.
	switch {
	case t.form != "":
		pr.Form = t.form
	case t.flags["transfer"]:
		pr.Form = "transfer"
	case t.flags["department"]:
		pr.Form = "department"
	case t.flags["sichuan"] || t.flags["nature"] && t.flags["quanzhong"]:
		pr.Form = "sichuan"
	case t.flags["execution20"] || t.headPts == "20" || t.flags["budget"] && t.set["initial"] == "":
		pr.Form = "execution20"
	default:
		pr.Form = "national"
	}
	form, _ := budget.LookupForm(pr.Form)
	// The unit: the table's, else the sheet's last unit line.
	unitName := t.unit
	if unitName == "" {
		unitName = p.unit
	}
	if unitName == "" {
		unitName = p.d.Unit.Name
		p.d.Notices = append(p.d.Notices, i18n.T("import.no_unit", t.at, p.d.Unit.Name))
	}
	u, _ := budget.LookupUnit(unitName)
	for _, a := range t.amounts {
		f := &(*a.fields)[a.idx]
		v, err := budget.ParseAmount(plain(a.c.text), u)
		switch {
		case err != nil:
			f.Key = ""
			p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.ref(a.c), Text: a.c.text, Why: i18n.T("import.bad_amount", amountReason(err, u))})
		case v < 0 && f.Key != "adjustment": // 调减 is the only figure below 0
			f.Key = ""
			p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.ref(a.c), Text: a.c.text, Why: i18n.T("import.negative")})
		default:
			f.Lit = v.Decimal(p.d.Unit)
			if u != p.d.Unit {
				f.Note = i18n.T("import.converted", a.c.text, u.Name)
			}
		}
	}
	// The fund rows were appended before their amounts were read: drop
	// the keys that did not read.
	funds := pr.Funds[:0]
	for _, row := range pr.Funds {
		row = dropEmpty(row)
		figures := 0
		for _, f := range row[1:] {
			if f.Key != "" {
				figures++
			}
		}
		if figures == 0 {
			// Its figures did not read: the row's name alone is no row.
			name, _ := strconv.Unquote(row[0].Lit)
			p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: row[0].At, Text: name, Why: i18n.T("import.no_figure")})
			continue
		}
		funds = append(funds, row)
	}
	pr.Funds = funds
	pr.Fields = dropEmpty(pr.Fields)
	for _, l := range t.level1 {
		row := pr.Indicators[l.row]
		lv, _ := strconv.Unquote(row[l.idx].Lit)
		if !form.HasLevel(lv) {
			p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.ref(l.c), Text: l.c.text, Why: i18n.T("import.bad_level1", pr.Form)})
			row[l.idx].Key = ""
			pr.Indicators[l.row] = dropEmpty(row)
		}
	}
	if t.set["execution_weight"] == "" && t.headPts != "" && form.Scored && validPoints(t.headPts) {
		pr.Fields = append(pr.Fields, Field{Key: "execution_weight", Lit: t.headPts, At: t.headPtsAt, Note: i18n.T("import.heading", t.headText)})
	}
	if t.initialA {
		pr.Fields = append(pr.Fields, Field{Key: "execution_base", Lit: quote("initial"), At: t.initialAt, Note: i18n.T("import.heading", t.initialText)})
	}
	p.d.Projects = append(p.d.Projects, pr)
	switch {
	case p.title == "":
	case p.d.Title.Lit == "":
		p.d.Title = Field{Key: "title", Lit: quote(p.title), At: p.titleAt}
	case p.d.Title.Lit != quote(p.title) && p.titleAt != p.d.Title.At && !p.titleListed:
		// A later sheet's own title: the year file has one.
		p.titleListed = true
		p.d.Unplaced = append(p.d.Unplaced, Unplaced{At: p.titleAt, Text: p.title, Why: i18n.T("import.other_title", p.d.Title.At)})
	}
}

// amountReason says why a cell is no amount in u, in the clerk's
// language: budget's error is in English and repeats the cell's text,
// which the list of cells shows already.
func amountReason(err error, u budget.Unit) i18n.Text {
	switch {
	case errors.Is(err, budget.ErrTooFine):
		return i18n.T("import.amount_too_fine", u.Name, u.Decimals())
	case errors.Is(err, budget.ErrTooLarge):
		return i18n.T("import.amount_too_large")
	}
	return i18n.T("import.amount_not_decimal")
}

// dropEmpty removes fields whose key was taken back, keeping comments.
func dropEmpty(fields []Field) []Field {
	out := fields[:0]
	for _, f := range fields {
		if f.Key != "" || !f.Note.IsZero() {
			if f.Key == "" && f.Lit != "" {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}
