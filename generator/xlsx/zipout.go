package xlsx

import (
	"archive/zip"
	"encoding/binary"
	"errors"
)

// zipOut appends a zip of parts deflated beforehand to a buffer, with the
// bytes archive/zip's CreateRaw and Close write for the header headerLike
// gives (TestZipOutAsArchiveZip compares them). A zip.Writer cost every
// workbook a 4 KB bufio buffer, a header and a directory entry for each
// part: a workbook is a few dozen kilobytes and needs none of its
// generality (no zip64, no comments, names in ASCII).
type zipOut struct {
	b    []byte
	like *zip.FileHeader
	dir  []zipEntry
}

// zipEntry is what the central directory repeats of a part.
type zipEntry struct {
	name              string
	crc, csize, usize uint32
	offset            uint32
}

var errZipTooLarge = errors.New("xlsx: workbook too large for a zip without zip64")

// add appends a part: its local header, its deflated bytes and (where
// the header's flags say so, as CreateHeader's do) a data descriptor.
func (z *zipOut) add(name string, size int, crc uint32, deflated []byte) error {
	h := z.like
	if len(z.b) > 1<<31 || size > 1<<31 || len(deflated) > 1<<31 {
		return errZipTooLarge
	}
	e := zipEntry{name: name, crc: crc, csize: uint32(len(deflated)), usize: uint32(size), offset: uint32(len(z.b))}
	descriptor := h.Flags&0x8 != 0
	b := z.b
	b = binary.LittleEndian.AppendUint32(b, 0x04034b50)
	b = binary.LittleEndian.AppendUint16(b, h.ReaderVersion)
	b = binary.LittleEndian.AppendUint16(b, h.Flags)
	b = binary.LittleEndian.AppendUint16(b, h.Method)
	b = binary.LittleEndian.AppendUint16(b, h.ModifiedTime)
	b = binary.LittleEndian.AppendUint16(b, h.ModifiedDate)
	if descriptor {
		b = append(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) // in the descriptor
	} else {
		b = binary.LittleEndian.AppendUint32(b, e.crc)
		b = binary.LittleEndian.AppendUint32(b, e.csize)
		b = binary.LittleEndian.AppendUint32(b, e.usize)
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(len(name)))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(h.Extra)))
	b = append(b, name...)
	b = append(b, h.Extra...)
	b = append(b, deflated...)
	if descriptor {
		b = binary.LittleEndian.AppendUint32(b, 0x08074b50)
		b = binary.LittleEndian.AppendUint32(b, e.crc)
		b = binary.LittleEndian.AppendUint32(b, e.csize)
		b = binary.LittleEndian.AppendUint32(b, e.usize)
	}
	z.b = b
	z.dir = append(z.dir, e)
	return nil
}

// close appends the central directory and its end record.
func (z *zipOut) close() error {
	h := z.like
	start := len(z.b)
	b := z.b
	for _, e := range z.dir {
		b = binary.LittleEndian.AppendUint32(b, 0x02014b50)
		b = binary.LittleEndian.AppendUint16(b, h.CreatorVersion)
		b = binary.LittleEndian.AppendUint16(b, h.ReaderVersion)
		b = binary.LittleEndian.AppendUint16(b, h.Flags)
		b = binary.LittleEndian.AppendUint16(b, h.Method)
		b = binary.LittleEndian.AppendUint16(b, h.ModifiedTime)
		b = binary.LittleEndian.AppendUint16(b, h.ModifiedDate)
		b = binary.LittleEndian.AppendUint32(b, e.crc)
		b = binary.LittleEndian.AppendUint32(b, e.csize)
		b = binary.LittleEndian.AppendUint32(b, e.usize)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(e.name)))
		b = binary.LittleEndian.AppendUint16(b, uint16(len(h.Extra)))
		b = append(b, 0, 0, 0, 0, 0, 0) // comment length, disk number, internal attributes
		b = binary.LittleEndian.AppendUint32(b, h.ExternalAttrs)
		b = binary.LittleEndian.AppendUint32(b, e.offset)
		b = append(b, e.name...)
		b = append(b, h.Extra...)
	}
	end := len(b)
	if len(z.dir) >= 1<<16-1 || end > 1<<31 {
		return errZipTooLarge
	}
	b = binary.LittleEndian.AppendUint32(b, 0x06054b50)
	b = append(b, 0, 0, 0, 0) // this disk, the directory's disk
	b = binary.LittleEndian.AppendUint16(b, uint16(len(z.dir)))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(z.dir)))
	b = binary.LittleEndian.AppendUint32(b, uint32(end-start))
	b = binary.LittleEndian.AppendUint32(b, uint32(start))
	b = append(b, 0, 0) // comment length
	z.b = b
	return nil
}
