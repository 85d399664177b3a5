// Package output holds a built site as a set of files and writes it to
// disk atomically: the new site is written beside the destination and
// swapped in only when every file was written, so a failed or interrupted
// build leaves the previous site as it was.
package output

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// File is one output file: bytes made by the build, or a file copied from
// a source tree (attachments, static files) without reading it into memory.
type File struct {
	Data     []byte
	From     fs.FS
	FromPath string
}

// FileSet maps slash-separated output paths to files. It is safe for
// concurrent Add.
type FileSet struct {
	mu    sync.Mutex
	files map[string]File
	stage *stage // non-nil for a set streamed to disk (see Stage)
}

// NewFileSet returns an empty set.
func NewFileSet() *FileSet { return &FileSet{files: map[string]File{}} }

// Add stores data at p, replacing what was there.
func (s *FileSet) Add(p string, data []byte) { s.put(p, File{Data: data}) }

// Copy stores a file to be copied from fsys.
func (s *FileSet) Copy(p string, fsys fs.FS, from string) { s.put(p, File{From: fsys, FromPath: from}) }

func (s *FileSet) put(p string, f File) {
	if s.stage != nil {
		f = s.stage.write(p, f)
	}
	s.mu.Lock()
	s.files[p] = f
	s.mu.Unlock()
}

// Has reports whether p is in the set.
func (s *FileSet) Has(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.files[p]
	return ok
}

// Get returns the file at p.
func (s *FileSet) Get(p string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[p]
	return f, ok
}

// Paths returns every path, sorted.
func (s *FileSet) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := make([]string, 0, len(s.files))
	for p := range s.files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// Len is the number of files.
func (s *FileSet) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// Bytes returns the content of the file at p, reading copied files.
func (s *FileSet) Bytes(p string) ([]byte, error) {
	f, ok := s.Get(p)
	if !ok {
		return nil, fs.ErrNotExist
	}
	if f.From != nil {
		return fs.ReadFile(f.From, f.FromPath)
	}
	return f.Data, nil
}

// Open lets the set be served or walked as a read-only fs.FS.
func (s *FileSet) Open(name string) (fs.File, error) {
	return s.FS().Open(name)
}

// FS returns a snapshot of the set as an fs.FS (for serving and tests).
func (s *FileSet) FS() fs.FS { return setFS{s} }

type setFS struct{ s *FileSet }

func (f setFS) ReadFile(name string) ([]byte, error) { return f.s.Bytes(name) }

func (f setFS) Open(name string) (fs.File, error) {
	data, err := f.s.Bytes(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: path.Base(name), r: strings.NewReader(string(data)), size: int64(len(data))}, nil
}

type memFile struct {
	name string
	r    *strings.Reader
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{m.name, m.size}, nil }
func (m *memFile) Read(p []byte) (int, error) { return m.r.Read(p) }
func (m *memFile) Seek(off int64, whence int) (int64, error) {
	return m.r.Seek(off, whence)
}
func (m *memFile) Close() error { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
