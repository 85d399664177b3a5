package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteNew: the bytes land whole, an existing name is refused with
// fs.ErrExist (place then removes it and tries again) and left as it was,
// and a missing folder is an error naming the file.
func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.html")
	data := bytes.Repeat([]byte("绩效自评 "), 100_000) // larger than one write may take
	if err := writeNew(p, data); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, want %d", len(got), len(data))
	}
	if info, _ := os.Stat(p); info.Mode().Perm()&^0o022 != 0o644&^0o022 {
		t.Errorf("mode %v, want 0644 less the umask", info.Mode())
	}
	err := writeNew(p, []byte("x"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("writing over an existing file: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, data) {
		t.Error("writing over an existing file changed it")
	}
	var pe *fs.PathError
	if err := writeNew(filepath.Join(dir, "no", "b.html"), nil); !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "no", "b.html") {
		t.Errorf("into a missing folder: %v, want a PathError naming the file", err)
	}
}

// TestStageWithoutDestination: a set staged where there is no site yet
// looks for no old files, and writes the same bytes.
func TestStageWithoutDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if !s.stage.noDest {
		t.Error("no destination, but the stage compares with one")
	}
	s.Add("a/index.html", []byte("<p>一</p>"))
	if err := Write(t.Context(), dest, s); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "a", "index.html")); string(got) != "<p>一</p>" {
		t.Errorf("wrote %q", got)
	}
	s, err = Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	if s.stage.noDest {
		t.Error("a destination exists, but the stage does not compare with it")
	}
}
