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
		if !needsQuotes(field) {
			dst = append(dst, field...)
			continue
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
		dst = append(dst, '"')
	}
	return append(dst, "\r\n"...)
}

// needsQuotes reports whether a field is quoted: when it holds a comma,
// a quote or a line break, starts with a space, or is `\.` (which some
// tools read as the end of the data), as RFC 4180 and encoding/csv do.
func needsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		switch field[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}
