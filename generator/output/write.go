package output

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const (
	newPrefix = ".disclose-new-"
	oldPrefix = ".disclose-old-"
)

// Write writes the set to dest atomically. The files go into a new folder
// beside dest; only when all are written and synced is dest replaced by
// it (see the package documentation). On error or cancellation the new
// folder is removed and dest is untouched, but for a folder kept from it
// (FileSet.Keep) that could not be put back: it is left in the new
// folder for the next build to put back. Once the new site is in place,
// Write reports success.
func Write(ctx context.Context, dest string, s *FileSet) (err error) {
	if s.stage != nil {
		return s.stage.commit(ctx, dest)
	}
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeStale(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, newPrefix+filepath.Base(dest)+"-")
	if err != nil {
		return fmt.Errorf("cannot create a folder beside %s: %w", dest, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp) // the folder this call made, holding only its files
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	made := map[string]bool{}
	for _, p := range s.Paths() {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, _ := s.Get(p)
		target := filepath.Join(tmp, filepath.FromSlash(p))
		dir := filepath.Dir(target)
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		if err := place(target, filepath.Join(dest, filepath.FromSlash(p)), f); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	if err := syncTree(tmp); err != nil {
		return fmt.Errorf("syncing the new site: %w", err)
	}
	old, err := swapIn(tmp, dest)
	if err != nil {
		return err
	}
	settle(dest, old, nil, "")
	return nil
}

// errNoExchange: the system or file system cannot swap two names in one
// step (renameExchange).
var errNoExchange = errors.New("cannot exchange names")

// exchange is renameExchange, replaced by tests to take the fallback.
var exchange = renameExchange

// swapIn puts tmp in dest's place and returns where the previous site
// went ("" when there was none) for the caller to remove once the swap
// is synced (settle). On error dest is as it was.
//
// Where names can be exchanged (Linux), the swap is one step: dest never
// goes missing, and the previous site ends up at tmp. Elsewhere, and on
// file systems that cannot (errNoExchange), it is two renames: dest
// moves aside, then tmp moves in. Between the two, dest does not exist
// (a web server answers 404), and a build killed there leaves the
// previous site aside for the next one to put back (removeStale).
func swapIn(tmp, dest string) (old string, err error) {
	parent := filepath.Dir(dest)
	// tmp's own name, made in parent, must be on disk before it can
	// replace dest's.
	if err := syncDirs(parent); err != nil {
		return "", err
	}
	info, err := os.Lstat(dest)
	switch {
	case os.IsNotExist(err): // the first build: nothing to replace
		return "", os.Rename(tmp, dest)
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", fmt.Errorf("%s exists and is not a folder", dest)
	}
	err = exchange(tmp, dest)
	if err == nil {
		reached("swapped")
		return tmp, nil
	}
	if !errors.Is(err, errNoExchange) {
		return "", err
	}
	old = filepath.Join(parent, oldPrefix+filepath.Base(dest)+"-"+filepath.Base(tmp)[len(newPrefix+filepath.Base(dest)+"-"):])
	if err := os.Rename(dest, old); err != nil {
		return "", fmt.Errorf("cannot move the previous %s aside: %w", dest, err)
	}
	reached("aside")
	if err := os.Rename(tmp, dest); err != nil {
		// Put the previous site back.
		if rerr := os.Rename(old, dest); rerr != nil {
			return "", fmt.Errorf("cannot move the new site in (%v), and the previous one is kept at %s", err, old)
		}
		return "", err
	}
	reached("swapped")
	return old, nil
}

// settle makes a swap durable, by syncing the parent and the folders
// that the kept folders moved left or entered, then deletes the journal
// of the moved folders, if any, and the previous site. The new site is in
// place whatever happens here, so nothing fails the build: when a sync
// fails, the journal and the previous site stay for the next build to
// clean up (removeStale), as after a build killed here.
func settle(dest, old string, moved []string, journal string) {
	dirs := append(keptParents(moved, dest, old), filepath.Dir(dest))
	if syncDirs(dirs...) != nil {
		return
	}
	reached("settled")
	if journal != "" {
		os.Remove(journal)
	}
	if old != "" {
		os.RemoveAll(old) // the previous site, after the swap
	}
}

// removeStale cleans up after builds that were killed. It runs before a
// build stages anything, so what it finds beside dest was left by
// earlier builds. It deletes nothing that holds the only copy of the
// destination or of a kept folder:
//
//   - A build killed between the two renames of the fallback swap
//     (swapIn) left the previous site aside with nothing in its place:
//     it is put back.
//   - A build killed while publishing a set that keeps folders had moved
//     them into its staged folder (see the journal): they are put back.
//     A folder that cannot be is left where it is, with the journal, for
//     the next build to try again.
//
// What remains, staged folders and previous sites, is deleted.
func removeStale(parent, base string) {
	dest := filepath.Join(parent, base)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	_, err = os.Lstat(dest)
	missing := os.IsNotExist(err)
	if missing {
		for _, e := range entries {
			if e.IsDir() && ours(e.Name(), oldPrefix, base) {
				if os.Rename(filepath.Join(parent, e.Name()), dest) == nil {
					missing = false
					break
				}
			}
		}
		entries, _ = os.ReadDir(parent)
	}
	holding := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		// .disclose-moving-public.json is the journal of earlier versions.
		if e.Type().IsRegular() && (ours(strings.TrimSuffix(n, ".json"), journalPrefix, base) || n == journalPrefix+base+".json") {
			if h := restoreKept(dest, filepath.Join(parent, n)); h != "" {
				holding[h] = true
			}
		}
	}
	for _, e := range entries {
		n := e.Name()
		// A previous site aside is the only one left while dest is missing.
		if e.IsDir() && !holding[n] && (ours(n, newPrefix, base) || ours(n, oldPrefix, base) && !missing) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// ours reports whether name is prefix, base, a hyphen and digits: a name
// that a build of base made (os.MkdirTemp numbers them), and not one of
// a destination whose name starts with base's ("public-2").
func ours(name, prefix, base string) bool {
	rest, ok := strings.CutPrefix(name, prefix+base+"-")
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// restoreKept puts back into dest the kept folders that a killed build
// left in its staged folder, as its journal (at path jpath) tells, and
// deletes the journal. When some folder cannot be put back, the journal
// stays, and restoreKept returns the name of the folder holding it, which
// must stay too.
//
// The rule holds whether or not the build had swapped its site in, even
// when a power cut kept only some of its renames: a kept folder belongs
// in dest, so where dest lacks it and the folder named in the journal
// (the staged site, or after an exchange the previous one) has it, it is
// moved to dest.
func restoreKept(dest, jpath string) (holding string) {
	parent, base := filepath.Split(dest)
	data, err := os.ReadFile(jpath)
	if err != nil {
		return ""
	}
	var j journal
	// The journal is synced before any folder moves: one that cannot be
	// read was cut short by a power cut before anything moved.
	if json.Unmarshal(data, &j) != nil || !ours(j.Stage, newPrefix, base) {
		os.Remove(jpath)
		return ""
	}
	stage := filepath.Join(parent, j.Stage)
	var moved []string
	for _, d := range j.Dirs {
		if !filepath.IsLocal(filepath.FromSlash(d)) {
			continue
		}
		from, to := filepath.Join(stage, filepath.FromSlash(d)), filepath.Join(dest, filepath.FromSlash(d))
		if _, err := os.Lstat(to); err == nil {
			continue // in its place
		}
		if _, err := os.Lstat(from); os.IsNotExist(err) {
			continue // not there to put back (the staged folder was deleted by hand)
		}
		if os.Rename(from, to) != nil {
			holding = j.Stage
			continue
		}
		moved = append(moved, d)
	}
	// The journal goes only once the folders are back for good.
	if holding == "" && syncDirs(keptParents(moved, dest, stage)...) == nil {
		os.Remove(jpath)
		return ""
	}
	return j.Stage
}

// keptParents returns the folders that moving the kept folders dirs
// between the trees at roots changes.
func keptParents(dirs []string, roots ...string) []string {
	var parents []string
	seen := map[string]bool{}
	for _, d := range dirs {
		for _, r := range roots {
			p := filepath.Dir(filepath.Join(r, filepath.FromSlash(d)))
			if !seen[p] {
				seen[p] = true
				parents = append(parents, p)
			}
		}
	}
	return parents
}
