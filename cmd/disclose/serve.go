package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/serve"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/watch"
)

// pollInterval is how often --poll looks at the files.
const pollInterval = 300 * time.Millisecond

// serveCmd builds the site in memory, serves it, and rebuilds and reloads
// the open pages whenever the source changes, until ctx is done.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := common{lang: langOf(args, os.Getenv)}
	fs := newFlags("serve", stderr)
	c.register(fs)
	bind := fs.String("bind", "127.0.0.1", c.msg("flag.bind"))
	port := fs.Int("port", 1313, c.msg("flag.port"))
	fs.IntVar(port, "p", 1313, c.msg("flag.shorthand", "--port"))
	poll := fs.Bool("poll", false, c.msg("flag.poll"))
	cpuProfile := fs.String("cpuprofile", "", c.msg("flag.cpuprofile_serve"))
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.msg("cli.unexpected_argument", "serve", fs.Arg(0)))
		return exitUsage
	}
	if *cpuProfile != "" {
		// Where serve's runs spend their time, as build's flag does
		// (docs/performance.md); written when serve stops.
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, c.msg("cli.failed", "serve", err.Error()))
			return exitUsage
		}
		defer stop()
	}
	// The site is served under the path of its base URL (--baseURL, else
	// site.toml's base_url), as it will be published, and rendered with
	// the same options as `disclose build`: serve takes from the cache
	// folder's store what a build made, and a build what serve made.
	base := c.baseURL
	if base == "" {
		base = load.Top(os.DirFS(c.source)).Config.BaseURL
	}
	prefix := "/"
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || u.Scheme == "" {
			fmt.Fprintln(stderr, c.msg("cli.bad_baseurl", base))
			return exitUsage
		}
		prefix = u.Path
		if !strings.HasSuffix(prefix, "/") {
			prefix += "/"
		}
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintln(stderr, c.msg("cli.port_in_use", strconv.Itoa(*port), *bind, strconv.Itoa(*port+1)))
		} else {
			fmt.Fprintln(stderr, c.msg("cli.failed", "serve", err.Error()))
		}
		return exitUsage
	}
	defer ln.Close()
	host := *bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	origin := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))

	defer limitServeMemory()()
	lv := &live{c: c, stdout: stdout, stderr: stderr, preview: site.NewPreview()}
	// The site's cache folder, shared with build and check: bureaus that
	// an earlier build or serve made with the same inputs are taken from
	// its store, and what this serve makes is kept there.
	if root := c.cacheRoot(); root != "" {
		lv.store = buildcache.OpenStore(root)
		lv.hasher = hasher(root)
		defer lv.hasher.Save()
	} else {
		lv.hasher = hasher("")
	}
	lv.program, _ = lv.hasher.Program()
	// Until the first build is done, a bureau's pages are made when they
	// are asked for (listening does not wait for a site of thousands of
	// reports to be read); the pages of the whole site wait for it.
	early := site.NewOnDemand(lv.options())
	srv := serve.New(serve.Options{Prefix: prefix, Lang: c.lang, Early: early.File})
	lv.srv = srv
	wopt := watch.Options{Root: c.source, Theme: "default", Log: func(s string) { fmt.Fprintln(stderr, s) }}
	if *poll {
		wopt.Poll = pollInterval
	}
	w, err := watch.New(wopt)
	var limit *watch.LimitError
	if errors.As(err, &limit) {
		fmt.Fprintln(stderr, c.msg("cli.watch_polling", err.Error()))
		wopt.Poll = pollInterval
		w, err = watch.New(wopt)
	}
	if err != nil {
		fmt.Fprintln(stderr, c.msg("cli.cannot_watch", c.source, err.Error()))
		return exitUsage
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); srv.Run(ctx) }()
	go func() {
		defer wg.Done()
		if err := w.Run(ctx); err != nil {
			fmt.Fprintln(stderr, c.msg("cli.failed", "serve", err.Error()))
		}
	}()
	lv.w = w
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	how := c.msg("cli.watching")
	if w.Polling() {
		how = c.msg("cli.polling")
	}
	fmt.Fprintln(stdout, c.msg("cli.serving", c.source, origin+srv.Prefix(), how))

	// The first build runs while the server answers; changes made
	// meanwhile wait in the watcher's batch for the build after it.
	first := make(chan bool, 1)
	go func() {
		firstBuildGate()
		first <- lv.rebuild(ctx, watch.Batch{})
	}()
	var batches <-chan watch.Batch
	code := exitOK
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			fmt.Fprintln(stderr, c.msg("cli.failed", "serve", err.Error()))
			code = exitUsage
			break loop
		case ok := <-first:
			first = nil
			if !ok {
				code = exitUsage
				break loop
			}
			batches = w.Batches()
		case b := <-batches:
			if !lv.rebuild(ctx, b) {
				break loop
			}
		}
	}
	// The hub closes the event streams when ctx is done; then Shutdown
	// has only short requests to wait for.
	cancel()
	if first != nil {
		<-first // the first build stops at ctx
	}
	wg.Wait()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	fmt.Fprintln(stdout, c.msg("cli.stopped"))
	return code
}

// building is called as each of serve's runs starts; for tests.
var building = func() {}

// firstBuildGate runs before the first build: tests hold the build back
// with it, to ask for pages before it is done.
var firstBuildGate = func() {}

// live is the state of the serve loop: what the last build found.
type live struct {
	c              common
	srv            *serve.Server
	w              *watch.Watcher
	stdout, stderr io.Writer
	failed         bool          // the last build failed
	served         bool          // a build has succeeded
	preview        *site.Preview // the last good site, and what each bureau made of it
	store          *buildcache.Cache
	hasher         *stamp.Hasher
	program        string
}

// changed tells the preview which bureau folders a batch of changes
// touched: their keys are worked out again (from the files' contents) by
// the next build. Changes to site.toml, the theme or static files need
// nothing here: the key of the whole site is worked out on every build.
func changed(p *site.Preview, b watch.Batch) {
	if b.Overflow {
		p.ChangedAll()
		return
	}
	var slugs []string
	for _, c := range b.Changes {
		if c.Kind != watch.Content {
			continue
		}
		parts := strings.SplitN(c.Path, "/", 3) // content/<bureau>/...
		if len(parts) < 3 {
			if c.Path != "content/site.toml" {
				p.ChangedAll() // content/ itself: a folder added or removed
				return
			}
			continue
		}
		slugs = append(slugs, parts[1])
	}
	p.Changed(slugs...)
}

// later tells which pages a rebuild may leave until a browser asks for
// them: the pages that show every bureau (home, years, the open-data
// page), which grow with the site, unless a browser shows one now. The
// pages of the bureau being edited are rendered at once, for the
// browsers of the editor. (The open-data page lists every report: at
// 10,000 reports rendering it took most of a rebuild, ~285 ms.)
func later(open map[string]bool) func(render.Job) bool {
	return func(j render.Job) bool {
		return (j.Kind == "home" || j.Kind == "year" || j.Kind == "data") && !open[j.Path]
	}
}

// options are the options of every build of the serve.
func (lv *live) options() site.Options {
	return site.Options{Source: os.DirFS(lv.c.source), BaseURL: lv.c.baseURL, Strict: lv.c.strict, Mode: site.ModePreview,
		Preview: lv.preview, Store: lv.store, Program: lv.program, Hasher: lv.hasher, Root: absPath(lv.c.source)}
}

// rebuild builds the site for a batch of changes (the empty batch is the
// first build), hands it to the server and prints one line. It returns
// false when the build could not run at all (ctx done).
func (lv *live) rebuild(ctx context.Context, b watch.Batch) bool {
	start := time.Now()
	defer tuneRunGC()()
	building() // the collector tuned (tests)
	changed(lv.preview, b)
	opt := lv.options()
	if lv.served {
		opt.Later = later(lv.srv.OpenPages())
	}
	res, err := site.Build(ctx, opt)
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintln(lv.stderr, lv.c.msg("cli.failed", "serve", err.Error()))
		}
		return false
	}
	if res.Site != nil && res.Site.Config.Theme != "" {
		lv.w.SetTheme(res.Site.Config.Theme)
	}
	relativize(res.Diags, lv.c.source)
	out := lv.srv.Install(res.Files, serve.Later{Pages: res.Later, Make: res.Finish}, res.Diags)
	took := time.Since(start)

	what := b.Text().In(lv.c.lang)
	if b.Empty() {
		what = lv.c.msg("cli.first_build")
	}
	stamp := time.Now().Format("15:04:05")
	if !res.OK() {
		res.Diags.Write(lv.stderr, lv.c.lang)
		keep := lv.c.msg("cli.keep_last_good")
		if !lv.served {
			keep = lv.c.msg("cli.keep_none")
		}
		fmt.Fprintln(lv.stdout, lv.c.msg("cli.serve_failed", stamp, what, counts(lv.c.lang, res.Diags), keep))
		lv.failed = true
		return true
	}
	lv.served = true
	fixed := ""
	if lv.failed {
		fixed = lv.c.msg("cli.fixed")
		lv.failed = false
	}
	if w := res.Diags.Warnings(); w > 0 && b.Empty() {
		res.Diags.Write(lv.stderr, lv.c.lang)
	}
	rendered := lv.c.msg("cli.rendered", lv.c.msg("count.pages", res.Rendered))
	if len(res.Later) > 0 {
		rendered += lv.c.msg("cli.later", len(res.Later))
	}
	fmt.Fprintln(lv.stdout, lv.c.msg("cli.serve_built", stamp, what, fixed+rendered, out.Pages, lv.c.msg("count.browsers", out.Reloaded),
		warningsAndNotes(lv.c.lang, res.Diags), took.Round(100*time.Microsecond).String()))
	return true
}
