package stamp

import (
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// treeDisk is Hasher.tree of the folder dir of the source folder on disk
// (os.DirFS(source)), written by opening each folder relative to its
// parent, reading it with getdents and stat'ing each file relative to
// it, as the destination's check does: at 10,000 reports the source's
// 2,000 folders and 20,000 files were a third of a build with nothing
// to do, most of it os.ReadDir's and os.Stat's work for each (a path
// looked up from the root, a FileInfo). It writes the very lines
// fs.WalkDir's walk writes (TestTreeDisk), and false, with nothing
// written, where it meets what it does not handle alone (a folder that
// cannot be read, a link at the top, a file neither regular, folder nor
// link): the walk then does it and says what is wrong.
func (h *Hasher) treeDisk(w io.Writer, source, root, dir string, l *Lines) (bool, error) {
	fd, err := openDir(unix.AT_FDCWD, filepath.Join(source, filepath.FromSlash(dir)))
	if err != nil {
		return false, nil
	}
	t := diskTree{h: h, l: newLister(), source: source, root: root}
	t.path = append(t.path, dir...)
	t.line(true, "")
	if ok, err := t.walk(fd); !ok || err != nil {
		return false, err
	}
	l.addAll(t.buf, t.ends, t.paths, t.dirs)
	_, err = w.Write(t.buf)
	return true, err
}

// diskTree is one walk of treeDisk: the lines it wrote, not yet given.
type diskTree struct {
	h            *Hasher
	l            *lister
	source, root string
	path         []byte // the file or folder at hand, below source
	key          []byte // its key in the stat cache
	buf          []byte // the lines
	ends         []int  // where each ends in buf
	paths        []string
	dirs         []bool
}

// line appends the line of t.path: a folder's (dir), a link's (sum "")
// or a file's of digest sum.
func (t *diskTree) line(dir bool, sum string) {
	p := string(t.path)
	t.buf = appendQuote(t.buf, p)
	switch {
	case dir:
		t.buf = append(t.buf, " dir\n"...)
	case sum == "":
		t.buf = append(t.buf, " symlink\n"...)
	default:
		t.buf = append(append(append(t.buf, ' '), sum...), '\n')
	}
	t.ends = append(t.ends, len(t.buf))
	t.paths = append(t.paths, p)
	t.dirs = append(t.dirs, dir)
}

// walk writes the lines of what is under the open folder fd (t.path),
// and closes it.
func (t *diskTree) walk(fd int) (bool, error) {
	defer unix.Close(fd)
	start, mark, err := t.l.list(fd)
	if err != nil {
		return false, nil
	}
	defer t.l.pop(start, mark)
	for i := start; i < len(t.l.ents); i++ {
		e := t.l.ents[i]
		dirLen := len(t.path)
		t.path = append(append(t.path, '/'), t.l.name(e)...)
		// The type getdents gave, as os.ReadDir takes it; a stat where
		// it gave none, and of each file for its digest.
		var st unix.Stat_t
		typ := uint32(0)
		switch e.typ {
		case unix.DT_DIR:
			typ = unix.S_IFDIR
		case unix.DT_LNK:
			typ = unix.S_IFLNK
		case unix.DT_REG, unix.DT_UNKNOWN:
			if err := lstatAt(fd, t.l.cname(e), &st); err != nil {
				return false, nil
			}
			typ = st.Mode & unix.S_IFMT
			if e.typ == unix.DT_REG && typ != unix.S_IFREG {
				return false, nil // replaced while walked
			}
		}
		switch typ {
		case unix.S_IFDIR:
			t.line(true, "")
			sub, err := openDir(fd, t.l.cname(e))
			if err != nil {
				return false, nil
			}
			if ok, err := t.walk(sub); !ok || err != nil {
				return ok, err
			}
		case unix.S_IFLNK:
			t.line(false, "")
		case unix.S_IFREG:
			cur := statEntry{Size: st.Size, MTime: st.Mtim.Nano(), CTime: st.Ctim.Nano(), Inode: st.Ino}
			t.key = append(append(append(t.key[:0], t.root...), 0), t.path...)
			sum, ok := t.h.cached(t.key, cur)
			if !ok {
				p := string(t.path)
				if sum, err = t.h.digestEntry(string(t.key), cur, true, func() (io.ReadCloser, error) {
					return os.Open(filepath.Join(t.source, filepath.FromSlash(p)))
				}); err != nil {
					return false, nil // the walk says what is wrong
				}
			}
			t.line(false, sum)
		default:
			return false, nil
		}
		t.path = t.path[:dirLen]
	}
	return true, nil
}
