// Command disclose builds a static website from budget-performance
// disclosure data (TOML) and narratives (Markdown).
//
//	disclose build   validate everything, then write the site to public/
//	disclose check   validate only; exit 1 on any error
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors
	exitUsage   = 2 // the command line is wrong, or the system failed
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	lang := langOf(args, os.Getenv)
	usage := i18n.Sprintf(lang, "cli.usage")
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return build(ctx, rest, stdout, stderr)
	case "serve":
		return serveCmd(ctx, rest, stdout, stderr)
	case "check":
		return check(ctx, rest, stdout, stderr)
	case "new":
		return newCmd(rest, stdout, stderr)
	case "import":
		return importCmd(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "%s\n\n%s", i18n.Sprintf(lang, "cli.unknown_command", cmd), usage)
		return exitUsage
	}
}

// common are the flags every command shares.
type common struct {
	source   string
	baseURL  string
	strict   bool
	cacheDir string
	files    *output.FileSet // where build renders to; nil: in memory
	lang     i18n.Lang       // of the messages: --lang, else the locale's
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", ".", c.msg("flag.source"))
	fs.StringVar(&c.source, "s", ".", c.msg("flag.shorthand", "--source"))
	fs.StringVar(&c.baseURL, "baseURL", "", c.msg("flag.baseurl"))
	fs.BoolVar(&c.strict, "strict", false, c.msg("flag.strict"))
	fs.StringVar(&c.cacheDir, "cache-dir", "", c.msg("flag.cache_dir"))
	langFlag(fs, c.lang)
}

// cacheRoot is the site's cache folder, shared by build, check and serve
// (the stat cache of the source files, the store of what each bureau made,
// what is known of each destination): the --cache-dir given, else a
// folder of the user's cache folder named after the source's absolute
// path. It is never beside or inside the published site. "" when there is
// none.
func (c *common) cacheRoot() string {
	if c.cacheDir != "" {
		return c.cacheDir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(c.source)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "disclose", "site-"+hex.EncodeToString(sum[:8]))
}

// hasher fingerprints the site's files by content, with a stat cache kept
// in dir ("" keeps none: every file is read).
func hasher(dir string) *stamp.Hasher {
	if dir == "" {
		return stamp.NewHasher("")
	}
	os.Remove(filepath.Join(dir, "stat.json")) // the format of earlier versions
	return stamp.NewHasher(filepath.Join(dir, "stat.cache"))
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("disclose "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// checking is called as a build starts to check whether anything
// changed; for tests.
var checking = func() {}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := common{lang: langOf(args, os.Getenv)}
	fs := newFlags("build", stderr)
	c.register(fs)
	dest := fs.String("destination", "", c.msg("flag.destination"))
	fs.StringVar(dest, "d", "", c.msg("flag.shorthand", "--destination"))
	quiet := fs.Bool("quiet", false, c.msg("flag.quiet"))
	force := fs.Bool("force", false, c.msg("flag.force"))
	cpuProfile := fs.String("cpuprofile", "", c.msg("flag.cpuprofile"))
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.msg("cli.unexpected_argument", "build", fs.Arg(0)))
		return exitUsage
	}
	if *cpuProfile != "" {
		// Where a build spends its time at portal scale (docs/performance.md).
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, c.msg("cli.failed", "build", err.Error()))
			return exitUsage
		}
		defer stop()
	}
	if *dest == "" {
		*dest = filepath.Join(c.source, "public")
	}
	// The caches of this site and destination live in the user's cache
	// folder (or --cache-dir), never beside the published site; files an
	// earlier version left beside it are removed.
	removeOldCaches(*dest)
	root := c.cacheRoot()
	cacheDir := "" // what is known of the destination: the record of the last build
	if root != "" {
		cacheDir = buildcache.DestDir(root, *dest)
	}
	// Nothing changed since the last build (see package stamp): the same
	// inputs, byte for byte, and every file of the destination as that
	// build left it, so the site on disk is already what this build would
	// write.
	absDest, _ := filepath.Abs(*dest)
	// From the start: the checks of a build with nothing to do allocate
	// some 60 MB at 10,000 reports over a small live heap, which the
	// default GOGC collected in six cycles (~0.05 s of CPU).
	defer tuneGC()()
	var cache *buildcache.Cache // the store; its check of the destination runs while the sources are hashed
	if root != "" && !*force {
		cache = buildcache.Open(root, *dest)
		cache.CheckAhead() // first: the stat cache is read meanwhile
	}
	h := hasher(root)
	defer h.Save()
	checking() // the collector tuned (tests)
	// The lines of the fingerprint are kept for the bureaus' keys: the
	// source is walked and digested once.
	fp, lines, fpErr := stamp.FingerprintLines(h, c.source, "destination="+absDest, "baseURL="+c.baseURL, fmt.Sprint("strict=", c.strict), "lang="+c.lang.String())
	if cacheDir == "" {
		fpErr = errors.New("no cache folder")
	}
	if rec, ok := stamp.UpToDate(cacheDir, fp); ok && fpErr == nil && !*force && cache.Intact() {
		io.WriteString(stderr, rec.Stderr)
		if !*quiet {
			fmt.Fprintln(stdout, c.msg("cli.unchanged", rec.Stdout))
		}
		return exitOK
	}
	if cacheDir != "" {
		stamp.Remove(cacheDir)
	}
	var printed strings.Builder // warnings and notes, shown again when the next build is skipped
	direct := stderr            // for what must not be shown again
	stderr = io.MultiWriter(stderr, &printed)
	// Pages go to disk as they are rendered, into a folder beside the
	// destination that Write swaps in: a large site is never all in memory.
	staged, err := output.Stage(*dest)
	if err != nil {
		fmt.Fprintf(stderr, "disclose build: %v\n", err)
		return exitUsage
	}
	c.files = staged
	if cache != nil && !*force {
		staged.SyncedDest(cache.AsLeft) // what the last build synced is not synced again
	}
	// Bureaus that did not change since the last build into dest, and
	// whose folders there are as it left them, are taken from it (package
	// buildcache); --force builds every one.
	if root != "" && *force {
		cache = buildcache.New(root, *dest)
	}
	res, code := runBuild(ctx, c, cache, h, lines, stderr)
	if res == nil || !res.OK() {
		staged.Discard()
		if res != nil {
			fmt.Fprintln(stderr, c.msg("cli.build_failed", counts(c.lang, res.Diags), *dest))
		}
		return code
	}
	if err := output.Write(ctx, *dest, res.Files); err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, c.msg("cli.build_interrupted", *dest))
		} else {
			fmt.Fprintln(stderr, c.msg("cli.build_write_failed", err.Error(), *dest))
		}
		return exitUsage
	}
	if cache != nil {
		if _, err := cache.Commit(); err != nil {
			fmt.Fprintln(direct, c.msg("cli.cache_not_saved", err.Error()))
			fpErr = err
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, c.msg("cli.note", n.In(c.lang)))
	}
	if !*quiet {
		bureaus := c.msg("count.bureaus", res.Bureaus)
		if res.Kept > 0 {
			bureaus += c.msg("cli.kept", res.Kept)
		}
		fmt.Fprintln(stdout, c.msg("cli.built", bureaus, c.msg("count.reports", res.Reports), c.msg("count.pages", res.Pages),
			c.msg("count.files", res.Files.Len()), res.Duration.Round(100_000).String(), warningsAndNotes(c.lang, res.Diags), *dest))
	}
	if fpErr == nil {
		summary := c.msg("cli.summary", c.msg("count.bureaus", res.Bureaus), c.msg("count.reports", res.Reports), c.msg("count.pages", res.Pages),
			c.msg("count.files", res.Files.Len()), warningsAndNotes(c.lang, res.Diags), *dest)
		stamp.Save(cacheDir, stamp.Record{Fingerprint: fp, Stderr: printed.String(), Stdout: summary})
	}
	return exitOK
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := common{lang: langOf(args, os.Getenv)}
	fs := newFlags("check", stderr)
	c.register(fs)
	format := fs.String("format", "text", c.msg("flag.format"))
	noCache := fs.Bool("no-cache", false, c.msg("flag.no_cache"))
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintln(stderr, c.msg("cli.bad_format", *format))
		return exitUsage
	}
	opt := site.CheckOptions{Source: os.DirFS(c.source), BaseURL: c.baseURL, Strict: c.strict}
	if dir := c.cacheRoot(); !*noCache && dir != "" {
		h := hasher(dir)
		defer h.Save()
		opt.Store, opt.Hasher, opt.Root = buildcache.OpenStore(dir), h, absPath(c.source)
		opt.Program, _ = h.Program()
	}
	defer tuneGC()()
	res, err := site.Check(ctx, opt)
	if err != nil {
		fmt.Fprintln(stderr, c.msg("cli.failed", "check", err.Error()))
		return exitUsage
	}
	relativize(res.Diags, c.source)
	if *format == "json" {
		if err := res.Diags.WriteJSON(stdout, c.lang); err != nil {
			return exitUsage
		}
		if !res.OK() {
			return exitContent
		}
		return exitOK
	}
	res.Diags.Write(stderr, c.lang)
	if !res.OK() {
		fmt.Fprintln(stderr, c.msg("cli.check_failed", counts(c.lang, res.Diags)))
		return exitContent
	}
	fmt.Fprintln(stdout, c.msg("cli.checked", c.msg("count.bureaus", res.Bureaus), c.msg("count.reports", res.Reports), warningsAndNotes(c.lang, res.Diags)))
	return exitOK
}

// absPath is p made absolute ("" when it cannot be).
func absPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	return abs
}

// removeOldCaches deletes what versions before the cache moved to the
// user's cache folder kept beside the destination, where a web server
// would have published it.
func removeOldCaches(dest string) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	os.Remove(filepath.Join(parent, ".disclose-stamp-"+base+".json"))
	os.RemoveAll(filepath.Join(parent, ".disclose-cache-"+base))
}

// runBuild builds the site into c.files and prints the problems found.
func runBuild(ctx context.Context, c common, cache *buildcache.Cache, h *stamp.Hasher, lines *stamp.Lines, stderr io.Writer) (*site.Result, int) {
	prog, _ := h.Program()
	res, err := site.Build(ctx, site.Options{Source: os.DirFS(c.source), BaseURL: c.baseURL, Strict: c.strict, Mode: site.ModePublish, Files: c.files,
		Store: cache, Program: prog, Hasher: h, Root: absPath(c.source), Lines: lines})
	if err != nil {
		fmt.Fprintln(stderr, c.msg("cli.failed", "build", err.Error()))
		return nil, exitUsage
	}
	relativize(res.Diags, c.source)
	res.Diags.Write(stderr, c.lang)
	if !res.OK() {
		return res, exitContent
	}
	return res, exitOK
}

// relativize prefixes problem paths with the source folder, so that they
// can be clicked from where the command was run.
func relativize(l diag.List, source string) {
	if source == "." || source == "" {
		return
	}
	for i := range l {
		l[i].File = filepath.ToSlash(filepath.Join(source, l[i].File))
	}
}

func counts(lang i18n.Lang, l diag.List) string {
	return i18n.Sprintf(lang, "count.errors", l.Errors()) + i18n.Sprintf(lang, "cli.comma") + warningsAndNotes(lang, l)
}

// warningsAndNotes counts the warnings, and the notes where there are
// any (a published figure that differs from the computed one only by
// rounding: worth a look, never a stop).
func warningsAndNotes(lang i18n.Lang, l diag.List) string {
	s := i18n.Sprintf(lang, "count.warnings", l.Warnings())
	if n := l.Notes(); n > 0 {
		s += i18n.Sprintf(lang, "cli.comma") + i18n.Sprintf(lang, "count.notes", n)
	}
	return s
}
