package budget

import (
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chinese numerals in printed values. Some forms print targets in words:
// 百分之九十, 九成五, 不超过三次, 零事故. Chinese text is full of numeral
// characters that are no numbers (一般, 十分满意, 两个责任, 万无一失,
// 十四五规划, 零售), so a numeral is read only where the whole of it is
// well formed and what follows is a unit the forms use; anything else
// stays text.

// cnKind tells how a number in Chinese was written, which decides what
// may follow it.
type cnKind int

const (
	cnNone    cnKind = iota // no Chinese number: Arabic digits, or none
	cnPlain                 // 一百二十, 三万: a unit or nothing may follow
	cnPercent               // 百分之九十, 九成: nothing may follow but 以上/以下
	cnZero                  // 零, 〇: also 零事故, 零投诉
)

// cnDigit is the value of a digit character.
func cnDigit(r rune) (int64, bool) {
	switch r {
	case '〇', '零':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// cnMultiplier is the value of 十, 百, 千, 万, 亿.
func cnMultiplier(r rune) (int64, bool) {
	switch r {
	case '十':
		return 10, true
	case '百':
		return 100, true
	case '千':
		return 1000, true
	case '万':
		return 10_000, true
	case '亿':
		return 100_000_000, true
	}
	return 0, false
}

func isCnNumeral(r rune) bool {
	_, d := cnDigit(r)
	_, m := cnMultiplier(r)
	return d || m
}

// cnInteger reads a whole Chinese numeral: 一百二十, 两千, 三万五千,
// 一千零五, 十二, 一百二 (= 120, as said aloud), 二〇二四 (digit by
// digit). ok is false for anything malformed (十四五, 五五十, 百十),
// which then is no number at all.
func cnInteger(rs []rune) (int64, bool) {
	if len(rs) == 0 {
		return 0, false
	}
	multipliers := false
	for _, r := range rs {
		if _, ok := cnMultiplier(r); ok {
			multipliers = true
		}
	}
	if !multipliers {
		// 零, 九, 二〇二四: digits only. 两 is said only before a
		// multiplier or a measure word, never inside a digit string.
		if len(rs) > 18 {
			return 0, false // beyond int64; no form prints such a thing
		}
		var n int64
		for _, r := range rs {
			d, _ := cnDigit(r)
			if r == '两' && len(rs) > 1 {
				return 0, false
			}
			n = n*10 + d
		}
		return n, true
	}
	var (
		total, section, cur int64      // the parts of 亿, of 万, and below 万
		digit               int64 = -1 // a digit waiting for its multiplier
		small               int64      // the last of 十百千 in cur, which must fall
		last                int64      // the last multiplier of any kind
		zero                bool       // a 零 since the last multiplier
		wan, yi             bool
	)
	// pending is the digit not followed by a multiplier. Right after a
	// multiplier of 百 or more it counts in the next place down, as
	// spoken: 一百二 = 120, 三万五 = 35000, 三千五万 = 35000000.
	pending := func() int64 {
		switch {
		case digit < 0:
			return 0
		case last >= 100 && !zero:
			return digit * (last / 10)
		}
		return digit
	}
	for _, r := range rs {
		if d, ok := cnDigit(r); ok {
			if d == 0 {
				if digit >= 0 || last == 0 {
					return 0, false // 五零, or a leading 零 before a multiplier
				}
				zero = true
				continue
			}
			if digit >= 0 {
				return 0, false // 十四五: two digits in a row
			}
			digit = d
			continue
		}
		m, _ := cnMultiplier(r)
		switch m {
		case 10, 100, 1000:
			if digit < 0 {
				// 十二, 十万: 十 alone means 一十 at the start of a group.
				if m != 10 || cur != 0 || zero {
					return 0, false
				}
				digit = 1
			}
			if small != 0 && m >= small {
				return 0, false // 百十, 十十
			}
			cur += digit * m
			small = m
		case 10_000:
			n := cur + pending()
			if n == 0 || wan {
				return 0, false
			}
			section, cur, small, wan = n*m, 0, 0, true
		case 100_000_000:
			n := section + cur + pending()
			if n == 0 || yi {
				return 0, false
			}
			total, section, cur, small, wan, yi = n*m, 0, 0, 0, false, true
		}
		digit, last, zero = -1, m, false
	}
	cur += pending()
	return total + section + cur, true
}

// cnRun reads a Chinese number at the start of s, with its decimals (九十九
// 点五), and returns the rest. A number starts with a digit or with 十:
// 百姓, 千家万户, 万无一失 are words.
func cnRun(s string) (*big.Rat, string, bool) {
	first, _ := utf8.DecodeRuneInString(s)
	if _, ok := cnDigit(first); !ok && first != '十' {
		return nil, s, false
	}
	var rs []rune
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isCnNumeral(r) {
			break
		}
		rs = append(rs, r)
		i += size
	}
	n, ok := cnInteger(rs)
	if !ok {
		return nil, s, false
	}
	text := strconv.FormatInt(n, 10)
	// Decimals: 点 followed by digits. A 点 followed by anything else is
	// a word (三点 is a time of day) and is left in the rest.
	if rest, found := strings.CutPrefix(s[i:], "点"); found {
		var frac strings.Builder
		j := 0
		for j < len(rest) {
			r, size := utf8.DecodeRuneInString(rest[j:])
			d, ok := cnDigit(r)
			if !ok || r == '两' {
				break
			}
			frac.WriteByte(byte('0' + d))
			j += size
		}
		if frac.Len() > 0 {
			text += "." + frac.String()
			i = len(s) - len(rest) + j
		}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return nil, s, false
	}
	return r, s[i:], true
}

// cnNumber reads a number written in Chinese at the start of s: 百分之九十
// (also 百分之90, 百分之百, 百分百), 九成, 九成五, 一百二十, 零. It returns
// the number (90 for a percentage: the caller adds the % sign), the rest
// of s, and how it was written; cnNone when there is no such number.
func cnNumber(s string) (*big.Rat, string, cnKind) {
	for _, whole := range []string{"百分之百", "百分百"} {
		if rest, ok := strings.CutPrefix(s, whole); ok {
			return big.NewRat(100, 1), rest, cnPercent
		}
	}
	if t, ok := strings.CutPrefix(s, "百分之"); ok {
		t = strings.TrimSpace(t)
		if num, rest := leadingNumber(t); num != "" {
			if r, ok := new(big.Rat).SetString(num); ok && r.Sign() >= 0 {
				return r, rest, cnPercent
			}
			return nil, s, cnNone
		}
		if r, rest, ok := cnRun(t); ok {
			return r, rest, cnPercent
		}
		return nil, s, cnNone
	}
	r, rest, ok := cnRun(s)
	if !ok {
		return nil, s, cnNone
	}
	if after, ok := strings.CutPrefix(rest, "成"); ok {
		// 九成 is 90%, 九成五 95%: the digit after 成 is the next place.
		r.Mul(r, big.NewRat(10, 1))
		rest = after
		d0, size := utf8.DecodeRuneInString(rest)
		if d, ok := cnDigit(d0); ok && d0 != '两' && d0 != '零' && d0 != '〇' {
			if next, _ := utf8.DecodeRuneInString(rest[size:]); !isCnNumeral(next) {
				r.Add(r, big.NewRat(d, 1))
				rest = rest[size:]
			}
		}
		return r, rest, cnPercent
	}
	if r.Sign() == 0 {
		return r, rest, cnZero
	}
	return r, rest, cnPlain
}

// cnUnits are the measure words and units that may follow a number in
// Chinese. The list is closed on purpose: a numeral followed by anything
// else is a word (一般, 十分满意, 两个责任). 月, 日 and 年 are left out:
// 十一月 and 十五日 are dates.
var cnUnits = map[string]bool{
	"%": true, "％": true, "个百分点": true, "百分点": true, "倍": true,
	"次": true, "人次": true, "户次": true, "家次": true, "批次": true, "期次": true,
	"个": true, "起": true, "件": true, "宗": true, "例": true, "单": true, "项": true,
	"人": true, "名": true, "位": true, "户": true, "家": true, "所": true, "座": true,
	"处": true, "栋": true, "间": true, "层": true, "台": true, "套": true, "辆": true,
	"部": true, "支": true, "只": true, "头": true, "株": true, "棵": true, "枚": true,
	"张": true, "本": true, "册": true, "份": true, "篇": true, "条": true, "场": true,
	"期": true, "批": true, "轮": true, "类": true, "种": true, "级": true, "分": true,
	"天": true, "周": true, "个月": true, "小时": true, "分钟": true, "工作日": true,
	"个工作日": true, "学时": true, "课时": true,
	"元": true, "万元": true, "亿元": true,
	"米": true, "公里": true, "千米": true, "平方米": true, "亩": true, "公顷": true,
	"吨": true, "千克": true, "公斤": true, "斤": true,
}

// zeroWords are what a 零 target may count: 零事故, 零投诉, 零重大安全事故.
// They are the words of quantities that should stay low (lowWords) and a
// few more that only come with 零. 零售 or 零星 are no such targets.
var zeroWords = append([]string{"风险", "差评", "舆情", "隐患", "拖欠", "欠薪", "积压", "缺陷",
	"漏洞", "问责", "通报", "扣分", "遗漏", "滞留", "污染", "发生"}, lowWords...)

// cnSuffixOK tells whether what follows a Chinese number leaves it a
// measure. suffix is the text after the number, without 余/多 and
// 以上/以下, and without the % a percentage gets.
func cnSuffixOK(kind cnKind, suffix string) bool {
	switch kind {
	case cnPercent:
		return suffix == ""
	case cnPlain, cnZero:
		if suffix == "" || cnUnits[suffix] || cnUnits[strings.TrimSuffix(suffix, "内")] {
			return true
		}
		if kind == cnZero && utf8.RuneCountInString(suffix) <= 8 {
			for _, w := range zeroWords {
				if strings.Contains(suffix, w) {
					return true
				}
			}
		}
		return false
	}
	return true
}

// cnPercentWord reports whether s writes a percentage in Chinese: 百分之,
// or a numeral followed by 成 where 成 ends the figure (九成, 九成五,
// 九成以上), unlike the word 一成不变.
func cnPercentWord(s string) bool {
	if strings.Contains(s, "百分之") || strings.Contains(s, "百分百") {
		return true
	}
	prev := rune(0)
	for i, r := range s {
		if r == '成' && isCnNumeral(prev) {
			next, _ := utf8.DecodeRuneInString(s[i+len("成"):])
			if next == utf8.RuneError || isCnNumeral(next) || next == '以' {
				return true
			}
		}
		prev = r
	}
	return false
}
