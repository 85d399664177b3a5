package buildcache

import (
	"encoding/binary"
	"errors"
	"path"
	"strings"

	"github.com/disclose-portal/disclose/generator/output"
)

// A pack holds the files of one bureau's folder of the site, in one file
// of the store: a build that has no such folder in its destination (a
// fresh clone with the cache restored) writes them from here instead of
// rendering them again. One file per bureau, not one per page, keeps the
// store to a few thousand files at portal scale.
//
// Layout: "DPK1", the CRC-32C of what follows, the number of files, then
// for each file its path and its bytes, each preceded by its length
// (uvarint). Paths are sorted, so that the same folder makes the same
// pack.

var packMagic = []byte("DPK1")

var errBadPack = errors.New("buildcache: damaged pack")

// pack writes the files of folder.
func pack(folder *output.FileSet) ([]byte, error) {
	paths := folder.Paths()
	body := binary.AppendUvarint(nil, uint64(len(paths)))
	for _, p := range paths {
		data, err := folder.Bytes(p)
		if err != nil {
			return nil, err
		}
		body = binary.AppendUvarint(body, uint64(len(p)))
		body = append(body, p...)
		body = binary.AppendUvarint(body, uint64(len(data)))
		body = append(body, data...)
	}
	return appendSummed(nil, packMagic, body), nil
}

// unpack reads a pack of the folder slug. A pack that is damaged, or
// names a file outside the folder, is refused whole.
func unpack(data []byte, slug string) (paths []string, contents [][]byte, err error) {
	body, ok := summed(data, packMagic)
	if !ok {
		return nil, nil, errBadPack
	}
	f := fields{b: body}
	for range f.count(2) {
		name, d := string(f.bytes()), f.bytes()
		if f.bad || !strings.HasPrefix(name, slug+"/") || path.Clean(name) != name {
			return nil, nil, errBadPack
		}
		paths, contents = append(paths, name), append(contents, d)
	}
	if !f.done() {
		return nil, nil, errBadPack
	}
	return paths, contents, nil
}
