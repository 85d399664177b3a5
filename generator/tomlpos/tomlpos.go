// Package tomlpos finds where each key and value of a TOML document stands
// in its source. BurntSushi/toml decodes values but keeps key positions to
// itself, and a disclosure error must point at the line a clerk typed; so
// this small scanner walks the same text once more and records, for every
// key path, the position of the key and the raw text of its value.
//
// It is meant for documents that the TOML parser has already accepted, but
// it never panics on any input, and every position it reports lies inside
// the input.
package tomlpos

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/internal/freelist"
)

// Pos is a 1-based line and a 1-based column counted in runes.
type Pos struct{ Line, Col int }

// Entry is what the scanner knows of one key.
type Entry struct {
	Key   Pos    // where the key (or table header) starts
	Value Pos    // where the value starts; equal to Key for table headers
	Raw   string // the value's text as written (scalars only), a slice of the source: copy it to keep it
}

// Index maps key paths to entries. A path is the list of keys from the
// document root, with array elements as decimal indexes:
// ["projects", "0", "indicators", "2", "target"].
//
// It keeps byte offsets and turns them into lines and columns only when
// an entry is looked up: a loader asks for the raw text of a few values
// and the position of the rare key that has a problem, so working out
// every position while scanning was most of the scanner's time.
type Index struct {
	src string
	// lineStarts is the byte offset of each line's start, worked out at
	// the first position asked for (most files are read without one);
	// bom is the length of a byte-order mark, where the first line starts.
	lineStarts []int
	bom        int
	// lean marks an index of scalars other than strings only
	// (ScanNumbers); whole is the full index of the same text, scanned
	// when a lookup first needs it.
	lean  bool
	whole *Index
	// tables numbers the tables (and arrays) that hold entries, by their
	// prefix: the path joined (Join), then \x1f; "" for the top. Entries
	// are kept by table and last key: joining every entry's whole path
	// into a string of its own was most of the scan's allocations.
	tables  map[string]int32
	entries map[entryKey]span
	// keys holds the bytes of tables' keys, given back with the maps:
	// a string allocated for each table was a few KB a report.
	keys []byte

	released bool // Release gave entries back: a lookup now is a bug

	// defined counts keys defined outright, once a definition: for
	// redefined, without a lookup before every entry is stored.
	defined int
}

// redefined counts keys defined outright twice. TOML forbids it and the
// decoder refuses most such documents, but not all; what it then decodes
// follows no rule the scanner could share, so tests comparing the two
// leave such documents out. A key defined n times is one entry (the
// first definition makes it explicit, no implicit mention undoes it), so
// the definitions beyond the entries that are explicit are the repeats.
func (ix *Index) redefined() int {
	n := ix.defined
	for _, sp := range ix.entries {
		if !sp.implicit {
			n--
		}
	}
	return n
}

// entryKey names an entry: the table it is in (Index.tables) and its last
// key as written (unescaped), a slice of the source for a bare key.
type entryKey struct {
	table int32
	key   string
}

// span is where one entry stands: byte offsets of its key, of its value,
// and of the end of a scalar's text (0 when there is no scalar text).
// An implicit span is a table made in passing, by a dotted key or a
// header naming a table inside it (a.b = 1 makes a), or an array of
// tables, which every [[a]] names again: the first mention stands for it
// unless a key defines it outright.
type span struct {
	key, val, end int
	implicit      bool
}

// Join builds the map key for a path. Parts are separated by \x1f; a
// quoted key may hold that character too ("a\u001fb"), so inside a part
// \x1e and \x1f are escaped as \x1e0 and \x1e1, which keeps different
// paths apart (["a\x1fb"] must not be ["a", "b"]).
func Join(path ...string) string {
	for i, p := range path {
		if strings.IndexByte(p, '\x1e') >= 0 || strings.IndexByte(p, '\x1f') >= 0 {
			esc := make([]string, len(path))
			copy(esc, path)
			for j := i; j < len(esc); j++ {
				esc[j] = sepEscaper.Replace(esc[j])
			}
			return strings.Join(esc, "\x1f")
		}
	}
	return strings.Join(path, "\x1f") // the common case: no copy
}

var (
	sepEscaper   = strings.NewReplacer("\x1e", "\x1e0", "\x1f", "\x1e1")
	sepUnescaper = strings.NewReplacer("\x1e0", "\x1e", "\x1e1", "\x1f")
)

// get finds the entry of a joined path: its table by the prefix before
// the last separator (an escaped part holds none), then its last key.
func (ix *Index) get(k string) (span, bool) {
	i := strings.LastIndexByte(k, '\x1f')
	last := k[i+1:]
	if strings.IndexByte(last, '\x1e') >= 0 {
		last = sepUnescaper.Replace(last)
	}
	t, ok := ix.table(k[:i+1])
	if !ok {
		return span{}, false
	}
	return ix.in(t, last)
}

func (ix *Index) table(prefix string) (int32, bool) {
	if ix.released {
		panic("tomlpos: index used after Release")
	}
	t, ok := ix.tables[prefix]
	return t, ok
}

func (ix *Index) in(t int32, key string) (span, bool) {
	if ix.released {
		panic("tomlpos: index used after Release")
	}
	sp, ok := ix.entries[entryKey{t, key}]
	return sp, ok
}

// full is the index of every key: ix itself, or for a lean index
// (ScanNumbers) the full index of its text, scanned at the first call.
func (ix *Index) full() *Index {
	if !ix.lean {
		return ix
	}
	if ix.released {
		panic("tomlpos: index used after Release")
	}
	if ix.whole == nil {
		ix.whole = ScanString(ix.src)
	}
	return ix.whole
}

// Table is the number of the table whose prefix is given (its path as
// AppendJoined writes it, then \x1f; empty for the top), for RawIn: a
// loader finds a table once and then the text of each of its numbers.
// In a lean index (ScanNumbers) only tables holding a scalar other than
// a string have a number.
func (ix *Index) Table(prefix []byte) (int32, bool) {
	if ix == nil {
		return 0, false
	}
	return ix.table(string(prefix))
}

// RawIn is Lookup's Raw of a key of a table (Table), without the line
// and column Lookup works out: what a loader needs of every number it
// reads. A lean index (ScanNumbers) knows only keys whose value is a
// scalar other than a string (a number, a boolean, a date).
func (ix *Index) RawIn(table int32, key string) (string, bool) {
	if ix == nil {
		return "", false
	}
	sp, ok := ix.in(table, key)
	if !ok {
		return "", false
	}
	if sp.end > sp.val {
		return ix.src[sp.val:sp.end], true
	}
	return "", true
}

// Release gives the index's map back for the next Scan, once its caller
// is done with it (the loader, when a file's model is built: positions
// kept in the model are byte offsets, and raw values slices of the
// text, which the loader copies before keeping and reuses only after
// Release). A file's map holds an entry a line, about
// 80 KB for a synthetic report: made for every file, it was the largest
// allocation of reading one. A lookup after Release panics.
func (ix *Index) Release() {
	if ix == nil || ix.released {
		return
	}
	ix.whole.Release()
	m := indexMaps{ix.tables, ix.entries, ix.keys[:0]}
	ix.tables, ix.entries, ix.keys, ix.released = nil, nil, nil, true
	clear(m.tables)
	clear(m.entries)
	freeMaps.Give(m)
}

// indexMaps are an index's two maps, given back together.
type indexMaps struct {
	tables  map[string]int32
	entries map[entryKey]span
	keys    []byte // the tables' keys' bytes, written over by the next index
}

// freeMaps are maps released and not yet taken again: a few per core, as
// many as the files read at once. A free list rather than a sync.Pool,
// which a build's frequent collections empty (as xlsx found for its
// deflate writers).
var freeMaps = freelist.New[indexMaps](2)

func newMaps(lines int) indexMaps {
	if m, ok := freeMaps.Take(); ok {
		return m
	}
	return indexMaps{make(map[string]int32, lines/8), make(map[entryKey]span, lines), make([]byte, 0, 4096)}
}

// Lookup returns the entry of a path.
func (ix *Index) Lookup(path ...string) (Entry, bool) {
	if ix == nil {
		return Entry{}, false
	}
	ix = ix.full()
	sp, ok := ix.get(Join(path...))
	if !ok {
		return Entry{}, false
	}
	return ix.entry(sp), true
}

// KeyOffset returns the byte offset at which the key of a path is
// written: Lookup's Key, without working out its line and column.
func (ix *Index) KeyOffset(path ...string) (int, bool) {
	if ix == nil {
		return 0, false
	}
	sp, ok := ix.full().get(Join(path...))
	if !ok {
		return 0, false
	}
	return sp.key, true
}

// Place is the byte offset of the key of a joined path (Join), else of
// the nearest enclosing path that is written (the table a missing key
// belongs in); false when none is. Parts are separated by \x1f, which an
// escaped part never holds, so the enclosing paths are its prefixes.
func (ix *Index) Place(k string) (int, bool) {
	if ix == nil {
		return 0, false
	}
	ix = ix.full()
	for {
		if sp, ok := ix.get(k); ok {
			return sp.key, true
		}
		if k == "" {
			return 0, false
		}
		i := strings.LastIndexByte(k, '\x1f')
		k = k[:max(i, 0)]
	}
}

// RawJoined is Lookup's Raw of a path already joined (Join), without
// the line and column Lookup works out.
func (ix *Index) RawJoined(k []byte) (string, bool) {
	if ix == nil {
		return "", false
	}
	ix = ix.full()
	sp, ok := ix.get(string(k))
	if !ok {
		return "", false
	}
	if sp.end > sp.val {
		return ix.src[sp.val:sp.end], true
	}
	return "", true
}

// AppendJoined appends Join(parts...) to dst: a caller keeps a table's
// path joined once and extends it by one key at a time (its separator,
// \x1f, written by the caller), without a string for each lookup.
func AppendJoined(dst []byte, parts ...string) []byte {
	for i, p := range parts {
		if i > 0 {
			dst = append(dst, '\x1f')
		}
		if strings.IndexByte(p, '\x1e') >= 0 || strings.IndexByte(p, '\x1f') >= 0 {
			p = sepEscaper.Replace(p)
		}
		dst = append(dst, p...)
	}
	return dst
}

func (ix *Index) entry(sp span) Entry {
	e := Entry{Key: ix.pos(sp.key), Value: ix.pos(sp.val)}
	if sp.end > sp.val {
		e.Raw = ix.src[sp.val:sp.end]
	}
	return e
}

func (ix *Index) pos(off int) Pos {
	if ix.lineStarts == nil {
		ix.lineStarts = make([]int, 1, 1+strings.Count(ix.src, "\n"))
		ix.lineStarts[0] = ix.bom
		for i := 0; i < len(ix.src); i++ {
			if ix.src[i] == '\n' {
				ix.lineStarts = append(ix.lineStarts, i+1)
			}
		}
	}
	off = max(ix.lineStarts[0], min(off, len(ix.src))) // not inside a byte-order mark
	line := sort.Search(len(ix.lineStarts), func(i int) bool { return ix.lineStarts[i] > off })
	start := ix.lineStarts[line-1]
	return Pos{Line: line, Col: utf8.RuneCountInString(ix.src[start:off]) + 1}
}

// Ordered sorts keys (children of path) by where they appear in the
// source, so that tables keep the order a clerk wrote them in. A lean
// index answers when it knows every key (a table of counts, all
// numbers), else the full index does.
func (ix *Index) Ordered(path []string, keys []string) {
	off := func(string) int { return 0 }
	if ix != nil {
		var all bool
		if off, all = ix.offsets(path, keys); !all && ix.lean {
			off, _ = ix.full().offsets(path, keys)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		oi, oj := off(keys[i]), off(keys[j])
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
}

// offsets gives the offset of each of keys (children of path), 1<<30
// for one not found; all is false when a key is not.
func (ix *Index) offsets(path []string, keys []string) (off func(string) int, all bool) {
	prefix := AppendJoined(nil, path...)
	if len(path) > 0 {
		prefix = append(prefix, '\x1f')
	}
	t, found := ix.table(string(prefix))
	off = func(k string) int {
		if !found {
			return 1 << 30
		}
		sp, ok := ix.in(t, k)
		if !ok {
			return 1 << 30
		}
		return sp.key
	}
	all = true
	for _, k := range keys {
		if off(k) == 1<<30 {
			all = false
		}
	}
	return off, all
}

// Scan indexes a TOML document.
func Scan(src []byte) *Index { return ScanString(string(src)) } // one copy; raw values are slices of it

// ScanString is Scan of a text the caller has already made a string: a
// loader that gives the same string to the TOML decoder saves a copy of
// every file (raw values are slices of text).
func ScanString(text string) *Index { return scan(text, false) }

// ScanNumbers is a lean ScanString for a loader: it records only the
// keys whose value is a scalar other than a string (numbers, the only
// values whose text a loader reads, and booleans and dates), which
// Table and RawIn answer. Headers, tables, arrays and strings were
// three entries in four of a report's index, and only a file's first
// problem needs them: Lookup, KeyOffset, Place, RawJoined (and Ordered
// where a key is not a number) scan the text in full then, once.
//
// In a document that defines a key twice (which TOML forbids, and the
// decoder refuses but for a few cases) a number's text is that of its
// last definition as a number, where the full index keeps the last
// definition whatever it is.
func ScanNumbers(text string) *Index { return scan(text, true) }

func scan(text string, lean bool) *Index {
	// About one entry a line (keys, headers, few comments and blank
	// lines in a clerk's file), of which a lean index keeps less than
	// one in three (0.28 in the synthetic reports): sized so, the map
	// is not grown and copied a few times over while scanning.
	size := strings.Count(text, "\n")
	if lean {
		size /= 3
	}
	m := newMaps(size)
	ix := &Index{src: text, tables: m.tables, entries: m.entries, keys: m.keys, lean: lean}
	s := &scanner{src: text, ix: ix, arrays: map[string]*int{}, lean: lean}
	// The decoder reads over a byte-order mark (Windows Notepad writes
	// one); so does the scanner, and columns on the first line are
	// counted from after it, as an editor shows them.
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if strings.HasPrefix(text, bom) {
			s.i = len(bom)
			ix.bom = s.i
			break
		}
	}
	s.document()
	return s.ix
}

type scanner struct {
	src  string // keys and raw values are slices of it, not copies
	i    int
	ix   *Index
	lean bool // record scalars other than strings only (ScanNumbers)
	// arrays counts the elements seen of each array of tables, by its
	// resolved path; a pointer, so that counting one more needs no
	// string of the key (m[string(b)] = v makes one each time).
	arrays map[string]*int
	table  []string // current table path, resolved
	keys   []string // key's result, reused: a file has a thousand keys
	// path is the buffer the path of each key is built in (keyValue), and
	// joined the buffer a path is joined in for a lookup (AppendJoined):
	// a path is only ever read to be joined, never kept, so one buffer of
	// each serves the whole file. A new slice a key and a joined string
	// a lookup were a third of the scanner's allocations.
	path   []string
	joined []byte
	// last is the table the last entry was recorded in, by its path and
	// number: keys come a table at a time, so most entries find theirs
	// without a lookup. prefix is the buffer a table's prefix is built in.
	lastPath  []string
	lastTable int32
	hasLast   bool
	prefix    []byte
}

// tableOf is the number of the table of path (an entry's path without
// its last key), numbering it if it is new.
func (s *scanner) tableOf(path []string) int32 {
	if s.hasLast && slices.Equal(path, s.lastPath) {
		return s.lastTable
	}
	s.prefix = AppendJoined(s.prefix[:0], path...)
	if len(path) > 0 {
		s.prefix = append(s.prefix, '\x1f')
	}
	t, ok := s.ix.tables[string(s.prefix)]
	if !ok {
		t = int32(len(s.ix.tables))
		// The key's bytes go to the index's slab, past those written:
		// a slab outgrown stays where its keys point, and is written
		// over only once the maps, cleared, are taken again.
		key := "" // the top
		if len(s.prefix) > 0 {
			start := len(s.ix.keys)
			s.ix.keys = append(s.ix.keys, s.prefix...)
			key = unsafe.String(&s.ix.keys[start], len(s.prefix))
		}
		s.ix.tables[key] = t
	}
	s.lastPath = append(s.lastPath[:0], path...)
	s.lastTable, s.hasLast = t, true
	return t
}

// keyOf is the entry key of path: its table and its last key.
func (s *scanner) keyOf(path []string) entryKey {
	n := len(path) - 1
	return entryKey{s.tableOf(path[:n]), path[n]}
}

// join joins path in the scanner's buffer, valid until the next call:
// for a lookup (m[string(b)] does not copy); a key kept in a map is
// made a string there.
func (s *scanner) join(path []string) []byte {
	s.joined = AppendJoined(s.joined[:0], path...)
	return s.joined
}

// record notes where the entry of path, defined outright, stands. In a
// valid document a key is defined outright once; when a document the
// decoder accepted defines one twice anyway, the decoder mostly keeps the
// later value, and so does the index.
func (s *scanner) record(path []string, keyOff, valOff, valEnd int) {
	if len(path) == 0 || s.lean {
		return
	}
	s.recordScalar(path, keyOff, valOff, valEnd)
}

// recordScalar is record of a scalar other than a string, which a lean
// index records too.
func (s *scanner) recordScalar(path []string, keyOff, valOff, valEnd int) {
	if len(path) == 0 {
		return
	}
	s.ix.defined++
	sp := span{key: keyOff, val: valOff}
	if valEnd > valOff && valEnd <= len(s.src) {
		sp.end = valEnd
	}
	s.ix.entries[s.keyOf(path)] = sp
}

// recordImplicit notes a table made in passing, or an array of tables,
// unless the path is known.
func (s *scanner) recordImplicit(path []string, off int) {
	if len(path) == 0 || s.lean {
		return
	}
	k := s.keyOf(path)
	if _, dup := s.ix.entries[k]; !dup { // most are known: every [[projects]] names projects again
		s.ix.entries[k] = span{key: off, val: off, implicit: true}
	}
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek(n int) byte {
	if s.i+n < len(s.src) {
		return s.src[s.i+n]
	}
	return 0
}

// skipSpace skips blanks, and with newlines also line breaks and comments.
func (s *scanner) skipSpace(newlines bool) {
	for !s.eof() {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
		case c == '\n' && newlines:
			s.i++
		case c == '#' && newlines:
			s.skipLine()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.i++
	}
}

func (s *scanner) document() {
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		start := s.i
		if s.src[s.i] == '[' {
			s.header()
		} else {
			s.keyValue(s.table)
		}
		if s.i == start { // no progress: skip the offending byte
			s.i++
		}
		s.skipSpace(false)
		if !s.eof() && s.src[s.i] == '#' {
			s.skipLine()
		}
	}
}

func (s *scanner) header() {
	start := s.i
	array := s.peek(1) == '['
	if array {
		s.i += 2
	} else {
		s.i++
	}
	keys := s.key()
	s.skipSpace(false)
	if array && s.peek(0) == ']' && s.peek(1) == ']' {
		s.i += 2
	} else if !array && s.peek(0) == ']' {
		s.i++
	} else {
		s.skipLine()
	}
	if len(keys) == 0 {
		return
	}
	// Every prefix of the header is a table (or an array of tables) the
	// decoder knows, so each is recorded. Within an array of tables, a
	// header continues its last element. The last header's path is
	// reused: keyValue copies what it needs of it.
	resolved := s.table[:0]
	for n, k := range keys {
		resolved = append(resolved, k)
		last := n == len(keys)-1
		if last && !array {
			s.record(resolved, start, start, 0)
		} else {
			s.recordImplicit(resolved, start)
		}
		seen, isArray := s.arrays[string(s.join(resolved))]
		count := 0
		if isArray {
			count = *seen
		}
		switch {
		case last && array:
			if !isArray {
				seen = new(int)
				s.arrays[string(s.joined)] = seen // s.joined is still resolved's
			}
			*seen = count + 1
			resolved = append(resolved, strconv.Itoa(count))
			s.record(resolved, start, start, 0)
		case isArray && count > 0:
			resolved = append(resolved, strconv.Itoa(count-1))
		}
	}
	s.table = resolved
}

// key reads a possibly dotted key and returns its parts, in a slice
// that the next call reuses.
func (s *scanner) key() []string {
	parts := s.keys[:0]
	defer func() { s.keys = parts[:0] }()
	for {
		s.skipSpace(false)
		if s.eof() {
			return parts
		}
		switch c := s.src[s.i]; {
		case c == '"' || c == '\'':
			start := s.i
			end := s.stringEnd()
			raw := s.src[start:end]
			s.i = end
			if c == '"' {
				raw = unescape(raw)
			} else {
				raw = strings.TrimSuffix(raw[1:], "'")
			}
			parts = append(parts, raw)
		case isBare(c):
			start := s.i
			for !s.eof() && isBare(s.src[s.i]) {
				s.i++
			}
			parts = append(parts, s.src[start:s.i])
		default:
			return parts
		}
		s.skipSpace(false)
		if s.peek(0) != '.' {
			return parts
		}
		s.i++
	}
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (s *scanner) keyValue(table []string) {
	keyOff := s.i
	keys := s.key()
	if len(keys) == 0 {
		s.skipLine()
		return
	}
	s.skipSpace(false)
	if s.peek(0) != '=' {
		s.skipLine()
		return
	}
	s.i++
	s.skipSpace(false)
	// A dotted key a.b.c = 1 makes the tables a and a.b: record them
	// too, at the key that first made them. TOML forbids a dotted key to
	// reach into an array of tables, but the decoder lets it, into the
	// last element ([[t.a]] … [t] a.x = 1 puts x in t.a's last table);
	// so the scanner follows it there too.
	//
	// The path is built in the scanner's buffer. table may be a prefix of
	// that buffer (a key of an inline table), which copying it onto
	// itself leaves as it is; what lies beyond it belongs to calls that
	// have returned.
	path := append(s.path[:0], table...)
	for _, k := range keys[:len(keys)-1] {
		path = append(path, k)
		s.recordImplicit(path, keyOff)
		if seen := s.arrays[string(s.join(path))]; seen != nil && *seen > 0 {
			path = append(path, strconv.Itoa(*seen-1))
		}
	}
	path = append(path, keys[len(keys)-1])
	s.path = path // grown, for the next key
	s.value(path, keyOff)
}

// value reads one value and records it under path.
func (s *scanner) value(path []string, keyOff int) {
	valOff := s.i
	if s.eof() {
		s.recordScalar(path, keyOff, valOff, valOff)
		return
	}
	switch s.src[s.i] {
	case '"', '\'':
		s.i = s.stringEnd()
		s.record(path, keyOff, valOff, s.i)
	case '[':
		s.record(path, keyOff, valOff, 0)
		s.i++
		for n := 0; ; n++ {
			s.skipSpace(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == ']' {
				s.i++
				return
			}
			before := s.i
			// The element's path extends path in place: only calls
			// made for this element read beyond it.
			s.value(append(path, strconv.Itoa(n)), s.i)
			s.skipSpace(true)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == before {
				s.i++ // not a value: step over it
			}
		}
	case '{':
		s.record(path, keyOff, valOff, 0)
		s.i++
		for {
			s.skipSpace(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == '}' {
				s.i++
				return
			}
			before := s.i
			s.keyValue(path)
			s.skipSpace(true)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == before {
				s.i++
			}
		}
	default:
		for !s.eof() {
			c := s.src[s.i]
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' || c == '#' {
				break
			}
			s.i++
		}
		// Dates and times may hold one space: 1979-05-27 07:32:00.
		if s.peek(0) == ' ' && s.i-valOff == 10 && s.peek(1) >= '0' && s.peek(1) <= '9' {
			s.i++
			for !s.eof() && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.i])) {
				s.i++
			}
		}
		s.recordScalar(path, keyOff, valOff, s.i)
	}
}

// stringEnd returns the offset just past the string starting at s.i.
func (s *scanner) stringEnd() int {
	q := s.src[s.i]
	i := s.i
	if s.peek(1) == q && s.peek(2) == q { // multi-line
		i += 3
		for i < len(s.src) {
			if q == '"' && s.src[i] == '\\' {
				i += 2
				continue
			}
			if s.src[i] == q && i+2 < len(s.src) && s.src[i+1] == q && s.src[i+2] == q {
				// The last three quotes of a run close the string; those
				// before them belong to it. TOML allows two of them, the
				// decoder at times more: """\\"""""" is \""" to it.
				for i < len(s.src) && s.src[i] == q {
					i++
				}
				return i
			}
			i++
		}
		return len(s.src)
	}
	i++
	for i < len(s.src) && s.src[i] != '\n' {
		if q == '"' && s.src[i] == '\\' {
			i += 2
			continue
		}
		if s.src[i] == q {
			return i + 1
		}
		i++
	}
	if i > len(s.src) {
		i = len(s.src)
	}
	return i
}

// unescape reads a TOML basic string, quotes included, as the decoder
// does. Go's strconv.Unquote is not the same: TOML has \e, and its \xHH
// is the character U+00HH, not a byte.
func unescape(q string) string {
	q = strings.TrimPrefix(q, `"`)
	q = strings.TrimSuffix(q, `"`)
	if !strings.Contains(q, `\`) {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] != '\\' || i+1 == len(q) {
			b.WriteByte(q[i])
			continue
		}
		i++
		if r, ok := simpleEscapes[q[i]]; ok {
			b.WriteByte(r)
			continue
		}
		digits := 0
		switch q[i] {
		case 'x':
			digits = 2
		case 'u':
			digits = 4
		case 'U':
			digits = 8
		}
		if digits > 0 && i+1+digits <= len(q) {
			if n, err := strconv.ParseUint(q[i+1:i+1+digits], 16, 32); err == nil {
				b.WriteRune(rune(n))
				i += digits
				continue
			}
		}
		// Not an escape the decoder accepts: keep it as written.
		b.WriteByte('\\')
		b.WriteByte(q[i])
	}
	return b.String()
}

var simpleEscapes = map[byte]byte{'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'e': 0x1b, '"': '"', '\\': '\\'}
