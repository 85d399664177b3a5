package site

import (
	"context"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/precompress"
	"github.com/disclose-portal/disclose/generator/render"
)

// OnDemand makes one bureau's folder of the site when a browser asks for
// a file in it, while serve's first ModePreview run of the whole site is
// still going (at 10,000 reports it takes minutes from nothing, seconds
// from a store): the first page shows at once whatever the size of the
// site. A folder is made as a build makes it (the same renderer, keys
// and store, so the same bytes), taken from the store when its key is
// there, and kept in the store when it was rendered, so that the run
// takes it from there. It is made again when its key changes: the
// bureau's files, site.toml, the theme, the static files or the years,
// by content, whatever the watcher saw.
type OnDemand struct {
	opt Options

	mu      sync.Mutex // one request at a time: a folder is made once
	global  string     // the key the stream and folders below were made under
	st      *render.Stream
	copies  func() *precompress.Job // the theme assets' copies, started when one is asked for
	folders map[string]demandFolder // slug → its folder as last made
}

type demandFolder struct {
	key   string
	files *output.FileSet
	diags diag.List
}

// NewOnDemand makes folders with the options of serve's runs (Source,
// BaseURL, Strict, Store, Program, Hasher, Root; the mode is ignored).
func NewOnDemand(opt Options) *OnDemand {
	return &OnDemand{opt: opt, folders: map[string]demandFolder{}}
}

// File finds the file at name (a path in the site) when it is in a
// bureau's folder or among the theme's assets (and their precompressed
// copies) and static files. It
// returns the set that holds it (nil when the bureau's problems stop a
// build: they are then among diags) and the problems found in making it;
// ok is false for any other file, one that only the run of the whole
// site makes (home, years, tables, search index) or none.
func (o *OnDemand) File(name string) (files *output.FileSet, diags diag.List, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	opt := o.opt
	top := load.Top(opt.Source)
	if !top.OK {
		return nil, o.finish(top.Diags), true
	}
	cfg := top.Config
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
	}
	years := reportYears(opt.Source, top.Folders, opt.Lines, opt.Root)
	global := buildKey(opt, top, distinct(years))
	if o.st == nil || global == "" || global != o.global {
		th, err := loadTheme(opt.Source, cfg.Theme)
		if err != nil {
			var l diag.List
			l.Errorf(path.Join("themes", cfg.Theme), diag.Pos{}, "error.plain", err)
			return nil, o.finish(l), true
		}
		o.st = render.New(th).NewStream(cfg, years, opt.Source, output.NewFileSet())
		o.global, o.folders = global, map[string]demandFolder{}
		// The same job as a run's (package precompress keeps what it
		// made for the process): the run compresses nothing again.
		o.copies = sync.OnceValue(func() *precompress.Job { return startCopies(context.Background(), th, opt.Store) })
	}
	if o.st.Copied().Has(name) {
		return o.st.Copied(), nil, true
	}
	if ext := path.Ext(name); (ext == ".gz" || ext == ".br") && o.st.Copied().Has(strings.TrimSuffix(name, ext)) {
		// An asset's precompressed copy, as the run adds it: none (not
		// found) when compressing did not make it smaller.
		files := output.NewFileSet()
		if data, ok := o.copies().Copy(name); ok {
			files.Add(name, data)
		}
		return files, nil, true
	}
	slug, _, _ := strings.Cut(name, "/")
	if !slices.Contains(top.Folders, slug) {
		return nil, nil, false
	}
	key := ""
	if global != "" {
		if folder := folderKey(opt.Hasher, nil, opt.Source, opt.Root, path.Join(load.ContentDir, slug)); folder != "" {
			key = global + folder
		}
	}
	if f, ok := o.folders[slug]; ok && key != "" && f.key == key {
		return f.files, f.diags, true
	}
	f := demandFolder{key: key, files: output.NewFileSet()}
	if e, ok := opt.Store.Load(key); ok && opt.Store.Restore(slug, key, f.files) {
		f.diags = o.finish(slices.Clone(e.Diags))
	} else {
		b, found := readBureau(opt.Source, slug, cfg)
		if stops(found, opt.Strict) {
			return nil, o.finish(found), true
		}
		if b == nil {
			return nil, nil, false
		}
		folder := output.NewFileSet()
		all, siteRows, _, part := renderBureau(o.st, cfg, b, found, folder)
		if key != "" {
			// The run finds it in the store and does not render it again.
			opt.Store.Store(slug, key, entryOf(opt.Source, b, all, siteRows, part), folder, nil) // in memory: a pack
		}
		f.files, f.diags = folder, o.finish(slices.Clone(all))
	}
	if key != "" {
		o.folders[slug] = f
	}
	return f.files, f.diags, true
}

// finish readies problems to be shown, as a run does at its end.
func (o *OnDemand) finish(l diag.List) diag.List {
	if o.opt.Strict {
		l.Promote()
	}
	l.Sort()
	attachSources(o.opt.Source, l)
	return l
}
