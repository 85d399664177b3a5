package buildcache

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/disclose-portal/disclose/generator/output"
)

// Whole is what the last build into a destination made of the whole
// site, kept in its manifest: with it, a build after an edit that
// changed nothing the whole-site files read keeps them as they are in
// the destination, and one that changed a bureau's search part only
// rewrites the files of the search index that part is in (package site).
type Whole struct {
	// Global is the build key every bureau's part depended on.
	Global string `json:"global"`
	// Slugs are the bureaus in the site's order, and Sites, Keys and Docs
	// each one's Head.Site, entry key and documents in the search index.
	Slugs []string `json:"slugs"`
	Sites []string `json:"sites"`
	Keys  []string `json:"keys"`
	Docs  []int    `json:"docs"`
	// Postings is the number of postings of the search index.
	Postings int `json:"postings"`
	// Files are the files of the whole site but those of the search index
	// (pages, tables, sitemap, feed), outside the bureaus' folders and
	// assets/; empty when they were not made (Global "" too).
	Files []string `json:"files"`
	// Groups digest, for each group of Files, what its files read of
	// every bureau (package site: a group whose digest is the same
	// stands while others are made again).
	Groups map[string]string `json:"groups,omitempty"`
}

// LastWhole returns what the last build into the destination made of the
// whole site; false when it is not known (or this build takes nothing
// from the store).
func (c *Cache) LastWhole() (Whole, bool) {
	if c == nil || c.fresh || c.whole == nil {
		return Whole{}, false
	}
	return *c.whole, true
}

// SetWhole records what this build made of the whole site, saved by
// Commit with the manifest.
func (c *Cache) SetWhole(w Whole) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.nextWhole = &w
	c.mu.Unlock()
}

// KeepFiles takes the files at paths (below the site root, outside the
// bureaus' folders) of the destination into files as they are, when the
// top-level folders that hold them ("" for the files at the top) are as
// the last build left them; false, with nothing taken, when one is not.
// A staged set links each file (output.FileSet.Link): it is the same
// file, with its timestamps.
func (c *Cache) KeepFiles(paths []string, files *output.FileSet) bool {
	if !files.Staged() || !c.FilesIntact(paths) {
		return false
	}
	for _, p := range paths {
		if files.Link(p, filepath.Join(c.dest, filepath.FromSlash(p))) != nil {
			return false // the staged set failed: so does the build
		}
	}
	return true
}

// FilesIntact reports whether the top-level folders of the destination
// that hold the files at paths are as the last build left them (and so
// the files, which that build made, are as it made them).
func (c *Cache) FilesIntact(paths []string) bool {
	if c == nil || c.fresh || len(c.snapshot.Folders) == 0 {
		return false
	}
	if c.current == nil {
		c.CheckAhead()
	}
	seen := map[string]bool{}
	for _, p := range paths {
		if path.Clean(p) != p || !fs.ValidPath(p) {
			return false
		}
		top, _, ok := strings.Cut(p, "/")
		if !ok {
			top = ""
		}
		if !seen[top] {
			seen[top] = true
			if !c.topIntact(top) {
				return false
			}
		}
	}
	return true
}

// Dest returns the destination's path of the file p of the site ("" for
// a store opened without a destination): package site reads the search
// index's files there when it patches them, after KeepFiles-like checks
// (Intact).
func (c *Cache) Dest(p string) string {
	if c == nil || c.dest == "" {
		return ""
	}
	return filepath.Join(c.dest, filepath.FromSlash(p))
}

// TopIntact reports whether the top-level folder top of the destination
// ("" for the files at its top) is as the last build left it.
func (c *Cache) TopIntact(top string) bool {
	if c == nil || c.fresh || len(c.snapshot.Folders) == 0 {
		return false
	}
	if c.current == nil {
		c.CheckAhead()
	}
	return c.topIntact(top)
}

func (c *Cache) topIntact(top string) bool {
	now, err := c.current()
	want, ok := c.snapshot.Folders[top]
	return err == nil && ok && now.Folders[top] == want
}
