package discover

import (
	"bytes"
	"encoding/xml"
	"path"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// Sitemap lists every HTML page but the 404 page, in path order, with the
// publication date as lastmod on report pages (the only date the data
// gives; build times would break byte-identical output).
func Sitemap(base permalink.Base, site *budget.Site, paths []string) []byte {
	lastmod := map[string]string{}
	for _, b := range site.Bureaus {
		for _, r := range b.Reports {
			if !r.Published.IsZero() {
				lastmod[reportPage(r)] = r.Published.String()
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range paths {
		if path.Ext(p) != ".html" || p == "404.html" {
			continue
		}
		buf.WriteString("  <url><loc>")
		xml.EscapeText(&buf, []byte(base.URL(p)))
		buf.WriteString("</loc>")
		if d := lastmod[p]; d != "" {
			buf.WriteString("<lastmod>" + d + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

// Robots allows every crawler and points at the sitemap when there is
// one. Crawlers read robots.txt only at a host's root: under a sub-path
// the host's own file applies, and this one is harmless.
func Robots(base permalink.Base) []byte {
	s := "User-agent: *\nAllow: /\n"
	if base.IsSet() {
		s += "\nSitemap: " + base.String() + SitemapPath + "\n"
	}
	return []byte(s)
}
