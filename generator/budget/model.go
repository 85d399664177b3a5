package budget

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"sort"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// Origin tells where an object was read from, so that checks can point at
// the key a clerk typed: the file and the object's path in it (its table's
// keys from the document's root, rows by their index: ["projects", "2"]).
// Keys are looked up in the file only for the problems reported
// (load.ResolveKeys): a file read without a problem never pays for the
// places of its keys. It is plain data, so that the model holds nothing
// of the file's decode state.
type Origin struct {
	File string   // path of the file, relative to the source root
	Path []string // the object's table in the file; nil at the top
}

// Pos returns the place of a key of the object, to be looked up in the
// file when a problem is reported: the key where it is written, else the
// object itself (a required key that is missing), else the nearest
// enclosing table that is written.
func (o Origin) Pos(key string) diag.Pos {
	return diag.Pos{Key: tomlpos.Join(append(o.Path[:len(o.Path):len(o.Path)], key)...)}
}

// Site is the whole portal.
type Site struct {
	Config  Config
	Bureaus []*Bureau // sorted by slug
}

// Config is site.toml with every default applied.
type Config struct {
	Origin
	Title     string
	BaseURL   string
	Language  string
	Theme     string
	Unit      Unit
	Publisher Publisher
	Scoring   Scoring
}

// Publisher is who publishes the open data, and under which license.
type Publisher struct {
	Name, Contact, License string
}

// Scoring holds the region's scoring rules.
type Scoring struct {
	// ExecutionWeight is the standard 分值 of the execution row for the
	// forms that score it 10 by default; 0 leaves each form's own.
	ExecutionWeight Points
	// FormWeights set it per form id ([scoring.<form>] in site.toml).
	FormWeights      map[string]Points
	ReverseRule      string // "ratio" or "linear"
	QualitativeBands [2]int // lower bounds in percent of weight: 达成, 部分达成
}

// DefaultScoring is the national rule set.
func DefaultScoring() Scoring {
	return Scoring{ReverseRule: "ratio", QualitativeBands: [2]int{80, 60}}
}

// StandardExecutionWeight is the 分值 the region's rules give the
// execution row of a form. It is a rule, not a published figure: checks
// use it where a table did not print the 分值, pages never show it.
func (s Scoring) StandardExecutionWeight(f *Form) Points {
	if w, ok := s.FormWeights[f.ID]; ok {
		return w
	}
	// [scoring] execution_weight is the region's rule for the forms whose
	// standard it replaces (10 points); the 20-point variant keeps its 20
	// unless [scoring.execution20] says otherwise.
	if s.ExecutionWeight > 0 && f.Scored && f.ExecutionWeight == DefaultForm.ExecutionWeight {
		return s.ExecutionWeight
	}
	return f.ExecutionWeight
}

// Bureau is one department and its reports.
type Bureau struct {
	Origin
	Slug       string
	Name       string
	ShortName  string
	Region     string
	RegionCode string
	Level      string
	Website    string
	Functions  []string
	Reports    []*Report // sorted by year
	// Unread counts the report files that could not be read (their
	// errors say why): the bureau has reports, only not yet readable ones.
	Unread int
}

// DisplayName is the short name where one is given.
func (b *Bureau) DisplayName() string {
	if b.ShortName != "" {
		return b.ShortName
	}
	return b.Name
}

// Report returns the report of a year, or nil.
func (b *Bureau) Report(year int) *Report {
	for _, r := range b.Reports {
		if r.Year == year {
			return r
		}
	}
	return nil
}

// Date is a calendar date as published.
type Date struct{ Year, Month, Day int }

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.Year == 0 }

// String is the ISO form, 2024-04-30: fmt's "%04d-%02d-%02d". The feed,
// the sitemap and the home page's sort by date format every report's
// dates on each build that makes them (30,000 at 10,000 reports), so a
// date of the usual range is written by hand; any other goes to fmt.
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	b := [10]byte{
		byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-',
		byte('0' + d.Day/10), byte('0' + d.Day%10),
	}
	return string(b[:])
}

// Chinese is the form used on pages: 2024年4月30日.
func (d Date) Chinese() string { return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day) }

// Report is one bureau's disclosure for one year.
type Report struct {
	Origin
	Bureau    *Bureau
	Year      int
	Title     string
	Kind      string
	Published Date
	Approved  Date
	Unit      Unit
	Source    string // file under <year>/, linked from the page
	SourceURL string
	Staff     *Staff
	Funds     *Funds
	Form      *Form // the form of its tables unless a table says otherwise
	Declared  *Declared
	Projects  []*Project
	Metrics   []*Metric
	// Narrative is the Markdown of <year>.md, and NarrativeFile its path.
	Narrative     []byte
	NarrativeFile string
	// Attachments are the files under <year>/, relative to it, sorted.
	Attachments []string
	// summary is what Summarize kept of the projects it let go.
	summary *summary
}

// summary is what the pages of the whole site read of a report's
// projects: their stated figures, their sums and their number.
type summary struct {
	stated   Stated
	totals   Totals
	projects int
}

// Summarize lets go of the report's projects, keeping what the pages of
// the whole site (home, years, feed, sitemap) read of them: Stated,
// Totals and ProjectCount answer as before, from figures computed now.
// A build keeps every report's model for those pages to the end; its
// projects (a struct, amounts and rates each) were over half of it, and
// at 20,000 reports the heap they held made the collector bind. After
// it, Projects is empty, Project finds none and fund items link none:
// only the pages of the whole site may be made from the report.
func (r *Report) Summarize() {
	if r.summary != nil {
		return
	}
	r.summary = &summary{stated: r.Stated(), totals: r.Totals(), projects: len(r.Projects)}
	r.Projects = nil
	if r.Funds != nil {
		for _, src := range r.Funds.Sources {
			for _, it := range src.Items {
				it.Project = nil
			}
		}
	}
}

// ProjectCount is the number of projects the report lists (also once
// Summarize let go of them).
func (r *Report) ProjectCount() int {
	if r.summary != nil {
		return r.summary.projects
	}
	return len(r.Projects)
}

// DropDetail lets go of what only the report's own page, data files and
// search entries show (indicator rows, metrics, the narrative, project
// texts), keeping what the pages of the whole site read: title, dates,
// funds and the projects' amounts. A build of a large site calls it once
// a bureau's pages and files are made, so that memory does not grow with
// the detail of every report.
func (r *Report) DropDetail() {
	r.Narrative, r.Metrics = nil, nil
	r.Origin.Path = nil // positions are for problems, all found by now
	for _, p := range r.Projects {
		p.Indicators = nil
		p.Goal, p.Outcome, p.Deviation = "", "", ""
		p.Origin.Path = nil
		for i := range p.Funds {
			p.Funds[i].Origin.Path = nil
		}
	}
	if r.Funds != nil {
		r.Funds.Origin.Path = nil
		for _, src := range r.Funds.Sources {
			src.Origin.Path = nil
			for _, it := range src.Items {
				it.Origin.Path = nil
			}
		}
	}
	if r.Staff != nil {
		r.Staff.Origin.Path = nil
	}
	if r.Declared != nil {
		r.Declared.Origin.Path = nil
	}
}

// Previous returns the same bureau's report of the year before, or nil.
func (r *Report) Previous() *Report { return r.Bureau.Report(r.Year - 1) }

// Project returns the project with the id, or nil.
func (r *Report) Project(id string) *Project {
	for _, p := range r.Projects {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Totals sums the projects' amounts, each over the projects that
// published it.
func (r *Report) Totals() Totals {
	if r.summary != nil {
		return r.summary.totals
	}
	var t Totals
	for _, p := range r.Projects {
		t.Initial.Add(p.Initial)
		a, _ := p.AdjustedFigure()
		t.Adjusted.Add(a)
		t.Received.Add(p.Received)
		t.Executed.Add(p.Executed)
		t.Base.Add(p.RateBase())
	}
	return t
}

// Totals are sums over projects; each says how many projects it covers.
type Totals struct {
	Initial, Adjusted, Received, Executed Sum
	Base                                  Sum // each project's 执行率 denominator
}

// rateOf is num / den where both were published and den is not zero.
func rateOf(num, den *Amount) (Ratio, bool) {
	n, d, ok := Both(num, den)
	if !ok || d == 0 {
		return Ratio{}, false
	}
	return Ratio{int64(n), int64(d)}, true
}

// Stated are the figures a report gives for its evaluated projects as a
// whole: its own 合计 where it printed one (the [totals] table), else
// the sum over its projects where every project printed the figure.
type Stated struct {
	Projects                                    int
	Initial, Adjusted, Received, Executed, Base *Amount
	// Published tells, per figure, that the report printed it as a total.
	InitialPublished, AdjustedPublished, ReceivedPublished, ExecutedPublished bool
	ExecutionRate, ReceiptRate                                                *Percent // as printed
	Balance                                                                   *Amount  // as printed
}

// Stated returns the report's figures for its evaluated projects.
func (r *Report) Stated() Stated {
	if r.summary != nil {
		return r.summary.stated
	}
	t := r.Totals()
	s := Stated{Projects: len(r.Projects), Initial: t.Initial.Known(), Adjusted: t.Adjusted.Known(),
		Received: t.Received.Known(), Executed: t.Executed.Known(), Base: t.Base.Known()}
	if d := r.Declared; d != nil && d.Projects > len(r.Projects) {
		// The report evaluated more projects than it lists: a sum over
		// those listed is no total.
		s.Initial, s.Adjusted, s.Received, s.Executed, s.Base = nil, nil, nil, nil, nil
	}
	if len(r.Projects) == 1 {
		// The only table's printed rates are the report's own.
		p := r.Projects[0]
		s.ExecutionRate, s.ReceiptRate, s.Balance = p.ExecutionRate, p.ReceiptRate, p.Balance
	}
	if d := r.Declared; d != nil {
		if d.Projects > 0 {
			s.Projects = d.Projects
		}
		pick := func(dst **Amount, pub *bool, v *Amount) {
			if v != nil {
				*dst, *pub = v, true
			}
		}
		pick(&s.Initial, &s.InitialPublished, d.Initial)
		pick(&s.Adjusted, &s.AdjustedPublished, d.Adjusted)
		pick(&s.Received, &s.ReceivedPublished, d.Received)
		pick(&s.Executed, &s.ExecutedPublished, d.Executed)
		if d.Adjusted != nil && !r.anyInitialBase() {
			s.Base = d.Adjusted
		}
		for _, f := range []struct {
			dst **Percent
			v   *Percent
		}{{&s.ExecutionRate, d.ExecutionRate}, {&s.ReceiptRate, d.ReceiptRate}} {
			if f.v != nil {
				*f.dst = f.v
			}
		}
		if d.Balance != nil {
			s.Balance = d.Balance
		}
	}
	return s
}

// anyInitialBase reports whether a project divides by 年初预算数.
func (r *Report) anyInitialBase() bool {
	for _, p := range r.Projects {
		if p.ExecutionBase == "initial" {
			return true
		}
	}
	return false
}

// ComputedExecutionRate is executed / base from the stated amounts.
func (s Stated) ComputedExecutionRate() (Ratio, bool) { return rateOf(s.Executed, s.Base) }

// ComputedReceiptRate is received / adjusted from the stated amounts.
func (s Stated) ComputedReceiptRate() (Ratio, bool) { return rateOf(s.Received, s.Adjusted) }

// ComputedBalance is received − executed from the stated amounts.
func (s Stated) ComputedBalance() (Amount, bool) {
	r, e, ok := Both(s.Received, s.Executed)
	return r - e, ok
}

// Declared is a report's printed 合计 of its evaluated projects
// ([totals]): every figure as printed, each may be absent.
type Declared struct {
	Origin
	Projects                              int // how many projects the report says it evaluated
	Initial, Adjusted, Received, Executed *Amount
	Balance                               *Amount
	ExecutionRate, ReceiptRate            *Percent
}

// CompareExecution orders reports' stated figures as lists of bureaus
// show them: by execution rate, lowest first (those need attention),
// rates that cannot be computed last. It returns -1, 0 or +1; callers
// break ties (by bureau).
func CompareExecution(a, b Stated) int {
	// In int64 arithmetic (products in 128 bits) where the rates allow:
	// the home page and a year's page sort 10,000 reports by their
	// rates, and two big.Rat a comparison were a tenth of a build after
	// a corrected figure.
	if xn, xd, okx, fast := a.shownRate(); fast {
		if yn, yd, oky, fast := b.shownRate(); fast {
			switch {
			case okx != oky:
				if okx {
					return -1
				}
				return 1
			case !okx:
				return 0
			}
			return cmpFrac(xn, xd, yn, yd)
		}
	}
	x, okx := a.ShownExecutionRate()
	y, oky := b.ShownExecutionRate()
	switch {
	case okx != oky:
		if okx {
			return -1
		}
		return 1
	case !okx:
		return 0
	}
	return x.Cmp(y)
}

// shownRate is ShownExecutionRate as n/d (d > 0) in int64s; fast is
// false where it cannot be had so (ShownExecutionRate then).
func (s Stated) shownRate() (n, d int64, ok, fast bool) {
	if s.ExecutionRate != nil {
		pn, pd, small := smallRat(s.ExecutionRate.Value)
		if !small {
			return 0, 0, false, false
		}
		return pn, pd * 100, true, true // pd < 2³¹
	}
	r, ok := s.ComputedExecutionRate()
	switch {
	case !ok:
		return 0, 0, false, true
	case r.Num == math.MinInt64 || r.Den == math.MinInt64:
		return 0, 0, false, false
	case r.Den < 0:
		return -r.Num, -r.Den, true, true
	}
	return r.Num, r.Den, true, true
}

// cmpFrac compares a/b with c/d (b, d > 0, no operand math.MinInt64)
// exactly, the cross products taken in 128 bits.
func cmpFrac(a, b, c, d int64) int {
	sa, sc := cmp.Compare(a, 0), cmp.Compare(c, 0)
	if sa != sc || sa == 0 {
		return cmp.Compare(sa, sc)
	}
	ua, uc := uint64(a), uint64(c)
	if sa < 0 {
		ua, uc = uint64(-a), uint64(-c)
	}
	h1, l1 := bits.Mul64(ua, uint64(d))
	h2, l2 := bits.Mul64(uc, uint64(b))
	r := cmp.Compare(h1, h2)
	if r == 0 {
		r = cmp.Compare(l1, l2)
	}
	return r * sa
}

// ShownExecutionRate is the execution rate pages show for the report, as
// a fraction: as printed, else as computed from the stated amounts.
func (s Stated) ShownExecutionRate() (*big.Rat, bool) {
	if s.ExecutionRate != nil {
		return new(big.Rat).Quo(s.ExecutionRate.Value, big.NewRat(100, 1)), true
	}
	r, ok := s.ComputedExecutionRate()
	if !ok {
		return nil, false
	}
	return r.Rat(), true
}

// Staff is 人员情况.
type Staff struct {
	Origin
	Authorized, Actual, Retired int
	ActualByType                []Count
	RetiredByType               []Count
	HasAuthorized, HasActual    bool
	HasRetired                  bool
}

// Count is one row of a staff breakdown.
type Count struct {
	Name  string
	Count int
}

// Funds is 资金结构.
type Funds struct {
	Origin
	Total   *Amount // as printed
	Sources []*FundSource
}

// SourcesSum adds the sources that printed an amount.
func (f *Funds) SourcesSum() Sum {
	var s Sum
	for _, src := range f.Sources {
		s.Add(src.Amount)
	}
	return s
}

// Stated is the total the funds section gives: as printed, else the sum
// of its sources where every source printed an amount; ok is false when
// neither is known. computed tells that it is a sum.
func (f *Funds) Stated() (total Amount, computed, ok bool) {
	if f.Total != nil {
		return *f.Total, false, true
	}
	if s := f.SourcesSum(); s.Complete() {
		return s.Amount, true, true
	}
	return 0, false, false
}

// FundSource is one source of money, e.g. 中央专项.
type FundSource struct {
	Origin
	Name   string
	Amount *Amount // as printed
	Items  []*FundItem
}

// ItemsSum adds the items that printed an amount.
func (s *FundSource) ItemsSum() Sum {
	var t Sum
	for _, it := range s.Items {
		t.Add(it.Amount)
	}
	return t
}

// Share is the source's part of the total, where its amount was printed.
func (s *FundSource) Share(total Amount) (Ratio, bool) { return rateOf(s.Amount, &total) }

// FundItem is one line under a source.
type FundItem struct {
	Origin
	Name      string
	Amount    *Amount // as printed
	ProjectID string
	Project   *Project // resolved link, or nil
}

// Project is one 自评表 (or, for a narrative report, the figures its
// prose gives for one project or for the whole department). Every figure
// is as published and may be absent.
type Project struct {
	Origin
	Form              *Form
	ID                string
	Name              string
	Department        string // 主管部门 (地方主管部门 in a transfer-payment table)
	CentralDepartment string // 中央主管部门
	Implementer       string // 实施单位, 资金使用单位
	Code              string
	AsOf              Date // the date the figures stand at, where the report says (截至…)
	Initial           *Amount
	Adjusted          *Amount
	Received          *Amount
	Executed          *Amount
	Income            *Amount // 收入, in a department-wide table
	// Change is 预算调整数 as printed (追加 positive, 调减 negative), where a
	// report gives the adjustment rather than the adjusted budget.
	Change *Amount
	// ExecutionBase names the amount the form divides by for 执行率:
	// "adjusted" (全年预算数(A), the usual) or "initial" where the form
	// marks 年初预算数 as (A).
	ExecutionBase string
	ExecutionRate *Percent // 执行率 as printed
	ReceiptRate   *Percent // 到位率 as printed
	Balance       *Amount  // 结余 as printed
	Funds         []ProjectFund
	Goal          string
	Outcome       string
	Deviation     string // why execution fell short, and what is done about it

	ExecutionWeight *Points // 分值 of the execution row, as printed
	ExecutionScore  *Points // 得分 of the execution row, as printed
	GoalWeight      *Points // 分值 of 年度目标完成情况, where the form scores it
	GoalScore       *Points
	Score           *Points // 总分 as published
	Grade           string  // as published
	Indicators      []*Indicator
}

// ProjectFund is one row under 年度资金总额 (or 基本支出, 人员经费 … in a
// department-wide table).
type ProjectFund struct {
	Origin
	Source                      string
	Initial, Adjusted, Executed *Amount
	ExecutionRate               *Percent // as printed
}

// ComputedExecutionRate is the row's executed / base, where base is the
// column the project's 执行率 divides by ("initial" or "adjusted").
func (pf ProjectFund) ComputedExecutionRate(base string) (Ratio, bool) {
	if base == "initial" {
		return rateOf(pf.Executed, pf.Initial)
	}
	return rateOf(pf.Executed, pf.Adjusted)
}

// AdjustedFigure is 全年预算数: as printed, or else derived as 年初预算数 +
// 预算调整数 where both of those were printed (derived is then true); nil
// where neither can be had.
func (p *Project) AdjustedFigure() (a *Amount, derived bool) {
	if p.Adjusted != nil {
		return p.Adjusted, false
	}
	if i, c, ok := Both(p.Initial, p.Change); ok {
		return Amt(i + c), true
	}
	return nil, false
}

// RateBase is the amount 执行率 divides by: the form's (A) column.
func (p *Project) RateBase() *Amount {
	if p.ExecutionBase == "initial" {
		return p.Initial
	}
	a, _ := p.AdjustedFigure()
	return a
}

// RateBaseLabel names the base column, for rules shown with a rate.
func (p *Project) RateBaseLabel() string {
	if p.ExecutionBase == "initial" {
		return p.Form.Initial
	}
	return p.Form.Adjusted
}

// ComputedExecutionRate is 执行率 = executed / base, where both were
// published.
func (p *Project) ComputedExecutionRate() (Ratio, bool) { return rateOf(p.Executed, p.RateBase()) }

// ComputedReceiptRate is 到位率 = received / adjusted, where both were
// published.
func (p *Project) ComputedReceiptRate() (Ratio, bool) {
	a, _ := p.AdjustedFigure()
	return rateOf(p.Received, a)
}

// ComputedBalance is 结余 = received − executed, where both were
// published.
func (p *Project) ComputedBalance() (Amount, bool) {
	r, e, ok := Both(p.Received, p.Executed)
	return r - e, ok
}

// Adjustment is adjusted − initial (追加 when positive, 调减 when
// negative), where both were published.
func (p *Project) Adjustment() (Amount, bool) {
	a, i, ok := Both(p.Adjusted, p.Initial)
	return a - i, ok
}

// ExecutionBelow reports whether the execution rate, as printed or else
// as computed, is below pct percent; false when neither is known.
func (p *Project) ExecutionBelow(pct int64) bool {
	if p.ExecutionRate != nil {
		return p.ExecutionRate.Value.Cmp(big.NewRat(pct, 1)) < 0
	}
	r, ok := p.ComputedExecutionRate()
	return ok && r.Below(pct)
}

// Indicator is one 三级指标 row of the 自评表.
type Indicator struct {
	Origin
	Group                string // 年度绩效目标 the row stands under, where the form groups rows
	Level1, Level2, Name string
	Target, Actual       Value
	Unit                 string
	Nature               string // 指标性质 as printed
	Direction            Direction
	DirectionGiven       bool   // from nature or direction, not inferred
	DirectionUnsure      bool   // inferred, and the target alone cannot tell
	Achieved             string // 达成, 部分达成, 未达成; for qualitative rows
	Weight               *Points
	Score                *Points // as published
	Deviation            string
}

// Metric is a headline indicator, e.g. 实有经营主体 59.63 万户.
type Metric struct {
	Origin
	ID       string
	Name     string
	Value    Value
	Unit     string
	YoY      *big.Rat // published 同比, percent
	Previous Value
	Baseline Value // a value before a change that need not be last year's (由96个压减至48个)
	Target   Value
	// CompletionRate is 完成率 as printed (434.5% for 2607 of a target
	// the report does not give).
	CompletionRate *Percent
	Group          string
	Note           string
}

// Change is the growth from the baseline to the value, in percent, when
// both are numbers.
func (m *Metric) Change() (*big.Rat, bool) {
	b, v := m.Baseline.Num, m.Value.Num
	if b == nil || v == nil || b.Sign() == 0 {
		return nil, false
	}
	return growth(v, b), true
}

// Completion is value / target, when both are numbers.
func (m *Metric) Completion() (Ratio, bool) {
	return ratOf(m.Value.Num, m.Target.Num)
}

func ratOf(a, b *big.Rat) (Ratio, bool) {
	if a == nil || b == nil || b.Sign() == 0 {
		return Ratio{}, false
	}
	if an, ad, ok := smallRat(a); ok {
		if bn, bd, ok := smallRat(b); ok {
			// (an/ad) / (bn/bd), reduced as big.Rat reduces it: the
			// products stay below 2⁶², and a report reads hundreds of
			// these (every indicator's completion, several times).
			return reduced(an*bd, ad*bn), true
		}
	}
	q := new(big.Rat).Quo(a, b)
	if !q.Num().IsInt64() || !q.Denom().IsInt64() {
		return Ratio{}, false
	}
	return Ratio{q.Num().Int64(), q.Denom().Int64()}, true
}

// smallRat returns x's numerator and denominator when both are below
// 2³¹ in magnitude, so that products of two of them fit in an int64;
// ok is false otherwise (the caller then takes big.Rat's way). A
// figure of a report (600, 95.5, 0.98) is nearly always so.
func smallRat(x *big.Rat) (n, d int64, ok bool) {
	const limit = 1 << 31
	num := x.Num()
	if !num.IsInt64() {
		return 0, 0, false
	}
	n, d = num.Int64(), 1
	if !x.IsInt() { // Denom of an integer would allocate its 1
		den := x.Denom()
		if !den.IsInt64() {
			return 0, 0, false
		}
		d = den.Int64()
	}
	if n <= -limit || n >= limit || d >= limit {
		return 0, 0, false
	}
	return n, d, true
}

// cmpRat is a.Cmp(b), in int64 arithmetic where it cannot overflow.
func cmpRat(a, b *big.Rat) int {
	if an, ad, ok := smallRat(a); ok {
		if bn, bd, ok := smallRat(b); ok {
			return cmp.Compare(an*bd, bn*ad)
		}
	}
	return a.Cmp(b)
}

// reduced is num/den in lowest terms with a positive denominator, as
// big.NewRat(num, den) holds it; den ≠ 0, and neither is math.MinInt64.
func reduced(num, den int64) Ratio {
	if den < 0 {
		num, den = -num, -den
	}
	a, b := num, den
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a > 1 {
		num, den = num/a, den/a
	}
	return Ratio{num, den}
}

// SourceTotal is one fund source summed over several reports.
type SourceTotal struct {
	Name   string
	Amount Amount
	Share  Ratio // of the sum over all sources
}

// SourceTotals sums fund sources by name over reports, largest first
// (equal amounts in the order first seen), and returns the grand total.
// Sources that printed no amount are left out and counted in missing.
func SourceTotals(reports []*Report) (totals []SourceTotal, total Amount, missing int) {
	sums := map[string]Amount{}
	var order []string
	for _, r := range reports {
		if r.Funds == nil {
			continue
		}
		for _, s := range r.Funds.Sources {
			if s.Amount == nil {
				missing++
				continue
			}
			if _, ok := sums[s.Name]; !ok {
				order = append(order, s.Name)
			}
			sums[s.Name] += *s.Amount
			total += *s.Amount
		}
	}
	out := make([]SourceTotal, 0, len(order))
	for _, n := range order {
		out = append(out, SourceTotal{Name: n, Amount: sums[n], Share: Ratio{Num: int64(sums[n]), Den: int64(total)}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Amount > out[j].Amount })
	return out, total, missing
}
