// Package site runs the pipeline of a build and is the only code that
// knows its order. The phases, each a function from one value to the next:
//
//	top      site.toml and the list of bureau folders   (load.Top)
//	key      what each bureau's part depends on          (keys.go)
//	bureau   per bureau, on every core: reuse what an earlier run made
//	         under the same key, or load → check → render its pages,
//	         data files and search entries, then drop its detail
//	join     the bureaus' rows and search entries, in folder order
//	finish   the pages and files of the whole site (home, years, tables,
//	         search index, sitemap, feed), and the precompressed copies of
//	         the theme's assets (made in the background from the start)
//
// Writing the files is the caller's job (output.Write for `disclose
// build`, the server for `disclose serve`). A run is in one Mode:
// ModeCheck, ModePublish or ModePreview; there is one way of rendering, the same for every
// mode, so that their output is the same byte for byte (tested).
package site

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/internal/freelist"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/precompress"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/validate"
	"github.com/disclose-portal/disclose/themes"
)

// Mode is what a run of the pipeline makes.
type Mode int

const (
	// ModeCheck loads and checks every bureau: no files (see also Check,
	// which keeps its findings for the next check).
	ModeCheck Mode = iota
	// ModePublish makes every file of the site: `disclose build` (into a set
	// staged on disk, reusing the bureaus of Options.Store) and tests.
	ModePublish
	// ModePreview remakes the site `disclose serve` shows (Options.Preview):
	// bureaus that did not change since the last good run are kept as
	// they are, and the site-wide files and the pages Options.Later
	// selects are made when a browser asks for them (Result.Finish).
	ModePreview
)

// Options tell a run what to read, what to make and what it may reuse.
type Options struct {
	// Source is the source tree: content/, and optionally static/ and
	// themes/<name>/ (which overrides the embedded theme file by file).
	Source fs.FS
	// BaseURL, when set, replaces site.toml's base_url.
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	Mode   Mode

	// Files receives the files of a ModePublish run (nil: a new set held in
	// memory). `disclose build` passes a set staged on disk
	// (output.Stage), so that a large site is never all in memory.
	Files *output.FileSet
	// Store, for ModePublish and ModePreview, is the store of what earlier builds
	// made of each bureau (package buildcache): a bureau whose key is
	// found there is not read or rendered again.
	Store *buildcache.Cache
	// Program names this build of the program (its digest), part of every
	// key; Hasher fingerprints the source files by content for the keys,
	// Root naming the source in its stat cache. Without Program nothing
	// is reused.
	Program string
	Hasher  *stamp.Hasher
	Root    string
	// Lines, when set, are the lines of the build's fingerprint of the
	// source at Root (stamp.FingerprintLines), taken just before: the
	// keys are made from them instead of walking the source again.
	Lines *stamp.Lines

	// Preview is what serve keeps between ModePreview runs (required for
	// them); Later selects the pages of the whole site that may wait
	// until a browser asks for them (nil: none).
	Preview *Preview
	Later   func(render.Job) bool
}

// Result is what a run made and found.
type Result struct {
	Site     *budget.Site
	Files    *output.FileSet // nil for ModeCheck and when errors were found
	Diags    diag.List       // sorted, with source lines attached
	Bureaus  int
	Reports  int
	Pages    int
	Rendered int // pages rendered by this run (the others were reused)
	Kept     int // bureaus reused from an earlier run
	// SiteKept and SearchPatched tell that the whole-site files of the
	// last build stood (kept from the destination) and that its search
	// index was patched rather than made whole (see joiner).
	SiteKept, SearchPatched bool
	// TablesSpliced counts the site-wide tables written as the last
	// build's with the changed bureaus' rows put in (tables.go).
	TablesSpliced int
	// FeedReused counts the feed's entries copied from the last build's
	// feed rather than written again (joiner.feed).
	FeedReused int
	Duration   time.Duration
	// Finish, after a ModePreview run, adds what was left for later to Files:
	// the page at name and the files beside it when it is a page left for
	// later, else everything. It may be called many times and at once;
	// each part is made once. It returns the problems of the pages it
	// rendered.
	Finish func(name string) diag.List
	// Later lists the pages left for later.
	Later []string
	// Notes are things to tell the person building that are not problems
	// of the content, such as why no sitemap was written.
	Notes []i18n.Text
}

// OK reports whether the run found no errors.
func (r *Result) OK() bool { return r.Diags.Errors() == 0 }

// run is one run of the pipeline under way.
type run struct {
	opt    Options
	cfg    budget.Config
	files  *output.FileSet
	st     *render.Stream
	global string // the key of what every bureau's part depends on
	check  string // the key of what every bureau's findings depend on
	reuse  reuser
	copies *precompress.Job // the assets' .gz and .br copies, under way
	heads  atomic.Bool      // kept bureaus are taken by their heads (see joiner)
	// headModels: a kept bureau's model is its head's site model
	// (buildcache.DecodeSiteModel), not the thinned model of the store's
	// body (gob, a second of CPU at 10,000 reports): the theme's
	// templates are the default theme's, which read no more of it. A
	// theme of the site's own may (a project's name on the home page).
	headModels bool

	failed   atomic.Bool // once a problem stops the build, pages are not made
	kept     atomic.Int64
	rendered atomic.Int64
}

// reuser finds what an earlier run made of a bureau under a key, with
// the bureau's files put in the run's files, and keeps what this run
// made (folder: the files of the bureau's folder), putting folder into
// the run's files unless it keeps it aside (serve's lazy bureaus). It
// puts them there itself because the store links the files once they
// are staged.
type reuser interface {
	reuse(slug, key string, files *output.FileSet) (*buildcache.Entry, bool)
	keep(slug, key string, e *buildcache.Entry, folder, files *output.FileSet)
}

// asider is a reuser that keeps every bureau it is given aside (serve's
// first run with a store): the folder goes to the store, not into the
// run's files, so its bytes can be made in an arena used again for the
// next bureau.
type asider interface{ aside() bool }

// Build runs the pipeline.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
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
	if opt.Mode == ModeCheck {
		return checkAll(ctx, opt, top, res, &diags, finish)
	}
	if opt.Mode == ModePreview && opt.Preview == nil {
		return nil, fmt.Errorf("site: a ModePreview run needs Options.Preview")
	}
	th, err := loadTheme(opt.Source, cfg.Theme)
	if err != nil {
		diags.Errorf(path.Join("themes", cfg.Theme), diag.Pos{}, "error.plain", err)
		return finish()
	}
	years := reportYears(opt.Source, top.Folders, opt.Lines, opt.Root)
	// The assets' copies are made while the bureaus are. No run returns
	// before the job is over, so that nothing is written to the cache
	// folder after Build (a run that fails still keeps the copies for the
	// next).
	rn := &run{opt: opt, cfg: cfg, copies: startCopies(ctx, th, opt.Store)}
	defer rn.copies.Wait()
	rn.global = buildKey(opt, top, distinct(years))
	if opt.Store != nil {
		rn.check = checkKey(opt.Source, top, opt.Program)
	}
	switch opt.Mode {
	case ModePreview:
		first := opt.Preview.empty()
		rn.files = opt.Preview.start(rn.global)
		rn.reuse = &previewReuse{p: opt.Preview, store: opt.Store, first: first, run: map[string]previewEntry{}, lazy: map[string]string{}}
	default:
		rn.files = opt.Files
		if rn.files == nil {
			rn.files = output.NewFileSet()
		}
		if opt.Store != nil {
			_, err := fs.Stat(opt.Source, path.Join("themes", cfg.Theme, "templates"))
			rn.headModels = err != nil
			rn.reuse = storeReuse{opt.Store, &rn.heads, rn.headModels}
		}
	}
	rn.st = render.New(th).NewStream(cfg, years, opt.Source, rn.files)
	var tables *opendata.TableFiles // rows on disk, when the site goes to disk
	if rn.files.Staged() {
		if tables, err = opendata.NewTableFiles(); err != nil {
			return nil, err
		}
		defer tables.Remove()
	}

	results := make([]*done, len(top.Folders))
	var (
		mu    sync.Mutex
		next  int
		parts []part // a ModePreview run's, joined when asked for
		j     = newJoiner(rn, results, tables)
	)
	rn.heads.Store(j.lazy())
	parallel.For(len(top.Folders), func(i int) {
		if ctx.Err() != nil {
			return
		}
		d := rn.bureau(top.Folders[i])
		// Join in folder order, as the bureaus come.
		mu.Lock()
		defer mu.Unlock()
		results[i] = d
		for ; next < len(results) && results[next] != nil; next++ {
			r := results[next]
			if opt.Mode == ModePreview {
				if r.index != nil || r.search != nil || r.stored != "" {
					parts = append(parts, part{slug: top.Folders[next], key: r.stored, rows: r.rows, index: r.index, search: r.search})
				}
				results[next] = &done{b: r.b, diags: r.diags, slug: r.slug, kept: r.kept, head: r.head}
				continue
			}
			if r.index != nil || r.search != nil || r.kept {
				j.add(next)
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if j.err != nil {
		return nil, j.err
	}
	for _, d := range results {
		diags = append(diags, d.diags...)
		switch {
		case d.b != nil:
			res.Bureaus++
			res.Reports += len(d.b.Reports)
		case d.kept:
			res.Bureaus++
			res.Reports += len(d.head.Years)
		}
	}
	res.Kept = int(rn.kept.Load())
	if stops(diags, opt.Strict) || rn.failed.Load() {
		return finish()
	}
	// The whole-site files of the last build may stand (joiner); else
	// every bureau's model is at hand from here on.
	var siteKept, searchKept bool
	if opt.Mode == ModePublish {
		siteKept, searchKept = j.end()
		res.SiteKept, res.SearchPatched = siteKept, searchKept
		if j.err != nil {
			return nil, j.err
		}
	}
	for _, d := range results {
		if d.b != nil {
			s.Bureaus = append(s.Bureaus, d.b)
		}
	}

	// The pages and files of the whole site.
	sitePages, err := rn.wholeSite(s, top.Folders, j, siteKept, searchKept, parts, res, &diags)
	if err != nil {
		return nil, err
	}
	if !stops(diags, opt.Strict) {
		res.Files = rn.files
		res.Pages = rn.files.Pages() + len(res.Later)
		res.Rendered = int(rn.rendered.Load()) + sitePages
		if opt.Mode == ModePreview {
			opt.Preview.commit(rn.files, rn.global, rn.reuse.(*previewReuse).run)
		}
	}
	return finish()
}

// wholeSite is the finish phase: the pages of the whole site (home,
// years, 404), the site-wide tables, the search index, sitemap and feed,
// now, or in a ModePreview run when a browser asks for them
// (Result.Finish). It returns the number of pages rendered.
func (rn *run) wholeSite(s *budget.Site, folders []string, j *joiner, siteKept, searchKept bool, parts []part, res *Result, diags *diag.List) (int, error) {
	opt := rn.opt
	if opt.Mode != ModePreview {
		return rn.publishWhole(s, folders, j, siteKept, searchKept, res, diags)
	}
	opt.Preview.removeGone(rn.files, folders)
	problems, pending, sitePages := rn.st.Finish(s, opt.Later)
	*diags = append(*diags, problems...)
	res.Later = pending.Paths()
	pr := rn.reuse.(*previewReuse)
	lazy := pr.lazyPages(s.Bureaus)
	res.Later = append(res.Later, lazy...)
	// The site-wide tables, the search index, sitemap and feed wait
	// until a browser asks for one: an edit's rebuild of a large
	// portal stays short, and the bureaus' rows and search parts
	// stay in the store until then. So do the files of the lazy
	// bureaus.
	tablesMade := sync.OnceValue(func() diag.List {
		rows, _, problems := rn.join(parts, true, false)
		more := output.NewFileSet()
		opendata.WriteTables(s, rows, more)
		rn.files.Complete(more)
		return problems
	})
	discovered := sync.OnceValue(func() diag.List {
		problems := pending.Make("") // the sitemap lists every page
		_, index, more := rn.join(parts, false, true)
		problems = append(problems, more...)
		files := output.NewFileSet()
		paths := append(rn.files.Paths(), lazy...) // lazy pages asked for are in both
		slices.Sort(paths)
		paths = slices.Compact(paths)
		res.Notes = discover.WriteWith(s, index, paths, files)
		rn.files.Complete(files)
		return problems
	})
	whole := func(name string) diag.List {
		switch {
		case name == "":
			return slices.Concat(tablesMade(), discovered()) // not append: the first is cached
		case strings.HasPrefix(name, opendata.DataDir+"/"):
			return tablesMade()
		}
		return discovered()
	}
	// The assets' precompressed copies too: one when it is asked
	// for (waiting for it only), all of them for "".
	copies := sync.OnceFunc(func() {
		more := output.NewFileSet()
		rn.copies.AddTo(more)
		rn.files.Complete(more)
	})
	res.Finish = func(name string) diag.List {
		var problems diag.List
		if name == "" {
			for _, slug := range pr.slugs() {
				problems = append(problems, pr.restore(slug, rn.files, rn.remake)...)
			}
		} else if slug, _, ok := strings.Cut(name, "/"); ok {
			problems = append(problems, pr.restore(slug, rn.files, rn.remake)...)
		}
		problems = append(problems, pending.Make(name)...)
		if name == "" || siteWide(name) && name != permalink.Data {
			problems = append(problems, whole(name)...)
		}
		if name == "" {
			copies()
		} else if data, ok := rn.copies.Copy(name); ok && !rn.files.Has(name) {
			more := output.NewFileSet()
			more.Add(name, data)
			rn.files.Complete(more)
		}
		return problems
	}
	return sitePages, nil
}

// publishWhole is wholeSite for a run that is not serve's: everything
// now, or, where the joiner found that the last build's whole-site files
// stand (siteKept), those kept as they are in the destination; the
// search index is made here unless the joiner patched it (searchKept).
func (rn *run) publishWhole(s *budget.Site, folders []string, j *joiner, siteKept, searchKept bool, res *Result, diags *diag.List) (int, error) {
	sitePages := 0
	var made []string // the paths of the site's files when the whole-site files were made (unsorted), for the next build
	if siteKept {
		*diags = append(*diags, rn.st.FinishKept()...)
		if !rn.opt.Store.KeepFiles(j.last.Files, rn.files) {
			return 0, fmt.Errorf("keeping the files of the whole site from the last build failed")
		}
		res.Notes = discover.Notes(s.Config)
	} else {
		// The groups of whole-site files that read nothing this build
		// changed stand as the last build made them (whole.go): a
		// changed figure remakes its year's page, the home page, the
		// feed and its tables, not the open-data page or other years.
		stand := j.standing()
		kept := func(p string) bool { return stand[groupOf(p)] }
		var keep []string
		for _, p := range j.last.Files {
			if kept(p) {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 && !rn.opt.Store.KeepFiles(keep, rn.files) {
			return 0, fmt.Errorf("keeping the files of the whole site from the last build failed")
		}
		var problems diag.List
		problems, _, sitePages = rn.st.Finish(s, func(job render.Job) bool { return kept(job.Path) })
		*diags = append(*diags, problems...)
		if j.tables != nil {
			// The tables that do not stand are spliced from the last
			// build's where the rows were held back (tables.go); any
			// other is joined from every bureau's rows.
			spliced := j.spliceTables(kept)
			res.TablesSpliced = len(spliced)
			for _, name := range opendata.TableNames {
				if p := opendata.DataDir + "/" + name + ".csv"; j.rowsLazy && !kept(p) && !spliced[p] {
					j.stop(false, false, true)
				}
			}
			if j.err != nil {
				return 0, j.err
			}
			if err := j.tables.Write(s, rn.files, func(p string) bool { return kept(p) || spliced[p] }); err != nil {
				return 0, fmt.Errorf("writing the site-wide tables: %w", err)
			}
		} else {
			opendata.WriteTables(s, j.rows, rn.files)
		}
		// Every path of the site so far, unsorted: at 10,000 reports
		// sorting its 87,000 paths was 0.06 CPU s of a figure's edit,
		// and only the sitemap and robots.txt read them all (sorted);
		// record sorts the few whole-site ones it keeps.
		rn.files.Each(func(p string, _ output.File) { made = append(made, p) })
		var sorted []string
		if !kept(discover.SitemapPath) || !kept(discover.RobotsPath) {
			sorted = slices.Clone(made)
			slices.Sort(sorted)
		}
		had := map[string]bool{}
		for _, p := range []string{discover.SitemapPath, discover.RobotsPath, discover.FeedPath} {
			had[p] = rn.files.Has(p)
		}
		if !kept(discover.FeedPath) {
			if feed, reused, ok := j.feed(s); ok {
				rn.files.Add(discover.FeedPath, feed)
				res.FeedReused = reused
				kept = func(p string) bool { return p == discover.FeedPath || stand[groupOf(p)] }
			}
		}
		// sorted is nil when WriteSite writes neither file that reads it.
		res.Notes = discover.WriteSite(s, sorted, rn.files, kept)
		for _, p := range []string{discover.SitemapPath, discover.RobotsPath, discover.FeedPath} {
			if !had[p] && rn.files.Has(p) {
				made = append(made, p)
			}
		}
	}
	if !searchKept {
		j.index.EachFile(rn.files.Add)
	}
	rn.copies.AddTo(rn.files)
	bureaus := make(map[string]bool, len(folders))
	for _, f := range folders {
		bureaus[f] = true
	}
	j.record(made, bureaus)
	return sitePages, nil
}

// startCopies starts compressing the theme's assets (package
// precompress), kept in the store between builds.
func startCopies(ctx context.Context, th *render.Theme, store *buildcache.Cache) *precompress.Job {
	assets := map[string][]byte{}
	for _, p := range th.AssetFiles() {
		assets[p] = th.AssetData(p)
	}
	if store == nil {
		return precompress.Start(ctx, assets, nil) // not a nil *Cache in the interface
	}
	return precompress.Start(ctx, assets, store)
}

// bureau is the per-bureau phase: reuse what an earlier run made of the
// bureau under its key, or read and check it and, unless a problem stops
// the build, render its pages, write its data files and index it for
// search; then drop its reports' detail.
func (rn *run) bureau(slug string) *done {
	key, check := "", ""
	if rn.global != "" && rn.reuse != nil {
		if folder := rn.folderKey(slug); folder != "" {
			key = rn.global + folder
			if rn.check != "" {
				// The bureau's findings stay in the store for a check
				// after the build: stored below when it is read, kept
				// when it is reused.
				check = rn.check + folder
				rn.opt.Store.UseFindings(check)
			}
		}
	}
	if rn.reuse != nil && key != "" {
		if e, ok := rn.reuse.reuse(slug, key, rn.files); ok {
			if e.Bureau != nil {
				rn.st.Kept(e.Bureau)
			} else {
				rn.st.KeptPages(slug, e.Head.Years) // taken by its head (joiner)
			}
			rn.kept.Add(1)
			d := &done{slug: slug, key: key, kept: true, head: e.Head, b: e.Bureau, diags: e.Diags, rows: e.Rows, search: e.Search}
			if d.b != nil {
				d.head.Model = nil // decoded into d.b: not kept twice to the end
			}
			switch {
			case rn.lean():
				e.Rows, e.Search = nil, nil // read from the store when asked for
				d.rows, d.search, d.stored = nil, nil, key
			case rn.opt.Mode == ModePreview, e.Search == nil:
				// decoded when asked for
			default:
				d.part, d.partErr = discover.DecodePart(e.Search)
			}
			return d
		}
	}
	if rn.opt.Mode == ModePreview {
		rn.files.RemoveUnder([]string{slug + "/"}, nil) // made again below, or gone
	}
	b, found := readBureau(rn.opt.Source, slug, rn.cfg)
	rn.opt.Store.StoreFindings(check, findingsOf(rn.opt.Source, b, found))
	d := &done{slug: slug, b: b, diags: found}
	if stops(found, rn.opt.Strict) {
		rn.failed.Store(true)
	}
	if b == nil {
		return d
	}
	if !rn.failed.Load() {
		// The folder goes into the staged site page by page; the
		// store, when it keeps the bureau, links the staged files.
		var digest func([]byte) []byte
		if rn.reuse != nil && key != "" {
			digest = buildcache.FileDigest
		}
		folder := rn.files.Through(digest)
		var arena *output.Arena
		if a, ok := rn.reuse.(asider); ok && key != "" && a.aside() {
			// Packed for the store and dropped (keep): the bytes of
			// its pages need no room of their own.
			arena = rn.arena()
			folder.In(arena)
			defer rn.giveArena(arena)
		}
		d.diags, d.rows, d.rowBuf, d.index = renderBureau(rn.st, rn.cfg, b, d.diags, folder)
		rn.rendered.Add(int64(1 + len(b.Reports)))
		if rn.reuse != nil && key != "" {
			e := entryOf(rn.opt.Source, b, d.diags, d.rows, d.index)
			rn.reuse.keep(slug, key, e, folder, rn.files)
			d.key, d.head = key, e.Head
			d.b = rn.compact(b, &d.head)
			if rn.lean() {
				e.Rows, e.Search = nil, nil // in the store; read from it when asked for
				d.rows, d.index, d.stored = nil, nil, key
			}
		} else {
			rn.files.AddAll(folder)
		}
	}
	for _, r := range b.Reports {
		r.DropDetail()
	}
	return d
}

// arenas are for the folders kept aside, one bureau's at a time on each
// core. Kept for the process, as the free lists of load and opendata:
// each grows to the largest folder made in it (a few MB), and a run
// from a new list grew them again.
var arenas = freelist.New[*output.Arena](1)

// maxArena is the largest arena kept for the process: a site with a
// bureau of many reports does not hold room for it after its first run.
const maxArena = 32 << 20

// arena returns an arena for a bureau's folder kept aside.
func (rn *run) arena() *output.Arena {
	if a, ok := arenas.Take(); ok {
		return a
	}
	return &output.Arena{}
}

// giveArena takes back an arena whose folder was packed and dropped.
func (rn *run) giveArena(a *output.Arena) {
	if a.Size() > maxArena {
		return
	}
	a.Reset()
	arenas.Give(a)
}

// compact is what the run keeps of a bureau just rendered and stored
// for the pages of the whole site: the site model of its head where the
// run may take models from heads (run.headModels), else b. The thinned
// model keeps what no whole-site page reads (staff, forms, scores,
// positions, a struct per fund of a project): at 10,000 reports it was
// ~85 MB of the ~190 MB a cold build holds when the whole-site pages
// start, the site model ~50 MB. The head's encoded model is let go
// either way once there is a model (run.fill decodes it only without).
func (rn *run) compact(b *budget.Bureau, h *buildcache.Head) *budget.Bureau {
	if rn.headModels {
		if m, ok := siteModel(*h); ok {
			b = m
		}
	}
	h.Model = nil
	return b
}

// renderBureau renders a bureau read with the problems found into its
// folder of the site (a set of its own, or one that writes through into
// the site's: output.FileSet.Through) and returns its problems with those
// of rendering, its rows of the site-wide tables and its part of the
// search index. Builds, serve's runs and serve's pages made on demand all
// render a bureau here, so that they make the same bytes. The rows are
// in buf, which a caller that writes them out may give back after
// (opendata.RowBuffer).
func renderBureau(st *render.Stream, cfg budget.Config, b *budget.Bureau, found diag.List, folder *output.FileSet) (diags diag.List, rows opendata.Rows, buf *opendata.RowBuffer, index *discover.Index) {
	diags = append(found, st.BureauInto(folder, b, found)...)
	rows, buf = opendata.WriteReportsOf(b.Reports, cfg, diags, folder)
	index = discover.NewIndex()
	index.AddBureau(b)
	return diags, rows, buf, index
}

// entryOf is what the store keeps of a bureau just rendered: it drops
// the detail of its reports and attaches the source lines of its
// problems (the entry is read without the source).
func entryOf(src fs.FS, b *budget.Bureau, diags diag.List, rows opendata.Rows, index *discover.Index) *buildcache.Entry {
	attachSources(src, diags)
	for _, r := range b.Reports {
		r.DropDetail()
	}
	e := &buildcache.Entry{Bureau: b, Diags: diags, Rows: rows, Search: index.Encode()}
	e.Head.Docs, e.Head.Postings = index.Stats()
	return e
}

// lean reports whether the run keeps the bureaus' rows of the site-wide
// tables and parts of the search index in the store rather than in
// memory: a ModePreview run with a store. Serve makes the files they
// are for only when a browser asks for one, and at 10,000 reports they
// are about half of what serve would hold (some 450 MB).
func (rn *run) lean() bool { return rn.opt.Mode == ModePreview && rn.opt.Store != nil }

// part is what a bureau gives the site-wide files in a ModePreview run:
// its rows and search part, or the key under which they are in the store.
type part struct {
	slug, key string
	rows      opendata.Rows
	index     *discover.Index
	search    []byte
	decoded   *discover.Part
}

// join gathers the parts of a ModePreview run in folder order: the rows
// of the site-wide tables and the search index, as asked. A part the
// store lost, or cannot give back, is made again from the bureau's files.
func (rn *run) join(parts []part, wantRows, wantIndex bool) (opendata.Rows, *discover.Index, diag.List) {
	rows := make(opendata.Rows, len(opendata.TableNames))
	index := discover.NewIndex()
	var problems diag.List
	const chunk = 64 // entries read at once: memory stays bounded
	for start := 0; start < len(parts); start += chunk {
		ps := slices.Clone(parts[start:min(start+chunk, len(parts))])
		found := make([]diag.List, len(ps))
		parallel.For(len(ps), func(i int) {
			p := &ps[i]
			switch {
			case p.search != nil: // in memory, encoded
				if !wantIndex {
					return
				}
				if d, err := discover.DecodePart(p.search); err == nil {
					p.decoded = d
					return
				}
			case p.key == "": // in memory
				return
			default:
				if e, ok := rn.opt.Store.Load(p.key); ok {
					p.rows = e.Rows
					if !wantIndex {
						return
					}
					if d, err := discover.DecodePart(e.Search); err == nil {
						p.decoded = d
						return
					}
				}
			}
			b, diags := readBureau(rn.opt.Source, p.slug, rn.cfg)
			if b == nil || stops(diags, rn.opt.Strict) {
				found[i] = diags // not while the bureau's key holds
				return
			}
			_, p.rows, _, p.index = renderBureau(rn.st, rn.cfg, b, diags, output.NewFileSet())
		})
		for i, p := range ps {
			problems = append(problems, found[i]...)
			if wantRows {
				rows = rows.Append(p.rows)
			}
			switch {
			case !wantIndex:
			case p.index != nil:
				index.Append(p.index)
			case p.decoded != nil:
				index.AppendPart(p.decoded)
			}
		}
	}
	return rows, index, problems
}

// remake renders a bureau's folder again into the run's files (a lazy
// bureau whose files are gone from the store, or altered) and returns the problems of
// rendering it.
func (rn *run) remake(slug string) diag.List {
	b, found := readBureau(rn.opt.Source, slug, rn.cfg)
	if b == nil {
		return found
	}
	folder, problems := rn.st.Bureau(b, found)
	opendata.WriteReportsOf(b.Reports, rn.cfg, append(found, problems...), folder)
	rn.files.AddAll(folder)
	return problems
}

// folderKey fingerprints the bureau's folder: by content, except in a
// ModePreview run for a folder the watcher saw no change in since the last
// run, whose key is the one worked out then.
func (rn *run) folderKey(slug string) string {
	if rn.opt.Mode == ModePreview {
		if k, ok := rn.opt.Preview.knownKey(slug); ok {
			return k
		}
	}
	k := folderKey(rn.opt.Hasher, rn.opt.Lines, rn.opt.Source, rn.opt.Root, path.Join(load.ContentDir, slug))
	if rn.opt.Mode == ModePreview && k != "" {
		rn.opt.Preview.setKey(slug, k)
	}
	return k
}

// checkAll is a ModeCheck run: every bureau read and checked, on every core.
func checkAll(ctx context.Context, opt Options, top load.TopLevel, res *Result, diags *diag.List, finish func() (*Result, error)) (*Result, error) {
	found := make([]diag.List, len(top.Folders))
	bureaus := make([]*budget.Bureau, len(top.Folders))
	parallel.For(len(top.Folders), func(i int) {
		if ctx.Err() == nil {
			bureaus[i], found[i] = readBureau(opt.Source, top.Folders[i], top.Config)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, b := range bureaus {
		*diags = append(*diags, found[i]...)
		if b != nil {
			res.Site.Bureaus = append(res.Site.Bureaus, b)
			res.Bureaus++
			res.Reports += len(b.Reports)
		}
	}
	return finish()
}

// done is what a bureau contributes to a run.
type done struct {
	slug    string
	key     string          // of its entry in the store ("" when none)
	kept    bool            // reused from an earlier run
	head    buildcache.Head // what the joiner decides on; its Site is "" without a store
	fillErr error           // the joiner could not read it again
	b       *budget.Bureau
	diags   diag.List
	rows    opendata.Rows
	rowBuf  *opendata.RowBuffer // holds rows when they were made here: given back once joined
	index   *discover.Index     // the bureau's part of the search index, when its pages were made
	search  []byte              // or that part encoded, when they were reused,
	part    *discover.Part      // and read back (on the bureau's core, not in the join)
	partErr error
	stored  string // or the key of the store's entry that holds them (lean)
}

// storeReuse reuses the bureaus of a ModePublish run from the store: the
// destination's folder when it is as the last build left it, else the
// store's copy of the folder (linked files or a pack).
type storeReuse struct {
	c      *buildcache.Cache
	heads  *atomic.Bool // take the entry's head only (buildcache.LoadHead)
	models bool         // take the model from the head (run.headModels)
}

func (s storeReuse) reuse(slug, key string, files *output.FileSet) (*buildcache.Entry, bool) {
	load := s.c.Load
	switch {
	case s.heads.Load():
		load = s.c.LoadHead
	case s.models:
		load = func(key string) (*buildcache.Entry, bool) {
			e, ok := s.c.LoadParts(key)
			if ok {
				if e.Bureau, ok = siteModel(e.Head); !ok {
					return s.c.Load(key)
				}
			}
			return e, ok
		}
	}
	e, ok := load(key)
	if !ok || !s.c.Keep(slug, key, files) && !s.c.Restore(slug, key, files) {
		return nil, false
	}
	return e, true
}

func (s storeReuse) keep(slug, key string, e *buildcache.Entry, folder, files *output.FileSet) {
	files.AddAll(folder)
	s.c.Store(slug, key, e, folder, files) // after: it links the staged files
}

// stops reports whether problems stop a build.
func stops(l diag.List, strict bool) bool {
	return l.Errors() > 0 || strict && l.Warnings() > 0
}

// readBureau is the load and check phases of one bureau folder: the
// bureau (nil when the folder is none) and its problems, their places
// resolved to lines and columns and their source lines attached.
func readBureau(src fs.FS, slug string, cfg budget.Config) (*budget.Bureau, diag.List) {
	b, found := load.Bureau(src, slug, cfg.Unit)
	if b != nil {
		found = append(found, validate.WithoutWarningsIn(validate.Bureau(cfg, b), found)...)
	}
	attachSources(src, found)
	return b, found
}

// siteWide reports whether name is among the files made from the whole
// site (what a ModePreview run leaves for later besides pages).
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
// the places of keys (load.ResolveKeys) and the source excerpts.
func attachSources(src fs.FS, diags diag.List) {
	files := map[string][]byte{}
	for _, d := range diags {
		if d.Line == 0 && d.Offset == 0 && d.Key == "" || d.Source != "" {
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
	load.ResolveKeys(diags, files)
	diags.AttachSources(files)
}

// distinct is the years, each once, newest first.
func distinct(years []int) []int {
	out := slices.Clone(years)
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}

// reportYears lists the years of the reports in the bureau folders, from
// the names of their files: every page's navigation lists the years, so
// they are needed before the first bureau is read. (A year file that
// cannot be read is an error, and a build with errors makes no site.)
// The names are taken from the lines of the source's fingerprint where
// they hold the folder (2,000 folders listed again were 0.05 s of CPU of
// a build after an edit at 10,000 reports).
func reportYears(fsys fs.FS, folders []string, lines *stamp.Lines, root string) []int {
	var years []int
	for _, f := range folders {
		dir := path.Join(load.ContentDir, f)
		names, ok := lines.Files(root, dir)
		if !ok {
			entries, _ := fs.ReadDir(fsys, dir)
			names = names[:0]
			for _, e := range entries {
				if !e.IsDir() {
					names = append(names, e.Name())
				}
			}
		}
		for _, name := range names {
			if y, ok := reportYear(name); ok {
				years = append(years, y)
			}
		}
	}
	return years
}

// reportYear is the year of a report's file name ("2023.toml": 2023):
// four digits and ".toml", nothing else.
func reportYear(name string) (int, bool) {
	if len(name) != 9 || name[4:] != ".toml" {
		return 0, false
	}
	y := 0
	for _, c := range []byte(name[:4]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	return y, true
}
