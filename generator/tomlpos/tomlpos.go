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
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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
	src        string
	lineStarts []int // byte offset of each line's start
	entries    map[string]span
}

// span is where one entry stands: byte offsets of its key, of its value,
// and of the end of a scalar's text (0 when there is no scalar text).
type span struct{ key, val, end int }

// Join builds the map key for a path.
func Join(path ...string) string { return strings.Join(path, "\x1f") }

// Lookup returns the entry of a path.
func (ix *Index) Lookup(path ...string) (Entry, bool) {
	if ix == nil {
		return Entry{}, false
	}
	sp, ok := ix.entries[Join(path...)]
	if !ok {
		return Entry{}, false
	}
	return ix.entry(sp), true
}

func (ix *Index) entry(sp span) Entry {
	e := Entry{Key: ix.pos(sp.key), Value: ix.pos(sp.val)}
	if sp.end > sp.val {
		e.Raw = ix.src[sp.val:sp.end]
	}
	return e
}

func (ix *Index) pos(off int) Pos {
	off = min(off, len(ix.src))
	line := sort.Search(len(ix.lineStarts), func(i int) bool { return ix.lineStarts[i] > off })
	start := ix.lineStarts[line-1]
	return Pos{Line: line, Col: utf8.RuneCountInString(ix.src[start:off]) + 1}
}

// Ordered sorts keys (children of path) by where they appear in the
// source, so that tables keep the order a clerk wrote them in.
func (ix *Index) Ordered(path []string, keys []string) {
	off := func(k string) int {
		if ix == nil {
			return 0
		}
		sp, ok := ix.entries[Join(append(append([]string{}, path...), k)...)]
		if !ok {
			return 1 << 30
		}
		return sp.key
	}
	sort.SliceStable(keys, func(i, j int) bool {
		oi, oj := off(keys[i]), off(keys[j])
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
}

// Scan indexes a TOML document.
func Scan(src []byte) *Index {
	text := string(src) // one copy; raw values are slices of it
	ix := &Index{src: text, entries: make(map[string]span, 64), lineStarts: make([]int, 1, 1+strings.Count(text, "\n"))}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ix.lineStarts = append(ix.lineStarts, i+1)
		}
	}
	s := &scanner{src: text, ix: ix, arrays: map[string]int{}}
	s.document()
	return s.ix
}

type scanner struct {
	src    string // keys and raw values are slices of it, not copies
	i      int
	ix     *Index
	arrays map[string]int // resolved path of an array of tables → elements seen
	table  []string       // current table path, resolved
}

func (s *scanner) record(path []string, keyOff, valOff, valEnd int) {
	k := Join(path...)
	if _, dup := s.ix.entries[k]; dup {
		return
	}
	sp := span{key: keyOff, val: valOff}
	if valEnd > valOff && valEnd <= len(s.src) {
		sp.end = valEnd
	}
	s.ix.entries[k] = sp
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
	var resolved []string
	for n, k := range keys {
		resolved = append(resolved, k)
		last := n == len(keys)-1
		count, isArray := s.arrays[Join(resolved...)]
		switch {
		case last && array:
			s.arrays[Join(resolved...)] = count + 1
			resolved = append(resolved, strconv.Itoa(count))
		case isArray && count > 0:
			resolved = append(resolved, strconv.Itoa(count-1))
		}
		if last || !isArray {
			s.record(resolved, start, start, 0)
		}
	}
	s.table = resolved
}

// key reads a possibly dotted key and returns its parts.
func (s *scanner) key() []string {
	var parts []string
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
				if u, err := strconv.Unquote(raw); err == nil {
					raw = u
				} else {
					raw = strings.Trim(raw, `"`)
				}
			} else {
				raw = strings.Trim(raw, "'")
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
	path := append(append([]string{}, table...), keys...)
	s.value(path, keyOff)
}

// value reads one value and records it under path.
func (s *scanner) value(path []string, keyOff int) {
	valOff := s.i
	if s.eof() {
		s.record(path, keyOff, valOff, valOff)
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
			s.value(append(append([]string{}, path...), strconv.Itoa(n)), s.i)
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
		s.record(path, keyOff, valOff, s.i)
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
				i += 3
				// Up to two more quotes belong to the content.
				for n := 0; n < 2 && i < len(s.src) && s.src[i] == q; n++ {
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
