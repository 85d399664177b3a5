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

	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/serve"
	"github.com/disclose-portal/disclose/generator/site"
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
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.msg("cli.unexpected_argument", "serve", fs.Arg(0)))
		return exitUsage
	}
	prefix := "/"
	if c.baseURL != "" {
		u, err := url.Parse(c.baseURL)
		if err != nil || u.Scheme == "" {
			fmt.Fprintln(stderr, c.msg("cli.bad_baseurl", c.baseURL))
			return exitUsage
		}
		prefix = u.Path
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
	if c.baseURL == "" {
		// Links that must be absolute (the 404 page's) point here.
		c.baseURL = origin + "/"
	}

	srv := serve.New(serve.Options{Prefix: prefix, Lang: c.lang})
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

	lv := &live{c: c, srv: srv, w: w, stdout: stdout, stderr: stderr, cache: site.NewCache()}
	if !lv.rebuild(ctx, watch.Batch{}) {
		cancel()
		wg.Wait()
		return exitUsage
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	how := c.msg("cli.watching")
	if w.Polling() {
		how = c.msg("cli.polling")
	}
	fmt.Fprintln(stdout, c.msg("cli.serving", c.source, origin+srv.Prefix(), how))

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
		case b := <-w.Batches():
			if !lv.rebuild(ctx, b) {
				break loop
			}
		}
	}
	// The hub closes the event streams when ctx is done; then Shutdown
	// has only short requests to wait for.
	cancel()
	wg.Wait()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	fmt.Fprintln(stdout, c.msg("cli.stopped"))
	return code
}

// live is the state of the serve loop: what the last build found.
type live struct {
	c              common
	srv            *serve.Server
	w              *watch.Watcher
	stdout, stderr io.Writer
	failed         bool            // the last build failed
	served         bool            // a build has succeeded
	prev           *output.FileSet // the last good site
	since          watch.Batch     // the changes since prev was built
	cache          *site.Cache     // what the last build worked out per bureau
}

// staleBureaus tells which bureau folders a batch changed since the last
// build (which read every folder it did not take from the cache), or nil
// for all of them: site.toml sets the unit every file is read with.
func staleBureaus(b watch.Batch) func(slug string) bool {
	if b.Overflow || b.Kinds()&watch.Config != 0 {
		return nil
	}
	changed := map[string]bool{}
	for _, c := range b.Changes {
		if c.Kind != watch.Content {
			continue
		}
		parts := strings.SplitN(c.Path, "/", 3) // content/<bureau>/...
		if len(parts) < 2 {
			return nil
		}
		changed[parts[1]] = true
	}
	return func(slug string) bool { return changed[slug] }
}

// affected tells which pages a batch of changes can alter, or nil for
// every page. A change under content/<bureau>/ alters that bureau's pages
// and the pages that show every bureau (home, years, and any kind of page
// added later); site.toml, the theme and static files alter any page.
func affected(b watch.Batch) func(render.Job) bool {
	if b.Empty() || b.Kinds() != watch.Content {
		return nil
	}
	bureaus := map[string]bool{}
	for _, c := range b.Changes {
		parts := strings.SplitN(c.Path, "/", 3) // content/<bureau>/...
		if len(parts) < 2 {
			return nil
		}
		bureaus[parts[1]] = true
	}
	return func(j render.Job) bool {
		switch j.Kind {
		case "bureau", "report":
			return bureaus[j.Bureau]
		}
		return true
	}
}

// later tells which pages a rebuild may leave until a browser asks for
// them: the pages that show every bureau (home, years), which grow with
// the site, unless a browser shows one now. The pages of the bureau being
// edited are rendered at once, for the browsers of the editor.
func later(open map[string]bool) func(render.Job) bool {
	return func(j render.Job) bool {
		return (j.Kind == "home" || j.Kind == "year") && !open[j.Path]
	}
}

// rebuild builds the site for a batch of changes (the empty batch is the
// first build), hands it to the server and prints one line. It returns
// false when the build could not run at all (ctx done).
func (lv *live) rebuild(ctx context.Context, b watch.Batch) bool {
	start := time.Now()
	// Everything that changed since the last good build decides what
	// renders again: edits made while the site was broken count too.
	lv.since = watch.Merge(lv.since, b)
	opt := site.Options{Source: os.DirFS(lv.c.source), BaseURL: lv.c.baseURL, Strict: lv.c.strict, Render: true,
		Cache: lv.cache, Stale: staleBureaus(b), Defer: true}
	if lv.prev != nil {
		opt.Previous, opt.Affected = lv.prev, affected(lv.since)
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
	lv.prev, lv.since = res.Files, watch.Batch{}
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
