// Package site runs the stages of a build in order (load, validate,
// render) and is the only code that knows that order. Input comes through
// an fs.FS, output is a FileSet value: writing it is the caller's job.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/render"
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
	// (output.Stage), so that a large site is never all in memory.
	Files *output.FileSet
	// Previous and Affected, when both set, render only the page jobs
	// that Affected selects and take the other pages from Previous, a
	// build of the same site (serve's rebuilds; see render.Partial).
	Previous *output.FileSet
	Affected func(render.Job) bool
	// Cache, when set, keeps the bureaus read for the next build; Stale
	// tells which bureau folders changed since the last one (nil: any).
	Cache *load.Cache
	Stale func(slug string) bool
}

// Result is what a build made and found.
type Result struct {
	Site     *budget.Site
	Files    *output.FileSet // nil when not rendered or when errors were found
	Diags    diag.List       // sorted, with source lines attached
	Reports  int
	Pages    int
	Rendered int // pages rendered: Pages, or fewer with Options.Affected
	Duration time.Duration
	// Notes are things to tell the person building that are not problems
	// of the content, such as why no sitemap was written.
	Notes []string
}

// OK reports whether the build found no errors.
func (r *Result) OK() bool { return r.Diags.Errors() == 0 }

// Build loads, validates and (with Options.Render) renders a site.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	res := &Result{}
	var s *budget.Site
	var diags diag.List
	if opt.Cache != nil {
		s, diags = opt.Cache.Site(opt.Source, opt.Stale)
	} else {
		s, diags = load.Site(opt.Source)
	}
	res.Site = s
	if opt.BaseURL != "" {
		s.Config.BaseURL = opt.BaseURL
	}
	diags = append(diags, validate.Site(s, diags)...)
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
			diags.Errorf(path.Join("themes", s.Config.Theme), diag.Pos{}, "%v", err)
		} else {
			files := opt.Files
			if files == nil {
				files = output.NewFileSet()
			}
			if opt.Previous != nil && opt.Affected != nil {
				problems, n := render.New(th).Partial(s, opt.Source, diags, files, opt.Previous, opt.Affected)
				diags = append(diags, problems...)
				res.Rendered = n
			} else {
				diags = append(diags, render.New(th).Site(s, opt.Source, diags, files)...)
				res.Rendered = -1 // every page, counted below
			}
			opendata.Write(s, diags, files)
			res.Notes = discover.Write(s, files)
			if diags.Errors() == 0 {
				res.Files = files
				for _, p := range files.Paths() {
					if path.Ext(p) == ".html" {
						res.Pages++
					}
				}
				if res.Rendered < 0 {
					res.Rendered = res.Pages
				}
			}
		}
	}
	diags.Sort()
	attachSources(opt.Source, diags)
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
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
