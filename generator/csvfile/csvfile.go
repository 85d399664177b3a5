// Package csvfile encodes tables as the CSV files the site publishes:
// UTF-8 with a byte order mark, so that Excel shows Chinese text correctly,
// RFC 4180 quoting and CRLF line ends.
package csvfile

import (
	"bytes"
	"encoding/csv"
)

// BOM makes spreadsheet programs (Excel above all) read the file as UTF-8.
const BOM = "\ufeff"

// Encode renders the records, the header first if there is one.
func Encode(records [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.WriteAll(records) // writes to a bytes.Buffer cannot fail
	return buf.Bytes()
}
