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

const usage = `disclose turns budget-performance disclosure data into a static website.

Usage:
  disclose build [flags]   validate the content, then write the site to public/
  disclose check [flags]   validate only; exit status 1 on any error
  disclose serve [flags]   build in memory, serve on 127.0.0.1:1313, rebuild and reload on every change
  disclose new site|bureau|year …   scaffold from commented templates
  disclose import FILE.xlsx --bureau SLUG --year YEAR   read a 自评表 workbook into content/SLUG/YEAR.toml
  disclose help            show this help

Run "disclose <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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
		fmt.Fprintf(stderr, "disclose: unknown command %q\n\n%s", cmd, usage)
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
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", ".", "the site's folder, holding content/ (and optionally static/, themes/)")
	fs.StringVar(&c.source, "s", ".", "shorthand for --source")
	fs.StringVar(&c.baseURL, "baseURL", "", "the URL the site will be hosted at (overrides base_url in site.toml)")
	fs.BoolVar(&c.strict, "strict", false, "treat warnings as errors")
	fs.StringVar(&c.cacheDir, "cache-dir", "", "the folder of this site's cache, shared by build, check and serve (default: one per site in the user's cache folder, e.g. ~/.cache/disclose)")
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
	return stamp.NewHasher(filepath.Join(dir, "stat.json"))
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("disclose "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c common
	fs := newFlags("build", stderr)
	c.register(fs)
	dest := fs.String("destination", "", "where to write the site (default <source>/public)")
	fs.StringVar(dest, "d", "", "shorthand for --destination")
	quiet := fs.Bool("quiet", false, "print only problems")
	force := fs.Bool("force", false, "render every bureau again, even when nothing changed since the last build")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "disclose build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
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
	h := hasher(root)
	defer h.Save()
	// Nothing changed since the last build (see package stamp): the same
	// inputs, byte for byte, and every file of the destination as that
	// build left it, so the site on disk is already what this build would
	// write.
	absDest, _ := filepath.Abs(*dest)
	fp, fpErr := stamp.Fingerprint(h, c.source, "destination="+absDest, "baseURL="+c.baseURL, fmt.Sprint("strict=", c.strict))
	if cacheDir == "" {
		fpErr = errors.New("no cache folder")
	}
	if rec, ok := stamp.UpToDate(cacheDir, fp); ok && fpErr == nil && !*force && buildcache.Open(root, *dest).Intact() {
		io.WriteString(stderr, rec.Stderr)
		if !*quiet {
			fmt.Fprintf(stdout, "nothing changed since the last build: %s\n", rec.Stdout)
		}
		return exitOK
	}
	if cacheDir != "" {
		stamp.Remove(cacheDir)
	}
	defer tuneGC()()
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
	// Bureaus that did not change since the last build into dest, and
	// whose folders there are as it left them, are taken from it (package
	// buildcache); --force builds every one.
	var cache *buildcache.Cache
	switch {
	case root == "":
	case *force:
		cache = buildcache.New(root, *dest)
	default:
		cache = buildcache.Open(root, *dest)
	}
	res, code := runBuild(ctx, c, cache, h, stderr)
	if res == nil || !res.OK() {
		staged.Discard()
		if res != nil {
			fmt.Fprintf(stderr, "build failed: %s; %s was left as it was\n", counts(res.Diags), *dest)
		}
		return code
	}
	if err := output.Write(ctx, *dest, res.Files); err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "build interrupted; %s was left as it was\n", *dest)
		} else {
			fmt.Fprintf(stderr, "disclose build: %v; %s was left as it was\n", err, *dest)
		}
		return exitUsage
	}
	if cache != nil {
		if _, err := cache.Commit(); err != nil {
			fmt.Fprintf(direct, "note: the build cache was not saved (%v); the next build renders every bureau\n", err)
			fpErr = err
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	if !*quiet {
		bureaus := plural(res.Bureaus, "bureau")
		if res.Kept > 0 {
			bureaus += fmt.Sprintf(" (%d unchanged since the last build)", res.Kept)
		}
		fmt.Fprintf(stdout, "built %s, %s, %s (%d files) in %s; %s → %s\n",
			bureaus, plural(res.Reports, "report"), plural(res.Pages, "page"),
			res.Files.Len(), res.Duration.Round(100_000), warningsAndNotes(res.Diags), *dest)
	}
	if fpErr == nil {
		summary := fmt.Sprintf("%s, %s, %s (%d files); %s → %s",
			plural(res.Bureaus, "bureau"), plural(res.Reports, "report"), plural(res.Pages, "page"),
			res.Files.Len(), warningsAndNotes(res.Diags), *dest)
		stamp.Save(cacheDir, stamp.Record{Fingerprint: fp, Stderr: printed.String(), Stdout: summary})
	}
	return exitOK
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c common
	fs := newFlags("check", stderr)
	c.register(fs)
	format := fs.String("format", "text", "output format: text or json")
	noCache := fs.Bool("no-cache", false, "read every bureau, not only those that changed since the last check")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "disclose check: --format must be text or json, not %q\n", *format)
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
		fmt.Fprintf(stderr, "disclose check: %v\n", err)
		return exitUsage
	}
	relativize(res.Diags, c.source)
	if *format == "json" {
		if err := res.Diags.WriteJSON(stdout); err != nil {
			return exitUsage
		}
		if !res.OK() {
			return exitContent
		}
		return exitOK
	}
	res.Diags.Write(stderr)
	if !res.OK() {
		fmt.Fprintf(stderr, "check failed: %s\n", counts(res.Diags))
		return exitContent
	}
	fmt.Fprintf(stdout, "checked %s, %s: no errors, %s\n", plural(res.Bureaus, "bureau"), plural(res.Reports, "report"), warningsAndNotes(res.Diags))
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
func runBuild(ctx context.Context, c common, cache *buildcache.Cache, h *stamp.Hasher, stderr io.Writer) (*site.Result, int) {
	prog, _ := h.Program()
	res, err := site.Build(ctx, site.Options{Source: os.DirFS(c.source), BaseURL: c.baseURL, Strict: c.strict, Mode: site.ModePublish, Files: c.files,
		Store: cache, Program: prog, Hasher: h, Root: absPath(c.source)})
	if err != nil {
		fmt.Fprintf(stderr, "disclose: %v\n", err)
		return nil, exitUsage
	}
	relativize(res.Diags, c.source)
	res.Diags.Write(stderr)
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

func counts(l diag.List) string {
	return plural(l.Errors(), "error") + ", " + warningsAndNotes(l)
}

// warningsAndNotes counts the warnings, and the notes where there are
// any (a published figure that differs from the computed one only by
// rounding: worth a look, never a stop).
func warningsAndNotes(l diag.List) string {
	s := plural(l.Warnings(), "warning")
	if n := l.Notes(); n > 0 {
		s += ", " + plural(n, "note")
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(word, "s"))
}
