package buildcache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/disclose-portal/disclose/generator/output"
)

// A bureau's folder is kept in the store in one of two ways. Where the
// store and the staged site are on one file system, as hard links to the
// files the build staged: <key>.d/<slug>/… beside an index, <key>.d/.index
// (a slug never starts with a dot). Copying every file into a pack was a
// seventh of the CPU of a first build; a link is one system call a file.
// The output stage never writes through an existing name, so no build
// changes a linked file; but someone who edits a published file in place
// edits the store's too, so the index holds the SHA-256 of every file and
// Restore hashes each before using any: a file altered or missing is a
// miss, and the bureau is rendered again. Elsewhere (the cache folder on
// another file system, or one without links) the folder goes into a pack
// (pack.go), so one store may hold both kinds.
//
// Index layout: "DIX1", the CRC-32C of what follows, the number of files,
// then for each file its path (its length as a uvarint, then the path),
// its size (uvarint) and its SHA-256. Paths are sorted.

const (
	linkedExt = ".d"
	indexName = ".index"
)

var indexMagic = []byte("DIX1")

var errBadIndex = errors.New("buildcache: damaged index")

// link is os.Link, replaced by tests to act as a cache folder on another
// file system (EXDEV) or one without links.
var link = os.Link

// indexed is one file of a linked folder.
type indexed struct {
	path string // below the site root: <slug>/…
	size int64
	sum  [sha256.Size]byte
}

func encodeIndex(files []indexed) []byte {
	body := binary.AppendUvarint(nil, uint64(len(files)))
	for _, f := range files {
		body = binary.AppendUvarint(body, uint64(len(f.path)))
		body = append(body, f.path...)
		body = binary.AppendUvarint(body, uint64(f.size))
		body = append(body, f.sum[:]...)
	}
	return appendSummed(nil, indexMagic, body)
}

// decodeIndex reads the index of a linked folder of the bureau slug. An
// index that is damaged, or names a file outside the folder, is refused
// whole.
func decodeIndex(data []byte, slug string) ([]indexed, error) {
	body, ok := summed(data, indexMagic)
	if !ok {
		return nil, errBadIndex
	}
	f := fields{b: body}
	n := f.count(2 + sha256.Size) // a length, a size and a digest at least
	files := make([]indexed, 0, n)
	for range n {
		name := string(f.bytes())
		e := indexed{path: name, size: int64(f.uint())}
		copy(e.sum[:], f.fixed(sha256.Size))
		if f.bad || e.size < 0 || !strings.HasPrefix(name, slug+"/") || path.Clean(name) != name || !fs.ValidPath(name) {
			return nil, errBadIndex
		}
		files = append(files, e)
	}
	if !f.done() {
		return nil, errBadIndex
	}
	return files, nil
}

// storeLinks links the files of folder, as staged in staged, into the
// store under key, with their index; false when it cannot (then nothing
// of it is left in the store).
func (c *Cache) storeLinks(key string, folder, staged *output.FileSet) bool {
	if staged == nil || !staged.Staged() || c.noLinks.Load() {
		return false
	}
	tmp, err := os.MkdirTemp(c.store, ".tmp-")
	if err != nil {
		return false
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	paths := folder.Paths()
	files := make([]indexed, 0, len(paths))
	made := map[string]bool{}
	for _, p := range paths {
		from, ok := staged.StagedPath(p)
		if !ok {
			return false
		}
		f, _ := folder.Get(p)
		target := filepath.Join(tmp, filepath.FromSlash(p))
		if dir := filepath.Dir(target); !made[dir] {
			if os.MkdirAll(dir, 0o755) != nil {
				return false
			}
			made[dir] = true
		}
		if err := link(from, target); err != nil {
			if linksImpossible(err) {
				c.noLinks.Store(true) // no bureau of this build will do better
			}
			return false
		}
		e := indexed{path: p}
		if f.From == nil {
			// The bytes are in memory: no need to read what was written.
			e.size, e.sum = int64(len(f.Data)), sha256.Sum256(f.Data)
		} else if e.size, e.sum, err = hashFile(target); err != nil {
			return false
		}
		files = append(files, e)
	}
	if os.WriteFile(filepath.Join(tmp, indexName), encodeIndex(files), 0o644) != nil {
		return false
	}
	// The folder appears whole, by one rename. One already there (stored
	// under the same key by --force, or damaged) is set aside first: a
	// folder cannot be renamed over another (os.Rename refuses even an
	// empty one), so the name made for it is freed before the rename.
	final := c.file(key, linkedExt)
	if err := os.Rename(tmp, final); err != nil {
		aside, err := os.MkdirTemp(c.store, ".tmp-")
		if err != nil || os.Remove(aside) != nil {
			return false
		}
		if os.Rename(final, aside) != nil || os.Rename(tmp, final) != nil {
			os.RemoveAll(aside)
			return false
		}
		os.RemoveAll(aside)
	}
	// On disk when the site is: the files are the staged ones (synced
	// with it), their names here are the folders' entries.
	sync := []string{c.store, final, filepath.Join(final, indexName)}
	for dir := range made {
		sync = append(sync, final+dir[len(tmp):])
	}
	staged.SyncAlso(sync...)
	done = true
	return true
}

// linksImpossible reports whether a failed link says that the store and
// the staged site cannot share files at all (rather than that one file
// could not be linked).
func linksImpossible(err error) bool {
	return errors.Is(err, syscall.EXDEV) || errors.Is(err, fs.ErrPermission) || errors.Is(err, errors.ErrUnsupported)
}

// restoreLinks puts the files of the bureau's linked folder stored under
// key into files, when every one of them still has the size and digest of
// the index; false (and nothing put) otherwise.
func (c *Cache) restoreLinks(slug, key string, files *output.FileSet) bool {
	dir := c.file(key, linkedExt)
	data, err := os.ReadFile(filepath.Join(dir, indexName))
	if err != nil {
		return false
	}
	index, err := decodeIndex(data, slug)
	if err != nil {
		return false
	}
	staged := files.Staged()
	var contents [][]byte // for a set held in memory (serve): read once
	for _, f := range index {
		name := filepath.Join(dir, filepath.FromSlash(f.path))
		if staged {
			size, sum, err := hashFile(name)
			if err != nil || size != f.size || sum != f.sum {
				return false
			}
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil || int64(len(b)) != f.size || sha256.Sum256(b) != f.sum {
			return false
		}
		contents = append(contents, b)
	}
	for i, f := range index {
		if !staged {
			files.Add(f.path, contents[i])
		} else if files.Link(f.path, filepath.Join(dir, filepath.FromSlash(f.path))) != nil {
			return false // the staged set has failed: the build will say why
		}
	}
	return true
}

// hashFile returns the size and SHA-256 of the file at name.
func hashFile(name string) (int64, [sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(name)
	if err != nil {
		return 0, sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, sum, err
	}
	h.Sum(sum[:0])
	return n, sum, nil
}
