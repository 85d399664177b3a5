package load

import (
	"github.com/disclose-portal/disclose/generator/i18n"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
)

func site(year string) fstest.MapFS {
	return fstest.MapFS{
		"content/site.toml":     {Data: []byte("title = \"门户\"\n")},
		"content/b/bureau.toml": {Data: []byte("name = \"某局\"\n")},
		"content/b/2023.toml":   {Data: []byte(year)},
	}
}

func TestReportExact(t *testing.T) {
	s, diags := Site(site(`title = "t"
unit = "元"
[funds]
total = 0.1
[[funds.sources]]
name = "甲"
amount = 0.1
[[projects]]
id = "p"
name = "项目"
initial = 99999999999.99
executed = 1
[[metrics]]
id = "m"
name = "m"
value = 0.30
`))
	if len(diags) > 0 {
		t.Fatalf("unexpected problems: %v", diags)
	}
	r := s.Bureaus[0].Reports[0]
	if *r.Funds.Total != 10 {
		t.Errorf("0.1 元 = %d 分; want 10 (float64 would say 0.1000000000000000055…)", *r.Funds.Total)
	}
	// Absence is not zero, and no figure stands in for another: adjusted
	// and received were not given, so they are absent, not copies.
	if p := r.Projects[0]; *p.Initial != 9999999999999 || p.Adjusted != nil || p.Received != nil {
		t.Errorf("initial %d adjusted %v received %v", *p.Initial, p.Adjusted, p.Received)
	}
	if v := r.Metrics[0].Value; v.Raw != "0.30" {
		t.Errorf("metric raw = %q; want the literal 0.30", v.Raw)
	}
	if r.Unit != budget.Units[0] {
		t.Errorf("unit = %v", r.Unit)
	}
}

func TestUnknownKeyHint(t *testing.T) {
	_, diags := Site(site("title = \"t\"\n[[projects]]\nid = \"p\"\nname = \"n\"\ninitial = 1\nexcuted = 1\n"))
	var found bool
	for _, d := range diags {
		if strings.Contains(d.Message.In(i18n.En), `unknown key "excuted"`) {
			found = true
			if d.Line != 6 || d.Col != 1 || d.Hint.In(i18n.En) != `did you mean "executed"?` {
				t.Errorf("got %s hint %q", d, d.Hint.In(i18n.En))
			}
		}
	}
	if !found {
		t.Errorf("no unknown-key error in %v", diags)
	}
}

// FuzzReport: the loader never panics on any year file, and every position
// it reports lies inside that file.
func FuzzReport(f *testing.F) {
	f.Add("title = \"t\"\n[funds]\ntotal = 1.5\n[[funds.sources]]\nname = \"a\"\namount = 1.5\n")
	f.Add("[[projects]]\nid = \"p\"\nname = \"n\"\ninitial = 1\nexecuted = 2\n[[projects.indicators]]\nname = \"i\"\ntarget = \"≥98%\"\nactual = 97\nweight = 10\nscore = 9.5\n")
	f.Add("[staff]\nactual_by_type = { a = 1 }\n[[metrics]]\nid = \"m\"\nvalue = \"40余起\"\nyoy = 1e400\n")
	f.Add("title = 1\nyear = 2023\npublished = 2024-04-30T10:00:00Z\n[x\n")
	f.Fuzz(func(t *testing.T, src string) {
		_, diags := Site(site(src))
		lines := strings.Split(src, "\n")
		for _, d := range diags {
			if d.File != "content/b/2023.toml" || d.Line == 0 {
				continue
			}
			if d.Line > len(lines) {
				t.Fatalf("%s: line outside the %d lines of the input", d, len(lines))
			}
			if n := len([]rune(lines[d.Line-1])); d.Col < 1 || d.Col > n+1 {
				t.Fatalf("%s: column outside line %d (%d characters)", d, d.Line, n)
			}
		}
	})
}

func TestExponentRefused(t *testing.T) {
	_, diags := Site(site("title = \"t\"\n[[metrics]]\nid = \"m\"\nname = \"m\"\nvalue = 1.5e300\n"))
	if len(diags) != 1 || !strings.Contains(diags[0].Message.In(i18n.En), "plain decimal") || diags[0].Line != 5 {
		t.Errorf("got %v; want one error about the exponent on line 5", diags)
	}
}

// Links could reach outside content/ (a password file, another bureau's
// drafts): they are refused, not followed.
func TestSymlinksRefused(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/site.toml", "title = \"门户\"\n")
	write("content/b/bureau.toml", "name = \"某局\"\n")
	write("content/b/2023.toml", "title = \"t\"\n")
	write("outside/secret.txt", "secret")
	if err := os.Symlink(filepath.Join(root, "outside/secret.txt"), filepath.Join(root, "content/b/2023/secret.txt")); err != nil {
		os.MkdirAll(filepath.Join(root, "content/b/2023"), 0o755)
		if err := os.Symlink(filepath.Join(root, "outside/secret.txt"), filepath.Join(root, "content/b/2023/secret.txt")); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "outside"), filepath.Join(root, "content/linked")); err != nil {
		t.Fatal(err)
	}
	s, diags := Site(os.DirFS(root))
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Line1(i18n.En))
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"content/b/2023/secret.txt: error: symbolic links are not copied",
		"content/linked: error: symbolic links are not followed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if a := s.Bureaus[0].Reports[0].Attachments; len(a) != 0 {
		t.Errorf("attachments = %v; want none", a)
	}
}

func TestEncodingHints(t *testing.T) {
	// A byte-order mark (Windows Notepad) is fine; GBK gets a hint.
	fsys := site("title = \"\xb1\xa8\xb8\xe6\"\n")
	fsys["content/b/bureau.toml"].Data = []byte("\xef\xbb\xbfname = \"某局\"\n")
	_, diags := Site(fsys)
	if len(diags) != 1 || diags[0].File != "content/b/2023.toml" || !strings.Contains(diags[0].Hint.In(i18n.En), "UTF-8") {
		t.Errorf("got %v; want one error with an encoding hint for 2023.toml", diags)
	}
}
