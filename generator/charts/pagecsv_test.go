package charts

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/csvfile"
	"github.com/disclose-portal/disclose/generator/synth"
)

// pageCSVRecords is PageCSV as it was written before AppendPageCSV: every
// record built as a slice of strings, then encoded at once.
func pageCSVRecords(cs []*Chart) []byte {
	records := [][]string{pageCSVHead}
	for _, c := range cs {
		if c.csv != "" {
			continue
		}
		rows := c.Table.Rows
		if c.Table.Foot != nil {
			rows = append(rows[:len(rows):len(rows)], c.Table.Foot)
		}
		for _, row := range rows {
			for j := 1; j < len(row) && j < len(c.Table.Head); j++ {
				records = append(records, []string{c.Name, c.Caption, c.Unit, row[0].csv(), c.Table.Head[j].csv(), row[j].csv()})
			}
		}
	}
	return csvfile.Encode(records)
}

// AppendPageCSV writes the bytes of the records encoded at once, after
// whatever dst held, for the charts of synthetic reports and bureaus.
func TestAppendPageCSVLikeRecords(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 4, Years: 3, Seed: 5})
	n := 0
	for _, b := range s.Bureaus {
		bc, err := Bureau(b, s.Config.Unit)
		if err != nil {
			t.Fatal(err)
		}
		sets := [][]*Chart{bc, nil}
		for _, r := range b.Reports {
			cs, err := Report(r)
			if err != nil {
				t.Fatal(err)
			}
			sets = append(sets, cs, append(cs, cs[0].InText(2)))
		}
		for _, cs := range sets {
			want := pageCSVRecords(cs)
			got := AppendPageCSV([]byte("before"), cs)
			if !bytes.Equal(got, append([]byte("before"), want...)) {
				t.Fatalf("%s: AppendPageCSV differs from the records encoded at once", b.Slug)
			}
			n += len(want)
		}
	}
	if n < 10000 {
		t.Errorf("compared %d bytes, want more", n)
	}
}

// The fields a row's records share are copied from its first record:
// quoted ones too, in rows of one, two and several columns, in a chart
// with no rows and one with only a totals row.
func TestAppendPageCSVSharedFieldsQuoted(t *testing.T) {
	cs := []*Chart{
		{Name: "a,b", Caption: "说\"明\"", Unit: " 万元", Table: Table{
			Head: []Cell{text("项目"), text("2023年"), text("同比,%"), text("来源")},
			Rows: [][]Cell{
				{text("甲\n乙"), num("1,898.13", "1898.13"), text("-1.00"), text("报告")},
				{text("丙"), num("2", "2")},
				{text("丁")},
			},
			Foot: []Cell{text("合计"), num("1,900.13", "1900.13"), text(""), text("\\.")},
		}},
		{Name: "empty", Table: Table{Head: []Cell{text("项目"), text("值")}}},
		{Name: "foot", Unit: "%", Table: Table{Head: []Cell{text("x"), text("y")}, Foot: []Cell{text("总"), text("\u3000")}}},
		wide(20, 3), wide(3, 2),
	}
	got, want := AppendPageCSV(nil, cs), pageCSVRecords(cs)
	if !bytes.Equal(got, want) {
		t.Errorf("AppendPageCSV:\n got %q\nwant %q", got, want)
	}
}

// wide is a chart of cols columns (more than AppendPageCSV keeps the
// headers of) and rows rows, some headers quoted, rows of every length.
func wide(cols, rows int) *Chart {
	c := &Chart{Name: "wide", Caption: "宽表", Unit: "万元"}
	c.Table.Head = []Cell{text("项目")}
	for j := 1; j <= cols; j++ {
		h := "列" + strconv.Itoa(j)
		if j%3 == 0 {
			h += ",\"引\""
		}
		c.Table.Head = append(c.Table.Head, text(h))
	}
	for i := range rows {
		row := []Cell{text("行" + strconv.Itoa(i))}
		for j := 1; j <= cols-i; j++ {
			row = append(row, num(strconv.Itoa(i*j), strconv.Itoa(i*j)))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return c
}

// BenchmarkAppendPageCSV writes the charts.csv of 100 synthetic reports
// per iteration into a reused buffer, as a build does.
func BenchmarkAppendPageCSV(b *testing.B) {
	s := synthReports(b, synth.Options{Bureaus: 20, Years: 5, Seed: 1})
	var sets [][]*Chart
	for _, bu := range s.Bureaus {
		for _, r := range bu.Reports {
			cs, err := Report(r)
			if err != nil {
				b.Fatal(err)
			}
			sets = append(sets, cs)
		}
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, cs := range sets {
			buf = AppendPageCSV(buf[:0], cs)
		}
	}
	b.SetBytes(int64(len(buf)))
}
