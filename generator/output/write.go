package output

import (
	"context"
	"encoding/json"
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
// beside dest; only when all are written is dest replaced by it. On error
// or cancellation the new folder is removed and dest is untouched.
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
			os.RemoveAll(tmp)
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
	old, err := swapIn(tmp, dest)
	if err != nil {
		return err
	}
	return removeOld(old)
}

// swapIn puts tmp in dest's place: dest moves aside (to old, "" when
// there was none) and tmp moves in. On error dest is as it was.
func swapIn(tmp, dest string) (old string, err error) {
	info, err := os.Lstat(dest)
	switch {
	case os.IsNotExist(err):
		return "", os.Rename(tmp, dest)
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", fmt.Errorf("%s exists and is not a folder", dest)
	}
	old = filepath.Join(filepath.Dir(dest), oldPrefix+filepath.Base(dest)+"-"+filepath.Base(tmp)[len(newPrefix+filepath.Base(dest)+"-"):])
	if err := os.Rename(dest, old); err != nil {
		return "", fmt.Errorf("cannot move the previous %s aside: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		// Put the previous site back.
		if rerr := os.Rename(old, dest); rerr != nil {
			return "", fmt.Errorf("cannot move the new site in (%v), and the previous one is kept at %s", err, old)
		}
		return "", err
	}
	return old, nil
}

// removeOld deletes the previous site once the new one is in place.
func removeOld(old string) error {
	if old == "" {
		return nil
	}
	return os.RemoveAll(old)
}

// removeStale deletes folders left by builds that were killed. A build
// killed between its two renames leaves the previous site aside with no
// site in its place: that one is put back.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	if _, err := os.Lstat(filepath.Join(parent, base)); os.IsNotExist(err) {
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), oldPrefix+base+"-") {
				if os.Rename(filepath.Join(parent, e.Name()), filepath.Join(parent, base)) == nil {
					break
				}
			}
		}
		entries, _ = os.ReadDir(parent)
	}
	// A build killed after moving kept folders into its staged site and
	// before swapping it in: the folders go back.
	dest := filepath.Join(parent, base)
	if data, err := os.ReadFile(journalPath(dest)); err == nil {
		var j journal
		if json.Unmarshal(data, &j) == nil && strings.HasPrefix(j.Stage, newPrefix+base+"-") && !strings.ContainsAny(j.Stage, `/\`) {
			for _, d := range j.Dirs {
				from, to := filepath.Join(parent, j.Stage, filepath.FromSlash(d)), filepath.Join(dest, filepath.FromSlash(d))
				if _, err := os.Lstat(to); os.IsNotExist(err) && filepath.IsLocal(filepath.FromSlash(d)) {
					os.Rename(from, to)
				}
			}
		}
		os.Remove(journalPath(dest))
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() && (strings.HasPrefix(n, newPrefix+base+"-") || strings.HasPrefix(n, oldPrefix+base+"-")) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}
