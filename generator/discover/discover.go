// Package discover makes a built site findable: sitemap.xml and
// robots.txt for crawlers, an Atom feed of disclosures for readers who
// follow new ones, and a compact search index for the site's own offline
// search. It reads the model and the list of pages, and adds files.
package discover

import (
	"github.com/disclose-portal/disclose/generator/i18n"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/output"
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
	return WriteWith(site, SearchIndex(site), files, into)
}

// WriteWith is Write with the site's search index made already.
func WriteWith(site *budget.Site, ix *Index, files, into *output.FileSet) (notes []i18n.Text) {
	base, err := BaseURL(site.Config.BaseURL)
	if err != nil {
		notes = append(notes, i18n.T("note.no_sitemap_bad_base", site.Config.BaseURL))
	}
	if base != nil {
		into.Add(SitemapPath, Sitemap(base, site, files.Paths()))
	} else if err == nil {
		notes = append(notes, i18n.T("note.no_sitemap"))
	}
	if !files.Has(RobotsPath) { // a static/robots.txt of the site's own wins
		into.Add(RobotsPath, Robots(base))
	}
	into.Add(FeedPath, Feed(base, site))
	ix.EachFile(into.Add)
	return notes
}

// BaseURL parses the site's base URL; nil when none is set. The path
// always ends in a slash, so that page paths resolve below it.
func BaseURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &baseErr{s}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

type baseErr struct{ s string }

func (e *baseErr) Error() string {
	return "base_url " + strconv.Quote(e.s) + " is not an absolute http(s) URL"
}

// PageURL is the address of an output page: a folder's index.html is
// addressed by the folder ("bureau/2023/"). With a base URL the result is
// absolute, else relative to the site root.
func PageURL(base *url.URL, p string) string {
	rel := strings.TrimSuffix(p, "index.html")
	parts := strings.Split(rel, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	rel = strings.Join(parts, "/")
	if base == nil {
		return rel
	}
	return base.String() + rel
}

// reportsByDate lists every report, newest publication first; reports
// without a date come last, newest year first, then by bureau.
func reportsByDate(site *budget.Site) []*budget.Report {
	var all []*budget.Report
	for _, b := range site.Bureaus {
		all = append(all, b.Reports...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if a.Published != b.Published {
			return a.Published.String() > b.Published.String()
		}
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		return a.Bureau.Slug < b.Bureau.Slug
	})
	return all
}

func reportPage(r *budget.Report) string {
	return r.Bureau.Slug + "/" + strconv.Itoa(r.Year) + "/index.html"
}
