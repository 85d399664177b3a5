// Package watch tells the serve loop when the source tree changed: it
// watches content/, static/ and themes/ recursively (with fsnotify, or by
// polling), drops the files that editors and systems leave behind, and
// hands over de-duplicated batches of changes once the tree is quiet.
//
// The decisions live in pure functions (Classify, Batcher) so that they
// can be tested without a file system or a clock.
package watch

import (
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// Kind is what part of the site a changed path belongs to; it tells how
// much a rebuild must redo.
type Kind uint8

const (
	// Content is a bureau's data, narrative or attachment under content/.
	Content Kind = 1 << iota
	// Config is content/site.toml: it can change every page.
	Config
	// Static is a file under static/, copied as it is.
	Static
	// Theme is a file of the theme in use: it can change every page.
	Theme
)

func (k Kind) String() string {
	var parts []string
	for _, n := range []struct {
		k    Kind
		name string
	}{{Content, "content"}, {Config, "config"}, {Static, "static"}, {Theme, "theme"}} {
		if k&n.k != 0 {
			parts = append(parts, n.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// Op is what happened to a path, as the file system reported it.
type Op uint8

const (
	Create Op = 1 << iota
	Write
	Remove
	Rename // the path was renamed away (its new name gets a Create)
	Chmod
)

// Event is one report of the file system about a path relative to the
// source folder (slash-separated).
type Event struct {
	Path string
	Op   Op
}

// Classify tells whether a change at rel (slash-separated, relative to
// the source folder) matters for a site using theme, and to which part of
// it. Editor temporary, swap and backup files, hidden files, and
// everything outside content/, static/ and themes/<theme>/ do not matter.
func Classify(rel, theme string) (Kind, bool) {
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if Ignored(p) {
			return 0, false
		}
	}
	switch parts[0] {
	case "content":
		if rel == "content/site.toml" {
			return Config, true
		}
		return Content, true
	case "static":
		return Static, true
	case "themes":
		if len(parts) == 1 || parts[1] == theme {
			return Theme, true
		}
	}
	return 0, false
}

// sedTemp matches the temporary file GNU sed -i writes beside the file it
// edits before renaming it over the original.
var sedTemp = regexp.MustCompile(`^sed[A-Za-z0-9]{6}$`)

// Ignored reports names that editors and systems leave behind: hidden
// files (.swp of vim, .#lock of emacs, .goutputstream of gedit), backups
// (name~, .bak, .orig), vim's 4913 probe, JetBrains' ___jb_tmp___ and
// ___jb_old___ files, sed -i's sedXXXXXX, and the like.
func Ignored(name string) bool {
	switch {
	case name == "":
		return false
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasSuffix(name, "~"):
		return true
	case name == "4913", name == "Thumbs.db", name == "desktop.ini":
		return true
	case sedTemp.MatchString(name):
		return true
	}
	for _, suf := range []string{".swp", ".swo", ".swx", ".swn", ".tmp", ".bak", ".orig", ".crswap", ".vsctmp",
		"___jb_tmp___", "___jb_old___", ".kate-swp", ".part"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// Net is what a batch of events did to one path, all told.
type Net uint8

const (
	Added Net = iota + 1
	Modified
	Removed
)

func (n Net) String() string {
	switch n {
	case Added:
		return "added"
	case Modified:
		return "changed"
	case Removed:
		return "removed"
	}
	return "?"
}

// Change is the net effect of a batch on one path.
type Change struct {
	Path string
	Kind Kind
	Net  Net
}

// Batch is the set of changes a rebuild answers to, sorted by path.
type Batch struct {
	Changes []Change
	// Overflow is set when the watcher lost events: rebuild everything.
	Overflow bool
}

// Kinds is the union of the changes' kinds.
func (b Batch) Kinds() Kind {
	var k Kind
	for _, c := range b.Changes {
		k |= c.Kind
	}
	if b.Overflow {
		k |= Content | Config | Static | Theme
	}
	return k
}

// Empty reports whether nothing needs rebuilding.
func (b Batch) Empty() bool { return len(b.Changes) == 0 && !b.Overflow }

// String is Text in English.
func (b Batch) String() string { return b.Text().In(i18n.En) }

// Text is a short summary for the terminal: up to three changes by
// path (a folder added or removed stands for what is in it), otherwise a
// count.
func (b Batch) Text() i18n.Text {
	if b.Overflow {
		return i18n.T("watch.overflow")
	}
	var shown []i18n.Text
	net := map[string]Net{}
	for _, c := range b.Changes {
		net[c.Path] = c.Net
	}
	for _, c := range b.Changes {
		covered := false
		for dir := path.Dir(c.Path); dir != "." && dir != "/"; dir = path.Dir(dir) {
			if n, ok := net[dir]; ok && n == c.Net && n != Modified {
				covered = true
				break
			}
		}
		if !covered {
			shown = append(shown, i18n.T("watch.change", c.Path, i18n.T("watch."+c.Net.String())))
		}
	}
	switch len(shown) {
	case 0:
		return i18n.T("watch.nothing")
	case 1:
		return shown[0]
	case 2:
		return i18n.T("watch.two", shown[0], shown[1])
	case 3:
		return i18n.T("watch.three", shown[0], shown[1], shown[2])
	}
	return i18n.T("watch.many", len(b.Changes), b.Kinds().String(), shown[0], shown[1])
}

// Batcher gathers events into a batch and tells when the batch is due:
// Quiet after the last relevant event (editors write a file in several
// steps), but at most Max after the first (so that a stream of writes
// still shows). It takes the time as an argument and is not safe for
// concurrent use: the watch loop owns it.
type Batcher struct {
	Quiet, Max time.Duration
	// Theme is the theme in use, for Classify.
	Theme string

	pending     map[string]*entry
	known       map[string]bool // paths that exist, as far as events tell
	overflow    bool
	first, last time.Time
}

type entry struct {
	kind    Kind
	existed bool // before the batch
	last    Op
}

// Seed tells the batcher which paths exist before any event, so that a
// file replaced by renaming another over it (which only reports the
// creation of its name) counts as changed rather than added.
func (b *Batcher) Seed(paths []string) {
	if b.known == nil {
		b.known = map[string]bool{}
	}
	for _, p := range paths {
		b.known[p] = true
	}
}

// Add records an event at time now and reports whether it matters.
func (b *Batcher) Add(ev Event, now time.Time) bool {
	if ev.Op&^Chmod == 0 { // attribute changes (touch, chmod) do not change the site
		return false
	}
	kind, ok := Classify(ev.Path, b.Theme)
	if !ok {
		return false
	}
	if b.pending == nil {
		b.pending = map[string]*entry{}
	}
	if b.known == nil {
		b.known = map[string]bool{}
	}
	b.touch(now)
	op := primary(ev.Op)
	if e := b.pending[ev.Path]; e != nil {
		e.last = op
	} else {
		b.pending[ev.Path] = &entry{kind: kind, existed: b.known[ev.Path] || op != Create, last: op}
	}
	b.known[ev.Path] = op == Create || op == Write
	return true
}

// Overflow records that events were lost: the next batch rebuilds all.
func (b *Batcher) Overflow(now time.Time) {
	b.overflow = true
	b.touch(now)
}

func (b *Batcher) touch(now time.Time) {
	if !b.waiting() {
		b.first = now
	}
	b.last = now
}

func (b *Batcher) waiting() bool { return len(b.pending) > 0 || b.overflow }

// Due returns when the pending batch is ready, and false when nothing is
// pending.
func (b *Batcher) Due() (time.Time, bool) {
	if !b.waiting() {
		return time.Time{}, false
	}
	due := b.last.Add(b.Quiet)
	if limit := b.first.Add(b.Max); b.Max > 0 && limit.Before(due) {
		due = limit
	}
	return due, true
}

// Take returns the pending batch and starts a new one. Paths that came
// and went within the batch (a temporary file under an unexpected name)
// are left out; a path removed and created again (the rename-save of
// vim, JetBrains, VS Code and sed -i) is a change.
func (b *Batcher) Take() Batch {
	batch := Batch{Overflow: b.overflow}
	for p, e := range b.pending {
		before := e.existed
		after := e.last == Create || e.last == Write
		var n Net
		switch {
		case before && after:
			n = Modified
		case !before && after:
			n = Added
		case before && !after:
			n = Removed
		default:
			continue
		}
		batch.Changes = append(batch.Changes, Change{Path: p, Kind: e.kind, Net: n})
	}
	sortChanges(batch.Changes)
	b.pending, b.overflow = nil, false
	return batch
}

func sortChanges(cs []Change) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
}

// primary reduces an op with several bits (some systems send them together)
// to the one that tells the most about the path's state afterwards.
func primary(op Op) Op {
	switch {
	case op&Remove != 0:
		return Remove
	case op&Rename != 0:
		return Rename
	case op&Create != 0:
		return Create
	}
	return Write
}
