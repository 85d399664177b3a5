package render

import (
	"html/template"
	"strconv"
)

// The long loops of the pages of the whole site are written here in Go,
// as the report page's rows are (rows.go): a year's page lists every
// bureau's report of the year, the home page every bureau twice (the
// execution table and the cards), at 10,000 reports 2,000 rows each,
// and html/template's reflection for each value was most of the time a
// build after a changed figure spent on them. The markup around them
// stays in the templates; the loops wrote exactly these bytes there
// until issue 16, and sitehtml_test.go holds them to those templates
// (testdata/home.html, testdata/year.html) byte for byte. A theme may
// still range over the same views itself.

// yearRows is the body of a year's table: one row per bureau's report.
func yearRows(y *YearView) template.HTML {
	var w rowWriter
	w.Grow(700 * len(y.Rows))
	year := strconv.Itoa(y.Year)
	for _, r := range y.Rows {
		w.WriteString(`<tr><th scope="row"><a href="../`)
		w.urlPath(r.Bureau.Slug)
		w.writeByte('/')
		w.urlPath(year)
		w.WriteString(`/index.html">`)
		w.text(r.Bureau.Name)
		w.WriteString(`</a></th><td class="num" data-label="项目支出">`)
		w.figure(r.Key.Funds)
		w.WriteString(`</td><td class="num" data-label="评价项目">`)
		w.WriteString(strconv.Itoa(r.Key.Projects))
		w.WriteString(`</td>`)
		w.evaluatedCells(&r.Key)
		w.WriteString(`<td class="num" data-label="到位率">`)
		w.figure(r.Key.ReceiptRate)
		w.WriteString(`</td></tr>`)
	}
	return w.html()
}

// executionRows is the body of the home page's table of each bureau's
// latest execution rate; root leads from the page to the site's root.
func executionRows(rows []BureauRate, root string) template.HTML {
	var w rowWriter
	w.Grow(600 * len(rows))
	for _, r := range rows {
		w.WriteString(`<tr><th scope="row"><a href="`)
		w.url(root)
		w.url(r.Bureau.Slug) // html/template filters it too: it may start the URL
		w.WriteString(`/index.html">`)
		w.text(r.Bureau.Name)
		w.WriteString(`</a></th><td data-label="年度"><a href="`)
		w.url(root)
		w.url(r.Bureau.Slug) // html/template filters it too: it may start the URL
		w.writeByte('/')
		w.urlPath(strconv.Itoa(r.Report.Year))
		w.WriteString(`/index.html">`)
		w.WriteString(strconv.Itoa(r.Report.Year))
		w.WriteString(`</a></td><td class="num" data-label="全年预算">`)
		w.figure(r.Key.Adjusted)
		w.WriteString(`</td><td class="num" data-label="执行数">`)
		w.figure(r.Key.Executed)
		w.WriteString(`</td><td class="num" data-label="执行率">`)
		w.figure(r.Key.Rate)
		w.WriteString(`</td></tr>`)
	}
	return w.html()
}

// bureauCards are the home page's cards, one per bureau.
func bureauCards(cards []BureauCard, root string) template.HTML {
	var w rowWriter
	w.Grow(400 * len(cards))
	for _, c := range cards {
		b := c.Bureau
		w.WriteString("\n    <li class=\"card\">\n      <h3><a href=\"")
		w.url(root)
		w.url(b.Slug)
		w.WriteString(`/index.html">`)
		w.text(b.Name)
		w.WriteString("</a></h3>\n      ")
		if b.Region != "" {
			w.WriteString(`<p class="meta">`)
			w.text(b.Region)
			if b.Level != "" {
				w.WriteString(` · `)
				w.text(b.Level)
			}
			w.WriteString(`</p>`)
		}
		w.WriteString("\n      ")
		if l := c.Latest; l != nil {
			w.WriteString(`<p>最新：<a href="`)
			w.url(root)
			w.url(l.Bureau.Slug)
			w.writeByte('/')
			w.urlPath(strconv.Itoa(l.Year))
			w.WriteString(`/index.html">`)
			w.text(yearTitle(l))
			w.WriteString(`</a></p>`)
		}
		w.WriteString("\n    </li>\n  ")
	}
	return w.html()
}
