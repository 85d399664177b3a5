package budget

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/disclose-portal/disclose/generator/diag"
)

// Origin tells where an object was read from, so that checks can point at
// the key a clerk typed.
type Origin struct {
	File string                        // path of the file, relative to the source root
	At   func(keys ...string) diag.Pos // position of a key under this object
}

// Pos returns the position of a key under the object (of the object itself
// with no keys).
func (o Origin) Pos(keys ...string) diag.Pos {
	if o.At == nil {
		return diag.Pos{}
	}
	return o.At(keys...)
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
	ExecutionWeight  Points
	ReverseRule      string // "ratio" or "linear"
	QualitativeBands [2]int // lower bounds in percent of weight: 达成, 部分达成
}

// DefaultScoring is the national rule set.
func DefaultScoring() Scoring {
	return Scoring{ExecutionWeight: 1000, ReverseRule: "ratio", QualitativeBands: [2]int{80, 60}}
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

// String is the ISO form, 2024-04-30.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

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
	Projects  []*Project
	Metrics   []*Metric
	// Narrative is the Markdown of <year>.md, and NarrativeFile its path.
	Narrative     []byte
	NarrativeFile string
	// Attachments are the files under <year>/, relative to it, sorted.
	Attachments []string
}

// DropDetail lets go of what only the report's own page, data files and
// search entries show (indicator rows, metrics, the narrative, project
// texts), keeping what the pages of the whole site read: title, dates,
// funds and the projects' amounts. A build of a large site calls it once
// a bureau's pages and files are made, so that memory does not grow with
// the detail of every report.
func (r *Report) DropDetail() {
	r.Narrative, r.Metrics = nil, nil
	r.Origin.At = nil // positions are for problems, all found by now
	for _, p := range r.Projects {
		p.Indicators = nil
		p.Goal, p.Outcome, p.Deviation = "", "", ""
		p.Origin.At = nil
		for i := range p.Funds {
			p.Funds[i].Origin.At = nil
		}
	}
	if r.Funds != nil {
		r.Funds.Origin.At = nil
		for _, src := range r.Funds.Sources {
			src.Origin.At = nil
			for _, it := range src.Items {
				it.Origin.At = nil
			}
		}
	}
	if r.Staff != nil {
		r.Staff.Origin.At = nil
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

// Totals sums the projects' budgets.
func (r *Report) Totals() Totals {
	var t Totals
	for _, p := range r.Projects {
		t.Initial += p.Initial
		t.Adjusted += p.Adjusted
		t.Received += p.Received
		t.Executed += p.Executed
	}
	return t
}

// Totals are sums over projects.
type Totals struct{ Initial, Adjusted, Received, Executed Amount }

// ExecutionRate is executed / adjusted.
func (t Totals) ExecutionRate() Ratio { return Ratio{int64(t.Executed), int64(t.Adjusted)} }

// CompareExecution orders totals as lists of bureaus show them: by
// execution rate, lowest first (those need attention), undefined rates
// last. It returns -1, 0 or +1; callers break ties (by bureau).
func CompareExecution(a, b Totals) int {
	x, y := a.ExecutionRate(), b.ExecutionRate()
	switch {
	case x.Defined() != y.Defined():
		if x.Defined() {
			return -1
		}
		return 1
	case !x.Defined():
		return 0
	}
	return x.Rat().Cmp(y.Rat())
}

// ReceiptRate is received / adjusted (到位率).
func (t Totals) ReceiptRate() Ratio { return Ratio{int64(t.Received), int64(t.Adjusted)} }

// Balance is received − executed (结余).
func (t Totals) Balance() Amount { return t.Received - t.Executed }

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
	Total    Amount
	HasTotal bool
	Sources  []*FundSource
}

// SourcesSum adds the sources.
func (f *Funds) SourcesSum() Amount {
	var s Amount
	for _, src := range f.Sources {
		s += src.Amount
	}
	return s
}

// FundSource is one source of money, e.g. 中央专项.
type FundSource struct {
	Origin
	Name   string
	Amount Amount
	Items  []*FundItem
}

// ItemsSum adds the items.
func (s *FundSource) ItemsSum() Amount {
	var t Amount
	for _, it := range s.Items {
		t += it.Amount
	}
	return t
}

// Share is the source's part of the total.
func (s *FundSource) Share(total Amount) Ratio { return Ratio{int64(s.Amount), int64(total)} }

// FundItem is one line under a source.
type FundItem struct {
	Origin
	Name      string
	Amount    Amount
	ProjectID string
	Project   *Project // resolved link, or nil
}

// Project is one 项目支出绩效自评表.
type Project struct {
	Origin
	ID          string
	Name        string
	Department  string
	Implementer string
	Code        string
	Initial     Amount
	Adjusted    Amount
	Received    Amount
	Executed    Amount
	Funds       []ProjectFund
	Goal        string
	Outcome     string
	Deviation   string // why execution fell short, and what is done about it

	ExecutionWeight Points
	ExecutionScore  *Points // as published
	Score           *Points // 总分 as published
	Grade           string  // as published
	Indicators      []*Indicator
}

// ProjectFund is one row under 年度资金总额.
type ProjectFund struct {
	Origin
	Source                      string
	Initial, Adjusted, Executed Amount
}

// ExecutionRate is 执行率 = executed / adjusted.
func (p *Project) ExecutionRate() Ratio { return Ratio{int64(p.Executed), int64(p.Adjusted)} }

// ReceiptRate is 到位率 = received / adjusted.
func (p *Project) ReceiptRate() Ratio { return Ratio{int64(p.Received), int64(p.Adjusted)} }

// Balance is 结余 = received − executed.
func (p *Project) Balance() Amount { return p.Received - p.Executed }

// Adjustment is adjusted − initial (追加 when positive, 调减 when negative).
func (p *Project) Adjustment() Amount { return p.Adjusted - p.Initial }

// Indicator is one 三级指标 row of the 自评表.
type Indicator struct {
	Origin
	Level1, Level2, Name string
	Target, Actual       Value
	Unit                 string
	Direction            Direction
	DirectionGiven       bool
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
	Group    string
	Note     string
}

// Change is the growth from the baseline to the value, in percent, when
// both are numbers.
func (m *Metric) Change() (*big.Rat, bool) {
	b, v := m.Baseline.Num, m.Value.Num
	if b == nil || v == nil || b.Sign() == 0 {
		return nil, false
	}
	g := new(big.Rat).Quo(new(big.Rat).Sub(v, b), b)
	return g.Mul(g, big.NewRat(100, 1)), true
}

// Completion is value / target, when both are numbers.
func (m *Metric) Completion() (Ratio, bool) {
	return ratOf(m.Value.Num, m.Target.Num)
}

func ratOf(a, b *big.Rat) (Ratio, bool) {
	if a == nil || b == nil || b.Sign() == 0 {
		return Ratio{}, false
	}
	q := new(big.Rat).Quo(a, b)
	if !q.Num().IsInt64() || !q.Denom().IsInt64() {
		return Ratio{}, false
	}
	return Ratio{q.Num().Int64(), q.Denom().Int64()}, true
}

// SourceTotal is one fund source summed over several reports.
type SourceTotal struct {
	Name   string
	Amount Amount
	Share  Ratio // of the sum over all sources
}

// SourceTotals sums fund sources by name over reports, largest first
// (equal amounts in the order first seen), and returns the grand total.
func SourceTotals(reports []*Report) ([]SourceTotal, Amount) {
	sums := map[string]Amount{}
	var order []string
	var total Amount
	for _, r := range reports {
		if r.Funds == nil {
			continue
		}
		for _, s := range r.Funds.Sources {
			if _, ok := sums[s.Name]; !ok {
				order = append(order, s.Name)
			}
			sums[s.Name] += s.Amount
			total += s.Amount
		}
	}
	out := make([]SourceTotal, 0, len(order))
	for _, n := range order {
		out = append(out, SourceTotal{Name: n, Amount: sums[n], Share: Ratio{Num: int64(sums[n]), Den: int64(total)}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Amount > out[j].Amount })
	return out, total
}
