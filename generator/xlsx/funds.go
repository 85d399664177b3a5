package xlsx

import (
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// The fund table (资金结构): 资金来源 | 明细 | 金额 | 对应评价项目, a
// source's line with its amount, the lines under it with theirs, and
// 项目支出合计. It is the layout of the workbook a report page offers.
var fundLabels = map[string]string{
	"资金来源": "source", "明细": "item", "金额": "amount", "对应评价项目": "project", "评价项目": "project",
}

type fundTable struct {
	cols map[int]string
	unit budget.Unit
}

func (p *parser) isFundHeader(cells []lcell) bool {
	has := map[string]bool{}
	for _, c := range cells {
		has[fundLabels[bare(c.text)]] = true
	}
	return has["source"] && has["amount"]
}

func (p *parser) fundHeader(cells []lcell) {
	ft := &fundTable{cols: map[int]string{}}
	unit := p.unit
	for _, c := range cells {
		k := fundLabels[bare(c.text)]
		if k == "" {
			continue
		}
		if u := unitIn(c.text); u != "" {
			unit = u
		}
		p.use(c.cell)
		for col := c.c0; col <= c.c1; col++ {
			ft.cols[col] = k
		}
	}
	if unit == "" {
		unit = p.d.Unit.Name
		p.d.Notices = append(p.d.Notices, i18n.T("import.no_unit", p.ref(cells[0].cell), unit))
	}
	ft.unit, _ = budget.LookupUnit(unit)
	p.funds = ft
}

// fundRow reads a row of the fund table; false when the row is not one.
func (p *parser) fundRow(r int, cells []lcell) bool {
	ft := p.funds
	vals, _ := p.rowCells(r, ft.cols)
	if len(vals) == 0 {
		p.endFunds()
		return false
	}
	src, item := vals["source"], vals["item"]
	amount, hasAmount := vals["amount"]
	var lit string
	if hasAmount && !blank(amount.text) {
		v, err := budget.ParseAmount(plain(amount.text), ft.unit)
		switch {
		case err != nil:
			p.reject(amount, i18n.T("import.bad_amount", amountReason(err, ft.unit)))
			hasAmount = false
		case v < 0:
			p.reject(amount, i18n.T("import.negative"))
			hasAmount = false
		default:
			lit = v.Decimal(p.d.Unit)
		}
	} else if hasAmount {
		p.use(amount)
		hasAmount = false
	}
	amountField := func() []Field {
		if !hasAmount {
			return nil
		}
		p.use(amount)
		f := Field{Key: "amount", Lit: lit, At: p.ref(amount)}
		if ft.unit != p.d.Unit {
			f.Note = i18n.T("import.converted", amount.text, ft.unit.Name)
		}
		return []Field{f}
	}
	switch b := bare(src.text); {
	case b == "项目支出合计" || b == "合计":
		p.use(src)
		if f := amountField(); f != nil {
			if p.d.FundsTotal != nil {
				p.reject(amount, i18n.T("import.duplicate", p.d.FundsTotal.At))
			} else {
				f[0].Key = "total"
				p.d.FundsTotal = &f[0]
			}
		}
	case !blank(src.text) && blank(item.text):
		p.use(src)
		if item.ref != "" {
			p.use(item)
		}
		fields := append([]Field{{Key: "name", Lit: quote(strings.TrimSpace(src.text)), At: p.ref(src)}}, amountField()...)
		p.d.Sources = append(p.d.Sources, Source{Fields: fields})
	case !blank(item.text):
		if len(p.d.Sources) == 0 {
			p.reject(item, i18n.T("import.no_key"))
			return true
		}
		p.use(item)
		if src.ref != "" {
			p.use(src)
		}
		fields := append([]Field{{Key: "name", Lit: quote(strings.TrimSpace(item.text)), At: p.ref(item)}}, amountField()...)
		if pc, ok := vals["project"]; ok && !blank(pc.text) {
			p.use(pc)
			fields = append(fields, Field{Key: "project", Lit: strings.TrimSpace(pc.text), At: p.ref(pc)})
		}
		last := &p.d.Sources[len(p.d.Sources)-1]
		last.Items = append(last.Items, fields)
	default:
		p.endFunds()
		return false
	}
	return true
}

func (p *parser) endFunds() { p.funds = nil }

// linkFunds gives the projects their ids and turns the project names of
// fund items into those ids.
func (d *Draft) linkFunds() {
	ids := map[string]string{}
	for i, pr := range d.Projects {
		pr.ID = "project-" + strconv.Itoa(i+1)
		if _, dup := ids[pr.name]; !dup && pr.name != "" {
			ids[pr.name] = pr.ID
		}
	}
	for si := range d.Sources {
		for ii, item := range d.Sources[si].Items {
			for fi, f := range item {
				if f.Key != "project" {
					continue
				}
				if id, ok := ids[f.Lit]; ok {
					item[fi].Lit = quote(id)
					continue
				}
				d.Unplaced = append(d.Unplaced, Unplaced{At: f.At, Text: f.Lit, Why: i18n.T("import.no_project", f.Lit)})
				d.Sources[si].Items[ii] = append(item[:fi:fi], item[fi+1:]...)
				break
			}
		}
	}
}
