package load

import (
	"io"
	"io/fs"

	"github.com/disclose-portal/disclose/generator/internal/freelist"
)

// readTOML reads a TOML file into a buffer to give back (freeBuffer) once
// nothing reads the bytes any more: the decoder copies what it reads,
// the loader copies what it keeps of the position index's text, and the
// problems found copy the lines they show. A report's file read into a
// new slice was a fifth of what reading it allocated besides the
// decoder; now each core reuses a few buffers from file to file.
func readTOML(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := 0
	if st, err := f.Stat(); err == nil && st.Size() < 1<<30 {
		size = int(st.Size())
	}
	buf := newBuffer(size + 1) // one byte more for the read that finds the end
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew since Stat
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			freeBuffer(buf)
			return nil, err
		}
	}
	return buf, nil
}

// freeBuffers are file buffers given back and not yet taken again, a few
// per core (as the slabs).
var freeBuffers = freelist.New[[]byte](2)

// newBuffer is an empty buffer with room for n bytes, one given back if
// there is one large enough.
func newBuffer(n int) []byte {
	if b, ok := freeBuffers.Take(); ok && cap(b) >= n {
		return b[:0]
	}
	return make([]byte, 0, max(n, 32<<10))
}

// freeBuffer gives b back for the next file read.
func freeBuffer(b []byte) {
	freeBuffers.Give(b[:0])
}
