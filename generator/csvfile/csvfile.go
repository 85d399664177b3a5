// Package csvfile encodes tables as the CSV files the site publishes:
// UTF-8 with a byte order mark, so that Excel shows Chinese text correctly,
// RFC 4180 quoting and CRLF line ends.
//
// The bytes are those encoding/csv's Writer makes with UseCRLF (the tests
// compare the two on every input the fuzzer finds), but appended to a
// reused buffer and copied out at the right size: a build writes a CSV
// table or two for every report, and growing a bytes.Buffer behind
// csv.Writer was a tenth of all the memory a build allocated.
package csvfile

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// BOM makes spreadsheet programs (Excel above all) read the file as UTF-8.
const BOM = "\ufeff"

// Encode renders the records, the header first if there is one.
func Encode(records [][]string) []byte {
	buf := scratch.Get().(*[]byte)
	b := append((*buf)[:0], BOM...)
	for _, r := range records {
		b = AppendRecord(b, r)
	}
	out := bytes.Clone(b) // of the right size: the site keeps it until written
	if cap(b) <= maxScratch {
		*buf = b
		scratch.Put(buf)
	}
	return out
}

// scratch holds the buffers Encode writes into before it copies the
// result out, so that the buffer grows once per core rather than once
// per file.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// maxScratch bounds the buffers kept: a report's tables are tens of
// kilobytes; a rare huge file is not held on to.
const maxScratch = 4 << 20

// AppendRecord appends one record, with its CRLF line end, to dst.
func AppendRecord(dst []byte, record []string) []byte {
	for i, field := range record {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendField(dst, field)
	}
	return append(dst, "\r\n"...)
}

// AppendField appends one field as AppendRecord writes it, quoted if it
// needs to be, without a separator or line end: for a writer that
// encodes the fields its records repeat once and copies their bytes.
func AppendField(dst []byte, field string) []byte {
	if !needsQuotes(field) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for len(field) > 0 {
		j := strings.IndexAny(field, "\"\r\n")
		if j < 0 {
			dst = append(dst, field...)
			break
		}
		dst = append(dst, field[:j]...)
		switch field[j] {
		case '"':
			dst = append(dst, `""`...)
		case '\n':
			dst = append(dst, "\r\n"...)
		} // a lone '\r' is dropped: every line end is written as CRLF
		field = field[j+1:]
	}
	return append(dst, '"')
}

// needsQuotes reports whether a field is quoted: when it holds a comma,
// a quote or a line break, starts with a space, or is `\.` (which some
// tools read as the end of the data), as RFC 4180 and encoding/csv do.
// It looks at bytes: every field of every table passes here, and
// decoding each one's first character was most of its cost.
func needsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	if hasQuoteByte(field) {
		return true
	}
	c := field[0]
	if c < utf8.RuneSelf {
		return asciiSpace[c]
	}
	// The spaces beyond ASCII (U+0085, U+00A0, U+1680, U+2000–U+200A,
	// U+2028, U+2029, U+202F, U+205F, U+3000) all start with C2, E1, E2
	// or E3 in UTF-8: only those are decoded. Chinese text starts with
	// E4–E9.
	if c != 0xC2 && (c < 0xE1 || c > 0xE3) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// hasQuoteByte reports whether s holds a comma, a quote, CR or LF. It
// looks at eight bytes at a time: those four are the only bytes below
// 0x2D that matter, and a word with no byte below 0x2D (Chinese text,
// digits, letters, '.', '-') has none of them; only a word with one is
// looked at byte by byte. Every field of every CSV passes here: the
// byte loop alone was 1.4 of 104 CPU s of a cold 10k build.
func hasQuoteByte(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// The high bit of a byte is set where it was below 0x2D (and
		// maybe beyond it, by the borrow: checked below either way).
		if (x-0x2D2D2D2D2D2D2D2D)&^x&0x8080808080808080 == 0 {
			continue
		}
		for _, c := range []byte(s[i : i+8]) {
			if quoteByte[c] {
				return true
			}
		}
	}
	for ; i < len(s); i++ {
		if quoteByte[s[i]] {
			return true
		}
	}
	return false
}

// quoteByte marks the bytes that make a field quoted wherever they are.
var quoteByte = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// asciiSpace marks the ASCII characters unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
