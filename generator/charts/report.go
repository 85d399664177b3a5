package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/internal/freelist"
)

// Report builds the charts of a report's page, in page order. A chart
// without data is left out. The scoring rules are the site's.
func Report(r *budget.Report) ([]*Chart, error) { return ReportWith(r, nil) }

// Growth gives a report's k-th metric's growth on the year before as
// pages show it (signed, two decimals, "+12.50%"), whether it was
// computed from last year's value rather than published, and false when
// there is none. A report's metric views have it worked out already:
// given it, the charts do not work it out again in big.Rat (nil: they do).
type Growth func(r *budget.Report, k int) (shown string, computed, ok bool)

// growthOf is Growth worked out from the model.
func growthOf(r *budget.Report, k int) (string, bool, bool) {
	m := r.Metrics[k]
	g, computed := m.YoY, false
	if g == nil {
		if x, ok := m.ComputedYoY(r.PreviousMetric(m.ID)); ok {
			g, computed = x, true
		}
	}
	if g == nil {
		return "", false, false
	}
	return signed(g), computed, true
}

// ReportWith is Report with the metrics' growth as given (nil: worked
// out here).
func ReportWith(r *budget.Report, growth Growth) ([]*Chart, error) {
	if growth == nil {
		growth = growthOf
	}
	prefix := "fig-" + r.Bureau.Slug + "-" + strconv.Itoa(r.Year) + "-"
	u := r.Unit
	out := make([]*Chart, 0, 5+2*len(r.Projects))
	add := func(c *Chart, err error) error {
		if err != nil {
			return fmt.Errorf("%s: chart %s: %w", r.File, c.Name, err)
		}
		if c.drawn() {
			c.ID = prefix + c.Name
			out = append(out, c)
		}
		return nil
	}
	for _, c := range [...]func() (*Chart, error){
		func() (*Chart, error) { return metricsYoY(r, growth) },
		func() (*Chart, error) { return fundSources(r, u) },
		func() (*Chart, error) { return fundStructure(r, u) },
		func() (*Chart, error) { return execution(r, u) },
		func() (*Chart, error) { return executionRate(r) },
	} {
		if err := add(c()); err != nil {
			return nil, err
		}
	}
	// Two charts a project, without a closure each.
	for _, p := range r.Projects {
		if err := add(indicators(p)); err != nil {
			return nil, err
		}
		if err := add(levelScores(p)); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, nil // as before the slice was made at its size
	}
	return out, nil
}

// fundsTotal is what the funds table calls 合计: funds.total, else the
// sum of the sources.
func fundsTotal(f *budget.Funds) (budget.Amount, bool) {
	t, _, ok := f.Stated()
	return t, ok
}

func fundSources(r *budget.Report, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "funds-sources", Caption: strconv.Itoa(r.Year) + "年项目支出按资金来源", Unit: u.Name}
	if r.Funds == nil || len(r.Funds.Sources) < 2 || !r.Funds.SourcesSum().Complete() { // one slice says only 100%
		return c, nil // a pie of some sources would misstate the shares
	}
	total, ok := fundsTotal(r.Funds)
	if !ok || total == 0 {
		return c, nil
	}
	c.Table.Head = []Cell{text("资金来源"), num("金额（"+u.Name+"）", ""), num("占比（算）", "")}
	var slices []slice
	var said []string
	for _, s := range r.Funds.Sources {
		r, _ := s.Share(total)
		share := r.Percent()
		a := *s.Amount
		slices = append(slices, slice{Name: s.Name, Amount: a})
		cell := amountCell(a, u)
		shown := cell.Text()
		c.Table.Rows = append(c.Table.Rows, []Cell{text(s.Name), cell, num(share, "")})
		said = append(said, s.Name+" "+shown+" "+u.Name+"，占"+share) // shown and unit: a.FormatUnit(u)
	}
	c.Table.Foot = []Cell{text("合计"), amountCell(total, u), num("100.00%", "")}
	c.Size = "chart-md"
	var err error
	err = c.drawPie(slices, total, u, fmt.Sprintf("饼图：%s，合计 %s，共 %d 个来源。%s。", c.Caption, total.FormatUnit(u), len(slices), joinList(said)))
	return c, err
}

func fundStructure(r *budget.Report, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "funds-structure", Caption: strconv.Itoa(r.Year) + "年项目支出来源与明细", Unit: u.Name}
	if r.Funds == nil {
		return c, nil
	}
	items := 0
	for _, s := range r.Funds.Sources {
		items += len(s.Items)
		if s.Amount == nil || !s.ItemsSum().Complete() && len(s.Items) > 0 {
			return c, nil // the areas of a treemap need every amount
		}
	}
	if items == 0 { // the sources chart says it all
		return c, nil
	}
	total, ok := fundsTotal(r.Funds)
	if !ok || total == 0 {
		return c, nil
	}
	c.Table.Head = []Cell{text("资金来源"), text("明细"), num("金额（"+u.Name+"）", ""), num("占项目支出（算）", "")}
	var nodes []node
	var said []string
	for _, s := range r.Funds.Sources {
		sa := *s.Amount
		sr, _ := s.Share(total)
		// Each figure formatted once (FormatUnit is Format, a space and
		// the unit's name).
		var cell Cell // the source's row, when it has no items
		shown, share := "", sr.Percent()
		if len(s.Items) == 0 {
			cell = amountCell(sa, u)
			shown = cell.Text()
		} else {
			shown = sa.Format(u)
		}
		withUnit := shown + " " + u.Name
		n := node{Name: s.Name, Amount: sa, Label: s.Name + " " + withUnit,
			Tooltip: s.Name + "：" + withUnit + "（占项目支出 " + share + "）"}
		if len(s.Items) == 0 {
			c.Table.Rows = append(c.Table.Rows, []Cell{text(s.Name), text("—"), cell, num(share, "")})
		}
		largest := (*budget.FundItem)(nil)
		for _, it := range s.Items {
			ia := *it.Amount
			share := budget.Ratio{Num: int64(ia), Den: int64(total)}.Percent()
			cell := amountCell(ia, u)
			shown := cell.Text()
			withUnit := shown + " " + u.Name
			n.Children = append(n.Children, node{Name: it.Name, Amount: ia, Label: it.Name + "\n" + withUnit,
				Tooltip: s.Name + " · " + it.Name + "：" + withUnit + "（占项目支出 " + share + "）"})
			c.Table.Rows = append(c.Table.Rows, []Cell{text(s.Name), text(it.Name), cell, num(share, "")})
			if largest == nil || ia > *largest.Amount {
				largest = it
			}
		}
		d := s.Name + " " + withUnit
		if largest != nil {
			d += fmt.Sprintf("，含 %d 项明细，最大为%s %s", len(s.Items), largest.Name, largest.Amount.FormatUnit(u))
		}
		said = append(said, d)
		nodes = append(nodes, n)
	}
	c.Table.Foot = []Cell{text("合计"), text(""), amountCell(total, u), num("100.00%", "")}
	c.Size = "chart-lg"
	var err error
	err = c.drawTreemap(nodes, u, fmt.Sprintf("矩形树图：%s，合计 %s。%s。", c.Caption, total.FormatUnit(u), joinList(said)))
	return c, err
}

func execution(r *budget.Report, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "execution", Caption: "评价项目预算：年初预算 → 全年预算 → 执行数", Unit: u.Name}
	drawn := 0
	for _, p := range r.Projects {
		if p.Initial != nil || p.Adjusted != nil || p.Executed != nil {
			drawn++
		}
	}
	if drawn == 0 {
		return c, nil
	}
	// Every slice at its size: a row a project.
	n := len(r.Projects)
	b := &bars{Horizontal: true, Unit: u.Name, Labels: true, Categories: make([]string, 0, n)}
	for _, name := range [...]string{"年初预算", "全年预算", "执行数"} {
		b.Series = append(b.Series, series{Name: name, Values: make([]json.Number, 0, n), Texts: make([]string, 0, n), Tips: make([]string, 0, n)})
	}
	c.Table.Rows = make([][]Cell, 0, n)
	c.Table.Head = []Cell{text("项目"), num("年初预算（"+u.Name+"）", ""), num("全年预算（"+u.Name+"）", ""), num("执行数（"+u.Name+"）", ""), num("执行率", "")}
	said := make([]string, 0, n)
	for _, p := range r.Projects {
		b.Categories = append(b.Categories, p.Name)
		row := append(make([]Cell, 0, 5), text(p.Name))
		var texts [3]string
		// 全年预算 as the project's own table shows it: printed, or else
		// 年初预算 + 预算调整数 (marked), the base of its 执行率.
		adjusted, derived := p.AdjustedFigure()
		for i, a := range []*budget.Amount{p.Initial, adjusted, p.Executed} {
			v, t, cell := amountValue(a, u)
			tip := absentText
			if a != nil {
				tip = t + " " + u.Name // a.FormatUnit(u), t being a.Format(u)
			}
			if i == 1 && derived {
				t += "（算）"
				tip += "（算）"
				cell = num(t, cell.csv()+"（算）") // the CSV's amount marked too
			}
			b.Series[i].Values = append(b.Series[i].Values, v)
			b.Series[i].Texts = append(b.Series[i].Texts, t)
			b.Series[i].Tips = append(b.Series[i].Tips, tip)
			row = append(row, cell)
			texts[i] = t
		}
		_, rate, _, _ := projectRates(p)
		c.Table.Rows = append(c.Table.Rows, append(row, num(rate, "")))
		said = append(said, fmt.Sprintf("%s：年初 %s，全年 %s，执行 %s（%s）", p.Name, texts[0], texts[1], texts[2], rate))
	}
	s := r.Stated()
	foot := []Cell{text("合计")}
	var ft []string
	for i, a := range []*budget.Amount{s.Initial, s.Adjusted, s.Executed} {
		_, t, cell := amountValue(a, u)
		if a != nil && ![]bool{s.InitialPublished, s.AdjustedPublished, s.ExecutedPublished}[i] {
			t += "（算）"                      // a sum over the projects, not a printed total
			cell = num(t, cell.csv()+"（算）") // the CSV's amount marked too
		}
		foot = append(foot, cell)
		ft = append(ft, t)
	}
	_, rate, _, _ := statedRates(s)
	c.Table.Foot = append(foot, num(rate, ""))
	c.Size = sizeFor(len(r.Projects) * 3 / 2)
	var err error
	err = c.drawBars(b, fmt.Sprintf("条形图：%s，单位%s，%d 个项目。%s。合计全年预算 %s，执行 %s，执行率 %s。",
		c.Caption, u.Name, len(r.Projects), joinList(said), ft[1], ft[2], rate))
	return c, err
}

// ninety is the line execution rates are judged against.
var ninety = &ref{Value: "90", Label: "90%"}

func executionRate(r *budget.Report) (*Chart, error) {
	c := &Chart{Name: "execution-rate", Caption: "评价项目执行率与到位率", Unit: "%"}
	s := r.Stated()
	if len(r.Projects) == 0 || !hasRate(s) {
		return c, nil
	}
	n := len(r.Projects) + 1 // and 合计
	b := &bars{Horizontal: true, Unit: "%", Labels: true, Ref: ninety, Categories: make([]string, 0, n), Series: []series{{Name: "执行率"}, {Name: "到位率"}}}
	for i := range b.Series {
		b.Series[i].Values, b.Series[i].Texts = make([]json.Number, 0, n), make([]string, 0, n)
	}
	c.Table.Head = []Cell{text("项目"), num("执行率", ""), num("到位率", "")}
	c.Table.Rows = make([][]Cell, 0, n)
	var below []string
	addRow := func(name string, ev json.Number, et string, rv json.Number, rt string, low bool) {
		b.Categories = append(b.Categories, name)
		b.Series[0].Values = append(b.Series[0].Values, ev)
		b.Series[0].Texts = append(b.Series[0].Texts, et)
		b.Series[1].Values = append(b.Series[1].Values, rv)
		b.Series[1].Texts = append(b.Series[1].Texts, rt)
		c.Table.Rows = append(c.Table.Rows, []Cell{text(name), num(et, ""), num(rt, "")})
		if low {
			below = append(below, name+" "+et)
		}
	}
	for _, p := range r.Projects {
		ev, et, rv, rt := projectRates(p)
		rr, ok := p.ComputedExecutionRate()
		addRow(p.Name, ev, et, rv, rt, rateBelow(p.ExecutionRate, rr, ok, 90))
	}
	ev, et, rv, rt := statedRates(s)
	rr, ok := s.ComputedExecutionRate()
	addRow("合计", ev, et, rv, rt, rateBelow(s.ExecutionRate, rr, ok, 90))
	c.Size = sizeFor(len(b.Categories))
	d := fmt.Sprintf("条形图：%s，虚线为 90%%。合计执行率 %s，到位率 %s。", c.Caption, et, rt)
	if len(below) > 0 {
		d += "低于 90% 的：" + joinList(below) + "。"
	}
	var err error
	err = c.drawBars(b, d)
	return c, err
}

// freeTexts holds buffers the charts' descriptions and bar texts are
// written in, a few per core: each is copied out at its length
// (bytes.Buffer's String). A builder grown to an estimate kept the
// estimate's size, ~40 % more than the synthetic reports' texts.
var freeTexts = freelist.New[*bytes.Buffer](4)

func getText() *bytes.Buffer {
	if b, ok := freeTexts.Take(); ok {
		return b
	}
	return new(bytes.Buffer)
}

// putText keeps buffers for the next chart, but not a rare huge one.
func putText(bufs ...*bytes.Buffer) {
	for _, b := range bufs {
		if b.Cap() <= 64<<10 {
			b.Reset()
			freeTexts.Give(b)
		}
	}
}

// completionCap is where the completion axis ends: an over-achievement
// such as 434.5% is drawn to the end and printed with its true value.
const completionCap = 200

// completionMax is completionCap as a value of the chart.
var completionMax = json.Number(strconv.Itoa(completionCap))

// indicatorsHead and scoresHead head the tables of every project's two
// charts: made once, read by every page (capped, so that no append
// writes into them).
var (
	indicatorsHead = slices.Clip([]Cell{text("三级指标"), text("方向"), text("年度指标值"), text("实际完成值"), num("实际 ÷ 指标", ""), text("完成")})
	scoresHead     = slices.Clip([]Cell{text("一级指标"), num("分值", ""), num("得分", "")})
)

// indicatorsOnStack is how many indicator rows a chart reads without a
// heap block (a report's projects have about a dozen).
const indicatorsOnStack = 32

func indicators(p *budget.Project) (*Chart, error) {
	c := &Chart{Name: "indicators-" + p.ID, Caption: p.Name + "：绩效指标完成情况（实际值 ÷ 指标值；定性指标为得分 ÷ 分值）", Unit: "%"}
	type row struct {
		in    *budget.Indicator
		c     budget.Ratio
		shown string // c.Percent()
	}
	// rows and ends (below) are read only here: on the stack for a
	// project of up to indicatorsOnStack rows, not one block each a chart.
	var rowsBuf [indicatorsOnStack]row
	rows := rowsBuf[:0]
	c.Table.Head = indicatorsHead
	// The rows' cells in one block, each row capped to its own.
	cells := make([]Cell, 0, len(c.Table.Head)*len(p.Indicators))
	c.Table.Rows = make([][]Cell, 0, len(p.Indicators))
	for _, in := range p.Indicators {
		comp := "—"
		if ratio, ok := rowShare(in); ok {
			shown := ratio.Percent()
			rows = append(rows, row{in, ratio, shown})
			if in.Direction != budget.Qualitative { // rowShare is the completion
				comp = shown
			}
		}
		met := in.Outcome() // as the report gives it: 部分达成 stays 部分达成
		if met == "" {
			met = budget.MetUnknown.Label()
		}
		k := len(cells)
		cells = append(cells, text(in.Name), text(in.Direction.Label()), text(valueText(in.Target, in.Unit)), text(valueText(in.Actual, in.Unit)), num(comp, ""), text(met))
		c.Table.Rows = append(c.Table.Rows, cells[k:len(cells):len(cells)])
	}
	if len(rows) < 2 { // one bar compares nothing: the indicator table says it
		return c, nil
	}
	// One series per direction, so that the legend and the decals tell a
	// reverse indicator (lower is better) from a positive one. They share
	// a stack, so each row's one bar sits centred on its row.
	dirs := [...]budget.Direction{budget.Positive, budget.Reverse, budget.Equal, budget.Qualitative}
	dirNames := [...]string{"正向指标（越高越好）", "反向指标（越低越好）", "等于目标", "定性指标（得分 ÷ 分值）"}
	b := &bars{Horizontal: true, Unit: "%", Labels: true, Max: completionMax, Ref: &ref{Value: "100", Label: "100%"}}
	var index [len(dirs)]int
	var has [len(dirs)]bool
	for _, rw := range rows {
		for k, d := range dirs {
			if rw.in.Direction == d {
				has[k] = true
			}
		}
	}
	nser := 0
	for k := range dirs {
		if has[k] {
			index[k] = nser
			nser++
		}
	}
	// A value in one series per row: the others stay empty. The series'
	// values and texts are one block each, cut a series at a time.
	n := len(rows)
	values, cut := make([]json.Number, nser*n), make([]string, nser*n)
	b.Series = make([]series, 0, nser)
	for k := range dirs {
		if has[k] {
			i := len(b.Series)
			b.Series = append(b.Series, series{Name: dirNames[k], Stack: "completion",
				Values: values[i*n : (i+1)*n : (i+1)*n], Texts: cut[i*n : (i+1)*n : (i+1)*n]})
		}
	}
	seriesOf := func(d budget.Direction) int {
		for k := range dirs {
			if dirs[k] == d {
				return index[k]
			}
		}
		return 0
	}
	// The bars' texts are written into one block, cut into strings once;
	// the description is written as it goes, each row's sentence ("；"
	// apart, as joinList) straight after its head: a chart of every
	// project, with a dozen rows each.
	texts, desc := getText(), getText()
	defer putText(texts, desc)
	desc.WriteString("条形图：")
	desc.WriteString(c.Caption)
	desc.WriteString("，")
	desc.WriteString(strconv.Itoa(n))
	desc.WriteString(" 项指标，虚线为 100%，刻度止于 ")
	desc.WriteString(strconv.Itoa(completionCap))
	desc.WriteString("%。")
	var endsBuf [indicatorsOnStack]int
	ends := endsBuf[:0]
	var over []string
	b.Categories = make([]string, 0, n)
	for j, rw := range rows {
		b.Categories = append(b.Categories, rw.in.Name)
		i := seriesOf(rw.in.Direction)
		texts.WriteString(rw.shown)
		if !above(rw.c, completionCap) {
			b.Series[i].Values[j] = percentValue(rw.shown)
		} else {
			b.Series[i].Values[j] = completionMax
			texts.WriteString(" ▶")
			over = append(over, rw.in.Name+" "+rw.shown)
		}
		if j > 0 {
			desc.WriteString("；")
		}
		desc.WriteString(rw.in.Name)
		if rw.in.Direction == budget.Qualitative {
			texts.WriteString("（得分 ")
			texts.WriteString(rw.in.Score.String())
			texts.WriteString(" / ")
			texts.WriteString(rw.in.Weight.String())
			texts.WriteString("）")
			desc.WriteString("（定性）得分率 ")
		} else {
			texts.WriteString("（")
			texts.WriteString(rw.in.Met().Label())
			texts.WriteString("）")
			desc.WriteString("（")
			desc.WriteString(rw.in.Direction.Label())
			desc.WriteString("）")
		}
		desc.WriteString(rw.shown)
		ends = append(ends, texts.Len())
	}
	desc.WriteString("。")
	all, from := texts.String(), 0
	for j, rw := range rows {
		b.Series[seriesOf(rw.in.Direction)].Texts[j] = all[from:ends[j]]
		from = ends[j]
	}
	c.Size = sizeFor(n)
	if len(over) > 0 {
		desc.WriteString("超出刻度的：")
		for k, o := range over {
			if k > 0 {
				desc.WriteString("；")
			}
			desc.WriteString(o)
		}
		desc.WriteString("。")
	}
	if q := len(p.Indicators) - n; q > 0 {
		desc.WriteString("另有 ")
		desc.WriteString(strconv.Itoa(q))
		desc.WriteString(" 项指标无数值可比，见数据表。")
	}
	d := desc.String()
	var err error
	err = c.drawBars(b, d)
	return c, err
}

// rowShare is what an indicator's bar shows: actual ÷ target for a
// measured row; for a qualitative row, which has no number to divide,
// the published 得分 ÷ 分值, so that it is drawn apart, from fields that
// were published, and never from a guessed number.
func rowShare(in *budget.Indicator) (budget.Ratio, bool) {
	if in.Direction != budget.Qualitative {
		return in.Completion()
	}
	if in.Score == nil || in.Weight == nil || *in.Weight == 0 {
		return budget.Ratio{}, false
	}
	return budget.Ratio{Num: int64(*in.Score), Den: int64(*in.Weight)}, true
}

func levelScores(p *budget.Project) (*Chart, error) {
	c := &Chart{Name: "scores-" + p.ID, Caption: p.Name + "：一级指标得分与分值", Unit: "分"}
	levels := p.LevelScores()
	scored := false
	for _, l := range levels {
		scored = scored || l.HasScore
	}
	if !scored {
		return c, nil
	}
	b := &bars{Horizontal: true, Unit: "分", Labels: true, Series: []series{{Name: "分值"}, {Name: "得分"}}}
	c.Table.Head = scoresHead
	// Every slice at its size (the series' in one block), the rows' cells
	// in one block and the description written as the rows are read: a
	// chart of every project.
	n := len(levels)
	b.Categories = make([]string, 0, n)
	values, texts := make([]json.Number, 2*n), make([]string, 2*n)
	for i := range b.Series {
		b.Series[i].Values, b.Series[i].Texts = values[i*n:i*n:(i+1)*n], texts[i*n:i*n:(i+1)*n]
	}
	cells := make([]Cell, 0, 3*n)
	c.Table.Rows = make([][]Cell, 0, n)
	desc := getText()
	defer putText(desc)
	desc.WriteString("条形图：")
	desc.WriteString(c.Caption)
	desc.WriteString("（按公布的得分）。")
	for j, l := range levels {
		b.Categories = append(b.Categories, l.Level)
		weight := l.Weight.String()
		b.Series[0].Values = append(b.Series[0].Values, hundredths(l.Weight))
		b.Series[0].Texts = append(b.Series[0].Texts, weight)
		score, scoreText := noValue, "—"
		if l.HasScore {
			score, scoreText = hundredths(l.Score), l.Score.String()
		}
		b.Series[1].Values = append(b.Series[1].Values, score)
		b.Series[1].Texts = append(b.Series[1].Texts, scoreText)
		k := len(cells)
		cells = append(cells, text(l.Level), num(weight, ""), num(scoreText, ""))
		c.Table.Rows = append(c.Table.Rows, cells[k:len(cells):len(cells)])
		if j > 0 {
			desc.WriteString("；") // as joinList
		}
		desc.WriteString(l.Level)
		desc.WriteString(" 得分 ")
		desc.WriteString(scoreText)
		desc.WriteString("（分值 ")
		desc.WriteString(weight)
		desc.WriteString("）")
	}
	desc.WriteString("。")
	if p.Score != nil {
		c.Table.Foot = []Cell{text("总分"), text(""), num(p.Score.String(), "")}
	}
	c.Size = sizeFor(len(levels) + 1)
	var err error
	err = c.drawBars(b, desc.String())
	return c, err
}

func metricsYoY(r *budget.Report, growth Growth) (*Chart, error) {
	c := &Chart{Name: "metrics-yoy", Caption: "主要绩效指标同比增长", Unit: "%"}
	b := &bars{Horizontal: true, Unit: "%", Labels: true, Series: []series{{Name: "同比增长"}}}
	c.Table.Head = []Cell{text("指标"), num(strconv.Itoa(r.Year)+"年", ""), num("同比", ""), text("来源")}
	var said []string
	for k, m := range r.Metrics {
		t, computed, ok := growth(r, k)
		if !ok {
			continue
		}
		dec := unsigned(t)
		src := "报告公布"
		if computed {
			src = "由上年数值计算"
		}
		b.Categories = append(b.Categories, m.Name)
		b.Series[0].Values = append(b.Series[0].Values, json.Number(dec))
		b.Series[0].Texts = append(b.Series[0].Texts, t)
		c.Table.Rows = append(c.Table.Rows, []Cell{text(m.Name), num(valueText(m.Value, m.Unit), ""), num(t, dec), text(src)})
		said = append(said, m.Name+" "+t)
	}
	if len(b.Categories) < 2 { // one bar compares nothing: the metric's card says it
		return c, nil
	}
	c.Size = sizeFor(len(b.Categories))
	var err error
	err = c.drawBars(b, fmt.Sprintf("条形图：%s，%d 项。%s。", c.Caption, len(b.Categories), joinList(said)))
	return c, err
}

// signed renders a growth in percent with its sign: "+12.99%".
func signed(x *big.Rat) string { return signedDecimal(budget.FormatRat(x, 2), x.Sign()) }

// unsigned is the decimal of a growth shown by signed ("+12.99%" →
// "12.99", "-3.00%" → "-3.00"): budget.FormatRat(x, 2).
func unsigned(shown string) string {
	return strings.TrimSuffix(strings.TrimPrefix(shown, "+"), "%")
}

// signedDecimal is signed of a growth already written with two decimals.
func signedDecimal(dec string, sign int) string {
	if sign > 0 {
		return "+" + dec + "%"
	}
	return dec + "%"
}

// above reports whether r is above p percent, in int64 arithmetic where
// it cannot overflow (Ratio.Above makes two big.Rat per call).
func above(r budget.Ratio, p int64) bool {
	const limit = 1 << 52
	if r.Num <= -limit || r.Num >= limit || r.Den <= -limit || r.Den >= limit || p < 0 || p > 1000 {
		return r.Above(p)
	}
	if !r.Defined() {
		return false
	}
	if r.Den < 0 {
		return r.Num*100 < p*r.Den
	}
	return r.Num*100 > p*r.Den
}

// valueText shows a value as printed, with the unit after a bare number.
func valueText(v budget.Value, unit string) string {
	switch {
	case v.IsZero():
		return "—"
	case v.Num != nil && v.Op == budget.OpNone && v.Suffix == "" && !strings.ContainsAny(v.Raw, "余约多"):
		return groupDecimal(v.Raw) + unit
	}
	return v.Raw
}

// groupDecimal adds thousands separators to a plain decimal as written
// (3775 → 3,775; 59.63 stays); anything else is returned as it is.
func groupDecimal(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" {
		return sign + s
	}
	if dot {
		frac = "." + frac
	}
	return sign + budget.Group(intPart) + frac
}
