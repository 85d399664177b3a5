package stamp

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Snapshot is what a build left in its destination: every file's size,
// modification time and, where the file system has them, inode and
// change time. Checking a destination against it takes one lstat a file
// and reads nothing: any write, replacement or removal of a published
// file changes what is recorded (its change time, at least), so a file
// deleted or altered there since the build is never taken for the build's.
type Snapshot struct {
	Files map[string]fileStat `json:"files"` // by slash path under the destination
}

type fileStat struct {
	Size  int64  `json:"s"`
	MTime int64  `json:"m"`
	CTime int64  `json:"c"`
	Inode uint64 `json:"i"`
}

func statOf(info fs.FileInfo) fileStat {
	id, _ := IdentityOf(info)
	return fileStat{Size: info.Size(), MTime: info.ModTime().UnixNano(), CTime: id.CTime, Inode: id.Inode}
}

// Take records every file under dest.
func Take(dest string) (Snapshot, error) {
	s := Snapshot{Files: map[string]fileStat{}}
	err := walkFiles(dest, "", func(rel string, info fs.FileInfo) error {
		s.Files[rel] = statOf(info)
		return nil
	})
	return s, err
}

// Intact reports whether every file under dest whose path starts with
// prefix ("" for all; "bureau/" for one folder) is as the snapshot
// records it, with none missing and none added.
func (s Snapshot) Intact(dest, prefix string) bool {
	if s.Files == nil {
		return false
	}
	seen := 0
	err := walkFiles(dest, prefix, func(rel string, info fs.FileInfo) error {
		if want, ok := s.Files[rel]; !ok || want != statOf(info) {
			return fs.ErrInvalid
		}
		seen++
		return nil
	})
	if err != nil {
		return false
	}
	want := 0
	for p := range s.Files {
		if strings.HasPrefix(p, prefix) {
			want++
		}
	}
	return seen == want
}

// walkFiles calls fn for every file under dest (within the folder prefix
// names, when given), with its slash path relative to dest.
func walkFiles(dest, prefix string, fn func(rel string, info fs.FileInfo) error) error {
	root := dest
	if prefix != "" {
		root = filepath.Join(dest, filepath.FromSlash(strings.TrimSuffix(prefix, "/")))
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
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
		return fn(filepath.ToSlash(rel), info)
	})
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
