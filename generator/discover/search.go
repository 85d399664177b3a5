package discover

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Index is the site's search index: documents (a bureau, a report, a
// project, an indicator row, a metric, a section of a narrative) and, for
// every term, the documents that contain it.
//
// Chinese is written without spaces between words, so terms are
// overlapping character bigrams of Han text ("市场监管" → 市场 场监 监管),
// a lone Han character as itself, and runs of Latin letters or digits as
// lower-case words. A query is cut the same way and a document matches
// when it holds every term of the query; phrases therefore match wherever
// their characters stand together in the text, without a dictionary.
type Index struct {
	Docs  []Doc
	Terms map[string][]int // term → sorted document numbers
}

// Doc is one search result.
type Doc struct {
	Kind    string // 部门, 报告, 项目, 指标, 主要指标, 正文
	Title   string
	URL     string // relative to the site root
	Context string // a short line shown under the title
}

// contextRunes caps the line shown under a result.
const contextRunes = 60

// SearchIndex indexes every bureau, report, project, indicator, metric and
// narrative section of the site.
func SearchIndex(site *budget.Site) *Index {
	ix := &Index{Terms: map[string][]int{}}
	for _, b := range site.Bureaus {
		ix.add(Doc{Kind: "部门", Title: b.Name, URL: b.Slug + "/index.html", Context: join(" · ", b.Region, b.Level)},
			b.Name, b.ShortName, b.Region, b.Level, strings.Join(b.Functions, "\n"))
		for _, r := range b.Reports {
			page := b.Slug + "/" + strconv.Itoa(r.Year) + "/index.html"
			where := b.DisplayName() + " · " + strconv.Itoa(r.Year) + "年"
			ix.add(Doc{Kind: "报告", Title: b.Name + " " + r.Title, URL: page, Context: clip(Summary(r))},
				b.Name, b.ShortName, r.Title, r.Kind, strconv.Itoa(r.Year))
			for _, p := range r.Projects {
				anchor := page + "#project-" + p.ID
				ix.add(Doc{Kind: "项目", Title: p.Name, URL: anchor, Context: where},
					p.Name, p.Code, p.Department, p.Implementer, p.Goal, p.Outcome, p.Deviation)
				for _, in := range p.Indicators {
					ctx := where + " · " + p.Name
					if in.Target.Raw != "" || in.Actual.Raw != "" {
						ctx = where + " · 目标 " + in.Target.Raw + "，完成 " + in.Actual.Raw
					}
					ix.add(Doc{Kind: "指标", Title: in.Name, URL: anchor, Context: clip(ctx)},
						in.Level1, in.Level2, in.Name, in.Target.Raw, in.Actual.Raw, in.Deviation, p.Name)
				}
			}
			for _, m := range r.Metrics {
				ix.add(Doc{Kind: "主要指标", Title: m.Name, URL: page + "#metrics-title", Context: clip(where + " · " + m.Value.Raw + m.Unit)},
					m.Name, m.Group, m.Note, m.Value.Raw)
			}
			for _, s := range sections(string(r.Narrative)) {
				title := s.heading
				if title == "" {
					title = r.Title
				}
				ix.add(Doc{Kind: "正文", Title: title, URL: page + "#narrative-title", Context: clip(where + " · " + s.text)},
					s.heading, s.text)
			}
		}
	}
	return ix
}

func (ix *Index) add(d Doc, texts ...string) {
	n := len(ix.Docs)
	ix.Docs = append(ix.Docs, d)
	seen := map[string]bool{}
	for _, t := range append(texts, d.Title) {
		for _, term := range Terms(t) {
			if !seen[term] {
				seen[term] = true
				ix.Terms[term] = append(ix.Terms[term], n)
			}
		}
	}
}

// Terms cuts text into index terms (see Index). search.js does the same
// to queries; the two must agree.
func Terms(text string) []string {
	var out []string
	var han []rune
	var word strings.Builder
	flushHan := func() {
		switch len(han) {
		case 0:
		case 1:
			out = append(out, string(han))
		default:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	flushWord := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, c := range strings.ToLower(text) {
		switch {
		case unicode.Is(unicode.Han, c):
			flushWord()
			han = append(han, c)
		case c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9'):
			flushHan()
			word.WriteRune(c)
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return out
}

// JS renders the index as a script that hands it to search.js: a page
// opened from disk (file://) may not fetch JSON, but it may load a script
// from its own folder. Posting lists are delta-encoded to keep the file
// small; keys are sorted, so the bytes are stable.
func (ix *Index) JS() []byte {
	type wire struct {
		V     int              `json:"v"`
		Docs  [][4]string      `json:"docs"`
		Terms map[string][]int `json:"terms"`
	}
	w := wire{V: 1, Docs: make([][4]string, len(ix.Docs)), Terms: make(map[string][]int, len(ix.Terms))}
	for i, d := range ix.Docs {
		w.Docs[i] = [4]string{d.Kind, d.Title, d.URL, d.Context}
	}
	for t, ps := range ix.Terms {
		sort.Ints(ps)
		deltas := make([]int, len(ps))
		prev := 0
		for i, p := range ps {
			deltas[i] = p - prev
			prev = p
		}
		w.Terms[t] = deltas
	}
	var buf bytes.Buffer
	buf.WriteString("/* search index of this site, made by disclose; loaded by search.js */\n")
	buf.WriteString("window.discloseSearchIndex(")
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(w); err != nil { // json.Encoder escapes <, > and &
		panic(err)
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(");\n")
	return buf.Bytes()
}

type section struct{ heading, text string }

// sections splits Markdown at its headings and strips the markup that
// would only add noise to the index.
func sections(md string) []section {
	var out []section
	cur := section{}
	var body []string
	flush := func() {
		cur.text = strings.Join(strings.Fields(strings.Join(body, " ")), " ")
		if cur.text != "" || cur.heading != "" {
			out = append(out, cur)
		}
		body = body[:0]
	}
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			flush()
			cur = section{heading: strings.TrimSpace(strings.TrimLeft(t, "#"))}
			continue
		}
		t = strings.TrimLeft(t, ">-*+ ")
		t = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ").Replace(t)
		body = append(body, t)
	}
	flush()
	return out
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= contextRunes {
		return s
	}
	r := []rune(s)
	return string(r[:contextRunes]) + "…"
}

func join(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
