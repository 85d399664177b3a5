// Package permalink names the pages of a site and their addresses: the
// one place that knows where in the output each page of a bureau, a
// report and a year goes, and how the base URL turns a page into an
// absolute address (canonical links, sitemap, feed, the 404 page).
package permalink

import (
	"net/url"
	"strconv"
	"strings"
)

// Bureau is the page of a bureau, relative to the site root.
func Bureau(slug string) string { return slug + "/index.html" }

// ReportDir is the folder of a report's page and files.
func ReportDir(slug string, year int) string { return slug + "/" + strconv.Itoa(year) }

// Report is the page of a report.
func Report(slug string, year int) string { return ReportDir(slug, year) + "/index.html" }

// Data is the page that describes the open data files.
const Data = "data/index.html"

// Year is the page of a year.
func Year(year int) string { return strconv.Itoa(year) + "/index.html" }

// Base is a site's base URL, parsed once; the zero Base is none (the site
// is addressed only relatively).
type Base struct{ u *url.URL }

// ParseBase parses a base URL ("" is none). Its path always ends in a
// slash, so that page paths resolve below it.
func ParseBase(s string) (Base, error) {
	if s == "" {
		return Base{}, nil
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return Base{}, &baseError{s}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return Base{u}, nil
}

type baseError struct{ s string }

func (e *baseError) Error() string {
	return "base_url " + strconv.Quote(e.s) + " is not an absolute http(s) URL"
}

// IsSet reports whether there is a base URL.
func (b Base) IsSet() bool { return b.u != nil }

// String is the base URL, ending in a slash ("" when none).
func (b Base) String() string {
	if b.u == nil {
		return ""
	}
	return b.u.String()
}

// URL is the address of an output file: a folder's index.html is
// addressed by the folder ("bureau/2023/"). With a base URL the result is
// absolute, else relative to the site root.
func (b Base) URL(p string) string {
	rel := strings.TrimSuffix(p, "index.html")
	parts := strings.Split(rel, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	rel = strings.Join(parts, "/")
	return b.String() + rel
}

// Root is the path of the site's root on its server ("/" when there is
// no base URL): the 404 page is served at any depth, so its links start
// from here.
func (b Base) Root() string {
	if b.u == nil {
		return "/"
	}
	return b.u.Path
}
