package site_test

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A build on one core, held in memory, and a build on several cores,
// streamed to disk a bureau at a time, give the same files and problems
// byte for byte: parallel loading and rendering change nothing but speed
// and memory. So do the other modes and ways of reuse: serve's preview
// (with its site-wide files made when asked for), a build that writes
// every bureau from the store, and a preview that takes every bureau
// from it.
func TestParallelBuildIsSerialBuild(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 12, Years: 3, Seed: 3})

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	serial, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish})
	if err != nil || !serial.OK() {
		t.Fatal(err, serial.Diags)
	}

	runtime.GOMAXPROCS(4)
	dest := filepath.Join(t.TempDir(), "public")
	staged, err := output.Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer staged.Discard()
	linked := t.TempDir() // a store whose folders are links to the staged files
	parallel, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish, Files: staged,
		Store: buildcache.Open(linked, dest), Program: "test", Hasher: stamp.NewHasher(""), Root: "/src"})
	if err != nil || !parallel.OK() {
		t.Fatal(err, parallel.Diags)
	}

	same(t, "parallel", serial, parallel)

	root := t.TempDir()
	h := stamp.NewHasher("")
	preview, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePreview, Preview: site.NewPreview(),
		Store: buildcache.OpenStore(root), Program: "test", Hasher: h, Root: "/src"})
	if err != nil || !preview.OK() {
		t.Fatal(err, preview.Diags)
	}
	preview.Finish("")
	same(t, "preview", serial, preview)

	restored, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish,
		Store: buildcache.Open(root, filepath.Join(t.TempDir(), "public")), Program: "test", Hasher: h, Root: "/src"})
	if err != nil || !restored.OK() || restored.Kept != restored.Bureaus {
		t.Fatal(err, restored.Diags, restored.Kept)
	}
	same(t, "from the store", serial, restored)

	again, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePreview, Preview: site.NewPreview(),
		Store: buildcache.OpenStore(root), Program: "test", Hasher: h, Root: "/src"})
	if err != nil || !again.OK() || again.Kept != again.Bureaus {
		t.Fatal(err, again.Diags, again.Kept)
	}
	// Serve after a build holds no bureau's files until a page of it is
	// asked for: then that bureau's, and no other's.
	first, second := again.Site.Bureaus[0].Slug+"/index.html", again.Site.Bureaus[1].Slug+"/index.html"
	if again.Files.Has(first) || !slices.Contains(again.Later, first) {
		t.Fatalf("a bureau's page was made before it was asked for")
	}
	again.Finish(first)
	if !again.Files.Has(first) || again.Files.Has(second) {
		t.Fatalf("asking for %s made it: %t, and %s: %t", first, again.Files.Has(first), second, again.Files.Has(second))
	}
	again.Finish("")
	same(t, "preview from the store", serial, again)

	// Serve after a build that linked its files into the store reads them
	// from there when asked for.
	folders, _ := filepath.Glob(filepath.Join(linked, "store", "*.d"))
	packs, _ := filepath.Glob(filepath.Join(linked, "store", "*.pack"))
	if len(folders) != parallel.Bureaus || len(packs) != 0 {
		t.Fatalf("a staged build stored %d linked folders and %d packs for %d bureaus", len(folders), len(packs), parallel.Bureaus)
	}
	fromLinks, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePreview, Preview: site.NewPreview(),
		Store: buildcache.OpenStore(linked), Program: "test", Hasher: h, Root: "/src"})
	if err != nil || !fromLinks.OK() || fromLinks.Kept != fromLinks.Bureaus || fromLinks.Files.Has(first) {
		t.Fatal(err, fromLinks.Diags, fromLinks.Kept)
	}
	fromLinks.Finish("")
	same(t, "preview from linked folders", serial, fromLinks)
}

// same fails unless two builds made the same files and problems.
func same(t *testing.T, how string, serial, parallel *site.Result) {
	t.Helper()
	want, got := serial.Files.Paths(), parallel.Files.Paths()
	if len(want) != len(got) {
		t.Fatalf("%s: serial build made %d files, this one %d", how, len(want), len(got))
	}
	for i, p := range want {
		if got[i] != p {
			t.Fatalf("%s: file %d is %s serially, %s here", how, i, p, got[i])
		}
		a, err := serial.Files.Bytes(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := parallel.Files.Bytes(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from the serial build", how, p)
		}
	}
	if len(serial.Diags) != len(parallel.Diags) {
		t.Fatalf("%s: %d problems serially, %d here", how, len(serial.Diags), len(parallel.Diags))
	}
	for i := range serial.Diags {
		if serial.Diags[i].String() != parallel.Diags[i].String() {
			t.Errorf("%s: problem %d: %s serially, %s here", how, i, serial.Diags[i], parallel.Diags[i])
		}
	}
}
