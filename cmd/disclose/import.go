package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/xlsx"
)

// importCmd reads a clerk's 自评表 workbook into content/<bureau>/<year>.toml,
// says which cells it could not place, and checks the result as
// disclose check would. It never overwrites a file without --force.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlags("import", stderr)
	envLang := xlsx.Lang("") // for the flags' help, before --lang is read
	h := func(id string) string { return xlsx.Text(envLang, id) }
	source := fset.String("source", ".", h("flag.source"))
	fset.StringVar(source, "s", ".", h("flag.s"))
	bureau := fset.String("bureau", "", h("flag.bureau"))
	year := fset.String("year", "", h("flag.year"))
	force := fset.Bool("force", false, h("flag.force"))
	langFlag := fset.String("lang", "", h("flag.lang"))
	// The workbook may come before or after the flags.
	var pos []string
	rest := args
	for {
		if err := fset.Parse(rest); err != nil {
			return exitUsage
		}
		if fset.NArg() == 0 {
			break
		}
		pos = append(pos, fset.Arg(0))
		rest = fset.Args()[1:]
	}
	lang := xlsx.Lang(*langFlag)
	say := func(w io.Writer, id string, a ...any) { fmt.Fprintln(w, xlsx.Text(lang, id, a...)) }
	if len(pos) != 1 || *bureau == "" || *year == "" {
		say(stderr, "needargs")
		fmt.Fprint(stderr, xlsx.Text(lang, "usage"))
		return exitUsage
	}
	y, err := strconv.Atoi(*year)
	if err != nil || len(*year) != 4 {
		say(stderr, "badyear", *year)
		return exitUsage
	}
	if !load.ValidSlug(*bureau) {
		say(stderr, "badslug", *bureau)
		return exitUsage
	}
	dir := filepath.Join(*source, "content", *bureau)
	if _, err := os.Stat(filepath.Join(dir, "bureau.toml")); err != nil {
		say(stderr, "nobureau", dir, *bureau)
		return exitUsage
	}
	dest := filepath.Join(dir, *year+".toml")
	if _, err := os.Stat(dest); err == nil && !*force {
		say(stderr, "exists", dest)
		return exitUsage
	}
	// Amounts go into the site's unit.
	unit := budget.DefaultUnit
	if src, err := os.ReadFile(filepath.Join(*source, "content", "site.toml")); err == nil {
		var ignored diag.List // disclose check below reports what is wrong with site.toml
		unit = load.Config("content/site.toml", src, &ignored).Unit
	}
	f, err := os.Open(pos[0])
	if err != nil {
		say(stderr, "cantread", pos[0], err)
		return exitUsage
	}
	d, err := xlsx.Read(f, filepath.Base(pos[0]), unit)
	f.Close()
	var xe *xlsx.Error
	if errors.As(err, &xe) {
		say(stderr, "cantread", pos[0], xe.In(lang))
		return exitUsage
	}
	if err != nil {
		say(stderr, "cantread", pos[0], err)
		return exitUsage
	}
	for _, n := range d.Notices {
		say(stderr, "notice", n.In(lang))
	}
	printUnplaced := func() {
		if len(d.Unplaced) == 0 {
			return
		}
		say(stdout, "unplaced", len(d.Unplaced))
		for _, u := range d.Unplaced {
			line := "  " + u.At + "  " + strings.ReplaceAll(u.Text, "\n", " ")
			if u.Why.ID != "" {
				line += "  (" + u.Why.In(lang) + ")"
			}
			fmt.Fprintln(stdout, line)
		}
	}
	if len(d.Projects) == 0 {
		say(stderr, "none", pos[0])
		printUnplaced()
		return exitContent
	}
	if err := writeFile(dest, d.TOML(y, lang), *force); err != nil {
		say(stderr, "cantwrite", dest, err)
		return exitUsage
	}
	say(stdout, "wrote", dest, len(d.Projects))
	printUnplaced()

	// The same check as disclose check, on the bureau imported into.
	res, err := site.Check(ctx, site.CheckOptions{Source: os.DirFS(*source)})
	if err != nil {
		say(stderr, "checkerr", err)
		return exitUsage
	}
	var mine diag.List
	for _, p := range res.Diags {
		if strings.HasPrefix(p.File, "content/"+*bureau+"/") || !strings.HasPrefix(p.File, "content/") || p.File == "content/site.toml" {
			mine = append(mine, p)
		}
	}
	relativize(mine, *source)
	if len(mine) > 0 {
		say(stderr, "checking", dest)
		ml := i18n.Zh
		if lang == "en" {
			ml = i18n.En
		}
		mine.Write(stderr, ml)
	}
	if mine.Errors() > 0 {
		say(stderr, "checkbad", mine.Errors(), mine.Warnings(), dest)
		return exitContent
	}
	say(stdout, "checkok", mine.Warnings(), mine.Notes())
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
