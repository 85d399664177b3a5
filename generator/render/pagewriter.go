package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/themes"
)

// The report and bureau pages of the default theme are written here in
// Go, whole: base.html, report.html or bureau.html and the partials they
// call, the bytes html/template writes from them. After the figures,
// project cards and loops went to Go, what was left of html/template on a
// cold build (~1 s per 1,000 reports) was its interpreter walking the
// rest: a reflective lookup for every field, a call for every escaper,
// and each Go writer's result copied as a string into the page. This
// writer puts everything into one buffer kept between pages.
//
// It is used only when the theme's templates for the page are the
// embedded default's, byte for byte (nativeKinds); a theme that changes
// any of them gets html/template as before. pagewriter_test.go holds the
// two to the same bytes on the example, the corpus and synthetic sites;
// when the default templates change, that test fails until this file
// follows. The escaping of each value is html/template's for its context
// (text, attribute, URL), as in rows.go.

// nativeKinds tells which page kinds the Go writer may write for a
// theme: those whose templates (base.html, the partials, the page's own)
// are the default theme's.
func nativeKinds(fsys fs.FS) map[string]bool {
	def := themes.Default()
	same := func(name string) bool {
		a, errA := fs.ReadFile(fsys, name)
		b, errB := fs.ReadFile(def, name)
		return errA == nil && errB == nil && bytes.Equal(a, b)
	}
	if !same("templates/base.html") {
		return nil
	}
	mine, _ := fs.Glob(fsys, "templates/partials/*.html")
	theirs, _ := fs.Glob(def, "templates/partials/*.html")
	if len(mine) != len(theirs) {
		return nil
	}
	for i, p := range mine {
		if p != theirs[i] || !same(p) {
			return nil
		}
	}
	kinds := map[string]bool{}
	for _, k := range []string{"report", "bureau"} {
		if same("templates/" + k + ".html") {
			kinds[k] = true
		}
	}
	return kinds
}

// errNative says the Go writer cannot write a page as the templates
// would (a missing asset, a report without a glance): the page is then
// rendered by html/template, which reports the problem in its words.
var errNative = errors.New("page left to the templates")

// writePage writes p as the default theme's base.html does with its main
// template.
func (th *Theme) writePage(w *rowWriter, p *Page) error {
	css, ok1 := th.assets["style.css"]
	icon, ok2 := th.assets["favicon.svg"]
	search, ok3 := th.assets["search.js"]
	if !ok1 || !ok2 || !ok3 {
		return errNative
	}
	var chartsJS, echarts string
	if len(p.Charts) > 0 {
		var ok4, ok5 bool
		chartsJS, ok4 = th.assets["charts.js"]
		echarts, ok5 = th.assets["vendor/echarts/echarts.min.js"]
		if !ok4 || !ok5 {
			return errNative
		}
	}
	switch p.Kind {
	case "report":
		if p.Report == nil || p.Report.Glance == nil {
			return errNative
		}
		for _, v := range p.Report.Projects {
			if v == nil || v.Project == nil || v.Form == nil {
				return errNative
			}
		}
	case "bureau":
		if p.Bureau == nil {
			return errNative
		}
	default:
		return errNative
	}
	cfg := &p.Site.Config
	m := pageMeta(p)
	w.WriteString("<!DOCTYPE html>\n<html lang=\"")
	w.text(cfg.Language)
	w.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(p.Title)
	if p.Kind != "home" {
		w.WriteString(" · ")
		w.text(cfg.Title)
	}
	w.WriteString("</title>\n<link rel=\"stylesheet\" href=\"")
	w.rootURL(p.Root, css)
	w.WriteString("\">\n<link rel=\"icon\" href=\"")
	w.rootURL(p.Root, icon)
	w.WriteString("\" type=\"image/svg+xml\">\n")
	if len(p.Charts) > 0 {
		w.WriteString(`<script src="`)
		w.rootURL(p.Root, chartsJS)
		w.WriteString(`" data-echarts="`)
		w.text(p.Root)
		w.text(echarts)
		w.WriteString(`" defer></script>`)
	}
	w.WriteString("\n")
	// The meta partial.
	if m.Description != "" {
		w.metaTag(`name="description"`, m.Description)
	}
	if m.Canonical != "" {
		w.WriteString("\n<link rel=\"canonical\" href=\"")
		w.url(m.Canonical)
		w.WriteString(`">`)
		w.metaTag(`property="og:url"`, m.Canonical)
	}
	w.metaTag(`property="og:title"`, p.Title)
	if m.Description != "" {
		w.metaTag(`property="og:description"`, m.Description)
	}
	w.metaTag(`property="og:type"`, m.OGType)
	w.metaTag(`property="og:site_name"`, cfg.Title)
	w.metaTag(`property="og:locale"`, m.Locale)
	w.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	w.text(cfg.Title)
	w.WriteString(" · 最新公开\" href=\"")
	w.url(p.Root)
	w.WriteString("feed.xml\">\n<script src=\"")
	w.rootURL(p.Root, search)
	w.WriteString("\" defer></script>")
	if m.JSONLD != "" {
		w.WriteString("\n<script type=\"application/ld+json\">")
		w.WriteString(string(m.JSONLD)) // template.JS: as it is, as html/template puts it
		w.WriteString("</script>")
	}
	w.WriteString("\n\n\n</head>\n<body class=\"page-")
	w.text(p.Kind)
	w.WriteString("\">\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"site-header\" id=\"top\">\n  <div class=\"wrap\">\n    <a class=\"site-title\" href=\"")
	w.url(p.Root)
	w.WriteString("index.html\">")
	w.text(cfg.Title)
	w.WriteString("</a>\n    <nav class=\"site-nav\" aria-label=\"年度\">\n      <ul>")
	for _, y := range p.Site.Years {
		ys := strconv.Itoa(y)
		w.WriteString(`<li><a href="`)
		w.rootURL(p.Root, ys)
		w.WriteString(`/index.html">`)
		w.WriteString(ys)
		w.WriteString(`年</a></li>`)
	}
	w.WriteString("</ul>\n    </nav>\n    ")
	// The search partial.
	w.WriteString("\n<form class=\"site-search\" role=\"search\" hidden data-root=\"")
	w.text(p.Root)
	w.WriteString("\" data-index=\"")
	w.text(p.Root)
	w.WriteString(`search/index.js">
  <label for="site-search-q">搜索</label>
  <input id="site-search-q" type="search" name="q" placeholder="部门、项目、指标、正文" autocomplete="off">
</form>
<div id="site-search-results" class="search-results" role="status" aria-live="polite" hidden></div>
`)
	w.WriteString("\n  </div>\n</header>\n")
	if len(p.Breadcrumbs) > 0 {
		w.WriteString(`<nav class="breadcrumbs wrap" aria-label="位置"><ol>`)
		for _, l := range p.Breadcrumbs {
			w.WriteString(`<li><a href="`)
			w.url(l.URL)
			w.WriteString(`">`)
			w.text(l.Label)
			w.WriteString(`</a></li>`)
		}
		w.WriteString(`<li aria-current="page">`)
		w.text(p.Title)
		w.WriteString(`</li></ol></nav>`)
	}
	w.WriteString("\n<main id=\"main\" class=\"wrap\">\n")
	if p.Kind == "report" {
		th.reportMain(w, p, &m)
	} else {
		th.bureauMain(w, p, &m)
	}
	w.WriteString("\n<p class=\"print-only colophon\">")
	pub := &cfg.Publisher
	if pub.Name != "" {
		w.WriteString("发布：")
		w.text(pub.Name)
		w.WriteString("。")
	}
	w.WriteString("金额单位除注明外为")
	w.text(p.Site.Unit.Name)
	w.WriteString("。本站由 disclose 生成，所有数字取自公开的绩效自评报告。")
	if m.Canonical != "" {
		w.WriteString("本页网址：")
		w.text(m.Canonical)
	}
	w.WriteString("</p>\n</main>\n<p class=\"to-top\"><a href=\"#top\">回到顶部</a></p>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>")
	// {{with .Site.Config.Publisher}}: a struct is always true.
	w.textAfter("发布：", pub.Name)
	w.textAfter(" · 联系：", pub.Contact)
	w.textAfter(" · 开放数据许可：", pub.License)
	w.WriteString("</p>\n    <p>金额单位除注明外为")
	w.text(p.Site.Unit.Name)
	w.WriteString("。本站由 disclose 生成，所有数字取自公开的绩效自评报告。</p>\n    <p class=\"legend\">“未公开”：原报告没有公布这个数字，本站不补、不估。“算”：由原报告公布的数字计算得出（指向或聚焦可看算法），不是原报告印出的数字；合计只计公开了该数字的报告或项目，并注明覆盖多少。</p>\n    <p><a href=\"")
	w.url(p.Root)
	w.WriteString("data/index.html\">开放数据（下载全部表格）</a> · <a href=\"")
	w.url(p.Root)
	w.WriteString("feed.xml\" type=\"application/atom+xml\">订阅最新公开（Atom）</a></p>\n  </div>\n</footer>\n</body>\n</html>\n")
	return nil
}

// textAfter writes s after its label, both only where s is not empty
// ({{if .X}}label{{.X}}{{end}}).
func (w *rowWriter) textAfter(label, s string) {
	if s != "" {
		w.WriteString(label)
		w.text(s)
	}
}

// metaTag writes a <meta> of the meta partial on a line of its own: its
// name or property, and its content.
func (w *rowWriter) metaTag(name, content string) {
	w.WriteString("\n<meta " + name + ` content="`)
	w.text(content)
	w.WriteString(`">`)
}

// chart writes a page's chart of that name as the figure partial, where
// the page has it ({{with index .Charts name}}{{template "figure" .}}).
func (w *rowWriter) chart(cs map[string]*charts.Chart, name string) {
	if c := cs[name]; c != nil {
		w.figureOf(c)
	}
}

// tableSection is a section of a page with two charts above a table:
// its heading's id and text, the charts' names, the table's caption
// (before the unit) and class.
type tableSection struct{ id, heading, chart1, chart2, caption, class string }

// chartsTable opens a tableSection, up to the first cell of its table's
// head; the amounts are in unit.
func (w *rowWriter) chartsTable(cs map[string]*charts.Chart, unit string, t tableSection) {
	w.WriteString("\n<section aria-labelledby=\"" + t.id + "\">\n  <h2 id=\"" + t.id + "\">" + t.heading + "</h2>\n  ")
	w.chart(cs, t.chart1)
	w.WriteString("\n  ")
	w.chart(cs, t.chart2)
	w.WriteString("\n  <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" + t.caption + "（")
	w.text(unit)
	w.WriteString("）\"><table class=\"" + t.class + "\">\n    <caption>" + t.caption + "（")
	w.text(unit)
	w.WriteString("）</caption>\n    <thead><tr>")
}

// reportMain is report.html's main template.
func (th *Theme) reportMain(w *rowWriter, p *Page, m *Meta) {
	r := p.Report
	u := r.Unit
	w.WriteString("\n\n<header class=\"report-header\">\n  <p class=\"eyebrow\">")
	w.text(r.Bureau.Name)
	w.WriteString(" · ")
	w.WriteString(strconv.Itoa(r.Year))
	w.WriteString("年 · ")
	w.text(r.Kind)
	w.WriteString("</p>\n  <h1>")
	w.text(r.Title)
	w.WriteString("</h1>\n  <p class=\"meta\">\n    ")
	if !r.Published.IsZero() {
		w.date("发布日期：", r.Published)
	}
	w.WriteString("\n    ")
	if r.SourceLink != "" {
		w.WriteString(`<a href="`)
		w.url(r.SourceLink)
		w.WriteString(`">原始文件</a>`)
	}
	w.WriteString("\n    ")
	if r.SourceURL != "" {
		w.WriteString(`<a href="`)
		w.url(r.SourceURL)
		w.WriteString(`" rel="external">原文发布页</a>`)
	}
	w.WriteString("\n    ")
	for _, l := range r.Years {
		w.WriteString(`<a href="`)
		w.url(l.URL)
		w.WriteString(`">`)
		w.text(l.Label)
		w.WriteString(`年报告</a>`)
	}
	w.WriteString("\n  </p>\n</header>\n\n<nav class=\"toc\" aria-label=\"本页目录\">\n  <ul>\n    <li><a href=\"#glance-title\">一览</a></li>\n    ")
	if len(r.Warnings) > 0 {
		w.WriteString(`<li><a href="#checks-title">核对提示</a></li>`)
	}
	w.WriteString("\n    ")
	if len(r.Groups) > 0 {
		w.WriteString(`<li><a href="#metrics-title">主要指标</a></li>`)
	}
	w.WriteString("\n    ")
	if r.Funds != nil {
		w.WriteString(`<li><a href="#funds-title">资金结构</a></li>`)
	}
	w.WriteString("\n    ")
	if len(r.Projects) > 0 {
		w.WriteString("<li><a href=\"#exec-title\">预算执行</a></li>\n    <li><a href=\"#projects-title\">绩效自评表</a></li>")
	}
	w.WriteString("\n    ")
	if r.Staff != nil {
		w.WriteString(`<li><a href="#staff-title">人员</a></li>`)
	}
	w.WriteString("\n    ")
	if r.Narrative != "" {
		w.WriteString(`<li><a href="#narrative-title">报告正文</a></li>`)
	}
	w.WriteString("\n    ")
	if len(r.Files) > 0 {
		w.WriteString(`<li><a href="#files-title">原始文件</a></li>`)
	}
	w.WriteString("\n    <li><a href=\"#downloads-title\">下载数据</a></li>\n    <li class=\"toc-top\"><a href=\"#top\">回到顶部</a></li>\n  </ul>\n</nav>\n\n<section class=\"glance\" aria-labelledby=\"glance-title\">\n  <h2 id=\"glance-title\">一览</h2>\n  ")
	w.glance(r.Glance)
	w.WriteString("\n  ")
	w.Write(th.explain)
	w.WriteString("\n  <p class=\"legend\"><span class=\"absent\">未公开</span>：原报告没有公布这个数字。<abbr class=\"derived\" title=\"按公开数字计算\">算</abbr>：由原报告公布的数字计算得出，不是原报告印出的数字。</p>\n</section>\n\n")
	if len(r.Warnings) > 0 {
		w.WriteString("\n<aside class=\"checks\" aria-labelledby=\"checks-title\">\n  <h2 id=\"checks-title\">数据核对提示</h2>\n  <p>以下情况是自动核对原报告数字时发现的；页面上的数字仍按原报告公开。</p>\n  <ul>")
		for _, d := range r.Warnings {
			w.WriteString(`<li class="check-`)
			w.text(d.Severity.String())
			w.WriteString(`">`)
			w.text(d.Public)
			w.WriteString(`</li>`)
		}
		w.WriteString("</ul>\n</aside>\n")
	}
	w.WriteString("\n\n")
	if len(r.Groups) > 0 {
		w.WriteString("\n<section aria-labelledby=\"metrics-title\">\n  <h2 id=\"metrics-title\">主要绩效指标</h2>\n  ")
		w.chart(r.Charts, "metrics-yoy")
		w.WriteString("\n  ")
		w.metricGroups(r.Groups)
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if r.Funds != nil {
		w.chartsTable(r.Charts, u.Name, tableSection{"funds-title", "资金结构", "funds-sources", "funds-structure", "项目支出按资金来源和明细", "funds stack"})
		w.WriteString("<th scope=\"col\">来源 / 明细</th><th scope=\"col\" class=\"num\">金额</th><th scope=\"col\" class=\"num\">占比 <abbr class=\"derived\" tabindex=\"0\" title=\"按公开数字计算：金额 ÷ 项目支出总额\">算</abbr></th><th scope=\"col\">评价项目</th></tr></thead>\n    <tbody>\n    ")
		w.fundRows(r.FundRows)
		w.WriteString("\n    </tbody>\n    <tfoot><tr><th scope=\"row\">合计</th><td class=\"num\" data-label=\"金额\">")
		w.figure(r.Key.Funds)
		w.WriteString("</td><td class=\"num\"></td><td></td></tr></tfoot>\n  </table></div>\n</section>\n")
	}
	w.WriteString("\n\n")
	if len(r.Projects) > 0 {
		w.chartsTable(r.Charts, u.Name, tableSection{"exec-title", "项目预算执行", "execution", "execution-rate", "纳入绩效评价的项目：预算、到位和执行", "stack"})
		w.WriteString("<th scope=\"col\">项目</th><th scope=\"col\" class=\"num\">年初预算</th><th scope=\"col\" class=\"num\">全年（调整后）预算</th><th scope=\"col\" class=\"num\">实际到位</th><th scope=\"col\" class=\"num\">执行数</th><th scope=\"col\" class=\"num\">执行率</th><th scope=\"col\" class=\"num\">到位率</th><th scope=\"col\" class=\"num\">结余</th></tr></thead>\n    <tbody>")
		w.execRows(r.Projects)
		w.WriteString("</tbody>\n    <tfoot><tr><th scope=\"row\">合计</th>")
		k := &r.Key
		w.execCells([...]*Figure{&k.Initial, &k.Adjusted, &k.Received, &k.Executed, &k.Rate, &k.ReceiptRate, &k.Balance})
		w.WriteString("</tr></tfoot>\n  </table></div>\n</section>\n\n<section aria-labelledby=\"projects-title\">\n  <h2 id=\"projects-title\">绩效自评表</h2>\n  ")
		if len(r.Projects) > 1 {
			w.WriteString(`<nav class="project-index" aria-label="各项目自评表"><ol>`)
			w.projectIndex(r.Projects)
			w.WriteString(`</ol></nav>`)
		}
		w.WriteString("\n  ")
		for _, v := range r.Projects {
			// The project partial: the card, its two figures, its end.
			w.projectStart(v, u)
			w.WriteString("\n  ")
			w.chart(r.Charts, "indicators-"+v.ID)
			w.WriteString("\n  ")
			w.chart(r.Charts, "scores-"+v.ID)
			w.WriteString("\n  ")
			w.projectEnd(v)
		}
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if r.Staff != nil {
		w.WriteString("\n<section aria-labelledby=\"staff-title\">\n  <h2 id=\"staff-title\">人员情况</h2>\n  ")
		w.staff(r.Staff)
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if r.Narrative != "" {
		w.WriteString("\n<section class=\"narrative\" aria-labelledby=\"narrative-title\">\n  <h2 id=\"narrative-title\">自评报告正文</h2>\n  <p class=\"skip-part\"><a href=\"#")
		if len(r.Files) > 0 {
			w.WriteString("files-title")
		} else {
			w.WriteString("downloads-title")
		}
		w.WriteString("\">跳过正文</a></p>\n  ")
		w.WriteString(string(r.Narrative)) // template.HTML: as it is
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if len(r.Files) > 0 {
		w.WriteString("\n<section aria-labelledby=\"files-title\">\n  <h2 id=\"files-title\">原始文件与附件</h2>\n  <ul>")
		for _, l := range r.Files {
			w.WriteString(`<li><a href="`)
			w.url(l.URL)
			w.WriteString(`">`)
			w.text(l.Label)
			w.WriteString(`</a></li>`)
		}
		w.WriteString("</ul>\n</section>\n")
	}
	w.WriteString("\n")
	w.about(p, m)
	w.downloads(p, m)
	w.WriteString("\n")
}

// date writes a date of the report as <time>, after its label.
func (w *rowWriter) date(label string, d budget.Date) {
	w.WriteString(label)
	w.WriteString(`<time datetime="`)
	w.text(d.String())
	w.WriteString(`">`)
	w.text(d.Chinese())
	w.WriteString(`</time>`)
}

// about is the about partial: where a report's data comes from.
func (w *rowWriter) about(p *Page, m *Meta) {
	r := p.Report
	w.WriteString("\n<aside class=\"about-data\" aria-labelledby=\"about-title\">\n  <h2 id=\"about-title\">关于本数据</h2>\n  <dl>\n    <div><dt>来源文件</dt><dd>")
	if r.SourceLink != "" {
		w.WriteString(`<a href="`)
		w.url(r.SourceLink)
		w.WriteString(`">`)
		w.text(r.Source)
		w.WriteString(`</a>`)
	} else {
		w.WriteString("未附原文")
	}
	if r.SourceURL != "" {
		w.WriteString(`（<a href="`)
		w.url(r.SourceURL)
		w.WriteString(`" rel="external">原文发布页</a>）`)
	}
	w.WriteString("</dd></div>\n    <div><dt>发布日期</dt><dd>")
	if r.Published.IsZero() {
		w.WriteString("原报告未注明")
	} else {
		w.date("", r.Published)
	}
	w.WriteString("</dd></div>\n    <div><dt>批复日期</dt><dd>")
	if r.Approved.IsZero() {
		w.WriteString("未注明")
	} else {
		w.date("", r.Approved)
	}
	w.WriteString("</dd></div>\n    <div><dt>批复至公开</dt><dd>")
	if m.HasDays {
		w.WriteString(strconv.Itoa(m.Days))
		w.WriteString(" 天")
		if m.Late {
			w.WriteString(` <strong class="late">超过法定的 20 日</strong>`)
		} else {
			w.WriteString("（法定时限 20 日内）")
		}
	} else {
		w.WriteString("无法计算（需要批复日期和发布日期）")
	}
	w.WriteString("</dd></div>\n    <div><dt>金额单位</dt><dd>页面为")
	w.text(r.Unit.Name)
	w.WriteString("；下载的表格为元</dd></div>\n    <div><dt>许可</dt><dd>")
	if l := p.Site.Config.Publisher.License; l != "" {
		if m.LicenseURL != "" {
			w.WriteString(`<a href="`)
			w.url(m.LicenseURL)
			w.WriteString(`" rel="license external">`)
			w.text(l)
			w.WriteString(`</a>`)
		} else {
			w.text(l)
		}
	} else {
		w.WriteString("未声明")
	}
	w.WriteString("</dd></div>\n    <div><dt>自动核对</dt><dd>")
	if n := len(r.Warnings); n > 0 {
		w.WriteString("发现 ")
		w.WriteString(strconv.Itoa(n))
		w.WriteString(" 个问题，见<a href=\"#checks-title\">数据核对提示</a>；数字仍按原报告公开")
	} else {
		w.WriteString("未发现问题：合计、比率和得分与公开数字一致")
	}
	w.WriteString("</dd></div>\n  </dl>\n</aside>\n")
}

// downloads is the downloads partial: a report's or a bureau's files.
func (w *rowWriter) downloads(p *Page, m *Meta) {
	w.WriteString("\n<section class=\"downloads\" aria-labelledby=\"downloads-title\">\n  <h2 id=\"downloads-title\">下载数据</h2>\n  ")
	if r := p.Report; r != nil {
		w.WriteString("\n  <p>本报告的全部数字（金额以元为单位，另列单位列；CSV 为 UTF-8 编码，可直接用 Excel 打开）：</p>\n  ")
		if m.Canonical != "" {
			w.WriteString(`<p class="print-only">下列文件在本页网址下，例如 `)
			w.text(m.Canonical)
			w.WriteString(`report.json</p>`)
		}
		w.WriteString("\n  <ul class=\"download-list\">\n    <li><a href=\"report.json\" type=\"application/json\" download>report.json</a> 完整数据，含计算的比率和得分（<a href=\"")
		w.url(p.Root)
		w.WriteString(`data/schema/report.schema.json">JSON Schema</a>）</li>
    <li><a href="funds.csv" type="text/csv" download>funds.csv</a> 资金结构</li>
    <li><a href="projects.csv" type="text/csv" download>projects.csv</a> 项目预算执行与评分</li>
    <li><a href="indicators.csv" type="text/csv" download>indicators.csv</a> 绩效指标（自评表）</li>
    <li><a href="metrics.csv" type="text/csv" download>metrics.csv</a> 主要绩效指标</li>
    `)
		if len(r.Projects) > 0 || r.Funds != nil {
			w.WriteString(`<li><a href="tables.xlsx" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" download>tables.xlsx</a> 自评表和资金结构（Excel，按原表格式，金额单位为`)
			w.text(r.Unit.Name)
			w.WriteString(`；计算数另列一表）</li>`)
		}
		w.WriteString("\n  </ul>\n  ")
	}
	w.WriteString("\n  ")
	if b := p.Bureau; b != nil {
		w.WriteString("\n  <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"")
		w.text(b.Name)
		w.WriteString("各年度数据文件\"><table>\n    <caption>")
		w.text(b.Name)
		w.WriteString("各年度数据文件</caption>\n    <thead><tr><th scope=\"col\">年度</th><th scope=\"col\">完整数据</th><th scope=\"col\">表格（CSV）</th></tr></thead>\n    <tbody>")
		for _, r := range b.Reports {
			y := strconv.Itoa(r.Year)
			w.WriteString(`<tr><th scope="row" class="nowrap">`)
			w.WriteString(y)
			w.WriteString(`年</th><td><a href="`)
			w.url(y)
			w.WriteString(`/report.json" type="application/json" download>report.json</a></td><td><a href="`)
			w.url(y)
			w.WriteString(`/funds.csv" download>资金结构</a> · <a href="`)
			w.url(y)
			w.WriteString(`/projects.csv" download>项目</a> · <a href="`)
			w.url(y)
			w.WriteString(`/indicators.csv" download>绩效指标</a> · <a href="`)
			w.url(y)
			w.WriteString(`/metrics.csv" download>主要指标</a></td></tr>`)
		}
		w.WriteString("</tbody>\n  </table></div>\n  ")
	}
	w.WriteString("\n  <p>全部部门、全部年度的合并表格：")
	for i, f := range [...]string{"funds.csv", "projects.csv", "indicators.csv", "metrics.csv"} {
		if i > 0 {
			w.WriteString(" · ")
		}
		w.WriteString(`<a href="`)
		w.url(p.Root)
		w.WriteString(`data/` + f + `" download>` + f + `</a>`)
	}
	w.WriteString(`，说明见 <a href="`)
	w.url(p.Root)
	w.WriteString("data/datapackage.json\">datapackage.json</a>（Fiscal Data Package）。</p>\n</section>\n")
}

// staff is the staff partial: head counts and their breakdown.
func (w *rowWriter) staff(s *budget.Staff) {
	w.WriteString("\n<dl class=\"key-figures small\">\n  ")
	if s.HasAuthorized {
		w.headCount("编制数", s.Authorized)
	}
	w.WriteString("\n  ")
	if s.HasActual {
		w.headCount("年末实有在职", s.Actual)
	}
	w.WriteString("\n  ")
	if s.HasRetired {
		w.headCount("离退休", s.Retired)
	}
	w.WriteString("\n</dl>\n")
	if len(s.ActualByType) > 0 || len(s.RetiredByType) > 0 {
		w.WriteString("\n<table class=\"staff\">\n  <caption>人员构成（人）</caption>\n  <thead><tr><th scope=\"col\">类别</th><th scope=\"col\" class=\"num\">人数</th></tr></thead>\n  <tbody>\n  ")
		w.staffRows("在职 · ", s.ActualByType)
		w.WriteString("\n  ")
		w.staffRows("离退休 · ", s.RetiredByType)
		w.WriteString("\n  </tbody>\n</table>\n")
	}
	w.WriteString("\n")
}

func (w *rowWriter) headCount(term string, n int) {
	w.WriteString(`<div><dt>` + term + `</dt><dd>`)
	w.text(budget.Group(strconv.Itoa(n)))
	w.WriteString(`<small>人</small></dd></div>`)
}

func (w *rowWriter) staffRows(kind string, counts []budget.Count) {
	for _, c := range counts {
		w.WriteString(`<tr><th scope="row">` + kind)
		w.text(c.Name)
		w.WriteString(`</th><td class="num">`)
		w.text(budget.Group(strconv.Itoa(c.Count)))
		w.WriteString(`</td></tr>`)
	}
}

// bureauMain is bureau.html's main template.
func (th *Theme) bureauMain(w *rowWriter, p *Page, m *Meta) {
	b := p.Bureau
	u := p.Site.Unit
	w.WriteString("\n\n<header class=\"report-header\">\n  <p class=\"eyebrow\">")
	w.textAfter("", b.Region)
	w.textAfter(" · ", b.Level)
	w.textAfter(" · 区划代码 ", b.RegionCode)
	w.WriteString("</p>\n  <h1>")
	w.text(b.Name)
	w.WriteString("</h1>\n  ")
	if b.Website != "" {
		w.WriteString(`<p class="meta"><a href="`)
		w.url(b.Website)
		w.WriteString(`" rel="external">官方网站</a></p>`)
	}
	w.WriteString("\n</header>\n\n")
	if len(b.Glances) > 0 {
		w.WriteString("\n<section class=\"glance\" aria-labelledby=\"glance-title\">\n  <h2 id=\"glance-title\">历年一览</h2>\n  ")
		for _, g := range b.Glances {
			w.WriteString(`<h3 class="glance-year"><a href="`)
			w.url(g.Link)
			w.WriteString(`">`)
			w.text(g.Heading)
			w.WriteString("</a></h3>\n  ")
			w.glance(g)
		}
		w.WriteString("\n  ")
		w.Write(th.explain)
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if len(b.Rows) > 0 {
		w.chartsTable(b.Charts, u.Name, tableSection{"years-title", "历年绩效自评报告", "sources", "execution-trend", "历年项目支出与执行", "stack"})
		w.WriteString(`<th scope="col">年度</th>`)
		for _, s := range b.Sources {
			w.WriteString(`<th scope="col" class="num">`)
			w.text(s)
			w.WriteString(`</th>`)
		}
		w.WriteString("<th scope=\"col\" class=\"num\">项目支出</th><th scope=\"col\" class=\"num\">评价项目预算</th><th scope=\"col\" class=\"num\">执行数</th><th scope=\"col\" class=\"num\">执行率</th></tr></thead>\n    <tbody>")
		w.bureauRows(b)
		w.WriteString("</tbody>\n  </table></div>\n</section>\n")
	}
	w.WriteString("\n\n")
	if len(b.Metrics) > 0 {
		w.WriteString("\n<section aria-labelledby=\"bm-title\">\n  <h2 id=\"bm-title\">主要指标历年变化</h2>\n  ")
		for _, s := range b.Metrics {
			w.chart(b.Charts, "metric-"+s.ID)
		}
		w.WriteString("\n  <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"主要绩效指标（按年度）\"><table class=\"stack\">\n    <caption>主要绩效指标（按年度）</caption>\n    <thead><tr><th scope=\"col\">指标</th>")
		for _, r := range b.Reports {
			w.WriteString(`<th scope="col" class="num">`)
			w.WriteString(strconv.Itoa(r.Year))
			w.WriteString(`年</th>`)
		}
		w.WriteString("</tr></thead>\n    <tbody>")
		w.bureauMetricRows(b.Metrics)
		w.WriteString("</tbody>\n  </table></div>\n</section>\n")
	}
	w.WriteString("\n\n")
	if b.Staff != nil {
		w.WriteString("\n<section aria-labelledby=\"staff-title\">\n  <h2 id=\"staff-title\">人员情况（")
		w.WriteString(strconv.Itoa(b.StaffIn))
		w.WriteString("年）</h2>\n  ")
		w.staff(b.Staff)
		w.WriteString("\n</section>\n")
	}
	w.WriteString("\n\n")
	if len(b.Functions) > 0 {
		w.WriteString("\n<section aria-labelledby=\"duties-title\">\n  <h2 id=\"duties-title\">主要职责</h2>\n  <ol class=\"duties\">")
		for _, f := range b.Functions {
			w.WriteString(`<li>`)
			w.text(f)
			w.WriteString(`</li>`)
		}
		w.WriteString("</ol>\n</section>\n")
	}
	w.WriteString("\n")
	w.downloads(p, m)
	w.WriteString("\n")
}

// explainOf is the explain partial's bytes: it takes no data, so
// html/template writes it once, when the theme is loaded.
func (th *Theme) explainOf() error {
	t := th.pages["report"]
	if t == nil {
		return fmt.Errorf("theme: no report template")
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "explain", nil); err != nil {
		return err
	}
	th.explain = b.Bytes()
	return nil
}

// rootURL writes {{.Root}}{{rest}} inside a URL attribute as html/template
// does: the root escaped as a URL's start, rest as its continuation.
func (w *rowWriter) rootURL(root, rest string) {
	w.url(root)
	w.urlPath(rest)
}
