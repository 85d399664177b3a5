package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/sys/unix"
)

// folderDigest digests the files under one top-level folder of dest, with
// the same lines in the same order as folderDigestWalk, but each file
// stat'ed relative to its open folder (fstatat) and the lines hashed as
// they come: checking a destination of 10,000 reports (87,000 files) is
// one stat a file, and a path looked up from the root for each, with a
// FileInfo and a formatted line, was most of a build with nothing to do.
func folderDigest(dest, folder string) (string, error) {
	sum, _, err := folderDigestListed(dest, folder, false)
	return sum, err
}

// folderDigestListed is folderDigest, with the paths of the folder's
// files (below dest, slash-separated, in the digest's order) when list
// is set: nil when the folder holds anything but folders and regular
// files.
func folderDigestListed(dest, folder string, list bool) (string, []string, error) {
	h := sha256.New()
	var files []string
	regular := true
	var line []byte
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer f.Close()
		entries, err := f.ReadDir(-1)
		if err != nil {
			return err
		}
		slices.SortFunc(entries, func(a, b os.DirEntry) int {
			switch {
			case a.Name() < b.Name():
				return -1
			case a.Name() > b.Name():
				return 1
			}
			return 0
		})
		fd := int(f.Fd())
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				if err := walk(filepath.Join(dir, name), rel+"/"+name); err != nil {
					return err
				}
				continue
			}
			var st unix.Stat_t
			if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				return &os.PathError{Op: "fstatat", Path: filepath.Join(dir, name), Err: err}
			}
			p := rel + "/" + name
			line = appendLine(line[:0], p, st.Size, st.Mtim.Nano(), st.Ctim.Nano(), st.Ino)
			h.Write(line)
			if list {
				files = append(files, p)
				regular = regular && st.Mode&unix.S_IFMT == unix.S_IFREG
			}
		}
		return nil
	}
	err := walk(filepath.Join(dest, folder), filepath.ToSlash(folder))
	sum := h.Sum(nil)
	if !regular {
		files = nil
	}
	return hex.EncodeToString(sum[:16]), files, err
}
