// Package csvfile encodes tables as the CSV files the site publishes:
// UTF-8 with a byte order mark, so that Excel shows Chinese text correctly,
// RFC 4180 quoting and CRLF line ends.
//
// The bytes are those encoding/csv's Writer makes with UseCRLF (the tests
// compare the two on every input the fuzzer finds), but written in one
// buffer of the right size: a build writes a CSV table or two for every
// report, and growing a bytes.Buffer behind csv.Writer was a tenth of
// all the memory a build allocated.
package csvfile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// BOM makes spreadsheet programs (Excel above all) read the file as UTF-8.
const BOM = "\ufeff"

// Encode renders the records, the header first if there is one.
func Encode(records [][]string) []byte {
	n := len(BOM)
	for _, r := range records {
		n += recordLen(r)
	}
	out := make([]byte, 0, n)
	out = append(out, BOM...)
	for _, r := range records {
		out = AppendRecord(out, r)
	}
	return out
}

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

// recordLen is the length AppendRecord gives the record (or more: an
// estimate that never falls short is all Encode needs).
func recordLen(record []string) int {
	n := len(record) + 2 // the commas (one too many) and CRLF
	for _, field := range record {
		n += len(field)
		if needsQuotes(field) {
			n += 2 + strings.Count(field, `"`) + strings.Count(field, "\n")
		}
	}
	return n
}

// needsQuotes reports whether a field is quoted: when it holds a comma,
// a quote or a line break, starts with a space, or is `\.` (which some
// tools read as the end of the data), as RFC 4180 and encoding/csv do.
func needsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}
