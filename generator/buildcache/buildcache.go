// Package buildcache keeps, in a build's cache folder (the user's cache
// folder, or --cache-dir; never beside or inside the published site), what
// each bureau contributed to the last build: the bureau as the pages of
// the whole site read it (budget.Report.DropDetail), its problems, its
// rows of the site-wide tables and its part of the search index. With it,
// `disclose build` after an edit reads and renders only the bureaus that
// changed; an unchanged bureau's folder is taken from the destination as
// it is and its contribution from here.
//
// An entry is filed under a key that the caller derives from the contents
// of everything the bureau's output depends on (its files, site.toml,
// theme, program, options; see package stamp). A manifest, written only
// after a build's folder was swapped in, says which key each bureau folder
// of the destination was built from, with a snapshot of every file the
// build left there: a bureau whose folder was changed since (a page
// deleted or edited on the server) is built again, and a failed or
// interrupted build leaves nothing that a later build would take for
// what is on disk.
package buildcache

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// Entry is what one bureau contributed to a build.
type Entry struct {
	Bureau *budget.Bureau // thinned by DropDetail
	Diags  diag.List      // with their source lines
	Rows   opendata.Rows  // its reports' rows of the site-wide tables
	Search []byte         // its part of the search index (discover.Index.Encode)
}

// version changes when the meaning of the files does.
const version = 2

type manifest struct {
	Version int               `json:"version"`
	Bureaus map[string]string `json:"bureaus"` // slug → key
}

// Cache is the cache of one destination folder, for one build. Load and
// Store on a nil Cache do nothing: a build without a cache.
type Cache struct {
	root      string            // the build's cache folder: the snapshot of dest
	dir, dest string            // the entries and manifest; the destination
	built     map[string]string // slug → key the destination's files were built from
	snapshot  stamp.Snapshot    // the files the last build left in dest

	mu   sync.Mutex
	next map[string]string // the same, for the build under way
	kept map[string]bool   // bureaus whose folders this build took as they were
}

// New returns an empty cache in dir for the destination dest: every
// bureau is built, and kept for the next build.
func New(dir, dest string) *Cache {
	return &Cache{root: dir, dir: filepath.Join(dir, "bureaus"), dest: filepath.Clean(dest), built: map[string]string{}, next: map[string]string{}, kept: map[string]bool{}}
}

// Open reads the cache kept in dir for dest. A cache that is missing or
// of another version is empty (New).
func Open(dir, dest string) *Cache {
	c := New(dir, dest)
	data, err := os.ReadFile(filepath.Join(c.dir, "manifest.json"))
	var m manifest
	if err != nil || json.Unmarshal(data, &m) != nil || m.Version != version {
		return c
	}
	if m.Bureaus != nil {
		c.built = m.Bureaus
	}
	c.snapshot = stamp.LoadSnapshot(c.root)
	return c
}

// Intact reports whether every file of the destination is as the last
// build into it left it.
func (c *Cache) Intact() bool { return c.snapshot.Intact(c.dest, "") }

// Load returns what the bureau contributed to the build that wrote the
// destination, when that build had the same key and the bureau's folder
// in the destination is as that build left it; false when the bureau
// must be built. A loaded entry is kept for the next build (Commit).
func (c *Cache) Load(slug, key string) (*Entry, bool) {
	if c == nil || key == "" || c.built[slug] != key {
		return nil, false
	}
	if !c.snapshot.Intact(c.dest, slug) {
		return nil, false
	}
	data, err := os.ReadFile(c.file(key))
	if err != nil {
		return nil, false
	}
	e, err := decode(data)
	if err != nil {
		return nil, false
	}
	c.mu.Lock()
	c.next[slug] = key
	c.kept[slug] = true
	c.mu.Unlock()
	return e, true
}

// Store keeps what a bureau built under key contributed. A cache that
// cannot be written only makes the next build slower.
func (c *Cache) Store(slug, key string, e *Entry) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	delete(c.kept, slug) // built after all: its folder is new
	c.mu.Unlock()
	data, err := encode(e)
	if err != nil || os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	if stamp.WriteFile(c.file(key), data) == nil {
		c.mu.Lock()
		c.next[slug] = key
		c.mu.Unlock()
	}
}

// Commit records, once the build's folder is the destination, which key
// each bureau's files there were built from and what every file there is,
// and deletes the entries no bureau has any longer. It returns the
// snapshot of the destination.
func (c *Cache) Commit() (stamp.Snapshot, error) {
	// Folders taken as they were are not walked again: their files are
	// the ones Load checked.
	c.mu.Lock()
	kept := maps.Clone(c.kept)
	c.mu.Unlock()
	snap, err := stamp.Take(c.dest, c.snapshot, func(folder string) bool { return kept[folder] })
	if err != nil {
		return snap, err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return snap, err
	}
	// The snapshot first: a manifest is never read without the snapshot
	// of the files it speaks of.
	if err := stamp.SaveSnapshot(c.root, snap); err != nil {
		return snap, err
	}
	c.mu.Lock()
	m := manifest{Version: version, Bureaus: c.next}
	c.mu.Unlock()
	data, err := json.Marshal(m)
	if err != nil {
		return snap, err
	}
	if err := stamp.WriteFile(filepath.Join(c.dir, "manifest.json"), data); err != nil {
		return snap, err
	}
	keep := map[string]bool{}
	for _, k := range m.Bureaus {
		keep[k+".gob"] = true
	}
	entries, _ := os.ReadDir(c.dir)
	for _, e := range entries {
		// Entries of bureaus gone or changed, and files of a build killed while writing one.
		if n := e.Name(); strings.HasSuffix(n, ".gob") && !keep[n] || strings.HasPrefix(n, ".tmp-") {
			os.Remove(filepath.Join(c.dir, n))
		}
	}
	return snap, nil
}

func (c *Cache) file(key string) string { return filepath.Join(c.dir, key+".gob") }

// encode writes an entry with gob. The model's back links (a report's
// bureau, a fund item's project) are restored by decode; gob leaves out
// the position callbacks, which DropDetail cleared.
func encode(e *Entry) ([]byte, error) {
	b := *e.Bureau
	b.Reports = make([]*budget.Report, len(e.Bureau.Reports))
	for i, r := range e.Bureau.Reports {
		cp := *r
		cp.Bureau = nil // gob cannot follow a cycle
		b.Reports[i] = &cp
	}
	detached := *e
	detached.Bureau = &b
	var buf bytes.Buffer
	buf.Write(make([]byte, 4)) // the checksum, below
	if err := gob.NewEncoder(&buf).Encode(&detached); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	binary.LittleEndian.PutUint32(data, crc32.Checksum(data[4:], castagnoli))
	return data, nil
}

// castagnoli is the CRC of every entry: a damaged file is built again,
// never taken for a bureau's part of the site.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var errDamaged = errors.New("buildcache: damaged entry")

func decode(data []byte) (*Entry, error) {
	if len(data) < 4 || binary.LittleEndian.Uint32(data) != crc32.Checksum(data[4:], castagnoli) {
		return nil, errDamaged
	}
	var e Entry
	if err := gob.NewDecoder(bytes.NewReader(data[4:])).Decode(&e); err != nil {
		return nil, err
	}
	if e.Bureau == nil || len(e.Rows) != len(opendata.TableNames) {
		return nil, errDamaged
	}
	for _, r := range e.Bureau.Reports {
		if r == nil {
			return nil, errDamaged
		}
		r.Bureau = e.Bureau
		if r.Funds == nil {
			continue
		}
		for _, src := range r.Funds.Sources {
			for _, it := range src.Items {
				if it != nil && it.Project != nil {
					it.Project = r.Project(it.ProjectID) // one object, as validate linked it
				}
			}
		}
	}
	return &e, nil
}
