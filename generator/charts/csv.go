package charts

import "github.com/disclose-portal/disclose/generator/csvfile"

// CSV is the chart's table as a CSV file: UTF-8 with a byte order mark,
// CRLF line ends (RFC 4180), numbers as plain decimals without grouping.
func (c *Chart) CSV() []byte {
	var records [][]string
	for _, row := range c.Table.all() {
		rec := make([]string, len(row))
		for i, cell := range row {
			rec[i] = cell.csv()
		}
		records = append(records, rec)
	}
	return csvfile.Encode(records)
}

func (t Table) all() [][]Cell {
	rows := append([][]Cell{t.Head}, t.Rows...)
	if t.Foot != nil {
		rows = append(rows, t.Foot)
	}
	return rows
}
