package budget

import (
	"math/big"
	"math/bits"
)

// Met tells whether an indicator reached its target.
type Met int

// Outcomes of an indicator.
const (
	MetUnknown Met = iota // qualitative, or a number is missing
	MetYes
	MetNo
)

// Label is the Chinese word for the outcome.
func (m Met) Label() string {
	switch m {
	case MetYes:
		return "达成"
	case MetNo:
		return "未达成"
	}
	return "—"
}

// Achievement levels of qualitative indicators.
var Achievements = []string{"达成", "部分达成", "未达成"}

// Met judges the actual against the target by the indicator's direction.
func (in *Indicator) Met() Met {
	if in.DirectionUnsure {
		return MetUnknown // whether more is better is not known
	}
	if in.Direction == Qualitative {
		switch in.achievement() {
		case "达成":
			return MetYes
		case "未达成", "部分达成":
			return MetNo
		}
		return MetUnknown
	}
	t, a := in.Target.Num, in.Actual.Num
	if t == nil || a == nil {
		return MetUnknown
	}
	c := cmpRat(a, t)
	ok := false
	switch in.Direction {
	case Positive:
		ok = c > 0 || c == 0 && in.Target.Op != OpGT
	case Reverse:
		ok = c < 0 || c == 0 && in.Target.Op != OpLT
	case Equal:
		ok = c == 0
	}
	if ok {
		return MetYes
	}
	return MetNo
}

// Outcome is the row's result in the words of the forms: 达成, 部分达成
// or 未达成; "" where it cannot be told (a number is missing, a
// qualitative row says nothing the rules read, or whether more is
// better is not known). A qualitative row's 部分达成 stays 部分达成 here,
// where Met counts it as not met.
func (in *Indicator) Outcome() string {
	if in.Direction == Qualitative && !in.DirectionUnsure {
		return in.achievement()
	}
	switch in.Met() {
	case MetYes:
		return "达成"
	case MetNo:
		return "未达成"
	}
	return ""
}

// achievement is the qualitative level: as given, or read from an actual
// that repeats the target or says 完成/达成.
func (in *Indicator) achievement() string {
	if in.Achieved != "" {
		return in.Achieved
	}
	if in.Actual.Raw != "" && in.Actual.Raw == in.Target.Raw {
		return "达成"
	}
	switch in.Actual.Raw {
	case "达成", "完成", "已完成", "达到", "是", "全部完成", "达到预期", "符合要求", "已达成":
		return "达成"
	case "部分达成", "部分完成", "基本完成", "基本达成":
		return "部分达成"
	case "未达成", "未完成", "否":
		return "未达成"
	}
	return ""
}

// Completion is actual / target for numeric rows (434.5% for 2607 of 600).
func (in *Indicator) Completion() (Ratio, bool) {
	return ratOf(in.Actual.Num, in.Target.Num)
}

// Band returns the share of the weight (in percent, lower and upper bound)
// a published score must lie in for a qualitative row, or ok=false when
// the row's achievement is not known.
func (in *Indicator) Band(s Scoring) (lo, hi int, ok bool) {
	switch in.achievement() {
	case "达成":
		return s.QualitativeBands[0], 100, true
	case "部分达成":
		return s.QualitativeBands[1], s.QualitativeBands[0], true
	case "未达成":
		return 0, s.QualitativeBands[1], true
	}
	return 0, 0, false
}

// ComputedScore scores the row by the standard rules, or returns nil when
// the rules cannot score it (no weight, a qualitative row, a missing number).
func (in *Indicator) ComputedScore(s Scoring) *Points {
	if in.Weight == nil || in.Direction == Qualitative || in.DirectionUnsure {
		return nil
	}
	t, a := in.Target.Num, in.Actual.Num
	if t == nil || a == nil {
		return nil
	}
	full := func() *Points { p := *in.Weight; return &p }
	if in.Met() == MetYes {
		return full()
	}
	// Every row of a report is scored for report.json and the page: in
	// int64 arithmetic where the numbers are small (all read from files
	// are), with the same rounding as the big.Rat path below (FuzzComputedScore).
	if p, ok := smallScore(in.Direction, s.ReverseRule, int64(*in.Weight), a, t); ok {
		return &p
	}
	return in.computedScoreRat(s, in.Weight.Rat(), a, t, full)
}

// computedScoreRat is ComputedScore's share and rounding in big.Rat.
func (in *Indicator) computedScoreRat(s Scoring, w, a, t *big.Rat, full func() *Points) *Points {
	var share *big.Rat
	switch in.Direction {
	case Positive:
		if t.Sign() <= 0 {
			return full()
		}
		share = new(big.Rat).Quo(a, t)
	case Reverse:
		if a.Sign() <= 0 || t.Sign() <= 0 {
			share = new(big.Rat)
			break
		}
		if s.ReverseRule == "linear" {
			// 1 − (actual − target)/target, reaching 0 at twice the target.
			share = new(big.Rat).Sub(big.NewRat(2, 1), new(big.Rat).Quo(a, t))
		} else {
			share = new(big.Rat).Quo(t, a)
		}
	case Equal:
		if t.Sign() == 0 || a.Sign() < 0 {
			share = new(big.Rat)
			break
		}
		lo, hi := a, t
		if lo.Cmp(hi) > 0 {
			lo, hi = hi, lo
		}
		share = new(big.Rat).Quo(lo, hi)
	}
	if share.Sign() < 0 {
		share.SetInt64(0)
	}
	if share.Cmp(big.NewRat(1, 1)) > 0 {
		share.SetInt64(1)
	}
	p := PointsFromRat(new(big.Rat).Mul(w, share))
	return &p
}

// smallerRat is smallRat with numerator and denominator below 2^30:
// products of two are below 2^60, so 2·(a/t)'s numerator cannot overflow.
func smallerRat(x *big.Rat) (n, d int64, ok bool) {
	n, d, ok = smallRat(x)
	if !ok || n <= -1<<30 || n >= 1<<30 || d >= 1<<30 {
		return 0, 0, false
	}
	return n, d, true
}

// smallScore is computedScoreRat for a weight w (hundredths) and
// numbers below 2^30: the share as the fraction num/den (den > 0),
// clamped to [0, 1], then w·share rounded half away from zero in 128
// bits. ok is false for anything else, and where the big.Rat path would
// divide by zero, so that both behave alike.
func smallScore(dir Direction, reverseRule string, w int64, a, t *big.Rat) (Points, bool) {
	an, ad, ok1 := smallerRat(a)
	tn, td, ok2 := smallerRat(t)
	if !ok1 || !ok2 || w <= -1<<62 || w >= 1<<62 {
		return 0, false
	}
	var num, den int64 // the share; 0/1 where the rules give none
	switch dir {
	case Positive:
		if tn <= 0 {
			return 0, false // full(): the caller's big.Rat path returns it
		}
		num, den = an*td, ad*tn // a/t
	case Reverse:
		if an <= 0 || tn <= 0 {
			num, den = 0, 1
		} else if reverseRule == "linear" {
			num, den = 2*ad*tn-an*td, ad*tn // 2 − a/t
		} else {
			num, den = tn*ad, td*an // t/a
		}
	case Equal:
		if tn == 0 || an < 0 {
			num, den = 0, 1
			break
		}
		ln, ld, hn, hd := an, ad, tn, td // lo = a, hi = t
		if an*td > tn*ad {
			ln, ld, hn, hd = tn, td, an, ad
		}
		if hn == 0 {
			return 0, false // lo/hi would divide by zero
		}
		num, den = ln*hd, ld*hn
	default:
		return 0, false
	}
	if den < 0 {
		num, den = -num, -den
	}
	if num < 0 {
		num = 0
	}
	if num > den {
		num = den
	}
	return mulShare(w, uint64(num), uint64(den)), true
}

// mulShare is w·num/den rounded half away from zero, for a share
// 0 ≤ num/den ≤ 1 (den > 0) and |w| < 2^62: PointsFromRat of the
// product. |w|·num/den ≤ |w|, so the 128-bit product's high word is
// below den, as Div64 requires.
func mulShare(w int64, num, den uint64) Points {
	neg := w < 0
	uw := uint64(w)
	if neg {
		uw = uint64(-w)
	}
	hi, lo := bits.Mul64(uw, num)
	q, r := bits.Div64(hi, lo, den)
	if 2*r >= den {
		q++
	}
	if neg {
		return Points(-int64(q))
	}
	return Points(q)
}

// ComputedExecutionScore is 分值 × min(执行率, 100%), two decimals, from
// the printed 分值 and the 执行率 computed from the amounts (or, where the
// amounts were not printed, the printed 执行率); nil where an input is
// absent.
func (p *Project) ComputedExecutionScore() *Points {
	if p.ExecutionWeight == nil {
		return nil
	}
	var rate *big.Rat
	if r, ok := p.ComputedExecutionRate(); ok {
		// Every project's, in int64 where the rate is a non-negative
		// Ratio (FuzzComputedExecutionScore).
		if w := int64(*p.ExecutionWeight); r.Den > 0 && r.Num >= 0 && w > -1<<62 && w < 1<<62 {
			pts := mulShare(w, uint64(min(r.Num, r.Den)), uint64(r.Den))
			return &pts
		}
		rate = r.Rat()
	} else if p.ExecutionRate != nil {
		rate = new(big.Rat).Quo(p.ExecutionRate.Value, big.NewRat(100, 1))
	} else {
		return nil
	}
	pts := executionScoreRat(*p.ExecutionWeight, rate)
	return &pts
}

// executionScoreRat is w × min(rate, 1) in big.Rat.
func executionScoreRat(w Points, rate *big.Rat) Points {
	if rate.Cmp(big.NewRat(1, 1)) > 0 {
		rate = big.NewRat(1, 1)
	}
	return PointsFromRat(new(big.Rat).Mul(w.Rat(), rate))
}

// ComputedScore is the 总分 by the standard rules, only from a complete
// table: every row has its 分值, the 分值 add up to 100, and every row
// can be scored (rows the rules cannot score, qualitative ones and a
// scored 年度目标 row, count with their published 得分). nil otherwise.
func (p *Project) ComputedScore(s Scoring) *Points {
	return p.score(s, p.ComputedExecutionScore, func(i int) *Points { return p.Indicators[i].ComputedScore(s) })
}

// ScoreFrom is ComputedScore from the execution score and the rows'
// scores already computed (ComputedExecutionScore, and each indicator's
// ComputedScore in p.Indicators order): report.json shows those too,
// and computing them again for the total was a sixth of its document.
func (p *Project) ScoreFrom(s Scoring, exec *Points, rows []*Points) *Points {
	return p.score(s, func() *Points { return exec }, func(i int) *Points { return rows[i] })
}

// score is ComputedScore with the execution score and row i's computed
// score asked of exec and row, only as far as they are needed.
func (p *Project) score(s Scoring, execScore func() *Points, row func(i int) *Points) *Points {
	if len(p.Indicators) == 0 {
		return nil
	}
	if w, ok := p.WeightSum(s); !ok || w != 10000 {
		return nil
	}
	var total Points
	if p.Form.Scored { // forms without an execution row score only their rows
		exec := execScore()
		if exec == nil {
			return nil
		}
		total = *exec
	}
	if p.GoalWeight != nil {
		if p.GoalScore == nil {
			return nil
		}
		total += *p.GoalScore
	}
	for i, in := range p.Indicators {
		c := row(i)
		if c == nil {
			c = in.Score
		}
		if c == nil {
			return nil
		}
		total += *c
	}
	return &total
}

// PublishedSum is the sum of the published 得分 (execution, 年度目标 and
// rows), and whether every row had one.
func (p *Project) PublishedSum() (Points, bool) {
	var sum Points
	if p.Form.Scored {
		if p.ExecutionScore == nil {
			return 0, false
		}
		sum += *p.ExecutionScore
	}
	if p.GoalWeight != nil {
		if p.GoalScore == nil {
			return 0, false
		}
		sum += *p.GoalScore
	}
	for _, in := range p.Indicators {
		if in.Score == nil {
			return 0, false
		}
		sum += *in.Score
	}
	return sum, true
}

// WeightSum is the execution 分值 plus the 年度目标 and rows' 分值, and
// whether every row printed its 分值. The execution 分值 counts where the
// form scores execution: as printed, else the rules' standard one.
func (p *Project) WeightSum(s Scoring) (Points, bool) {
	var sum Points
	if p.Form.Scored {
		if p.ExecutionWeight != nil {
			sum += *p.ExecutionWeight
		} else {
			sum += s.StandardExecutionWeight(p.Form)
		}
	}
	if p.GoalWeight != nil {
		sum += *p.GoalWeight
	}
	for _, in := range p.Indicators {
		if in.Weight == nil {
			return 0, false
		}
		sum += *in.Weight
	}
	return sum, true
}

// Grade is the grade of a score: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
func Grade(score Points) string {
	switch {
	case score >= 9000:
		return "优"
	case score >= 8000:
		return "良"
	case score >= 6000:
		return "中"
	}
	return "差"
}

// Grades lists the valid grades.
var Grades = []string{"优", "良", "中", "差"}

// ComputedYoY is the growth of the metric over the same metric last year
// (or its `previous` value), in percent, when both are numbers.
func (m *Metric) ComputedYoY(prev *Metric) (*big.Rat, bool) {
	var p *big.Rat
	switch {
	case prev != nil && prev.Unit != m.Unit:
		return nil, false // 59.63 万户 against 528,000 户 is no growth rate
	case prev != nil && prev.Value.Num != nil:
		p = prev.Value.Num
	case m.Previous.Num != nil:
		p = m.Previous.Num
	}
	if p == nil || p.Sign() == 0 || m.Value.Num == nil {
		return nil, false
	}
	return growth(m.Value.Num, p), true
}

// PreviousMetric finds the same metric in the bureau's report of the year
// before.
func (r *Report) PreviousMetric(id string) *Metric {
	prev := r.Previous()
	if prev == nil {
		return nil
	}
	for _, m := range prev.Metrics {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// LevelScore is the published score of one 一级指标 against its weight.
type LevelScore struct {
	Level         string
	Weight, Score Points
	HasScore      bool // every row of the level has a published 得分
}

// LevelScores sums weights and published scores by 一级指标, in the order
// the levels first appear; rows without a level count as 其他指标.
func (p *Project) LevelScores() []LevelScore {
	if len(p.Indicators) == 0 {
		return nil
	}
	// Found by a look along the list, not a map: a form has four levels
	// (eight at most), and a map a project was most of what this made.
	out := make([]LevelScore, 0, 4)
	for _, in := range p.Indicators {
		name := in.Level1
		if name == "" {
			name = "其他指标"
		}
		i := 0
		for i < len(out) && out[i].Level != name {
			i++
		}
		if i == len(out) {
			out = append(out, LevelScore{Level: name, HasScore: true})
		}
		if in.Weight != nil {
			out[i].Weight += *in.Weight
		}
		if in.Score != nil {
			out[i].Score += *in.Score
		} else {
			out[i].HasScore = false
		}
	}
	return out
}
