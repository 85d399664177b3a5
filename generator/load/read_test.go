package load

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/synth"
)

// A file's buffer is given back and read into again by the next file, as
// large as it needs to be, with the file's bytes exactly.
func TestReadTOMLReused(t *testing.T) {
	for len(freeBuffers) > 0 {
		<-freeBuffers
	}
	dir := t.TempDir()
	small, large := []byte("a = 1\n"), make([]byte, 100_000)
	for i := range large {
		large[i] = byte('a' + i%26)
	}
	os.WriteFile(filepath.Join(dir, "s.toml"), small, 0o644)
	os.WriteFile(filepath.Join(dir, "l.toml"), large, 0o644)
	fsys := os.DirFS(dir)
	a, err := readTOML(fsys, "s.toml")
	if err != nil || string(a) != string(small) {
		t.Fatalf("%q, %v", a, err)
	}
	freeBuffer(a)
	b, err := readTOML(fsys, "s.toml")
	if err != nil || string(b) != string(small) {
		t.Fatalf("%q, %v", b, err)
	}
	if &b[:1][0] != &a[:1][0] {
		t.Error("the second file was read into a buffer of its own")
	}
	freeBuffer(b)
	c, err := readTOML(fsys, "l.toml")
	if err != nil || string(c) != string(large) {
		t.Fatalf("%d bytes, %v", len(c), err)
	}
	if _, err := readTOML(fsys, "none.toml"); err == nil {
		t.Error("no error for a missing file")
	}
}

// Nothing the loader keeps reads a file's buffer once it is given back:
// the model and every problem found (those of values and those of
// syntax) stay the same when the buffers are written over.
func TestBufferNotKept(t *testing.T) {
	fsys := synth.MapFS(synth.Options{Bureaus: 2, Years: 2, Seed: 3})
	fsys["content/bad/bureau.toml"] = &fstest.MapFile{Data: []byte("name = \"某局\"\n")}
	fsys["content/bad/2023.toml"] = &fstest.MapFile{Data: []byte("title = \"t\"\nyear = 2022\n[[projects]]\nid = \"p\"\nname = \"项目\"\nexecuted = 1.001\nscore = 200\nfoo = 1\n[[projects.indicators]]\nname = \"x\"\ntarget = \"≥**%\"\nweight = 1.234\n")}
	fsys["content/bad/2024.toml"] = &fstest.MapFile{Data: []byte("title = \"t\"\nunit = \"万元\"\nexecuted = 298.5 万元\n")}
	s, diags := Site(fsys)
	before := fmt.Sprint(strs(reflect.ValueOf(s), map[uintptr]bool{}), diags)
	for len(freeBuffers) > 0 {
		b := <-freeBuffers
		defer freeBuffer(b)
		for i := range b[:cap(b)] {
			b[:cap(b)][i] = 'X'
		}
	}
	if after := fmt.Sprint(strs(reflect.ValueOf(s), map[uintptr]bool{}), diags); after != before {
		t.Errorf("the model or its problems changed with the buffers:\n%s\n%s", before, after)
	}
	if len(diags) < 5 {
		t.Errorf("%d problems: the test says little", len(diags))
	}
}

// strs is every string the value reaches, each pointer followed once.
func strs(v reflect.Value, seen map[uintptr]bool) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return nil
		}
		seen[v.Pointer()] = true
		return strs(v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return strs(v.Elem(), seen)
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, strs(v.Field(i), seen)...)
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return []string{string(v.Bytes())}
		}
		var out []string
		for i := range v.Len() {
			out = append(out, strs(v.Index(i), seen)...)
		}
		return out
	case reflect.Map:
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, strs(k, seen)...)
			out = append(out, strs(v.MapIndex(k), seen)...)
		}
		slices.Sort(out)
		return out
	}
	return nil
}
