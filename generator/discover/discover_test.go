package discover

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"github.com/disclose-portal/disclose/generator/i18n"
	"maps"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/permalink"
	"github.com/disclose-portal/disclose/generator/synth"
	"golang.org/x/tools/txtar"
)

// fixture loads testdata/site.txtar (two bureaus, three reports, two of
// them with publication dates), optionally with another base_url.
func fixture(t *testing.T, baseURL string) *budget.Site {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{}
	for _, f := range ar.Files {
		src[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	s, diags := load.Site(src)
	if diags.Errors() > 0 {
		t.Fatalf("fixture: %v", diags)
	}
	s.Config.BaseURL = baseURL
	return s
}

// pages is what the renderer would have written.
func pages(s *budget.Site) *output.FileSet {
	fs := output.NewFileSet()
	fs.Add("index.html", nil)
	fs.Add("404.html", nil)
	fs.Add("assets/style.css", nil)
	for _, b := range s.Bureaus {
		fs.Add(b.Slug+"/index.html", nil)
		for _, r := range b.Reports {
			fs.Add(reportPage(r), nil)
		}
	}
	return fs
}

type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	s := fixture(t, "https://example.cn/jx")
	files := pages(s)
	notes := Write(s, files, files)
	if len(notes) > 0 {
		t.Errorf("notes with a base URL: %v", notes)
	}
	data, err := files.Bytes(SitemapPath)
	if err != nil {
		t.Fatal(err)
	}
	var sm sitemap
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatalf("sitemap.xml does not parse: %v\n%s", err, data)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc+" "+u.LastMod)
	}
	want := []string{
		"https://example.cn/jx/a/2022/ 2023-05-10",
		"https://example.cn/jx/a/2023/ 2024-06-30",
		"https://example.cn/jx/a/ ",
		"https://example.cn/jx/b/2023/ ",
		"https://example.cn/jx/b/ ",
		"https://example.cn/jx/ ",
	}
	if !reflect.DeepEqual(locs, want) {
		t.Errorf("sitemap:\n%s\nwant:\n%s", strings.Join(locs, "\n"), strings.Join(want, "\n"))
	}
	robots, _ := files.Bytes(RobotsPath)
	if !bytes.Contains(robots, []byte("Sitemap: https://example.cn/jx/sitemap.xml\n")) {
		t.Errorf("robots.txt:\n%s", robots)
	}
}

func TestNoBaseURL(t *testing.T) {
	s := fixture(t, "")
	files := pages(s)
	notes := Write(s, files, files)
	if files.Has(SitemapPath) {
		t.Error("a sitemap was written without a base URL")
	}
	if len(notes) != 1 || !strings.Contains(notes[0].In(i18n.En), "base_url") {
		t.Errorf("notes: %v", notes)
	}
	robots, _ := files.Bytes(RobotsPath)
	if bytes.Contains(robots, []byte("Sitemap")) {
		t.Errorf("robots.txt points at a missing sitemap:\n%s", robots)
	}
	own := pages(s)
	own.Add(RobotsPath, []byte("User-agent: *\nDisallow: /\n"))
	Write(s, own, own)
	if data, _ := own.Bytes(RobotsPath); string(data) != "User-agent: *\nDisallow: /\n" {
		t.Errorf("the site's own robots.txt was replaced by:\n%s", data)
	}
	s.Config.BaseURL = "jixiao.example.cn"
	if notes := Write(s, pages(s), output.NewFileSet()); len(notes) != 1 || !strings.Contains(notes[0].In(i18n.En), "not an absolute") {
		t.Errorf("notes for a relative base_url: %v", notes)
	}
}

type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, data []byte) feed {
	t.Helper()
	var f feed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("feed.xml does not parse: %v\n%s", err, data)
	}
	return f
}

func TestFeed(t *testing.T) {
	f := parseFeed(t, Feed(mustBase(t, "https://example.cn/jx/"), fixture(t, "")))
	var got []string
	for _, e := range f.Entries {
		got = append(got, e.Link.Href+" "+e.Published+" "+e.Updated)
		if e.ID != e.Link.Href {
			t.Errorf("entry id %s, link %s", e.ID, e.Link.Href)
		}
	}
	// Newest publication first; the report without a date last, dated
	// 1 January of the following year.
	want := []string{
		"https://example.cn/jx/a/2023/ 2024-06-30T00:00:00+08:00 2024-06-30T00:00:00+08:00",
		"https://example.cn/jx/a/2022/ 2023-05-10T00:00:00+08:00 2023-05-10T00:00:00+08:00",
		"https://example.cn/jx/b/2023/  2024-01-01T00:00:00+08:00",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f.Updated != "2024-06-30T00:00:00+08:00" || f.ID != "https://example.cn/jx/" {
		t.Errorf("feed updated %s id %s", f.Updated, f.ID)
	}
	if !strings.Contains(f.Entries[1].Summary, "执行率 90.01%") {
		t.Errorf("summary %q", f.Entries[1].Summary)
	}

	// Without a base URL: relative links and stable, distinct URN ids.
	rel := parseFeed(t, Feed(permalink.Base{}, fixture(t, "")))
	again := parseFeed(t, Feed(permalink.Base{}, fixture(t, "")))
	seen := map[string]bool{}
	for i, e := range rel.Entries {
		if !strings.HasPrefix(e.ID, "urn:uuid:") || seen[e.ID] || e.ID != again.Entries[i].ID {
			t.Errorf("entry id %q", e.ID)
		}
		seen[e.ID] = true
		if strings.Contains(e.Link.Href, "://") {
			t.Errorf("absolute link without a base URL: %s", e.Link.Href)
		}
	}
}

func mustBase(t *testing.T, s string) permalink.Base {
	t.Helper()
	u, err := permalink.ParseBase(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestTerms(t *testing.T) {
	for in, want := range map[string][]string{
		"市场监管":        {"市场", "场监", "监管"},
		"食品安全 2023年":  {"食品", "品安", "安全", "2023", "年"},
		"GDP增长12.99%": {"gdp", "增长", "12", "99"},
		"（科技）知识产权":    {"科技", "知识", "识产", "产权"},
		"":            nil,
	} {
		if got := Terms(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

// searchFiles decodes the index files as search.js would.
type searchFiles struct {
	meta   map[string]int
	terms  []map[string][]int
	chunks [][][4]string
}

func decodeSearch(t *testing.T, files map[string][]byte) *searchFiles {
	t.Helper()
	arg := func(p, fn string, withN bool) []byte {
		data, ok := files[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		pre := "window.discloseSearch." + fn + "("
		if !bytes.HasPrefix(data, []byte(pre)) || !bytes.HasSuffix(data, []byte(");\n")) {
			t.Fatalf("%s is not a call of %s: %.80s", p, fn, data)
		}
		data = data[len(pre) : len(data)-3]
		if withN {
			data = data[bytes.IndexByte(data, ',')+1:]
		}
		return data
	}
	sf := &searchFiles{}
	if err := json.Unmarshal(arg(SearchDir+"/index.js", "meta", false), &sf.meta); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < sf.meta["shards"]; i++ {
		var m map[string][]int
		if err := json.Unmarshal(arg(SearchDir+"/t-"+strconv.Itoa(i)+".js", "terms", true), &m); err != nil {
			t.Fatal(err)
		}
		sf.terms = append(sf.terms, m)
	}
	for c := 0; c*sf.meta["chunk"] < sf.meta["docs"]; c++ {
		var d [][4]string
		if err := json.Unmarshal(arg(SearchDir+"/d-"+strconv.Itoa(c)+".js", "docs", true), &d); err != nil {
			t.Fatal(err)
		}
		sf.chunks = append(sf.chunks, d)
	}
	if len(files) != 1+len(sf.terms)+len(sf.chunks) {
		t.Errorf("%d files, %d expected", len(files), 1+len(sf.terms)+len(sf.chunks))
	}
	return sf
}

func (sf *searchFiles) lookup(q string) []string {
	var hits []int
	for i, term := range Terms(q) {
		var list []int
		d := 0
		for _, delta := range sf.terms[Shard(term, sf.meta["shards"])][term] {
			d += delta
			list = append(list, d)
		}
		if i == 0 {
			hits = list
			continue
		}
		var keep []int
		for _, h := range hits {
			if slices.Contains(list, h) {
				keep = append(keep, h)
			}
		}
		hits = keep
	}
	var out []string
	for _, h := range hits {
		doc := sf.chunks[h/sf.meta["chunk"]][h%sf.meta["chunk"]]
		out = append(out, doc[0]+" "+doc[1]+" "+doc[2])
	}
	return out
}

// TestSearchIndex decodes the index files as search.js would and looks
// up a few queries.
func TestSearchIndex(t *testing.T) {
	sf := decodeSearch(t, SearchIndex(fixture(t, "")).Files())
	for q, want := range map[string][]string{
		"乙县另一局":  {"部门 乙县另一局 b/index.html", "报告 乙县另一局 2023年自评报告 b/2023/index.html"},
		"办结时限":   {"项目 办结 a/2023/index.html#project-p2"},
		"群众满意":   {"项目 项目\"一\" a/2022/index.html#project-p1"},
		"商事制度改革": {"正文 一、概况 a/2023/index.html#narrative-title"},
		"经营主体":   {"报告 甲市某某局 2022年项目支出绩效自评报告 a/2022/index.html", "报告 甲市某某局 2023年项目支出绩效自评报告 a/2023/index.html"},
		"不存在的词":  nil,
	} {
		if got := sf.lookup(q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
}

// TestSearchTitles: title terms are listed apart, in their term's shard.
func TestSearchTitles(t *testing.T) {
	sf := decodeSearch(t, SearchIndex(fixture(t, "")).Files())
	title := func(q string) []string {
		var out []string
		for _, term := range Terms(q) {
			d := 0
			for _, delta := range sf.terms[Shard(term, sf.meta["shards"])][string(TitleMark)+term] {
				d += delta
				doc := sf.chunks[d/sf.meta["chunk"]][d%sf.meta["chunk"]]
				out = append(out, doc[1])
			}
		}
		return out
	}
	if got := title("办结"); !reflect.DeepEqual(got, []string{"办结"}) {
		t.Errorf("title 办结: %q", got)
	}
	if got := title("某某"); !reflect.DeepEqual(got, []string{"甲市某某局", "甲市某某局 2022年项目支出绩效自评报告", "甲市某某局 2023年项目支出绩效自评报告"}) {
		t.Errorf("title 某某: %q", got)
	}
}

// TestSearchShards splits a larger index: every term is in the shard its
// hash names, and every document in its chunk.
func TestSearchShards(t *testing.T) {
	ix := newIndex()
	for i := 0; i < 2005; i++ {
		title := "项目" + strconv.Itoa(i)
		ix.add(Doc{Kind: "项目", Title: title, URL: "x.html"}, title, "预算执行绩效评价第"+strconv.Itoa(i%7)+"组")
	}
	// Enough postings for several shards.
	for i := 0; i < postingsPerShard/len(ix.Docs)+1; i++ {
		ps := &postings{}
		for j := range ix.Docs {
			ps.add(j)
		}
		ix.words["t"+strconv.Itoa(i)] = ps
	}
	sf := decodeSearch(t, ix.Files())
	if sf.meta["shards"] < 2 || len(sf.chunks) != (2005+DocChunk-1)/DocChunk {
		t.Fatalf("%d shards, %d chunks", sf.meta["shards"], len(sf.chunks))
	}
	if got := sf.lookup("项目2004"); !reflect.DeepEqual(got, []string{"项目 项目2004 x.html"}) {
		t.Errorf("项目2004: %q", got)
	}
	if got := len(sf.lookup("3组")); got != 286 {
		t.Errorf("3组: %d hits", got)
	}
}

// TestEmitFullChunks: writing out the full chunks of documents as
// bureaus are added, and the rest at the end, gives the files of the
// index made at once.
func TestEmitFullChunks(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 30, Years: 3, Seed: 5}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	want := SearchIndex(s).Files()
	got := map[string][]byte{}
	var mu sync.Mutex // EachFile emits from several goroutines
	emit := func(p string, data []byte) {
		mu.Lock()
		got[p] = data
		mu.Unlock()
	}
	ix := NewIndex()
	for _, b := range s.Bureaus {
		part := NewIndex()
		part.AddBureau(b)
		ix.Append(part)
		ix.EmitFullChunks(emit)
	}
	if ix.flushed == 0 {
		t.Fatalf("%d documents: no full chunk of %d to write out early", ix.Len(), DocChunk)
	}
	ix.EachFile(emit)
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs", p)
		}
	}
}

// TestAppendEncoded: a bureau's part of the index, encoded and appended,
// gives the same index as the part appended itself (a build takes an
// unchanged bureau's part from its cache that way).
func TestAppendEncoded(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 8, Years: 2, Seed: 7}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	want, got := NewIndex(), NewIndex()
	for i, b := range s.Bureaus {
		part := NewIndex()
		part.AddBureau(b)
		want.Append(part)
		if i%3 == 1 { // mixed, as in a build where some bureaus changed
			got.Append(part)
			continue
		}
		if err := got.AppendEncoded(part.Encode()); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got.Docs, want.Docs) || !sameLists(got.lists(), want.lists()) {
		t.Fatal("the index appended from encoded parts differs")
	}
	wf, gf := want.Files(), got.Files()
	for p, data := range wf {
		if !bytes.Equal(gf[p], data) {
			t.Errorf("%s differs", p)
		}
	}
	if err := got.AppendEncoded([]byte{3, 1}); err == nil {
		t.Error("damaged data was appended")
	}
}

// FuzzAppendEncoded: damaged data is refused, never a panic, and leaves
// the index as it was.
func FuzzAppendEncoded(f *testing.F) {
	part := NewIndex()
	part.add(Doc{Kind: "部门", Title: "某局", URL: "a/index.html"}, "某局", "市场监管")
	part.add(Doc{Kind: "报告", Title: "报告", URL: "a/2023/index.html"}, "报告", "市场 2023")
	f.Add(part.Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		ix := NewIndex()
		ix.add(Doc{Kind: "部门", Title: "乙局"}, "乙局", "监管")
		docs, terms := len(ix.Docs), len(ix.lists())
		if err := ix.AppendEncoded(data); err != nil && (len(ix.Docs) != docs || len(ix.lists()) != terms) {
			t.Fatal("a refused part changed the index")
		}
		ix.Files()
	})
}

// TestPatch: the files of an index patched for bureaus whose parts
// changed (a narrative edited, a project renamed: as many documents)
// are those of the index made whole again, byte for byte, and only the
// files that differ are written; a file that is not as the old parts
// say is refused.
func TestPatch(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 30, Years: 3, Seed: 5}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	parts := func() []*Index {
		var out []*Index
		for _, b := range s.Bureaus {
			p := NewIndex()
			p.AddBureau(b)
			out = append(out, p)
		}
		return out
	}
	before := parts()
	old := SearchIndex(s).Files()
	s.Bureaus[3].Reports[0].Narrative = append(s.Bureaus[3].Reports[0].Narrative, "\n补充说明：新增文字 2099 项。\n"...)
	s.Bureaus[17].Reports[1].Projects[0].Name += "（二期）"
	after := parts()
	want := SearchIndex(s).Files()

	var changes []Change
	docs, postings := 0, 0
	for i := range after {
		d, p := after[i].Stats()
		if i == 3 || i == 17 {
			o, err := DecodePart(before[i].Encode())
			if err != nil {
				t.Fatal(err)
			}
			n, err := DecodePart(after[i].Encode())
			if err != nil {
				t.Fatal(err)
			}
			changes = append(changes, Change{Base: docs, Old: o, New: n})
		}
		docs += d
		postings += p
	}
	read := func(p string) ([]byte, error) {
		if data, ok := old[p]; ok {
			return data, nil
		}
		return nil, os.ErrNotExist
	}
	got := maps.Clone(old)
	made, err := Patch(docs, postings, changes, read, func(p string, data []byte) { got[p] = data })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	changed := 0
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs from the index made whole", p)
		}
		if !bytes.Equal(old[p], data) {
			changed++
		}
	}
	if len(made) != changed || changed == 0 {
		t.Errorf("%d files written, %d differ", len(made), changed)
	}
	// Patching the new files again as if they were the old ones: their
	// posting lists are not those of the old parts.
	if _, err := Patch(docs, postings, changes, func(p string) ([]byte, error) { return got[p], nil }, func(string, []byte) {}); err == nil {
		t.Error("files that do not hold the old parts were patched")
	}
}

// sections and clip as they were written first (a join of the lines, then
// of their fields; a copy as runes): the faster ones must agree.
func sectionsRef(md string) []section {
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
		t = markup.Replace(t)
		body = append(body, t)
	}
	flush()
	return out
}

func clipRef(s string) string {
	if utf8.RuneCountInString(s) <= contextRunes {
		return s
	}
	r := []rune(s)
	return string(r[:contextRunes]) + "…"
}

func TestSectionsClip(t *testing.T) {
	long := strings.Repeat("绩效", contextRunes/2)
	texts := []string{
		"", "\n\n", "# 标题\n", "正文\r\n第二行  \t 词\n\n## 二、**重点** 项目\n> 引用 `代码` a|b\n- 列表 __强调__ *斜* \n",
		"无标题的正文，\u3000全角空格\u00a0与不换行空格", "a\xffb c\xfe\n# \xff标题", long, long + "x", long + "xy", "x" + long + "\xff" + long,
	}
	ix := newIndex() // one for all: its buffers are reused
	for _, s := range texts {
		var got []section
		for _, sec := range ix.sections(s) {
			got = append(got, section{heading: sec.heading, text: sec.text})
		}
		if want := sectionsRef(s); !reflect.DeepEqual(got, want) {
			t.Errorf("sections(%q) = %+v, want %+v", s, got, want)
		}
		if got, want := clip(s), clipRef(s); got != want {
			t.Errorf("clip(%q) = %q, want %q", s, got, want)
		}
		for _, where := range []string{"", "部门 · 2024年", strings.Repeat("长", contextRunes-3), strings.Repeat("长", contextRunes), "坏\xff"} {
			if got, want := clipJoined(where, s), clip(where+" · "+s); got != want {
				t.Errorf("clipJoined(%q, %q) = %q, want %q", where, s, got, want)
			}
		}
	}
}

// TestSectionsReuse: a narrative's sections are cut into the index's
// buffers, without a string of the narrative or of each section.
func TestSectionsReuse(t *testing.T) {
	md := strings.Repeat("## 一、**绩效**目标\n\n正文 第一段，共有 若干 词语。\n- 列表 项\n\n", 20)
	ix := newIndex()
	ix.sections(md)
	if got := testing.AllocsPerRun(10, func() { ix.sections(md) }); got > 0 {
		t.Errorf("sections: %.0f allocations, want none once its buffers have grown", got)
	}
}

// lists returns the index's lists by term.
func (ix *Index) lists() map[string]*postings {
	out := map[string]*postings{}
	ix.eachList(func(term []byte, ps *postings) { out[string(term)] = ps })
	return out
}

// sameLists reports whether two indexes' lists hold the same documents
// (their first bytes, once outgrown, may differ).
func sameLists(a, b map[string]*postings) bool {
	return maps.EqualFunc(a, b, func(x, y *postings) bool {
		return x.last == y.last && x.n == y.n && bytes.Equal(x.gaps, y.gaps)
	})
}

// Lists taken from one block, grown past their first bytes in turn,
// keep their own documents.
func TestListsApart(t *testing.T) {
	ix := newIndex()
	const docs, terms = 400, 3 * listBlock
	for d := range docs {
		var texts []string
		for k := 1; k <= terms; k++ {
			if d%k == 0 {
				texts = append(texts, "w"+strconv.Itoa(k))
			}
		}
		ix.add(Doc{Title: "t"}, append(texts, "t")...)
	}
	for k := 1; k <= terms; k++ {
		var got, want []int
		ps, d := ix.words["w"+strconv.Itoa(k)], 0
		ps.each(func(gap int) { d += gap; got = append(got, d) })
		for d := 0; d < docs; d += k {
			want = append(want, d)
		}
		if !reflect.DeepEqual(got, want) || ps.n != len(want) {
			t.Fatalf("w%d: %v (%d), want %v", k, got, ps.n, want)
		}
	}
}

// TestIsHan: the fast test of eachTerm answers as unicode.Han does, for
// every rune.
func TestIsHan(t *testing.T) {
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if isHan(c) != unicode.Is(unicode.Han, c) {
			t.Fatalf("isHan(%U) = %v", c, isHan(c))
		}
	}
}

// TestTermsFromText: Han terms are the text's own bytes, whatever stands
// around them (invalid UTF-8, other scripts, characters outside the
// Basic Multilingual Plane, a lone character at either end).
func TestTermsFromText(t *testing.T) {
	for in, want := range map[string][]string{
		"市\xff场监":      {"市", "场监"},
		"𠀀𠀁a中":         {"𠀀𠀁", "a", "中"},
		"〇々x龥豈":        {"〇々", "x", "龥豈"},
		"한국어中文":        {"中文"},
		"中":            {"中"},
		"ABC中文def文":    {"abc", "中文", "def", "文"},
		"\u3400\u9fff": {"\u3400\u9fff"},
	} {
		if got := Terms(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAddBureauTextsReused: a project's texts are gathered in one slice
// for the whole bureau, not one grown for each project (a report has
// about seven projects of 6–20 indicator rows each). Projects that add
// no new term cost their document and its link alone.
func TestAddBureauTextsReused(t *testing.T) {
	bureau := func(projects int) *budget.Bureau {
		b := &budget.Bureau{Slug: "b", Name: "某局"}
		r := &budget.Report{Bureau: b, Year: 2023, Title: "报告"}
		for range projects {
			p := &budget.Project{ID: "p", Name: "项目名称"}
			for range 16 {
				p.Indicators = append(p.Indicators, &budget.Indicator{Level1: "产出指标", Level2: "数量指标", Name: "检查户数"})
			}
			r.Projects = append(r.Projects, p)
		}
		b.Reports = []*budget.Report{r}
		return b
	}
	allocs := func(b *budget.Bureau) float64 {
		return testing.AllocsPerRun(20, func() { NewIndex().AddBureau(b) })
	}
	one, many := allocs(bureau(1)), allocs(bureau(41))
	if per := (many - one) / 40; per > 3 {
		t.Errorf("%.1f allocations a project past the first (%v for 1, %v for 41)", per, one, many)
	}
}

// TestTitleTermsListed: every document lists the terms of its title,
// plain and marked, though add cuts a title once (its texts hold it):
// a narrative's text before its first heading is titled with its
// report's title, which is not among the section's texts.
func TestTitleTermsListed(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 2, Seed: 3}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	r := s.Bureaus[0].Reports[0]
	r.Title = "独特标题XYZ报告"
	r.Narrative = []byte("开头一段文字，没有标题。\n\n## 第一节\n\n正文。\n")
	ix := SearchIndex(s)
	lists := ix.lists()
	untitled := 0
	for d, doc := range ix.Docs {
		if doc.Kind == "正文" && doc.Title == r.Title {
			untitled++
		}
		for _, term := range Terms(doc.Title) {
			for _, key := range []string{term, string(TitleMark) + term} {
				ps, at, found := lists[key], 0, false
				if ps != nil {
					ps.each(func(gap int) { at += gap; found = found || at == d })
				}
				if !found {
					t.Errorf("%s %q: %q does not list it", doc.Kind, doc.Title, key)
				}
			}
		}
	}
	if untitled != 1 {
		t.Errorf("%d sections titled with the report's title, want 1", untitled)
	}
}

// TestHanKeys: a Han term's key gives back its bytes, and only Han
// terms of one or two characters have one.
func TestHanKeys(t *testing.T) {
	for _, term := range []string{"中", "中文", "^中", "^中文", "𠀀𠀁", "〇々", "^\u3400\u9fff"} {
		k, ok := hanKeyOf([]byte(term))
		if !ok || string(appendHan(nil, k)) != term {
			t.Errorf("%q: key %x, %v, gives back %q", term, k, ok, appendHan(nil, k))
		}
	}
	for _, term := range []string{"", "^", "a", "^a", "中文字", "中a", "a中", "中\xff", "\xe4\xb8", "^^中", "中^"} {
		if k, ok := hanKeyOf([]byte(term)); ok {
			t.Errorf("%q: key %x", term, k)
		}
	}
}

// TestNewHanTermsAllocateNothing: a new Han term is listed under a
// number, not a string made for it; its list comes from a block.
func TestNewHanTermsAllocateNothing(t *testing.T) {
	var text []rune
	for c := rune(0x4E00); c < 0x4E00+2000; c++ {
		text = append(text, c) // 1,999 bigrams, all new
	}
	texts := string(text)
	allocs := testing.AllocsPerRun(5, func() {
		ix := newIndex()
		ix.add(Doc{Title: "甲"}, "甲", texts)
	})
	if per := allocs / 2000; per > 0.2 {
		t.Errorf("%.2f allocations a new term (%v in all)", per, allocs)
	}
}

// TestProjectTextsOnce: a project's rows list their levels and
// deviations once, each text the project holds still among its texts.
func TestProjectTextsOnce(t *testing.T) {
	p := &budget.Project{Name: "项目", Goal: "目标"}
	for i := range 16 {
		in := &budget.Indicator{Level1: "产出指标", Level2: "数量指标", Name: "指标" + strconv.Itoa(i), Deviation: "原因"}
		if i%2 == 1 {
			in.Level2, in.Deviation = "质量指标", ""
		}
		p.Indicators = append(p.Indicators, in)
	}
	texts, _ := projectTexts(nil, nil, p)
	count := map[string]int{}
	for _, s := range texts {
		count[s]++
	}
	for _, s := range []string{"产出指标", "数量指标", "质量指标", "原因"} {
		if count[s] != 1 {
			t.Errorf("%s: %d times in %q", s, count[s], texts)
		}
	}
	for i := range 16 {
		if count["指标"+strconv.Itoa(i)] != 1 {
			t.Errorf("指标%d missing from %q", i, texts)
		}
	}
}

// TestReleaseReuse: an index released and used again for another bureau
// gives the same part and files as a new one, and keeps its maps' tables
// (the part of a bureau's allocations that a cold build made again for
// every bureau).
func TestReleaseReuse(t *testing.T) {
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: 9}))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	reused := newIndex()
	for _, b := range s.Bureaus {
		fresh := newIndex()
		fresh.AddBureau(b)
		reused.AddBureau(b)
		if !reflect.DeepEqual(reused.Docs, fresh.Docs) || !sameLists(reused.lists(), fresh.lists()) {
			t.Fatalf("%s: a released index indexes it otherwise", b.Slug)
		}
		want, got := fresh.Files(), reused.Files()
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("%s: the files differ", b.Slug)
		}
		reused.Release()
		if reused.Len() != 0 || len(reused.han)+len(reused.words) != 0 {
			t.Fatalf("a released index holds %d documents, %d terms", reused.Len(), len(reused.han)+len(reused.words))
		}
		released.Get() // used here, not by NewIndex
	}
	b := s.Bureaus[0]
	bytesOf := func(release bool) uint64 {
		var before, after runtime.MemStats
		ix := newIndex()
		ix.AddBureau(b)
		runtime.ReadMemStats(&before)
		for range 5 {
			if release {
				ix.Release()
				released.Get()
			} else {
				ix = newIndex()
			}
			ix.AddBureau(b)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	fresh, again := bytesOf(false), bytesOf(true)
	if again > fresh*3/4 {
		t.Errorf("a released index allocated %d bytes for 5 bureaus, a new one %d", again, fresh)
	}
	// Its lists' blocks serve again too, with their gaps: what is left
	// is the documents' texts and the terms' cutting.
	if again > fresh/3 {
		t.Errorf("a released index allocated %d bytes for 5 bureaus, a new one %d: its lists were made again", again, fresh)
	}
	t.Logf("5 bureaus: %d bytes released and used again, %d new", again, fresh)
}
