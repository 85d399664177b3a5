package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// The whole-site files of a build after an edit. They depend on every
// bureau, but on little of each: the pages of the whole site, the
// site-wide tables, sitemap and feed read a bureau's thinned model, its
// rows and the paths of its folder, all digested in its entry's head
// (buildcache.Head.Site), and the search index reads its search part. A
// build that publishes with a store therefore joins the bureaus lazily:
// while each bureau's digest is the one the last build into the
// destination recorded (buildcache.Whole), in the same order under the
// same global key, it reads only heads; at the end it keeps the
// whole-site files as they are in the destination (when they are as that
// build left them), and patches the search index's files for the bureaus
// whose search part changed (discover.Patch) when no document moved.
// Once a bureau differs, or the destination does not hold what the last
// build left, the bureaus held back are read from the store in order
// and everything is joined and made as before: a changed figure is
// always made again everywhere it shows.

// joiner joins, in a ModePublish run, what the bureaus give the
// whole-site files, in folder order (add, under the run's lock).
type joiner struct {
	rn      *run
	results []*done
	last    buildcache.Whole
	n       int // bureaus added (present ones)

	siteLazy, searchLazy bool // still held back: the last build's may stand
	// rowsLazy: the bureaus' rows of the site-wide tables are still held
	// back, in the store: a table that must be made again may be spliced
	// from the last build's (tables.go), the same bureaus in the same
	// order.
	rowsLazy                       bool
	pendSite, pendSearch, pendRows []int // indices in results held back

	tables *opendata.TableFiles // the rows, on disk (a staged set), or
	rows   opendata.Rows        // in memory
	index  *discover.Index
	err    error
}

func newJoiner(rn *run, results []*done, tables *opendata.TableFiles) *joiner {
	j := &joiner{rn: rn, results: results, tables: tables, rows: make(opendata.Rows, len(opendata.TableNames)), index: discover.NewIndex()}
	if rn.opt.Mode == ModePublish && rn.opt.Store != nil && rn.global != "" {
		if last, ok := rn.opt.Store.LastWhole(); ok && last.Global == rn.global && len(last.Slugs) == len(last.Sites) &&
			len(last.Slugs) == len(last.Keys) && len(last.Slugs) == len(last.Docs) {
			j.last = last
			j.siteLazy = len(last.Files) > 0
			j.searchLazy = true
			j.rowsLazy = j.siteLazy && tables != nil
		}
	}
	return j
}

// lazy reports whether a kept bureau may be taken by its head alone
// (buildcache.LoadHead): the run may keep the last build's whole-site
// files, or make them from the heads and the last build's tables.
func (j *joiner) lazy() bool { return j.siteLazy || j.searchLazy || j.rowsLazy }

// add joins the bureau of results[i] (a bureau, or a folder that is
// none).
func (j *joiner) add(i int) {
	r := j.results[i]
	if !r.present() {
		return
	}
	n := j.n
	j.n++
	same := n < len(j.last.Slugs) && j.last.Slugs[n] == r.slug && r.key != "" && r.head.Site != ""
	j.stop(j.siteLazy && !(same && j.last.Sites[n] == r.head.Site), j.searchLazy && !(same && j.last.Docs[n] == r.head.Docs),
		j.rowsLazy && !(same && len(r.head.RowBytes) == len(opendata.TableNames) && len(r.head.Parts.Tables) == len(opendata.TableNames)))
	if j.siteLazy {
		j.pendSite = append(j.pendSite, i)
	}
	if j.searchLazy {
		j.pendSearch = append(j.pendSearch, i)
	}
	if j.rowsLazy {
		j.pendRows = append(j.pendRows, i)
		r.rows = nil // in the store (a key is the same), if they are needed after all
		r.rowBuf.Release()
		r.rowBuf = nil
	}
	if j.siteLazy && j.searchLazy && r.key != "" {
		r.index, r.search, r.part = nil, nil, nil // in the store, if they are needed after all
		if j.rowsLazy {
			return
		}
	}
	j.flush([]int{i}, !j.siteLazy, !j.rowsLazy, !j.searchLazy)
}

// stop ends holding back the bureaus for the site's pages (site), the
// search index (search) or the site-wide tables (rows), joining those
// held back.
func (j *joiner) stop(site, search, rows bool) {
	if site {
		j.siteLazy = false
		j.flush(j.pendSite, true, false, false)
		j.pendSite = nil
	}
	if search {
		j.searchLazy = false
	}
	if rows {
		j.rowsLazy = false
	}
	if rows && search && slices.Equal(j.pendRows, j.pendSearch) {
		j.flush(j.pendRows, false, true, true) // each entry read once
	} else {
		if rows {
			j.flush(j.pendRows, false, true, false)
		}
		if search {
			j.flush(j.pendSearch, false, false, true)
		}
	}
	if search {
		j.pendSearch = nil
	}
	if rows {
		j.pendRows = nil
	}
	if !j.lazy() {
		j.rn.heads.Store(false) // the bureaus still to come are read whole, on their cores
	}
}

// flush completes the bureaus of results at idx (in order) with their
// models (model), and joins their rows of the site-wide tables (rows)
// and their parts of the search index (search), read from the store
// where the run does not hold them.
func (j *joiner) flush(idx []int, model, rows, search bool) {
	if len(idx) == 0 || !model && !rows && !search {
		return
	}
	const chunk = 64 // entries read at once: memory stays bounded
	for start := 0; start < len(idx); start += chunk {
		ds := make([]*done, 0, chunk)
		for _, i := range idx[start:min(start+chunk, len(idx))] {
			ds = append(ds, j.results[i])
		}
		parallel.For(len(ds), func(k int) { j.rn.fill(ds[k], model, rows, search) })
		for _, d := range ds {
			if d.fillErr != nil && j.err == nil {
				j.err = d.fillErr
			}
			if rows {
				if j.tables != nil {
					j.tables.Append(d.rows) // copied: the buffer may take a later bureau's rows
					d.rowBuf.Release()
				} else {
					j.rows = j.rows.Append(d.rows)
				}
				d.rows, d.rowBuf = nil, nil
			}
			if search {
				switch {
				case d.index != nil:
					j.index.Append(d.index)
					d.index.Release() // for the bureaus still to come
				case d.part != nil:
					j.index.AppendPart(d.part)
				case j.err == nil:
					j.err = fmt.Errorf("the build cache of %s: %w (build with --force)", d.slug, d.partErr)
				}
				d.index, d.part, d.search = nil, nil, nil
				j.index.EmitFullChunks(j.rn.files.Add) // documents are not held to the end
			}
		}
	}
}

// fill completes a bureau taken by its head, or whose rows and search
// part were let go, from its head and the store (or, where the store
// fails, by reading and rendering it again): its model for model (the
// head's site model where the run may take it, run.headModels), its
// rows for rows, its search part for search.
func (rn *run) fill(d *done, model, rows, search bool) {
	needModel := model && d.b == nil
	needRows := rows && d.rows == nil
	needSearch := search && d.index == nil && d.part == nil
	if needModel && rn.headModels {
		if b, ok := siteModel(d.head); ok {
			d.b, needModel = b, false
		}
	}
	if needSearch && d.search != nil {
		d.part, d.partErr = discover.DecodePart(d.search)
		needSearch = d.partErr != nil
	}
	if !needModel && !needRows && !needSearch {
		return
	}
	load := rn.opt.Store.LoadParts
	if needModel {
		load = rn.opt.Store.Load
	}
	if e, ok := load(d.key); ok {
		if needModel {
			d.b = e.Bureau
		}
		if needRows {
			d.rows = e.Rows
		}
		if needSearch {
			d.part, d.partErr = discover.DecodePart(e.Search)
		}
		if d.partErr == nil || !needSearch {
			return
		}
	}
	b, found := readBureau(rn.opt.Source, d.slug, rn.cfg)
	if b == nil || stops(found, rn.opt.Strict) {
		d.fillErr = fmt.Errorf("the build cache of %s is damaged and the bureau cannot be read again (build with --force)", d.slug)
		return
	}
	_, rows2, _, index := renderBureau(rn.st, rn.cfg, b, found, output.NewFileSet())
	for _, r := range b.Reports {
		r.DropDetail()
	}
	if d.b == nil {
		d.b = b
	}
	d.rows, d.index, d.part, d.partErr = rows2, index, nil, nil
}

// siteModel is the bureau of head h as its site model has it
// (buildcache.DecodeSiteModel), its reports summarized (budget.Report.
// Summarize: the run keeps it for the pages of the whole site only, and
// at 20,000 reports the projects were over half the heap held to the
// end); false when the head holds none that fits.
func siteModel(h buildcache.Head) (*budget.Bureau, bool) {
	b, ok := buildcache.DecodeSiteModel(h.Model)
	if !ok || len(b.Reports) != len(h.Years) {
		return nil, false
	}
	for i, r := range b.Reports {
		if r.Year != h.Years[i] {
			return nil, false
		}
		r.Summarize()
	}
	return b, true
}

// end decides, once every bureau was added, whether the whole-site files
// (site: for wholeSite to keep) and the search index's (search: patched
// and kept in the run's files here) of the last build stand. Otherwise
// it joins what was held back, for them to be made.
func (j *joiner) end() (siteKept, searchKept bool) {
	whole := j.n == len(j.last.Slugs)
	siteKept = j.siteLazy && whole && j.rn.opt.Store.FilesIntact(j.last.Files)
	searchKept = j.searchLazy && whole && j.patchSearch()
	// The rows stay held back while the tables may be spliced from the
	// last build's (publishWhole), the same bureaus in the same order.
	j.stop(j.siteLazy && !siteKept, j.searchLazy && !searchKept, j.rowsLazy && !siteKept && !whole)
	return siteKept, searchKept
}

// patchSearch writes the files of the search index that the bureaus
// whose search part changed since the last build change, and keeps the
// others as they are in the destination; false, with nothing kept, when
// it cannot (the destination's index is not as the last build left it,
// the number of shards changed, a part is not in the store).
func (j *joiner) patchSearch() bool {
	store := j.rn.opt.Store
	docs, postings := 0, 0
	var changes []discover.Change
	n := 0
	for _, i := range j.pendSearch {
		d := j.results[i]
		if d.key != j.last.Keys[n] {
			old, ok := store.Load(j.last.Keys[n])
			if !ok {
				return false
			}
			oldPart, err := discover.DecodePart(old.Search)
			if err != nil {
				return false
			}
			j.rn.fill(d, false, false, true)
			part := d.part
			if d.index != nil {
				part, err = discover.DecodePart(d.index.Encode())
			}
			if part == nil || err != nil || part.Docs() != oldPart.Docs() {
				return false
			}
			changes = append(changes, discover.Change{Base: docs, Old: oldPart, New: part})
			d.index, d.part, d.search = nil, nil, nil
		}
		docs += d.head.Docs
		postings += d.head.Postings
		n++
	}
	if discover.Shards(postings) != discover.Shards(j.last.Postings) || !store.TopIntact(discover.SearchDir) {
		return false
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(store.Dest(p)) }
	made, err := discover.Patch(docs, postings, changes, read, j.rn.files.Add)
	if err != nil {
		return false
	}
	var keep []string
	for _, p := range searchFiles(docs, postings) {
		if !slices.Contains(made, p) {
			keep = append(keep, p)
		}
	}
	return store.KeepFiles(keep, j.rn.files)
}

// feed writes the site's feed with the entries of the bureaus whose site
// digest is the last build's copied from the feed that build left in the
// destination (discover.FeedReusing): false when there is none to copy
// from (no last build of the same global key, its feed not as it left
// it). The digest covers all an entry reads of its bureau (the model the
// feed is written from), and the global key the base URL and the
// program.
func (j *joiner) feed(s *budget.Site) (feed []byte, reused int, ok bool) {
	store := j.rn.opt.Store
	if j.last.Global == "" || !slices.Contains(j.last.Files, discover.FeedPath) || !store.FilesIntact([]string{discover.FeedPath}) {
		return nil, 0, false
	}
	last, err := os.ReadFile(store.Dest(discover.FeedPath))
	if err != nil {
		return nil, 0, false
	}
	lastSite := make(map[string]string, len(j.last.Slugs))
	for n, slug := range j.last.Slugs {
		lastSite[slug] = j.last.Sites[n]
	}
	same := make(map[*budget.Bureau]bool, len(j.results))
	for _, d := range j.results {
		if d.b != nil && d.key != "" && d.head.Site != "" && lastSite[d.slug] == d.head.Site {
			same[d.b] = true
		}
	}
	base, _ := permalink.ParseBase(s.Config.BaseURL)
	feed, reused = discover.FeedReusing(base, s, last, func(b *budget.Bureau) bool { return same[b] })
	return feed, reused, true
}

// searchFiles are the paths of the files of a search index of docs
// documents and postings postings (discover.Index.EachFile).
func searchFiles(docs, postings int) []string {
	out := []string{discover.SearchDir + "/index.js"}
	for s := range discover.Shards(postings) {
		out = append(out, discover.SearchDir+"/t-"+strconv.Itoa(s)+".js")
	}
	for c := range (docs + discover.DocChunk - 1) / discover.DocChunk {
		out = append(out, discover.SearchDir+"/d-"+strconv.Itoa(c)+".js")
	}
	return out
}

// The groups of whole-site files. When a bureau's Site digest changed,
// the whole-site files are made again, but only those of the groups
// that read what changed: each group's digest is made from the parts of
// every bureau it reads (buildcache.Parts), and a group whose digest is
// the last build's, with its files as that build left them, stands.
// A changed figure of 2023 thus remakes the home page and feed (which
// sum and list every report), the page of 2023 and the tables holding
// the figure; the open-data page, the other years, the sitemap and the
// other tables are kept.

// groupOf names the group of the whole-site file at p: "" for a file
// of no group, made again whenever any is.
func groupOf(p string) string {
	switch p {
	case "index.html", charts.PageCSVName, discover.FeedPath:
		return "home"
	case permalink.Data:
		return "data"
	case discover.SitemapPath:
		return "sitemap"
	case "404.html", discover.RobotsPath, opendata.PackagePath, opendata.SchemaPath:
		return "site" // the configuration and the years only: the global key
	}
	dir, file, _ := strings.Cut(p, "/")
	if y, err := strconv.Atoi(dir); err == nil && (file == "index.html" || file == charts.PageCSVName) && strconv.Itoa(y) == dir {
		return "year:" + dir
	}
	if dir == opendata.DataDir {
		for _, name := range opendata.TableNames {
			if file == name+".csv" {
				return "table:" + name
			}
		}
	}
	return ""
}

// groupInput is what the group reads of a bureau of the given head.
func groupInput(group string, h buildcache.Head) string {
	pt := h.Parts
	switch {
	case group == "home":
		return pt.Names + strings.Join(pt.Reports, "")
	case group == "data":
		return pt.Names
	case group == "sitemap":
		return pt.Paths
	case group == "site":
		return ""
	case strings.HasPrefix(group, "year:"):
		in := pt.Names
		for i, y := range h.Years {
			if strconv.Itoa(y) == group[len("year:"):] && i < len(pt.Reports) {
				in += pt.Reports[i]
			}
		}
		return in
	case strings.HasPrefix(group, "table:"):
		for k, name := range opendata.TableNames {
			if group == "table:"+name && k < len(pt.Tables) {
				return pt.Tables[k]
			}
		}
	}
	return "\x00" // unknown: never the same as a part
}

// groupDigests digests, for each group of files, what it reads of every
// bureau present in results, in order; nil when a bureau has no head
// from the store.
func groupDigests(files []string, results []*done) map[string]string {
	hs := map[string]hash.Hash{}
	for _, p := range files {
		if g := groupOf(p); g != "" && hs[g] == nil {
			hs[g] = sha256.New()
		}
	}
	for _, d := range results {
		if !d.present() {
			continue
		}
		if d.key == "" || d.head.Site == "" {
			return nil
		}
		for g, h := range hs {
			io.WriteString(h, d.slug+"\x00"+groupInput(g, d.head)+"\n")
		}
	}
	out := make(map[string]string, len(hs))
	for g, h := range hs {
		out[g] = hex.EncodeToString(h.Sum(nil)[:16])
	}
	return out
}

// standing returns the groups of whole-site files that stand: made by
// the last build into the destination under the same global key from
// the same parts of the same bureaus, their files as it left them.
func (j *joiner) standing() map[string]bool {
	if j.last.Global == "" || len(j.last.Groups) == 0 || !j.rn.files.Staged() {
		return nil
	}
	now := groupDigests(j.last.Files, j.results)
	stand := map[string]bool{}
	files := map[string][]string{}
	for _, p := range j.last.Files {
		files[groupOf(p)] = append(files[groupOf(p)], p)
	}
	for g, d := range now {
		if g != "" && d == j.last.Groups[g] && j.rn.opt.Store.FilesIntact(files[g]) {
			stand[g] = true
		}
	}
	return stand
}

// record keeps, for the next build, what this one made of the whole
// site: paths are the site's, in any order, when the whole-site files
// were made (nil: kept from the last build, whose list stands); the
// whole-site ones among them are kept sorted.
func (j *joiner) record(paths []string, bureaus map[string]bool) {
	store := j.rn.opt.Store
	if j.rn.opt.Mode != ModePublish || store == nil || j.rn.global == "" {
		return
	}
	w := buildcache.Whole{Global: j.rn.global}
	for _, d := range j.results {
		if !d.present() {
			continue
		}
		if d.key == "" || d.head.Site == "" {
			return // a bureau not in the store: nothing stands for the next build
		}
		w.Slugs = append(w.Slugs, d.slug)
		w.Sites = append(w.Sites, d.head.Site)
		w.Keys = append(w.Keys, d.key)
		w.Docs = append(w.Docs, d.head.Docs)
		w.Postings += d.head.Postings
	}
	if paths == nil {
		w.Files = j.last.Files
	} else {
		copied := j.rn.st.Copied()
		for _, p := range paths {
			top, _, _ := strings.Cut(p, "/")
			if !bureaus[top] && top != discover.SearchDir && !copied.Has(p) {
				w.Files = append(w.Files, p)
			}
		}
		slices.Sort(w.Files)
	}
	w.Groups = groupDigests(w.Files, j.results)
	store.SetWhole(w)
}

// present reports whether the folder was a bureau (read, or kept).
func (d *done) present() bool { return d.b != nil || d.kept }
