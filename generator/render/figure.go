package render

import (
	"fmt"
	"html/template"
	"math/big"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Figure is one number as a page shows it: as the report printed it, or
// computed from figures the report printed (marked 算, with its rule), or
// absent (未公开). Note is what the checks found about it, in the words
// the page's check section uses too. The two flags come last, side by
// side: 88 bytes, not 96 with each padded after a string (a report's
// views hold a dozen figures a project until its page is written).
type Figure struct {
	Text    string // formatted; "" when absent
	Rule    string // how it was computed, for the 算 mark
	Note    string // a check's finding about this figure
	Class   string // extra CSS class (rate-low …)
	Cover   string // what an aggregate covers: "3 份报告中 2 份公开"
	Derived bool   // computed from published figures
	Warn    bool   // Note is a difference, not rounding
}

// Absent reports whether there is no number to show.
func (f Figure) Absent() bool { return f.Text == "" }

// absentText is how a page shows a figure the report did not print; the
// legend of every page that uses it explains it.
const absentText = "未公开"

// publishedAmount shows an amount as printed, or absence.
func publishedAmount(a *budget.Amount, u budget.Unit) Figure {
	if a == nil {
		return Figure{}
	}
	return Figure{Text: a.Format(u)}
}

// derivedAmount shows an amount computed by rule where ok.
func derivedAmount(a budget.Amount, ok bool, u budget.Unit, rule string) Figure {
	if !ok {
		return Figure{}
	}
	return Figure{Text: a.Format(u), Derived: true, Rule: rule}
}

// amountFigure shows a printed amount, else the computed one, and the
// check of one against the other.
func amountFigure(published *budget.Amount, computed budget.Amount, ok bool, u budget.Unit, rule string) Figure {
	if published == nil {
		return derivedAmount(computed, ok, u, rule)
	}
	f := publishedAmount(published, u)
	if ok && computed != *published {
		f.Note, f.Warn = fmt.Sprintf("按%s计算为 %s", rule, computed.Format(u)), true
	}
	return f
}

// rateFigure shows a printed rate, else the computed one, and the check
// of one against the other (budget.CompareRate, as package validate).
func rateFigure(published *budget.Percent, computed budget.Ratio, ok bool, rule string) Figure {
	if published == nil {
		if !ok {
			return Figure{}
		}
		return Figure{Text: computed.Percent(), Derived: true, Rule: rule, Class: rateClass(computed)}
	}
	f := Figure{Text: published.String(), Class: percentClass(published)}
	if ok {
		switch budget.CompareRate(*published, computed) {
		case budget.Rounding:
			f.Note = "按金额计算 " + budget.RatioPercent(computed, published.Decimals) + "（尾数差异）"
		case budget.Differs:
			f.Note, f.Warn = "按金额计算 "+budget.RatioPercent(computed, published.Decimals), true
		}
	}
	return f
}

// pointsFigure shows a printed score or weight, or absence.
func pointsFigure(p *budget.Points) Figure {
	if p == nil {
		return Figure{}
	}
	return Figure{Text: p.String()}
}

var ninety, hundred = big.NewRat(90, 1), big.NewRat(100, 1)

// percentClass is rateClass for a printed rate.
func percentClass(p *budget.Percent) string {
	switch {
	case p.Value.Cmp(ninety) < 0:
		return "rate-low"
	case p.Value.Cmp(hundred) < 0:
		return "rate-ok"
	}
	return "rate-full"
}

// sumFigure shows a total over reports: the sum of the figures printed,
// with what it covers where some were not ("3 份报告中 2 份公开").
func sumFigure(s budget.Sum, u budget.Unit) Figure {
	if s.Count == 0 {
		return Figure{}
	}
	f := Figure{Text: s.Amount.Format(u)}
	if s.Count < s.Of {
		f.Cover = fmt.Sprintf("%d 份报告中 %d 份公开", s.Of, s.Count)
	}
	return f
}

// fig writes a figure as HTML: the number, its 算 mark, its check note;
// or the absence mark.
func fig(f Figure) template.HTML {
	var w rowWriter
	w.figure(f)
	return w.html()
}

func (w *rowWriter) figure(f Figure) {
	if f.Absent() {
		w.WriteString(`<span class="absent">` + absentText + `</span>`)
		return
	}
	if f.Class != "" {
		w.WriteString(`<span class="`)
		w.text(f.Class)
		w.WriteString(`">`)
	}
	w.text(f.Text)
	if f.Class != "" {
		w.WriteString(`</span>`)
	}
	if f.Derived {
		w.WriteString(` <abbr class="derived" tabindex="0" title="按公开数字计算：`)
		w.text(f.Rule)
		w.WriteString(`">算</abbr>`)
	}
	if f.Cover != "" {
		w.WriteString(` <small class="cover">（`)
		w.text(f.Cover)
		w.WriteString(`）</small>`)
	}
	if f.Note != "" {
		if f.Warn {
			w.WriteString(` <span class="check-note check-warn">`)
		} else {
			w.WriteString(` <span class="check-note">`)
		}
		w.text(f.Note)
		w.WriteString(`</span>`)
	}
}
