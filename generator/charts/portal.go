package charts

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Bureau builds the charts of a bureau's page: how its spending, its
// execution and its metrics moved across years. A trend needs two years:
// a bureau with one report gets none.
func Bureau(b *budget.Bureau, u budget.Unit) ([]*Chart, error) { return BureauWith(b, u, nil) }

// BureauWith is Bureau with the metrics' growth as given (nil: worked
// out here).
func BureauWith(b *budget.Bureau, u budget.Unit, growth Growth) ([]*Chart, error) {
	if growth == nil {
		growth = growthOf
	}
	prefix := "fig-" + b.Slug + "-"
	var out []*Chart
	for _, f := range []func() (*Chart, error){
		func() (*Chart, error) { return bureauSources(b, u) },
		func() (*Chart, error) { return bureauExecution(b) },
	} {
		c, err := f()
		if err != nil {
			return nil, fmt.Errorf("%s: chart %s: %w", b.File, c.Name, err)
		}
		if c.drawn() {
			c.ID = prefix + c.Name
			out = append(out, c)
		}
	}
	ms, err := bureauMetrics(b, growth)
	if err != nil {
		return nil, fmt.Errorf("%s: metric charts: %w", b.File, err)
	}
	for _, c := range ms {
		c.ID = prefix + c.Name
		out = append(out, c)
	}
	return out, nil
}

func year(y int) string { return strconv.Itoa(y) + "年" }

func bureauSources(b *budget.Bureau, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "sources", Caption: "历年项目支出按资金来源", Unit: u.Name}
	var reps []*budget.Report
	var names []string
	seen := map[string]bool{}
	for _, r := range b.Reports {
		if r.Funds == nil || len(r.Funds.Sources) == 0 {
			continue
		}
		reps = append(reps, r)
		for _, s := range r.Funds.Sources {
			if !seen[s.Name] {
				seen[s.Name] = true
				names = append(names, s.Name)
			}
		}
	}
	if len(reps) < 2 {
		return c, nil
	}
	bs := &bars{Unit: u.Name}
	c.Table.Head = []Cell{text("年度")}
	colors := sourceColors(names)
	for i, n := range names {
		bs.Series = append(bs.Series, series{Name: n, Stack: "sources", Color: colors[i]})
		c.Table.Head = append(c.Table.Head, num(n+"（"+u.Name+"）", ""))
	}
	c.Table.Head = append(c.Table.Head, num("合计（"+u.Name+"）", ""))
	var said []string
	for _, r := range reps {
		bs.Categories = append(bs.Categories, year(r.Year))
		row := []Cell{text(year(r.Year))}
		for i, n := range names {
			var sum budget.Sum
			for _, s := range r.Funds.Sources {
				if s.Name == n {
					sum.Add(s.Amount)
				}
			}
			if sum.Complete() {
				amt := sum.Amount
				bs.Series[i].Values = append(bs.Series[i].Values, money(amt, u))
				bs.Series[i].Texts = append(bs.Series[i].Texts, amt.FormatUnit(u))
				row = append(row, amountCell(amt, u))
			} else {
				bs.Series[i].Values = append(bs.Series[i].Values, noValue)
				bs.Series[i].Texts = append(bs.Series[i].Texts, "—")
				row = append(row, num("—", ""))
			}
		}
		if total, ok := fundsTotal(r.Funds); ok {
			row = append(row, amountCell(total, u))
			said = append(said, year(r.Year)+" "+total.FormatUnit(u))
		} else {
			row = append(row, num(absentText, ""))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	c.Size = "chart-md"
	var err error
	err = c.drawBars(bs, fmt.Sprintf("堆叠柱状图：%s，%d 个年度，%d 个来源。各年合计：%s。", c.Caption, len(reps), len(names), joinList(said)))
	return c, err
}

func bureauExecution(b *budget.Bureau) (*Chart, error) {
	c := &Chart{Name: "execution-trend", Caption: "历年评价项目预算执行率", Unit: "%"}
	bs := &bars{Line: true, Unit: "%", Labels: true, Ref: ninety, Series: []series{{Name: "执行率"}}}
	c.Table.Head = []Cell{text("年度"), num("执行率", ""), num("到位率", "")}
	var said []string
	for _, r := range b.Reports {
		s := r.Stated()
		if len(r.Projects) == 0 || !hasRate(s) {
			continue
		}
		ev, et, _, rt := statedRates(s)
		bs.Categories = append(bs.Categories, year(r.Year))
		bs.Series[0].Values = append(bs.Series[0].Values, ev)
		bs.Series[0].Texts = append(bs.Series[0].Texts, et)
		c.Table.Rows = append(c.Table.Rows, []Cell{text(year(r.Year)), num(et, ""), num(rt, "")})
		said = append(said, year(r.Year)+" "+et)
	}
	if len(bs.Categories) < 2 {
		return c, nil
	}
	c.Size = "chart-sm"
	var err error
	err = c.drawBars(bs, fmt.Sprintf("折线图：%s，虚线为 90%%。%s。", c.Caption, joinList(said)))
	return c, err
}

// bureauMetrics draws each metric that has a number, in one unit, in at
// least two years.
func bureauMetrics(b *budget.Bureau, growth Growth) ([]*Chart, error) {
	type at struct {
		r *budget.Report
		k int // in r.Metrics
	}
	var order []string
	byID := map[string][]*budget.Metric{}
	years := map[*budget.Metric]at{}
	for _, r := range b.Reports {
		for k, m := range r.Metrics {
			if m.Value.Num == nil || m.Value.Op != budget.OpNone {
				continue
			}
			if _, ok := byID[m.ID]; !ok {
				order = append(order, m.ID)
			}
			byID[m.ID] = append(byID[m.ID], m)
			years[m] = at{r, k}
		}
	}
	var out []*Chart
	for _, id := range order {
		ms := byID[id]
		if len(ms) < 2 {
			continue
		}
		unit := ms[0].Unit + ms[0].Value.Suffix
		same := true
		for _, m := range ms {
			same = same && m.Unit+m.Value.Suffix == unit
		}
		if !same {
			continue
		}
		last := ms[len(ms)-1]
		c := &Chart{Name: "metric-" + id, Caption: last.Name + " 历年变化", Unit: unit}
		bs := &bars{Line: true, Unit: unit, Labels: true, Series: []series{{Name: last.Name}}}
		c.Table.Head = []Cell{text("年度"), num(last.Name+"（"+unit+"）", ""), num("同比", "")}
		var said []string
		for _, m := range ms {
			a := years[m]
			r := a.r
			v := m.Value.Num
			shown, dec := valueText(m.Value, m.Unit), budget.TrimRat(v, 6)
			bs.Categories = append(bs.Categories, year(r.Year))
			bs.Series[0].Values = append(bs.Series[0].Values, json.Number(dec))
			bs.Series[0].Texts = append(bs.Series[0].Texts, shown)
			yoy, _, ok := growth(r, a.k)
			if !ok {
				yoy = "—"
			}
			c.Table.Rows = append(c.Table.Rows, []Cell{text(year(r.Year)), num(shown, dec), num(yoy, "")})
			said = append(said, year(r.Year)+" "+shown)
		}
		c.Size = "chart-sm"
		var err error
		err = c.drawBars(bs, fmt.Sprintf("折线图：%s。%s。", c.Caption, joinList(said)))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Overview builds the charts comparing bureaus, for the home page and a
// year's page: spending by bureau and fund sources over spending (one
// year's reports), execution rate by bureau over execution (each bureau's
// report to compare). prefix makes the ids ("fig-home-", "fig-2023-");
// label names the period in captions ("2023年").
func Overview(prefix, label string, spending, execution []*budget.Report, u budget.Unit) ([]*Chart, error) {
	var out []*Chart
	for _, f := range []func() (*Chart, error){
		func() (*Chart, error) { return bureauSpending(label, spending, u) },
		func() (*Chart, error) { return bureauRates(label, execution) },
		func() (*Chart, error) { return overallSources(label, spending, u) },
	} {
		c, err := f()
		if err != nil {
			return nil, fmt.Errorf("chart %s%s: %w", prefix, c.Name, err)
		}
		if c.drawn() {
			c.ID = prefix + c.Name
			out = append(out, c)
		}
	}
	return out, nil
}

func bureauSpending(label string, reps []*budget.Report, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "bureau-spending", Caption: label + "各部门项目支出", Unit: u.Name}
	bs := &bars{Horizontal: true, Unit: u.Name, Labels: true, Series: []series{{Name: "项目支出"}}}
	c.Table.Head = []Cell{text("部门"), num("项目支出（"+u.Name+"）", "")}
	var sum budget.Amount
	var said []string
	for _, r := range reps {
		if r.Funds == nil {
			continue
		}
		t, ok := fundsTotal(r.Funds)
		if !ok {
			continue
		}
		sum += t
		bs.Categories = append(bs.Categories, r.Bureau.DisplayName())
		bs.Series[0].Values = append(bs.Series[0].Values, money(t, u))
		bs.Series[0].Texts = append(bs.Series[0].Texts, t.Format(u))
		bs.Series[0].Tips = append(bs.Series[0].Tips, t.FormatUnit(u))
		c.Table.Rows = append(c.Table.Rows, []Cell{text(r.Bureau.DisplayName()), amountCell(t, u)})
		said = append(said, r.Bureau.DisplayName()+" "+t.FormatUnit(u))
	}
	if len(bs.Categories) < 2 { // one bar compares nothing: the page's table says it
		return c, nil
	}
	c.Table.Foot = []Cell{text("合计"), amountCell(sum, u)}
	c.Size = sizeFor(len(bs.Categories))
	var err error
	err = c.drawBars(bs, fmt.Sprintf("条形图：%s，%d 个部门，合计 %s。%s。", c.Caption, len(bs.Categories), sum.FormatUnit(u), joinList(said)))
	return c, err
}

func bureauRates(label string, reps []*budget.Report) (*Chart, error) {
	c := &Chart{Name: "bureau-execution", Caption: label + "各部门评价项目预算执行率（由低到高）", Unit: "%"}
	type row struct {
		r *budget.Report
		t budget.Stated
	}
	var rows []row
	for _, r := range reps {
		if s := r.Stated(); r.ProjectCount() > 0 && hasRate(s) {
			rows = append(rows, row{r, s})
		}
	}
	if len(rows) < 2 { // one bar compares nothing: the page's table says it
		return c, nil
	}
	// Lowest first: those need attention. Undefined rates last.
	sort.SliceStable(rows, func(i, j int) bool {
		if c := budget.CompareExecution(rows[i].t, rows[j].t); c != 0 {
			return c < 0
		}
		return rows[i].r.Bureau.Slug < rows[j].r.Bureau.Slug
	})
	bs := &bars{Horizontal: true, Unit: "%", Labels: true, Ref: ninety, Series: []series{{Name: "执行率"}}}
	c.Table.Head = []Cell{text("部门"), text("年度"), num("执行率", "")}
	var said []string
	for _, rw := range rows {
		name := rw.r.Bureau.DisplayName()
		ev, et, _, _ := statedRates(rw.t)
		bs.Categories = append(bs.Categories, name)
		bs.Series[0].Values = append(bs.Series[0].Values, ev)
		bs.Series[0].Texts = append(bs.Series[0].Texts, et)
		c.Table.Rows = append(c.Table.Rows, []Cell{text(name), text(year(rw.r.Year)), num(et, "")})
		said = append(said, name+" "+et)
	}
	c.Size = sizeFor(len(rows))
	var err error
	err = c.drawBars(bs, fmt.Sprintf("条形图：%s，虚线为 90%%。%s。", c.Caption, joinList(said)))
	return c, err
}

func overallSources(label string, reps []*budget.Report, u budget.Unit) (*Chart, error) {
	c := &Chart{Name: "sources", Caption: label + "项目支出按资金来源合计", Unit: u.Name}
	totals, total, _ := budget.SourceTotals(reps)
	if len(totals) < 2 { // a ring of one slice says only 100%
		return c, nil
	}
	c.Table.Head = []Cell{text("资金来源"), num("金额（"+u.Name+"）", ""), num("占比（算）", "")}
	var slices []slice
	var said []string
	for _, st := range totals {
		share := st.Share.Percent()
		slices = append(slices, slice{Name: st.Name, Amount: st.Amount})
		c.Table.Rows = append(c.Table.Rows, []Cell{text(st.Name), amountCell(st.Amount, u), num(share, "")})
		said = append(said, st.Name+" "+st.Amount.FormatUnit(u)+"，占"+share)
	}
	c.Table.Foot = []Cell{text("合计"), amountCell(total, u), num("100.00%", "")}
	c.Size = "chart-md"
	var err error
	err = c.drawPie(slices, total, u, fmt.Sprintf("饼图：%s，合计 %s。%s。", c.Caption, total.FormatUnit(u), joinList(said)))
	return c, err
}
