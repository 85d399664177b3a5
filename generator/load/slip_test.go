package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// TestSlips: each common slip is reported at its position, with what
// to write instead, and with nothing else about the file.
func TestSlips(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line, col int
		code      string
		zhMsg     string // in the Chinese message
		zhHint    string // in the Chinese hint
		enHint    string // in the English hint
	}{
		{"unit in the value", "title = \"x\"\nexecuted = 298.5万元\n", 2, 17, "slip.unit", "金额后面不能写单位“万元”", "只写数字：executed = 298.5；金额单位在 site.toml", "write the number alone: executed = 298.5"},
		{"unit after a space", "executed = 298.5 万元\n", 1, 18, "slip.unit", "万元", "executed = 298.5", "executed = 298.5"},
		{"thousands separator", "amount = 3,200\n", 1, 11, "slip.thousands", "千位分隔符 ,", "amount = 3200", "amount = 3200"},
		{"full-width thousands separator", "amount = 3，200.5\n", 1, 11, "slip.thousands", "千位分隔符 ，", "amount = 3200.5", "amount = 3200.5"},
		{"full-width equals", "amount ＝ 3\n", 1, 8, "slip.fullwidth", "全角的 ＝", "把 ＝ 改为半角的 =", "replace ＝ with ="},
		{"full-width colon", "name： \"x\"\n", 1, 5, "slip.fullwidth", "全角的 ：", "半角的 =", "with ="},
		{"full-width comma in an array", "functions = [\"a\"，\"b\"]\n", 1, 17, "slip.fullwidth", "全角的 ，", "半角的 ,", "with ,"},
		{"full-width comma ending a value", "amount = 3，\n", 1, 11, "slip.fullwidth", "全角的 ，", "删去值后面的 ，", "delete the ，"},
		{"full-width digits", "amount = ３２００\n", 1, 10, "slip.fullwidth_digits", "全角数字", "amount = 3200", "write amount = 3200"},
		{"curly double quotes", "name = “商事制度改革”\n", 1, 8, "slip.curly_quotes", "中文引号 “", `name = "商事制度改革"`, `write name = "商事制度改革"`},
		{"curly single quotes", "name = ‘商事’\n", 1, 8, "slip.curly_quotes", "中文引号 ‘", `name = "商事"`, `name = "商事"`},
		{"date without leading zeros", "published = 2025-4-30\n", 1, 13, "slip.date", "2025-4-30 不是 TOML 的日期写法", "published = 2025-04-30", "published = 2025-04-30"},
		{"date as printed", "published = 2025年4月30日\n", 1, 13, "slip.date", "2025年4月30日", "published = 2025-04-30", "published = 2025-04-30"},
		{"date with slashes", "approved = 2025/4/3\n", 1, 12, "slip.date", "2025/4/3", "approved = 2025-04-03", "approved = 2025-04-03"},
		{"unquoted Chinese text", "name = 商事制度改革\n", 1, 8, "slip.unquoted", "文本要用半角双引号括起来", `name = "商事制度改革"`, `write name = "商事制度改革"`},
		{"unquoted text after a number", "target = 95%以上\n", 1, 12, "slip.unquoted", "双引号", `target = "95%以上"`, `target = "95%以上"`},
		{"unquoted text with a comment", "name = 商事制度改革 # 项目名称\n", 1, 8, "slip.unquoted", "双引号", `name = "商事制度改革"`, `write name = "商事制度改革"`},
		{"no-break space from a PDF", "amount =\u00a03\n", 1, 9, "slip.invisible", "不换行空格（U+00A0）", "删去它", "delete it"},
		{"ideographic space outside a string", "amount\u3000= 3\n", 1, 7, "slip.invisible", "全角空格（U+3000）", "删去它", "delete it"},
		{"zero-width space", "amount = 3\u200b\n", 1, 11, "slip.invisible", "零宽字符（U+200B）", "删去它", "delete it"},
		{"GBK file", "title = \"\xd6\xd0\xce\xc4\"\n", 1, 10, "slip.encoding", "不是 UTF-8 编码", "记事本中选“另存为”，把“编码”选为 UTF-8", "Notepad 另存为 (Save As)"},
		{"after a byte-order mark", "\ufeffyear = 2024\namount = 3,200\n", 2, 11, "slip.thousands", "千位分隔符", "amount = 3200", "amount = 3200"},
		{"on the line of a byte-order mark", "\ufefftitle = 商事\n", 1, 9, "slip.unquoted", "双引号", `title = "商事"`, `title = "商事"`},
		{"UTF-16, Notepad's Unicode", "\xff\xfet\x00i\x00t\x00l\x00e\x00", 0, 0, "slip.utf16", "UTF-16", "记事本中选“另存为”", "Save As"},
		{"Chinese brackets of a header", "title = \"x\"\n【【projects】】\n", 2, 1, "slip.fullwidth", "全角的 【", "把 【 改为半角的 [", "replace 【 with ["},
		{"a full stop after a value", "year = 2024。\n", 1, 12, "slip.stray", "值后面多了一个 。", "删去值后面的 。", "delete the 。"},
		{"a full-width comment sign", "title = \"x\" ＃ 注释\n", 1, 13, "slip.fullwidth", "全角的 ＃", "半角的 #", "with #"},
		{"a slip on a later line, Windows line ends", "title = \"x\"\r\nyear = 2023\r\namount = 1,000\r\n", 3, 11, "slip.thousands", "千位分隔符", "amount = 1000", "amount = 1000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.List
			tab, _ := parseTOML("f.toml", []byte(c.src), &diags)
			if tab != nil {
				t.Fatalf("parsed: %v", tab.m)
			}
			if len(diags) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(diags), diags)
			}
			d := diags[0]
			if d.Line != c.line || d.Col != c.col || d.Code() != c.code {
				t.Errorf("at %d:%d %s, want %d:%d %s", d.Line, d.Col, d.Code(), c.line, c.col, c.code)
			}
			if m := d.Message.In(i18n.Zh); !strings.Contains(m, c.zhMsg) {
				t.Errorf("message %q lacks %q", m, c.zhMsg)
			}
			if h := d.Hint.In(i18n.Zh); !strings.Contains(h, c.zhHint) {
				t.Errorf("hint %q lacks %q", h, c.zhHint)
			}
			if h := d.Hint.In(i18n.En); !strings.Contains(h, c.enHint) {
				t.Errorf("English hint %q lacks %q", h, c.enHint)
			}
		})
	}
}

// TestAccepted: what is no slip reads without a word: a byte-order
// mark, Windows line ends, full-width characters inside strings.
func TestAccepted(t *testing.T) {
	for _, src := range []string{
		"\ufefftitle = \"x\"\n",
		"title = \"x\"\r\nyear = 2023\r\n",
		"title = \"商事，制度：改革　“一”\u00a0\"\n",
	} {
		var diags diag.List
		if tab, _ := parseTOML("f.toml", []byte(src), &diags); tab == nil || len(diags) > 0 {
			t.Errorf("%q: %v", src, diags)
		}
	}
}

// TestParserMessages: syntax errors that are no slip are still said in
// the editor's language, at the parser's position.
func TestParserMessages(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
		code, zh  string
	}{
		{"[[projects]]\nid = \"a\"\nid = \"b\"\n", 3, 1, "syntax.duplicate_key", "键 projects.id 在同一个表中写了两次"},
		{"goal = \"第一行\n第二行\"\n", 1, 12, "syntax.string_newline", "引号中的文本不能换行"},
		{"[funds\ntotal = 1\n", 1, 7, "syntax.table_end", "表名缺少结尾的 ]（读到的是行尾）"},
		{"title =\n", 1, 8, "syntax.no_value", "等号后面缺少值"},
		{"source = \"C:\\原文.pdf\"\n", 1, 13, "syntax.escape", "不是有效的转义"},
	} {
		var diags diag.List
		parseTOML("f.toml", []byte(c.src), &diags)
		if len(diags) != 1 {
			t.Errorf("%q: %v", c.src, diags)
			continue
		}
		d := diags[0]
		if d.Code() != c.code || !strings.Contains(d.Message.In(i18n.Zh), c.zh) || d.Hint.IsZero() {
			t.Errorf("%q: %s %q hint %q; want %s %q", c.src, d.Code(), d.Message.In(i18n.Zh), d.Hint.In(i18n.Zh), c.code, c.zh)
		}
		if d.Line != c.line || d.Col != c.col {
			t.Errorf("%q: at %d:%d, want %d:%d", c.src, d.Line, d.Col, c.line, c.col)
		}
	}
}

// TestGBKSource: the line of a GBK file is shown with each byte that is
// no UTF-8 as �, so that the terminal shows no garbage and the caret
// stays under the first of them.
func TestGBKSource(t *testing.T) {
	var diags diag.List
	parseTOML("f.toml", []byte("title = \"\xd6\xd0\xce\xc4\"\n"), &diags)
	if len(diags) != 1 || diags[0].Source != "title = \"\uFFFD\uFFFD\uFFFD\uFFFD\"" || diags[0].Caret() != "         ^" {
		t.Errorf("%q caret %q", diags[0].Source, diags[0].Caret())
	}
}

// TestQuotedHints: a figure written as text that TOML reads (so no slip)
// gets a hint with the very figure to write.
func TestQuotedHints(t *testing.T) {
	for _, c := range []struct {
		line, zh, en string
	}{
		{`adjusted = "298.5万元"`, "写成不带引号、单位和分隔符的数字：adjusted = 298.5", "write adjusted = 298.5"},
		{`adjusted = "3,200"`, "adjusted = 3200", "adjusted = 3200"},
		{`published = "2025-4-30"`, "日期不加引号：published = 2025-04-30", "published = 2025-04-30"},
		{`published = "2025年4月30日"`, "published = 2025-04-30", "published = 2025-04-30"},
		{`adjusted = "约300"`, "adjusted = 2753.15", "adjusted = 2753.15"}, // nothing to go by: the general hint
	} {
		fsys := fstest.MapFS{
			"content/site.toml":     {Data: []byte("title = \"x\"\n")},
			"content/b/bureau.toml": {Data: []byte("name = \"某局\"\n")},
			"content/b/2023.toml":   {Data: []byte("title = \"x\"\n" + strings.Replace(c.line, "adjusted", "[totals]\nadjusted", 1) + "\n")},
		}
		_, diags := Site(fsys)
		if len(diags) != 1 {
			t.Errorf("%s: %v", c.line, diags)
			continue
		}
		if h := diags[0].Hint.In(i18n.Zh); !strings.Contains(h, c.zh) {
			t.Errorf("%s: hint %q lacks %q", c.line, h, c.zh)
		}
		if h := diags[0].Hint.In(i18n.En); !strings.Contains(h, c.en) {
			t.Errorf("%s: English hint %q lacks %q", c.line, h, c.en)
		}
	}
}
