package budget

import (
	"math/big"
	"testing"
)

func TestParseAmount(t *testing.T) {
	wan, yuan, yi := DefaultUnit, Units[0], Units[3]
	for _, c := range []struct {
		text string
		unit Unit
		want Amount
		err  bool
	}{
		{"2753.15", wan, 27531500_00, false},
		{"275.22", wan, 2752200_00, false},
		{"579.8", wan, 5798000_00, false},
		{"0.000001", wan, 1, false},
		{"0.0000001", wan, 0, true}, // finer than 1 分
		{"12.34", yuan, 1234, false},
		{"12.345", yuan, 0, true},
		{"1.5", yi, 150_000_000_00, false},
		{"1_000", wan, 1000_000_000, false},
		{"-3", wan, -3_000_000, false},
		{"1e3", wan, 0, true},
		{"", wan, 0, true},
		{"1.", wan, 0, true},
		{"99999999999999999999", wan, 0, true},
	} {
		got, err := ParseAmount(c.text, c.unit)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d, error %v", c.text, c.unit.Name, got, err, c.want, c.err)
		}
	}
}

func TestAmountFormat(t *testing.T) {
	wan, yuan := DefaultUnit, Units[0]
	for _, c := range []struct {
		a    Amount
		unit Unit
		want string
	}{
		{27531500_00, wan, "2,753.15"},
		{5798000_00, wan, "579.80"},
		{1234567800, wan, "1,234.5678"},
		{0, wan, "0.00"},
		{1, wan, "0.000001"},
		{-5000000, wan, "-5.00"},
		{123456789, yuan, "1,234,567.89"},
	} {
		if got := c.a.Format(c.unit); got != c.want {
			t.Errorf("Format(%d, %s) = %q; want %q", c.a, c.unit.Name, got, c.want)
		}
	}
	if got := Amount(27531500_00).FormatUnit(wan); got != "2,753.15 万元" {
		t.Errorf("FormatUnit = %q", got)
	}
	if got := Amount(27531500_00).Yuan(); got != "27531500.00" {
		t.Errorf("Yuan = %q", got)
	}
}

func TestRatioPercent(t *testing.T) {
	for _, c := range []struct {
		r    Ratio
		want string
	}{
		{Ratio{2607, 600}, "434.50%"},
		{Ratio{1, 3}, "33.33%"},
		{Ratio{2, 3}, "66.67%"},
		{Ratio{1, 8000}, "0.01%"}, // 0.0125% rounds half away from zero
		{Ratio{-1, 8000}, "-0.01%"},
		{Ratio{5, 0}, "—"},
	} {
		if got := c.r.Percent(); got != c.want {
			t.Errorf("%v.Percent() = %q; want %q", c.r, got, c.want)
		}
	}
	if !(Ratio{89, 100}).Below(90) || (Ratio{90, 100}).Below(90) {
		t.Error("Below(90) is wrong at the boundary")
	}
}

func TestParseValue(t *testing.T) {
	for _, c := range []struct {
		raw    string
		op     Op
		num    string // "" for qualitative
		suffix string
		approx bool
	}{
		{"≥98%", OpGE, "98", "%", false},
		{">=98%", OpGE, "98", "%", false},
		{"<=30天", OpLE, "30", "天", false},
		{"≤30天", OpLE, "30", "天", false},
		{"=100%", OpEQ, "100", "%", false},
		{"600户", OpNone, "600", "户", false},
		{"98%以上", OpGE, "98", "%", false},
		{"5%以内", OpLE, "5", "%", false},
		{"40余起", OpNone, "40", "起", true},
		{"突破6.2万件", OpGE, "6.2", "万件", false},
		{"1,234.5万元", OpNone, "1234.5", "万元", false},
		{"显著提升", OpNone, "", "", false},
		{"全省第二", OpNone, "", "", false},
		{"3个月内完成整改并验收通过", OpNone, "", "", false},
	} {
		v := ParseValue(c.raw)
		num := ""
		if v.Num != nil {
			num = v.Num.RatString()
			if f, ok := new(big.Rat).SetString(c.num); ok && f.Cmp(v.Num) == 0 {
				num = c.num
			}
		}
		if v.Op != c.op || num != c.num || v.Suffix != c.suffix || v.Approx != c.approx || v.Raw != c.raw {
			t.Errorf("ParseValue(%q) = op %q num %q suffix %q approx %v; want %q %q %q %v",
				c.raw, v.Op, num, v.Suffix, v.Approx, c.op, c.num, c.suffix, c.approx)
		}
	}
}

func pts(p Points) *Points { return &p }

func TestIndicatorScoring(t *testing.T) {
	ratio, linear := DefaultScoring(), DefaultScoring()
	linear.ReverseRule = "linear"
	for _, c := range []struct {
		name           string
		target, actual string
		dir            Direction
		weight         Points
		s              Scoring
		met            Met
		want           *Points
	}{
		{"positive met", "≥600户", "2607户", "", 2000, ratio, MetYes, pts(2000)},
		{"positive missed", "≥100", "80", "", 4000, ratio, MetNo, pts(3200)},
		{"strict > at the bound", ">100", "100", "", 1000, ratio, MetNo, pts(1000)},
		{"reverse met", "<=30天", "28天", "", 1000, ratio, MetYes, pts(1000)},
		{"reverse ratio", "<=30天", "45天", "", 3000, ratio, MetNo, pts(2000)},
		{"reverse linear", "<=30天", "45天", "", 3000, linear, MetNo, pts(1500)},
		{"reverse linear floor", "<=30天", "90天", "", 3000, linear, MetNo, pts(0)},
		{"equal missed", "=100%", "95%", "", 1000, ratio, MetNo, pts(950)},
		{"thirds round", "≥3", "1", "", 1000, ratio, MetNo, pts(333)},
		{"qualitative", "显著提升", "显著提升", "", 1000, ratio, MetYes, nil},
		{"given direction", "30", "45", Reverse, 3000, ratio, MetNo, pts(2000)},
	} {
		in := &Indicator{Target: ParseValue(c.target), Actual: ParseValue(c.actual), Weight: pts(c.weight)}
		in.Direction = c.dir
		if in.Direction == "" {
			in.Direction, _ = InferDirection("", in.Target)
		}
		if got := in.Met(); got != c.met {
			t.Errorf("%s: Met = %v; want %v", c.name, got, c.met)
		}
		got := in.ComputedScore(c.s)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: score = %v; want %v", c.name, got, c.want)
		}
	}
}

func TestProjectScore(t *testing.T) {
	p := &Project{Form: DefaultForm, Adjusted: Amt(1200), Executed: Amt(1080), ExecutionWeight: pts(1000)}
	if got := p.ComputedExecutionScore(); got == nil || *got != 900 {
		t.Errorf("execution score = %v; want 9", got)
	}
	p.Executed = Amt(1500) // over-execution does not earn more than the weight
	if got := p.ComputedExecutionScore(); got == nil || *got != 1000 {
		t.Errorf("execution score = %v; want 10", got)
	}
	p.Indicators = []*Indicator{
		{Target: ParseValue("≥10"), Actual: ParseValue("5"), Direction: Positive, Weight: pts(9000)},
	}
	if got := p.ComputedScore(DefaultScoring()); got == nil || *got != 5500 {
		t.Errorf("total = %v; want 55", got)
	}
	// The weights must add up to 100 for a computed total: one more row
	// makes them 110.
	extra := &Indicator{Target: ParseValue("好"), Actual: ParseValue("较好"), Direction: Qualitative, Weight: pts(1000)}
	p.Indicators = append(p.Indicators, extra)
	if got := p.ComputedScore(DefaultScoring()); got != nil {
		t.Errorf("weights adding up to 110 leave no computed total, got %v", got)
	}
	p.Indicators[0].Weight = pts(8000)
	if got := p.ComputedScore(DefaultScoring()); got != nil {
		t.Errorf("a qualitative row without a published score leaves no computed total, got %v", got)
	}
	extra.Score = pts(800) // a qualitative row counts with its published score
	if got := p.ComputedScore(DefaultScoring()); got == nil || *got != 5800 {
		t.Errorf("total = %v; want 58", got)
	}
	extra.Weight = nil
	if got := p.ComputedScore(DefaultScoring()); got != nil {
		t.Errorf("a row without a printed weight leaves no computed total, got %v", got)
	}
	p.ExecutionWeight = nil
	if got := p.ComputedExecutionScore(); got != nil {
		t.Errorf("execution score without a printed weight = %v; want none", got)
	}
	for score, grade := range map[Points]string{9000: "优", 8999: "良", 8000: "良", 6000: "中", 5999: "差"} {
		if g := Grade(score); g != grade {
			t.Errorf("Grade(%v) = %s; want %s", score, g, grade)
		}
	}
}

func TestBands(t *testing.T) {
	s := DefaultScoring()
	in := &Indicator{Target: ParseValue("及时"), Actual: ParseValue("部分完成"), Direction: Qualitative}
	if lo, hi, ok := in.Band(s); !ok || lo != 60 || hi != 80 {
		t.Errorf("band = %d–%d %v; want 60–80", lo, hi, ok)
	}
	in.Actual = ParseValue("较好")
	if _, _, ok := in.Band(s); ok {
		t.Error("an unknown achievement has no band")
	}
	in.Achieved = "未达成"
	if lo, hi, ok := in.Band(s); !ok || lo != 0 || hi != 60 {
		t.Errorf("band = %d–%d; want 0–60", lo, hi)
	}
}

func TestMetricGrowth(t *testing.T) {
	m := &Metric{Value: ParseValue("13.16"), Previous: ParseValue("9.9")}
	g, ok := m.ComputedYoY(nil)
	if !ok || FormatRat(g, 2) != "32.93" {
		t.Errorf("yoy = %v; want 32.93", g)
	}
	prev := &Metric{Value: ParseValue("10")}
	if g, _ := m.ComputedYoY(prev); FormatRat(g, 2) != "31.60" {
		t.Errorf("yoy from last year's file = %v; want 31.60", g)
	}
	m = &Metric{Value: ParseValue("48"), Baseline: ParseValue("96")}
	if c, ok := m.Change(); !ok || FormatRat(c, 2) != "-50.00" {
		t.Errorf("change = %v; want -50", c)
	}
	m = &Metric{Value: ParseValue("2607"), Target: ParseValue("600")}
	if c, ok := m.Completion(); !ok || c.Percent() != "434.50%" {
		t.Errorf("completion = %v", c)
	}
}

func TestLevelScores(t *testing.T) {
	p := &Project{Indicators: []*Indicator{
		{Level1: "产出指标", Weight: pts(2000), Score: pts(1800)},
		{Level1: "效益指标", Weight: pts(3000), Score: pts(3000)},
		{Level1: "产出指标", Weight: pts(3000), Score: pts(2950)},
		{Weight: pts(1000)},
	}}
	got := p.LevelScores()
	want := []LevelScore{
		{Level: "产出指标", Weight: 5000, Score: 4750, HasScore: true},
		{Level: "效益指标", Weight: 3000, Score: 3000, HasScore: true},
		{Level: "其他指标", Weight: 1000, HasScore: false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("level %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}

func TestOutcome(t *testing.T) {
	for _, c := range []struct {
		in   *Indicator
		want string
	}{
		{&Indicator{Target: ParseValue("及时"), Actual: ParseValue("部分完成"), Direction: Qualitative}, "部分达成"},
		{&Indicator{Target: ParseValue("及时"), Actual: ParseValue("及时"), Direction: Qualitative}, "达成"},
		{&Indicator{Target: ParseValue("及时"), Actual: ParseValue("较好"), Direction: Qualitative}, ""},
		{&Indicator{Target: ParseValue("≥600户"), Actual: ParseValue("2607户"), Direction: Positive}, "达成"},
		{&Indicator{Target: ParseValue("≥600户"), Actual: ParseValue("500户"), Direction: Positive}, "未达成"},
		{&Indicator{Target: ParseValue("≥600户"), Actual: ParseValue(""), Direction: Positive}, ""},
		{&Indicator{Target: ParseValue("600户"), Actual: ParseValue("500户"), Direction: Positive, DirectionUnsure: true}, ""},
	} {
		if got := c.in.Outcome(); got != c.want {
			t.Errorf("%s → %s: Outcome() = %q; want %q", c.in.Target.Raw, c.in.Actual.Raw, got, c.want)
		}
	}
}
