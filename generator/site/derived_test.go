package site

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/synth"
)

// amountLine matches a line that gives one published figure of a table.
var amountLine = regexp.MustCompile(`(?m)^(initial|adjusted|adjustment|received|executed|income|balance|execution_rate|receipt_rate|execution_weight|execution_score|amount|total) = .*\n`)

// TestNothingFromMissing is the property the issue asks for: no figure on
// a page or in the open data is derived from a missing input. For the
// bundled example, the real-report corpus and synthetic content, it
// removes each published figure of a report in turn, builds, and checks
// every report: each derived value in report.json has all of its inputs,
// the removed figure is null, and the page shows 未公开 wherever a figure
// is neither printed nor derivable.
func TestNothingFromMissing(t *testing.T) {
	sources := map[string]fstest.MapFS{
		"example": dirFS(t, "../.."),
		"synth":   synth.MapFS(synth.Options{Bureaus: 2, Years: 1, Seed: 7}),
	}
	if _, err := os.Stat("testdata/corpus/content"); err == nil {
		sources["corpus"] = dirFS(t, "testdata/corpus")
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			checkNothingFromMissing(t, src, "") // as published
			mutations := 0
			for _, file := range reportFiles(src) {
				data := string(src[file].Data)
				lines := amountLine.FindAllStringIndex(data, -1)
				step := 1
				if len(lines) > 40 { // synthetic reports: a sample keeps the test quick
					step = len(lines) / 40
				}
				for i := 0; i < len(lines); i += step {
					m := lines[i]
					mutated := cloneFS(src)
					mutated[file] = &fstest.MapFile{Data: []byte(data[:m[0]] + data[m[1]:])}
					what := fmt.Sprintf("%s without %q", file, strings.TrimSpace(data[m[0]:m[1]]))
					res := checkNothingFromMissing(t, mutated, what)
					checkRemoved(t, res, file, data, m[0], what)
					mutations++
				}
			}
			if mutations == 0 {
				t.Fatal("no figure to remove: the test would prove nothing")
			}
			t.Logf("%d builds, each with one figure removed", mutations)
		})
	}
}

func dirFS(t *testing.T, root string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(root), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(root), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func cloneFS(src fstest.MapFS) fstest.MapFS {
	m := make(fstest.MapFS, len(src))
	for k, v := range src {
		m[k] = v
	}
	return m
}

var reportName = regexp.MustCompile(`^content/[^/]+/\d{4}\.toml$`)

func reportFiles(src fstest.MapFS) []string {
	var out []string
	for p := range src {
		if reportName.MatchString(p) {
			out = append(out, p)
		}
	}
	return out
}

var (
	tableHeader = regexp.MustCompile(`(?m)^\[\[?([a-z_.]+)\]\]?\s*$`)
	idLine      = regexp.MustCompile(`(?m)^id = "([^"]+)"`)
	keyOf       = regexp.MustCompile(`^([a-z_]+) = `)
)

// checkRemoved checks that a figure removed from a project's table is
// gone from report.json too: null, not 0 and not another field's value.
func checkRemoved(t *testing.T, res *Result, file, data string, at int, what string) {
	t.Helper()
	headers := tableHeader.FindAllStringSubmatchIndex(data[:at], -1)
	if len(headers) == 0 || data[headers[len(headers)-1][2]:headers[len(headers)-1][3]] != "projects" {
		return // not a project's own key
	}
	block := data[headers[len(headers)-1][1]:]
	id := idLine.FindStringSubmatch(block)
	key := keyOf.FindStringSubmatch(data[at:])
	if id == nil || key == nil {
		return
	}
	dir := strings.TrimSuffix(strings.TrimPrefix(file, "content/"), ".toml")
	js, err := res.Files.Bytes(path.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range list(doc["projects"]) {
		pm := p.(map[string]any)
		if pm["id"] != id[1] {
			continue
		}
		var v any
		switch k := key[1]; k {
		case "execution_rate", "receipt_rate", "balance", "execution_score", "adjustment":
			v = field(pm, k, "published")
		default:
			v = pm[k]
		}
		if has(v) {
			t.Errorf("%s: project %s still has %s = %v", what, id[1], key[1], v)
		}
		return
	}
	t.Errorf("%s: project %s is not in report.json", what, id[1])
}

// checkNothingFromMissing builds src and checks every report it holds.
func checkNothingFromMissing(t *testing.T, src fstest.MapFS, what string) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("%s: build failed: %v", what, res.Diags)
	}
	for _, file := range reportFiles(src) {
		dir := strings.TrimSuffix(strings.TrimPrefix(file, "content/"), ".toml")
		var doc map[string]any
		js, err := res.Files.Bytes(path.Join(dir, "report.json"))
		if err == nil {
			err = json.Unmarshal(js, &doc)
		}
		if err != nil {
			t.Fatalf("%s: %s/report.json: %v", what, dir, err)
		}
		html, err := res.Files.Bytes(path.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(html)
		for _, p := range list(doc["projects"]) {
			checkProject(t, what+": "+dir, p.(map[string]any), page)
		}
		checkTotals(t, what+": "+dir, doc["totals"].(map[string]any))
	}
	return res
}

// has reports whether a JSON value holds a figure.
func has(v any) bool { return v != nil }

func field(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func checkProject(t *testing.T, where string, p map[string]any, page string) {
	t.Helper()
	id := p["id"].(string)
	base := "adjusted"
	if p["execution_base"] == "initial" {
		base = "initial"
	}
	rules := []struct {
		derived string
		inputs  []string
	}{
		{"execution_rate.computed", []string{"executed", base}},
		{"receipt_rate.computed", []string{"received", "adjusted"}},
		{"balance.computed", []string{"received", "executed"}},
		{"adjustment.computed", []string{"adjusted", "initial"}},
	}
	// 全年预算 may itself be derived from printed 年初预算 and 调整数.
	adjustedKnown := has(p["adjusted"]) || has(p["initial"]) && has(field(p, "adjustment", "published"))
	for _, r := range rules {
		if !has(field(p, strings.Split(r.derived, ".")...)) {
			continue
		}
		for _, in := range r.inputs {
			if in == "adjusted" && r.derived != "adjustment.computed" && adjustedKnown {
				continue
			}
			if !has(p[in]) {
				t.Errorf("%s: project %s: %s is given, but its input %s was not published", where, id, r.derived, in)
			}
		}
	}
	if has(field(p, "execution_score", "computed")) && (!has(p["execution_weight"]) ||
		!has(field(p, "execution_rate", "published")) && !has(field(p, "execution_rate", "computed"))) {
		t.Errorf("%s: project %s: a computed execution score without a published 分值 and 执行率", where, id)
	}
	// The project's row in the page's table: a figure that is neither
	// printed nor derivable shows as 未公开, never as a number.
	cells := projectRow(page, id)
	if cells == nil {
		t.Errorf("%s: project %s: no row in the page's project table", where, id)
		return
	}
	shown := []struct {
		name   string
		absent bool
	}{
		{"initial", !has(p["initial"])},
		{"adjusted", !adjustedKnown},
		{"received", !has(p["received"])},
		{"executed", !has(p["executed"])},
		{"execution_rate", !has(field(p, "execution_rate", "published")) && !has(field(p, "execution_rate", "computed"))},
		{"receipt_rate", !has(field(p, "receipt_rate", "published")) && !has(field(p, "receipt_rate", "computed"))},
		{"balance", !has(field(p, "balance", "published")) && !has(field(p, "balance", "computed"))},
	}
	for i, s := range shown {
		if got := strings.Contains(cells[i], "未公开"); got != s.absent {
			t.Errorf("%s: project %s: %s cell %q, want absent=%v", where, id, s.name, cells[i], s.absent)
		}
	}
}

// projectRow returns the cells of a project's row in the report page's
// project table, in the order initial, adjusted, received, executed,
// execution rate, receipt rate, balance.
var numCell = regexp.MustCompile(`<td class="num"[^>]*>`)

func projectRow(page, id string) []string {
	start := strings.Index(page, `<tr><th scope="row"><a href="#project-`+id+`">`)
	if start < 0 {
		return nil
	}
	row := page[start:]
	row = row[:strings.Index(row, "</tr>")]
	parts := numCell.Split(row, -1)[1:] // a cell may name its column (data-label)
	for i, c := range parts {
		parts[i] = strings.TrimSuffix(c, "</td>")
	}
	if len(parts) != 7 {
		return nil
	}
	return parts
}

func checkTotals(t *testing.T, where string, totals map[string]any) {
	t.Helper()
	for _, k := range []string{"initial", "adjusted", "received", "executed"} {
		tot, _ := totals[k].(map[string]any)
		if tot == nil {
			continue
		}
		count, of := tot["count"].(float64), tot["of"].(float64)
		if has(tot["computed"]) && (count != of || of == 0) {
			t.Errorf("%s: totals.%s computed over %v of %v projects", where, k, count, of)
		}
		if tot["status"] == "computed" && !has(tot["computed"]) {
			t.Errorf("%s: totals.%s says computed but has no computed value", where, k)
		}
	}
	if has(field(totals, "execution_rate", "computed")) && !has(field(totals, "executed", "value")) {
		t.Errorf("%s: a computed total execution rate without a known total executed", where)
	}
	if has(field(totals, "receipt_rate", "computed")) && (!has(field(totals, "received", "value")) || !has(field(totals, "adjusted", "value"))) {
		t.Errorf("%s: a computed total receipt rate without known totals received and adjusted", where)
	}
	if has(field(totals, "balance", "computed")) && (!has(field(totals, "received", "value")) || !has(field(totals, "executed", "value"))) {
		t.Errorf("%s: a computed total balance without known totals received and executed", where)
	}
}
