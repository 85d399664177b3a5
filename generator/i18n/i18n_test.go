package i18n

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestCataloguesComplete: every message is in both languages, and takes
// as many arguments in each.
func TestCataloguesComplete(t *testing.T) {
	for _, pair := range [][2]Lang{{Zh, En}, {En, Zh}} {
		for _, k := range Keys(pair[0]) {
			if _, ok := Format(pair[1], k); !ok {
				t.Errorf("%s is in the %s catalogue only", k, pair[0])
			}
		}
	}
	for _, k := range Keys(Zh) {
		zh, _ := Format(Zh, k)
		en, ok := Format(En, k)
		if ok && !Plural(k) && Arity(zh) != Arity(en) {
			t.Errorf("%s takes %d arguments in Chinese, %d in English:\n  %s\n  %s", k, Arity(zh), Arity(en), zh, en)
		}
	}
}

// TestGolden renders every message with sample arguments into one file
// per language, so that a change of wording is seen in review
// (go test ./generator/i18n -update rewrites them).
func TestGolden(t *testing.T) {
	for _, lang := range Langs {
		var b strings.Builder
		for _, k := range Keys(lang) {
			f, _ := Format(lang, k)
			var out string
			if Plural(k) {
				out = Sprintf(lang, k, 1) + " / " + Sprintf(lang, k, 2)
			} else if strings.Contains(f, "%d") {
				// The command line's own messages, with counts.
				args := make([]any, Arity(f))
				for i := range args {
					args[i] = fmt.Sprintf("‹%d›", i+1)
				}
				for i, v := range verbsOf(f) {
					if v == 'd' {
						args[i] = 2
					}
				}
				out = Sprintf(lang, k, args...)
			} else {
				args := make([]any, Arity(f))
				for i := range args {
					args[i] = Lit(fmt.Sprintf("‹%d›", i+1))
				}
				out = T(k, args...).In(lang)
			}
			if strings.Contains(out, "%!") {
				t.Errorf("%s (%s) renders badly: %s", k, lang, out)
			}
			fmt.Fprintf(&b, "%s\n\t%s\n", k, strings.ReplaceAll(out, "\n", "\n\t"))
		}
		file := "testdata/messages." + lang.String() + ".txt"
		if *update {
			if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s differs from the catalogue: run go test ./generator/i18n -update and review the diff", file)
		}
	}
}

func TestRowNames(t *testing.T) {
	for _, c := range []struct {
		text   Text
		zh, en string
	}{
		{T("at.key", Row("row.project", 3, "商事制度改革", "business-registration"), "executed"),
			"项目「商事制度改革」(id = business-registration) 的 executed", `executed in project "商事制度改革" (id = business-registration)`},
		{Row("row.project", 3, "", ""), "第3个项目", "project no. 3"},
		{Within(Row("row.project", 1, "甲", ""), Row("row.indicator", 2, "乙", "")), "项目「甲」的指标「乙」", `indicator "乙" of project "甲"`},
		{T("load.unknown_key_in", "excuted", Row("row.project", 1, "商事制度改革", "")), `未知的键 "excuted"（在项目「商事制度改革」中）`, `unknown key "excuted" in project "商事制度改革"`},
		{T("hint.did_you_mean", "executed"), "是否想写 executed？", `did you mean "executed"?`},
	} {
		if got := c.text.In(Zh); got != c.zh {
			t.Errorf("zh: %s, want %s", got, c.zh)
		}
		if got := c.text.In(En); got != c.en {
			t.Errorf("en: %s, want %s", got, c.en)
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want Lang
	}{
		{nil, Zh},
		{map[string]string{"LANG": "en_US.UTF-8"}, En},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, Zh},
		{map[string]string{"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Zh},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, En},
		{map[string]string{"LANG": "C.UTF-8"}, Zh},
	} {
		if got := FromEnv(env(c.env)); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
	if l, ok := Parse("en-US"); !ok || l != En {
		t.Error("en-US is not English")
	}
	if _, ok := Parse("fr"); ok {
		t.Error("fr is a language here")
	}
}

// verbsOf maps each argument of format (from 0) to its verb.
func verbsOf(format string) map[int]byte {
	out, next := map[int]byte{}, 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			fmt.Sscan(m[1], &i)
		}
		next = i + 1
		out[i-1] = m[2][0]
	}
	return out
}
