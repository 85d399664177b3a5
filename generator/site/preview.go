package site

import (
	"maps"
	"slices"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/render"
)

// Preview is what `disclose serve` keeps between ModePreview runs: the last
// good site, what each bureau contributed to it and under which key, and
// the keys of the bureau folders that did not change since they were
// worked out (the watcher tells which did: Changed). A run starts from a
// copy of the last good site and makes again only the bureaus whose key
// changed; a run that fails leaves the Preview as it was.
type Preview struct {
	mu      sync.Mutex
	files   *output.FileSet         // the last good site; nil before the first
	global  string                  // the key of what every bureau's part of it depends on
	bureaus map[string]previewEntry // slug → what the bureau contributed to it
	keys    map[string]string       // slug → the key of its folder, while unchanged
}

type previewEntry struct {
	key string
	e   *buildcache.Entry
}

// NewPreview returns the Preview of a site not yet built.
func NewPreview() *Preview {
	return &Preview{bureaus: map[string]previewEntry{}, keys: map[string]string{}}
}

// Changed tells that files under the folders of these bureaus changed:
// their keys are worked out again by the next run.
func (p *Preview) Changed(slugs ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range slugs {
		delete(p.keys, s)
	}
}

// ChangedAll tells that any folder may have changed (the watcher lost
// track): every key is worked out again.
func (p *Preview) ChangedAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = map[string]string{}
}

func (p *Preview) knownKey(slug string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	k, ok := p.keys[slug]
	return k, ok
}

func (p *Preview) setKey(slug, key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys[slug] = key
}

// empty reports whether there is no last good site yet.
func (p *Preview) empty() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.files == nil
}

// start returns the files a run makes the site into: a copy of the last
// good site when every bureau's part of it depends on the same (global),
// else a new set.
func (p *Preview) start(global string) *output.FileSet {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.files == nil || global == "" || global != p.global {
		return output.NewFileSet()
	}
	return p.files.Clone()
}

// removeGone takes out of files (a copy of the last good site) the
// folders of the bureaus that are no longer among folders, and the pages
// of the whole site, which the run makes again.
func (p *Preview) removeGone(files *output.FileSet, folders []string) {
	now := map[string]bool{}
	for _, f := range folders {
		now[f] = true
	}
	p.mu.Lock()
	var gone []string
	for slug := range p.bureaus {
		if !now[slug] {
			gone = append(gone, slug+"/")
		}
	}
	p.mu.Unlock()
	if len(gone) > 0 {
		files.RemoveUnder(gone, nil)
	}
	for _, page := range files.Groups() {
		if render.SitePage(page) {
			files.RemoveGroup(page)
		}
	}
}

// commit makes a good run's site the last good one.
func (p *Preview) commit(files *output.FileSet, global string, bureaus map[string]previewEntry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files, p.global, p.bureaus = files, global, bureaus
}

// previewReuse reuses, in a ModePreview run, the bureaus of the last good
// site whose key is the same, then those of the store (package
// buildcache: what builds and earlier serves made), and keeps what the
// run made. A bureau taken from the store is lazy: its files stay in the
// store until a browser asks for one of them (Result.Finish), so
// that serve starts at once after a build and holds in memory only the
// pages someone looked at. So is, on the first run with a store, every
// bureau made: its files go to the store, not into memory.
type previewReuse struct {
	p     *Preview
	store *buildcache.Cache
	first bool // no last good site: the first run of a serve
	mu    sync.Mutex
	run   map[string]previewEntry // slug → what the bureau contributes to this run
	lazy  map[string]string       // slug → key of a bureau whose files are still in the store
}

func (r *previewReuse) reuse(slug, key string, files *output.FileSet) (*buildcache.Entry, bool) {
	r.p.mu.Lock()
	last, ok := r.p.bureaus[slug]
	r.p.mu.Unlock()
	if ok && last.key == key {
		// Its files are in the copy of the last good site, unless they
		// were never asked for.
		r.record(slug, last, !files.Has(permalink.Bureau(slug)))
		return last.e, true
	}
	e, ok := r.store.Load(key)
	if !ok {
		return nil, false
	}
	files.RemoveUnder([]string{slug + "/"}, nil)
	r.record(slug, previewEntry{key, e}, true)
	return e, true
}

func (r *previewReuse) keep(slug, key string, e *buildcache.Entry, folder, files *output.FileSet) {
	r.store.Store(slug, key, e, folder, nil) // held in memory: a pack
	aside := r.aside()
	r.record(slug, previewEntry{key, e}, aside)
	if !aside {
		files.AddAll(folder)
	}
}

// aside reports whether keep keeps every folder aside, in the store
// only: the first run of a serve with a store.
func (r *previewReuse) aside() bool { return r.first && r.store != nil }

func (r *previewReuse) record(slug string, pe previewEntry, lazy bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run[slug] = pe
	if lazy {
		r.lazy[slug] = pe.key
	}
}

// lazyPages lists the pages of the lazy bureaus among bureaus, sorted.
func (r *previewReuse) lazyPages(bureaus []*budget.Bureau) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pages []string
	for _, b := range bureaus {
		if _, ok := r.lazy[b.Slug]; ok {
			pages = append(pages, permalink.Bureau(b.Slug))
			for _, rep := range b.Reports {
				pages = append(pages, permalink.Report(b.Slug, rep.Year))
			}
		}
	}
	slices.Sort(pages)
	return pages
}

// restore puts the files of a lazy bureau into files, once; make renders
// them instead when the store cannot give them (removed, or altered).
func (r *previewReuse) restore(slug string, files *output.FileSet, make func(slug string) diag.List) diag.List {
	r.mu.Lock()
	key, ok := r.lazy[slug]
	delete(r.lazy, slug)
	r.mu.Unlock()
	if !ok || r.store.Restore(slug, key, files) {
		return nil
	}
	return make(slug)
}

// slugs lists the lazy bureaus.
func (r *previewReuse) slugs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.lazy))
}
