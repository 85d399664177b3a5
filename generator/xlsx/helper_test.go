package xlsx

import (
	"bytes"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/xuri/excelize/v2"
)

// Cells of the test workbooks: a string is text (as typed into a cell
// formatted as text), N a number, P a number shown as a percentage.
type (
	N string
	P string
)

// book builds a workbook in the test, as a clerk's would be.
type book struct {
	t   *testing.T
	f   *excelize.File
	pct int
	n   int
}

func newBook(t *testing.T) *book {
	f := excelize.NewFile()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		t.Fatal(err)
	}
	return &book{t: t, f: f, pct: pct}
}

// sheet adds a sheet (the first call renames Sheet1) with rows from A1
// and the merged ranges given as "A1:B2".
func (b *book) sheet(name string, rows [][]any, merges ...string) *book {
	b.t.Helper()
	if b.n == 0 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			b.t.Fatal(err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		b.t.Fatal(err)
	}
	b.n++
	for r, row := range rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var err error
			switch x := v.(type) {
			case nil:
			case string:
				if x != "" {
					err = b.f.SetCellStr(name, ref, x)
				}
			case N:
				err = b.f.SetCellDefault(name, ref, string(x))
			case P:
				if err = b.f.SetCellDefault(name, ref, string(x)); err == nil {
					err = b.f.SetCellStyle(name, ref, ref, b.pct)
				}
			case int:
				err = b.f.SetCellInt(name, ref, int64(x))
			case float64:
				err = b.f.SetCellFloat(name, ref, x, -1, 64)
			default:
				b.t.Fatalf("cell %s: %T", ref, v)
			}
			if err != nil {
				b.t.Fatal(err)
			}
		}
	}
	for _, m := range merges {
		a, z, _ := bytes.Cut([]byte(m), []byte(":"))
		if err := b.f.MergeCell(name, string(a), string(z)); err != nil {
			b.t.Fatal(err)
		}
	}
	return b
}

func (b *book) bytes() []byte {
	b.t.Helper()
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		b.t.Fatal(err)
	}
	return buf.Bytes()
}

// read imports the workbook into a 万元 site.
func (b *book) read() *Draft {
	b.t.Helper()
	d, err := Read(bytes.NewReader(b.bytes()), "自评表.xlsx", budget.DefaultUnit)
	if err != nil {
		b.t.Fatal(err)
	}
	return d
}
