package buildcache

import (
	"encoding/binary"
	"errors"
	"path"
	"strings"

	"github.com/disclose-portal/disclose/generator/internal/freelist"
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

// pack writes the files of folder. The pack is sized first and made in
// one allocation: serve packs every bureau it renders (its folders are
// in memory), and growing the buffer file by file copied each pack some
// ten times over (~15 % of serve's first run at 1,000 reports).
func pack(folder *output.FileSet) ([]byte, error) { return packInto(nil, folder) }

// packs are buffers packInto wrote into, for the next pack once written.
var packs = freelist.New[[]byte](1)

// maxPackBuffer is the largest buffer kept in packs: a bureau of many
// reports does not leave its pack's room held for the process.
const maxPackBuffer = 32 << 20

// packInto is pack into buf when it has room (its length is ignored).
func packInto(buf []byte, folder *output.FileSet) ([]byte, error) {
	paths := folder.Paths()
	contents := make([][]byte, len(paths))
	size := len(packMagic) + 4 + binary.MaxVarintLen64
	for i, p := range paths {
		data, err := folder.Bytes(p)
		if err != nil {
			return nil, err
		}
		contents[i] = data
		size += 2*binary.MaxVarintLen64 + len(p) + len(data)
	}
	out := buf[:0]
	if cap(out) < size {
		out = make([]byte, 0, size)
	}
	out = append(out, make([]byte, len(packMagic)+4)...)
	copy(out, packMagic)
	out = binary.AppendUvarint(out, uint64(len(paths)))
	for i, p := range paths {
		out = binary.AppendUvarint(out, uint64(len(p)))
		out = append(out, p...)
		out = binary.AppendUvarint(out, uint64(len(contents[i])))
		out = append(out, contents[i]...)
	}
	sumInto(out, packMagic)
	return out, nil
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
