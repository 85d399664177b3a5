package site

import (
	"regexp"
	"strconv"
	"testing"
)

// reportYear reads a report's file name as the pattern of before did.
func TestReportYear(t *testing.T) {
	re := regexp.MustCompile(`^([0-9]{4})\.toml$`)
	for _, name := range []string{"2023.toml", "0000.toml", "9999.toml", "2023.tom", "2023.tomlx", "x2023.toml", "202a.toml",
		"2023.TOML", "20234.toml", "202.toml", ".toml", "", "2023.md", "２０２３.toml", "2023/toml", "2023\n.toml"} {
		y, ok := reportYear(name)
		m := re.FindStringSubmatch(name)
		want := 0
		if m != nil {
			want, _ = strconv.Atoi(m[1])
		}
		if ok != (m != nil) || y != want {
			t.Errorf("reportYear(%q) = %d, %t; want %d, %t", name, y, ok, want, m != nil)
		}
	}
}
