package load

import (
	"io/fs"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
)

// Site reads content/ from fsys (the source root) into a model.
func Site(fsys fs.FS) (*budget.Site, diag.List) { return siteWith(fsys, nil) }

// Cache keeps the bureaus that Site read, for the next read of the same
// source (serve's rebuilds): a bureau whose folder did not change is taken
// as it was, with the problems found in it, instead of being read and
// parsed again. Reading is most of a rebuild of a large site.
type Cache struct {
	mu      sync.Mutex
	bureaus map[string]cached
}

type cached struct {
	b     *budget.Bureau
	diags diag.List
	unit  budget.Unit // the site's unit it was read with
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{bureaus: map[string]cached{}} }

// Site reads like Site. stale tells which bureau folders (by slug) changed
// since the previous call; nil means any may have. Bureaus that are not
// stale and were read before with the same site unit are reused: the
// caller must not change them.
func (c *Cache) Site(fsys fs.FS, stale func(slug string) bool) (*budget.Site, diag.List) {
	call := &cacheCall{c: c, stale: stale, seen: map[string]bool{}}
	s, diags := siteWith(fsys, call)
	c.mu.Lock()
	for slug := range c.bureaus {
		if !call.seen[slug] { // the folder is gone
			delete(c.bureaus, slug)
		}
	}
	c.mu.Unlock()
	return s, diags
}

// cacheCall is one Site call through a cache.
type cacheCall struct {
	c     *Cache
	stale func(string) bool
	mu    sync.Mutex
	seen  map[string]bool
}

// bureau reads a bureau folder, or takes it from the cache. A nil
// cacheCall reads.
func (call *cacheCall) bureau(fsys fs.FS, slug string, unit budget.Unit, diags *diag.List) *budget.Bureau {
	if call == nil {
		return loadBureau(fsys, slug, unit, diags)
	}
	call.mu.Lock()
	call.seen[slug] = true
	call.mu.Unlock()
	c := call.c
	c.mu.Lock()
	e, ok := c.bureaus[slug]
	c.mu.Unlock()
	if ok && e.unit == unit && call.stale != nil && !call.stale(slug) {
		*diags = append(*diags, e.diags...)
		return e.b
	}
	var mine diag.List
	b := loadBureau(fsys, slug, unit, &mine)
	*diags = append(*diags, mine...)
	c.mu.Lock()
	c.bureaus[slug] = cached{b: b, diags: mine, unit: unit}
	c.mu.Unlock()
	return b
}
