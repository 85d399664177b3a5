package render

import (
	"cmp"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// Meta is what a page says about itself in its <head> (description,
// canonical address, Open Graph, JSON-LD) and the dates of a report's
// "about this data" box.
type Meta struct {
	Description string
	Canonical   string // absolute; empty without a base URL
	OGType      string
	JSONLD      template.JS // schema.org Dataset on report pages
	Days        int         // from approval to publication
	HasDays     bool
	Late        bool   // Days above the legal limit
	LicenseURL  string // the text of the site's license, when known
	Locale      string // for og:locale: zh_CN
}

// PublishLimitDays is the legal limit from approval to publication
// (《预算法》第十四条: within twenty days).
const PublishLimitDays = 20

// pageMeta is the "pageMeta" template function. A report page asks for
// it four times (head, colophon, about, downloads), and its JSON-LD and
// summary are worked out from the whole report: so once per page, kept
// on the page (a page is rendered by one goroutine).
func pageMeta(p *Page) Meta {
	if p.meta == nil {
		m := newMeta(p)
		p.meta = &m
	}
	return *p.meta
}

func newMeta(p *Page) Meta {
	base, _ := permalink.ParseBase(p.Site.Config.BaseURL)
	m := Meta{OGType: "website", LicenseURL: opendata.LicenseURL(p.Site.Config.Publisher.License),
		Locale: strings.ReplaceAll(cmp.Or(p.Site.Config.Language, "zh-CN"), "-", "_")}
	if base.IsSet() && p.Kind != "404" {
		m.Canonical = base.URL(p.Path)
	}
	cfg := p.Site.Config
	switch p.Kind {
	case "home":
		reports := 0
		if p.Home != nil {
			reports = p.Home.Reports
		}
		m.Description = fmt.Sprintf("%s：%d 个部门的 %d 份项目支出绩效自评报告，数字可核对、可下载。", cfg.Title, len(p.Site.Bureaus), reports)
	case "bureau":
		if b := p.Bureau; b != nil {
			m.Description = b.Name + "历年项目支出绩效自评报告"
			if n := len(b.Reports); n > 0 {
				m.Description += fmt.Sprintf("（%d–%d年，共 %d 份）", b.Reports[0].Year, b.Reports[n-1].Year, n)
			}
			m.Description += "：资金、执行率、绩效指标和原文，数据可下载。"
		}
	case "year":
		if y := p.Year; y != nil {
			m.Description = fmt.Sprintf("%s年各部门项目支出绩效自评：%d 份报告的预算、执行率和资金来源对比。", strconv.Itoa(y.Year), len(y.Rows))
		}
	case "data":
		m.Description = cfg.Title + "的开放数据：全部报告的资金、项目、绩效指标和主要指标表格（CSV、JSON），说明和下载。"
	case "report":
		if p.Report != nil {
			r := p.Report.Report
			m.OGType = "article"
			m.Description = discover.Summary(r)
			m.JSONLD = datasetLD(base, cfg, r)
			m.Days, m.HasDays = opendata.DaysToPublish(r)
			m.Late = m.HasDays && m.Days > PublishLimitDays
		}
	}
	return m
}

// datasetLD is a report's JSON-LD, borrowed from the buffer DatasetLD
// made for it (fresh every call, held by nothing else) rather than
// copied into a string: ~2 KB a report page.
func datasetLD(base permalink.Base, cfg budget.Config, r *budget.Report) template.JS {
	ld := discover.DatasetLD(base, cfg, r)
	return template.JS(unsafe.String(unsafe.SliceData(ld), len(ld)))
}
