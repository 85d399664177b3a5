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
// only syncs the folder and swaps it in, so the guarantees are the same
// as for a set held in memory. Files whose content equals the destination's
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
	// noDest: dest did not exist when the set was staged, so there is
	// no old file to compare with or link from.
	noDest bool

	// What sync makes durable one by one, while there are few (a build
	// after an edit): the files written (fresh) and those linked from
	// the destination (linked), the folders made, and the files and
	// folders outside given by SyncAlso. Past syncListMax files the
	// lists are dropped (many): one syncfs, or a walk, does it.
	syncMu  sync.Mutex
	fresh   []string
	linked  []string
	dirs    map[string]bool
	outside []string
	many    bool
	// synced reports whether every file under a top-level entry of the
	// destination ("" for the files at the top) is as the last build
	// left it, after syncing it (SyncedDest); nil: unknown.
	synced func(top string) bool

	// leave: Discard must leave dir alone. Write used it: it is the new
	// site, or the previous one that Write or the next build deletes, or
	// it holds kept folders that could not go back (abort).
	leave bool
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
	_, statErr := os.Lstat(dest)
	s := NewFileSet()
	s.stage = &stage{dir: tmp, dest: dest, fsys: os.DirFS(tmp), noDest: errors.Is(statErr, fs.ErrNotExist), dirs: map[string]bool{}}
	return s, nil
}

// Staged reports whether the set is written to disk as files are added
// (Stage): a file copied into it is copied at once.
func (s *FileSet) Staged() bool { return s.stage != nil }

// Discard removes the folder of a staged set; it does nothing for a set
// held in memory, nor once Write published the set, nor when a failed
// Write left in the folder some folders kept from the destination (the
// next build puts them back).
func (s *FileSet) Discard() {
	if st := s.stage; st != nil {
		st.mu.Lock()
		leave := st.leave
		st.mu.Unlock()
		if !leave {
			os.RemoveAll(st.dir)
		}
	}
}

// write puts f on disk at p and returns the file that now stands for it.
func (st *stage) write(p string, f File) File {
	target, err := st.mkdir(p)
	if err == nil {
		err = st.place(p, target, st.old(p), f)
	}
	if err != nil {
		st.fail(fmt.Errorf("writing %s: %w", p, err))
	}
	return File{From: st.fsys, FromPath: p}
}

// old is where the destination holds p, to compare with; "" when there
// was no destination when the set was staged (a first build, every CI
// run): each file then goes to disk without a look for an old one.
func (st *stage) old(p string) string {
	if st.noDest {
		return ""
	}
	return filepath.Join(st.dest, filepath.FromSlash(p))
}

// mkdir creates the folder of p in the staged folder, once, and returns
// where p goes.
func (st *stage) mkdir(p string) (string, error) {
	target := filepath.Join(st.dir, filepath.FromSlash(p))
	dir := filepath.Dir(target)
	if _, ok := st.made.Load(dir); !ok {
		if err := st.makeDir(dir); err != nil {
			return target, err
		}
		st.syncMu.Lock()
		if !st.many {
			// dir and the folders makeDir may have made above it.
			for d := dir; d != st.dir && !st.dirs[d] && len(d) > len(st.dir); d = filepath.Dir(d) {
				st.dirs[d] = true
			}
		}
		st.syncMu.Unlock()
	}
	return target, nil
}

// makeDir makes dir and the folders above it that are missing. A new
// folder's parent is nearly always there (made for a file before, or
// the staged folder), so it tries mkdir first: os.MkdirAll looks at the
// folder and then at its parent before making it, two fstatat a folder,
// ~24,000 at 10,000 reports.
func (st *stage) makeDir(dir string) error {
	err := mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) && len(dir) > len(st.dir) {
		if err = st.makeDir(filepath.Dir(dir)); err == nil {
			err = mkdir(dir, 0o755)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		// Made by another file's goroutine, or the staged folder itself;
		// a file standing there is an error, as for MkdirAll.
		if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() {
			err = nil
		}
	}
	if err == nil {
		st.made.Store(dir, true)
	}
	return err
}

// mkdir is os.Mkdir (a variable so that the tests can count the calls).
var mkdir = os.Mkdir

// place is place of the file p of the staged folder, noting it for
// sync.
func (st *stage) place(p, target, old string, f File) error {
	linkedOld, err := placeAt(target, old, f)
	if linkedOld && st.synced != nil {
		top, _, _ := strings.Cut(p, "/")
		if p == top {
			top = "" // a file at the top
		}
		if st.synced(top) {
			return nil // on disk already, under its other name too
		}
	}
	if err == nil {
		st.syncMu.Lock()
		if linkedOld {
			st.linked = append(st.linked, target)
		} else {
			st.fresh = append(st.fresh, target)
		}
		if len(st.fresh)+len(st.linked) > syncListMax || len(st.linked) > syncLinkedMax {
			st.many, st.fresh, st.linked, st.dirs, st.outside = true, nil, nil, nil, nil
		}
		st.syncMu.Unlock()
	}
	return err
}

// SyncedDest tells a staged set which top-level entries of its
// destination ("" for the files at the top) hold only files as the last
// build left them, after it synced them (package buildcache knows, by
// its snapshot): a file linked from one needs no sync, nor its
// fdatasync (which writes its inode again, and flushes the disk's
// cache: 1,058 of them after a figure's edit took longer than one
// syncfs). Linked from elsewhere, it is synced. Called before files are
// added; nothing for a set held in memory.
func (s *FileSet) SyncedDest(synced func(top string) bool) {
	if s.stage != nil {
		s.stage.synced = synced
	}
}

// SyncAlso names files and folders outside a staged set that must be on
// disk when it is swapped in, as its own files are: the cache's store
// entries made from them (package buildcache), which are their only
// record once the build is over. A folder is synced for its entries.
// Nothing for a set held in memory.
func (s *FileSet) SyncAlso(paths ...string) {
	st := s.stage
	if st == nil {
		return
	}
	st.syncMu.Lock()
	if !st.many {
		st.outside = append(st.outside, paths...)
	}
	st.syncMu.Unlock()
}

// Link puts at p the file outside (a path outside the set) that holds
// p's bytes. A staged set hard-links it, or copies it where links are
// not possible (another file system): the store of package buildcache
// writes a bureau's folder this way without copying gigabytes. Linking
// is safe because a staged set never writes through an existing name
// (placeNew), so a build leaves the linked file as it is. A set held in
// memory reads the file.
func (s *FileSet) Link(p, outside string) error {
	st := s.stage
	if st == nil {
		data, err := os.ReadFile(outside)
		if err != nil {
			return err
		}
		s.Add(p, data)
		return nil
	}
	target, err := st.mkdir(p)
	if err == nil {
		err = st.place(p, target, st.old(p), fileAt(outside))
	}
	if err != nil {
		err = fmt.Errorf("writing %s: %w", p, err)
		st.fail(err)
	}
	s.mu.Lock()
	s.set(p, File{From: st.fsys, FromPath: p})
	s.mu.Unlock()
	return err
}

// StagedPath returns where the file at p of a staged set is on disk, for
// the store to link it (package buildcache); false for a set held in
// memory, and for a path that the set does not hold or keeps from the
// destination (Keep).
func (s *FileSet) StagedPath(p string) (string, bool) {
	st := s.stage
	if st == nil {
		return "", false
	}
	f, ok := s.Get(p)
	if !ok || f.From != st.fsys {
		return "", false
	}
	return filepath.Join(st.dir, filepath.FromSlash(p)), true
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
	return s.KeepListed(dir, paths)
}

// KeepListed is Keep for a folder whose files are known to be paths
// (below the site root, under dir): those a check of the destination
// listed as it digested them (stamp.TakeListed), so that the folder is
// not walked a second time.
func (s *FileSet) KeepListed(dir string, paths []string) error {
	st := s.stage
	if st == nil {
		return errors.New("output: only a set staged on disk can keep files of its destination")
	}
	st.mu.Lock()
	st.kept = append(st.kept, keptDir{dir: dir, files: paths})
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
	dir    string
	files  []string
	linked bool // taken file by file (linkKept), not moved
}

func (st *stage) fail(err error) {
	st.mu.Lock()
	if st.err == nil {
		st.err = err
	}
	st.mu.Unlock()
}

// reached marks a step of publishing a site, for the test that kills
// builds at each (TestKillWhilePublishing).
var reached = func(step string) {}

// commit swaps the staged folder in for dest. The folders kept from dest
// (Keep) are moved into it just before the swap, under a journal, and
// the staged folder is deleted on error only when it holds nothing else
// than what this build wrote: a kept folder that cannot go back to dest
// stays in it (abort).
func (st *stage) commit(ctx context.Context, dest string) error {
	if err := st.prepare(ctx, dest); err != nil {
		os.RemoveAll(st.dir) // nothing moved in yet
		return err
	}
	moved, err := st.moveKept()
	var old string
	if err == nil {
		old, err = swapIn(st.dir, st.dest)
	}
	if err != nil {
		st.abort(moved)
		return err
	}
	st.setLeave()
	journal := ""
	if len(moved) > 0 {
		journal = st.journal()
	}
	settle(st.dest, old, moved, journal)
	return nil
}

func (st *stage) setLeave() {
	st.mu.Lock()
	st.leave = true
	st.mu.Unlock()
}

// prepare checks that the set can be swapped in, completes it with the
// kept folders that it has already (linkKept) and syncs it.
func (st *stage) prepare(ctx context.Context, dest string) error {
	if filepath.Clean(dest) != st.dest {
		return fmt.Errorf("the set was staged for %s, not %s", st.dest, dest)
	}
	st.mu.Lock()
	err := st.err
	st.mu.Unlock()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := st.linkKept(); err != nil {
		return err
	}
	if err := st.sync(); err != nil {
		return fmt.Errorf("syncing the new site: %w", err)
	}
	reached("synced")
	return ctx.Err() // a sync can be long: an interrupt meanwhile still counts
}

// The journal lists the folders commit moves from the destination into
// the staged site, so that a build killed before they are in place for
// good has them put back by the next one (removeStale). Each staged
// folder has its own: one left by a build whose folders could not be put
// back is not overwritten by the next build's.
type journal struct {
	Stage string   `json:"stage"` // the staged folder's name, beside dest
	Dirs  []string `json:"dirs"`
}

const journalPrefix = ".disclose-moving-"

// journalPath is the journal of the staged folder stage beside dest:
// .disclose-moving-public-123.json for .disclose-new-public-123.
func journalPath(dest, stage string) string {
	return filepath.Join(filepath.Dir(dest), journalPrefix+strings.TrimPrefix(filepath.Base(stage), newPrefix)+".json")
}

func (st *stage) journal() string { return journalPath(st.dest, st.dir) }

// linkKept takes in, file by file, the kept folders that the staged site
// has already (a static file was copied into one): their files are
// hard-linked, except those the build staged, which win. Done before the
// staged site is synced, this needs no journal: dest is not touched.
func (st *stage) linkKept() error {
	slices.SortFunc(st.kept, func(a, b keptDir) int { return strings.Compare(a.dir, b.dir) })
	for i, k := range st.kept {
		if _, err := os.Lstat(filepath.Join(st.dir, filepath.FromSlash(k.dir))); err != nil {
			continue // moved whole by moveKept
		}
		st.kept[i].linked = true
		for _, p := range k.files {
			target := filepath.Join(st.dir, filepath.FromSlash(p))
			if _, err := os.Lstat(target); err == nil {
				continue // the staged file, added after Keep, wins
			}
			old := filepath.Join(st.dest, filepath.FromSlash(p))
			_, err := st.mkdir(p)
			if err == nil { // the same bytes: place links it
				err = st.place(p, target, old, File{From: os.DirFS(filepath.Dir(old)), FromPath: filepath.Base(old)})
			}
			if err != nil {
				return fmt.Errorf("keeping %s: %w", p, err)
			}
		}
	}
	return nil
}

// moveKept moves the other kept folders from dest into the staged site
// and returns those moved, even on error, for abort to put back. The
// journal naming them is on disk before the first one moves: a build
// killed, or a machine cut off, from then on leaves the next build
// enough to put them back.
func (st *stage) moveKept() (moved []string, err error) {
	var dirs []string
	for _, k := range st.kept {
		if !k.linked {
			dirs = append(dirs, k.dir)
		}
	}
	if len(dirs) == 0 {
		return nil, nil
	}
	data, err := json.Marshal(journal{Stage: filepath.Base(st.dir), Dirs: dirs})
	if err == nil {
		err = writeSynced(st.journal(), data)
	}
	if err != nil {
		return nil, fmt.Errorf("writing the journal of kept folders: %w", err)
	}
	reached("journal")
	for _, d := range dirs {
		from, to := filepath.Join(st.dest, filepath.FromSlash(d)), filepath.Join(st.dir, filepath.FromSlash(d))
		if err := os.Rename(from, to); err != nil {
			return moved, fmt.Errorf("keeping %s: %w", d, err)
		}
		moved = append(moved, d)
	}
	reached("moved")
	return moved, nil
}

// abort undoes a commit that failed after moveKept started: the moved
// folders go back to dest, then the journal and the staged site, which
// holds only this build's files again, are deleted. When a folder cannot
// go back, it stays where it is, and so do the journal and the staged
// site holding it (Discard too leaves it), for the next build to put it
// back (removeStale): a kept folder is never deleted.
func (st *stage) abort(moved []string) {
	back := true
	for _, d := range moved {
		if os.Rename(filepath.Join(st.dir, filepath.FromSlash(d)), filepath.Join(st.dest, filepath.FromSlash(d))) != nil {
			back = false
		}
	}
	if back && syncDirs(keptParents(moved, st.dest, st.dir)...) == nil {
		os.Remove(st.journal())
		os.RemoveAll(st.dir)
		return
	}
	st.setLeave()
}

// place writes f at target. When old (the same path in the current site)
// already holds the same bytes, it is hard-linked instead, or, where links
// are not possible, copied with its modification time: an unchanged file
// keeps its timestamp, and its pages are not dirtied again. A path added
// twice is replaced: the last one wins.
func place(target, old string, f File) error {
	_, err := placeAt(target, old, f)
	return err
}

// placeAt is place, also saying whether target is now a link to old:
// a file the previous build already made durable (see stage.sync).
func placeAt(target, old string, f File) (linkedOld bool, err error) {
	linkedOld, err = placeNew(target, old, f)
	if errors.Is(err, fs.ErrExist) {
		os.Remove(target)
		linkedOld, err = placeNew(target, old, f)
	}
	return linkedOld, err
}

// placeNew is place for a target that must not exist yet. Files are
// created exclusively: writing through an existing name could write into
// a file hard-linked from the current site, which a build must leave as
// it was. A file with a Disk path is hard-linked from there when old does
// not already hold its bytes (copied where links are not possible). old
// is "" when there is no destination to compare with. linkedOld: target
// is a link to old.
func placeNew(target, old string, f File) (linkedOld bool, err error) {
	var info fs.FileInfo
	err = fs.ErrNotExist
	if old != "" {
		info, err = os.Stat(old)
	}
	unchanged := err == nil && info.Mode().IsRegular() && sameAs(old, info, f)
	from := f.Disk
	if unchanged {
		from = old
	}
	if from != "" {
		err := link(from, target)
		if err == nil || errors.Is(err, fs.ErrExist) {
			return err == nil && unchanged, err
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
	return false, err
}

// sameAs reports whether the regular file old (info) holds f's bytes.
func sameAs(old string, info fs.FileInfo, f File) bool {
	if f.Disk != "" {
		if d, err := os.Stat(f.Disk); err == nil && os.SameFile(info, d) {
			return true // one file under two names: nothing to read
		}
	}
	if f.From != nil {
		return sameAsFile(old, info.Size(), f)
	}
	if info.Size() != int64(len(f.Data)) {
		return false
	}
	return sameBytesAs(old, f.Data)
}

// compareBuffers are the blocks files are read into to be compared: a
// rebuild compares every file it makes with the destination's, and
// reading each whole (os.ReadFile) allocated as much again as the pages
// themselves.
var compareBuffers = sync.Pool{New: func() any { return new([compareBlock]byte) }}

const compareBlock = 64 << 10

// sameBytesAs reports whether the file at old holds exactly data, read a
// block at a time into a reused buffer.
func sameBytesAs(old string, data []byte) bool {
	a, err := os.Open(old)
	if err != nil {
		return false
	}
	defer a.Close()
	buf := compareBuffers.Get().(*[compareBlock]byte)
	defer compareBuffers.Put(buf)
	for {
		n, err := io.ReadFull(a, buf[:min(compareBlock, len(data)+1)])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err != nil {
			return (err == io.EOF || err == io.ErrUnexpectedEOF) && len(data) == 0
		}
	}
}

// link is os.Link, replaced by tests to act as a file system without
// links, or a link across file systems (EXDEV).
var link = os.Link

// fileAt is the file at the OS path name: hard-linked into a staged set,
// or copied where links are not possible.
func fileAt(name string) File {
	return File{From: os.DirFS(filepath.Dir(name)), FromPath: filepath.Base(name), Disk: name}
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
	pa, pb := compareBuffers.Get().(*[compareBlock]byte), compareBuffers.Get().(*[compareBlock]byte)
	defer compareBuffers.Put(pa)
	defer compareBuffers.Put(pb)
	bufA, bufB := pa[:], pb[:]
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
