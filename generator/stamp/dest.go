package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
}

// topLevel is the top-level entry a slash path under the destination
// belongs to: its first element, or "" for a file at the top.
func topLevel(rel string) string {
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

// Take records every file under dest.
func Take(dest string) (Snapshot, error) {
	folders, err := digests(dest, "")
	return Snapshot{Folders: folders}, err
}

// Intact reports whether every file under dest is as the snapshot
// records it, with none missing and none added: of the whole destination
// for folder "", else of that top-level folder ("a-bureau").
func (s Snapshot) Intact(dest, folder string) bool {
	if s.Folders == nil {
		return false
	}
	got, err := digests(dest, folder)
	if err != nil {
		return false
	}
	if folder != "" {
		want, ok := s.Folders[folder]
		return ok && got[folder] == want
	}
	if len(got) != len(s.Folders) {
		return false
	}
	for k, v := range got {
		if s.Folders[k] != v {
			return false
		}
	}
	return true
}

// digests walks dest (or only its top-level folder) and digests each
// top-level entry's files. WalkDir goes in lexical order, so the lines of
// a folder always come in the same order.
func digests(dest, folder string) (map[string]string, error) {
	root := dest
	if folder != "" {
		root = filepath.Join(dest, folder)
	}
	lines := map[string]*strings.Builder{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		top := topLevel(rel)
		b := lines[top]
		if b == nil {
			b = &strings.Builder{}
			lines[top] = b
		}
		id, _ := IdentityOf(info)
		fmt.Fprintf(b, "%q %d %d %d %d\n", rel, info.Size(), info.ModTime().UnixNano(), id.CTime, id.Inode)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(lines))
	keys := make([]string, 0, len(lines))
	for k := range lines {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sum := sha256.Sum256([]byte(lines[k].String()))
		out[k] = hex.EncodeToString(sum[:16])
	}
	return out, nil
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
