// Package site runs the stages of a build in order (load, validate,
// render) and is the only code that knows that order. Input comes through
// an fs.FS, output is a FileSet value: writing it is the caller's job.
package site

import (
	"context"
	"fmt"
	"github.com/disclose-portal/disclose/generator/i18n"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/validate"
	"github.com/disclose-portal/disclose/themes"
)

// Options tell a build what to read and how strict to be.
type Options struct {
	// Source is the source tree: content/, and optionally static/ and
	// themes/<name>/ (which overrides the embedded theme file by file).
	Source fs.FS
	// BaseURL, when set, replaces site.toml's base_url.
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	// Render false stops after validation (for `check`).
	Render bool
	// Files, when set, receives the rendered files instead of a new set
	// held in memory: `disclose build` passes a set staged on disk
	// (output.Stage), so that a large site is never all in memory. Such a
	// build also goes a bureau at a time (see buildStreamed).
	Files *output.FileSet
	// Previous and Affected, when both set, render only the page jobs
	// that Affected selects and take the other pages from Previous, a
	// build of the same site (serve's rebuilds; see render.Partial).
	// The files start as a Clone of Previous. Later, with Defer, selects
	// affected page jobs that may wait until their page is asked for.
	Previous *output.FileSet
	Affected func(render.Job) bool
	Later    func(render.Job) bool
	// Cache, when set, keeps what this build works out per bureau and
	// report for the next one; Stale tells which bureau folders changed
	// since the last one (nil: any).
	Cache *Cache
	Stale func(slug string) bool
	// Reuse, for a build with Files staged on disk, takes from the last
	// build into the same destination the bureaus that did not change
	// (package buildcache), and keeps this build's for the next; Program
	// names this build of the program (its digest), as part of the
	// cache's keys. Hasher fingerprints the source files by content for
	// those keys, Root naming the source in its stat cache; nil reads
	// every file.
	Reuse   *buildcache.Cache
	Program string
	Hasher  *stamp.Hasher
	Root    string
	// Defer leaves the files made from the whole site at once (the
	// site-wide data tables, the search index, sitemap and feed) to
	// Result.Finish: serve makes them only when a browser asks for one,
	// which keeps an edit's rebuild of a large portal short.
	Defer bool
}

// Cache keeps what builds of one source worked out, for the next build:
// the bureaus read (load.Cache), their problems, and the open-data files
// of their reports. A bureau read again is a new object, so everything
// kept for the old one is dropped with it.
type Cache struct {
	load    *load.Cache
	data    *opendata.Cache
	mu      sync.Mutex
	checked map[*budget.Bureau]diag.List
	lines   map[lineKey]string // source lines the last build's problems showed
}

type lineKey struct {
	file string
	line int
}

// attachSources attaches the source lines of problems, taking those of
// files that did not change from the last build instead of reading the
// files again (a large portal has a warning in a file of most bureaus).
func (c *Cache) attachSources(src fs.FS, diags diag.List, stale func(slug string) bool) {
	if stale != nil {
		for i := range diags {
			d := &diags[i]
			parts := strings.SplitN(d.File, "/", 3) // content/<bureau>/<file>
			if d.Source == "" && d.Line > 0 && len(parts) == 3 && !stale(parts[1]) {
				d.Source = c.lines[lineKey{d.File, d.Line}]
			}
		}
	}
	attachSources(src, diags)
	c.lines = map[lineKey]string{}
	for _, d := range diags {
		if d.Source != "" {
			c.lines[lineKey{d.File, d.Line}] = d.Source
		}
	}
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{load: load.NewCache(), data: opendata.NewCache(), checked: map[*budget.Bureau]diag.List{}}
}

// validate checks the bureaus it has not checked before.
func (c *Cache) validate(s *budget.Site, found diag.List) diag.List {
	var l diag.List
	kept := make(map[*budget.Bureau]diag.List, len(s.Bureaus))
	for _, b := range s.Bureaus {
		c.mu.Lock()
		checked, ok := c.checked[b]
		c.mu.Unlock()
		if !ok {
			checked = validate.Bureau(s.Config, b)
		}
		kept[b] = checked
		l = append(l, checked...)
	}
	c.mu.Lock()
	c.checked = kept
	c.mu.Unlock()
	return validate.WithoutWarningsIn(l, found)
}

// Result is what a build made and found.
type Result struct {
	Site     *budget.Site
	Files    *output.FileSet // nil when not rendered or when errors were found
	Diags    diag.List       // sorted, with source lines attached
	Bureaus  int
	Reports  int
	Pages    int
	Rendered int // pages rendered: Pages, or fewer with Options.Affected
	Kept     int // bureaus taken from the last build (Options.Reuse)
	Duration time.Duration
	// Finish, after a build with Options.Defer, adds what was left for
	// later to Files: the page at name and the files beside it when it is
	// a page left for later, else everything. It may be called many times
	// and at once; each part is made once. It returns the problems of the
	// pages it rendered.
	Finish func(name string) diag.List
	// Later lists the pages left for later.
	Later []string
	// Notes are things to tell the person building that are not problems
	// of the content, such as why no sitemap was written.
	Notes []i18n.Text
}

// OK reports whether the build found no errors.
func (r *Result) OK() bool { return r.Diags.Errors() == 0 }

// Build loads, validates and (with Options.Render) renders a site.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	if opt.Files != nil && opt.Render && opt.Cache == nil && opt.Previous == nil && !opt.Defer {
		return buildStreamed(ctx, opt, start)
	}
	res := &Result{}
	var s *budget.Site
	var diags diag.List
	var data *opendata.Cache
	if opt.Cache != nil {
		s, diags = opt.Cache.load.Site(opt.Source, opt.Stale)
		data = opt.Cache.data
	} else {
		s, diags = load.Site(opt.Source)
	}
	res.Site = s
	if opt.BaseURL != "" {
		s.Config.BaseURL = opt.BaseURL
	}
	if opt.Cache != nil {
		diags = append(diags, opt.Cache.validate(s, diags)...)
	} else {
		diags = append(diags, validate.Site(s, diags)...)
	}
	res.Bureaus = len(s.Bureaus)
	for _, b := range s.Bureaus {
		res.Reports += len(b.Reports)
	}
	if opt.Strict {
		diags.Promote()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opt.Render && diags.Errors() == 0 {
		th, err := loadTheme(opt.Source, s.Config.Theme)
		if err != nil {
			diags.Errorf(path.Join("themes", s.Config.Theme), diag.Pos{}, "error.plain", err)
		} else {
			files := opt.Files
			partial := opt.Previous != nil && opt.Affected != nil
			switch {
			case partial:
				files = opt.Previous.Clone()
			case files == nil:
				files = output.NewFileSet()
			}
			pending := &render.Pending{}
			if partial {
				later := opt.Later
				if !opt.Defer {
					later = nil
				}
				problems, n, p := render.New(th).Partial(s, opt.Source, diags, files, opt.Previous, opt.Affected, later)
				diags = append(diags, problems...)
				res.Rendered, res.Later, pending = n, p.Paths(), p
			} else {
				diags = append(diags, render.New(th).Site(s, opt.Source, diags, files)...)
				res.Rendered = -1 // every page, counted below
			}
			rows := opendata.WriteReports(s, diags, files, data)
			if opt.Defer {
				whole := sync.OnceValue(func() diag.List {
					problems := pending.Make("") // the sitemap lists every page
					more := output.NewFileSet()
					opendata.WriteTables(s, rows, more)
					res.Notes = discover.Write(s, files, more)
					files.Complete(more)
					return problems
				})
				res.Finish = func(name string) diag.List {
					problems := pending.Make(name)
					if name == "" || siteWide(name) {
						problems = append(problems, whole()...)
					}
					return problems
				}
			} else {
				opendata.WriteTables(s, rows, files)
				res.Notes = discover.Write(s, files, files)
			}
			if diags.Errors() == 0 {
				res.Files = files
				res.Pages = files.Pages() + len(res.Later)
				if res.Rendered < 0 {
					res.Rendered = res.Pages
				}
			}
		}
	}
	diags.Sort()
	if opt.Cache != nil {
		opt.Cache.attachSources(opt.Source, diags, opt.Stale)
	} else {
		attachSources(opt.Source, diags)
	}
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
}

// siteWide reports whether name is among the files made from the whole
// site (what Options.Defer defers besides pages).
func siteWide(name string) bool {
	return strings.HasPrefix(name, opendata.DataDir+"/") || strings.HasPrefix(name, discover.SearchDir+"/") ||
		name == discover.FeedPath || name == discover.SitemapPath || name == discover.RobotsPath
}

// loadTheme finds the theme: themes/<name>/ in the source tree over the
// embedded default theme.
func loadTheme(src fs.FS, name string) (*render.Theme, error) {
	dir := path.Join("themes", name)
	onDisk, err := fs.Sub(src, dir)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(src, dir); err != nil {
		if name != "default" {
			return nil, fmt.Errorf("theme %q not found: there is no folder %s", name, dir)
		}
		return render.LoadTheme(themes.Default())
	}
	return render.LoadTheme(render.Overlay(onDisk, themes.Default()))
}

// attachSources reads the files that problems point into, once each, for
// the source excerpts.
func attachSources(src fs.FS, diags diag.List) {
	files := map[string][]byte{}
	for _, d := range diags {
		if d.Line == 0 || d.Source != "" {
			continue
		}
		if _, ok := files[d.File]; !ok {
			data, err := fs.ReadFile(src, d.File)
			if err != nil {
				data = nil
			}
			files[d.File] = data
		}
	}
	diags.AttachSources(files)
}
