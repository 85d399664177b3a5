package xlsx

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/xuri/excelize/v2"
)

// Import never panics on bytes that are no workbook or a damaged one.
func FuzzReadBytes(f *testing.F) {
	t := &testing.T{}
	b := newBook(t).sheet("项目1", [][]any{{"项目名称", "防震减灾"}, {"项目资金", "", "全年预算数", "全年执行数"}, {"", "年度资金总额", N("55"), N("55")}}, "A2:A3")
	f.Add(b.bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fuzzer has no time limit per input: a hang would only
		// stall it. Ten seconds is far beyond any workbook's read.
		var d *Draft
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			d, err = Read(bytes.NewReader(data), "x.xlsx", budget.DefaultUnit)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			buf := make([]byte, 1<<20)
			panic("import hangs:\n" + string(buf[:runtime.Stack(buf, true)]))
		}
		if err == nil {
			checkTOML(t, d)
		}
	})
}

// vocabulary are the cells the grid fuzzer draws from: the forms'
// labels, figures as numbers and as text, blanks and placeholders.
var vocabulary = []any{
	"", "项目名称", "部门（单位）名称", "转移支付（项目）名称", "主管部门", "中央主管部门", "实施单位", "资金使用单位",
	"单位：元", "单位：万元", "项目资金（万元）", "预算执行情况(万元)(20分)", "年初预算数", "全年预算数（A）", "预算数",
	"调整后预算数", "全年执行数（B）", "预算调整数", "实际到位资金", "分值", "权重", "执行率（B/A）", "得分", "到位率", "结余", "收入",
	"年度资金总额", "其中：当年财政拨款", "基本支出", "年度总体目标", "预期目标", "实际完成情况", "年度目标",
	"绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "偏差原因分析及改进措施",
	"产出指标", "产出指标(50分)", "数量指标", "≥95%", "≧", "200余人", "总分", "合计", "优", "评级", "—", "……",
	"表式：项目支出绩效自评表（预算执行20分）", "51000021R000000019951-工资性支出", "资金来源", "明细", "金额", "对应评价项目", "项目支出合计",
	"对照年度目标,说明完成情况(100字以内)", "数据截至日期", "2023-12-10", "1,234.50", "98.61%", "-5", "1e3", "abc\n\"def\\",
	N("55"), N("387664.62"), N("0"), N("0.123456789"), N("-3"), N("100"), N("1E-3"), P("0.9861"), P("1"), N("12345678901234567890"),
}

// Import never panics on any grid of the forms' cells, merged anyhow,
// and what it writes is always TOML.
func FuzzReadGrid(f *testing.F) {
	f.Add([]byte{1, 7, 2, 0, 10, 11, 16, 20, 0, 26, 40, 41})
	f.Add([]byte{3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 201, 202})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		cols := int(data[0]%12) + 1
		x := excelize.NewFile()
		defer x.Close()
		pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10})
		sheet := "Sheet1"
		cells := data[2:]
		for i, v := range cells {
			if v >= 240 && i+1 < len(cells) {
				// A merge from this cell over v-239 rows and the next byte's columns.
				c0, r0 := i%cols+1, i/cols+1
				a, _ := excelize.CoordinatesToCellName(c0, r0)
				z, _ := excelize.CoordinatesToCellName(c0+int(cells[i+1]%4), r0+int(v-239))
				x.MergeCell(sheet, a, z)
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(i%cols+1, i/cols+1)
			switch c := vocabulary[int(v)%len(vocabulary)].(type) {
			case string:
				if c != "" {
					x.SetCellStr(sheet, ref, c)
				}
			case N:
				x.SetCellDefault(sheet, ref, string(c))
			case P:
				x.SetCellDefault(sheet, ref, string(c))
				x.SetCellStyle(sheet, ref, ref, pct)
			}
		}
		if data[1]%3 == 0 {
			x.NewSheet("第二张")
			x.SetCellStr("第二张", "A1", "项目名称")
		}
		buf, err := x.WriteToBuffer()
		if err != nil {
			t.Skip(err)
		}
		unit := budget.Units[int(data[1])%len(budget.Units)]
		d, err := Read(bytes.NewReader(buf.Bytes()), "x.xlsx", unit)
		if err != nil {
			t.Fatalf("a workbook excelize wrote does not read: %v", err)
		}
		checkTOML(t, d)
	})
}

// checkTOML fails where the year file import would write is no TOML.
func checkTOML(t *testing.T, d *Draft) {
	t.Helper()
	out := d.TOML(2023, i18n.Zh)
	var v map[string]any
	if _, err := toml.Decode(string(out), &v); err != nil {
		t.Fatalf("import wrote no TOML: %v\n%s", err, out)
	}
	got, _ := v["projects"].([]map[string]any)
	if len(got) != len(d.Projects) {
		t.Fatalf("%d projects written, %d read", len(got), len(d.Projects))
	}
}
