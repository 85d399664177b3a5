// Package render turns the validated model into the site's files: HTML
// pages through html/template over a theme's fs.FS, the theme's assets
// under content-hashed names, attachments and static files.
package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Theme is a parsed theme: one template set per page kind, and its assets
// under content-hashed names (so that they can be cached forever).
type Theme struct {
	pages  map[string]*template.Template
	assets map[string]string // logical name (style.css) → output path (assets/style.1a2b3c4d.css)
	files  map[string][]byte // output path → bytes
	// native are the page kinds written in Go (pagewriter.go): those
	// whose templates are the default theme's; explain is the explain
	// partial's bytes, for them.
	native  map[string]bool
	explain []byte
}

// PageKinds are the templates a theme must provide, besides base.html.
var PageKinds = []string{"home", "bureau", "report", "year", "404", "data"}

// LoadTheme parses the templates and hashes the assets of a theme.
func LoadTheme(fsys fs.FS) (*Theme, error) {
	th := &Theme{pages: map[string]*template.Template{}, assets: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		logical := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(data)
		ext := path.Ext(logical)
		out := "assets/" + strings.TrimSuffix(logical, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		if keepName(logical) {
			out = p
		}
		th.assets[logical] = out
		th.files[out] = data
		return nil
	})
	if err != nil && !isNotExist(err) {
		return nil, fmt.Errorf("theme assets: %w", err)
	}
	base, err := template.New("base.html").Funcs(funcs(th)).ParseFS(fsys, "templates/base.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if partials, _ := fs.Glob(fsys, "templates/partials/*.html"); len(partials) > 0 {
		if _, err := base.ParseFS(fsys, partials...); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	for _, kind := range PageKinds {
		t, err := template.Must(base.Clone()).ParseFS(fsys, "templates/"+kind+".html")
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		th.pages[kind] = t
	}
	if th.native = nativeKinds(fsys); len(th.native) > 0 {
		if err := th.explainOf(); err != nil {
			th.native = nil // html/template says what is wrong, page by page
		}
	}
	return th, nil
}

// keepName tells which assets keep their names: license texts, which
// must stay findable beside the files they cover, and a vendored
// library's VERSION record.
func keepName(logical string) bool {
	base := path.Base(logical)
	return strings.HasPrefix(base, "LICENSE") || strings.HasPrefix(base, "NOTICE") || base == "VERSION"
}

func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist)
}

// Asset returns the output path of a logical asset name.
func (th *Theme) Asset(name string) (string, bool) {
	p, ok := th.assets[name]
	return p, ok
}

// AssetFiles lists the assets' output paths, sorted.
func (th *Theme) AssetFiles() []string {
	var ps []string
	for p := range th.files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// AssetData returns the bytes of the asset at output path p (one of
// AssetFiles).
func (th *Theme) AssetData(p string) []byte { return th.files[p] }

// Overlay returns an fs.FS that serves a name from the first fsys that has
// it: a theme folder on disk over the embedded default.
func Overlay(layers ...fs.FS) fs.FS { return overlay(layers) }

type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var firstErr error
	for _, l := range o {
		f, err := l.Open(name)
		if err == nil {
			return f, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// ReadDir merges the listings of every layer, the first layer winning.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	var firstErr error
	found := false
	for _, l := range o {
		es, err := fs.ReadDir(l, name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range es {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, firstErr
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
