package synth_test

import (
	"bytes"
	"github.com/disclose-portal/disclose/generator/i18n"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/validate"
)

var small = synth.Options{Bureaus: 25, Years: 3, Seed: 7}

// The generated content must load and validate without a single error,
// and be as large as asked.
func TestValid(t *testing.T) {
	s, diags := load.Site(synth.MapFS(small))
	diags = append(diags, validate.Site(s, diags)...)
	if n := diags.Errors(); n > 0 {
		var b strings.Builder
		diags.Write(&b, i18n.En)
		t.Fatalf("%d errors in generated content:\n%s", n, b.String())
	}
	if len(s.Bureaus) != small.Bureaus {
		t.Fatalf("%d bureaus, want %d", len(s.Bureaus), small.Bureaus)
	}
	for _, b := range s.Bureaus {
		if len(b.Reports) != small.Years {
			t.Fatalf("%s: %d reports, want %d", b.Slug, len(b.Reports), small.Years)
		}
		if !strings.Contains(b.Name, "合成示例") {
			t.Errorf("%s: name %q does not say it is synthetic", b.Slug, b.Name)
		}
		for _, r := range b.Reports {
			if n := len(r.Projects); n < 3 || n > 12 {
				t.Errorf("%s: %d projects, want 3–12", r.File, n)
			}
			for _, p := range r.Projects {
				if n := len(p.Indicators); n < 6 || n > 20 {
					t.Errorf("%s: project %s has %d indicators, want 6–20", r.File, p.ID, n)
				}
			}
			if n := len(r.Metrics); n < 5 || n > 15 {
				t.Errorf("%s: %d metrics, want 5–15", r.File, n)
			}
			if n := len(r.Narrative); n < 2048 || n > 8192 {
				t.Errorf("%s: narrative of %d bytes", r.NarrativeFile, n)
			}
			if r.Funds == nil || len(r.Funds.Sources) != 3 {
				t.Errorf("%s: want funds with 3 sources", r.File)
			}
		}
	}
	// Metric ids repeat across a bureau's years, forming series.
	b := s.Bureaus[0]
	first, last := b.Reports[0].Metrics, b.Reports[len(b.Reports)-1].Metrics
	if len(first) != len(last) || first[0].ID != last[0].ID {
		t.Errorf("metrics of %s do not form series across years", b.Slug)
	}
}

// Every generated file says that it is synthetic in its first line.
func TestMarked(t *testing.T) {
	synth.Generate(synth.Options{Bureaus: 3, Years: 2, Seed: 1}, func(f synth.File) error {
		first, _, _ := bytes.Cut(f.Data, []byte("\n"))
		if !bytes.Contains(first, []byte("合成数据")) {
			t.Errorf("%s starts with %q", f.Path, first)
		}
		return nil
	})
}

// Two runs give the same bytes, serially or in parallel; another seed
// gives other bytes.
func TestDeterministic(t *testing.T) {
	a, b := synth.MapFS(small), synth.MapFS(small)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, f := range a {
		if !bytes.Equal(f.Data, b[p].Data) {
			t.Fatalf("%s differs between two runs", p)
		}
	}
	dir := t.TempDir()
	if err := synth.WriteDir(dir, small, 4); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if f, ok := a[filepath.ToSlash(rel)]; !ok || !bytes.Equal(f.Data, data) {
			t.Errorf("%s written in parallel differs from the serial run", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(a) {
		t.Errorf("WriteDir wrote %d files, Generate %d", n, len(a))
	}
	other := synth.MapFS(synth.Options{Bureaus: small.Bureaus, Years: small.Years, Seed: small.Seed + 1})
	same := 0
	for p, f := range a {
		if strings.HasSuffix(p, ".toml") && bytes.Equal(f.Data, other[p].Data) {
			same++
		}
	}
	if same > 1 { // site.toml may match
		t.Errorf("%d data files are the same under another seed", same)
	}
}
