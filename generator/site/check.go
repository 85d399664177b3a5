package site

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// CheckOptions tell Check what to read and where its cache is.
type CheckOptions struct {
	Source  fs.FS
	BaseURL string
	Strict  bool
	// Store, when set, keeps the findings of each bureau folder under a
	// key made of the contents of its files (package stamp), of
	// site.toml, and of the program (Program); builds keep theirs there
	// too. A bureau whose key is found is not read again: a portal
	// operator checks after every change, and most bureaus did not
	// change. Hasher and Root as in Options.
	Store   *buildcache.Cache
	Program string
	Hasher  *stamp.Hasher
	Root    string
}

// Check loads and checks a site like Build in ModeCheck, reading again
// only the bureaus whose findings are not in the store. The problems are
// those Build finds, in the same order, with their source lines.
func Check(ctx context.Context, opt CheckOptions) (*Result, error) {
	start := time.Now()
	top := load.Top(opt.Source)
	if opt.BaseURL != "" {
		top.Config.BaseURL = opt.BaseURL
	}
	res := &Result{}
	diags := top.Diags
	attachSources(opt.Source, diags)
	global := ""
	if opt.Store != nil {
		global = checkKey(opt.Source, top, opt.Program)
	}
	entries := make([]buildcache.Findings, len(top.Folders))
	parallel.For(len(top.Folders), func(i int) {
		if ctx.Err() != nil {
			return
		}
		slug := top.Folders[i]
		key := ""
		if global != "" {
			if folder := folderKey(opt.Hasher, nil, opt.Source, opt.Root, path.Join(load.ContentDir, slug)); folder != "" {
				key = global + folder
			}
		}
		if f, ok := opt.Store.LoadFindings(key); ok {
			entries[i] = f
			return
		}
		b, found := readBureau(opt.Source, slug, top.Config)
		entries[i] = findingsOf(opt.Source, b, found)
		opt.Store.StoreFindings(key, entries[i])
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opt.Store.PruneFindings()
	for _, e := range entries {
		diags = append(diags, e.Diags...)
		if e.Bureau {
			res.Bureaus++
			res.Reports += e.Reports
		}
	}
	if opt.Strict {
		diags.Promote()
	}
	diags.Sort()
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
}

// findingsOf is what checking a bureau folder found, with source lines.
func findingsOf(src fs.FS, b *budget.Bureau, found diag.List) buildcache.Findings {
	f := buildcache.Findings{Diags: slices.Clone(found)}
	if b != nil {
		f.Bureau, f.Reports = true, len(b.Reports)
	}
	attachSources(src, f.Diags)
	return f
}

// checkKey fingerprints what every bureau's findings depend on besides
// its folder: the program and site.toml (not the options: --strict is
// applied to all findings at the end, and the base URL is not checked
// per bureau). "" when it cannot be known (then nothing is reused).
func checkKey(src fs.FS, top load.TopLevel, program string) string {
	return siteKey(src, top, program, fmt.Sprintf("check %d", checkVersion))
}

// checkVersion changes when what a bureau's findings depend on does.
const checkVersion = 3
