package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/markdown"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// Renderer renders sites with one theme.
type Renderer struct {
	theme *Theme
	md    *markdown.Renderer
}

// New returns a renderer for a parsed theme.
func New(th *Theme) *Renderer { return &Renderer{theme: th, md: markdown.New()} }

func rootOf(p string) string { return strings.Repeat("../", strings.Count(p, "/")) }

// Job is one page to render. Jobs are independent of each other, so they
// run in parallel, and a rebuild can run only the jobs a change affects.
type Job struct {
	Path   string // output path
	Kind   string // home, bureau, report, year, 404
	Bureau string // the bureau's slug, for bureau and report pages
	Year   int    // for report and year pages
	page   func() (*Page, diag.List)
}

// plan is what a site copies as it is (theme assets, static files), with
// the pages rendered, to check that no static file takes a page's place.
type plan struct {
	pages []string
	files *output.FileSet
	// Problems found while planning (e.g. a static file that collides).
	problems diag.List
}

// Run renders jobs on every core into files and returns their problems.
func (r *Renderer) Run(jobs []Job, files *output.FileSet) diag.List {
	results := make([]diag.List, len(jobs))
	parallel.For(len(jobs), func(i int) {
		results[i] = r.render(jobs[i], files)
	})
	var problems diag.List
	for _, l := range results {
		problems = append(problems, l...)
	}
	return problems
}

func (r *Renderer) render(j Job, files *output.FileSet) diag.List {
	p, problems := j.page()
	if p.Root == "" && p.Kind != "404" {
		p.Root = rootOf(p.Path)
	}
	w := pageBuffer()
	defer putPageBuffer(w)
	// The default theme's report and bureau pages are written in Go
	// (pagewriter.go); any other page, or one the writer leaves, by the
	// theme's templates.
	if !r.theme.native[p.Kind] || r.theme.writePage(w, p) != nil {
		w.buf = w.buf[:0]
		if err := r.theme.pages[p.Kind].ExecuteTemplate(w, "base.html", p); err != nil {
			problems.Errorf("themes", diag.Pos{}, "render.page", p.Path, err)
			return problems
		}
	}
	files.AddBuffer(p.Path, w.buf)
	made := []string{p.Path}
	if len(p.Charts) > 0 {
		// The page's charts.csv, in the same buffer now the page is added.
		name := path.Join(path.Dir(p.Path), charts.PageCSVName)
		w.buf = charts.AppendPageCSV(w.buf[:0], p.Charts)
		files.AddBuffer(name, w.buf)
		made = append(made, name)
	}
	files.SetGroup(j.Path, made)
	return problems
}

// pageBuffers are reused between pages: a report page is ~300 KB, and
// growing a new buffer to that size for every page made a sixth of all
// the memory a build allocated. A few kept in a channel rather than a
// sync.Pool, which the collector empties every other cycle: a build
// collects often, and each page after a collection grew a buffer again.
var pageBuffers = make(chan *rowWriter, 8)

// maxPageBuffer bounds the buffers kept: a rare huge page is not held on to.
const maxPageBuffer = 4 << 20

func pageBuffer() *rowWriter {
	select {
	case w := <-pageBuffers:
		w.buf = w.buf[:0]
		return w
	default:
		return new(rowWriter)
	}
}

func putPageBuffer(w *rowWriter) {
	if cap(w.buf) > maxPageBuffer {
		return
	}
	select {
	case pageBuffers <- w:
	default:
	}
}

// withCharts attaches a page's charts; a chart that cannot be built is an
// error of the file it comes from.
func withCharts(p *Page, cs []*charts.Chart, err error, file string) (*Page, diag.List) {
	var problems diag.List
	if err != nil {
		problems.Errorf(file, diag.Pos{}, "error.plain", err)
		return p, problems
	}
	p.Charts = cs
	return p, problems
}

// newSiteView is what every page knows of a site with the reports of
// years (repeats allowed); its bureaus are set by the caller.
func newSiteView(cfg budget.Config, years []int) *SiteView {
	return &SiteView{Config: cfg, Unit: cfg.Unit, Years: yearsOf(years)}
}

// yearsOf returns the distinct years, newest first.
func yearsOf(years []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, y := range years {
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// byFile groups problems by the file they are in.
func byFile(diags diag.List) map[string][]diag.Diagnostic {
	m := map[string][]diag.Diagnostic{}
	for _, d := range diags {
		m[d.File] = append(m[d.File], d)
	}
	return m
}

func (r *Renderer) copyAssets(files *output.FileSet) {
	for _, p := range r.theme.AssetFiles() {
		files.Add(p, r.theme.files[p])
	}
}

// checkCollisions: a static file may not take a page's place.
func (plan *plan) checkCollisions() {
	for _, p := range plan.pages {
		if plan.files.Has(p) {
			d := plan.problems.Errorf("static/"+p, diag.Pos{}, "render.static_overwrites", p)
			d.Hint = i18n.T("hint.static_overwrites")
		}
	}
}

// bureauJobs are the jobs of a bureau's page and its reports' pages; the
// reports' attachments go into files.
func (r *Renderer) bureauJobs(b *budget.Bureau, sv *SiteView, warnings map[string][]diag.Diagnostic, src fs.FS, files *output.FileSet) []Job {
	parts := newBureauParts(b)
	jobs := []Job{{Path: permalink.Bureau(b.Slug), Kind: "bureau", Bureau: b.Slug, page: func() (*Page, diag.List) {
		bv := bureauView(b, parts)
		cs, err := charts.BureauWith(b, sv.Unit, parts.growth)
		bv.Charts = byName(cs)
		return withCharts(&Page{Kind: "bureau", Title: b.Name, Path: permalink.Bureau(b.Slug), Site: sv, Bureau: bv,
			Breadcrumbs: []Link{{"首页", "../index.html"}}}, cs, err, b.File)
	}}}
	for i, rep := range b.Reports {
		dir := path.Join(contentDir, b.Slug, strconv.Itoa(rep.Year))
		for _, a := range rep.Attachments {
			copyAttachment(files, path.Join(b.Slug, strconv.Itoa(rep.Year), a), src, path.Join(dir, a))
		}
		jobs = append(jobs, Job{Path: permalink.Report(b.Slug, rep.Year), Kind: "report", Bureau: b.Slug, Year: rep.Year, page: func() (*Page, diag.List) {
			return r.reportPage(rep, sv, warnings, parts.of(i))
		}})
	}
	return jobs
}

// siteJobs are the jobs of the pages that show the whole site: home
// first, then the years and the 404 page. They read of each report only
// what DropDetail keeps.
func (r *Renderer) siteJobs(site *budget.Site, sv *SiteView) []Job {
	years := map[int][]*budget.Report{}
	var all []*budget.Report
	for _, b := range site.Bureaus {
		for _, rep := range b.Reports {
			years[rep.Year] = append(years[rep.Year], rep)
			all = append(all, rep)
		}
	}
	jobs := []Job{{Path: "index.html", Kind: "home", page: func() (*Page, diag.List) {
		h := homeView(site, sv, all)
		var latest, newest []*budget.Report
		for _, rep := range all {
			if rep.Year == h.LatestYear {
				latest = append(latest, rep)
			}
		}
		for _, row := range h.Execution {
			newest = append(newest, row.Report)
		}
		cs, err := charts.Overview("fig-home-", strconv.Itoa(h.LatestYear)+"年", latest, newest, sv.Unit)
		h.Charts = byName(cs)
		return withCharts(&Page{Kind: "home", Title: site.Config.Title, Path: "index.html", Site: sv, Home: h}, cs, err, "content/site.toml")
	}}}
	for _, y := range sv.Years {
		jobs = append(jobs, Job{Path: permalink.Year(y), Kind: "year", Year: y, page: func() (*Page, diag.List) {
			yv := yearView(y, years[y], sv.Unit)
			cs, err := charts.Overview("fig-"+strconv.Itoa(y)+"-", strconv.Itoa(y)+"年", years[y], years[y], sv.Unit)
			yv.Charts = byName(cs)
			return withCharts(&Page{Kind: "year", Title: strconv.Itoa(y) + "年 各部门绩效自评", Path: permalink.Year(y), Site: sv, Year: yv,
				Breadcrumbs: []Link{{"首页", "../index.html"}}}, cs, err, "content/site.toml")
		}})
	}
	jobs = append(jobs, Job{Path: permalink.Data, Kind: "data", page: func() (*Page, diag.List) {
		return &Page{Kind: "data", Title: "开放数据", Path: permalink.Data, Site: sv,
			Breadcrumbs: []Link{{"首页", "../index.html"}}}, nil
	}})
	jobs = append(jobs, Job{Path: "404.html", Kind: "404", page: func() (*Page, diag.List) {
		return &Page{Kind: "404", Title: "页面未找到", Path: "404.html", Site: sv, Root: notFoundRoot(site.Config.BaseURL)}, nil
	}})
	return jobs
}

// Stream renders a site a bureau at a time (the one way a site is
// rendered): a build reads a bureau, renders its pages and lets go of its
// detail before the next (see budget.Report.DropDetail); the pages that
// show the whole site are rendered last, by Finish.
type Stream struct {
	r     *Renderer
	sv    *SiteView
	src   fs.FS
	files *output.FileSet
	plan  *plan // the files copied, and the problems of planning
	mu    sync.Mutex
}

// NewStream starts rendering a site into files, a site whose
// configuration and years (of every report) are known before its bureaus
// are read.
func (r *Renderer) NewStream(cfg budget.Config, years []int, src fs.FS, files *output.FileSet) *Stream {
	st := &Stream{r: r, sv: newSiteView(cfg, years), src: src, files: files,
		plan: &plan{files: output.NewFileSet()}}
	r.copyAssets(st.plan.files)
	copyStatic(src, st.plan.files, &st.plan.problems)
	return st
}

// Bureau renders a bureau's pages into a set of their own (its pages, the
// data tables of their charts, its reports' attachments), which the
// caller puts in the site's files; diags are the bureau's problems. It
// may run for several bureaus at once.
func (st *Stream) Bureau(b *budget.Bureau, diags diag.List) (*output.FileSet, diag.List) {
	files := output.NewFileSet()
	return files, st.BureauInto(files, b, diags)
}

// BureauInto is Bureau into a set the caller made: one that writes
// through into the site's staged files (output.FileSet.Through), so that
// the pages are not held in memory until the bureau is done.
func (st *Stream) BureauInto(files *output.FileSet, b *budget.Bureau, diags diag.List) diag.List {
	jobs := st.r.bureauJobs(b, st.sv, byFile(diags), st.src, files)
	var problems diag.List
	for _, j := range jobs {
		problems = append(problems, st.r.render(j, files)...)
	}
	st.Kept(b)
	return problems
}

// Copied is the theme's assets and the site's static files, which Finish
// puts in the site's files: serve shows them with the pages it makes on
// demand before the site is finished.
func (st *Stream) Copied() *output.FileSet { return st.plan.files }

// Years are the years every page's navigation lists, newest first.
func (st *Stream) Years() []int { return st.sv.Years }

// Kept counts in the pages of a bureau that were not rendered but kept
// from the last build (see package buildcache).
func (st *Stream) Kept(b *budget.Bureau) {
	years := make([]int, len(b.Reports))
	for i, rep := range b.Reports {
		years[i] = rep.Year
	}
	st.KeptPages(b.Slug, years)
}

// KeptPages is Kept for the bureau slug with reports of years, known
// without its model.
func (st *Stream) KeptPages(slug string, years []int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.plan.pages = append(st.plan.pages, permalink.Bureau(slug))
	for _, y := range years {
		st.plan.pages = append(st.plan.pages, permalink.Report(slug, y))
	}
}

// Finish renders the pages of the whole site, once every bureau was
// rendered and site.Bureaus holds them all, and copies the theme's
// assets and the static files. The pages that later selects are not
// rendered but left in the Pending returned (serve makes an index page
// when a browser asks for it); later nil renders every one. It returns
// the problems found and the number of pages rendered.
func (st *Stream) Finish(site *budget.Site, later func(Job) bool) (diag.List, *Pending, int) {
	st.sv.Bureaus = site.Bureaus
	pending := &Pending{r: st.r, files: st.files}
	var run []Job
	for _, j := range st.r.siteJobs(site, st.sv) {
		st.plan.pages = append(st.plan.pages, j.Path)
		if later != nil && later(j) {
			pending.jobs = append(pending.jobs, j)
			pending.done = append(pending.done, new(sync.Once))
		} else {
			run = append(run, j)
		}
	}
	problems := st.r.Run(run, st.files)
	st.plan.checkCollisions()
	st.files.AddAll(st.plan.files)
	return append(st.plan.problems, problems...), pending, len(run)
}

// FinishKept is Finish for a build that keeps the pages of the whole
// site as the last build made them (package site knows when it may): it
// renders nothing, and copies the theme's assets and the static files.
func (st *Stream) FinishKept() diag.List {
	st.plan.pages = append(st.plan.pages, "index.html", permalink.Data, "404.html")
	for _, y := range st.sv.Years {
		st.plan.pages = append(st.plan.pages, permalink.Year(y))
	}
	st.plan.checkCollisions()
	st.files.AddAll(st.plan.files)
	return st.plan.problems
}

// SitePage reports whether the page at p is one of those that show the
// whole site (home, years, 404), which Finish renders.
func SitePage(p string) bool {
	return p == "index.html" || p == "404.html" || yearPage.MatchString(p)
}

func (r *Renderer) reportPage(rep *budget.Report, sv *SiteView, warnings map[string][]diag.Diagnostic, parts *reportParts) (*Page, diag.List) {
	var problems diag.List
	b := rep.Bureau
	rv := reportViewOf(rep, sv.Config.Scoring, parts)
	cs, chartErr := charts.ReportWith(rep, parts.growth)
	rv.Charts = byName(cs)
	html, bad, err := r.narrative(rep, rv.Charts)
	if err != nil {
		problems.Errorf(rep.NarrativeFile, diag.Pos{}, "render.narrative", err)
	}
	for _, c := range bad { // validate reports these first; kept for renders without it
		d := problems.Errorf(rep.NarrativeFile, diag.Pos{Line: c.Line, Col: c.Col}, "")
		d.Message = c.Text()
		d.Hint = i18n.T("hint.charts", strings.Join(charts.Names(cs), ", "))
	}
	rv.Narrative = html
	// The page's check section: what the checks found about the report's
	// published figures, in the words written for citizens.
	for _, d := range append(append([]diag.Diagnostic{}, warnings[rep.File]...), warnings[rep.NarrativeFile]...) {
		if d.Public != "" {
			rv.Warnings = append(rv.Warnings, d)
		}
	}
	for _, a := range rep.Attachments {
		rv.Files = append(rv.Files, Link{Label: a, URL: escapePath(a)})
	}
	if rep.Source != "" {
		rv.SourceLink = escapePath(strings.TrimPrefix(rep.Source, strconv.Itoa(rep.Year)+"/"))
	}
	p, more := withCharts(&Page{Kind: "report", Title: b.Name + " " + rep.Title, Path: permalink.Report(b.Slug, rep.Year), Site: sv, Report: rv,
		Breadcrumbs: []Link{{"首页", "../../index.html"}, {b.DisplayName(), "../index.html"}}}, cs, chartErr, rep.File)
	return p, append(problems, more...)
}

// narrative renders a report's narrative with its charts in place. The
// HTML is borrowed from the converter's buffer, which nothing else holds
// or writes, rather than copied into a string (a narrative's HTML is
// ~6 KB, copied once a report).
func (r *Renderer) narrative(rep *budget.Report, byName map[string]*charts.Chart) (template.HTML, []markdown.ChartError, error) {
	html, bad, err := r.md.ConvertCharts(rep.Narrative, r.placer(byName))
	return template.HTML(unsafe.String(unsafe.SliceData(html), len(html))), bad, err
}

// placer renders a narrative's chart block with the theme's figure
// partial: a copy of the chart with its own element ids (the chart also
// stands in its section), pointing at the same CSV file.
func (r *Renderer) placer(byName map[string]*charts.Chart) markdown.Placer {
	placed := 0
	return func(name string) ([]byte, bool) {
		c := byName[name]
		if c == nil {
			return nil, false
		}
		placed++
		var buf bytes.Buffer
		if err := r.theme.pages["report"].ExecuteTemplate(&buf, "figure", c.InText(placed)); err != nil {
			return []byte("<!-- chart " + template.HTMLEscapeString(name) + ": " + template.HTMLEscapeString(err.Error()) + " -->"), true
		}
		return buf.Bytes(), true
	}
}

// utf8BOM marks a text file as UTF-8 for a browser that is told no
// charset: a web server commonly sends .txt as text/plain without one,
// and the browser would then guess a legacy encoding and show mojibake.
var utf8BOM = []byte("\xef\xbb\xbf")

// copyAttachment copies an attachment as it is, except that a .txt file
// in UTF-8 without a byte order mark gets one (invisible in every
// reader, it only names the encoding).
func copyAttachment(files *output.FileSet, dst string, src fs.FS, from string) {
	if strings.EqualFold(path.Ext(from), ".txt") {
		if data, err := fs.ReadFile(src, from); err == nil && utf8.Valid(data) && !bytes.HasPrefix(data, utf8BOM) {
			files.Add(dst, append(append([]byte{}, utf8BOM...), data...))
			return
		}
	}
	files.Copy(dst, src, from)
}

// contentDir is where attachments are read from (load.ContentDir).
const contentDir = "content"

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// notFoundRoot: the 404 page is served at any depth, so where the site
// has a base URL its links are absolute from that URL's path; without one
// they stay relative ("", the page is at the site's root), which works
// when it is opened from disk, from a sub-path, and for missing pages one
// level below the root.
func notFoundRoot(base string) string {
	b, _ := permalink.ParseBase(base)
	if !b.IsSet() {
		return ""
	}
	return b.Root()
}

func copyStatic(src fs.FS, files *output.FileSet, problems *diag.List) {
	err := fs.WalkDir(src, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			problems.Errorf(p, diag.Pos{}, "render.symlink")
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		files.Copy(strings.TrimPrefix(p, "static/"), src, p)
		return nil
	})
	if err != nil && !isNotExist(err) {
		problems.Errorf("static", diag.Pos{}, "load.cannot_read", err)
	}
}

func homeView(site *budget.Site, sv *SiteView, all []*budget.Report) *HomeView {
	h := &HomeView{Reports: len(all)}
	byYear := map[int][]*budget.Report{}
	for _, r := range all {
		byYear[r.Year] = append(byYear[r.Year], r)
	}
	for _, y := range sv.Years {
		h.YearRows = append(h.YearRows, YearRow{Year: y, Reports: len(byYear[y]), Agg: aggregate(byYear[y], sv.Unit)})
	}
	if len(sv.Years) > 0 {
		h.LatestYear = sv.Years[0]
		var latest []*budget.Report
		for _, r := range all {
			if r.Year == h.LatestYear {
				latest = append(latest, r)
			}
		}
		h.Sources, h.SourcesMissing = sourceTotals(latest)
	}
	for _, b := range site.Bureaus {
		card := BureauCard{Bureau: b}
		if n := len(b.Reports); n > 0 {
			card.Latest = b.Reports[n-1]
			if card.Latest.ProjectCount() > 0 {
				h.Execution = append(h.Execution, bureauRate(card.Latest))
			}
		}
		h.BureauCards = append(h.BureauCards, card)
	}
	byRate(h.Execution)
	// Each date's text is made once, not in every comparison (fmt in
	// n log n comparisons of 10,000 reports took a tenth of a second).
	type dated struct {
		r   *budget.Report
		pub string
	}
	newest := make([]dated, len(all))
	for i, r := range all {
		newest[i] = dated{r, r.Published.String()}
	}
	sort.SliceStable(newest, func(i, j int) bool {
		a, b := newest[i], newest[j]
		if a.r.Published != b.r.Published {
			return a.pub > b.pub
		}
		if a.r.Year != b.r.Year {
			return a.r.Year > b.r.Year
		}
		return a.r.Bureau.Slug < b.r.Bureau.Slug
	})
	for _, d := range newest[:min(len(newest), 10)] {
		h.Newest = append(h.Newest, d.r)
	}
	return h
}

// bureauView is a bureau's page, from its reports' parts, which their
// pages share.
func bureauView(b *budget.Bureau, parts *bureauParts) *BureauView {
	v := &BureauView{Bureau: b, Glances: bureauGlances(b, parts)}
	seen := map[string]bool{}
	for _, r := range b.Reports {
		if r.Staff != nil {
			v.Staff, v.StaffIn = r.Staff, r.Year
		}
		if r.Funds != nil {
			for _, s := range r.Funds.Sources {
				if !seen[s.Name] {
					seen[s.Name] = true
					v.Sources = append(v.Sources, s.Name)
				}
			}
		}
	}
	series := map[string]*MetricSeries{}
	var order []string
	if len(b.Reports) > 0 { // at their size, not grown a doubling at a time
		v.Rows = make([]BureauYear, 0, len(b.Reports))
	}
	for i := len(b.Reports) - 1; i >= 0; i-- { // newest first
		r := b.Reports[i]
		row := BureauYear{Report: r, Key: parts.of(i).key}
		if len(v.Sources) > 0 {
			row.BySrc = make([]Figure, 0, len(v.Sources))
		}
		for _, name := range v.Sources {
			var sum budget.Sum
			if r.Funds != nil {
				for _, s := range r.Funds.Sources {
					if s.Name == name {
						sum.Add(s.Amount)
					}
				}
			}
			row.BySrc = append(row.BySrc, publishedAmount(sum.Known(), r.Unit))
		}
		v.Rows = append(v.Rows, row)
	}
	for _, r := range b.Reports {
		for _, m := range r.Metrics {
			if series[m.ID] == nil {
				series[m.ID] = &MetricSeries{ID: m.ID, Name: m.Name}
				order = append(order, m.ID)
			}
		}
	}
	for _, id := range order {
		s := series[id]
		for i, r := range b.Reports {
			pt := MetricPoint{Year: r.Year}
			for k, m := range r.Metrics {
				if m.ID == id {
					pt.Metric = parts.of(i).metrics[k]
				}
			}
			s.Points = append(s.Points, pt)
		}
		v.Metrics = append(v.Metrics, *s)
	}
	return v
}

func yearView(year int, reports []*budget.Report, u budget.Unit) *YearView {
	v := &YearView{Year: year}
	v.Sources, v.SourcesMissing = sourceTotals(reports)
	v.Agg = aggregate(reports, u)
	for _, r := range reports {
		v.Rows = append(v.Rows, bureauRate(r))
	}
	return v
}

// bureauRate is a report's row in lists of bureaus.
func bureauRate(r *budget.Report) BureauRate {
	return BureauRate{Bureau: r.Bureau, Report: r, Stated: r.Stated(), Key: keyFigures(r)}
}
