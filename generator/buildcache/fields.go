package buildcache

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// The store's own files (entries, packs, the indexes of linked folders)
// are a magic word (none for an entry), the CRC-32C of the rest, then
// uvarints and byte strings, each string after its length as a uvarint.

// castagnoli is the CRC of every file of the store: a damaged file is
// built again, never taken for a bureau's part of the site.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendSummed appends magic, the CRC-32C of body, and body to dst.
func appendSummed(dst, magic, body []byte) []byte {
	dst = append(dst, magic...)
	dst = binary.LittleEndian.AppendUint32(dst, crc32.Checksum(body, castagnoli))
	return append(dst, body...)
}

// sumInto writes, into data made of magic, room for the checksum and a
// body, the checksum of the body: appendSummed without copying the body.
func sumInto(data, magic []byte) {
	binary.LittleEndian.PutUint32(data[len(magic):], crc32.Checksum(data[len(magic)+4:], castagnoli))
}

// summed returns the body of a file written by appendSummed with magic;
// false when the file does not start so or its checksum does not match.
func summed(data, magic []byte) ([]byte, bool) {
	if len(data) < len(magic)+4 || !bytes.Equal(data[:len(magic)], magic) {
		return nil, false
	}
	body := data[len(magic)+4:]
	return body, binary.LittleEndian.Uint32(data[len(magic):]) == crc32.Checksum(body, castagnoli)
}

// fields reads a body. A read past the end, or of a length or count that
// the rest cannot hold, sets bad and returns zero values: a damaged file
// never makes a large allocation or a panic.
type fields struct {
	b   []byte
	bad bool
}

func (f *fields) uint() uint64 {
	v, k := binary.Uvarint(f.b)
	if k <= 0 {
		f.bad = true
		return 0
	}
	f.b = f.b[k:]
	return v
}

// bytes reads a string: a slice of the body, its capacity capped so that
// appending to it cannot write over what follows.
func (f *fields) bytes() []byte {
	n := f.uint()
	if f.bad || n > uint64(len(f.b)) {
		f.bad = true
		return nil
	}
	return f.fixed(int(n))
}

// fixed reads n bytes that have no length before them.
func (f *fields) fixed(n int) []byte {
	if f.bad || n > len(f.b) {
		f.bad = true
		return nil
	}
	v := f.b[:n:n]
	f.b = f.b[n:]
	return v
}

// count reads how many items follow, each at least least bytes long.
func (f *fields) count(least int) int {
	n := f.uint()
	if f.bad || n > uint64(len(f.b)/max(least, 1)) {
		f.bad = true
		return 0
	}
	return int(n)
}

// done reports whether the body was read whole and well.
func (f *fields) done() bool { return !f.bad && len(f.b) == 0 }
