// Package buildcache is the store of what builds made of each bureau, in
// the cache folder of a site (the user's cache folder, or --cache-dir;
// never beside or inside the published site): for each bureau, the bureau
// as the pages of the whole site read it (budget.Report.DropDetail), its
// problems, its rows of the site-wide tables, its part of the search
// index (an entry), and every file of its folder of the site (hard links
// to the files the build wrote, or a pack where links are not possible:
// links.go).
// With it, `disclose build` after an edit reads and renders only the
// bureaus that changed: an unchanged bureau's folder is taken from the
// destination as it is, or, where the destination lacks it or was
// changed (a fresh clone with the cache folder restored, as in CI; a page
// deleted on the server), written again from the store.
//
// Entries and folders are filed under a key that the caller derives from
// the contents of everything the bureau's output depends on (its files,
// site.toml, theme, program, options; see package stamp): the store is
// content-addressed, and an entry is right for any destination. For each
// destination a manifest, written only after a build's folder was swapped
// in, says which key each bureau folder there was built from, with a
// snapshot of every file the build left there: a failed or interrupted
// build leaves nothing that a later build would take for what is on disk.
package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// Entry is what one bureau contributed to a build.
type Entry struct {
	Bureau *budget.Bureau // thinned by DropDetail
	Diags  diag.List      // with their source lines
	Rows   opendata.Rows  // its reports' rows of the site-wide tables
	Search []byte         // its part of the search index (discover.Index.Encode)
	Head   Head           // what LoadHead reads without the rest (entry.go)
}

// version changes when the meaning of the files does (8: an entry's
// model is the bureau's gob message and then each report's).
const version = 8

type manifest struct {
	Version int               `json:"version"`
	Bureaus map[string]string `json:"bureaus"` // slug → key
	Whole   *Whole            `json:"whole,omitempty"`
}

// Cache is the store of a site's cache folder, for one build into one
// destination. A nil Cache keeps nothing: a build without a cache.
type Cache struct {
	root     string            // the site's cache folder
	store    string            // its entries and packs, by key
	destDir  string            // its folder for dest: the manifest and the snapshot
	dest     string            // the destination
	built    map[string]string // slug → key the destination's files were built from
	snapshot stamp.Snapshot    // the files the last build left in dest
	fresh    bool              // take nothing from the store (New)
	whole    *Whole            // what the last build made of the whole site (whole.go)

	mu        sync.Mutex
	next      map[string]string // the same, for the build under way
	kept      map[string]bool   // bureaus whose folders this build took as they were
	findings  map[string]bool   // keys of the findings this run took or stored
	copies    map[string]bool   // names of the compressed copies this run used
	nextWhole *Whole            // what this build made of the whole site

	noLinks atomic.Bool // a link into the store failed for want of links: packs only

	// current digests the destination's files as they are, once, when
	// CheckAhead asked for it; nil otherwise (each check walks then).
	current func() (stamp.Snapshot, error)
}

// DestDir is the folder of the site's cache folder root that holds what
// is known of the destination dest (the manifest, the snapshot of its
// files, the record of the last build into it).
func DestDir(root, dest string) string {
	abs, err := filepath.Abs(dest)
	if err != nil {
		abs = dest
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(root, "dest-"+hex.EncodeToString(sum[:8]))
}

// New returns the cache of the site's cache folder root for a build into
// dest that takes nothing from it (--force): every bureau is built, and
// kept for the next build.
func New(root, dest string) *Cache {
	c := newCache(root, dest)
	c.fresh = true
	return c
}

func newCache(root, dest string) *Cache {
	return &Cache{root: root, store: filepath.Join(root, "store"), destDir: DestDir(root, dest), dest: filepath.Clean(dest),
		built: map[string]string{}, next: map[string]string{}, kept: map[string]bool{}}
}

// OpenStore returns the store of the site's cache folder root for a run
// that writes no destination (serve): Load, Restore and Store only.
func OpenStore(root string) *Cache {
	c := newCache(root, "")
	c.destDir, c.dest = "", ""
	return c
}

// Open reads the cache kept in root for dest. What is missing or of
// another version is empty.
func Open(root, dest string) *Cache {
	c := newCache(root, dest)
	m, ok := readManifest(filepath.Join(c.destDir, "manifest.json"))
	if !ok {
		return c
	}
	c.built, c.whole = m.Bureaus, m.Whole
	c.snapshot = stamp.LoadSnapshot(c.destDir)
	return c
}

func readManifest(file string) (manifest, bool) {
	var m manifest
	data, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(data, &m) != nil || m.Version != version || m.Bureaus == nil {
		return manifest{}, false
	}
	return m, true
}

// Intact reports whether every file of the destination is as the last
// build into it left it.
func (c *Cache) Intact() bool {
	if c == nil {
		return false
	}
	if c.current == nil {
		return c.snapshot.Intact(c.dest, "")
	}
	now, err := c.current()
	return err == nil && c.snapshot.Equal(now)
}

// CheckAhead starts digesting the destination's files in the background,
// once for Intact and every Keep: `disclose build` asks while it hashes
// the sources, so that with nothing changed the two take the time of the
// longer, and after an edit each kept folder is not walked again (at
// 10,000 reports, 87,000 files: a quarter of a second of CPU). Nothing
// may write into the destination until the build is over, as before.
func (c *Cache) CheckAhead() {
	if c == nil || len(c.snapshot.Folders) == 0 {
		return // nothing of it can be as a last build left it
	}
	c.current = sync.OnceValues(func() (stamp.Snapshot, error) { return stamp.TakeListed(c.dest) })
	go c.current()
}

// folderIntact reports whether the destination's folder slug is as the
// last build left it.
func (c *Cache) folderIntact(slug string) bool {
	if c.current == nil {
		return c.snapshot.Intact(c.dest, slug)
	}
	now, err := c.current()
	want, ok := c.snapshot.Folders[slug]
	return err == nil && ok && now.Folders[slug] == want
}

// AsLeft reports whether the destination's top-level entry top ("" for
// the files at the top) is as the last build left it, by the check
// CheckAhead started: its files are the ones that build synced before
// publishing them (output.FileSet.SyncedDest). False when unknown.
func (c *Cache) AsLeft(top string) bool {
	if c == nil || c.current == nil {
		return false
	}
	return c.folderIntact(top)
}

// listed returns the files of the destination's folder slug as the
// check ahead found them (nil: unknown, Keep walks the folder).
func (c *Cache) listed(slug string) []string {
	if c.current == nil {
		return nil
	}
	now, err := c.current()
	if err != nil {
		return nil
	}
	return now.Files[slug]
}

// Load returns what the bureau contributed to a build under key; false
// when there is no such entry (the bureau must be built). The bureau's
// files are then to be taken by Keep or Restore.
func (c *Cache) Load(key string) (*Entry, bool) {
	if c == nil || key == "" || c.fresh {
		return nil, false
	}
	data, err := os.ReadFile(c.file(key, ".gob"))
	if err != nil {
		return nil, false
	}
	e, err := decode(data, true)
	if err != nil {
		return nil, false
	}
	return e, true
}

// LoadParts is Load without the model (Bureau nil): the rows and the
// search part, for a build that takes each bureau's model from its
// head's site model and so decodes no gob.
func (c *Cache) LoadParts(key string) (*Entry, bool) {
	if c == nil || key == "" || c.fresh {
		return nil, false
	}
	data, err := os.ReadFile(c.file(key, ".gob"))
	if err != nil {
		return nil, false
	}
	e, err := decode(data, false)
	if err != nil {
		return nil, false
	}
	return e, true
}

// Keep takes the bureau's folder of the destination into files
// (output.FileSet.Keep) when the last build into it made that folder
// under key and it is still as that build left it; false when it cannot.
func (c *Cache) Keep(slug, key string, files *output.FileSet) bool {
	if c == nil || key == "" || c.built[slug] != key || !c.folderIntact(slug) {
		return false
	}
	if listed := c.listed(slug); listed != nil {
		if files.KeepListed(slug, listed) != nil {
			return false
		}
	} else if files.Keep(slug) != nil {
		return false
	}
	c.mu.Lock()
	c.next[slug] = key
	c.kept[slug] = true
	c.mu.Unlock()
	return true
}

// Restore puts the files of the bureau's folder, as a build under key
// made them, into files from the store: linked into a staged set (a
// fresh clone copies nothing), read into a set held in memory. False when
// it cannot, or when a file of it is not as it was stored (then nothing
// was put, and the bureau is to be rendered again).
func (c *Cache) Restore(slug, key string, files *output.FileSet) bool {
	if c == nil || key == "" {
		return false
	}
	if !c.restoreLinks(slug, key, files) {
		data, err := os.ReadFile(c.file(key, ".pack"))
		if err != nil {
			return false
		}
		paths, contents, err := unpack(data, slug)
		if err != nil {
			return false
		}
		for i, p := range paths {
			files.Add(p, contents[i])
		}
	}
	c.mu.Lock()
	c.next[slug] = key
	c.mu.Unlock()
	return true
}

// Store keeps what a bureau built under key contributed, and the files
// of its folder (folder: paths below the site root, all under slug/).
// When staged is a staged set that holds folder's files (put there
// before the call), they are hard-linked into the store; else, or where
// links are not possible, they are copied into a pack. A store that
// cannot be written only makes a later build slower. It sets e.Head's
// Site and Years (entry.go), which the caller reads after.
func (c *Cache) Store(slug, key string, e *Entry, folder, staged *output.FileSet) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	delete(c.kept, slug) // built after all: its folder is new
	c.mu.Unlock()
	data, err := encode(e, folder.Paths())
	if err != nil || os.MkdirAll(c.store, 0o755) != nil {
		return
	}
	// The files first: an entry is never found without them. The other
	// kind, from a build under the same key elsewhere, goes.
	if c.storeLinks(key, folder, staged) {
		os.Remove(c.file(key, ".pack"))
	} else {
		// The pack's buffer is used again for the next once written:
		// serve's first run packs every bureau it renders.
		buf, _ := packs.Take()
		files, err := packInto(buf, folder)
		if err != nil {
			return
		}
		err = stamp.WriteFile(c.file(key, ".pack"), files)
		if cap(files) <= maxPackBuffer {
			packs.Give(files)
		}
		if err != nil {
			return
		}
		os.RemoveAll(c.file(key, linkedExt))
		if staged != nil {
			staged.SyncAlso(c.file(key, ".pack"))
		}
	}
	if stamp.WriteFile(c.file(key, ".gob"), data) != nil {
		return
	}
	if staged != nil {
		// With the site, as syncfs of its file system had it.
		staged.SyncAlso(c.file(key, ".gob"), c.store)
	}
	c.mu.Lock()
	c.next[slug] = key
	c.mu.Unlock()
}

// Commit records, once the build's folder is the destination, which key
// each bureau's files there were built from and what every file there is,
// and deletes the entries no bureau has any longer. It returns the
// snapshot of the destination.
func (c *Cache) Commit() (stamp.Snapshot, error) {
	if c.destDir == "" {
		return stamp.Snapshot{}, errors.New("buildcache: a store opened without a destination has nothing to commit")
	}
	// Folders taken as they were are not walked again: their files are
	// the ones Keep checked.
	c.mu.Lock()
	kept := maps.Clone(c.kept)
	m := manifest{Version: version, Bureaus: maps.Clone(c.next), Whole: c.nextWhole}
	c.mu.Unlock()
	// Dead entries go before the snapshot is taken: a file of the store
	// may be a file of the destination too (a hard link), and deleting
	// one of its names changes its change time, which the snapshot
	// records. A build killed between the two leaves a manifest naming
	// entries that are gone: misses, never a wrong file.
	c.collect(m)
	snap, err := stamp.Take(c.dest, c.snapshot, func(folder string) bool { return kept[folder] })
	if err != nil {
		return snap, err
	}
	if err := os.MkdirAll(c.destDir, 0o755); err != nil {
		return snap, err
	}
	// The snapshot first: a manifest is never read without the snapshot
	// of the files it speaks of.
	if err := stamp.SaveSnapshot(c.destDir, snap); err != nil {
		return snap, err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return snap, err
	}
	if err := stamp.WriteFile(filepath.Join(c.destDir, "manifest.json"), data); err != nil {
		return snap, err
	}
	return snap, nil
}

// collect deletes the entries, packs and linked folders that neither
// this build nor the last build into another destination of the site
// uses, and what a build killed while writing one left (.tmp-…).
func (c *Cache) collect(m manifest) {
	keep := map[string]bool{}
	for _, k := range m.Bureaus {
		keep[k] = true
	}
	others, _ := filepath.Glob(filepath.Join(c.root, "dest-*", "manifest.json"))
	for _, f := range others {
		if o, ok := readManifest(f); ok && filepath.Dir(f) != c.destDir {
			for _, k := range o.Bureaus {
				keep[k] = true
			}
		}
	}
	c.PruneFindings()
	c.pruneCompressed()
	entries, _ := os.ReadDir(c.store)
	for _, e := range entries {
		n := e.Name()
		key := n
		for _, ext := range []string{".gob", ".pack", linkedExt} {
			if k, ok := strings.CutSuffix(n, ext); ok {
				key = k
				break
			}
		}
		if strings.HasPrefix(n, ".tmp-") || key != n && !keep[key] {
			os.RemoveAll(filepath.Join(c.store, n))
		}
	}
}

func (c *Cache) file(key, ext string) string { return filepath.Join(c.store, key+ext) }

// The precompressed copies of the theme's assets (package precompress)
// are kept in the folder compressed/ of the site's cache folder, by the
// digest of the asset and of the encoders: brotli at its best quality
// takes seconds for the ECharts build, which a rebuild need not spend
// again. A file there is the SHA-256 of the copy, then the copy: a
// damaged file is compressed again, never published.

// Compressed returns the copy kept under name (see package precompress);
// false when there is none or it is damaged, and always for a build that
// takes nothing from the store (--force).
func (c *Cache) Compressed(name string) ([]byte, bool) {
	if c == nil || c.fresh || !validCopyName(name) {
		return nil, false
	}
	c.UseCompressed(name)
	data, err := os.ReadFile(filepath.Join(c.root, "compressed", name))
	if err != nil || len(data) < sha256.Size {
		return nil, false
	}
	if sum := sha256.Sum256(data[sha256.Size:]); !bytes.Equal(sum[:], data[:sha256.Size]) {
		return nil, false
	}
	return data[sha256.Size:], true
}

// KeepCompressed keeps a copy under name. A copy that cannot be written
// only makes a later build slower.
func (c *Cache) KeepCompressed(name string, data []byte) {
	if c == nil || !validCopyName(name) {
		return
	}
	c.UseCompressed(name)
	sum := sha256.Sum256(data)
	stamp.WriteFile(filepath.Join(c.root, "compressed", name), append(sum[:], data...))
}

// UseCompressed tells that this build uses the copy under name: Commit
// deletes the copies the build did not use.
func (c *Cache) UseCompressed(name string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if c.copies == nil {
		c.copies = map[string]bool{}
	}
	c.copies[name] = true
	c.mu.Unlock()
}

// validCopyName: a copy's name is a plain file name.
func validCopyName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `/\`) && !strings.HasPrefix(name, ".tmp-")
}

// pruneCompressed deletes the copies this build did not use (a theme
// changed since), and the files of a build killed while writing one.
func (c *Cache) pruneCompressed() {
	dir := filepath.Join(c.root, "compressed")
	entries, _ := os.ReadDir(dir)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		if !c.copies[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Findings is what checking one bureau folder found: what `disclose
// check` shows of it. Builds store them for the bureaus they read, so a
// check after a build reads nothing again, and checks store theirs.
type Findings struct {
	Bureau  bool      `json:"bureau"` // the folder is a bureau (not only problems)
	Reports int       `json:"reports"`
	Diags   diag.List `json:"diags"` // with their source lines, before --strict
}

// findingsVersion changes when the meaning of Findings does.
const findingsVersion = 1

type findingsFile struct {
	Version int `json:"version"`
	Findings
}

// LoadFindings returns the findings stored under key.
func (c *Cache) LoadFindings(key string) (Findings, bool) {
	if c == nil || key == "" {
		return Findings{}, false
	}
	c.UseFindings(key)
	var f findingsFile
	data, err := os.ReadFile(c.file(key, ".check"))
	if err != nil || json.Unmarshal(data, &f) != nil || f.Version != findingsVersion {
		return Findings{}, false
	}
	return f.Findings, true
}

// StoreFindings keeps the findings of a bureau folder under key.
func (c *Cache) StoreFindings(key string, f Findings) {
	if c == nil || key == "" {
		return
	}
	c.UseFindings(key)
	data, err := json.Marshal(findingsFile{findingsVersion, f})
	if err != nil || os.MkdirAll(c.store, 0o755) != nil {
		return
	}
	stamp.WriteFile(c.file(key, ".check"), data)
}

// UseFindings marks the findings under key as of use (PruneFindings
// keeps them), without reading them.
func (c *Cache) UseFindings(key string) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.findings == nil {
		c.findings = map[string]bool{}
	}
	c.findings[key] = true
}

// PruneFindings deletes the stored findings that this run neither took
// nor stored: those of folders changed or gone since. Every build and
// check works out the key of every bureau, so what it did not use is of
// no use.
func (c *Cache) PruneFindings() {
	if c == nil {
		return
	}
	c.mu.Lock()
	used := c.findings
	c.mu.Unlock()
	if len(used) == 0 {
		return // a run that worked out no key (no program digest): it knows nothing of use
	}
	entries, _ := os.ReadDir(c.store)
	for _, e := range entries {
		if key, ok := strings.CutSuffix(e.Name(), ".check"); ok && !used[key] {
			os.Remove(filepath.Join(c.store, e.Name()))
		}
	}
}
