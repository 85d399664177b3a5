package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
)

// viaTemplate is what html/template prints for s as element content.
func viaTemplate(t testing.TB, s string) string {
	return viaTemplateBetween(t, "<td>", "</td>", s)
}

func viaWriter(s string) string {
	var w rowWriter
	w.text(s)
	return w.String()
}

// Rows written in Go must read exactly as if the template had printed
// them: same escapes, so nothing a template would neutralise gets through.
func TestRowTextEscapesLikeHTMLTemplate(t *testing.T) {
	for _, s := range []string{"", "执行率 98%", "<script>alert(1)</script>", `a"b'c&d`, "1+1", "x\x00y", "≥98%", "</td><td>"} {
		if got, want := viaWriter(s), viaTemplate(t, s); got != want {
			t.Errorf("text(%q) = %q, html/template gives %q", s, got, want)
		}
	}
}

func FuzzRowText(f *testing.F) {
	for _, s := range []string{"<b>", "a+b&c", "'\"", "\x00", "中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := viaWriter(s), viaTemplate(t, s); got != want {
			t.Errorf("text(%q) = %q, html/template gives %q", s, got, want)
		}
	})
}

func TestIndicatorRows(t *testing.T) {
	rows := []*IndicatorView{
		{Level1: "产出指标", Level2: "数量指标", Name: "检查<户数>", TargetText: "≥600户", ActualText: "640户",
			Met: budget.MetYes, MetLabel: "达成", Weight: Figure{Text: "10"}, Score: Figure{Text: "9", Note: "按标准评分规则计算 10", Warn: true}, Completion: "106.67%"},
		{Level1: "效益指标", Level2: "社会效益", Name: "投诉处理时长", TargetText: "≤30天", ActualText: "35天",
			Met: budget.MetNo, MetLabel: "未达成", DirectionLabel: "越低越好", Weight: Figure{Text: "10"}, Score: Figure{Text: "8"}, Deviation: "人手不足"},
		{Group: "年度绩效目标2", Name: "未填", Weight: Figure{}, Score: Figure{Text: "2", Derived: true, Rule: "按标准评分规则"}},
	}
	got := string(indicatorRows(rows, "权重"))
	for _, want := range []string{
		`<tr class="met-1"><td data-label="一级指标">产出指标</td><td data-label="二级指标">数量指标</td><th scope="row">检查&lt;户数&gt;</th><td data-label="年度指标值">≥600户</td><td data-label="实际完成值">640户 <span class="completion">（106.67%，算）</span></td>`,
		`<td class="num" data-label="得分">9 <span class="check-note check-warn">按标准评分规则计算 10</span></td>`,
		// A group heading row, an absent weight and a computed score.
		`<tr class="group"><th scope="rowgroup" colspan="9">年度绩效目标2</th></tr>`,
		`<td class="num" data-label="权重"><span class="absent">未公开</span></td>`,
		`<td class="num" data-label="得分">2 <abbr class="derived" tabindex="0" title="按公开数字计算：按标准评分规则">算</abbr></td>`,
		`<tr class="met-2">`,
		`<span class="met">未达成</span> <span class="direction">越低越好</span>`,
		`<td class="num" data-label="得分">8</td><td class="note" data-label="偏差原因分析及改进措施">人手不足</td></tr>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rows lack %s\nin %s", want, got)
		}
	}
	if strings.Count(got, "<tr") != 4 || strings.Count(got, "check-note") != 1 {
		t.Errorf("want four rows and one check note, got %s", got)
	}
}

func TestChartTableRows(t *testing.T) {
	tab := charts.Table{
		Head: []charts.Cell{charts.TextCell("来源"), charts.NumCell("金额", "")},
		Rows: [][]charts.Cell{{charts.TextCell("中央<资金>"), charts.NumCell("1,898.13", "")}, {charts.TextCell("省级"), charts.NumCell("12.00", "")}},
		Foot: []charts.Cell{charts.TextCell("合计"), charts.NumCell("1,910.13", "")},
	}
	if got, want := string(tableHead(tab)), `<th scope="col">来源</th><th scope="col" class="num">金额</th>`; got != want {
		t.Errorf("head = %s, want %s", got, want)
	}
	if got, want := string(tableRows(tab)), `<tr><th scope="row">中央&lt;资金&gt;</th><td class="num" data-label="金额">1,898.13</td></tr><tr><th scope="row">省级</th><td class="num" data-label="金额">12.00</td></tr>`; got != want {
		t.Errorf("rows = %s, want %s", got, want)
	}
	if got, want := string(tableFoot(tab)), `<th scope="row">合计</th><td class="num" data-label="金额">1,910.13</td>`; got != want {
		t.Errorf("foot = %s, want %s", got, want)
	}
}

// text's look-up table lets through exactly the bytes its replacements
// leave alone: every byte alone and among others, against html/template.
func TestTextTable(t *testing.T) {
	esc := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	for c := 0; c < 256; c++ {
		for _, s := range []string{string([]byte{byte(c)}), "中" + string([]byte{byte(c)}) + "a"} {
			if c >= 0x80 {
				continue // not UTF-8 alone: html/template's handling is its own
			}
			var want strings.Builder
			if err := esc.Execute(&want, s); err != nil {
				t.Fatal(err)
			}
			var w rowWriter
			w.WriteString(`<p title="`)
			w.text(s)
			w.WriteString(`">`)
			w.text(s)
			w.WriteString(`</p>`)
			if w.String() != want.String() {
				t.Errorf("text(%q): %q, html/template %q", s, w.String(), want.String())
			}
		}
	}
}
