package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/xlsx"
)

// importCmd reads a clerk's 自评表 workbook into content/<bureau>/<year>.toml,
// says which cells it could not place, and checks the result as
// disclose check would. It never overwrites a file without --force.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := common{lang: langOf(args, os.Getenv)}
	fset := newFlags("import", stderr)
	fset.StringVar(&c.source, "source", ".", c.msg("flag.source"))
	fset.StringVar(&c.source, "s", ".", c.msg("flag.shorthand", "--source"))
	bureau := fset.String("bureau", "", c.msg("import.flag_bureau"))
	year := fset.String("year", "", c.msg("import.flag_year"))
	force := fset.Bool("force", false, c.msg("import.flag_force"))
	langFlag(fset, c.lang)
	// -h shows how the command is written before its flags: the workbook
	// is an argument, which the list of flags would not show.
	flagsOf := fset.Usage
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), c.msg("import.usage"))
		flagsOf()
	}
	// The workbook may come before or after the flags.
	pos, err := parseMixed(fset, args)
	if err != nil {
		return exitUsage
	}
	say := func(w io.Writer, key string, a ...any) { fmt.Fprintln(w, c.msg(key, a...)) }
	if len(pos) != 1 || *bureau == "" || *year == "" {
		say(stderr, "import.need_args")
		fmt.Fprint(stderr, c.msg("import.usage"))
		return exitUsage
	}
	y, err := strconv.Atoi(*year)
	if err != nil || len(*year) != 4 {
		say(stderr, "import.bad_year", *year)
		return exitUsage
	}
	if !load.ValidSlug(*bureau) {
		say(stderr, "import.bad_slug", *bureau)
		return exitUsage
	}
	dir := filepath.Join(c.source, "content", *bureau)
	if _, err := os.Stat(filepath.Join(dir, "bureau.toml")); err != nil {
		say(stderr, "import.no_bureau", dir, *bureau)
		return exitUsage
	}
	dest := filepath.Join(dir, *year+".toml")
	if _, err := os.Stat(dest); err == nil && !*force {
		say(stderr, "import.exists", dest)
		return exitUsage
	}
	// Amounts go into the site's unit.
	unit := budget.DefaultUnit
	if src, err := os.ReadFile(filepath.Join(c.source, "content", "site.toml")); err == nil {
		var ignored diag.List // disclose check below reports what is wrong with site.toml
		unit = load.Config("content/site.toml", src, &ignored).Unit
	}
	f, err := os.Open(pos[0])
	if err != nil {
		say(stderr, "import.cannot_read", pos[0], load.IOReason(err).In(c.lang))
		return exitUsage
	}
	d, err := xlsx.Read(f, filepath.Base(pos[0]), unit)
	f.Close()
	var xe *xlsx.Error
	if errors.As(err, &xe) {
		say(stderr, "import.cannot_read", pos[0], xe.In(c.lang))
		return exitUsage
	}
	if err != nil {
		say(stderr, "import.cannot_read", pos[0], err)
		return exitUsage
	}
	for _, n := range d.Notices {
		say(stderr, "import.notice", n.In(c.lang))
	}
	printUnplaced := func() {
		if len(d.Unplaced) == 0 {
			return
		}
		say(stdout, "import.unplaced", len(d.Unplaced))
		for _, u := range d.Unplaced {
			line := "  " + u.At + "  " + strings.ReplaceAll(u.Text, "\n", " ")
			if !u.Why.IsZero() {
				line += "  (" + u.Why.In(c.lang) + ")"
			}
			fmt.Fprintln(stdout, line)
		}
	}
	if len(d.Projects) == 0 {
		say(stderr, "import.no_tables", pos[0])
		printUnplaced()
		return exitContent
	}
	if err := writeFile(dest, d.TOML(y, c.lang), *force); err != nil {
		say(stderr, "import.cannot_write", dest, err)
		return exitUsage
	}
	say(stdout, "import.wrote", dest, c.msg("count.tables", len(d.Projects)))
	printUnplaced()

	// The same check as disclose check, on the bureau imported into.
	res, err := site.Check(ctx, site.CheckOptions{Source: os.DirFS(c.source)})
	if err != nil {
		say(stderr, "import.check_error", err)
		return exitUsage
	}
	var mine diag.List
	for _, p := range res.Diags {
		if strings.HasPrefix(p.File, "content/"+*bureau+"/") || !strings.HasPrefix(p.File, "content/") || p.File == "content/site.toml" {
			mine = append(mine, p)
		}
	}
	relativize(mine, c.source)
	if len(mine) > 0 {
		say(stderr, "import.checking", dest)
		mine.Write(stderr, c.lang)
	}
	if mine.Errors() > 0 {
		// The files to fix are those with errors: often another year of
		// the bureau, or site.toml, rather than the file just written.
		var broken []string
		for _, p := range mine {
			if p.Severity == diag.Error && !slices.Contains(broken, p.File) {
				broken = append(broken, p.File)
			}
		}
		say(stderr, "import.check_failed", c.msg("count.errors", mine.Errors()), c.msg("count.warnings", mine.Warnings()), strings.Join(broken, c.msg("import.list_sep")))
		return exitContent
	}
	say(stdout, "import.check_ok", c.msg("count.warnings", mine.Warnings()), c.msg("count.notes", mine.Notes()))
	return exitOK
}

// writeFile writes data to path through a temporary file beside it, so
// that an interrupted import leaves no half file; without overwrite an
// existing file is kept.
func writeFile(path string, data []byte, overwrite bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".import-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if !overwrite {
		// Link fails where the file has appeared since it was looked for.
		if err := os.Link(tmp.Name(), path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return err
			}
			return os.Rename(tmp.Name(), path)
		}
		return nil
	}
	return os.Rename(tmp.Name(), path)
}
