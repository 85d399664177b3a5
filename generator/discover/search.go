package discover

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/parallel"
	"github.com/disclose-portal/disclose/generator/permalink"
)

// Index is the site's search index: documents (a bureau, a report with
// its headline metrics, a project with its indicator rows, a section of a
// narrative) and, for every term, the documents that contain it.
//
// Chinese is written without spaces between words, so terms are
// overlapping character bigrams of Han text ("市场监管" → 市场 场监 监管),
// a lone Han character as itself, and runs of Latin letters or digits as
// lower-case words. A query is cut the same way and a document matches
// when it holds every term of the query; phrases therefore match wherever
// their characters stand together in the text, without a dictionary.
//
// Indicator rows and metrics are searched through their project and
// report: one document per row would multiply the index (a report has
// about a hundred rows) for results that point at the same card.
type Index struct {
	Docs    []Doc                // the documents not yet written out (see EmitFullChunks)
	flushed int                  // documents written out and dropped from Docs
	han     map[uint64]*postings // Han term (hanKey) → document numbers
	words   map[string]*postings // every other term → document numbers
	buf     []byte
	title   []byte     // add's buffer for title terms
	free    []postings // the rest of the last block of lists (newList)
	// blocks are the blocks of lists newList took, the first used in
	// use: Release gives them to the next bureau.
	blocks [][]postings
	used   int
	sects  []section // sections' result, reused
	text   []byte    // sections' texts
}

// Doc is one search result.
type Doc struct {
	Kind    string // 部门, 报告, 项目, 正文
	Title   string
	URL     string // relative to the site root
	Context string // a short line shown under the title
}

// contextRunes caps the line shown under a result.
const contextRunes = 60

func newIndex() *Index {
	return &Index{han: map[uint64]*postings{}, words: map[string]*postings{}}
}

// Han terms, nine in ten of an index's, are kept under a number made of
// their one or two characters (and whether it is a title's, TitleMark)
// rather than under their bytes: a build looks a term up for every one
// of the millions it cuts, and a number is found without hashing and
// comparing a string, and kept without allocating one.
const (
	runeBits = 21 // a rune fits in 21 bits
	runeMask = 1<<runeBits - 1
	titleBit = 1 << (2 * runeBits)
)

// hanKey is the key of the bigram a b, or of a alone when b is 0.
func hanKey(a, b rune) uint64 { return uint64(a)<<runeBits | uint64(b) }

// appendHan appends the term of Han key k.
func appendHan(buf []byte, k uint64) []byte {
	if k&titleBit != 0 {
		buf = append(buf, TitleMark)
	}
	buf = utf8.AppendRune(buf, rune(k>>runeBits&runeMask))
	if b := rune(k & runeMask); b != 0 {
		buf = utf8.AppendRune(buf, b)
	}
	return buf
}

// hanKeyOf returns the key of term if it is a Han term (one or two Han
// characters, with TitleMark or not), as appendHan writes it.
func hanKeyOf(term []byte) (uint64, bool) {
	var k uint64
	if len(term) > 0 && term[0] == TitleMark {
		k, term = titleBit, term[1:]
	}
	a, n := utf8.DecodeRune(term)
	if !isHan(a) {
		return 0, false
	}
	if n == len(term) {
		return k | hanKey(a, 0), true
	}
	b, m := utf8.DecodeRune(term[n:])
	if !isHan(b) || n+m != len(term) {
		return 0, false
	}
	return k | hanKey(a, b), true
}

// list returns the list of a term, Han (han ≠ 0) or word, made if new.
func (ix *Index) list(han uint64, word []byte) *postings {
	if han != 0 {
		ps := ix.han[han]
		if ps == nil {
			ps = ix.newList()
			ix.han[han] = ps
		}
		return ps
	}
	ps := ix.words[string(word)] // the lookup does not allocate
	if ps == nil {
		ps = ix.newList()
		ix.words[string(word)] = ps
	}
	return ps
}

// eachList calls fn with every term and its list, in no order.
func (ix *Index) eachList(fn func(term []byte, ps *postings)) {
	var buf []byte
	for k, ps := range ix.han {
		buf = appendHan(buf[:0], k)
		fn(buf, ps)
	}
	for t, ps := range ix.words {
		buf = append(buf[:0], t...)
		fn(buf, ps)
	}
}

// postings are the documents of a term, ascending, stored as the varint
// gaps between them (the first from 0): most gaps take one byte, where a
// number takes four or eight, and a national portal's index holds tens
// of millions of them. The search files list the same gaps.
type postings struct {
	last  int // the last document added
	n     int // how many
	gaps  []byte
	first [8]byte // gaps' first bytes: most terms of a bureau are in a few documents
}

// listBlock is how many lists newList allocates at once.
const listBlock = 128

// newList returns a new, empty list of the index. An index holds one a
// term, thousands a bureau: taken from a block, with their first gaps in
// the list itself, most terms cost no allocation of their own (they were
// two or three, a tenth of a first build's allocations in the index). A
// list is never copied, so its gaps never alias another's.
//
// A released index's blocks serve again (a cold build indexed each
// bureau in new blocks, ~14 KB a report), with the gaps a list had grown
// to, when small.
func (ix *Index) newList() *postings {
	if len(ix.free) == 0 {
		if ix.used == len(ix.blocks) {
			ix.blocks = append(ix.blocks, make([]postings, listBlock))
		}
		ix.free = ix.blocks[ix.used]
		ix.used++
	}
	ps := &ix.free[0]
	ix.free = ix.free[1:]
	gaps := ps.gaps[:0]
	if cap(gaps) <= len(ps.first) || cap(gaps) > maxKeptGaps {
		gaps = ps.first[:0] // new, its own, or too large to keep
	}
	*ps = postings{gaps: gaps}
	return ps
}

// maxKeptGaps bounds the gaps a released list keeps for the next.
const maxKeptGaps = 256

// add appends document d, larger than or equal to the last one; the same
// document twice is listed once.
func (ps *postings) add(d int) {
	if ps.n > 0 && d == ps.last {
		return
	}
	ps.gaps = binary.AppendUvarint(ps.gaps, uint64(d-ps.last))
	ps.last = d
	ps.n++
}

// each calls fn with every gap, in order.
func (ps *postings) each(fn func(gap int)) {
	for b := ps.gaps; len(b) > 0; {
		g, k := binary.Uvarint(b)
		fn(int(g))
		b = b[k:]
	}
}

// SearchIndex indexes every bureau, report, project, indicator, metric and
// narrative section of the site.
func SearchIndex(site *budget.Site) *Index {
	ix := newIndex()
	for _, b := range site.Bureaus {
		ix.AddBureau(b)
	}
	return ix
}

// NewIndex returns an empty index: one released (Release) if there is one.
func NewIndex() *Index {
	if ix, ok := released.Get().(*Index); ok {
		return ix
	}
	return newIndex()
}

// released are indexes of bureaus already joined, for the next ones: a
// bureau's maps grow to a few thousand terms, ~20 KB of tables a report
// made again for every bureau and let go when it was joined.
var released sync.Pool

// Release empties ix, which its caller no longer uses (its documents and
// lists were appended to another index, or encoded), for NewIndex to
// give again with the tables its maps grew.
func (ix *Index) Release() {
	clear(ix.han)
	clear(ix.words)
	clear(ix.Docs) // their strings are not held
	ix.Docs, ix.flushed = ix.Docs[:0], 0
	ix.free, ix.used = nil, 0 // the lists' blocks, for newList
	released.Put(ix)
}

// AddBureau indexes a bureau with its reports, after what the index
// holds: bureaus are added in the site's order.
func (ix *Index) AddBureau(b *budget.Bureau) {
	ix.add(Doc{Kind: "部门", Title: b.Name, URL: permalink.Bureau(b.Slug), Context: join(" · ", b.Region, b.Level)},
		b.Name, b.ShortName, b.Region, b.Level, strings.Join(b.Functions, "\n"))
	var texts, seen []string // one slice each for all: add keeps none of them
	for _, r := range b.Reports {
		page := permalink.Report(b.Slug, r.Year)
		where := b.DisplayName() + " · " + strconv.Itoa(r.Year) + "年"
		texts = append(texts[:0], b.Name, b.ShortName, r.Title, r.Kind, strconv.Itoa(r.Year))
		for _, m := range r.Metrics {
			texts = append(texts, m.Name, m.Group, m.Note, m.Value.Raw)
		}
		ix.add(Doc{Kind: "报告", Title: b.Name + " " + r.Title, URL: page, Context: clip(Summary(r))}, texts...)
		for _, p := range r.Projects {
			texts, seen = projectTexts(texts[:0], seen[:0], p)
			ix.add(Doc{Kind: "项目", Title: p.Name, URL: page + "#project-" + p.ID, Context: where}, texts...)
		}
		// The narrative read in place, its sections' texts in the index's
		// buffer: a heading, kept as a title, is copied.
		md := unsafe.String(unsafe.SliceData(r.Narrative), len(r.Narrative))
		for _, s := range ix.sections(md) {
			title := strings.Clone(s.heading)
			if title == "" {
				title = r.Title
			}
			ix.add(Doc{Kind: "正文", Title: title, URL: page + "#narrative-title", Context: clipJoined(where, s.text)},
				title, s.text) // the heading, if any, is the title
		}
	}
}

// projectTexts appends the texts of project p's document to texts, and
// the levels and deviations of its indicator rows to seen. Rows mostly
// repeat their levels (产出指标, 数量指标) and often their deviation: a
// text the document already holds adds no term, so each is listed once a
// project, not once a row (a tenth of the terms a bureau's index cuts).
func projectTexts(texts, seen []string, p *budget.Project) ([]string, []string) {
	texts = append(texts, p.Name, p.Code, p.Department, p.Implementer, p.Goal, p.Outcome, p.Deviation)
	for _, in := range p.Indicators {
		texts = append(texts, in.Name, in.Target.Raw, in.Actual.Raw)
		for _, s := range [3]string{in.Level1, in.Level2, in.Deviation} {
			if s != "" && !slices.Contains(seen, s) {
				seen = append(seen, s)
				texts = append(texts, s)
			}
		}
	}
	return texts, seen
}

// Append adds the documents of other after those of ix, as if they had
// been added to ix one by one: a large site is indexed a bureau at a
// time on every core and joined in order.
func (ix *Index) Append(other *Index) {
	base := ix.Len()
	ix.Docs = append(ix.Docs, other.Docs...)
	for k, ps := range other.han {
		ix.list(k, nil).appendList(base, ps.n, ps.last, ps.gaps)
	}
	for t, ps := range other.words {
		mine := ix.words[t]
		if mine == nil {
			mine = ix.newList()
			ix.words[t] = mine
		}
		mine.appendList(base, ps.n, ps.last, ps.gaps)
	}
}

// appendList adds a list of n documents, the last one last, whose gaps
// count from 0, after moving it by base (past ps's last document): only
// its first gap changes, the others are copied as they are.
func (ps *postings) appendList(base, n, last int, gaps []byte) {
	first, k := binary.Uvarint(gaps)
	ps.gaps = binary.AppendUvarint(ps.gaps, uint64(base+int(first)-ps.last))
	ps.gaps = append(ps.gaps, gaps[k:]...)
	ps.n += n
	ps.last = base + last
}

// add appends document d with the terms of texts, which hold its title:
// the title's terms are listed again, under TitleMark+term, so that
// results whose title holds the query can be shown first.
func (ix *Index) add(d Doc, texts ...string) {
	n := ix.Len()
	ix.Docs = append(ix.Docs, d)
	for _, t := range texts {
		ix.buf = eachTerm(t, ix.buf, func(han uint64, word []byte) {
			ix.list(han, word).add(n) // documents are added in order: a repeat is dropped
		})
	}
	title := ix.title[:0]
	ix.buf = eachTerm(d.Title, ix.buf, func(han uint64, word []byte) {
		if han != 0 {
			ix.list(han|titleBit, nil).add(n)
			return
		}
		title = append(append(title[:0], TitleMark), word...)
		ix.list(0, title).add(n)
	})
	ix.title = title
}

// TitleMark prefixes the terms of titles; no term starts with it.
const TitleMark = '^'

// Terms cuts text into index terms (see Index). search.js does the same
// to queries; the two must agree.
func Terms(text string) []string {
	var out []string
	eachTerm(text, nil, func(han uint64, word []byte) {
		if han != 0 {
			word = appendHan(nil, han)
		}
		out = append(out, string(word))
	})
	return out
}

// eachTerm calls fn with every term of text: a Han term as its key
// (hanKey), a word as bytes in a buffer it reuses (and returns, for the
// next call): an index is built from millions of terms, most of them
// already in it.
func eachTerm(text string, buf []byte, fn func(han uint64, word []byte)) []byte {
	var prev rune   // the Han character before, or 0
	alone := false  // prev has had no Han neighbour
	inWord := false // buf holds a word being read
	flushWord := func() {
		if inWord {
			fn(0, buf)
			buf, inWord = buf[:0], false
		}
	}
	flushHan := func() {
		if prev != 0 && alone {
			fn(hanKey(prev, 0), nil)
		}
		prev, alone = 0, false
	}
	for _, c := range text {
		switch {
		case isHan(c):
			flushWord()
			if prev != 0 {
				fn(hanKey(prev, c), nil)
				alone = false
			} else {
				alone = true
			}
			prev = c
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z':
			flushHan()
			if !inWord {
				buf, inWord = buf[:0], true
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, byte(c))
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return buf
}

// isHan reports whether c is a Han character (unicode.Han): the CJK
// Unified Ideographs, nearly every character of a Chinese text, are
// answered without searching the table.
func isHan(c rune) bool {
	if c >= 0x4E00 && c <= 0x9FFF {
		return true
	}
	return c >= 0x2E80 && unicode.Is(unicode.Han, c)
}

// Layout of the index files. The index is split so that a query loads
// only what it needs: search/index.js says how many shards there are;
// a term's posting list is in search/t-<shard>.js, the shard chosen by a
// hash of the term; documents are in search/d-<chunk>.js, DocChunk per
// file, loaded for the results shown. Every file is a script calling
// window.discloseSearch: a page opened from disk (file://) may not fetch
// JSON, but it may load a script from its own folder.
const (
	SearchDir = "search"
	DocChunk  = 500
	// postingsPerShard sets the number of term shards: about this many
	// postings (a few hundred kB) in each.
	postingsPerShard = 60_000
)

// Files renders the index as the files described above. Posting lists
// are delta-encoded; keys are sorted, so the bytes are stable.
func (ix *Index) Files() map[string][]byte {
	out := map[string][]byte{}
	var mu sync.Mutex
	ix.EachFile(func(p string, data []byte) {
		mu.Lock()
		out[p] = data
		mu.Unlock()
	})
	return out
}

// EachFile renders the index file by file, on every core, handing each
// to emit as it is made (from several goroutines at once): a large site's
// index is hundreds of megabytes, better not held whole.
func (ix *Index) EachFile(emit func(p string, data []byte)) {
	_, total := ix.Stats()
	shards := Shards(total)
	first := ix.flushed / DocChunk
	chunks := (ix.Len()+DocChunk-1)/DocChunk - first
	emit(SearchDir+"/index.js", call("meta", -1, map[string]int{"v": 2, "shards": shards, "chunk": DocChunk, "docs": ix.Len()}))
	parts := make([][]shardTerm, shards) // terms of each shard
	ix.eachList(func(term []byte, ps *postings) {
		t := string(term)
		s := Shard(strings.TrimPrefix(t, string(TitleMark)), shards)
		parts[s] = append(parts[s], shardTerm{t, ps.gaps})
	})
	parallel.For(shards+chunks, func(i int) {
		if i < shards {
			emit(SearchDir+"/t-"+strconv.Itoa(i)+".js", writeShard(i, parts[i]))
			return
		}
		c := i - shards
		end := min((c+1)*DocChunk, len(ix.Docs))
		ix.emitChunk(first+c, ix.Docs[c*DocChunk:end], emit)
	})
}

// Len is the number of documents indexed.
func (ix *Index) Len() int { return ix.flushed + len(ix.Docs) }

// EmitFullChunks writes out the document files that can no longer change
// (every full chunk: documents are only added after the others) and
// drops their documents, so that a large site's index does not hold
// them all until EachFile.
func (ix *Index) EmitFullChunks(emit func(p string, data []byte)) {
	for len(ix.Docs) >= DocChunk {
		ix.emitChunk(ix.flushed/DocChunk, ix.Docs[:DocChunk], emit)
		ix.Docs = append([]Doc(nil), ix.Docs[DocChunk:]...)
		ix.flushed += DocChunk
	}
}

func (ix *Index) emitChunk(c int, chunk []Doc, emit func(p string, data []byte)) {
	emit(SearchDir+"/d-"+strconv.Itoa(c)+".js", writeDocs(c, chunk))
}

// writeDocs writes chunk c of documents as call("docs", c, …) of their
// [kind, title, URL, context] would, into one buffer of about their size
// (through encoding/json it grew by doubling, ~5 KB a report).
func writeDocs(c int, chunk []Doc) []byte {
	size := len("window.discloseSearch.docs(") + 20 + len(",[]);\n")
	for _, d := range chunk {
		size += len(d.Kind) + len(d.Title) + len(d.URL) + len(d.Context) + len(`,["","","",""]`)
	}
	b := appendCallStart(make([]byte, 0, size), "docs", c, '[')
	for i, d := range chunk {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for k, t := range [4]string{d.Kind, d.Title, d.URL, d.Context} {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	return append(b, "]);\n"...)
}

// appendCallStart appends the start of a search file, the call
// window.discloseSearch.fn(n, and the opening of its list or object.
func appendCallStart(b []byte, fn string, n int, open byte) []byte {
	b = append(b, "window.discloseSearch."...)
	b = append(b, fn...)
	b = append(b, '(')
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, ',', open)
}

// shardTerm is a term of a shard and its postings' gaps (uvarints).
type shardTerm struct {
	term string
	gaps []byte
}

// writeShard writes shard n of terms (sorted here) as call("terms", …)
// would, without reflection: the lists of a large site hold tens of
// millions of numbers. The one writer of shard files, for EachFile and
// Patch. Its buffer is sized to the bytes it will hold (the numbers'
// digits counted first), where a guess had it grown twice or so.
func writeShard(n int, terms []shardTerm) []byte {
	slices.SortFunc(terms, func(a, b shardTerm) int { return strings.Compare(a.term, b.term) })
	size := len("window.discloseSearch.terms(") + 20 + len(",{});\n")
	for _, t := range terms {
		size += len(t.term) + len(`,"":[]`) - 1 // a term that needs escaping grows it once
		for rest := t.gaps; len(rest) > 0; {
			v, k := binary.Uvarint(rest)
			size += decimalLen(v) + 1 // and a comma, but before the first
			rest = rest[k:]
		}
	}
	b := appendCallStart(make([]byte, 0, size), "terms", n, '{')
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t.term) // terms need no escaping, but stay safe
		b = append(b, ":["...)
		for g, rest := 0, t.gaps; len(rest) > 0; g++ {
			v, k := binary.Uvarint(rest)
			if g > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, v, 10)
			rest = rest[k:]
		}
		b = append(b, ']')
	}
	return append(b, "});\n"...)
}

// decimalLen is the number of decimal digits of v.
func decimalLen(v uint64) int {
	n := 1
	for ; v >= 10; v /= 10 {
		n++
	}
	return n
}

// Shard picks a term's shard: FNV-1a over the term's UTF-16 code units
// (what JavaScript strings are made of), so search.js computes the same.
// A title term (TitleMark+term) is in the shard of its term.
func Shard(term string, shards int) int {
	h := uint32(2166136261)
	for _, u := range utf16.Encode([]rune(term)) {
		h ^= uint32(u)
		h *= 16777619
	}
	return int(h % uint32(shards))
}

// call renders window.discloseSearch.<fn>(n, data); n < 0 is left out.
func call(fn string, n int, data any) []byte {
	var buf bytes.Buffer
	buf.WriteString("window.discloseSearch." + fn + "(")
	if n >= 0 {
		buf.WriteString(strconv.Itoa(n) + ",")
	}
	enc := json.NewEncoder(&buf) // escapes <, > and &, and U+2028/2029
	if err := enc.Encode(data); err != nil {
		panic(err)
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(");\n")
	return buf.Bytes()
}

type section struct {
	heading, text string
	start, end    int // of text in the index's buffer
}

// markup is the inline Markdown a search text leaves out.
var markup = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ")

// sections splits Markdown at its headings and strips the markup that
// would only add noise to the index. The texts are in the index's
// buffer, valid until its next call (add keeps none of them), the
// sections in a slice it reuses: a narrative's sections were a string
// each, grown word by word.
func (ix *Index) sections(md string) []section {
	out := ix.sects[:0]
	text := ix.text[:0] // the sections' words, one space apart
	cur := section{}
	start := 0 // of cur's words in text
	flush := func() {
		if len(text) > start || cur.heading != "" {
			cur.start, cur.end = start, len(text)
			out = append(out, cur)
		}
		start = len(text)
	}
	for line := range strings.SplitSeq(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			flush()
			cur = section{heading: strings.TrimSpace(strings.TrimLeft(t, "#"))}
			continue
		}
		t = strings.TrimLeft(t, ">-*+ ")
		if strings.ContainsAny(t, "*_`|") { // Replace allocates even when it replaces nothing
			t = markup.Replace(t)
		}
		for w := range strings.FieldsSeq(t) {
			if len(text) > start {
				text = append(text, ' ')
			}
			text = append(text, w...)
		}
	}
	flush()
	all := unsafe.String(unsafe.SliceData(text), len(text))
	for i := range out {
		out[i].text = all[out[i].start:out[i].end]
	}
	ix.sects, ix.text = out, text
	return out
}

// clipJoined is clip(where + " · " + text), made without the whole
// joined text when it is longer (a narrative's section).
func clipJoined(where, text string) string {
	const sep = " · "
	n := utf8.RuneCountInString(where) + utf8.RuneCountInString(sep)
	if n >= contextRunes || !utf8.ValidString(where) || !utf8.ValidString(text) {
		return clip(where + sep + text)
	}
	for i := range text {
		if n == contextRunes {
			return where + sep + text[:i] + "…"
		}
		n++
	}
	return where + sep + text
}

// clip cuts s to contextRunes runes and an ellipsis; without a copy of
// it as runes where it is valid UTF-8 (where it is not, the runes put
// U+FFFD for each bad byte).
func clip(s string) string {
	if !utf8.ValidString(s) {
		if utf8.RuneCountInString(s) <= contextRunes {
			return s
		}
		return string([]rune(s)[:contextRunes]) + "…"
	}
	n := 0
	for i := range s {
		if n == contextRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
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
