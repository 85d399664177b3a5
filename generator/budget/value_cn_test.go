package budget

import (
	"math/big"
	"testing"
	"unicode/utf8"
)

// valueCase is one printed value and what ParseValue must read from it.
type valueCase struct {
	raw        string
	op         Op
	num        string // "" for qualitative
	suffix     string
	approx     bool
	unreadable bool
}

func checkValues(t *testing.T, cases []valueCase) {
	t.Helper()
	for _, c := range cases {
		v := ParseValue(c.raw)
		numOK := v.Num == nil && c.num == ""
		if v.Num != nil && c.num != "" {
			want, ok := new(big.Rat).SetString(c.num)
			numOK = ok && want.Cmp(v.Num) == 0
		}
		got := "<nil>"
		if v.Num != nil {
			got = v.Num.RatString()
		}
		if !numOK || v.Op != c.op || v.Suffix != c.suffix || v.Approx != c.approx || v.Unreadable != c.unreadable || v.Raw != c.raw {
			t.Errorf("ParseValue(%q) = op %q num %s suffix %q approx %v unreadable %v; want %q %q %q %v %v",
				c.raw, v.Op, got, v.Suffix, v.Approx, v.Unreadable, c.op, c.num, c.suffix, c.approx, c.unreadable)
		}
	}
}

func TestParseValueChinese(t *testing.T) {
	checkValues(t, []valueCase{
		// Percentages in words.
		{raw: "百分之九十", num: "90", suffix: "%"},
		{raw: "百分之九十三", num: "93", suffix: "%"},
		{raw: "百分之九十九点五", num: "99.5", suffix: "%"},
		{raw: "百分之百", num: "100", suffix: "%"},
		{raw: "百分百", num: "100", suffix: "%"},
		{raw: "百分之90以上", op: OpGE, num: "90", suffix: "%"},
		{raw: "九成", num: "90", suffix: "%"},
		{raw: "九成五", num: "95", suffix: "%"},
		{raw: "九成以上", op: OpGE, num: "90", suffix: "%"},
		{raw: "约九成", num: "90", suffix: "%", approx: true},
		{raw: "九十%", num: "90", suffix: "%"},
		// Whole numbers, and what follows them.
		{raw: "一百二十", num: "120"},
		{raw: "两千", num: "2000"},
		{raw: "三万", num: "30000"},
		{raw: "十二次", num: "12", suffix: "次"},
		{raw: "三个月", num: "3", suffix: "个月"},
		{raw: "三十天内", num: "30", suffix: "天内"},
		{raw: "三次以下", op: OpLE, num: "3", suffix: "次"},
		{raw: "四十余起", num: "40", suffix: "起", approx: true},
		{raw: "一点五倍", num: "1.5", suffix: "倍"},
		{raw: "五千万元", num: "50000000", suffix: "元"},
		{raw: "零", num: "0"},
		{raw: "〇", num: "0"},
		// With a comparison.
		{raw: "不低于百分之九十", op: OpGE, num: "90", suffix: "%"},
		{raw: "不低于九十", op: OpGE, num: "90"},
		{raw: "不超过三次", op: OpLE, num: "3", suffix: "次"},
		{raw: "≥ 百分之九十五", op: OpGE, num: "95", suffix: "%"},
		{raw: "控制在5%以内", op: OpLE, num: "5", suffix: "%"},
		{raw: "控制在5%以下", op: OpLE, num: "5", suffix: "%"},
		{raw: "控制在5%", op: OpLE, num: "5", suffix: "%"},
		{raw: "控制在百分之五以内", op: OpLE, num: "5", suffix: "%"},
		{raw: "至少3次", op: OpGE, num: "3", suffix: "次"},
		// Nothing happened.
		{raw: "零事故", num: "0", suffix: "事故"},
		{raw: "零投诉", num: "0", suffix: "投诉"},
		{raw: "零重大安全事故", num: "0", suffix: "重大安全事故"},
		{raw: "无", num: "0"},
		{raw: "未发生", num: "0"},
		{raw: "0起", num: "0", suffix: "起"},
		// Words made of numerals are text.
		{raw: "十分满意"}, {raw: "一般"}, {raw: "两个责任"}, {raw: "万无一失"},
		{raw: "十四五规划"}, {raw: "零售户"}, {raw: "零容忍"}, {raw: "一成不变"},
		{raw: "三点"}, {raw: "十一月"}, {raw: "百姓满意"},
		// Text, and text that tries to give a figure and fails.
		{raw: "显著提升"}, {raw: "高"}, {raw: "11月底前"}, {raw: "6月30日前"},
		{raw: "不低于上年"}, {raw: "达到预期"}, {raw: "高于全省平均水平"},
		{raw: "≥**平方米", unreadable: true},
		{raw: "≥上年", unreadable: true},
		{raw: "不低于XX%", unreadable: true},
		{raw: "百分之**", unreadable: true},
		{raw: "**%", unreadable: true},
		{raw: "不超过三十天内完成", unreadable: true},
		{raw: "不低于", unreadable: true},
	})
}

// The forms of the published corpus, and the Arabic forms mixed with
// words, read as before.
func TestParseValueCorpus(t *testing.T) {
	checkValues(t, []valueCase{
		{raw: "≥95%", op: OpGE, num: "95", suffix: "%"},
		{raw: "99.12%", num: "99.12", suffix: "%"},
		{raw: "200", num: "200"},
		{raw: "200余人", num: "200", suffix: "人", approx: true},
		{raw: "98%以上", op: OpGE, num: "98", suffix: "%"},
		{raw: "40余起", num: "40", suffix: "起", approx: true},
		{raw: "突破6.2万件", op: OpGE, num: "6.2", suffix: "万件"},
		{raw: "≧735", op: OpGE, num: "735"},
		{raw: "3个月内完成整改并验收通过"},
		{raw: "11月", num: "11", suffix: "月"},
	})
}

func TestCnInteger(t *testing.T) {
	for text, want := range map[string]int64{
		"零": 0, "九": 9, "十": 10, "十二": 12, "二十": 20, "一百二十": 120, "一百二": 120,
		"一百零五": 105, "一千零五十": 1050, "两千": 2000, "两千五": 2500, "三万": 30000,
		"三万五": 35000, "三万五千": 35000, "十万": 100000, "二十五万": 250000,
		"三千五百万": 35000000, "一亿五": 150000000, "一万亿": 1000000000000, "二〇二四": 2024,
	} {
		got, ok := cnInteger([]rune(text))
		if !ok || got != want {
			t.Errorf("cnInteger(%s) = %d, %v; want %d", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "十四五", "五五十", "百十", "十十", "零十", "万", "亿", "一万一万", "一亿一亿", "两两"} {
		if got, ok := cnInteger([]rune(text)); ok {
			t.Errorf("cnInteger(%s) = %d; want malformed", text, got)
		}
	}
}

func TestInferDirection(t *testing.T) {
	for _, c := range []struct {
		name, target string
		dir          Direction
		confident    bool
	}{
		{"食品抽检合格率", "≥95%", Positive, true},
		{"食品抽检合格率", "不低于百分之九十", Positive, true},
		{"登记户数", "600户", Positive, true},
		{"办结时限", "<=30天", Reverse, true},
		{"办结时限", "控制在5%以内", Reverse, true},
		{"违规次数", "不超过三次", Reverse, true},
		{"价格", "=100%", Equal, true},
		{"安全事故", "0次", Reverse, true},
		{"安全事故", "0起", Reverse, true},
		{"安全事故", "零事故", Reverse, true},
		{"安全事故", "无", Reverse, true},
		{"投诉件数", "5件", Positive, false}, // a ceiling, probably: ask
		{"事故发生率", "1%", Positive, false},
		{"信访案件", "3", Positive, false},
		{"项目成本", "200万元", Positive, true}, // 成本 is no low word
		{"投诉处理率", "≥95%", Positive, true}, // the sign decides
		{"营商环境", "显著提升", Qualitative, true},
		{"营商环境", "高", Qualitative, true},
		{"建设面积", "≥**平方米", Qualitative, true},
	} {
		d, ok := InferDirection(c.name, ParseValue(c.target))
		if d != c.dir || ok != c.confident {
			t.Errorf("InferDirection(%q, %q) = %s, %v; want %s, %v", c.name, c.target, d, ok, c.dir, c.confident)
		}
	}
}

// A zero target is met only by zero: an actual of 1次 is missed and
// earns nothing, where a ceiling of 3 is met by 1.
func TestZeroTargetScoring(t *testing.T) {
	for _, c := range []struct {
		name, target, actual string
		met                  Met
		score                Points
	}{
		{"安全事故", "0次", "1次", MetNo, 0},
		{"安全事故", "0次", "0次", MetYes, 1000},
		{"安全事故", "零事故", "0", MetYes, 1000},
		{"安全事故", "无", "1起", MetNo, 0},
		{"安全事故", "无", "无", MetYes, 1000},
		{"安全事故", "无", "未发生", MetYes, 1000},
		{"违规次数", "≤3次", "1次", MetYes, 1000},
		{"违规次数", "不超过三次", "5次", MetNo, 600},
	} {
		in := &Indicator{Name: c.name, Target: ParseValue(c.target), Actual: ParseValue(c.actual), Weight: pts(1000)}
		in.Direction, _ = InferDirection(in.Name, in.Target)
		if got := in.Met(); got != c.met {
			t.Errorf("%s → %s: Met = %v; want %v", c.target, c.actual, got, c.met)
		}
		if got := in.ComputedScore(DefaultScoring()); got == nil || *got != c.score {
			t.Errorf("%s → %s: score = %v; want %v", c.target, c.actual, got, c.score)
		}
	}
}

func TestParseNature(t *testing.T) {
	for text, want := range map[string]Direction{
		"正向": Positive, "正向指标": Positive, "反向": Reverse, "反向指标": Reverse, "定性": Qualitative, "定性指标": Qualitative,
		"≥": Positive, "≧": Positive, ">=": Positive, "＞=": Positive, "大于等于": Positive, ">": Positive, "＞": Positive,
		"≤": Reverse, "≦": Reverse, "<=": Reverse, "小于等于": Reverse, "<": Reverse, "＜": Reverse,
		"=": Equal, "═": Equal, "＝": Equal, "==": Equal, "等于": Equal,
		"positive": Positive, "reverse": Reverse, "equal": Equal, "qualitative": Qualitative, " Positive ": Positive,
	} {
		if got, ok := ParseNature(text); !ok || got != want {
			t.Errorf("ParseNature(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "定量", "定量指标", "正", "其他", "≥95%"} {
		if got, ok := ParseNature(text); ok {
			t.Errorf("ParseNature(%q) = %q; want no direction", text, got)
		}
	}
}

// ParseValue reads whatever a clerk typed: it must never panic, and a
// number it reads is an exact rational with the other fields consistent.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"≥98%", "<=30天", "1,234.5万元", "40余起", "突破6.2万件", "显著提升", "百分之九十九点五",
		"九成五", "不超过三次", "零事故", "无", "11月底前", "≥**平方米", "三千五百万", "一亿五", "二〇二四", "百分之",
		"十四五", "九点", "-", "约", "控制在", "成", "\xff零", "零\xff", "九成\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v := ParseValue(raw)
		if v.Raw != raw {
			t.Fatalf("Raw = %q; want %q", v.Raw, raw)
		}
		if v.Num == nil {
			if v.Op != OpNone || v.Suffix != "" || v.Approx {
				t.Fatalf("%q: qualitative value with op %q suffix %q approx %v", raw, v.Op, v.Suffix, v.Approx)
			}
			return
		}
		if v.Unreadable {
			t.Fatalf("%q: a value with a number is unreadable", raw)
		}
		if v.Num.Denom().Sign() <= 0 {
			t.Fatalf("%q: denominator %v", raw, v.Num.Denom())
		}
		if back, ok := new(big.Rat).SetString(v.Num.RatString()); !ok || back.Cmp(v.Num) != 0 {
			t.Fatalf("%q: %v does not read back", raw, v.Num)
		}
		if utf8.ValidString(raw) && !utf8.ValidString(v.Suffix) {
			t.Fatalf("%q: suffix %q is not valid UTF-8", raw, v.Suffix)
		}
	})
}
