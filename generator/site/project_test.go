package site_test

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/synth"
)

var ownIndicators = regexp.MustCompile(`<figure data-theme="own">fig-[^<]*-indicators-`)

// A site whose theme defines its own project partial, today's being the
// template the default theme had before the card was written in Go
// (render's testdata/project.html), is the same site byte for byte as
// one built with the default theme's projectHTML: the bundled example,
// the corpus of real reports (every form) and a synthetic site. With a
// theme's own figure (here a marker), the cards written in Go hold that
// figure, as the partial of before did.
func TestProjectPartial(t *testing.T) {
	ref, err := os.ReadFile("../render/testdata/project.html")
	if err != nil {
		t.Fatal(err)
	}
	const ownFigure = `{{define "figure"}}<figure data-theme="own">{{.ID}}</figure>{{end}}`
	for name, src := range map[string]fs.FS{
		"example":   os.DirFS("../.."),
		"corpus":    os.DirFS("testdata/corpus"),
		"synthetic": synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: 7}),
	} {
		own := fstest.MapFS{"themes/default/templates/partials/project.html": {Data: ref}}
		same(t, name+", the project partial of before", build(t, src), build(t, render.Overlay(own, src)))

		figure := fstest.MapFS{"themes/default/templates/partials/figure.html": {Data: []byte(ownFigure)}}
		both := fstest.MapFS{"themes/default/templates/partials/project.html": {Data: ref},
			"themes/default/templates/partials/figure.html": {Data: []byte(ownFigure)}}
		inGo := build(t, render.Overlay(figure, src))
		same(t, name+", a theme's own figure", inGo, build(t, render.Overlay(both, src)))
		if name != "synthetic" {
			continue // the figures are checked on the synthetic site
		}
		owned, defaults := 0, 0
		for _, p := range inGo.Files.Paths() {
			page, err := inGo.Files.Bytes(p)
			if err != nil {
				t.Fatal(err)
			}
			owned += len(ownIndicators.FindAll(page, -1))
			defaults += bytes.Count(page, []byte(`<figure class="figure"`))
		}
		if owned == 0 || defaults > 0 {
			t.Errorf("%s: %d projects' figures are the theme's own, %d figures the default's: want some and none", name, owned, defaults)
		}
	}
}
