// Package discover makes a built site findable: sitemap.xml and
// robots.txt for crawlers, an Atom feed of disclosures for readers who
// follow new ones, and a compact search index for the site's own offline
// search. It reads the model and the list of pages, and adds files.
package discover

import (
	"cmp"
	"slices"
	"strings"

	"github.com/disclose-portal/disclose/generator/i18n"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// Paths of the files, relative to the site root.
const (
	SitemapPath = "sitemap.xml"
	RobotsPath  = "robots.txt"
	FeedPath    = "feed.xml"
)

// Write adds sitemap.xml (only when the site has a base URL: a sitemap
// must list absolute URLs), robots.txt, feed.xml and the search index to
// into; files must hold the rendered pages (it may be into itself). It
// returns notes for the person running the build, such as why there is
// no sitemap.
func Write(site *budget.Site, files, into *output.FileSet) (notes []i18n.Text) {
	return WriteWith(site, SearchIndex(site), files.Paths(), into)
}

// WriteWith is Write with the site's search index made already; paths
// are those of every file of the site, sorted (the sitemap lists its
// pages, some of which serve makes only when asked for).
func WriteWith(site *budget.Site, ix *Index, paths []string, into *output.FileSet) (notes []i18n.Text) {
	notes = WriteSite(site, paths, into, nil)
	ix.EachFile(into.Add)
	return notes
}

// WriteSite is WriteWith without the search index: sitemap.xml,
// robots.txt and feed.xml, but those that kept (nil: none) says the
// caller keeps as the last build made them (package site knows when
// they stand). paths (as WriteWith's) are read only to write the
// sitemap or robots.txt: nil will do when kept keeps both.
func WriteSite(site *budget.Site, paths []string, into *output.FileSet, kept func(p string) bool) (notes []i18n.Text) {
	write := func(p string) bool { return kept == nil || !kept(p) }
	base, _ := permalink.ParseBase(site.Config.BaseURL)
	if base.IsSet() && write(SitemapPath) {
		into.Add(SitemapPath, Sitemap(base, site, paths))
	}
	if _, own := slices.BinarySearch(paths, RobotsPath); !own && write(RobotsPath) { // a static/robots.txt of the site's own wins
		into.Add(RobotsPath, Robots(base))
	}
	if write(FeedPath) {
		into.Add(FeedPath, Feed(base, site))
	}
	return Notes(site.Config)
}

// Notes are the notes WriteSite returns for a site of this
// configuration, such as why there is no sitemap: a build that keeps
// the files WriteSite made last time still tells them.
func Notes(cfg budget.Config) (notes []i18n.Text) {
	base, err := permalink.ParseBase(cfg.BaseURL)
	if err != nil {
		notes = append(notes, i18n.T("note.no_sitemap_bad_base", cfg.BaseURL))
	}
	if !base.IsSet() && err == nil {
		notes = append(notes, i18n.T("note.no_sitemap"))
	}
	return notes
}

// reportsByDate lists every report, newest publication first; reports
// without a date come last, newest year first, then by bureau.
func reportsByDate(site *budget.Site) []*budget.Report {
	// Each date's text is made once, not in every comparison (fmt for
	// each of 10,000 reports' n log n comparisons was most of the feed).
	type dated struct {
		r   *budget.Report
		pub string
	}
	var all []dated
	for _, b := range site.Bureaus {
		for _, r := range b.Reports {
			all = append(all, dated{r, r.Published.String()})
		}
	}
	// A stable sort by the same order gives the same list whatever the
	// algorithm; slices' is sort.SliceStable's without reflection.
	slices.SortStableFunc(all, func(a, b dated) int {
		if a.r.Published.IsZero() != b.r.Published.IsZero() {
			if !a.r.Published.IsZero() {
				return -1
			}
			return 1
		}
		if a.r.Published != b.r.Published {
			return -strings.Compare(a.pub, b.pub)
		}
		if a.r.Year != b.r.Year {
			return -cmp.Compare(a.r.Year, b.r.Year)
		}
		return strings.Compare(a.r.Bureau.Slug, b.r.Bureau.Slug)
	})
	out := make([]*budget.Report, len(all))
	for i, d := range all {
		out[i] = d.r
	}
	return out
}

func reportPage(r *budget.Report) string { return permalink.Report(r.Bureau.Slug, r.Year) }
