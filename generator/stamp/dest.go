package stamp

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/disclose-portal/disclose/generator/parallel"
)

// Snapshot is what a build left in its destination: for each entry of
// the destination's top level (a bureau's folder, data/, assets/ …; ""
// for the files at the top), a digest of the path, size, modification
// time and, where the file system has them, inode and change time of
// every file under it. Checking a folder against it takes one lstat a
// file and reads nothing: any write, replacement or removal of a published
// file changes what is recorded (its change time, at least), so a file
// deleted or altered there since the build is never taken for the build's.
type Snapshot struct {
	Folders map[string]string `json:"folders"` // top-level entry → digest
	// Files, of a snapshot taken by TakeListed, are the paths of the
	// files under each folder as they were digested (nil for a folder
	// holding anything but folders and regular files, and where the
	// system lists none): a build keeps an unchanged bureau folder by
	// this list rather than walking it a second time. Not saved.
	Files map[string][]string `json:"-"`
}

// Take records every file under dest. reuse names top-level folders
// known to be as prev records them (a build checked them with Intact and
// kept them as they were): their digests are taken from prev instead of
// walking them again.
func Take(dest string, prev Snapshot, reuse func(folder string) bool) (Snapshot, error) {
	return take(dest, prev, reuse, false)
}

// TakeListed is Take of every folder, with their files listed (Files).
func TakeListed(dest string) (Snapshot, error) { return take(dest, Snapshot{}, nil, true) }

func take(dest string, prev Snapshot, reuse func(folder string) bool, list bool) (Snapshot, error) {
	entries, err := os.ReadDir(dest)
	if err != nil {
		return Snapshot{}, err
	}
	s := Snapshot{Folders: map[string]string{}}
	var top strings.Builder // the files at the top level
	var walk []string       // the folders to digest
	for _, e := range entries {
		name := e.Name()
		switch {
		case !e.IsDir():
			if err := line(&top, dest, name, e); err != nil {
				return Snapshot{}, err
			}
		case reuse != nil && reuse(name) && prev.Folders[name] != "":
			s.Folders[name] = prev.Folders[name]
		default:
			walk = append(walk, name)
		}
	}
	if top.Len() > 0 {
		s.Folders[""] = digestOf(top.String())
	}
	sums := make([]string, len(walk))
	lists := make([][]string, len(walk))
	errs := make([]error, len(walk))
	parallel.For(len(walk), func(i int) { sums[i], lists[i], errs[i] = folderDigestListed(dest, walk[i], list) })
	if list {
		s.Files = make(map[string][]string, len(walk))
	}
	for i, name := range walk {
		if errs[i] != nil {
			return Snapshot{}, errs[i]
		}
		s.Folders[name] = sums[i]
		if list && lists[i] != nil {
			s.Files[name] = lists[i]
		}
	}
	return s, nil
}

// Intact reports whether every file under dest is as the snapshot
// records it, with none missing and none added: of the whole destination
// for folder "", else of that top-level folder ("a-bureau").
func (s Snapshot) Intact(dest, folder string) bool {
	if s.Folders == nil {
		return false
	}
	if folder != "" {
		want, ok := s.Folders[folder]
		got, err := folderDigest(dest, folder)
		return ok && err == nil && got == want
	}
	now, err := Take(dest, Snapshot{}, nil)
	return err == nil && s.Equal(now)
}

// Equal reports whether two snapshots record the same files.
func (s Snapshot) Equal(o Snapshot) bool {
	return s.Folders != nil && o.Folders != nil && maps.Equal(s.Folders, o.Folders)
}

// folderDigestWalk digests the files under one top-level folder of dest,
// in lexical order (WalkDir's), so that the same files give the same
// digest. It is folderDigest where the system has no faster way
// (dest_linux.go), and the reference the faster way is tested against.
func folderDigestWalk(dest, folder string) (string, error) {
	var b strings.Builder
	err := filepath.WalkDir(filepath.Join(dest, folder), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil {
			return err
		}
		return line(&b, dest, filepath.ToSlash(rel), d)
	})
	return digestOf(b.String()), err
}

// line writes what is recorded of one file: its path, size, mtime, and
// change time and inode where the file system has them.
func line(b *strings.Builder, dest, rel string, d fs.DirEntry) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	id, _ := IdentityOf(info)
	b.Write(appendLine(nil, rel, info.Size(), info.ModTime().UnixNano(), id.CTime, id.Inode))
	return nil
}

// appendLine appends one file's line of a folder's digest: the length
// of its path (uvarint), the path, then its size, mtime, ctime and inode
// as 8 bytes each (little-endian). Binary rather than quoted text: the
// check of a large destination writes 87,000 of them, and quoting each
// path was a sixth of it.
func appendLine(b []byte, rel string, size, mtime, ctime int64, inode uint64) []byte {
	b = binary.AppendUvarint(b, uint64(len(rel)))
	b = append(b, rel...)
	b = binary.LittleEndian.AppendUint64(b, uint64(size))
	b = binary.LittleEndian.AppendUint64(b, uint64(mtime))
	b = binary.LittleEndian.AppendUint64(b, uint64(ctime))
	return binary.LittleEndian.AppendUint64(b, inode)
}

func digestOf(lines string) string {
	sum := sha256.Sum256([]byte(lines))
	return hex.EncodeToString(sum[:16])
}

// snapshotName is the snapshot's file in a build's cache folder.
const snapshotName = "destination.json"

// SaveSnapshot keeps a snapshot in dir.
func SaveSnapshot(dir string, s Snapshot) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, snapshotName), data)
}

// LoadSnapshot reads the snapshot kept in dir; an empty one (that
// nothing is intact against) when there is none.
func LoadSnapshot(dir string) Snapshot {
	var s Snapshot
	data, err := os.ReadFile(filepath.Join(dir, snapshotName))
	if err != nil || json.Unmarshal(data, &s) != nil {
		return Snapshot{}
	}
	return s
}
