//go:build !linux

package stamp

import "io"

// treeDisk: elsewhere the walk of fs.WalkDir does it.
func (h *Hasher) treeDisk(w io.Writer, source, root, dir string, l *Lines) (bool, error) {
	return false, nil
}
