package site

import (
	"bytes"
	"context"
	"flag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSites runs testdata/sites/*.txtar. Each archive is a source tree
// plus expectations:
//
//	-- want/diags --       every problem, one a line, as file:line:col: severity: message
//	-- want/<path> --      lines that must each appear in output file <path>
//	-- dontwant/<path> --  lines that must not appear in output file <path>
func TestSites(t *testing.T) {
	files, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatal("no site tests found", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src := fstest.MapFS{}
			want := map[string]string{}
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want/") || strings.HasPrefix(f.Name, "dontwant/") {
					want[f.Name] = string(f.Data)
					continue
				}
				src[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish})
			if err != nil {
				t.Fatal(err)
			}
			// want/diags are the problems as editors read them by
			// default, in Chinese; want/diags.en the same in English.
			lines := func(lang i18n.Lang) string {
				var got []string
				for _, d := range res.Diags {
					got = append(got, d.Line1(lang))
				}
				return strings.Join(got, "\n")
			}
			if *update && len(res.Diags) > 0 {
				rewriteWant(t, file, ar, map[string]string{"want/diags": lines(i18n.Zh), "want/diags.en": lines(i18n.En)})
			}
			for _, v := range []struct {
				name string
				lang i18n.Lang
			}{{"want/diags", i18n.Zh}, {"want/diags.en", i18n.En}} {
				if w, ok := want[v.name]; ok {
					if g := lines(v.lang); g != strings.TrimSpace(w) {
						t.Errorf("%s:\n got:\n%s\nwant:\n%s", v.name, g, strings.TrimSpace(w))
					}
				} else if len(res.Diags) > 0 {
					t.Errorf("unexpected diagnostics (go test -run Sites -update writes them):\n%s", lines(v.lang))
				}
			}
			for name, lines := range want {
				if name == "want/diags" || name == "want/diags.en" {
					continue
				}
				neg := strings.HasPrefix(name, "dontwant/")
				p := strings.TrimPrefix(strings.TrimPrefix(name, "want/"), "dontwant/")
				if res.Files == nil {
					t.Errorf("%s: no output (the build failed)", p)
					continue
				}
				data, err := res.Files.Bytes(p)
				if err != nil {
					t.Errorf("%s: %v", p, err)
					continue
				}
				for _, line := range strings.Split(lines, "\n") {
					line = strings.TrimSpace(line)
					if line == "" {
						continue
					}
					if has := bytes.Contains(data, []byte(line)); has == neg {
						if neg {
							t.Errorf("%s: unwanted %q found", p, line)
						} else {
							t.Errorf("%s: %q not found", p, line)
						}
					}
				}
			}
		})
	}
}

// exampleSource is the bundled example at the top of the repository.
func exampleSource(t testing.TB) fs.FS {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return os.DirFS(root)
}

// buildExample builds the bundled example in memory; it must be clean.
func buildExample(t testing.TB) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Source: exampleSource(t), Mode: ModePublish})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diags) > 0 {
		var b strings.Builder
		res.Diags.Write(&b, i18n.En)
		t.Fatalf("the example has problems:\n%s", b.String())
	}
	return res
}

// rewriteWant replaces (or adds) the named sections of a site test.
func rewriteWant(t *testing.T, file string, ar *txtar.Archive, sections map[string]string) {
	t.Helper()
	for i := range ar.Files {
		if v, ok := sections[ar.Files[i].Name]; ok {
			ar.Files[i].Data = []byte(v + "\n")
			delete(sections, ar.Files[i].Name)
		}
	}
	for _, name := range []string{"want/diags", "want/diags.en"} {
		if v, ok := sections[name]; ok {
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(v + "\n")})
		}
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExampleDeterministic builds the example twice: same files, same bytes.
func TestExampleDeterministic(t *testing.T) {
	a, b := buildExample(t), buildExample(t)
	pa, pb := a.Files.Paths(), b.Files.Paths()
	// The report's workbook too: excelize would date it with the time.
	if _, err := a.Files.Bytes("hengyang-scjgj/2023/tables.xlsx"); err != nil {
		t.Errorf("the report's workbook: %v", err)
	}
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("file lists differ:\n%v\n%v", pa, pb)
	}
	for _, p := range pa {
		da, _ := a.Files.Bytes(p)
		db, _ := b.Files.Bytes(p)
		if !bytes.Equal(da, db) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestExampleGolden compares the <main> of the example's pages with
// golden files (go test -run Golden -update to refresh).
func TestExampleGolden(t *testing.T) {
	res := buildExample(t)
	for _, p := range []string{"hengyang-scjgj/2023/index.html", "hengyang-scjgj/index.html", "index.html", "2023/index.html"} {
		data, err := res.Files.Bytes(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		got := mainRegion(data)
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./generator/site -run Golden -update and review the diff", p, golden)
		}
	}
}

// mainRegion keeps the <main> element, so that golden files do not change
// with every edit of the header or footer.
func mainRegion(page []byte) []byte {
	s := string(page)
	i := strings.Index(s, "<main")
	j := strings.LastIndex(s, "</main>")
	if i < 0 || j < i {
		return page
	}
	return []byte(s[i : j+len("</main>")+1])
}

// TestExampleStrictOutput: pages run under a CSP of default-src 'self'
// and request nothing outside the site: no inline script or style, no
// style attributes, every src and stylesheet relative.
func TestExampleStrictOutput(t *testing.T) {
	res := buildExample(t)
	for _, p := range res.Files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		data, _ := res.Files.Bytes(p)
		page := string(data)
		for _, m := range scriptTag.FindAllStringSubmatch(page, -1) {
			attrs, body := m[1], m[2]
			isData := strings.Contains(attrs, `type="application/json"`) || strings.Contains(attrs, `type="application/ld+json"`)
			if !isData && (strings.TrimSpace(body) != "" || !strings.Contains(attrs, "src=")) {
				t.Errorf("%s: inline script: %.80s", p, m[0])
			}
		}
		if strings.Contains(page, "<style") || styleAttr.MatchString(page) {
			t.Errorf("%s: inline style", p)
		}
		for _, m := range resourceURL.FindAllStringSubmatch(page, -1) {
			// A canonical or alternate link names a URL; browsers do not fetch it.
			if strings.Contains(m[0], `rel="canonical"`) || strings.Contains(m[0], `rel="alternate"`) {
				continue
			}
			u := m[1]
			if strings.HasPrefix(u, "//") || strings.Contains(u, "://") || (strings.HasPrefix(u, "/") && p != "404.html") {
				t.Errorf("%s: resource outside the site's folder: %s", p, u)
			}
		}
	}
}

var (
	scriptTag   = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)
	styleAttr   = regexp.MustCompile(`\sstyle=`)
	resourceURL = regexp.MustCompile(`(?:\ssrc|<link[^>]*\shref)="([^"]*)"`)
)

// notFromSites are the messages of reading and checking that no site in
// testdata/sites makes, and why.
var notFromSites = map[string]string{
	"load.cannot_list":         "a failure of the file system, which fstest.MapFS cannot make",
	"load.cannot_list_content": "a failure of the file system",
	"load.cannot_read":         "a failure of the file system",
	"load.symlink":             "symbolic links: load.TestSymlinksRefused, on a real folder",
	"load.symlink_attachment":  "symbolic links: load.TestSymlinksRefused, on a real folder",
	"render.symlink":           "symbolic links need a real folder",
	"load.inexact":             "only when the position index and the parser disagree, which would be a bug",
	"hint.inexact":             "the hint of load.inexact",
	"load.syntax":              "the fallback for a parser message the catalogue does not know",
	"load.toml":                "a decoding failure that is no syntax error",
	"load.not_number":          "a number TOML accepts always reads (the exponent check comes first)",
	"render.narrative":         "a failure of the Markdown renderer",
	"render.page":              "a failure of the theme's templates",
}

// TestMessagesCovered: every message about content (load, check, slip,
// syntax, and their hints and parts) is made by some real site in
// testdata/sites, so that its golden text there shows it in context, in
// both languages; and every message a site makes is in the catalogue.
func TestMessagesCovered(t *testing.T) {
	files, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(i18n.Text)
	walk = func(x i18n.Text) {
		seen[x.Key] = true
		for _, a := range x.Args {
			walk(a)
		}
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src := fstest.MapFS{}
		for _, f := range ar.Files {
			src[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diags {
			walk(d.Message)
			walk(d.Hint)
		}
	}
	// The messages of disclose import (import.*) are about a workbook,
	// which no site holds: generator/xlsx's TestMessagesCovered makes
	// them from workbooks, and lists where the command line's are made.
	for _, k := range i18n.Keys(i18n.Zh) {
		for _, p := range []string{"load.", "check.", "slip.", "syntax.", "render.", "hint."} {
			if strings.HasPrefix(k, p) && !seen[k] && notFromSites[k] == "" {
				t.Errorf("no site in testdata/sites makes %s", k)
			}
		}
	}
	// And the other way: every message a site makes is in the catalogue
	// (a format string passed where a key belongs would print as it is,
	// in English, whatever the language).
	for k := range seen {
		if _, ok := i18n.Format(i18n.Zh, k); k != "" && !ok {
			t.Errorf("a site makes %q, which is no key of the catalogue", k)
		}
	}
	for k := range notFromSites {
		if seen[k] {
			t.Errorf("%s is made by a site: take it off notFromSites", k)
		}
	}
}
