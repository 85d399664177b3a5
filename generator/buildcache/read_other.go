//go:build !unix

package buildcache

import (
	"io"
	"os"
)

// readStart reads the start of the file name into buf, as much as fits
// (n < len(buf): the whole file).
func readStart(name string, buf []byte) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}
