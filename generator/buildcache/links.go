package buildcache

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/disclose-portal/disclose/generator/output"
)

// A bureau's folder is kept in the store in one of two ways. Where the
// store and the staged site are on one file system, as hard links to the
// files the build staged: <key>.d/<n>, the n-th file of an index,
// <key>.d/.index. A link is one system call a file (copying every file
// into a pack was a seventh of the CPU of a first build), and the folder
// is flat, one mkdir a bureau: its report folders would cost an inode
// each again, and inode creation is most of a first build's system time.
// The output stage never writes through an existing name, so no build
// changes a linked file; but someone who edits a published file in place
// edits the store's too, so the index holds the size and checksum of
// every file and Restore checks each before using any: a file altered or
// missing is a miss, and the bureau is rendered again. Elsewhere (the
// cache folder on another file system, or one without links) the folder
// goes into a pack (pack.go), so one store may hold both kinds.
//
// The checksum guards against such edits and damage, not against someone
// who can write into the store: it decides no reuse (the key, SHA-256 of
// the inputs, does). It is CRC-32C and CRC-32 (IEEE) of the bytes, both
// in hardware on common machines: a 64-bit check that misses an altered
// file only if the change is a multiple of both polynomials, at a
// twentieth of SHA-256's CPU, which took a twentieth of a first build
// for the ~600 MB of 1,000 reports (and as much again on every restore).
//
// Index layout: "DIX2", the CRC-32C of what follows, the number of files,
// then for each file its path (its length as a uvarint, then the path),
// its size (uvarint) and its checksum (CRC-32C, then CRC-32, 4 bytes each,
// little-endian). Paths are sorted.

const (
	linkedExt = ".d"
	indexName = ".index"
)

var indexMagic = []byte("DIX2")

var errBadIndex = errors.New("buildcache: damaged index")

// link is os.Link, replaced by tests to act as a cache folder on another
// file system (EXDEV) or one without links.
var link = os.Link

// indexed is one file of a linked folder.
type indexed struct {
	path string // below the site root: <slug>/…
	size int64
	sum  checksum
}

// checksum is what the index holds of a file's bytes (see above).
type checksum [8]byte

var ieee = crc32.MakeTable(crc32.IEEE)

// sumOf returns the checksum of b.
func sumOf(b []byte) checksum {
	return appendedSum(crc32.Checksum(b, castagnoli), crc32.Checksum(b, ieee))
}

func appendedSum(c, i uint32) checksum {
	var s checksum
	binary.LittleEndian.PutUint32(s[:4], c)
	binary.LittleEndian.PutUint32(s[4:], i)
	return s
}

// storedName is where the n-th file of an index is in its folder.
func storedName(dir string, n int) string {
	return filepath.Join(dir, strconv.Itoa(n))
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
	n := f.count(2 + len(checksum{})) // a length, a size and a digest at least
	files := make([]indexed, 0, n)
	for range n {
		name := string(f.bytes())
		e := indexed{path: name, size: int64(f.uint())}
		copy(e.sum[:], f.fixed(len(checksum{})))
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
	for i, p := range paths {
		from, ok := staged.StagedPath(p)
		if !ok {
			return false
		}
		f, _ := folder.Get(p)
		target := storedName(tmp, i)
		if err := link(from, target); err != nil {
			if linksImpossible(err) {
				c.noLinks.Store(true) // no bureau of this build will do better
			}
			return false
		}
		e := indexed{path: p}
		if sum, ok := folder.Sum(p); ok && len(sum.Digest) == len(e.sum) {
			// Taken as the folder wrote through into the staged site.
			e.size = sum.Size
			copy(e.sum[:], sum.Digest)
		} else if f.From == nil {
			// The bytes are in memory: no need to read what was written.
			e.size, e.sum = int64(len(f.Data)), sumOf(f.Data)
		} else if e.size, e.sum, err = sumFile(target); err != nil {
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
	// with it), their names here the folder's entries (it is flat).
	staged.SyncAlso(c.store, final, filepath.Join(final, indexName))
	done = true
	return true
}

// FileDigest is the digest the index of a linked folder keeps of a
// file's bytes, for a folder that takes it as it writes them
// (output.FileSet.Through).
func FileDigest(data []byte) []byte {
	sum := sumOf(data)
	return sum[:]
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
	for i, f := range index {
		name := storedName(dir, i)
		if staged {
			size, sum, err := sumFile(name)
			if err != nil || size != f.size || sum != f.sum {
				return false
			}
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil || int64(len(b)) != f.size || sumOf(b) != f.sum {
			return false
		}
		contents = append(contents, b)
	}
	for i, f := range index {
		if !staged {
			files.Add(f.path, contents[i])
		} else if files.Link(f.path, storedName(dir, i)) != nil {
			return false // the staged set has failed: the build will say why
		}
	}
	return true
}

// sumFile returns the size and checksum of the file at name.
func sumFile(name string) (int64, checksum, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, checksum{}, err
	}
	defer f.Close()
	var c, i uint32
	var n int64
	buf := make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		c, i = crc32.Update(c, castagnoli, buf[:k]), crc32.Update(i, ieee, buf[:k])
		n += int64(k)
		if err == io.EOF {
			return n, appendedSum(c, i), nil
		}
		if err != nil {
			return 0, checksum{}, err
		}
	}
}
