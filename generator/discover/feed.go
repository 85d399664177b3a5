package discover

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/permalink"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Author    atomPerson `xml:"author"`
	Summary   string     `xml:"summary"`

	// raw, when set, is the entry as writeFeed writes it, copied from
	// the last build's feed (FeedReusing); the fields above but Updated
	// are then left empty.
	raw []byte
}

// Feed is an Atom feed of every disclosure, newest publication first.
//
// Atom requires an updated time on every entry. A report's is its
// publication date (midnight, China time); a report with no published
// date uses its approval date, else 1 January of the year after the one
// it reports on, the earliest day it can have been published. Without a
// base URL the links are relative to the feed (Atom resolves them against
// the feed's own address) and ids are name-based UUID URNs.
func Feed(base permalink.Base, site *budget.Site) []byte { return writeFeed(feedOf(base, site, nil)) }

// FeedReusing is Feed, with the entries of the reports of the bureaus
// for which same is true copied from last, the feed the last build wrote
// of the same configuration and program, rather than written again: an
// entry reads nothing but its report, its bureau and the base URL, so a
// bureau whose model is the last build's (the same site digest) has the
// same entries. At 10,000 reports a build after a corrected figure spent
// ~0.1 CPU s writing 9,995 entries it had written before (the summary's
// sums and formats, the escaping, 10 MB of bytes). An entry is found in
// last by its id, which is unique (a report's page, or its name-based
// UUID); one not found is written. reused is how many were copied.
func FeedReusing(base permalink.Base, site *budget.Site, last []byte, same func(b *budget.Bureau) bool) (feed []byte, reused int) {
	old := lastEntries(last)
	f := feedOf(base, site, func(r *budget.Report, id string) []byte {
		if !same(r.Bureau) {
			return nil
		}
		if !plainXML(id) {
			var b bytes.Buffer
			xml.EscapeText(&b, []byte(id))
			id = b.String()
		}
		return old[id]
	})
	for _, e := range f.Entries {
		if e.raw != nil {
			reused++
		}
	}
	return writeFeed(f), reused
}

// lastEntries finds the entries of a feed writeFeed wrote, each under
// its id as written (escaped). Every text of a feed is escaped, so "<"
// is markup: an entry's lines are found by their tags and indent alone.
func lastEntries(feed []byte) map[string][]byte {
	const start, end, idOpen, idClose = "\n  <entry>", "\n  </entry>", "\n    <title>", "</id>"
	out := map[string][]byte{}
	for {
		i := bytes.Index(feed, []byte(start))
		if i < 0 {
			return out
		}
		feed = feed[i:]
		j := bytes.Index(feed, []byte(end))
		if j < 0 {
			return out
		}
		entry := feed[: j+len(end) : j+len(end)]
		feed = feed[j+len(end):]
		// The id is the second element, after the title: "<id>" may not
		// be searched for from the start, a title being free text, but
		// its text holds no "<".
		t := bytes.Index(entry, []byte(idOpen))
		if t != len(start) {
			continue
		}
		rest := entry[t+len(idOpen):]
		k := bytes.Index(rest, []byte("</title>\n    <id>"))
		if k < 0 {
			continue
		}
		rest = rest[k+len("</title>\n    <id>"):]
		if k = bytes.Index(rest, []byte(idClose)); k >= 0 {
			out[string(rest[:k])] = entry
		}
	}
}

// feedOf is the feed of the site, as encoding/xml would marshal it; made,
// when not nil, gives an entry already written (see atomEntry.raw) for a
// report of the given id, or nil.
func feedOf(base permalink.Base, site *budget.Site, made func(r *budget.Report, id string) []byte) atomFeed {
	reports := reportsByDate(site)
	f := atomFeed{Lang: site.Config.Language, Title: site.Config.Title, Author: atomPerson{Name: site.Config.Title}}
	if site.Config.Publisher.Name != "" {
		f.Author.Name = site.Config.Publisher.Name
	}
	if base.IsSet() {
		f.ID = base.String()
		f.Links = []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base.String() + FeedPath}, {Rel: "alternate", Type: "text/html", Href: base.String()}}
	} else {
		f.ID = uuidURN("site:" + site.Config.Title)
		f.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: "./"}}
	}
	for _, r := range reports {
		page := base.URL(reportPage(r))
		id := page
		if !base.IsSet() {
			id = uuidURN("report:" + r.Bureau.Slug + "/" + strconv.Itoa(r.Year))
		}
		if made != nil {
			if raw := made(r, id); raw != nil {
				e := atomEntry{Updated: updated(r), raw: raw}
				f.Updated = max(f.Updated, e.Updated)
				f.Entries = append(f.Entries, e)
				continue
			}
		}
		e := atomEntry{
			Title:   r.Bureau.Name + " " + r.Title,
			Updated: updated(r),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
			Author:  atomPerson{Name: r.Bureau.Name},
			Summary: Summary(r),
			ID:      id,
		}
		if !r.Published.IsZero() {
			e.Published = stamp(r.Published)
		}
		if e.Updated > f.Updated {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	if f.Updated == "" {
		f.Updated = "1970-01-01T00:00:00Z" // no reports yet
	}
	return f
}

// writeFeed writes the feed as encoding/xml's Encoder, indented by two
// spaces, marshals it (feed_test.go holds it to that, byte for byte,
// fuzzing the text), with a line end after it. encoding/xml reflects on
// every field of every entry: at 10,000 reports that was 0.3 s of a
// build after a corrected figure. The text is escaped by encoding/xml's
// own EscapeText.
func writeFeed(f atomFeed) []byte {
	var b bytes.Buffer
	b.Grow(1024 + 1200*len(f.Entries)) // an entry of synthetic content: ~1,000 bytes
	esc := func(s string) {
		if plainXML(s) {
			b.WriteString(s)
		} else {
			xml.EscapeText(&b, []byte(s))
		}
	}
	elem := func(indent, name, v string) {
		b.WriteString("\n" + indent + "<" + name + ">")
		esc(v)
		b.WriteString("</" + name + ">")
	}
	links := func(indent string, ls []atomLink) {
		for _, l := range ls {
			b.WriteString("\n" + indent + "<link")
			if l.Rel != "" {
				b.WriteString(` rel="`)
				esc(l.Rel)
				b.WriteByte('"')
			}
			if l.Type != "" {
				b.WriteString(` type="`)
				esc(l.Type)
				b.WriteByte('"')
			}
			b.WriteString(` href="`)
			esc(l.Href)
			b.WriteString(`"></link>`)
		}
	}
	author := func(indent string, p atomPerson) {
		b.WriteString("\n" + indent + "<author>")
		elem(indent+"  ", "name", p.Name)
		b.WriteString("\n" + indent + "</author>")
	}
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"`)
	if f.Lang != "" {
		b.WriteString(` xml:lang="`)
		esc(f.Lang)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	elem("  ", "title", f.Title)
	elem("  ", "id", f.ID)
	elem("  ", "updated", f.Updated)
	links("  ", f.Links)
	author("  ", f.Author)
	for _, e := range f.Entries {
		if e.raw != nil {
			b.Write(e.raw)
			continue
		}
		b.WriteString("\n  <entry>")
		elem("    ", "title", e.Title)
		elem("    ", "id", e.ID)
		elem("    ", "updated", e.Updated)
		if e.Published != "" {
			elem("    ", "published", e.Published)
		}
		links("    ", e.Links)
		author("    ", e.Author)
		elem("    ", "summary", e.Summary)
		b.WriteString("\n  </entry>")
	}
	b.WriteString("\n</feed>\n")
	return b.Bytes()
}

// plainXML reports whether xml.EscapeText would write s as it is: no
// markup or quote, no line end or tab, nothing outside XML's characters,
// no U+FFFD and no invalid UTF-8 (which it replaces). Nearly every text
// of a feed is so; copying it saves the escaper's rune by rune writes.
func plainXML(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x20, r == '"', r == '\'', r == '&', r == '<', r == '>':
			return false
		case r <= 0xD7FF, r >= 0xE000 && r < 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
	}
	return true
}

func updated(r *budget.Report) string {
	switch {
	case !r.Published.IsZero():
		return stamp(r.Published)
	case !r.Approved.IsZero():
		return stamp(r.Approved)
	}
	return stamp(budget.Date{Year: r.Year + 1, Month: 1, Day: 1})
}

func stamp(d budget.Date) string { return d.String() + "T00:00:00+08:00" }

// Summary is one line about a report, for the feed and for page
// descriptions: 项目支出 2,753.15 万元；评价项目 4 个，执行率 100.00%。
// Written into one builder: it is made three times a report (search
// index, JSON-LD, the page's description).
func Summary(r *budget.Report) string {
	var s strings.Builder
	s.Grow(len(r.Bureau.Name) + len(r.Title) + 160)
	year := strconv.Itoa(r.Year)
	s.WriteString(r.Bureau.Name)
	s.WriteString("《")
	if !strings.Contains(r.Title, year) {
		s.WriteString(year)
		s.WriteString("年 ")
	}
	s.WriteString(r.Title)
	s.WriteString("》。")
	if r.Funds != nil {
		if total, _, ok := r.Funds.Stated(); ok {
			s.WriteString("项目支出 ")
			s.WriteString(total.FormatUnit(r.Unit))
			s.WriteString("；")
		}
	}
	// Only what the report published or what follows from it: a figure
	// it left out is left out here too.
	if st := r.Stated(); r.ProjectCount() > 0 {
		s.WriteString("纳入绩效评价项目 ")
		s.WriteString(strconv.Itoa(st.Projects))
		s.WriteString(" 个")
		if st.Adjusted != nil {
			s.WriteString("，预算 ")
			s.WriteString(st.Adjusted.FormatUnit(r.Unit))
		}
		if st.ExecutionRate != nil {
			s.WriteString("，执行率 ")
			s.WriteString(st.ExecutionRate.String())
		} else if rate, ok := st.ComputedExecutionRate(); ok {
			s.WriteString("，执行率 ")
			s.WriteString(rate.Percent())
		}
		s.WriteString("。")
	}
	return s.String()
}

// uuidURN is a name-based (version 5 style, SHA-1) UUID URN: stable for
// the same name, so feed readers do not see old entries as new.
func uuidURN(name string) string {
	h := sha1.Sum([]byte("disclose:" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
