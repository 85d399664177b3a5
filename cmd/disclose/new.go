package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/template"

	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/load"
)

//go:embed scaffold
var scaffold embed.FS

// newCmd writes commented templates; it never overwrites a file.
func newCmd(args []string, stdout, stderr io.Writer) int {
	lang := langOf(args, os.Getenv)
	msg := func(key string, args ...any) string { return i18n.Sprintf(lang, key, args...) }
	newUsage := msg("cli.new_usage")
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return exitUsage
	}
	kind := args[0]
	fset := newFlags("new "+kind, stderr)
	source := fset.String("source", ".", msg("flag.source"))
	fset.StringVar(source, "s", ".", msg("flag.shorthand", "--source"))
	title := fset.String("title", "预算绩效信息公开", msg("flag.title"))
	name := fset.String("name", "", msg("flag.name"))
	langFlag(fset, lang)
	// Positional arguments may come before or after the flags.
	pos, err := parseMixed(fset, args[1:])
	if err != nil {
		return exitUsage
	}
	data := map[string]any{}
	var files [][2]string // template, destination
	switch {
	case kind == "site" && len(pos) == 1:
		data["Title"] = *title
		files = append(files, [2]string{"site.toml", filepath.Join(pos[0], "content", "site.toml")})
	case kind == "bureau" && len(pos) == 1:
		if !load.ValidSlug(pos[0]) {
			fmt.Fprintln(stderr, msg("cli.new_bad_slug", pos[0]))
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
			fmt.Fprintln(stderr, msg("cli.new_bad_year", pos[1]))
			return exitUsage
		}
		dir := filepath.Join(*source, "content", pos[0])
		if _, err := os.Stat(filepath.Join(dir, "bureau.toml")); err != nil {
			fmt.Fprintln(stderr, msg("cli.new_no_bureau", dir, pos[0]))
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
			fmt.Fprintln(stderr, msg("cli.new_exists", f[1]))
			return exitUsage
		}
	}
	for _, f := range files {
		if err := writeTemplate(f[0], f[1], data); err != nil {
			fmt.Fprintln(stderr, msg("cli.failed", "new", err.Error()))
			return exitUsage
		}
		fmt.Fprintln(stdout, msg("cli.created", f[1]))
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

// parseMixed parses flags that may stand before, between or after the
// positional arguments (as clerks type them: `new bureau x --name 甲局`),
// and returns the positional ones.
func parseMixed(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		if fset.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
}
