package xlsx

import "testing"

// Chinese unless the flag or the locale asks for English; the flag wins.
func TestLang(t *testing.T) {
	for _, c := range []struct{ flag, lcAll, lang, want string }{
		{"", "", "", "zh"},
		{"", "", "zh_CN.UTF-8", "zh"},
		{"", "", "en_US.UTF-8", "en"},
		{"", "en_GB.UTF-8", "zh_CN.UTF-8", "en"},
		{"", "zh_CN.UTF-8", "en_US.UTF-8", "zh"},
		{"zh", "en_US.UTF-8", "", "zh"},
		{"en", "", "zh_CN.UTF-8", "en"},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LANG", c.lang)
		if got := Lang(c.flag); got != c.want {
			t.Errorf("Lang(%q) with LC_ALL=%q LANG=%q = %s, want %s", c.flag, c.lcAll, c.lang, got, c.want)
		}
	}
}

// Every message has both languages and the same verbs in each.
func TestMessages(t *testing.T) {
	for id, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", id)
		}
		if verbs(m[0]) != verbs(m[1]) {
			t.Errorf("%s: %q and %q take different arguments", id, m[0], m[1])
		}
	}
}

func verbs(s string) string {
	var out []byte
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' {
			v := s[i+1]
			if v == 'q' { // 'q' in English is “%s” in Chinese
				v = 's'
			}
			out = append(out, v)
			i++
		}
	}
	return string(out)
}
