package opendata

import "testing"

func TestLicenseURL(t *testing.T) {
	for in, want := range map[string]string{
		"CC-BY-4.0":            "https://creativecommons.org/licenses/by/4.0/",
		"cc-by-sa-4.0":         "https://creativecommons.org/licenses/by-sa/4.0/",
		"CC-BY-NC-ND-3.0":      "https://creativecommons.org/licenses/by-nc-nd/3.0/",
		"CC0-1.0":              "https://creativecommons.org/publicdomain/zero/1.0/",
		"ODbL-1.0":             "https://opendatacommons.org/licenses/odbl/1-0/",
		"https://example.cn/l": "https://example.cn/l",
		"政府数据开放许可":             "",
		"CC-BY":                "",
	} {
		if got := LicenseURL(in); got != want {
			t.Errorf("LicenseURL(%q) = %q, want %q", in, got, want)
		}
	}
}
