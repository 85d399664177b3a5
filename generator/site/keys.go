package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// The keys of the pipeline: a bureau's part of a build or check is reused
// only under the same key, a digest of the bytes of everything it depends
// on. A key is the site's part (the program, the options, site.toml and,
// for a build, the theme, the static files and the years every page's
// navigation lists) followed by the bureau folder's part (its files).

// buildKey fingerprints what every bureau's files and contribution to
// the whole-site pages depend on besides its folder (see package
// buildcache): site.toml, the program and options, the theme and static
// files of the source, and the years every page's navigation lists.
func buildKey(opt Options, top load.TopLevel, years []int) string {
	var more strings.Builder
	fmt.Fprintf(&more, "build %d %q %t %v\n", buildCacheVersion, opt.BaseURL, opt.Strict, years)
	hasher := opt.Hasher
	if hasher == nil {
		hasher = stamp.NewHasher("")
	}
	for _, dir := range []string{"themes", "static"} {
		if tree(&more, hasher, opt.Lines, opt.Source, opt.Root, dir) != nil {
			return ""
		}
	}
	return siteKey(opt.Source, top, opt.Program, more.String())
}

// buildCacheVersion changes when what a bureau's files depend on does.
const buildCacheVersion = 3

// siteKey fingerprints site.toml, the program and what the caller adds
// (options, other files): what every bureau's part of a build or check
// depends on besides its folder. "" when it cannot be known.
func siteKey(src fs.FS, top load.TopLevel, program, more string) string {
	if program == "" || !top.OK {
		return ""
	}
	cfg, err := fs.ReadFile(src, path.Join(load.ContentDir, "site.toml"))
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%q\n%q\n", program, more)
	h.Write(cfg)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// folderKey fingerprints the files under dir by path and contents; ""
// when it cannot be read (then it is read again, and the load reports
// why). hasher nil reads every file; lines, when they hold dir, are
// written instead of walking it (see tree).
func folderKey(hasher *stamp.Hasher, lines *stamp.Lines, fsys fs.FS, root, dir string) string {
	if hasher == nil {
		hasher = stamp.NewHasher("")
	}
	h := sha256.New()
	if err := tree(h, hasher, lines, fsys, root, dir); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// tree writes the lines of the files under dir (stamp.Hasher.Tree):
// from lines, the build's fingerprint of the whole source, when they
// hold dir, so that the source is walked and digested once a build.
func tree(w io.Writer, hasher *stamp.Hasher, lines *stamp.Lines, fsys fs.FS, root, dir string) error {
	if ok, err := lines.Tree(w, root, dir); ok || err != nil {
		return err
	}
	return hasher.Tree(w, fsys, root, dir)
}
