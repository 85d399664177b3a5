package site_test

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A build on one core, held in memory, and a build on several cores,
// streamed to disk a bureau at a time (dropping each bureau's detail once
// its pages are made: buildStreamed), give the same files and problems
// byte for byte: parallel loading and rendering change nothing but speed
// and memory.
func TestParallelBuildIsSerialBuild(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 12, Years: 3, Seed: 3})

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	serial, err := site.Build(context.Background(), site.Options{Source: src, Render: true})
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
	parallel, err := site.Build(context.Background(), site.Options{Source: src, Render: true, Files: staged})
	if err != nil || !parallel.OK() {
		t.Fatal(err, parallel.Diags)
	}

	want, got := serial.Files.Paths(), parallel.Files.Paths()
	if len(want) != len(got) {
		t.Fatalf("serial build made %d files, parallel %d", len(want), len(got))
	}
	for i, p := range want {
		if got[i] != p {
			t.Fatalf("file %d is %s serially, %s in parallel", i, p, got[i])
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
			t.Errorf("%s differs between the serial and the parallel build", p)
		}
	}
	if len(serial.Diags) != len(parallel.Diags) {
		t.Fatalf("%d problems serially, %d in parallel", len(serial.Diags), len(parallel.Diags))
	}
	for i := range serial.Diags {
		if serial.Diags[i].String() != parallel.Diags[i].String() {
			t.Errorf("problem %d: %s serially, %s in parallel", i, serial.Diags[i], parallel.Diags[i])
		}
	}
}
