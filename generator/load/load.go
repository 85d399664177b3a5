// Package load reads a content tree (through io/fs) into the budget model,
// reporting every problem of every file with its position. It checks what
// one file alone can tell (types, required keys, unknown keys, slugs,
// units); cross-field and cross-file checks belong to package validate.
package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/parallel"
)

// ContentDir is the folder of the source tree that holds the content.
const ContentDir = "content"

// Reserved slugs would collide with the site's own folders.
var Reserved = []string{"assets", "data"}

var (
	slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	yearRE = regexp.MustCompile(`^[0-9]{4}$`)
)

// ValidSlug reports whether s is a valid slug.
func ValidSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// Site reads content/ from fsys (the source root) into a model: the
// whole site at once, for tools and tests (a build reads a bureau at a
// time: Top, then Bureau).
func Site(fsys fs.FS) (*budget.Site, diag.List) {
	top := Top(fsys)
	site := &budget.Site{Config: top.Config}
	diags := top.Diags
	if !top.OK {
		return site, diags
	}
	// Bureaus are read in parallel, each into its own slot, and the slots
	// are joined in folder order: the result and the order of problems are
	// those of a serial read.
	found := make([]diag.List, len(top.Folders))
	bureaus := make([]*budget.Bureau, len(top.Folders))
	parallel.For(len(top.Folders), func(i int) {
		bureaus[i] = loadBureau(fsys, top.Folders[i], site.Config.Unit, &found[i])
	})
	for i := range top.Folders {
		diags = append(diags, found[i]...)
		if bureaus[i] != nil {
			site.Bureaus = append(site.Bureaus, bureaus[i])
		}
	}
	sort.Slice(site.Bureaus, func(i, j int) bool { return site.Bureaus[i].Slug < site.Bureaus[j].Slug })
	return site, diags
}

// TopLevel is what content/ holds above the bureaus.
type TopLevel struct {
	Config  budget.Config
	Folders []string  // the bureau folders, in name order
	Diags   diag.List // of site.toml and of what else content/ holds
	OK      bool      // site.toml was read and content/ listed
}

// Top reads content/site.toml and lists the bureau folders, without
// reading them (Bureau does).
func Top(fsys fs.FS) TopLevel {
	var top TopLevel
	cfgPath := path.Join(ContentDir, "site.toml")
	src, err := fs.ReadFile(fsys, cfgPath)
	if err != nil {
		d := top.Diags.Errorf(cfgPath, diag.Pos{}, "load.no_site", IOReason(err))
		d.Hint = i18n.T("hint.no_site")
		return top
	}
	top.Config = Config(cfgPath, src, &top.Diags)

	entries, err := fs.ReadDir(fsys, ContentDir)
	if err != nil {
		top.Diags.Errorf(ContentDir, diag.Pos{}, "load.cannot_list_content", IOReason(err))
		return top
	}
	top.OK = true
	for _, e := range entries {
		name := e.Name()
		p := path.Join(ContentDir, name)
		switch {
		case ignored(name) || name == "site.toml":
		case e.Type()&fs.ModeSymlink != 0:
			top.Diags.Errorf(p, diag.Pos{}, "load.symlink")
		case !e.IsDir():
			d := top.Diags.Warnf(p, diag.Pos{}, "load.unexpected_top")
			d.Hint = i18n.T("hint.unexpected_top")
		default:
			top.Folders = append(top.Folders, name)
		}
	}
	return top
}

// Bureau reads one bureau folder (content/<slug>) with the site's unit;
// nil when the folder is no bureau (its problems say why).
func Bureau(fsys fs.FS, slug string, siteUnit budget.Unit) (*budget.Bureau, diag.List) {
	var diags diag.List
	b := loadBureau(fsys, slug, siteUnit, &diags)
	return b, diags
}

// ignored reports files that editors and systems leave behind.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		name == "Thumbs.db" || name == "desktop.ini"
}

// IOReason says why a file could not be read or written, in the editor's
// language for the usual causes (missing, not allowed), else in the
// system's words without the path they repeat.
func IOReason(err error) i18n.Text {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.T("io.not_exist")
	case errors.Is(err, fs.ErrPermission):
		return i18n.T("io.permission")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return i18n.Lit(pe.Err.Error())
	}
	return i18n.Lit(err.Error())
}

// Config decodes site.toml, applying every default.
func Config(name string, src []byte, diags *diag.List) budget.Config {
	cfg := budget.Config{Language: "zh-CN", Theme: "default", Unit: budget.DefaultUnit, Scoring: budget.DefaultScoring()}
	t, _ := parseTOML(name, src, diags)
	if t == nil {
		return cfg
	}
	cfg.Origin = t.origin()
	cfg.Title = t.str("title", true, "the portal's title")
	cfg.BaseURL = t.str("base_url", false, "where the site will be hosted")
	if cfg.BaseURL != "" && !strings.HasPrefix(cfg.BaseURL, "https://") && !strings.HasPrefix(cfg.BaseURL, "http://") {
		d := t.errorf("base_url", "load.base_url", "base_url")
		d.Hint = i18n.T("hint.base_url")
	}
	if s := t.str("language", false, "language tag"); s != "" {
		cfg.Language = s
	}
	if s := t.str("theme", false, "theme name"); s != "" {
		if !ValidSlug(s) {
			t.errorf("theme", "load.theme_name", "theme")
		} else {
			cfg.Theme = s
		}
	}
	if u, ok := unit(t); ok {
		cfg.Unit = u
	}
	if p := t.table("publisher", "who publishes the data"); p != nil {
		cfg.Publisher = budget.Publisher{
			Name:    p.str("name", false, "publisher's name"),
			Contact: p.str("contact", false, "contact"),
			License: p.str("license", false, "license of the open data"),
		}
		p.done()
	}
	if s := t.table("scoring", "scoring rules"); s != nil {
		if w := s.points("execution_weight", "weight of the execution row"); w != nil {
			cfg.Scoring.ExecutionWeight = *w
		}
		// [scoring.<form>] sets the rules of one form.
		for _, f := range budget.Forms {
			ft := s.table(f.ID, "scoring rules of one form")
			if ft == nil {
				continue
			}
			if w := ft.points("execution_weight", "weight of the execution row"); w != nil {
				if cfg.Scoring.FormWeights == nil {
					cfg.Scoring.FormWeights = map[string]budget.Points{}
				}
				cfg.Scoring.FormWeights[f.ID] = *w
			}
			ft.done()
		}
		if r := s.choice("reverse_rule", "rule for reverse indicators", []string{"ratio", "linear"}); r != "" {
			cfg.Scoring.ReverseRule = r
		}
		if v, ok := s.get("qualitative_bands"); ok {
			bands, ok := v.([]any)
			var lo, hi int64
			if ok && len(bands) == 2 {
				hi, _ = bands[0].(int64)
				lo, _ = bands[1].(int64)
			}
			if !ok || len(bands) != 2 || hi <= lo || lo <= 0 || hi >= 100 {
				d := s.errorf("qualitative_bands", "load.bands", "qualitative_bands")
				d.Hint = i18n.Lit("qualitative_bands = [80, 60]")
			} else {
				cfg.Scoring.QualitativeBands = [2]int{int(hi), int(lo)}
			}
		}
		s.done()
	}
	t.done()
	t.f.release()
	return cfg
}

func unit(t *table) (budget.Unit, bool) {
	s := t.str("unit", false, "money unit")
	if s == "" {
		return budget.Unit{}, false
	}
	u, ok := budget.LookupUnit(s)
	if !ok {
		d := t.errorf("unit", "load.unit", s)
		d.Hint = i18n.T("hint.one_of", quoteList(budget.UnitNames()))
	}
	return u, ok
}

// loadBureau reads one bureau folder.
func loadBureau(fsys fs.FS, slug string, siteUnit budget.Unit, diags *diag.List) *budget.Bureau {
	dir := path.Join(ContentDir, slug)
	switch {
	case !ValidSlug(slug):
		d := diags.Errorf(dir, diag.Pos{}, "load.bureau_slug", slug)
		d.Hint = i18n.T("hint.bureau_slug")
		return nil
	case yearRE.MatchString(slug) || strings.Trim(slug, "0123456789") == "":
		d := diags.Errorf(dir, diag.Pos{}, "load.bureau_digits", slug)
		d.Hint = i18n.T("hint.bureau_digits", slug)
		return nil
	}
	for _, r := range Reserved {
		if slug == r {
			diags.Errorf(dir, diag.Pos{}, "load.bureau_reserved", slug)
			return nil
		}
	}
	b := &budget.Bureau{Slug: slug}
	bPath := path.Join(dir, "bureau.toml")
	src, err := readTOML(fsys, bPath)
	if err != nil {
		d := diags.Errorf(bPath, diag.Pos{}, "load.no_bureau_toml", IOReason(err))
		d.Hint = i18n.T("hint.bureau_toml")
		return nil
	}
	b.Origin = budget.Origin{File: bPath}
	if t, _ := parseTOML(bPath, src, diags); t != nil {
		b.Origin = t.origin()
		b.Name = t.str("name", true, "the bureau's full name")
		b.ShortName = t.str("short_name", false, "short name")
		b.Region = t.str("region", false, "region")
		b.RegionCode = t.str("region_code", false, "administrative division code")
		if b.RegionCode != "" && (len(b.RegionCode) != 6 || strings.Trim(b.RegionCode, "0123456789") != "") {
			d := t.errorf("region_code", "load.region_code", "region_code")
			d.Hint = i18n.Lit(`region_code = "430400"`)
		}
		b.Level = t.str("level", false, "administrative level")
		b.Website = t.str("website", false, "official website")
		b.Functions = t.strings("functions", "the bureau's duties")
		t.done()
		// Taken from the lists of free ones, the index's map and the
		// slab go back to them: kept, the next report would make its own.
		t.f.release()
	}
	freeBuffer(src)

	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		diags.Errorf(dir, diag.Pos{}, "load.cannot_list", IOReason(err))
		return b
	}
	have := map[string]fs.DirEntry{}
	for _, e := range entries {
		have[e.Name()] = e
	}
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		stem, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
		switch {
		case ignored(name) || name == "bureau.toml":
		case e.Type()&fs.ModeSymlink != 0:
			diags.Errorf(p, diag.Pos{}, "load.symlink")
		case e.IsDir() && yearRE.MatchString(name):
			if have[name+".toml"] == nil {
				diags.Errorf(p, diag.Pos{}, "load.attachments_without", name)
			}
		case !e.IsDir() && ext == ".toml" && yearRE.MatchString(stem):
			year, _ := strconv.Atoi(stem)
			r := loadReport(fsys, b, year, siteUnit, diags)
			if r == nil {
				b.Unread++
				continue
			}
			if have[stem+".md"] != nil {
				r.NarrativeFile = path.Join(dir, stem+".md")
				md, err := fs.ReadFile(fsys, r.NarrativeFile)
				if err != nil {
					diags.Errorf(r.NarrativeFile, diag.Pos{}, "load.cannot_read", IOReason(err))
				}
				r.Narrative = md
			}
			if e := have[stem]; e != nil && e.IsDir() {
				r.Attachments = attachments(fsys, path.Join(dir, stem), diags)
			}
			b.Reports = append(b.Reports, r)
		case !e.IsDir() && ext == ".md" && yearRE.MatchString(stem):
			if have[stem+".toml"] == nil {
				d := diags.Errorf(p, diag.Pos{}, "load.narrative_without", stem)
				d.Hint = i18n.T("hint.narrative_without")
			}
		default:
			d := diags.Warnf(p, diag.Pos{}, "load.unexpected_bureau")
			d.Hint = i18n.T("hint.unexpected_bureau")
		}
	}
	sort.Slice(b.Reports, func(i, j int) bool { return b.Reports[i].Year < b.Reports[j].Year })
	return b
}

// attachments lists the files under dir (relative to it), refusing links.
func attachments(fsys fs.FS, dir string, diags *diag.List) []string {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(p, diag.Pos{}, "load.cannot_read", IOReason(err))
			return nil
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Errorf(p, diag.Pos{}, "load.symlink_attachment")
			return nil
		}
		if !d.IsDir() {
			files = append(files, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	if err != nil {
		diags.Errorf(dir, diag.Pos{}, "load.cannot_read", IOReason(err))
	}
	sort.Strings(files)
	return files
}

// loadReport decodes <year>.toml.
func loadReport(fsys fs.FS, b *budget.Bureau, year int, siteUnit budget.Unit, diags *diag.List) *budget.Report {
	name := path.Join(ContentDir, b.Slug, fmt.Sprintf("%04d.toml", year))
	src, err := readTOML(fsys, name)
	if err != nil {
		diags.Errorf(name, diag.Pos{}, "load.cannot_read", IOReason(err))
		return nil
	}
	defer freeBuffer(src) // after the model is built and the index given back
	t, _ := parseTOML(name, src, diags)
	if t == nil {
		return nil
	}
	r := &budget.Report{Origin: t.origin(), Bureau: b, Year: year, Unit: siteUnit}
	r.Title = t.str("title", true, "the report's title, e.g. 2023年项目支出绩效自评报告")
	if v, ok := t.get("year"); ok {
		if n, ok := v.(int64); !ok {
			t.wrongType("year", v, i18n.T("want.year"))
		} else if int(n) != year {
			d := t.errorf("year", "load.year_mismatch", n, fmt.Sprintf("%04d", year))
			d.Hint = i18n.T("hint.year_mismatch", n, year)
		}
	}
	r.Kind = t.str("kind", false, "kind of disclosure")
	if r.Kind == "" {
		r.Kind = "项目支出绩效自评"
	}
	r.Published = t.date("published", "date of publication")
	r.Approved = t.date("approved", "date the budget was approved")
	if u, ok := unit(t); ok {
		r.Unit = u
	}
	r.Source = t.str("source", false, "path of the original document under <year>/")
	r.SourceURL = t.str("source_url", false, "where the original was published")
	if r.SourceURL != "" && !strings.HasPrefix(r.SourceURL, "https://") && !strings.HasPrefix(r.SourceURL, "http://") {
		t.errorf("source_url", "load.source_url", "source_url")
	}
	if s := t.table("staff", "人员情况"); s != nil {
		r.Staff = staff(s)
	}
	if f := t.table("funds", "资金结构"); f != nil {
		r.Funds = funds(f, r.Unit)
	}
	r.Form = budget.DefaultForm
	if f := formOf(t); f != nil {
		r.Form = f
	}
	if d := t.table("totals", "纳入评价项目的合计"); d != nil {
		r.Declared = declared(d, r.Unit)
	}
	pts := t.tables("projects", "纳入绩效评价的项目（自评表）")
	r.Projects = make([]*budget.Project, 0, len(pts))
	for i := range pts {
		pt := &pts[i]
		p := project(pt, r.Unit, r.Form)
		if p.ID != "" && slices.ContainsFunc(r.Projects, func(q *budget.Project) bool { return q.ID == p.ID }) {
			// A scan of the projects before, not a map: a report has
			// a dozen, and a map of their ids was made for each report.
			pt.errorf("id", "load.dup_project", p.ID)
		}
		r.Projects = append(r.Projects, p)
	}
	linkFundItems(r, diags)
	mts := t.tables("metrics", "headline indicators")
	for i := range mts {
		mt := &mts[i]
		m := metric(mt)
		if m.ID != "" && slices.ContainsFunc(r.Metrics, func(q *budget.Metric) bool { return q.ID == m.ID }) {
			mt.errorf("id", "load.dup_metric", m.ID)
		}
		r.Metrics = append(r.Metrics, m)
	}
	t.done()
	// The model is built: what it keeps of the file are its name and the
	// tables' paths, so the position index's map and the slab of asked
	// keys can serve the next file read on this core.
	t.f.release()
	return r
}

// linkFundItems resolves each fund item's project link within the report,
// so that later stages only read the model. A link to no project is an
// error of the file.
func linkFundItems(r *budget.Report, diags *diag.List) {
	if r.Funds == nil {
		return
	}
	var ids []string
	for _, p := range r.Projects {
		ids = append(ids, p.ID)
	}
	for _, src := range r.Funds.Sources {
		for _, it := range src.Items {
			if it.ProjectID == "" {
				continue
			}
			if it.Project = r.Project(it.ProjectID); it.Project != nil {
				continue
			}
			e := diags.Errorf(it.File, it.Pos("project"), "load.fund_link", it.Name, it.ProjectID)
			if s := diag.Suggest(it.ProjectID, ids); s != "" {
				e.Hint = i18n.T("hint.did_you_mean", s)
			} else if len(ids) > 0 {
				e.Hint = i18n.T("hint.project_ids", strings.Join(ids, ", "))
			}
		}
	}
}

func slug(t *table, key, what string) string {
	s := t.str(key, true, what)
	if s != "" && !ValidSlug(s) {
		d := t.errorf(key, "load.slug", t.name(key), s)
		d.Hint = i18n.T("hint.slug", suggestSlug(s))
	}
	return s
}

func suggestSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '_' || r == '-' || r == '.':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "project-1"
	}
	return out
}

func staff(t *table) *budget.Staff {
	s := &budget.Staff{Origin: t.origin()}
	s.Authorized, s.HasAuthorized = t.count("authorized", "编制数")
	s.Actual, s.HasActual = t.count("actual", "年末实有在职人数")
	s.Retired, s.HasRetired = t.count("retired", "离退休人数")
	s.ActualByType = t.counts("actual_by_type", "在职人员分类")
	s.RetiredByType = t.counts("retired_by_type", "离退休人员分类")
	t.done()
	return s
}

func funds(t *table, u budget.Unit) *budget.Funds {
	f := &budget.Funds{Origin: t.origin()}
	f.Total = t.amount("total", u, "项目支出总额")
	sts := t.tables("sources", "资金来源")
	for i := range sts {
		st := &sts[i]
		src := &budget.FundSource{Origin: st.origin()}
		src.Name = st.str("name", true, "资金来源名称")
		src.Amount = st.amount("amount", u, "金额")
		its := st.tables("items", "明细")
		for j := range its {
			it := &its[j]
			item := &budget.FundItem{Origin: it.origin()}
			item.Name = it.str("name", true, "明细名称")
			item.Amount = it.amount("amount", u, "金额")
			item.ProjectID = it.str("project", false, "id of the evaluated project this item funds")
			it.done()
			src.Items = append(src.Items, item)
		}
		st.done()
		f.Sources = append(f.Sources, src)
	}
	t.done()
	return f
}

// declared reads [totals], the report's printed 合计 of its evaluated
// projects.
func declared(t *table, u budget.Unit) *budget.Declared {
	d := &budget.Declared{Origin: t.origin()}
	if n, ok := t.count("projects", "纳入评价的项目个数"); ok {
		d.Projects = n
	}
	d.Initial = t.amount("initial", u, "年初预算合计")
	d.Adjusted = t.amount("adjusted", u, "全年预算合计")
	d.Received = t.amount("received", u, "实际到位资金合计")
	d.Executed = t.amount("executed", u, "执行数合计")
	d.Balance = t.amount("balance", u, "结余")
	d.ExecutionRate = t.percentage("execution_rate", "执行率")
	d.ReceiptRate = t.percentage("receipt_rate", "到位率")
	t.done()
	return d
}

func project(t *table, u budget.Unit, form *budget.Form) *budget.Project {
	p := &budget.Project{Origin: t.origin(), Form: form}
	p.ID = slug(t, "id", "a short id, unique in the file")
	p.Name = t.str("name", true, "项目名称")
	if f := formOf(t); f != nil {
		p.Form = f
	}
	p.Department = t.str("department", false, "主管部门")
	p.CentralDepartment = t.str("central_department", false, "中央主管部门")
	p.Implementer = t.str("implementer", false, "实施单位")
	p.Code = t.str("code", false, "项目编码")
	p.AsOf = t.date("as_of", "the date the figures stand at (截至)")
	p.Initial = t.amount("initial", u, "年初预算数")
	p.Adjusted = t.amount("adjusted", u, "全年预算数 / 调整后预算数 / 预算数")
	p.Received = t.amount("received", u, "实际到位资金")
	p.Executed = t.amount("executed", u, "全年执行数")
	p.Income = t.amount("income", u, "收入")
	p.Change = t.signedAmount("adjustment", u, "预算调整数 (追加 positive, 调减 negative)")
	p.ExecutionBase = t.choice("execution_base", "denominator of 执行率", []string{"adjusted", "initial"})
	p.ExecutionRate = t.percentage("execution_rate", "执行率")
	p.ReceiptRate = t.percentage("receipt_rate", "到位率")
	p.Balance = t.amount("balance", u, "结余")
	fts := t.tables("funds", "年度资金总额的分项")
	for i := range fts {
		ft := &fts[i]
		pf := budget.ProjectFund{Origin: ft.origin()}
		pf.Source = ft.str("source", true, "资金性质, e.g. 当年财政拨款")
		pf.Initial = ft.amount("initial", u, "年初预算数")
		pf.Adjusted = ft.amount("adjusted", u, "全年预算数")
		pf.Executed = ft.amount("executed", u, "全年执行数")
		pf.ExecutionRate = ft.percentage("execution_rate", "执行率")
		ft.done()
		p.Funds = append(p.Funds, pf)
	}
	p.Goal = t.str("goal", false, "年度总体目标")
	p.Outcome = t.str("outcome", false, "实际完成情况")
	p.Deviation = t.str("deviation", false, "偏差原因分析及改进措施")
	p.ExecutionWeight = t.points("execution_weight", "分值 of the execution row")
	p.ExecutionScore = t.points("execution_score", "得分 of the execution row")
	p.GoalWeight = t.points("goal_weight", "分值 of 年度目标完成情况")
	p.GoalScore = t.points("goal_score", "得分 of 年度目标完成情况")
	p.Score = t.points("score", "总分")
	p.Grade = t.choice("grade", "grade", budget.Grades)
	// The rows and their two scores at once, one allocation for the
	// project's rows rather than three a row: the model lets go of a
	// project's rows together (budget.Report.DropDetail).
	its := t.tables("indicators", "绩效指标")
	if len(its) > 0 {
		rows := make([]indicatorRow, len(its))
		p.Indicators = make([]*budget.Indicator, len(its))
		for i := range its {
			p.Indicators[i] = indicator(&its[i], p.Form, &rows[i])
		}
	}
	t.done()
	return p
}

// formOf reads the key form, the printed layout a table follows.
func formOf(t *table) *budget.Form {
	id := t.choice("form", "form", formIDs)
	if id == "" {
		return nil
	}
	f, _ := budget.LookupForm(id)
	return f
}

// formIDs are the forms' ids, listed once: FormIDs makes the list anew
// at each call, and every project asks.
var formIDs = budget.FormIDs()

// indicatorRow is an indicator with room for its weight and score.
type indicatorRow struct {
	in            budget.Indicator
	weight, score budget.Points
}

// indicator reads a row into row.
func indicator(t *table, form *budget.Form, row *indicatorRow) *budget.Indicator {
	in := &row.in
	in.Origin = t.origin()
	in.Group = t.str("group", false, "年度绩效目标, where the form groups indicators under 目标1, 目标2")
	in.Level1 = t.str("level1", false, "一级指标")
	if in.Level1 != "" && !form.HasLevel(in.Level1) {
		d := t.errorf("level1", "load.level1", t.name("level1"), form.ID, in.Level1)
		d.Hint = i18n.T("hint.one_of", quoteList(form.Levels))
	}
	in.Level2 = t.str("level2", false, "二级指标")
	in.Name = t.str("name", true, "三级指标")
	in.Target = t.value("target", "年度指标值")
	in.Actual = t.value("actual", "实际完成值")
	in.Unit = t.str("unit", false, "unit of bare numbers (度量单位)")
	in.Nature = t.str("nature", false, "指标性质 as printed")
	if in.Nature != "" && in.Nature != "定量" { // 定量 says a number, not which way
		if d, ok := budget.ParseNature(in.Nature); ok {
			in.Direction, in.DirectionGiven = d, true
		} else {
			d := t.errorf("nature", "load.nature", t.name("nature"), in.Nature)
			d.Hint = i18n.T("hint.nature")
		}
	}
	if s := t.str("direction", false, "direction"); s != "" {
		d, ok := budget.ParseNature(s)
		switch {
		case !ok:
			d := t.errorf("direction", "load.direction", t.name("direction"), s)
			d.Hint = i18n.T("hint.direction", quoteList(budget.Directions))
		case in.DirectionGiven && d != in.Direction:
			t.errorf("direction", "load.direction_conflict", t.name("direction"), d.Label(), in.Nature, in.Direction.Label())
		default:
			in.Direction, in.DirectionGiven = d, true
		}
	}
	if !in.DirectionGiven {
		var sure bool
		in.Direction, sure = budget.InferDirection(in.Name, in.Target)
		in.DirectionUnsure = !sure
	}
	// 无 as an actual reads as zero only where the target counts what
	// should not happen (0 起); elsewhere it says nothing was done or
	// nothing applied, which is no measure of the target.
	if in.Actual.Num != nil && in.Direction != budget.Reverse && budget.IsNoneText(in.Actual.Raw) {
		in.Actual = budget.Value{Raw: in.Actual.Raw}
	}
	in.Achieved = t.choice("achieved", "achievement level", budget.Achievements)
	in.Weight = t.pointsIn("weight", "分值 / 权重", &row.weight)
	in.Score = t.pointsIn("score", "得分", &row.score)
	in.Deviation = t.str("deviation", false, "偏差原因分析及改进措施")
	t.done()
	return in
}

func metric(t *table) *budget.Metric {
	m := &budget.Metric{Origin: t.origin()}
	m.ID = slug(t, "id", "a short id, the same in every year")
	m.Name = t.str("name", true, "指标名称")
	m.Value = t.value("value", "value")
	if _, ok := t.m["value"]; !ok {
		t.missing("value", "the value")
	}
	m.Unit = t.str("unit", false, "unit")
	m.YoY = t.percent("yoy", "同比增长, in percent")
	m.Previous = t.value("previous", "last year's value")
	m.Baseline = t.value("baseline", "the value before a change, e.g. before a reform")
	m.Target = t.value("target", "target")
	m.CompletionRate = t.percentage("completion", "完成率 as printed")
	m.Group = t.str("group", false, "group or theme")
	m.Note = t.str("note", false, "short qualifier")
	t.done()
	return m
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
