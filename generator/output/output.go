// Package output holds a built site as a set of files and writes it to
// disk atomically: the new site is written beside the destination and
// swapped in only when every file was written, so a failed or interrupted
// build leaves the previous site as it was.
//
// # Publishing
//
// The new site is written into a folder beside the destination (for
// public, .disclose-new-public-123), synced to disk, files and folders,
// so that a power cut cannot leave empty files under it, and then put in
// the destination's place:
//
//   - On Linux the two names are exchanged in one step (renameat2 with
//     RENAME_EXCHANGE): the destination is never missing. The previous
//     site, now under the temporary name, is deleted once the exchange is
//     synced.
//   - The first build, with no destination yet, renames its folder.
//   - Elsewhere, and on file systems that cannot exchange names, the
//     destination is renamed aside, then the new folder into its place.
//     Between these two renames, and only there, the destination does
//     not exist: a web server serving it answers 404 for that moment.
//
// Folders kept whole from the destination (FileSet.Keep) are moved into
// the new site just before the swap, so they are missing from the live
// site for the few renames in between. A journal beside the destination
// names them while they move.
//
// A build that fails or is killed at any point, or a power cut, leaves
// the previous site or the new one, whole; the next build (Stage, Write)
// first puts back what a killed one had moved: the previous site when it
// was aside, and the kept folders by their journal. A kept folder is never
// deleted: when it cannot be put back, it waits for the next build where
// it is, and so does the staged folder holding it.
package output

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
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
	// Disk, when set, is the path on disk of the file From holds: a
	// staged set hard-links it rather than copying it (FileSet.Link).
	Disk string
}

// FileSet maps slash-separated output paths to files. It is safe for
// concurrent Add.
type FileSet struct {
	mu    sync.Mutex
	files map[string]File
	stage *stage // non-nil for a set streamed to disk (see Stage)
	pages int    // files whose name ends in .html

	// For sets that a rebuild changes (Clone): the files each page job
	// made, the files added by Complete, and, since the clone, what was
	// added or removed.
	groups   map[string][]string
	complete []string
	from     *FileSet
	touched  map[string]bool

	// For a set made by Through: the set its files go into, and the
	// digest of the files added as bytes, and the digests taken.
	into   *FileSet
	digest func(data []byte) []byte
	sums   map[string]Sum

	arena *Arena // where AddBuffer copies to, when set (In)
}

// Sum is the size and digest of a file's bytes (FileSet.Through).
type Sum struct {
	Size   int64
	Digest []byte
}

// NewFileSet returns an empty set.
func NewFileSet() *FileSet { return &FileSet{files: map[string]File{}} }

// Add stores data at p, replacing what was there.
func (s *FileSet) Add(p string, data []byte) { s.put(p, File{Data: data}) }

// AddAll puts every file of from into s: its bytes, or the file it is
// copied from. A set made by s.Through is in s already.
func (s *FileSet) AddAll(from *FileSet) {
	if from.into == s {
		return
	}
	for _, p := range from.Paths() {
		f, _ := from.Get(p)
		if f.From != nil {
			s.Copy(p, f.From, f.FromPath)
		} else {
			s.Add(p, f.Data)
		}
	}
}

// Copy stores a file to be copied from fsys.
func (s *FileSet) Copy(p string, fsys fs.FS, from string) { s.put(p, File{From: fsys, FromPath: from}) }

// AddBuffer is Add for bytes in a buffer the caller reuses once it
// returns: a staged set writes them at once, a set held in memory keeps
// a copy.
func (s *FileSet) AddBuffer(p string, buf []byte) {
	if s.stage == nil {
		if s.arena != nil {
			buf = s.arena.copy(buf)
		} else {
			buf = bytes.Clone(buf) // of the right size, kept
		}
	}
	s.Add(p, buf)
}

// In makes AddBuffer of a set held in memory copy into a, and returns s.
// The set's files are read only until a is reset.
func (s *FileSet) In(a *Arena) *FileSet {
	s.arena = a
	return s
}

// Arena is room for the bytes of sets held in memory that are made, read
// once and dropped one after the other: serve's first run renders every
// bureau's folder in memory only to pack it for the store, and copying
// each page out of its reused buffer into a new one of its own was a
// quarter of what that run allocated. Reset gives the room to the next
// set. Safe for concurrent use.
type Arena struct {
	mu  sync.Mutex
	buf []byte
}

// arenaMin is the size of an arena's first buffer.
const arenaMin = 256 << 10

// copy returns a copy of b in the arena. A copy that does not fit goes
// into a new buffer, twice as large, which Reset keeps: the arena grows
// to the largest set made in it, and allocates no more.
func (a *Arena) copy(b []byte) []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.buf)+len(b) > cap(a.buf) {
		a.buf = make([]byte, 0, max(2*cap(a.buf), len(b), arenaMin))
	}
	n := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[n:len(a.buf):len(a.buf)]
}

// Size is the room the arena keeps for the next set.
func (a *Arena) Size() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return cap(a.buf)
}

// Reset gives the arena's room to the next set: the files of the sets
// made in it must no longer be read.
func (a *Arena) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.buf = a.buf[:0]
}

// Through returns an empty set whose files go into s, a staged set, as
// they are added, and which lists them as staged there: a bureau's
// folder, which the store links once the bureau is done, written page
// by page rather than held in memory until then (copying every page out
// of its reused buffer to hold it was a sixth of what a build allocated).
// With a digest function, it keeps the size and digest of each file
// added as bytes, taken while they are in memory (Sum), so that the
// store need not read them back. A set held in memory gets an empty set
// of its own.
func (s *FileSet) Through(digest func(data []byte) []byte) *FileSet {
	t := NewFileSet()
	if s.stage == nil {
		return t
	}
	t.stage, t.into = s.stage, s
	if digest != nil {
		t.digest, t.sums = digest, map[string]Sum{}
	}
	return t
}

// Sum returns the size and digest of the file at p kept by a set made by
// Through with a digest function; false for other files and sets.
func (s *FileSet) Sum(p string) (Sum, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum, ok := s.sums[p]
	return sum, ok
}

func (s *FileSet) put(p string, f File) {
	var sum Sum
	summed := s.digest != nil && f.From == nil
	if summed {
		sum = Sum{Size: int64(len(f.Data)), Digest: s.digest(f.Data)}
	}
	if s.stage != nil {
		f = s.stage.write(p, f)
	}
	s.mu.Lock()
	s.set(p, f)
	if summed {
		s.sums[p] = sum
	} else {
		delete(s.sums, p)
	}
	s.mu.Unlock()
	if s.into != nil {
		s.into.mu.Lock()
		s.into.set(p, f)
		s.into.mu.Unlock()
	}
}

// set stores f at p; s.mu is held.
func (s *FileSet) set(p string, f File) {
	old, had := s.files[p]
	if s.touched != nil && !sameBytes(old, f) {
		s.touched[p] = true
	}
	if !had && isPage(p) {
		s.pages++
	}
	s.files[p] = f
}

// del removes p; s.mu is held.
func (s *FileSet) del(p string) {
	if _, ok := s.files[p]; !ok {
		return
	}
	delete(s.files, p)
	if s.touched != nil {
		s.touched[p] = true
	}
	if isPage(p) {
		s.pages--
	}
}

func isPage(p string) bool { return strings.HasSuffix(p, ".html") }

// Pages is the number of files whose name ends in .html.
func (s *FileSet) Pages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pages
}

// sameBytes reports whether two made files share their bytes: a rebuild
// that puts back what it kept does not touch the file.
func sameBytes(a, b File) bool {
	return a.From == nil && b.From == nil && len(a.Data) == len(b.Data) && len(a.Data) > 0 && &a.Data[0] == &b.Data[0]
}

// Remove takes p out of the set (sets held in memory only).
func (s *FileSet) Remove(p string) {
	s.mu.Lock()
	s.del(p)
	s.mu.Unlock()
}

// Clone returns a copy of a set held in memory, for a rebuild to change:
// the files' bytes are shared, not copied, and the files added by
// Complete are left out (a rebuild makes its own). The copy remembers
// what is added to it or removed from it (Touched).
func (s *FileSet) Clone() *FileSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &FileSet{files: maps.Clone(s.files), pages: s.pages, groups: maps.Clone(s.groups), from: s, touched: map[string]bool{}}
	for _, p := range s.complete {
		c.del(p)
	}
	if c.groups == nil {
		c.groups = map[string][]string{}
	}
	return c
}

// Touched returns the set a clone was made from and the paths added to
// or removed from it since; nil for a set that is no clone.
func (s *FileSet) Touched() (from *FileSet, paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.from == nil {
		return nil, nil
	}
	for p := range s.touched {
		paths = append(paths, p)
	}
	return s.from, paths
}

// SetGroup records the files that one producer (a page job, by its
// page's path) made, so that a rebuild can remove them before making
// them again. A set staged on disk is built once and never rebuilt, so
// it keeps no groups: at portal scale they were hundreds of thousands of
// paths held to the end for nothing.
func (s *FileSet) SetGroup(key string, paths []string) {
	if s.stage != nil {
		return
	}
	s.mu.Lock()
	if s.groups == nil {
		s.groups = map[string][]string{}
	}
	s.groups[key] = paths
	s.mu.Unlock()
}

// RemoveGroup removes the files of a group, and the group.
func (s *FileSet) RemoveGroup(key string) {
	for _, p := range s.Group(key) {
		s.Remove(p)
	}
	s.mu.Lock()
	delete(s.groups, key)
	s.mu.Unlock()
}

// Groups returns the keys given to SetGroup, sorted.
func (s *FileSet) Groups() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := slices.Collect(maps.Keys(s.groups))
	slices.Sort(keys)
	return keys
}

// RemoveUnder removes every file under the folders dirs (each ending in
// a slash) except those keep selects (nil: none), and their groups.
func (s *FileSet) RemoveUnder(dirs []string, keep func(p string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	under := func(p string) bool {
		for _, d := range dirs {
			if strings.HasPrefix(p, d) {
				return true
			}
		}
		return false
	}
	for p := range s.files {
		if under(p) && (keep == nil || !keep(p)) {
			s.del(p)
		}
	}
	for k := range s.groups {
		if under(k) {
			delete(s.groups, k)
		}
	}
}

// Group returns the files recorded by SetGroup.
func (s *FileSet) Group(key string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.groups[key]
}

// Complete adds the files of more, remembering them as made from the
// whole site: a Clone leaves them out.
// They are added at once: a Clone made meanwhile has all of them or none.
func (s *FileSet) Complete(more *FileSet) {
	paths := more.Paths()
	files := make([]File, len(paths))
	for i, p := range paths {
		files[i], _ = more.Get(p)
		if s.stage != nil {
			files[i] = s.stage.write(p, files[i])
		}
	}
	s.mu.Lock()
	for i, p := range paths {
		s.set(p, files[i])
	}
	s.complete = append(s.complete, paths...)
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

// Each calls fn for every file of the set as it is at the call, in no
// particular order (cheaper than Paths for large sets: no sorting).
func (s *FileSet) Each(fn func(p string, f File)) {
	type entry struct {
		p string
		f File
	}
	s.mu.Lock()
	all := make([]entry, 0, len(s.files))
	for p, f := range s.files {
		all = append(all, entry{p, f})
	}
	s.mu.Unlock()
	for _, e := range all {
		fn(e.p, e.f)
	}
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

// Open opens a file of the set (files only, without working out the
// folders: FS gives the set as a whole file system, to walk it).
func (s *FileSet) Open(name string) (fs.File, error) {
	return setFS{s: s}.Open(name)
}

// FS returns the set as a read-only fs.FS (for serving and tests): its
// files, and the folders their paths make. Folders are those of the files
// at the moment FS is called.
func (s *FileSet) FS() fs.FS {
	dirs := map[string][]fs.DirEntry{".": nil}
	for _, p := range s.Paths() {
		// The file is an entry of its folder; a folder seen for the first
		// time is an entry of its own parent, and so on up.
		child, isDir := p, false
		for {
			parent := path.Dir(child)
			_, known := dirs[parent]
			dirs[parent] = append(dirs[parent], dirEntry{name: path.Base(child), dir: isDir, s: s, p: child})
			if known {
				break
			}
			child, isDir = parent, true
		}
	}
	for d, entries := range dirs {
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		dirs[d] = entries
	}
	return setFS{s: s, dirs: dirs}
}

type setFS struct {
	s    *FileSet
	dirs map[string][]fs.DirEntry // folder → its entries, by name
}

func (f setFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := f.s.Bytes(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil // the caller may write into it; the set's bytes are shared
}

func (f setFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if entries, ok := f.dirs[name]; ok {
		return &dirFile{name: path.Base(name), entries: entries}, nil
	}
	data, err := f.s.Bytes(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: path.Base(name), r: strings.NewReader(string(data)), size: int64(len(data))}, nil
}

// dirEntry is a file or folder of a set's FS.
type dirEntry struct {
	name string
	dir  bool
	s    *FileSet
	p    string
}

func (e dirEntry) Name() string { return e.name }
func (e dirEntry) IsDir() bool  { return e.dir }
func (e dirEntry) Type() fs.FileMode {
	if e.dir {
		return fs.ModeDir
	}
	return 0
}
func (e dirEntry) Info() (fs.FileInfo, error) {
	if e.dir {
		return memInfo{name: e.name, dir: true}, nil
	}
	data, err := e.s.Bytes(e.p)
	if err != nil {
		return nil, err
	}
	return memInfo{name: e.name, size: int64(len(data))}, nil
}

// dirFile is an open folder of a set's FS.
type dirFile struct {
	name    string
	entries []fs.DirEntry
	read    int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return memInfo{name: d.name, dir: true}, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) Close() error { return nil }

// ReadDir lists the folder as fs.ReadDirFile says: n > 0 at most n
// entries a call and io.EOF at the end, n <= 0 all that are left.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.read:]
	if n <= 0 {
		d.read = len(d.entries)
		return append([]fs.DirEntry{}, rest...), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.read += n
	return append([]fs.DirEntry{}, rest[:n]...), nil
}

type memFile struct {
	name string
	r    *strings.Reader
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{name: m.name, size: m.size}, nil }
func (m *memFile) Read(p []byte) (int, error) { return m.r.Read(p) }
func (m *memFile) Seek(off int64, whence int) (int64, error) {
	return m.r.Seek(off, whence)
}
func (m *memFile) Close() error { return nil }

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
