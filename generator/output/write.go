package output

import (
	"context"
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
	return swap(tmp, dest)
}

// swap puts tmp in dest's place: dest moves aside, tmp moves in, the old
// one is removed.
func swap(tmp, dest string) error {
	info, err := os.Lstat(dest)
	switch {
	case os.IsNotExist(err):
		return os.Rename(tmp, dest)
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s exists and is not a folder", dest)
	}
	old := filepath.Join(filepath.Dir(dest), oldPrefix+filepath.Base(dest)+"-"+filepath.Base(tmp)[len(newPrefix+filepath.Base(dest)+"-"):])
	if err := os.Rename(dest, old); err != nil {
		return fmt.Errorf("cannot move the previous %s aside: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		// Put the previous site back.
		if rerr := os.Rename(old, dest); rerr != nil {
			return fmt.Errorf("cannot move the new site in (%v), and the previous one is kept at %s", err, old)
		}
		return err
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
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() && (strings.HasPrefix(n, newPrefix+base+"-") || strings.HasPrefix(n, oldPrefix+base+"-")) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}
