// Package synth generates synthetic content shaped like real disclosures,
// for tests and benchmarks at portal scale: bureaus with yearly reports
// holding projects with every form of indicator target, fund structures,
// headline metrics that form series across years, and Chinese narratives.
//
// Output depends only on the options: each bureau draws from its own
// random source seeded with (seed, bureau number), so bureaus can be
// generated in any order or in parallel with the same bytes. Everything it
// writes is marked as synthetic (names carry 合成示例, every file opens with
// a comment saying so); it is never example content.
package synth

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Options size the generated site.
type Options struct {
	Bureaus  int    // number of bureau folders
	Years    int    // reports per bureau, one per year
	LastYear int    // the newest year; 0 means 2024
	Seed     uint64 // the same seed gives the same bytes
}

func (o Options) lastYear() int {
	if o.LastYear == 0 {
		return 2024
	}
	return o.LastYear
}

// File is one generated file, its path relative to the source root.
type File struct {
	Path string
	Data []byte
}

// unit is the money unit of every generated report.
var unit = budget.DefaultUnit

func (o Options) banner() string {
	return fmt.Sprintf("合成数据：由 disclose-synth 生成（seed %d），仅供测试与性能基准使用，不是真实的公开报告。", o.Seed)
}

// SiteFile returns content/site.toml.
func SiteFile(opt Options) File {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", opt.banner())
	fmt.Fprintf(&b, "title = %s\n", q(fmt.Sprintf("合成示例门户（%d个部门 × %d年，非真实数据）", opt.Bureaus, opt.Years)))
	b.WriteString("base_url = \"https://synthetic.example.cn/\"\nlanguage = \"zh-CN\"\nunit = \"万元\"\n\n")
	b.WriteString("[publisher]\nname = \"disclose 合成示例数据\"\nlicense = \"CC0-1.0\"\n")
	return File{Path: "content/site.toml", Data: b.Bytes()}
}

// Slug is the folder name of bureau i (0-based).
func Slug(i int) string { return fmt.Sprintf("synth-%05d-%s", i+1, depts[i%len(depts)].slug) }

// Bureau returns the files of bureau i (0-based), in path order.
func Bureau(opt Options, i int) []File {
	g := &gen{opt: opt, r: rand.New(rand.NewPCG(opt.Seed, uint64(i)+1)), i: i}
	return g.bureau()
}

// Generate calls emit with every file of the site, site.toml first and
// then bureau by bureau, in a fixed order.
func Generate(opt Options, emit func(File) error) error {
	if err := emit(SiteFile(opt)); err != nil {
		return err
	}
	for i := 0; i < opt.Bureaus; i++ {
		for _, f := range Bureau(opt, i) {
			if err := emit(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// MapFS returns the generated site as an in-memory file system.
func MapFS(opt Options) fstest.MapFS {
	m := fstest.MapFS{}
	Generate(opt, func(f File) error {
		m[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		return nil
	})
	return m
}

// WriteDir writes the generated site under dir (dir/content/...), using
// workers goroutines (at least one). Files already in dir are overwritten;
// others are left alone.
func WriteDir(dir string, opt Options, workers int) error {
	if workers < 1 {
		workers = 1
	}
	if err := writeFile(dir, SiteFile(opt)); err != nil {
		return err
	}
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		next     = make(chan int)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				for _, f := range Bureau(opt, i) {
					if err := writeFile(dir, f); err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						break
					}
				}
			}
		}()
	}
	for i := 0; i < opt.Bureaus; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}

func writeFile(dir string, f File) error {
	p := filepath.Join(dir, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, f.Data, 0o644)
}

// gen draws one bureau.
type gen struct {
	opt Options
	r   *rand.Rand
	i   int
}

func (g *gen) intn(lo, hi int) int   { return lo + g.r.IntN(hi-lo+1) } // lo..hi inclusive
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func pick[T any](g *gen, xs []T) T   { return xs[g.r.IntN(len(xs))] }

type bureauInfo struct {
	slug, name, short, region, code, level string
	d                                      dept
	metrics                                []metricTpl
	values                                 []int64 // current value of each metric, in hundredths
}

func (g *gen) bureau() []File {
	d := depts[g.i%len(depts)]
	r := g.i / len(depts)
	city := cities[r%len(cities)]
	region := city.name + "市"
	level := "市级"
	if k := r / len(cities); k > 0 {
		region += fmt.Sprintf("第%d区", k)
		level = "县级"
	}
	bi := &bureauInfo{
		slug:   Slug(g.i),
		name:   region + d.name + "（合成示例）",
		short:  d.short,
		region: region + "（合成示例）",
		code:   fmt.Sprintf("99%04d", r%10000),
		level:  level,
		d:      d,
	}
	// Headline metrics: the same ids every year, forming series.
	perm := g.r.Perm(len(metricPool))
	n := g.intn(5, 15)
	for _, k := range perm[:n] {
		m := metricPool[k]
		bi.metrics = append(bi.metrics, m)
		v := m.base * int64(g.intn(60, 140)) / 100
		if v < 100 {
			v = 100
		}
		bi.values = append(bi.values, v)
	}

	dir := path.Join("content", bi.slug)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", g.opt.banner())
	fmt.Fprintf(&b, "name = %s\nshort_name = %s\nregion = %s\nregion_code = %s\nlevel = %s\n",
		q(bi.name), q(bi.short), q(bi.region), q(bi.code), q(bi.level))
	b.WriteString("functions = [\n")
	for _, f := range d.functions {
		fmt.Fprintf(&b, "  %s,\n", q(f))
	}
	b.WriteString("]\n")
	files := []File{{Path: path.Join(dir, "bureau.toml"), Data: bytes.Clone(b.Bytes())}}

	first := g.opt.lastYear() - g.opt.Years + 1
	var prevValues []int64
	for y := first; y <= g.opt.lastYear(); y++ {
		these := append([]int64(nil), bi.values...)
		rep := g.report(bi, y, prevValues)
		prevValues = these
		ys := strconv.Itoa(y)
		if rep.attachment != nil {
			files = append(files, File{Path: path.Join(dir, ys, rep.attachmentName), Data: rep.attachment})
		}
		files = append(files,
			File{Path: path.Join(dir, ys+".md"), Data: rep.md},
			File{Path: path.Join(dir, ys+".toml"), Data: rep.toml})
	}
	return files
}

type report struct {
	toml, md       []byte
	attachment     []byte
	attachmentName string
}

// project is a generated project, kept for the funds, the narrative and
// the links between them.
type project struct {
	id, name                              string
	initial, adjusted, received, executed int64 // hundredths of 万元
	hasAdjusted, hasReceived              bool
	goal, outcome, deviation              string
	score                                 budget.Points
}

// wan renders hundredths of 万元 as a TOML decimal.
func wan(c int64) string { return budget.Amount(c * 10_000).Decimal(unit) }

func (g *gen) amount(lo, hi float64) int64 {
	// Log-uniform between lo and hi 万元, in hundredths.
	f := lo * math.Pow(hi/lo, g.r.Float64())
	return int64(f * 100)
}

func (g *gen) report(bi *bureauInfo, year int, prev []int64) report {
	var t bytes.Buffer
	fmt.Fprintf(&t, "# %s\n# %s %d年项目支出绩效自评报告（合成）\n\n", g.opt.banner(), bi.name, year)
	fmt.Fprintf(&t, "title = \"%d年项目支出绩效自评报告\"\nyear = %d\nkind = \"项目支出绩效自评\"\nunit = \"万元\"\n", year, year)
	approvedM, approvedD := g.intn(1, 2), g.intn(1, 28)
	pubM, pubD := g.intn(3, 9), g.intn(1, 28)
	fmt.Fprintf(&t, "approved = %04d-%02d-%02d\npublished = %04d-%02d-%02d\n", year+1, approvedM, approvedD, year+1, pubM, pubD)
	var rep report
	if g.chance(0.15) {
		rep.attachmentName = "自评报告原文（合成）.txt"
		rep.attachment = []byte(fmt.Sprintf("%s\n%s %d年项目支出绩效自评报告（合成示例原文）\n", g.opt.banner(), bi.name, year))
		fmt.Fprintf(&t, "source = %s\n", q(fmt.Sprintf("%d/%s", year, rep.attachmentName)))
	}

	// 人员情况
	auth := g.intn(30, 500)
	actual := auth * g.intn(80, 100) / 100
	admin := actual * g.intn(50, 90) / 100
	retired := g.intn(10, 300)
	li := g.intn(0, 2)
	fmt.Fprintf(&t, "\n[staff]\nauthorized = %d\nactual = %d\nretired = %d\n", auth, actual, retired)
	fmt.Fprintf(&t, "\n[staff.actual_by_type]\n\"行政编制\" = %d\n\"事业编制\" = %d\n", admin, actual-admin)
	fmt.Fprintf(&t, "\n[staff.retired_by_type]\n\"离休\" = %d\n\"退休\" = %d\n", li, retired-li)

	// Projects first (the funds link to them), written after the funds.
	nProj := g.intn(3, 12)
	var projects []*project
	var pt bytes.Buffer
	used := map[string]int{}
	for k := 0; k < nProj; k++ {
		projects = append(projects, g.project(&pt, bi, k, used))
	}
	g.funds(&t, projects)
	t.Write(pt.Bytes())
	g.metrics(&t, bi, prev)

	rep.toml = t.Bytes()
	rep.md = g.narrative(bi, year, projects, auth, actual)
	return rep
}

func (g *gen) project(t *bytes.Buffer, bi *bureauInfo, k int, used map[string]int) *project {
	th := pick(g, projectThemes)
	used[th.slug]++
	p := &project{id: fmt.Sprintf("%s-%d", th.slug, used[th.slug]), name: bi.d.short + th.name}
	if used[th.slug] > 1 {
		p.name += fmt.Sprintf("（%d）", used[th.slug])
	}
	p.initial = g.amount(5, 2000)
	p.adjusted = p.initial
	if g.chance(0.3) {
		p.adjusted = p.initial * int64(g.intn(80, 140)) / 100
		p.hasAdjusted = p.adjusted != p.initial
	}
	p.received = p.adjusted
	if g.chance(0.1) {
		p.received = p.adjusted * int64(g.intn(95, 99)) / 100
		p.hasReceived = true
	}
	var rate int
	switch x := g.r.Float64(); {
	case x < 0.8:
		rate = g.intn(950, 1000)
	case x < 0.92:
		rate = g.intn(900, 949)
	default:
		rate = g.intn(600, 899)
	}
	p.executed = p.received * int64(rate) / 1000
	if p.executed*10 < p.adjusted*9 {
		p.deviation = pick(g, deviations)
	}
	p.goal = pick(g, phrases) + pick(g, endings)
	p.outcome = pick(g, phrases) + pick(g, phrases) + pick(g, endings)

	fmt.Fprintf(t, "\n[[projects]]\nid = %s\nname = %s\n", q(p.id), q(p.name))
	if g.chance(0.5) {
		fmt.Fprintf(t, "code = \"%04d%06d\"\n", 4300+g.i%100, g.r.IntN(1_000_000))
	}
	fmt.Fprintf(t, "initial = %s\n", wan(p.initial))
	fmt.Fprintf(t, "adjusted = %s\n", wan(p.adjusted)) // the form prints it, changed or not
	if p.hasReceived {
		fmt.Fprintf(t, "received = %s\n", wan(p.received))
	}
	fmt.Fprintf(t, "executed = %s\n", wan(p.executed))
	fmt.Fprintf(t, "goal = %s\noutcome = %s\n", q(p.goal), q(p.outcome))
	if p.deviation != "" {
		fmt.Fprintf(t, "deviation = %s\n", q(p.deviation))
	}

	// 年度资金总额 rows: this year's appropriation and last year's carry-over.
	var fundRows bytes.Buffer // written after the project's own keys
	if g.chance(0.3) && p.initial > 100 {
		carry := min(p.initial, p.adjusted) * int64(g.intn(5, 30)) / 100
		carryExec := min(carry, p.executed)
		fmt.Fprintf(&fundRows, "\n[[projects.funds]]\nsource = \"当年财政拨款\"\ninitial = %s\nadjusted = %s\nexecuted = %s\n",
			wan(p.initial-carry), wan(p.adjusted-carry), wan(p.executed-carryExec))
		fmt.Fprintf(&fundRows, "\n[[projects.funds]]\nsource = \"上年结转资金\"\ninitial = %s\nadjusted = %s\nexecuted = %s\n",
			wan(carry), wan(carry), wan(carryExec))
	}

	// Indicators: 产出 50 (or 40 with 成本 10), 效益 30, 满意度 10, execution 10.
	n := g.intn(6, 20)
	nSat := g.intn(1, 2)
	nBen := g.intn(2, min(5, n-nSat-2))
	nCost := 0
	if n-nSat-nBen >= 5 && g.chance(0.3) {
		nCost = g.intn(1, 2)
	}
	nOut := n - nSat - nBen - nCost
	outW := int64(50)
	if nCost > 0 {
		outW = 40
	}
	var rows []indRow
	rows = append(rows, g.indicators(outputIndicators, nOut, outW)...)
	rows = append(rows, g.indicators(costIndicators, nCost, 10)...)
	rows = append(rows, g.indicators(benefitIndicators, nBen, 30)...)
	rows = append(rows, g.indicators(satisfactionIndicators, nSat, 10)...)

	weight := budget.Points(1000)
	bp := &budget.Project{Form: budget.DefaultForm, Adjusted: budget.Amt(budget.Amount(p.adjusted)), Executed: budget.Amt(budget.Amount(p.executed)), ExecutionWeight: &weight}
	exec := *bp.ComputedExecutionScore()
	total := exec
	for _, row := range rows {
		total += row.score
	}
	published := total
	if g.chance(0.03) {
		published += 50 // a published total that does not add up, as real tables sometimes have
	}
	if published > 10000 {
		published = total
	}
	p.score = published
	fmt.Fprintf(t, "execution_weight = 10\nexecution_score = %s\nscore = %s\ngrade = %s\n", exec, published, q(budget.Grade(published)))
	t.Write(fundRows.Bytes())
	for _, row := range rows {
		t.WriteString(row.toml)
	}
	return p
}

type indRow struct {
	toml  string
	score budget.Points
}

// indicators draws n rows from pool sharing weight points of the total.
func (g *gen) indicators(pool []indTpl, n int, weight int64) []indRow {
	if n == 0 {
		return nil
	}
	perm := g.r.Perm(len(pool))
	rows := make([]indRow, 0, n)
	base, extra := weight/int64(n), weight%int64(n)
	for k := 0; k < n; k++ {
		tpl := pool[perm[k%len(pool)]]
		name := tpl.name
		if k >= len(pool) {
			name += fmt.Sprintf("（%d）", k/len(pool)+1)
		}
		w := base * 100
		if int64(k) < extra {
			w += 100
		}
		rows = append(rows, g.indicator(tpl, name, budget.Points(w)))
	}
	return rows
}

func (g *gen) indicator(tpl indTpl, name string, w budget.Points) indRow {
	met := g.chance(0.88)
	var target, actual string // as written in TOML (already quoted when strings)
	var tText, aText string   // as printed, for scoring
	unitKey := ""
	partial := false
	switch tpl.kind {
	case kindCount:
		n := g.intn(10, 5000)
		a := n + n*g.intn(0, 15)/100
		if !met {
			a = n * g.intn(70, 99) / 100
		}
		target, actual = strconv.Itoa(n), strconv.Itoa(a)
		tText, aText = target, actual
		unitKey = tpl.unit
	case kindGECount:
		n := g.intn(4, 200)
		a := n + n*g.intn(0, 20)/100
		if !met {
			a = n * g.intn(60, 95) / 100
		}
		tText, aText = fmt.Sprintf("≥%d%s", n, tpl.unit), fmt.Sprintf("%d%s", a, tpl.unit)
	case kindGEPct, kindPct:
		n := g.intn(80, 98)
		a := n*10 + g.intn(0, (100-n)*10)
		if !met {
			a = n*10 - g.intn(5, 50)
		}
		op := "≥"
		if tpl.kind == kindPct {
			op = ""
		}
		tText, aText = fmt.Sprintf("%s%d%%", op, n), fmt.Sprintf("%s%%", tenths(a))
	case kindLEDays:
		n := g.intn(5, 60)
		a := g.intn(max(1, n/2), n)
		if !met {
			a = n + g.intn(1, max(1, n/3))
		}
		tText, aText = fmt.Sprintf("≤%d天", n), fmt.Sprintf("%d天", a)
	case kindEQPct:
		tText, aText = "=100%", "100%"
		if !met {
			aText = fmt.Sprintf("%d%%", g.intn(85, 99))
		}
	case kindLECost:
		n := g.intn(5, 500)
		a := n*100 - g.intn(0, n*10)
		if !met {
			a = n*100 + g.intn(1, n*10)
		}
		tText, aText = fmt.Sprintf("≤%d万元", n), fmt.Sprintf("%s万元", wan(int64(a)))
	case kindQual:
		tText = pick(g, qualTargets)
		aText = tText
		if !met {
			aText, partial = "基本完成", true
		}
	}
	if target == "" {
		target, actual = q(tText), q(aText)
	}
	in := &budget.Indicator{Target: budget.ParseValue(tText), Actual: budget.ParseValue(aText), Weight: &w}
	in.Direction, _ = budget.InferDirection("", in.Target)
	var score budget.Points
	if in.Direction == budget.Qualitative {
		score = w
		if partial {
			score = w * 70 / 100
		}
	} else if c := in.ComputedScore(budget.DefaultScoring()); c != nil {
		score = *c
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n[[projects.indicators]]\nlevel1 = %s\nlevel2 = %s\nname = %s\ntarget = %s\nactual = %s\n",
		q(tpl.level1), q(tpl.level2), q(name), target, actual)
	if unitKey != "" {
		fmt.Fprintf(&b, "unit = %s\n", q(unitKey))
	}
	fmt.Fprintf(&b, "weight = %s\nscore = %s\n", w, score)
	if in.Met() == budget.MetNo {
		fmt.Fprintf(&b, "deviation = %s\n", q(pick(g, deviations)))
	}
	return indRow{toml: b.String(), score: score}
}

func tenths(n int) string {
	if n%10 == 0 {
		return strconv.Itoa(n / 10)
	}
	return fmt.Sprintf("%d.%d", n/10, n%10)
}

var itemNames = []string{"人员经费", "日常公用经费", "上年结转", "其他资金", "非税执收成本", "纪检派驻机构专项", "业务工作经费", "专项转移支付"}

// funds writes [funds]: three sources whose items (up to 12 in all) add
// up, some linked to projects by their adjusted budget.
func (g *gen) funds(t *bytes.Buffer, projects []*project) {
	type item struct {
		name, project string
		amount        int64
	}
	maxItems := g.intn(2, 12)
	var local []item
	for _, p := range projects {
		if len(local) < maxItems-1 && g.chance(0.5) {
			local = append(local, item{name: p.name, project: p.id, amount: p.adjusted})
		}
	}
	for _, k := range g.r.Perm(len(itemNames)) {
		if len(local) >= maxItems-2 {
			break
		}
		local = append(local, item{name: itemNames[k], amount: g.amount(3, 500)})
		if g.chance(0.5) {
			break
		}
	}
	left := maxItems - len(local)
	sources := []struct {
		name  string
		items []item
		sum   int64
	}{{name: "中央专项"}, {name: "省级专项"}, {name: "市级", items: local}}
	for s := 0; s < 2; s++ {
		k := 0
		if left > 0 {
			k = g.intn(0, min(2, left))
		}
		left -= k
		for j := 0; j < k; j++ {
			sources[s].items = append(sources[s].items, item{name: fmt.Sprintf("%s转移支付%d", sources[s].name, j+1), amount: g.amount(5, 800)})
		}
	}
	var total int64
	for s := range sources {
		if len(sources[s].items) == 0 {
			sources[s].sum = g.amount(10, 1500)
		}
		for _, it := range sources[s].items {
			sources[s].sum += it.amount
		}
		total += sources[s].sum
	}
	published := total
	if g.chance(0.02) {
		published += 1 // 0.01 万元 off: a published total that does not add up
	}
	fmt.Fprintf(t, "\n[funds]\ntotal = %s\n", wan(published))
	for _, s := range sources {
		fmt.Fprintf(t, "\n[[funds.sources]]\nname = %s\namount = %s\n", q(s.name), wan(s.sum))
		for _, it := range s.items {
			fmt.Fprintf(t, "\n[[funds.sources.items]]\nname = %s\namount = %s\n", q(it.name), wan(it.amount))
			if it.project != "" {
				fmt.Fprintf(t, "project = %s\n", q(it.project))
			}
		}
	}
}

// metrics writes this year's values of the bureau's headline metrics and
// moves them on for the next year.
func (g *gen) metrics(t *bytes.Buffer, bi *bureauInfo, prev []int64) {
	for k, m := range bi.metrics {
		v := bi.values[k]
		fmt.Fprintf(t, "\n[[metrics]]\nid = %s\nname = %s\n", q(m.id), q(m.name))
		switch {
		case m.text:
			fmt.Fprintf(t, "value = %s\n", q(pick(g, rankTexts)))
		default:
			fmt.Fprintf(t, "value = %s\n", num(v, m.decimals))
			if m.unit != "" {
				fmt.Fprintf(t, "unit = %s\n", q(m.unit))
			}
			switch {
			case prev != nil && prev[k] > 0 && g.chance(0.4):
				// Published growth, rounded as reports print it: it agrees
				// with the growth computed from last year's file.
				p := roundTo(prev[k], m.decimals)
				c := roundTo(v, m.decimals)
				yoy := new(big.Rat).SetFrac64((c-p)*100, p)
				fmt.Fprintf(t, "yoy = %s\n", budget.FormatRat(yoy, 2))
			case prev == nil && g.chance(0.3):
				fmt.Fprintf(t, "previous = %s\n", num(v*int64(g.intn(80, 99))/100, m.decimals))
			}
			if m.target {
				fmt.Fprintf(t, "target = %s\n", num(v*int64(g.intn(70, 100))/100, m.decimals))
			}
		}
		fmt.Fprintf(t, "group = %s\n", q(m.group))
		// Next year's value.
		next := v * int64(g.intn(95, 120)) / 100
		if m.unit == "%" && next > 9999 {
			next = 9999
		}
		if next < 100 {
			next = 100
		}
		bi.values[k] = next
	}
}

// roundTo is the value as written: whole numbers drop the hundredths.
func roundTo(v int64, decimals bool) int64 {
	if decimals {
		return v
	}
	return v / 100 * 100
}

func num(v int64, decimals bool) string {
	if !decimals {
		return strconv.FormatInt(v/100, 10)
	}
	return budget.TrimRat(big.NewRat(v, 100), 2)
}

// narrative writes the year's Markdown: the sections of a real 自评报告,
// 2–6 KB of it.
func (g *gen) narrative(bi *bureauInfo, year int, projects []*project, auth, actual int) []byte {
	size := g.intn(2048, 6144)
	var head, tail bytes.Buffer
	fmt.Fprintf(&head, "[//]: # \"%s\"\n\n", g.opt.banner())
	head.WriteString("> 本报告为合成示例数据，仅用于测试与性能基准，不是真实的公开报告。\n\n")
	head.WriteString("## 一、项目支出概况\n\n### （一）项目实施单位基本情况\n\n")
	fmt.Fprintf(&head, "%s是%s政府工作部门。本部门主要职责是：%s\n\n", bi.name, bi.region, strings.Join(bi.d.functions, ""))
	fmt.Fprintf(&head, "我部门总编制数%d人，年末实有在职人员%d人。\n\n", auth, actual)
	head.WriteString("### （二）项目资金基本情况\n\n")
	var sum int64
	for _, p := range projects {
		sum += p.adjusted
	}
	fmt.Fprintf(&head, "%d年纳入绩效评价范围的项目共%d个，全年预算数合计%s万元。\n\n", year, len(projects), wan(sum))
	head.WriteString("## 二、项目资金使用及管理情况\n\n")
	head.WriteString("| 项目 | 全年预算数（万元） | 执行数（万元） |\n|---|---:|---:|\n")
	for _, p := range projects {
		fmt.Fprintf(&head, "| %s | %s | %s |\n", p.name, wan(p.adjusted), wan(p.executed))
	}
	head.WriteString("\n## 三、项目组织实施情况\n\n")

	tail.WriteString("## 四、项目绩效情况\n\n")
	for k, p := range projects {
		fmt.Fprintf(&tail, "### （%s）%s\n\n%s自评得分%s分。\n\n", cnNum(k+1), p.name, p.outcome, p.score)
	}
	tail.WriteString("## 五、存在的问题及原因\n\n")
	for k, x := range g.r.Perm(len(problems))[:g.intn(2, 4)] {
		fmt.Fprintf(&tail, "%d. %s\n", k+1, problems[x])
	}
	tail.WriteString("\n## 六、下一步改进措施\n\n")
	for _, x := range g.r.Perm(len(measures))[:g.intn(2, 4)] {
		fmt.Fprintf(&tail, "- %s\n", measures[x])
	}

	for head.Len()+tail.Len() < size {
		for s := g.intn(2, 4); s > 0; s-- {
			head.WriteString(pick(g, phrases))
		}
		head.WriteString(pick(g, endings))
		head.WriteString("\n\n")
	}
	head.Write(tail.Bytes())
	return head.Bytes()
}

var cnDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func cnNum(n int) string {
	switch {
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n-10]
	}
	return strconv.Itoa(n)
}

// q quotes s as a TOML basic string.
func q(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
