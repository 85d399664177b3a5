package site

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/output"
	"golang.org/x/tools/txtar"
)

var (
	linkAttr = regexp.MustCompile(`\s(href|src|data-index|data-echarts)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks follows every link of every HTML page in files: a relative
// href or src must name a file of the site (a folder link its
// index.html), a fragment an id on the page it points to. Pages must not
// load anything from elsewhere (src is never absolute).
//
// The 404 page links from the base URL's path (it is served at any
// depth): basePath, "/" when the site has no base URL.
func checkLinks(errorf func(format string, args ...any), files *output.FileSet, basePath string) (links int) {
	ids := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		data, _ := files.Bytes(p)
		for _, sm := range idAttr.FindAllSubmatch(data, -1) {
			m[html.UnescapeString(string(sm[1]))] = true
		}
		ids[p] = m
		return m
	}
	for _, page := range files.Paths() {
		if path.Ext(page) != ".html" {
			continue
		}
		data, _ := files.Bytes(page)
		for _, sm := range linkAttr.FindAllSubmatch(data, -1) {
			attr, raw := string(sm[1]), html.UnescapeString(string(sm[2]))
			u, err := url.Parse(raw)
			if err != nil {
				errorf("%s: %s=%q does not parse: %v", page, attr, raw, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if attr != "href" {
					errorf("%s: %s=%q loads from outside the site", page, attr, raw)
				}
				continue
			}
			links++
			target := page
			if u.Path != "" {
				base := path.Dir(page)
				p := u.Path
				if strings.HasPrefix(p, "/") {
					// Only the 404 page, served at any depth, links from
					// the root (the base URL's path).
					if page != "404.html" || !strings.HasPrefix(p, basePath) {
						errorf("%s: %s=%q is not relative", page, attr, raw)
						continue
					}
					base, p = ".", strings.TrimPrefix(p, basePath)
				}
				target = path.Join(base, p)
				if strings.HasSuffix(p, "/") || target == "." {
					target = path.Join(target, "index.html")
				}
				if strings.HasPrefix(target, "../") {
					errorf("%s: %s=%q points outside the site", page, attr, raw)
					continue
				}
				if !files.Has(target) {
					errorf("%s: %s=%q: no file %s", page, attr, raw, target)
					continue
				}
			}
			if u.Fragment != "" && path.Ext(target) == ".html" && !idsOf(target)[u.Fragment] {
				errorf("%s: %s=%q: no id %q in %s", page, attr, raw, u.Fragment, target)
			}
		}
	}
	return links
}

// TestLinksExample checks every link of the bundled example.
func TestLinksExample(t *testing.T) {
	res := buildExample(t)
	if n := checkLinks(t.Errorf, res.Files, basePath(res)); n < 50 {
		t.Errorf("only %d links checked: is the pattern still finding them?", n)
	}
}

// TestLinksSites checks the links of every site test that builds.
func TestLinksSites(t *testing.T) {
	archives, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, file := range archives {
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
		if res.Files == nil {
			continue // a site test of errors
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) { checkLinks(t.Errorf, res.Files, basePath(res)) })
	}
}

// TestLinkCheckerFails makes sure the checker reports what it must.
func TestLinkCheckerFails(t *testing.T) {
	files := output.NewFileSet()
	files.Add("index.html", []byte(`<a href="a/">a</a><a href="#top">top</a><img src="https://cdn.example.com/x.png"><a href="b.csv">b</a>`))
	files.Add("a/index.html", []byte(`<a href="../index.html#nowhere">home</a>`))
	var failures []string
	checkLinks(func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }, files, "/")
	want := []string{"no id \"top\"", "loads from outside", "no file b.csv", "no id \"nowhere\""}
	for _, w := range want {
		found := false
		for _, f := range failures {
			if strings.Contains(f, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("the checker missed %q; it reported %q", w, failures)
		}
	}
}

// basePath is the path of the site's base URL, "/" without one.
func basePath(res *Result) string {
	u, err := url.Parse(res.Site.Config.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}
