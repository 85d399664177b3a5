package site_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A site whose theme defines its own figure partial, today's being the
// template the default theme had before the figure was written in Go
// (render's testdata/figure.html), is the same site byte for byte as one
// built with the default theme's figureHTML: the bundled example with
// charts placed in its narrative, and a synthetic site.
func TestFigurePartial(t *testing.T) {
	ref, err := os.ReadFile("../render/testdata/figure.html")
	if err != nil {
		t.Fatal(err)
	}
	const md = "content/hengyang-scjgj/2023.md"
	narrative, err := os.ReadFile("../../" + md)
	if err != nil {
		t.Fatal(err)
	}
	narrative = append(narrative, "\n```chart execution-rate\n```\n\n```chart\nfunds-sources\n```\n\n```chart execution-rate\n```\n"...)
	example := fstest.MapFS{md: {Data: narrative}}
	for name, src := range map[string]fs.FS{
		"example":   render.Overlay(example, os.DirFS("../..")),
		"synthetic": synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: 5}),
	} {
		own := fstest.MapFS{"themes/default/templates/partials/figure.html": {Data: ref}}
		inGo := build(t, src)
		inTemplate := build(t, render.Overlay(own, src))
		same(t, name+", the figure partial of before", inGo, inTemplate)
		page, err := inGo.Files.Bytes("hengyang-scjgj/2023/index.html")
		if name == "example" && (err != nil || bytes.Count(page, []byte(`<figure class="figure"`)) != 5+3 ||
			!bytes.Contains(page, []byte(`id="fig-hengyang-scjgj-2023-execution-rate-text-3"`))) {
			t.Errorf("%s: the report page has not its five figures and three in the narrative (%v)", name, err)
		}
	}
}

func build(t *testing.T, src fs.FS) *site.Result {
	t.Helper()
	res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish})
	if err != nil || !res.OK() {
		t.Fatal(err, res.Diags)
	}
	return res
}
