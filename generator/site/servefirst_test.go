package site_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
)

// Serve's first run with a store renders every bureau only to pack it for
// the store: it allocates less than a build held in memory, which keeps
// a copy of every page. Each page copied into a buffer of its own, and
// each pack grown file by file and made anew for every bureau, made it
// allocate 2.4 MB a report at 1,000 reports against a build's 1.0.
func TestServeFirstRunAllocatesLessThanBuild(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 10, Years: 5, Seed: 4})
	publish := func() {
		res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish})
		if err != nil || !res.OK() {
			t.Fatal(err, res.Diags)
		}
	}
	first := func() {
		res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePreview, Preview: site.NewPreview(),
			Store: buildcache.OpenStore(t.TempDir()), Program: "test", Hasher: stamp.NewHasher(""), Root: "/src"})
		if err != nil || !res.OK() {
			t.Fatal(err, res.Diags)
		}
	}
	allocated := func(run func()) uint64 {
		run() // the process's one-time costs (the assets' copies)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		run()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	build, serve := allocated(publish), allocated(first)
	t.Logf("build in memory %d bytes, serve's first run %d", build, serve)
	if serve >= build {
		t.Errorf("serve's first run allocated %d bytes, a build in memory %d", serve, build)
	}
}
