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
func PageCSV(cs []*Chart) []byte { return AppendPageCSV(nil, cs) }

// AppendPageCSV appends PageCSV's bytes to dst, a record at a time: a
// page's file is ~100 KB, and building every record as a slice of
// strings first, then encoding them into a buffer of their own, made
// twice that in garbage a page. The first four fields of a record (the
// chart's name, caption and unit, the row's header) are the same
// throughout a row: they are encoded for its first record and copied
// for the others, since the quoting check reads every byte of every
// field it is given (2 of 104 CPU s of a cold 10k build). A column's
// header, the fifth field, is likewise copied from where the chart's
// first row wrote it.
func AppendPageCSV(dst []byte, cs []*Chart) []byte {
	dst = append(dst, csvfile.BOM...)
	dst = csvfile.AppendRecord(dst, pageCSVHead)
	// headAt is where in dst the chart's column headers were first
	// written, with their comma (the first 16 columns; the rare ones
	// beyond are encoded each time).
	var headAt [16][2]int
	for _, c := range cs {
		if c.csv != "" {
			continue // a copy placed in the text: its data is listed under the chart
		}
		headAt = [16][2]int{}
		head, rows := c.Table.Head, c.Table.Rows
		n := len(rows)
		if c.Table.Foot != nil {
			n++ // the totals row last
		}
		for k := range n {
			row := c.Table.Foot
			if k < len(rows) {
				row = rows[k]
			}
			from, to := 0, 0 // the row's first four fields in dst, once written
			for j := 1; j < len(row) && j < len(head); j++ {
				if to == 0 {
					from = len(dst)
					for _, f := range [...]string{c.Name, c.Caption, c.Unit, row[0].csv()} {
						dst = append(csvfile.AppendField(dst, f), ',')
					}
					to = len(dst)
				} else {
					dst = append(dst, dst[from:to]...)
				}
				if j < len(headAt) && headAt[j][1] > 0 {
					dst = append(dst, dst[headAt[j][0]:headAt[j][1]]...)
				} else {
					at := len(dst)
					dst = append(csvfile.AppendField(dst, head[j].csv()), ',')
					if j < len(headAt) {
						headAt[j] = [2]int{at, len(dst)}
					}
				}
				dst = append(csvfile.AppendField(dst, row[j].csv()), "\r\n"...)
			}
		}
	}
	return dst
}
