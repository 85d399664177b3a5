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
	// Chinese heading ids, as Convert makes them.
	if !strings.Contains(out, `<h2 id="概况">概况</h2>`) {
		t.Errorf("heading id differs from Convert's:\n%s", out)
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

// FuzzChartBlocks: any narrative renders without panicking, and every
// reported chart block lies inside it.
func FuzzChartBlocks(f *testing.F) {
	f.Add("```chart\nfunds\n```\n")
	f.Add("- item\n\n  ```chart x\n  ```\n> ```chart\n> y\n")
	f.Add("~~~chart\n\n\n~~~")
	f.Fuzz(func(t *testing.T, src string) {
		_, bad, err := New().ConvertCharts([]byte(src), func(name string) ([]byte, bool) { return nil, name == "funds" })
		if err != nil {
			return
		}
		lines := strings.Split(src, "\n")
		for _, e := range bad {
			if e.Line < 1 || e.Line > len(lines) || e.Col < 1 || e.Col > len([]rune(lines[e.Line-1]))+1 {
				t.Errorf("position %d:%d outside the input %q", e.Line, e.Col, src)
			}
		}
	})
}
