package stamp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Hasher fingerprints files by their contents. To avoid reading files
// that certainly did not change, it keeps a stat cache as git's index
// does: a file's digest is taken again from the cache only when its size,
// modification time, change time and inode are all as they were when it
// was hashed. The change time (ctime) is what makes this safe: it cannot
// be set back (touch -r, cp -p, rsync -t and tar x restore mtime, never
// ctime), so the same edit with any timestamp is seen. Where a file system
// gives no change time or inode (an in-memory fs.FS), every file is hashed.
//
// The racy-timestamp rule: a file whose mtime or ctime is within the
// timestamp granularity of the moment it was hashed could change again
// without either changing, so such a digest is not kept.
type Hasher struct {
	file string // where the stat cache is kept; "" keeps nothing

	mu      sync.Mutex
	entries map[string]*statEntry // by key (root and path)
	dirty   bool
}

// statEntry is what a digest was taken with.
type statEntry struct {
	Size   int64
	MTime  int64
	CTime  int64
	Inode  uint64
	Digest string // hex SHA-256
	// used: looked up in this run, kept by Save. A mark on the entry,
	// not a second map: a build looks up 20,000 of them.
	used bool
}

// statMagic opens the stat cache file and names its format; it changes
// when the meaning of the file does. The file is binary, not JSON: a
// build with nothing changed at 10,000 reports reads some 20,000 entries
// before anything else, and decoding them as JSON took 150 ms of CPU.
// After the magic line, each entry: uvarint length of its key, the key,
// varints of size, mtime and ctime, a uvarint inode and the 32 bytes of
// the digest; in order of key, so that the same cache is the same bytes.
const statMagic = "disclose stat cache 2\n"

// decodeStats reads a stat cache file; nil when it is not one (an older
// format, a file cut short): the run then hashes every file.
func decodeStats(data []byte) map[string]*statEntry {
	rest, ok := bytes.CutPrefix(data, []byte(statMagic))
	if !ok {
		return nil
	}
	// The keys are parts of one string, each digest one string made
	// once, the entries in one slice and the map made at its size (grown
	// from empty, the map of 20,000 entries was rehashed a dozen times):
	// a build with nothing changed reads them all first.
	keys := make([]string, 0, len(rest)/100) // an entry is 100 to 130 bytes
	all := make([]statEntry, 0, len(rest)/100)
	whole := string(rest)
	var sum [2 * sha256.Size]byte
	for len(rest) > 0 {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return nil
		}
		at := len(whole) - len(rest) + k
		key := whole[at : at+int(n)]
		rest = rest[k+int(n):]
		var e statEntry
		var ints [3]int64
		for i := range ints {
			if ints[i], k = binary.Varint(rest); k <= 0 {
				return nil
			}
			rest = rest[k:]
		}
		e.Size, e.MTime, e.CTime = ints[0], ints[1], ints[2]
		if e.Inode, k = binary.Uvarint(rest); k <= 0 || len(rest)-k < sha256.Size {
			return nil
		}
		hex.Encode(sum[:], rest[k:k+sha256.Size])
		e.Digest = string(sum[:])
		rest = rest[k+sha256.Size:]
		keys, all = append(keys, key), append(all, e)
	}
	entries := make(map[string]*statEntry, len(all))
	for i, k := range keys {
		entries[k] = &all[i]
	}
	return entries
}

// encodeStats writes entries in the format decodeStats reads.
func encodeStats(entries map[string]*statEntry) ([]byte, error) {
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := append(make([]byte, 0, len(statMagic)+len(entries)*160), statMagic...) // keys are paths of ~100 bytes
	for _, k := range keys {
		e := entries[k]
		sum, err := hex.DecodeString(e.Digest)
		if err != nil || len(sum) != sha256.Size {
			return nil, fmt.Errorf("stat cache: bad digest %q of %q", e.Digest, k)
		}
		out = binary.AppendUvarint(out, uint64(len(k)))
		out = append(out, k...)
		out = binary.AppendVarint(out, e.Size)
		out = binary.AppendVarint(out, e.MTime)
		out = binary.AppendVarint(out, e.CTime)
		out = binary.AppendUvarint(out, e.Inode)
		out = append(out, sum...)
	}
	return out, nil
}

// racyWindow is how close to the moment of hashing a timestamp may be
// before the digest is not trusted next time: coarser than any file
// system's timestamps (FAT: 2 s).
const racyWindow = 2 * time.Second

// NewHasher returns a hasher whose stat cache is kept in file (read now,
// written by Save); "" for none.
func NewHasher(file string) *Hasher {
	h := &Hasher{file: file, entries: map[string]*statEntry{}}
	if file == "" {
		return h
	}
	if data, err := os.ReadFile(file); err == nil {
		if entries := decodeStats(data); entries != nil {
			h.entries = entries
		}
	}
	return h
}

// Identity is what a file system tells of a file besides its size and
// mtime, for the stat cache: its inode and change time. Sys() of the OS's
// file info gives it (see identity_*.go); an in-memory file system may
// give an *Identity as Sys() to be cached like one on disk (tests do).
type Identity struct {
	Inode uint64
	CTime int64 // ns
}

// Digest returns the SHA-256 of the file p in fsys, from the stat cache
// when the file certainly did not change. root names fsys in the cache
// (the absolute folder it is a view of), so that one cache serves several.
func (h *Hasher) Digest(fsys fs.FS, root, p string) (string, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return "", err
	}
	return h.digest(root+"\x00"+p, info, func() (io.ReadCloser, error) { return fsys.Open(p) })
}

// DigestFile is Digest for a file named by its path on disk.
func (h *Hasher) DigestFile(name string) (string, error) {
	info, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	return h.digest("file\x00"+name, info, func() (io.ReadCloser, error) { return os.Open(name) })
}

func (h *Hasher) digest(key string, info fs.FileInfo, open func() (io.ReadCloser, error)) (string, error) {
	id, hasID := IdentityOf(info)
	return h.digestEntry(key, statEntry{Size: info.Size(), MTime: info.ModTime().UnixNano(), CTime: id.CTime, Inode: id.Inode}, hasID, open)
}

// digestEntry is digest of a file stat'ed as cur (hasID: with its inode
// and change time).
func (h *Hasher) digestEntry(key string, cur statEntry, hasID bool, open func() (io.ReadCloser, error)) (string, error) {
	h.mu.Lock()
	old, ok := h.entries[key]
	if ok {
		old.used = true
	}
	h.mu.Unlock()
	if ok && hasID && old.same(cur) {
		return old.Digest, nil
	}
	hashedAt := time.Now()
	f, err := open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	s := sha256.New()
	if _, err := io.Copy(s, f); err != nil {
		return "", err
	}
	cur.Digest = hex.EncodeToString(s.Sum(nil))
	racy := hashedAt.Sub(time.Unix(0, cur.MTime)) < racyWindow || hashedAt.Sub(time.Unix(0, cur.CTime)) < racyWindow
	h.mu.Lock()
	if hasID && !racy {
		cur.used = true
		h.entries[key] = &cur
	} else {
		delete(h.entries, key)
	}
	h.dirty = true
	h.mu.Unlock()
	return cur.Digest, nil
}

// same reports whether the file stat'ed as cur is as e was hashed.
func (e *statEntry) same(cur statEntry) bool {
	return e.Size == cur.Size && e.MTime == cur.MTime && e.CTime == cur.CTime && e.Inode == cur.Inode
}

// cached is digestEntry of a file on disk whose key is in key, when the
// stat cache has it: no allocation (a lookup by string(key) makes no
// string), where each of 20,000 files made its key and a closure.
func (h *Hasher) cached(key []byte, cur statEntry) (string, bool) {
	h.mu.Lock()
	e, ok := h.entries[string(key)]
	if ok {
		e.used = true
	}
	h.mu.Unlock()
	if ok && e.same(cur) {
		return e.Digest, true
	}
	return "", false
}

// Tree writes a line for every file and folder under dir in fsys (its
// path, its kind and, for a file, the SHA-256 of its contents), in
// lexical order, to w: what a fingerprint of the folder is made of. A
// missing dir writes nothing. root names fsys in the stat cache.
func (h *Hasher) Tree(w io.Writer, fsys fs.FS, root, dir string) error {
	return h.tree(w, fsys, root, dir, nil)
}

// tree is Tree, keeping each line in l (nil: none).
func (h *Hasher) tree(w io.Writer, fsys fs.FS, root, dir string, l *Lines) error {
	// The lines are appended to one buffer with strconv rather than
	// fmt.Fprintf: the same bytes (%q is strconv.Quote), without fmt's
	// reflection for each of a large portal's 20,000 files.
	var line []byte
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				l.missing(dir)
				return fs.SkipDir
			}
			return err
		}
		line = strconv.AppendQuote(line[:0], p)
		switch {
		case d.IsDir():
			line = append(line, " dir\n"...)
		case d.Type()&fs.ModeSymlink != 0:
			line = append(line, " symlink\n"...) // never followed: the load refuses links
		default:
			sum, err := h.Digest(fsys, root, p)
			if err != nil {
				return err
			}
			line = append(append(append(line, ' '), sum...), '\n')
		}
		l.add(p, line, d.IsDir())
		_, err = w.Write(line)
		return err
	})
}

// Save writes the stat cache, keeping the entries of the files this run
// looked at (files gone are forgotten). A cache that cannot be written
// only makes the next run read more.
func (h *Hasher) Save() error {
	if h.file == "" {
		return nil
	}
	h.mu.Lock()
	kept := make(map[string]*statEntry, len(h.entries))
	for k, e := range h.entries {
		if e.used {
			kept[k] = e
		}
	}
	changed := h.dirty || len(kept) != len(h.entries)
	h.mu.Unlock()
	if !changed {
		return nil
	}
	data, err := encodeStats(kept)
	if err != nil {
		return err
	}
	return WriteFile(h.file, data)
}

// WriteFile writes a cache file through a temporary file in the same
// folder (made if need be), so that a reader never sees half a file.
func WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
