package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/template"

	"github.com/disclose-portal/disclose/generator/load"
)

//go:embed scaffold
var scaffold embed.FS

const newUsage = `Usage:
  disclose new site DIR [--title T]            a new site: DIR/content/site.toml
  disclose new bureau SLUG [--name N] [-s DIR] a bureau: content/SLUG/bureau.toml
  disclose new year SLUG YEAR [-s DIR]         a year: content/SLUG/YEAR.toml and YEAR.md
`

// newCmd writes commented templates; it never overwrites a file.
func newCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return exitUsage
	}
	kind := args[0]
	fset := newFlags("new "+kind, stderr)
	source := fset.String("source", ".", "the site's folder")
	fset.StringVar(source, "s", ".", "shorthand for --source")
	title := fset.String("title", "预算绩效信息公开", "the portal's title (new site)")
	name := fset.String("name", "", "the bureau's full name (new bureau)")
	// Positional arguments may come before or after the flags.
	var pos []string
	rest := args[1:]
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
	data := map[string]any{}
	var files [][2]string // template, destination
	switch {
	case kind == "site" && len(pos) == 1:
		data["Title"] = *title
		files = append(files, [2]string{"site.toml", filepath.Join(pos[0], "content", "site.toml")})
	case kind == "bureau" && len(pos) == 1:
		if !load.ValidSlug(pos[0]) {
			fmt.Fprintf(stderr, "disclose new bureau: %q is not a valid folder name: use a-z, 0-9 and dashes\n", pos[0])
			return exitUsage
		}
		data["Slug"], data["Name"] = pos[0], *name
		if *name == "" {
			data["Name"] = pos[0]
		}
		files = append(files, [2]string{"bureau.toml", filepath.Join(*source, "content", pos[0], "bureau.toml")})
	case kind == "year" && len(pos) == 2:
		year, err := strconv.Atoi(pos[1])
		if err != nil || len(pos[1]) != 4 {
			fmt.Fprintf(stderr, "disclose new year: %q is not a four-digit year\n", pos[1])
			return exitUsage
		}
		dir := filepath.Join(*source, "content", pos[0])
		if _, err := os.Stat(filepath.Join(dir, "bureau.toml")); err != nil {
			fmt.Fprintf(stderr, "disclose new year: %s has no bureau.toml; run disclose new bureau %s first\n", dir, pos[0])
			return exitUsage
		}
		data["Year"], data["Next"] = year, year+1
		files = append(files,
			[2]string{"year.toml", filepath.Join(dir, pos[1]+".toml")},
			[2]string{"year.md", filepath.Join(dir, pos[1]+".md")})
	default:
		fmt.Fprint(stderr, newUsage)
		return exitUsage
	}
	for _, f := range files {
		if _, err := os.Stat(f[1]); err == nil {
			fmt.Fprintf(stderr, "disclose new: %s exists already; nothing was written\n", f[1])
			return exitUsage
		}
	}
	for _, f := range files {
		if err := writeTemplate(f[0], f[1], data); err != nil {
			fmt.Fprintf(stderr, "disclose new: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "created %s\n", f[1])
	}
	return exitOK
}

func writeTemplate(name, dest string, data any) error {
	src, err := fs.ReadFile(scaffold, "scaffold/"+name)
	if err != nil {
		return err
	}
	t, err := template.New(name).Parse(string(src))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists already", dest)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
