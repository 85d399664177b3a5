package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/xuri/excelize/v2"
)

// writeYear is a report with a national-form project and a fund
// table, small enough that its cells can be listed.
const writeYear = `title = "2023年度项目支出绩效自评表"
year = 2023
unit = "万元"
published = 2024-04-30

[funds]
total = 1234.5

[[funds.sources]]
name = "本级财政"
amount = 1234.5

[[funds.sources.items]]
name = "办公楼维修"
amount = 1234.5
project = "office"

[[projects]]
id = "office"
name = "办公楼维修"
department = "某县机关事务中心"
implementer = "某县机关事务中心"
initial = 1000
adjusted = 1234.5
executed = 1200.125
execution_weight = 10
execution_rate = "97.21%"
execution_score = 9.72
goal = "完成办公楼屋面防水"
outcome = "已完成"
score = 95.5
grade = "优"

[[projects.indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "维修面积"
target = 1200
unit = "平方米"
actual = "1200余"
weight = 20
score = 20
`

func writeReport(t *testing.T) *budget.Report {
	t.Helper()
	s, diags := load.Site(fstest.MapFS{
		"content/site.toml":     {Data: []byte("title = \"t\"\n")},
		"content/b/bureau.toml": {Data: []byte("name = \"某县机关事务中心\"\n")},
		"content/b/2023.toml":   {Data: []byte(writeYear)},
	})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	return s.Bureaus[0].Reports[0]
}

// The workbook written by hand opens in excelize, the library the
// importer reads with, with every sheet, the cells where the layout
// puts them, numbers as numbers in their formats, the merged ranges
// and the column widths.
func TestWriteReadable(t *testing.T) {
	data, err := Write(writeReport(t))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"自评表1", "资金结构", "计算核对"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	type want struct {
		ref, value string
		number     bool
		format     string // the number format of an amount
	}
	sheets := []struct {
		name   string
		cells  []want
		merges []string
		widths map[string]float64
	}{
		{"自评表1", []want{
			{"A1", "2023年度项目支出绩效自评表", false, ""},
			{"A2", "表式：项目支出绩效自评表（财预〔2020〕10号附件1）", false, ""},
			{"A3", "单位：万元", false, ""},
			{"A4", "项目名称", false, ""},
			{"B4", "办公楼维修", false, ""},
			{"A5", "主管部门", false, ""},
			{"D5", "某县机关事务中心", false, ""},
			{"A6", "项目资金（万元）", false, ""},
			{"C6", "年初预算数", false, ""},
			{"D6", "全年预算数（A）", false, ""},
			{"E6", "全年执行数（B）", false, ""},
			{"B7", "年度资金总额", false, ""},
			{"C7", "1000.00", true, "#,##0.00"},
			{"D7", "1234.50", true, "#,##0.00"},
			{"E7", "1200.125", true, "#,##0.000"},
			{"F7", "10", true, ""},
			{"G7", "97.21%", false, ""},
			{"H7", "9.72", true, ""},
			{"A8", "年度总体目标", false, ""},
			{"B9", "完成办公楼屋面防水", false, ""},
			{"F9", "已完成", false, ""},
			{"A10", "绩效指标", false, ""},
			{"D11", "维修面积", false, ""},
			{"E11", "1200", true, ""},
			{"F11", "平方米", false, ""},
			{"G11", "1200余", false, ""},
			{"A12", "总分", false, ""},
			{"I12", "95.5", true, ""},
			{"J12", "优", false, ""},
		}, []string{"A1:K1", "A6:A7", "A8:A9", "B8:E8", "F8:K8", "B9:E9", "F9:K9", "A10:A11"},
			map[string]float64{"A": 16, "B": 14, "L": 14}},
		{"资金结构", []want{
			{"A1", "资金结构", false, ""},
			{"A3", "资金来源", false, ""},
			{"A4", "本级财政", false, ""},
			{"C4", "1234.50", true, "#,##0.00"},
			{"B5", "办公楼维修", false, ""},
			{"D5", "办公楼维修", false, ""},
			{"A6", "项目支出合计", false, ""},
			{"C6", "1234.50", true, "#,##0.00"},
		}, nil, map[string]float64{"A": 24, "D": 24}},
		{"计算核对", []want{
			{"A1", computedTitle, false, ""},
			{"A4", "办公楼维修", false, ""},
			{"B4", "执行率", false, ""},
			{"C4", "97.22%", false, ""}, // 1200.125 ÷ 1234.5
			{"D4", "97.21%", false, ""}, // as printed
			{"B5", "预算调整", false, ""},
			{"C5", "234.50", true, "#,##0.00"},
		}, nil, map[string]float64{"A": 28, "B": 18, "F": 40}},
	}
	for _, sh := range sheets {
		for _, c := range sh.cells {
			v, err := f.GetCellValue(sh.name, c.ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			typ, _ := f.GetCellType(sh.name, c.ref)
			// excelize reports a number without a type attribute as unset.
			number := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
			if v != c.value || number != c.number {
				t.Errorf("%s!%s = %q (number %v), want %q (number %v)", sh.name, c.ref, v, number, c.value, c.number)
			}
			if c.format == "" {
				continue
			}
			st, _ := f.GetCellStyle(sh.name, c.ref)
			style, err := f.GetStyle(st)
			if err != nil || style.CustomNumFmt == nil || *style.CustomNumFmt != c.format || len(style.Border) != 4 {
				t.Errorf("%s!%s: style %+v, want format %s and a border", sh.name, c.ref, style, c.format)
			}
		}
		merges, err := f.GetMergeCells(sh.name)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range merges {
			got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		if !slices.Equal(got, sh.merges) {
			t.Errorf("%s merges %q, want %q", sh.name, got, sh.merges)
		}
		for col, w := range sh.widths {
			if got, _ := f.GetColWidth(sh.name, col); got != w {
				t.Errorf("%s column %s is %v wide, want %v", sh.name, col, got, w)
			}
		}
	}
	// A blank cell of a bordered row keeps the border; the headings
	// are bold.
	for _, c := range []struct {
		ref  string
		bold bool
	}{{"B6", true}, {"A7", false}} {
		st, _ := f.GetCellStyle("自评表1", c.ref)
		style, err := f.GetStyle(st)
		if err != nil || len(style.Border) != 4 || (style.Font != nil && style.Font.Bold) != c.bold {
			t.Errorf("自评表1!%s: style %+v, want a border, bold %v", c.ref, style, c.bold)
		}
	}
}

// Text reaches the cell as written: XML's special characters, quotes,
// line breaks (a carriage return too), text that looks like Excel's
// _xHHHH_ escapes, characters outside the BMP. What XML 1.0 cannot
// carry (control characters) is dropped, bytes that are not UTF-8 read
// as U+FFFD, and text longer than a cell holds is cut at 32,767 UTF-16
// units, where Excel would refuse the file.
func TestWriteText(t *testing.T) {
	long := strings.Repeat("字", maxCellChars-1) + "𠀀" // a pair at the limit: cut whole
	cases := []struct{ in, want string }{
		{`<b>A&B</b> "引号" 'x'`, `<b>A&B</b> "引号" 'x'`},
		{"第一行\n第二行\r\n第三行\t完", "第一行\n第二行\r\n第三行\t完"},
		{"_x0041_ 与 _x005F_ 与 _x0041_x0042_ 与 _x12", "_x0041_ 与 _x005F_ 与 _x0041_x0042_ 与 _x12"},
		{"控制\x01字符\x1f\x0b与\uFFFE", "控制字符与"},
		{"坏\xffUTF-8", "坏\uFFFDUTF-8"},
		{"𠀀𝄞 emoji 😀", "𠀀𝄞 emoji 😀"},
		{long + "尾", strings.Repeat("字", maxCellChars-1)},
	}
	r := writeReport(t)
	p := r.Projects[0]
	base := p.Indicators[0]
	p.Indicators = nil
	for i, c := range cases {
		in := *base
		in.Name = "指标" + string(rune('A'+i))
		in.Deviation = c.in
		p.Indicators = append(p.Indicators, &in)
	}
	data, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("自评表1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found, dev := 0, -1
	for _, row := range rows {
		if i := slices.Index(row, "偏差原因分析及改进措施"); i >= 0 {
			dev = i
		}
		if dev < 0 || len(row) <= dev || !strings.HasPrefix(row[3], "指标") || len(row[3]) != len("指标")+1 {
			continue
		}
		c := cases[row[3][len("指标")]-'A']
		if got := row[dev]; got != c.want {
			if len(got) > 80 {
				t.Errorf("%q: %d bytes back, want %d", c.in[:20], len(got), len(c.want))
			} else {
				t.Errorf("%q came back as %q, want %q", c.in, got, c.want)
			}
		}
		found++
	}
	if found != len(cases) {
		t.Errorf("%d of %d indicators found", found, len(cases))
	}
}

// Every part of every corpus workbook is well-formed XML, named in
// [Content_Types].xml, and dated with the report's publication date.
func TestWritePackage(t *testing.T) {
	for _, r := range append(corpus(t), writeReport(t)) {
		data, err := Write(r)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
		if p := r.Published; !p.IsZero() {
			want = time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC)
		}
		types := zipFile(t, data, "[Content_Types].xml")
		for _, zf := range zr.File {
			if !zf.Modified.Equal(want) {
				t.Errorf("%s %s: dated %v, want %v", r.Bureau.Slug, zf.Name, zf.Modified, want)
			}
			if !strings.HasSuffix(zf.Name, ".rels") && zf.Name != "[Content_Types].xml" &&
				!strings.Contains(types, `PartName="/`+zf.Name+`"`) {
				t.Errorf("%s: %s has no content type", r.Bureau.Slug, zf.Name)
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			d := xml.NewDecoder(rc)
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s %s: %v", r.Bureau.Slug, zf.Name, err)
					break
				}
			}
			rc.Close()
		}
	}
}

// A text is looked up as it is before it is cleaned: one that needs
// cleaning and the clean text it becomes share one string, in either
// order, and each cell refers to it.
func TestTextSharedBeforeAndAfterCleaning(t *testing.T) {
	for _, order := range [][]string{{"甲\x01乙", "甲乙", "甲\x01乙"}, {"甲乙", "甲\x01乙", "甲乙"}} {
		b := newWorkbook(new(deflater))
		s := b.addSheet("表")
		s.startRow(1)
		for i, v := range order {
			b.text(s, i+1, styleNone, v)
		}
		s.endRow()
		if len(b.strs) != 1 || string(b.sst) != "<si><t>甲乙</t></si>" || b.strRefs != 3 {
			t.Errorf("%q: %d strings %q, %d references; want one, 甲乙, 3", order, len(b.strs), b.sst, b.strRefs)
		}
		if want := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>0</v></c></row>`; string(s.data) != want {
			t.Errorf("%q: sheet %s\nwant %s", order, s.data, want)
		}
	}
}
