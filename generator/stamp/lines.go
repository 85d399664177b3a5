package stamp

import (
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Lines are the lines Tree wrote for the folders of a source, kept so
// that a later fingerprint of a folder inside them, in the same run, is
// written from them rather than by walking and digesting its files
// again: `disclose build` fingerprints the whole source first (the up to
// date test), then every bureau folder for its key, and at 10,000
// reports each walk of the 20,000 files took 0.2 s of CPU even with
// every digest in the stat cache. The lines are those of one moment, and
// the keys made from them agree with the fingerprint recorded for the
// build.
type Lines struct {
	root  string
	buf   []byte
	ends  []int          // ends[i]: where line i ends in buf
	paths []string       // paths[i]: line i's path
	dirs  map[string]int // a folder's path → its line
	gone  map[string]bool
}

// FingerprintLines is Fingerprint, with the lines of the source's
// folders kept for Lines.Tree.
func FingerprintLines(h *Hasher, source string, options ...string) (string, *Lines, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return "", nil, err
	}
	l := &Lines{root: abs, dirs: map[string]int{}, gone: map[string]bool{}}
	fp, err := fingerprintOf(h, source, abs, l, options)
	if err != nil {
		return "", nil, err
	}
	return fp, l, nil
}

// add records the line of p.
func (l *Lines) add(p string, line []byte, dir bool) {
	if l == nil {
		return
	}
	if dir {
		l.dirs[p] = len(l.paths)
	}
	l.buf = append(l.buf, line...)
	l.ends = append(l.ends, len(l.buf))
	l.paths = append(l.paths, p)
}

// addAll records lines written at once: buf holds them, line i ending
// at ends[i], of paths[i], a folder's where dirs[i]. The first are
// taken as they are rather than copied line by line (20,000 of them at
// 10,000 reports); Lines keeps them, the caller no longer writes them.
func (l *Lines) addAll(buf []byte, ends []int, paths []string, dirs []bool) {
	if l == nil {
		return
	}
	first := len(l.paths)
	if first == 0 {
		l.buf, l.ends, l.paths = buf, ends, paths
	} else {
		base := len(l.buf)
		l.buf = append(l.buf, buf...)
		for _, end := range ends {
			l.ends = append(l.ends, base+end)
		}
		l.paths = append(l.paths, paths...)
	}
	for i, dir := range dirs {
		if dir {
			l.dirs[paths[i]] = first + i
		}
	}
}

// missing records that the folder dir walked was not there.
func (l *Lines) missing(dir string) {
	if l != nil {
		l.gone[dir] = true
	}
}

// Tree writes to w what Hasher.Tree would write for dir, a folder of
// the source under root, from the lines kept; false, with nothing
// written, when they do not hold dir (another root, a folder not
// walked, or missing: Hasher.Tree then says).
func (l *Lines) Tree(w io.Writer, root, dir string) (bool, error) {
	if l == nil || root != l.root {
		return false, nil
	}
	if l.gone[dir] {
		return true, nil // Hasher.Tree writes nothing for a missing folder
	}
	i, ok := l.dirs[dir]
	if !ok {
		return false, nil
	}
	// WalkDir goes in lexical order, depth first: the lines under dir
	// follow its own.
	j := i + 1
	for j < len(l.paths) && strings.HasPrefix(l.paths[j], dir) && len(l.paths[j]) > len(dir) && l.paths[j][len(dir)] == '/' {
		j++
	}
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	_, err := w.Write(l.buf[start:l.ends[j-1]])
	return true, err
}

// Root is the absolute path of the source the lines are of.
func (l *Lines) Root() string {
	if l == nil {
		return ""
	}
	return l.root
}

// Files returns the names of the files (all but folders) right in dir, a
// folder of the source under root, in lexical order, from the lines
// kept; false when they do not hold dir (as Tree).
func (l *Lines) Files(root, dir string) ([]string, bool) {
	if l == nil || root != l.root {
		return nil, false
	}
	if l.gone[dir] {
		return nil, true
	}
	i, ok := l.dirs[dir]
	if !ok {
		return nil, false
	}
	var names []string
	for j := i + 1; j < len(l.paths); j++ {
		p := l.paths[j]
		if !strings.HasPrefix(p, dir) || len(p) <= len(dir) || p[len(dir)] != '/' {
			break
		}
		name := p[len(dir)+1:]
		if strings.IndexByte(name, '/') >= 0 {
			continue // deeper
		}
		if _, isDir := l.dirs[p]; !isDir {
			names = append(names, name)
		}
	}
	return names, true
}

// appendQuote is strconv.AppendQuote, without its rune-by-rune escaping
// for a path of printable ASCII but quotes and backslashes (a source's
// paths nearly always): 20,000 lines a build.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
