package site

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// buildStreamed is Build for `disclose build` (Options.Files set, no
// cache): the same files and problems, but a bureau at a time on every
// core. A bureau is read, checked, its pages, data files and search
// entries are made, and then its reports' detail is dropped
// (budget.Report.DropDetail): what stays for the pages of the whole site,
// rendered last, are titles, dates and amounts, so memory does not grow
// with the detail of every report of a portal.
func buildStreamed(ctx context.Context, opt Options, start time.Time) (*Result, error) {
	res := &Result{}
	top := load.Top(opt.Source)
	cfg := top.Config
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
	}
	s := &budget.Site{Config: cfg}
	res.Site = s
	diags := top.Diags
	finish := func() (*Result, error) {
		if opt.Strict {
			diags.Promote()
		}
		diags.Sort()
		attachSources(opt.Source, diags)
		res.Diags = diags
		res.Duration = time.Since(start)
		return res, nil
	}
	if !top.OK {
		return finish()
	}
	th, err := loadTheme(opt.Source, cfg.Theme)
	if err != nil {
		diags.Errorf(path.Join("themes", cfg.Theme), diag.Pos{}, "error.plain", err)
		return finish()
	}
	files := opt.Files
	st := render.New(th).NewStream(cfg, reportYears(opt.Source, top.Folders), opt.Source, files)
	var tables *opendata.TableFiles // rows on disk, when the site goes to disk
	if files.Staged() {
		if tables, err = opendata.NewTableFiles(); err != nil {
			return nil, err
		}
		defer tables.Remove()
	}
	global := ""
	if opt.Reuse != nil {
		global = buildKey(opt, top, st.Years())
	}

	results := make([]*done, len(top.Folders))
	var (
		mu      sync.Mutex
		next    int
		rows    = make(opendata.Rows, len(opendata.TableNames))
		index   = discover.NewIndex()
		failed  atomic.Bool // once a problem stops the build, pages are not made
		kept    atomic.Int64
		joinErr error
	)
	parallel.For(len(top.Folders), func(i int) {
		if ctx.Err() != nil {
			return
		}
		slug := top.Folders[i]
		key := ""
		if global != "" {
			if folder := folderKey(opt.Hasher, opt.Source, opt.Root, path.Join(load.ContentDir, slug)); folder != "" {
				key = global + folder
			}
		}
		var d *done
		if e, ok := opt.Reuse.Load(slug, key); ok && files.Keep(slug) == nil {
			// Nothing the bureau's files depend on changed since the
			// build that wrote them: they stay as they are.
			st.Kept(e.Bureau)
			d = &done{b: e.Bureau, diags: e.Diags, rows: e.Rows, search: e.Search}
			kept.Add(1)
		} else {
			d = buildBureau(opt, slug, cfg, st, &failed)
			if opt.Reuse != nil && key != "" && d.index != nil {
				attachSources(opt.Source, d.diags) // kept with the entry
				opt.Reuse.Store(slug, key, &buildcache.Entry{Bureau: d.b, Diags: d.diags, Rows: d.rows, Search: d.index.Encode()})
			}
		}
		// Join in folder order, as the bureaus come.
		mu.Lock()
		defer mu.Unlock()
		results[i] = d
		for ; next < len(results) && results[next] != nil; next++ {
			r := results[next]
			if r.index != nil || r.search != nil {
				if tables != nil {
					tables.Append(r.rows)
				} else {
					rows = rows.Append(r.rows)
				}
				if r.index != nil {
					index.Append(r.index)
				} else if err := index.AppendEncoded(r.search); err != nil && joinErr == nil {
					joinErr = fmt.Errorf("the build cache of %s: %w (build with --force)", top.Folders[next], err)
				}
				index.EmitFullChunks(files.Add) // documents are not held to the end
			}
			results[next] = &done{b: r.b, diags: r.diags}
		}
	})
	if joinErr != nil {
		return nil, joinErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, d := range results {
		diags = append(diags, d.diags...)
		if d.b != nil {
			s.Bureaus = append(s.Bureaus, d.b)
			res.Reports += len(d.b.Reports)
		}
	}
	res.Bureaus, res.Kept = len(s.Bureaus), int(kept.Load())
	if stops(diags, opt.Strict) || failed.Load() {
		return finish()
	}
	diags = append(diags, st.Finish(s)...)
	if tables != nil {
		if err := tables.Write(s, files); err != nil {
			return nil, fmt.Errorf("writing the site-wide tables: %w", err)
		}
	} else {
		opendata.WriteTables(s, rows, files)
	}
	res.Notes = discover.WriteWith(s, index, files, files)
	if !stops(diags, opt.Strict) {
		res.Files = files
		res.Pages = files.Pages()
		res.Rendered = res.Pages
	}
	return finish()
}

// buildBureau reads and checks a bureau folder and, unless a problem
// stops the build, renders its pages, writes its data files and indexes
// it for search; then it drops its reports' detail.
func buildBureau(opt Options, slug string, cfg budget.Config, st *render.Stream, failed *atomic.Bool) *done {
	b, found := readBureau(opt.Source, slug, cfg)
	d := &done{b: b, diags: found}
	if stops(found, opt.Strict) {
		failed.Store(true)
	}
	if b == nil {
		return d
	}
	if !failed.Load() {
		d.diags = append(d.diags, st.Bureau(b, d.diags)...)
		d.rows = opendata.WriteReportsOf(b.Reports, cfg, d.diags, opt.Files)
		d.index = discover.NewIndex()
		d.index.AddBureau(b)
	}
	for _, r := range b.Reports {
		r.DropDetail()
	}
	return d
}

// done is what a bureau contributes to a streamed build.
type done struct {
	b      *budget.Bureau
	diags  diag.List
	rows   opendata.Rows
	index  *discover.Index // the bureau's part of the search index, when its pages were made
	search []byte          // or that part encoded, when they were kept from the last build
}

// buildKey fingerprints what every bureau's files and contribution to
// the whole-site pages depend on besides its folder (see package
// buildcache): site.toml, the program and options, the theme and static
// files of the source, and the years every page's navigation lists.
func buildKey(opt Options, top load.TopLevel, years []int) string {
	var more strings.Builder
	fmt.Fprintf(&more, "build %d %q %t %v\n", buildCacheVersion, opt.BaseURL, opt.Strict, years)
	hasher := opt.Hasher
	if hasher == nil {
		hasher = stamp.NewHasher("")
	}
	for _, dir := range []string{"themes", "static"} {
		if hasher.Tree(&more, opt.Source, opt.Root, dir) != nil {
			return ""
		}
	}
	return siteKey(opt.Source, top, opt.Program, more.String())
}

// buildCacheVersion changes when what a bureau's files depend on does.
const buildCacheVersion = 2

// stops reports whether problems stop a build.
func stops(l diag.List, strict bool) bool {
	return l.Errors() > 0 || strict && l.Warnings() > 0
}

var reportFile = regexp.MustCompile(`^([0-9]{4})\.toml$`)

// reportYears lists the years of the reports in the bureau folders, from
// the names of their files: every page's navigation lists the years, so
// they are needed before the first bureau is read. (A year file that
// cannot be read is an error, and a build with errors makes no site.)
func reportYears(fsys fs.FS, folders []string) []int {
	var years []int
	for _, f := range folders {
		entries, _ := fs.ReadDir(fsys, path.Join(load.ContentDir, f))
		for _, e := range entries {
			if m := reportFile.FindStringSubmatch(e.Name()); m != nil && !e.IsDir() {
				y, _ := strconv.Atoi(m[1])
				years = append(years, y)
			}
		}
	}
	return years
}
