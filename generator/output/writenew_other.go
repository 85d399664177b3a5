//go:build !unix

package output

import "os"

// writeNew writes data to a file that must not exist yet.
func writeNew(target string, data []byte) error {
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
