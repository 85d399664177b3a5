package markdown

import (
	"strings"
	"testing"
)

func TestChartBlocks(t *testing.T) {
	src := "# 概况\n\n资金来源如下：\n\n```chart\nfunds-sources\n```\n\n执行：\n\n```chart execution\n```\n\n  ```chart\n  不存在\n  ```\n\n```chart\n```\n\n```go\nchart\n```\n"
	placed := map[string]int{}
	html, bad, err := New().ConvertCharts([]byte(src), func(name string) ([]byte, bool) {
		if name != "funds-sources" && name != "execution" {
			return nil, false
		}
		placed[name]++
		return []byte(`<figure id="` + name + `"></figure>`), true
	})
	if err != nil {
		t.Fatal(err)
	}
	out := string(html)
	for _, want := range []string{`<figure id="funds-sources"></figure>`, `<figure id="execution"></figure>`, "<code class=\"language-go\">chart\n</code>"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "不存在") || strings.Contains(out, "language-chart") {
		t.Errorf("a chart block was rendered as code:\n%s", out)
	}
	if placed["funds-sources"] != 1 || placed["execution"] != 1 {
		t.Errorf("placed %v", placed)
	}
	want := []ChartError{{Line: 15, Col: 3, Name: "不存在"}, {Line: 18, Col: 4, Name: ""}}
	if len(bad) != len(want) {
		t.Fatalf("errors %+v, want %+v", bad, want)
	}
	for i := range want {
		if bad[i] != want[i] {
			t.Errorf("error %d: %+v, want %+v", i, bad[i], want[i])
		}
	}
}
