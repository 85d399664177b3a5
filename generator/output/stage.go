package output

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// A staged set streams its files to disk as they are added, into a new
// folder beside the destination, instead of holding them in memory: a
// portal of thousands of reports makes gigabytes of pages. Write then
// only swaps the folder in, so the atomic guarantee is the same as for a
// set held in memory. Files whose content equals the destination's
// current file are hard-linked from it, keeping their modification
// times, so that a rebuild changes only what changed; folders kept whole
// (Keep) are moved in from the destination when the set is swapped in.
type stage struct {
	dir  string // the new folder
	dest string // the current site, compared against
	fsys fs.FS  // dir, to read staged files back

	mu   sync.Mutex
	err  error
	kept []keptDir // moved in from dest by commit
	made sync.Map  // folders already created
}

// Stage returns an empty set that writes each file as it is added into a
// new folder beside dest. Write(ctx, dest, set) puts it in dest's place;
// Discard removes it when the build fails.
func Stage(dest string) (*FileSet, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, newPrefix+filepath.Base(dest)+"-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a folder beside %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s := NewFileSet()
	s.stage = &stage{dir: tmp, dest: dest, fsys: os.DirFS(tmp)}
	return s, nil
}

// Staged reports whether the set is written to disk as files are added
// (Stage): a file copied into it is copied at once.
func (s *FileSet) Staged() bool { return s.stage != nil }

// Discard removes the folder of a staged set; it does nothing for a set
// held in memory.
func (s *FileSet) Discard() {
	if s.stage != nil {
		os.RemoveAll(s.stage.dir)
	}
}

// write puts f on disk at p and returns the file that now stands for it.
func (st *stage) write(p string, f File) File {
	target := filepath.Join(st.dir, filepath.FromSlash(p))
	dir := filepath.Dir(target)
	if _, ok := st.made.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			st.fail(err)
			return File{From: st.fsys, FromPath: p}
		}
		st.made.Store(dir, true)
	}
	if err := place(target, filepath.Join(st.dest, filepath.FromSlash(p)), f); err != nil {
		st.fail(fmt.Errorf("writing %s: %w", p, err))
	}
	return File{From: st.fsys, FromPath: p}
}

// Keep takes the folder dir of the destination into a set staged for
// it as it is: the folders of the bureaus that did not change since the
// build that wrote them. The folder is moved into the
// new site when it is swapped in (see commit), which costs a rename
// where linking every file and deleting it with the old site would cost
// two system calls per file; until then the destination is untouched.
// When dir cannot be read, Keep adds nothing and says why.
func (s *FileSet) Keep(dir string) error {
	st := s.stage
	if st == nil {
		return errors.New("output: only a set staged on disk can keep files of its destination")
	}
	var paths []string
	root := filepath.Join(st.dest, filepath.FromSlash(dir))
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.Type().IsRegular():
			paths = append(paths, dir+"/"+filepath.ToSlash(p[len(root)+1:]))
		case !d.IsDir():
			return fmt.Errorf("%s is not a regular file", p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	st.mu.Lock()
	st.kept = append(st.kept, keptDir{dir, paths})
	st.mu.Unlock()
	from := os.DirFS(st.dest) // the file is there before and after the swap
	s.mu.Lock()
	for _, p := range paths {
		s.set(p, File{From: from, FromPath: p})
	}
	s.mu.Unlock()
	return nil
}

// keptDir is a folder of the destination that a staged set keeps.
type keptDir struct {
	dir   string
	files []string
}

func (st *stage) fail(err error) {
	st.mu.Lock()
	if st.err == nil {
		st.err = err
	}
	st.mu.Unlock()
}

// commit swaps the staged folder in for dest.
func (st *stage) commit(ctx context.Context, dest string) (err error) {
	defer func() {
		if err != nil {
			os.RemoveAll(st.dir)
		}
	}()
	if filepath.Clean(dest) != st.dest {
		return fmt.Errorf("the set was staged for %s, not %s", st.dest, dest)
	}
	st.mu.Lock()
	err = st.err
	st.mu.Unlock()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	moved, err := st.moveKept()
	if err != nil {
		return err
	}
	old, err := swapIn(st.dir, dest)
	if err != nil {
		st.moveBack(moved)
		return err
	}
	os.Remove(journalPath(st.dest))
	return removeOld(old)
}

// The journal lists the folders commit moves from the destination into
// the staged site, so that a build killed before the swap has them put
// back by the next one (removeStale).
type journal struct {
	Stage string   `json:"stage"` // the staged folder's name, beside dest
	Dirs  []string `json:"dirs"`
}

func journalPath(dest string) string {
	return filepath.Join(filepath.Dir(dest), ".disclose-moving-"+filepath.Base(dest)+".json")
}

// moveKept moves the kept folders of the destination into the staged
// site and returns those moved. A folder the staged site holds already
// (a static file was copied into it) gets its files linked instead. On
// error everything is put back.
func (st *stage) moveKept() (moved []string, err error) {
	if len(st.kept) == 0 {
		return nil, nil
	}
	slices.SortFunc(st.kept, func(a, b keptDir) int { return strings.Compare(a.dir, b.dir) })
	j := journal{Stage: filepath.Base(st.dir)}
	for _, k := range st.kept {
		j.Dirs = append(j.Dirs, k.dir)
	}
	data, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(journalPath(st.dest), data, 0o644); err != nil {
		return nil, err
	}
	for _, k := range st.kept {
		from, to := filepath.Join(st.dest, filepath.FromSlash(k.dir)), filepath.Join(st.dir, filepath.FromSlash(k.dir))
		if os.Rename(from, to) == nil {
			moved = append(moved, k.dir)
			continue
		}
		for _, p := range k.files {
			target := filepath.Join(st.dir, filepath.FromSlash(p))
			if _, err := os.Lstat(target); err == nil {
				continue // the staged file, added after Keep, wins
			}
			old := filepath.Join(st.dest, filepath.FromSlash(p))
			err := os.MkdirAll(filepath.Dir(target), 0o755)
			if err == nil { // the same bytes: place links it
				err = place(target, old, File{From: os.DirFS(filepath.Dir(old)), FromPath: filepath.Base(old)})
			}
			if err != nil {
				st.moveBack(moved)
				return nil, fmt.Errorf("keeping %s: %w", p, err)
			}
		}
	}
	return moved, nil
}

// moveBack returns moved folders to the destination.
func (st *stage) moveBack(moved []string) {
	for _, d := range moved {
		os.Rename(filepath.Join(st.dir, filepath.FromSlash(d)), filepath.Join(st.dest, filepath.FromSlash(d)))
	}
	os.Remove(journalPath(st.dest))
}

// place writes f at target. When old (the same path in the current site)
// already holds the same bytes, it is hard-linked instead, or, where links
// are not possible, copied with its modification time: an unchanged file
// keeps its timestamp, and its pages are not dirtied again. A path added
// twice is replaced: the last one wins.
func place(target, old string, f File) error {
	err := placeNew(target, old, f)
	if errors.Is(err, fs.ErrExist) {
		os.Remove(target)
		err = placeNew(target, old, f)
	}
	return err
}

// placeNew is place for a target that must not exist yet. Files are
// created exclusively: writing through an existing name could write into
// a file hard-linked from the current site, which a build must leave as
// it was.
func placeNew(target, old string, f File) error {
	info, err := os.Stat(old)
	unchanged := err == nil && info.Mode().IsRegular()
	if f.From != nil {
		unchanged = unchanged && sameAsFile(old, info.Size(), f)
	} else {
		unchanged = unchanged && info.Size() == int64(len(f.Data))
		if unchanged {
			prev, err := os.ReadFile(old)
			unchanged = err == nil && bytes.Equal(prev, f.Data)
		}
	}
	if unchanged {
		err := os.Link(old, target)
		if err == nil || errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	if f.From != nil {
		err = copyFile(target, f)
	} else {
		err = writeNew(target, f.Data)
	}
	if err == nil && unchanged {
		err = os.Chtimes(target, info.ModTime(), info.ModTime())
	}
	return err
}

// writeNew writes data to a file that must not exist yet.
func writeNew(target string, data []byte) error {
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// sameAsFile reports whether the file at old, of the given size, holds
// what f would copy, comparing a block at a time (a site-wide table of a
// large portal is hundreds of megabytes).
func sameAsFile(old string, size int64, f File) bool {
	if st, err := fs.Stat(f.From, f.FromPath); err != nil || st.Size() != size {
		return false
	}
	a, err := os.Open(old)
	if err != nil {
		return false
	}
	defer a.Close()
	b, err := f.From.Open(f.FromPath)
	if err != nil {
		return false
	}
	defer b.Close()
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(a, bufA)
		m, errB := io.ReadFull(b, bufB)
		if n != m || !bytes.Equal(bufA[:n], bufB[:m]) {
			return false
		}
		if errA != nil || errB != nil {
			return (errA == io.EOF || errA == io.ErrUnexpectedEOF) && (errB == io.EOF || errB == io.ErrUnexpectedEOF)
		}
	}
}

// copyFile streams a file from a source tree.
func copyFile(target string, f File) error {
	in, err := f.From.Open(f.FromPath)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
