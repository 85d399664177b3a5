package site

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

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
	// CacheFile, when set, is a file that keeps the problems each bureau
	// folder had at the last check, with a fingerprint of the folder: the
	// contents of its files (package stamp), of site.toml, and of the
	// program (Program). A bureau whose fingerprint is the same is not
	// read again: a portal operator checks after every change, and most
	// bureaus did not change. Hasher and Root as in Options.
	CacheFile string
	Program   string
	Hasher    *stamp.Hasher
	Root      string
}

// checkCache is the content of a CheckOptions.CacheFile.
type checkCache struct {
	Version int                   `json:"version"`
	Bureaus map[string]checkEntry `json:"bureaus"`
}

type checkEntry struct {
	Key     string    `json:"key"`
	Reports int       `json:"reports"`
	Bureau  bool      `json:"bureau"` // the folder is a bureau (not only problems)
	Diags   diag.List `json:"diags"`
}

// checkCacheVersion changes when the cache's meaning does.
const checkCacheVersion = 2

// Check loads and checks a site like Build without Render, reading again
// only the bureaus that changed since the cached check. The problems are
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
	cache := readCheckCache(opt.CacheFile)
	global := checkKey(opt, top)
	entries := make([]checkEntry, len(top.Folders))
	fresh := make([]bool, len(top.Folders))
	parallel.For(len(top.Folders), func(i int) {
		if ctx.Err() != nil {
			return
		}
		slug := top.Folders[i]
		key := ""
		if folder := folderKey(opt.Hasher, opt.Source, opt.Root, path.Join(load.ContentDir, slug)); global != "" && folder != "" {
			key = global + folder
		}
		if e, ok := cache.Bureaus[slug]; ok && e.Key == key && key != "" {
			entries[i] = e
			return
		}
		b, found := readBureau(opt.Source, slug, top.Config)
		e := checkEntry{Key: key, Diags: found}
		if b != nil {
			e.Bureau, e.Reports = true, len(b.Reports)
		}
		attachSources(opt.Source, e.Diags)
		entries[i], fresh[i] = e, true
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	next := checkCache{Version: checkCacheVersion, Bureaus: map[string]checkEntry{}}
	changed := len(cache.Bureaus) != len(top.Folders)
	for i, e := range entries {
		diags = append(diags, e.Diags...)
		if e.Bureau {
			res.Bureaus++
			res.Reports += e.Reports
		}
		next.Bureaus[top.Folders[i]] = e
		changed = changed || fresh[i]
	}
	if opt.CacheFile != "" && changed {
		writeCheckCache(opt.CacheFile, next) // a cache that cannot be written only makes the next check slower
	}
	if opt.Strict {
		diags.Promote()
	}
	diags.Sort()
	res.Diags = diags
	res.Duration = time.Since(start)
	return res, nil
}

// checkKey fingerprints what every bureau's problems depend on besides
// its folder: the program, the options and site.toml. "" when it cannot
// be known (then nothing is taken from the cache).
func checkKey(opt CheckOptions, top load.TopLevel) string {
	return siteKey(opt.Source, top, opt.Program, fmt.Sprintf("check %d %q %t", checkCacheVersion, opt.BaseURL, opt.Strict))
}

func readCheckCache(file string) checkCache {
	var c checkCache
	if file == "" {
		return c
	}
	data, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(data, &c) != nil || c.Version != checkCacheVersion {
		return checkCache{}
	}
	return c
}

func writeCheckCache(file string, c checkCache) {
	data, err := json.Marshal(c)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".check-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
	}
}
