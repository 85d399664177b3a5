package charts

import "github.com/disclose-portal/disclose/generator/csvfile"

// PageCSVName is the file beside a page that holds the data of every
// chart on it (PageCSV).
const PageCSVName = "charts.csv"

// pageCSVHead names the columns of PageCSV.
var pageCSVHead = []string{"图表编号", "图表", "单位", "行", "列", "值"}

// PageCSV is the data of a page's charts as one CSV file (UTF-8 with a
// byte order mark, CRLF line ends, numbers as plain decimals), one line a
// table cell (the "long" layout that spreadsheets pivot and data tools
// read directly): which chart, its unit, the row's and the column's
// headers, and the value as in the chart's own table. One file a page
// instead of one a chart: a portal's charts were three quarters of all
// the files a build wrote, for a few per cent of the bytes. A chart
// placed again in the narrative (InText) is listed once.
func PageCSV(cs []*Chart) []byte {
	records := [][]string{pageCSVHead}
	for _, c := range cs {
		if c.csv != "" {
			continue // a copy placed in the text: its data is listed under the chart
		}
		head := c.Table.Head
		rows := c.Table.Rows
		if c.Table.Foot != nil {
			rows = append(rows[:len(rows):len(rows)], c.Table.Foot)
		}
		for _, row := range rows {
			for j := 1; j < len(row) && j < len(head); j++ {
				records = append(records, []string{c.Name, c.Caption, c.Unit, row[0].csv(), head[j].csv(), row[j].csv()})
			}
		}
	}
	return csvfile.Encode(records)
}
