package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/synth"
)

// TestPrint prints report pages to PDF in headless Chromium (print.mjs,
// with the style sheet's @page) and reads the PDF with poppler-utils
// (pdfinfo, pdftotext): every page A4, the page count in a range, no
// page without text, no section menu or search, the page's address and
// a chart's labels on paper. Pictures of the pages (pdftoppm, 50 dpi)
// go to e2e/artifacts/print/ to look at.
func TestPrint(t *testing.T) {
	node := browserNeeds(t)
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing (apt-get install -y poppler-utils); CI must run the print test", tool)
			}
			t.Skipf("print test skipped: %s is missing (apt-get install -y poppler-utils)", tool)
		}
	}
	artifacts := filepath.Join("artifacts", "print")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Run("example", func(t *testing.T) {
		dir := buildSite(t, os.DirFS(".."), "example")
		printCheck(t, node, dir, "hengyang-scjgj/2023/index.html", filepath.Join(artifacts, "example"), printWant{
			// 13 pages when this was written: the glance, metrics, funds,
			// execution, four projects and the narrative.
			pages: [2]int{9, 17},
			text: []string{
				// A link's target: where the data files are.
				"https://jixiao.example.cn/hengyang-scjgj/2023/report.json",
				// The page's own address, in the closing paragraph.
				"本页网址：https://jixiao.example.cn/hengyang-scjgj/2023/",
				// An external link's target, printed after it.
				"https://creativecommons.org/licenses/by/4.0/",
			},
		})
	})
	t.Run("synthetic", func(t *testing.T) {
		// One bureau of many projects and indicators: long tables that
		// must break between rows.
		dir := buildSite(t, synth.MapFS(synth.Options{Bureaus: 1, Years: 2, LastYear: 2024, Seed: 3}), "synthetic")
		reports, _ := filepath.Glob(filepath.Join(dir, "*", "2024", "index.html"))
		if len(reports) != 1 {
			t.Fatalf("want one 2024 report page, found %v", reports)
		}
		rel, _ := filepath.Rel(dir, reports[0])
		printCheck(t, node, dir, filepath.ToSlash(rel), filepath.Join(artifacts, "synthetic"), printWant{
			pages: [2]int{10, 60},
		})
	})
}

type printWant struct {
	pages [2]int   // the least and most pages
	text  []string // each somewhere in the PDF's text
}

// printCheck prints one page of a built site to OUT.pdf and checks it.
func printCheck(t *testing.T, node, dir, page, out string, want printWant) {
	t.Helper()
	pdf := out + ".pdf"
	cmd := exec.Command(node, "print.mjs", dir, page, pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node print.mjs %s: %v\n%s", page, err, stderr.Bytes())
	}
	var drawn struct {
		Charts []struct {
			ID     string
			Labels []string
		}
	}
	if err := json.Unmarshal(stdout, &drawn); err != nil {
		t.Fatalf("print.mjs said %q: %v", stdout, err)
	}

	sizes := pageSizes(t, pdf)
	n := len(sizes)
	t.Logf("%s: %d pages (%s)", page, n, pdf)
	if n < want.pages[0] || n > want.pages[1] {
		t.Errorf("%d pages, want %d to %d", n, want.pages[0], want.pages[1])
	}
	for i, s := range sizes {
		// A4 is 595.28 × 841.89 pt; Chromium writes whole CSS pixels.
		if abs(s[0]-595.28) > 1 || abs(s[1]-841.89) > 1 {
			t.Errorf("page %d is %.2f × %.2f pt, not A4", i+1, s[0], s[1])
		}
	}

	var all strings.Builder
	for i := 1; i <= n; i++ {
		text := pdfText(t, pdf, i)
		all.WriteString(text)
		if strings.TrimSpace(text) == "" {
			t.Errorf("page %d of %d has no text", i, n)
		}
	}
	// The closing paragraph (base.html's colophon: 发布：…, or the unit
	// when the site names no publisher) ends the last page, not alone on
	// it: the last page does not begin with it.
	last := strings.TrimSpace(pdfText(t, pdf, n))
	if strings.HasPrefix(last, "发布：") || strings.HasPrefix(last, "金额单位除注明外为") {
		t.Errorf("the last page holds only the closing paragraph:\n%s", last)
	}
	text := all.String()
	flat := strings.Join(strings.Fields(text), "")
	for _, s := range []string{
		"回到顶部", // the section menu and the link after the page
		"跳到正文", // the skip link
		"跳过正文",
		"搜索",        // the search box
		"查看数据表",     // a figure's table behind the chart
		"下载数据表（CSV", // a figure's download link
	} {
		if strings.Contains(flat, s) {
			t.Errorf("the print shows %q, which is for the screen", s)
		}
	}
	for _, s := range want.text {
		if !strings.Contains(flat, strings.Join(strings.Fields(s), "")) {
			t.Errorf("the print does not show %q", s)
		}
	}
	// Charts on paper, with their labels: every label of every chart's
	// static drawing is in the PDF's text (SVG text, not a picture), also
	// of the chart that ECharts drew on screen before printing.
	if len(drawn.Charts) == 0 {
		t.Errorf("%s printed no chart", page)
	}
	for _, c := range drawn.Charts {
		if len(c.Labels) == 0 {
			t.Errorf("chart %s has no text labels", c.ID)
			continue
		}
		missing := 0
		for _, l := range c.Labels {
			if !strings.Contains(flat, strings.Join(strings.Fields(l), "")) {
				if missing++; missing <= 3 {
					t.Errorf("chart %s: label %q is not in the PDF's text", c.ID, l)
				}
			}
		}
	}

	// Pictures of the pages, to look at.
	old, _ := filepath.Glob(out + "-*.png")
	for _, f := range old {
		os.Remove(f)
	}
	if b, err := exec.Command("pdftoppm", "-r", "50", "-png", pdf, out).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, b)
	}
}

var pageSize = regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts`)

// pageSizes reads every page's size, in points, with pdfinfo.
func pageSizes(t *testing.T, pdf string) [][2]float64 {
	t.Helper()
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo names no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	info, err = exec.Command("pdfinfo", "-f", "1", "-l", strconv.Itoa(n), pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	var sizes [][2]float64
	for _, m := range pageSize.FindAllSubmatch(info, -1) {
		w, _ := strconv.ParseFloat(string(m[2]), 64)
		h, _ := strconv.ParseFloat(string(m[3]), 64)
		sizes = append(sizes, [2]float64{w, h})
	}
	if len(sizes) != n {
		t.Fatalf("pdfinfo gives %d page sizes for %d pages:\n%s", len(sizes), n, info)
	}
	return sizes
}

// pdfText is the text of one page (pdftotext, in reading order).
func pdfText(t *testing.T, pdf string, page int) string {
	t.Helper()
	p := fmt.Sprint(page)
	out, err := exec.Command("pdftotext", "-f", p, "-l", p, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext page %d: %v", page, err)
	}
	return string(out)
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
