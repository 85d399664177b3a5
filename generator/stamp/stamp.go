// Package stamp fingerprints what a build or a check reads, by content,
// so that work is reused only when its inputs are the same bytes: a
// rebuild with nothing changed finishes at once, and a corrected figure
// is always seen, whatever its file's timestamps say (see Hasher).
//
// After a successful build it records, in the build's cache folder (never
// beside or inside the published site), the fingerprint of everything the
// output depends on (every source file's contents, the program, the
// options) with what the build printed, and a snapshot of the files it
// left in the destination (Snapshot). The next build computes the
// fingerprint again; if it is the same and every file of the destination
// is as that build left it, the site on disk is already what a build
// would write (output is byte-identical for identical input), so nothing
// is done.
package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"path/filepath"
)

// Inputs are the folders of the source tree a build reads.
var Inputs = []string{"content", "static", "themes"}

// Record is what a successful build leaves in its cache folder.
type Record struct {
	Fingerprint string `json:"fingerprint"`
	// Stderr and Stdout are what the build printed (its warnings and
	// summary), printed again when the build is skipped.
	Stderr string `json:"stderr"`
	Stdout string `json:"stdout"`
}

// recordName is the record's file in a build's cache folder.
const recordName = "stamp.json"

// Fingerprint hashes the contents of every file under the source's input
// folders, the running program, and the options (which must include
// everything else that changes the output, such as the base URL).
func Fingerprint(h *Hasher, source string, options ...string) (string, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	return fingerprintOf(h, source, abs, nil, options)
}

// fingerprintOf is Fingerprint, keeping the lines of the folders in l
// (nil: none).
func fingerprintOf(h *Hasher, source, abs string, l *Lines, options []string) (string, error) {
	sum := newSum()
	prog, err := h.Program()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(sum, "program %s\n", prog)
	for _, o := range options {
		fmt.Fprintf(sum, "option %q\n", o)
	}
	src := os.DirFS(source)
	for _, dir := range Inputs {
		if ok, err := h.treeDisk(sum, source, abs, dir, l); ok || err != nil {
			if err != nil {
				return "", err
			}
			continue
		}
		if err := h.tree(sum, src, abs, dir, l); err != nil {
			return "", err
		}
	}
	return sum.hex(), nil
}

// Program is the digest of the running program: what it makes changes
// with it.
func (h *Hasher) Program() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return h.DigestFile(exe)
}

// UpToDate returns the record of the last build kept in dir when its
// fingerprint is fp.
func UpToDate(dir, fp string) (Record, bool) {
	var r Record
	data, err := os.ReadFile(filepath.Join(dir, recordName))
	if err != nil || json.Unmarshal(data, &r) != nil || r.Fingerprint != fp {
		return Record{}, false
	}
	return r, true
}

// Save records a successful build in dir.
func Save(dir string, r Record) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, recordName), data)
}

// Remove forgets the last build recorded in dir (before a build that may
// fail).
func Remove(dir string) { os.Remove(filepath.Join(dir, recordName)) }

// sum is a SHA-256 that fingerprints are written into.
type sum struct{ hash.Hash }

func newSum() sum { return sum{sha256.New()} }

func (s sum) hex() string { return hex.EncodeToString(s.Sum(nil)) }
