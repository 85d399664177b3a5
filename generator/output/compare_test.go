package output

import (
	"bytes"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestSameBytesAs compares files of sizes around the block with bytes
// that equal them, differ in one byte, or are one byte longer or shorter.
func TestSameBytesAs(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 100, compareBlock - 1, compareBlock, compareBlock + 1, 2 * compareBlock, 3*compareBlock + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !sameBytesAs(name, data) {
			t.Errorf("size %d: the file's own bytes differ", size)
		}
		if sameBytesAs(name, append(bytes.Clone(data), 'x')) {
			t.Errorf("size %d: equal to one byte more", size)
		}
		if size > 0 {
			if sameBytesAs(name, data[:size-1]) {
				t.Errorf("size %d: equal to one byte less", size)
			}
			for _, at := range []int{0, size / 2, size - 1} {
				other := bytes.Clone(data)
				other[at]++
				if sameBytesAs(name, other) {
					t.Errorf("size %d: equal with byte %d changed", size, at)
				}
			}
		}
	}
	if sameBytesAs(filepath.Join(dir, "missing"), nil) {
		t.Error("a missing file holds no bytes")
	}
}

// TestSameAsReusesBuffers: comparing a made page, or a copied file, with
// the destination's reads into reused blocks, not into a copy of the file
// (a rebuild compares every file of the site).
func TestSameAsReusesBuffers(t *testing.T) {
	if raceEnabled {
		// The race detector drops a share of what goes back into a
		// sync.Pool, and compareBuffers is one.
		t.Skip("pooled allocations do not hold under the race detector")
	}
	dir := t.TempDir()
	data := bytes.Repeat([]byte("<p>page</p>\n"), 40000) // 480 KB
	name := filepath.Join(dir, "page.html")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{"a.pdf": {Data: data}}
	for _, f := range []File{{Data: data}, {From: src, FromPath: "a.pdf"}} {
		if !sameAs(name, info, f) {
			t.Fatal("the file differs from its own bytes")
		}
		if got := allocs.Bytes(10, func() { sameAs(name, info, f) }); got > 16<<10 {
			t.Errorf("comparing a file of %d bytes allocated %d bytes", len(data), got)
		}
	}
}
