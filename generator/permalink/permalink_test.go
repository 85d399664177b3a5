package permalink

import "testing"

func TestPaths(t *testing.T) {
	if got := Report("hengyang-scjgj", 2023); got != "hengyang-scjgj/2023/index.html" {
		t.Errorf("Report = %q", got)
	}
	if got := Bureau("a"); got != "a/index.html" {
		t.Errorf("Bureau = %q", got)
	}
	if got := Year(2024); got != "2024/index.html" {
		t.Errorf("Year = %q", got)
	}
}

func TestBase(t *testing.T) {
	for _, c := range []struct{ in, root, page string }{
		{"", "/", "a/2023/"},
		{"https://example.cn/jx", "/jx/", "https://example.cn/jx/a/2023/"},
		{"https://example.cn/jx/?q=1#f", "/jx/", "https://example.cn/jx/a/2023/"},
		{"http://example.cn", "/", "http://example.cn/a/2023/"},
	} {
		b, err := ParseBase(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if b.Root() != c.root || b.URL(Report("a", 2023)) != c.page {
			t.Errorf("%q: root %q, page %q; want %q, %q", c.in, b.Root(), b.URL(Report("a", 2023)), c.root, c.page)
		}
	}
	for _, bad := range []string{"example.cn/jx", "ftp://example.cn/", "/jx/", "https://"} {
		if _, err := ParseBase(bad); err == nil {
			t.Errorf("%q was taken for a base URL", bad)
		}
	}
	b, _ := ParseBase("https://example.cn/")
	if got := b.URL("部门 一/2023/data.csv"); got != "https://example.cn/%E9%83%A8%E9%97%A8%20%E4%B8%80/2023/data.csv" {
		t.Errorf("escaped URL %q", got)
	}
}
