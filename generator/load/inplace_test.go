package load

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/BurntSushi/toml"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/synth"
)

// Reading a report allocates little besides the decoder: the position
// scan reads the file in place (a string copy of it was most of the
// rest) and records numbers only, its maps given back for the next file.
// The numbers' texts are slices of the file itself.
func TestParseInPlace(t *testing.T) {
	var src []byte
	for _, f := range synth.Bureau(synth.Options{Bureaus: 1, Years: 1, Seed: 1}, 0) {
		if strings.HasSuffix(f.Path, "4.toml") {
			src = f.Data
		}
	}
	if len(src) < 10_000 {
		t.Fatalf("no synthetic report found (%d bytes)", len(src))
	}
	var diags diag.List
	top, f := parseTOML("r.toml", src, &diags)
	if top == nil {
		t.Fatal(diags)
	}
	ft := top.table("funds", "")
	ix, _ := ft.index()
	raw, ok := f.index.RawIn(ix, "total")
	if p := uintptr(unsafe.Pointer(unsafe.StringData(raw))); !ok || p < uintptr(unsafe.Pointer(&src[0])) || p >= uintptr(unsafe.Pointer(&src[0]))+uintptr(len(src)) {
		t.Errorf("funds.total %q (%v) is not a slice of the file", raw, ok)
	}
	f.release()

	allocated := func(run func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 20 {
			run()
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 20
	}
	decoder := allocated(func() {
		var m map[string]any
		toml.NewDecoder(bytes.NewReader(src)).Decode(&m)
	})
	parse := allocated(func() {
		_, f := parseTOML("r.toml", src, &diags)
		f.release()
	})
	if extra := int64(parse) - int64(decoder); extra > int64(len(src)/3) {
		t.Errorf("parseTOML allocates %d bytes more than the decoder alone for a file of %d bytes, want at most a third of it", extra, len(src))
	}
}
