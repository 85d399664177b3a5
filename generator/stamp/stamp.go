// Package stamp lets a rebuild with nothing changed finish at once. After
// a successful build it records, beside the destination folder, a
// fingerprint of everything the output depends on (every source file's
// path, size and modification time, the program itself, and the options)
// together with what the build printed. The next build computes the
// fingerprint again; if it is the same and the destination is as that
// build left it, the site on disk is already what a build would write
// (output is byte-identical for identical input), so nothing is done.
//
// The fingerprint reads file metadata, not contents, like make: it takes
// tens of milliseconds for a portal of tens of thousands of files. Any
// edit, added or removed file, new binary or other option changes it.
package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Inputs are the folders of the source tree a build reads.
var Inputs = []string{"content", "static", "themes"}

// Record is what a successful build leaves beside its destination.
type Record struct {
	Fingerprint string `json:"fingerprint"`
	// DestModTime is the destination folder's modification time (ns)
	// right after the build: a file added to or removed from its top
	// level changes it.
	DestModTime int64 `json:"dest_mod_time"`
	// Stderr and Stdout are what the build printed (its warnings and
	// summary), printed again when the build is skipped.
	Stderr string `json:"stderr"`
	Stdout string `json:"stdout"`
}

// Path is where the record of dest is kept: beside it, not inside it,
// so that it is never published.
func Path(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), ".disclose-stamp-"+filepath.Base(dest)+".json")
}

// Fingerprint hashes the metadata of every file under the source's input
// folders, the running program, and the options (which must include
// everything else that changes the output, such as the base URL).
func Fingerprint(source string, options ...string) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "program %s %d %d\n", exe, info.Size(), info.ModTime().UnixNano())
	for _, o := range options {
		fmt.Fprintf(h, "option %q\n", o)
	}
	src := os.DirFS(source)
	for _, dir := range Inputs {
		if err := Tree(h, src, dir); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Tree writes a line for every file and folder under dir in fsys (its
// path, mode, size and modification time), in lexical order, to w: the
// metadata a fingerprint is made of. A missing dir writes nothing.
func Tree(w io.Writer, fsys fs.FS, dir string) error {
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%q %v %d %d\n", p, info.Mode(), info.Size(), info.ModTime().UnixNano())
		return err
	})
}

// UpToDate returns the record of the last build of dest when its
// fingerprint is fp and dest is as that build left it.
func UpToDate(dest, fp string) (Record, bool) {
	var r Record
	data, err := os.ReadFile(Path(dest))
	if err != nil || json.Unmarshal(data, &r) != nil || r.Fingerprint != fp {
		return Record{}, false
	}
	info, err := os.Stat(dest)
	if err != nil || !info.IsDir() || info.ModTime().UnixNano() != r.DestModTime {
		return Record{}, false
	}
	return r, true
}

// Save records a successful build of dest.
func Save(dest string, r Record) error {
	info, err := os.Stat(dest)
	if err != nil {
		return err
	}
	r.DestModTime = info.ModTime().UnixNano()
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	tmp := Path(dest) + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, Path(dest))
}

// Remove forgets the last build of dest (before a build that may fail).
func Remove(dest string) { os.Remove(Path(dest)) }
