// Package serve serves a built site from memory for `disclose serve`:
// the same bytes `build` writes, plus a self-hosted reload script and a
// problems overlay in HTML pages, and a server-sent events endpoint that
// tells each open page when it changed. After a failed build it keeps
// serving the last good site.
package serve

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/stamp"
)

//go:embed assets
var assets embed.FS

// Internal is the URL folder of the server's own files and events; it is
// not part of the site.
const Internal = "/_disclose/"

// CSP is the policy every response carries: the one the built site must
// work under on a real server.
const CSP = "default-src 'self'"

// Options configure a Server.
type Options struct {
	// Prefix is the URL path the site is served at ("/" by default; the
	// path of --baseURL, so that sub-path hosting is previewed as is).
	Prefix string
	// Lang is the language of the problems overlay.
	Lang i18n.Lang
	// Early answers requests until the first build is installed (see
	// site.OnDemand): the set holding the file at name, made for this
	// request, and the problems found in making it (with errors, no set);
	// ok false for a file that only the build makes, for which a page
	// saying it is being made is shown, reloading itself. Nil: every
	// page waits for the first build.
	Early func(name string) (files *output.FileSet, problems diag.List, ok bool)
}

// Server is an http.Handler over the current site. Update installs each
// build's outcome; Run must be running for the event stream.
type Server struct {
	prefix string
	lang   i18n.Lang
	boot   string // tells this process's tokens from a previous one's
	hub    *hub
	early  func(string) (*output.FileSet, diag.List, bool) // until the first Install

	mu sync.RWMutex
	st state
}

// state is what one build left, with what the server remembers of the
// previous ones.
type state struct {
	files    *output.FileSet   // last good site; nil before the first one
	later    Later             // what the build left for later
	sums     map[string][]byte // output path → content key, for the diff
	errors   diag.List         // of the latest build when it failed
	warnings diag.List         // of the latest build
	gen      uint64            // counts the updates
	pageGen  map[string]uint64 // output path → update that last changed it
	allGen   uint64            // update that last changed every page (overlay, warnings, assets)
}

// New returns a server with no site yet: it answers every page with the
// overlay until the first Update.
func New(opt Options) *Server {
	prefix := opt.Prefix
	if prefix == "" || !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &Server{
		prefix: prefix,
		lang:   opt.Lang,
		boot:   strconv.FormatInt(time.Now().UnixNano(), 36),
		hub:    newHub(),
		early:  opt.Early,
		st:     state{pageGen: map[string]uint64{}, sums: map[string][]byte{}},
	}
}

// Prefix is the URL path the site is served at.
func (s *Server) Prefix() string { return s.prefix }

// Outcome is what an Update did.
type Outcome struct {
	// Changed lists the output paths whose content changed, were added or
	// were removed (sorted); empty when the build failed.
	Changed []string
	// Pages counts the HTML pages among Changed.
	Pages int
	// Reloaded counts the browsers told to reload.
	Reloaded int
}

// Update installs a build's outcome: files is the new site, or nil when
// the build failed, in which case the last good site stays and every page
// shows the errors among diags. Browsers showing a page that changed (or
// every page, when the overlay or the warnings changed) reload.
func (s *Server) Update(files *output.FileSet, diags diag.List) Outcome {
	return s.Install(files, Later{}, diags)
}

// Later is what a build left to be made when asked for (see
// a site.ModePreview run): files no open page shows (data tables, the search
// index, index pages no browser has open).
type Later struct {
	// Pages are the pages left for later: they are not counted as changed
	// (nobody looks at them), and are made when asked for.
	Pages []string
	// Make adds the file at name (and the files made with it), or all
	// with name "", to the build's files, and returns the problems found
	// in making them.
	Make func(name string) diag.List
}

// bySeverity splits problems into the errors, which stop a build and
// cover its pages, and the rest, shown over the pages.
func bySeverity(problems diag.List) (errs, warns diag.List) {
	for _, d := range problems {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		} else {
			warns = append(warns, d)
		}
	}
	return errs, warns
}

// Install is Update for a site some of whose files were left for later:
// later.Make runs when a request asks for a file that is not there.
func (s *Server) Install(files *output.FileSet, later Later, diags diag.List) Outcome {
	errs, warns := bySeverity(diags)
	var out Outcome
	s.mu.Lock()
	st := &s.st
	st.gen++
	s.early = nil // the build answers from now on, failed or not
	all := !sameDiags(st.errors, errs) || !sameDiags(st.warnings, warns)
	if files == nil && len(errs) == 0 {
		errs = diag.List{{Severity: diag.Error, Message: i18n.T("serve.no_site")}}
	}
	st.errors, st.warnings = errs, warns
	if files != nil {
		st.later = later
		var sums map[string][]byte
		unknown := map[string]bool{} // left for later: not known to differ
		for _, p := range later.Pages {
			unknown[p] = true
		}
		if from, touched := files.Touched(); from != nil && from == st.files {
			// A clone of the site served: only what the rebuild touched
			// can differ.
			sums = maps.Clone(st.sums)
			for _, p := range touched {
				if f, ok := files.Get(p); ok {
					sums[p] = contentKey(f, p, from, st.sums)
				} else {
					delete(sums, p)
				}
				if old, now := st.sums[p], sums[p]; !bytes.Equal(old, now) && !unknown[p] {
					out.Changed = append(out.Changed, p)
				}
			}
		} else {
			sums = contentKeys(files, st.files, st.sums)
			for p, sum := range sums {
				if old, ok := st.sums[p]; !ok || !bytes.Equal(old, sum) {
					out.Changed = append(out.Changed, p)
				}
			}
			for p := range st.sums {
				if _, ok := sums[p]; !ok && !unknown[p] {
					out.Changed = append(out.Changed, p)
				}
			}
		}
		for _, p := range out.Changed {
			switch {
			case path.Ext(p) == ".html":
				out.Pages++
				st.pageGen[p] = st.gen
			case shownInPages(p):
				// A page may show an image or run a script that changed:
				// the server cannot tell which, so every page reloads.
				all = true
			}
		}
		st.files, st.sums = files, sums
	}
	changed := map[string]bool{}
	if files != nil {
		// A browser that opened a page left for later while the build ran
		// shows it as it was: it reloads, though the page is not counted.
		for _, p := range later.Pages {
			st.pageGen[p] = st.gen
			changed[p] = true
		}
	}
	if all {
		st.allGen = st.gen
	}
	gen := st.gen
	s.mu.Unlock()
	slices.Sort(out.Changed)
	for _, p := range out.Changed {
		changed[p] = true
	}
	out.Reloaded = s.hub.notify(func(page string) bool { return all || changed[page] }, gen)
	return out
}

// shownInPages reports whether pages may show or run the file at p (a
// style sheet, script, image, font): a change to it reloads every page.
// Data files and documents that pages only link to do not, nor does the
// search index, which a query loads afresh.
func shownInPages(p string) bool {
	if strings.HasPrefix(p, discover.SearchDir+"/") {
		return false
	}
	switch path.Ext(p) {
	case ".csv", ".json", ".xml", ".txt", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".ofd", ".wps", ".gz", ".br":
		return false
	}
	return true
}

// contentKeys gives each file a key that changes with its content: a
// hash of the bytes a build made, the size and time of a copied file
// (attachments can be large; hashing them on every edit would be slow).
// Bytes that a partial rebuild took over from the previous set (the same
// memory) keep their previous key without being hashed again.
func contentKeys(files, prev *output.FileSet, prevKeys map[string][]byte) map[string][]byte {
	keys := make(map[string][]byte, files.Len())
	files.Each(func(p string, f output.File) { keys[p] = contentKey(f, p, prev, prevKeys) })
	return keys
}

// contentKey is the key of one file of files (see contentKeys).
func contentKey(f output.File, p string, prev *output.FileSet, prevKeys map[string][]byte) []byte {
	if f.From != nil {
		info, err := fs.Stat(f.From, f.FromPath)
		if err != nil {
			return []byte("missing")
		}
		// An attachment is not read to tell whether it changed: its size,
		// mtime, and the inode and change time that every write changes.
		id, _ := stamp.IdentityOf(info)
		return fmt.Appendf(nil, "copy %s %d %d %d %d", f.FromPath, info.Size(), info.ModTime().UnixNano(), id.Inode, id.CTime)
	}
	if prev != nil && len(f.Data) > 0 && prevKeys[p] != nil {
		if old, ok := prev.Get(p); ok && len(old.Data) == len(f.Data) && &old.Data[0] == &f.Data[0] {
			return prevKeys[p]
		}
	}
	sum := sha256.Sum256(f.Data)
	return sum[:]
}

func sameDiags(a, b diag.List) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// token names the version of a page that a browser shows: it changes
// whenever the page or the overlay does.
func (s *Server) token(page string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tokenLocked(page)
}

func (s *Server) tokenLocked(page string) string {
	return s.boot + "." + strconv.FormatUint(max(s.st.pageGen[page], s.st.allGen), 10)
}

// ServeHTTP serves the site, the server's own files and the events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store") // a preview must never show a stale page
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if strings.HasPrefix(p, Internal) {
		s.serveInternal(w, r, strings.TrimPrefix(p, Internal))
		return
	}
	if !strings.HasPrefix(p, s.prefix) {
		if p == "/" || p+"/" == s.prefix {
			http.Redirect(w, r, s.prefix, http.StatusFound)
			return
		}
		s.serveMissing(w, r, "")
		return
	}
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, s.prefix)), "/")
	if strings.HasSuffix(p, "/") {
		rel = path.Join(rel, "index.html")
	}
	s.mu.RLock()
	files, finish, early := s.st.files, s.st.later.Make, s.early
	s.mu.RUnlock()
	if early != nil {
		s.serveEarly(w, r, p, rel, early)
		return
	}
	if files == nil {
		s.servePage(w, r, rel, nil, http.StatusServiceUnavailable)
		return
	}
	if finish != nil && !files.Has(rel) {
		problems := finish(rel)
		if path.Ext(rel) == "" {
			problems = append(problems, finish(rel+"/index.html")...)
		}
		if problems.Errors() > 0 {
			http.Error(w, strings.Join(formatEach(problems, s.lang), "\n"), http.StatusInternalServerError)
			return
		}
	}
	made := func(name string) ([]byte, bool) {
		if finish != nil && !files.Has(name) {
			finish(name)
		}
		data, err := files.Bytes(name)
		return data, err == nil
	}
	s.serveFile(w, r, p, rel, files, made, func(data []byte) { s.servePage(w, r, rel, data, http.StatusOK) })
}

// serveFile answers with the file at rel of files (p is the request's
// path), HTML pages through page. made gives another file of the site
// (an asset's .gz copy), making it if it was left for later; false when
// there is none.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, p, rel string, files *output.FileSet, made func(name string) ([]byte, bool), page func(data []byte)) {
	if rel != "index.html" && !strings.HasSuffix(p, "/") && !files.Has(rel) && files.Has(rel+"/index.html") {
		// Pages link relatively: a folder must end in a slash.
		target := p + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	data, err := files.Bytes(rel)
	if err != nil {
		s.serveMissing(w, r, rel)
		return
	}
	if path.Ext(rel) == ".html" {
		page(data)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(rel))
	if strings.HasPrefix(rel, "assets/") {
		// The theme's assets have precompressed copies (package
		// precompress), sent as a web server with gzip_static would.
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			if z, ok := made(rel + ".gz"); ok {
				h.Set("Content-Encoding", "gzip")
				data = z
			}
		}
	}
	http.ServeContent(w, r, path.Base(rel), time.Time{}, bytes.NewReader(data))
}

// serveEarly answers a request made before the first build was
// installed: a bureau's file from early (made for it, with the bureau's
// problems over its pages as after a build), else a short page saying
// that the file is being made. Browsers showing either reload when the
// build is installed.
func (s *Server) serveEarly(w http.ResponseWriter, r *http.Request, p, rel string, early func(string) (*output.FileSet, diag.List, bool)) {
	files, problems, ok := early(rel)
	if !ok && path.Ext(rel) == "" {
		files, problems, ok = early(rel + "/index.html") // a folder without its slash
	}
	if !ok {
		s.servePending(w, r, rel)
		return
	}
	errs, warns := bySeverity(problems)
	if files == nil || len(errs) > 0 {
		s.servePageWith(w, r, rel, nil, http.StatusServiceUnavailable, errs, warns, false)
		return
	}
	// An asset's .gz copy is made on demand too (OnDemand.File), so
	// that the theme's assets go out as after the build.
	made := func(name string) ([]byte, bool) {
		set := files
		if !set.Has(name) {
			more, problems, ok := early(name)
			if !ok || more == nil || problems.Errors() > 0 {
				return nil, false
			}
			set = more
		}
		data, err := set.Bytes(name)
		return data, err == nil
	}
	s.serveFile(w, r, p, rel, files, made, func(data []byte) {
		s.servePageWith(w, r, rel, data, http.StatusOK, nil, warns, true)
	})
}

// servePending says that the file at rel is being made (503, to be asked
// again): an HTML page that refreshes itself every 2 seconds by a meta
// element (the CSP forbids inline script), and the reload script.
func (s *Server) servePending(w http.ResponseWriter, r *http.Request, rel string) {
	w.Header().Set("Retry-After", "2")
	title := i18n.Sprintf(s.lang, "serve.pending")
	text := i18n.Sprintf(s.lang, "serve.pending_text")
	if ext := path.Ext(rel); ext != ".html" && ext != "" {
		http.Error(w, title+"\n"+text, http.StatusServiceUnavailable)
		return
	}
	lang := "zh-CN"
	if s.lang == i18n.En {
		lang = "en"
	}
	page := fmt.Sprintf("<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\"><title>%s</title></head><body><main><h1>%s</h1><p>%s</p></main></body></html>\n",
		lang, template.HTMLEscapeString(title), template.HTMLEscapeString(title), template.HTMLEscapeString(text))
	s.servePageWith(w, r, rel, []byte(page), http.StatusServiceUnavailable, nil, nil, false)
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip
// (named, or "*", without q=0).
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzip = q
		case "*":
			star = q
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}

// serveMissing answers 404 with the site's 404.html; rel is the page that
// browsers showing it wait for.
func (s *Server) serveMissing(w http.ResponseWriter, r *http.Request, rel string) {
	s.mu.RLock()
	files := s.st.files
	s.mu.RUnlock()
	var data []byte
	if files != nil {
		data, _ = files.Bytes("404.html")
	}
	if data == nil {
		data = []byte("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404</title></head><body><p>页面未找到</p></body></html>\n")
	}
	s.servePage(w, r, rel, data, http.StatusNotFound)
}

// servePage writes an HTML page with the reload script and, when the last
// build failed, the problems overlay. data nil is a page the server has
// nothing for yet (no good build so far).
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, rel string, data []byte, status int) {
	s.mu.RLock()
	errs, warns, hasSite := s.st.errors, s.st.warnings, s.st.files != nil
	s.mu.RUnlock()
	s.servePageWith(w, r, rel, data, status, errs, warns, hasSite)
}

// servePageWith is servePage with the problems to show.
func (s *Server) servePageWith(w http.ResponseWriter, r *http.Request, rel string, data []byte, status int, errs, warns diag.List, hasSite bool) {
	tok := s.token(rel)
	if data == nil {
		data = []byte("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>disclose serve</title></head><body><p>还没有成功构建的网站。</p></body></html>\n")
	}
	var head, body bytes.Buffer
	fmt.Fprintf(&head, `<link rel="stylesheet" href="%sserve.css"><script src="%sreload.js" data-events="%sevents" data-page="%s" data-token="%s" defer></script>`,
		Internal, Internal, Internal, template.HTMLEscapeString(rel), template.HTMLEscapeString(tok))
	view := overlayView{Errors: formatEach(errs, s.lang), Warnings: formatEach(warns, s.lang), HasSite: hasSite}
	view.Title = i18n.Sprintf(s.lang, "serve.overlay_title", len(errs))
	view.WarningsTitle = i18n.Sprintf(s.lang, "serve.overlay_warnings", len(warns))
	view.Close = i18n.Sprintf(s.lang, "serve.overlay_close")
	view.LastGood = i18n.Sprintf(s.lang, "serve.overlay_last_good")
	view.Reloads = i18n.Sprintf(s.lang, "serve.overlay_reloads")
	if err := overlayTmpl.Execute(&body, view); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page := Inject(data, head.Bytes(), body.Bytes())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(page)
	}
}

// formatEach writes each problem with the one formatter of package diag,
// as `check` prints it, in lang.
func formatEach(l diag.List, lang i18n.Lang) []string {
	var out []string
	for _, d := range l {
		var b strings.Builder
		diag.List{d}.Write(&b, lang)
		out = append(out, strings.TrimRight(b.String(), "\n"))
	}
	return out
}

type overlayView struct {
	Errors, Warnings []string
	HasSite          bool // a good build is shown under the overlay
	// The overlay's own words, in the editor's language.
	Title, WarningsTitle, Close, LastGood, Reloads string
}

var overlayTmpl = template.Must(template.New("overlay").Parse(`
{{- if .Errors -}}
<div class="disclose-overlay" role="alertdialog" aria-modal="true" aria-labelledby="disclose-overlay-title">
<div class="disclose-overlay-box">
<button type="button" class="disclose-overlay-close">{{.Close}}</button>
<h2 id="disclose-overlay-title">{{.Title}}</h2>
<p>{{if .HasSite}}{{.LastGood}}{{end}}{{.Reloads}}</p>
{{range .Errors}}<pre class="disclose-problem">{{.}}</pre>
{{end}}</div>
</div>
{{- end -}}
{{- if .Warnings -}}
<details class="disclose-warnings">
<summary>{{.WarningsTitle}}</summary>
{{range .Warnings}}<pre class="disclose-problem">{{.}}</pre>
{{end}}</details>
{{- end -}}
`))

func (s *Server) serveInternal(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "events":
		s.serveEvents(w, r)
	case "reload.js", "serve.css":
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	default:
		http.NotFound(w, r)
	}
}

// contentType is the media type of a file by its extension; text types
// are UTF-8, as the generator writes them.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".txt", "":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
