package charts

import (
	"bytes"
	"encoding/csv"
)

// bom makes spreadsheet programs (Excel above all) read the file as UTF-8.
const bom = "\ufeff"

// CSV is the chart's table as a CSV file: UTF-8 with a byte order mark,
// CRLF line ends (RFC 4180), numbers as plain decimals without grouping.
func (c *Chart) CSV() []byte {
	var buf bytes.Buffer
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	for _, row := range c.Table.all() {
		rec := make([]string, len(row))
		for i, cell := range row {
			rec[i] = cell.csv()
		}
		w.Write(rec) // writes to a bytes.Buffer cannot fail
	}
	w.Flush()
	return buf.Bytes()
}

func (t Table) all() [][]Cell {
	rows := append([][]Cell{t.Head}, t.Rows...)
	if t.Foot != nil {
		rows = append(rows, t.Foot)
	}
	return rows
}
